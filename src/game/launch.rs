//! What the command line asks for at start: a mission (`--level`), a scene for the teacher
//! preview (`--scene`), a class code (`--seed`), a screen (`--screen`), and a screenshot of it
//! (`--screenshot PATH`, then exit) for tests and documentation.

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::path::PathBuf;
use std::sync::Arc;

use super::content::Content;
use super::duel::{DuelGame, DuelInput, StartDuel};
use super::mission::{Act, Active, TeacherStart};
use super::progress::{SetClassCode, TextSize};
use super::redraw::KeepAwake;
use super::screens::{Go, Screen};
use crate::core::play::Run;
use crate::core::play::rng::ClassCode;

/// The game's own command-line options (the command line flattens them into its own).
#[derive(Resource, clap::Args, Clone, Debug, Default)]
pub struct Launch {
    /// Open this mission directly (its id, e.g. `concours`).
    #[arg(long)]
    pub level: Option<String>,
    /// Teacher preview: open the mission at this scene, with every option's effects shown.
    #[arg(long, requires = "level")]
    pub scene: Option<String>,
    /// Class code fixing every random draw, e.g. LYNX-42.
    #[arg(long)]
    pub seed: Option<String>,
    /// Show this screen; with debrief or dossier the mission is first played the careful way,
    /// with duel five cards are played by two scripted teams.
    #[arg(long, value_enum)]
    pub screen: Option<Screen>,
    /// Render the chosen screen, save it as a PNG here, and exit.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// The window's size in pixels, e.g. 1920x1080 (default 1280x720).
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// The text size for this run, over the saved setting (the screenshot test renders each).
    #[arg(long, value_enum)]
    pub text_size: Option<TextSize>,
    /// With --screenshot: check the layout first (nothing sticks out sideways, every widget
    /// comes into view when focused); the problems are logged and the run fails.
    #[arg(long, requires = "screenshot")]
    pub audit: bool,
}

/// What the layout audit (`--audit`, drawn by the views) found; `None` until it is done.
#[derive(Resource, Debug, Default)]
pub struct AuditReport(pub Option<Vec<String>>);

/// `1920x1080` → (1920, 1080).
fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{s}`: write the size as WIDTHxHEIGHT, e.g. 1920x1080");
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let (w, h) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if !(320..=8192).contains(&w) || !(240..=8192).contains(&h) {
        return Err(format!("`{s}`: from 320x240 to 8192x8192"));
    }
    Ok((w, h))
}

/// The teacher preview is on: option effects are shown.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Preview(pub bool);

#[derive(Default, Debug, PartialEq, Eq)]
enum Phase {
    #[default]
    Start,
    Playing,
    /// `--screen duel`: cards played so far by the scripted teams.
    Dueling(u32),
    Showing(u32),
    Capturing(u32),
    /// `--audit`: the views walk the focus through every widget (frames waited).
    Auditing(u32),
    Done,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Preview>()
        .add_systems(Update, drive.after(super::mission::MissionSet));
}

#[allow(clippy::too_many_arguments)]
fn drive(
    mut commands: Commands,
    launch: Option<Res<Launch>>,
    mut phase: Local<Phase>,
    content: Option<Res<Content>>,
    mut set_code: MessageWriter<SetClassCode>,
    mut active: Option<ResMut<Active>>,
    screen: Res<State<Screen>>,
    mut preview: ResMut<Preview>,
    mut awake: ResMut<KeepAwake>,
    mut start: MessageWriter<TeacherStart>,
    mut act: MessageWriter<Act>,
    mut go: MessageWriter<Go>,
    mut exit: MessageWriter<AppExit>,
    (mut start_duel, mut duel_input, duel, audit): (
        MessageWriter<StartDuel>,
        MessageWriter<DuelInput>,
        Option<Res<DuelGame>>,
        Option<Res<AuditReport>>,
    ),
) {
    let (Some(launch), Some(content)) = (launch, content) else {
        return;
    };
    let wanted = launch.screen;
    match *phase {
        Phase::Start => {
            // Screenshots need frames without input: stay awake until done.
            awake.scripted = launch.screenshot.is_some();
            if let Some(code) = &launch.seed {
                match ClassCode::parse(code) {
                    Ok(c) => {
                        set_code.write(SetClassCode(Some(c)));
                    }
                    Err(e) => {
                        error!("--seed: {e}");
                        exit.write(AppExit::error());
                        *phase = Phase::Done;
                        return;
                    }
                }
            }
            let needs_mission = launch.level.is_some()
                || matches!(
                    wanted,
                    Some(Screen::Mission | Screen::Debrief | Screen::Dossier)
                );
            if wanted == Some(Screen::Duel) {
                start_duel.write(StartDuel {
                    team_a: String::new(),
                    team_b: String::new(),
                    pool: crate::core::play::duel::Pool::All,
                });
                *phase = Phase::Dueling(0);
            } else if needs_mission {
                let index = match &launch.level {
                    Some(id) => match content.find(id) {
                        Some(i) => i,
                        None => {
                            let ids = content
                                .missions
                                .iter()
                                .filter_map(|m| m.level.as_ref())
                                .map(|l| l.id.as_str());
                            let hint = crate::core::check::closest_level(id, ids)
                                .map(|s| format!(" (did you mean `{s}`?)"))
                                .unwrap_or_default();
                            error!("--level: no playable mission `{id}`{hint}");
                            exit.write(AppExit::error());
                            *phase = Phase::Done;
                            return;
                        }
                    },
                    None => 0,
                };
                start.write(TeacherStart(index));
                *phase = Phase::Playing;
            } else {
                if let Some(s) = wanted {
                    go.write(Go(s));
                }
                *phase = Phase::Showing(0);
            }
        }
        Phase::Playing => {
            let Some(active) = active.as_mut() else {
                return;
            };
            // Wait for the mission screen to be shown (or the debrief, once played).
            if !matches!(**screen, Screen::Mission | Screen::Debrief) {
                return;
            }
            if let Some(scene) = &launch.scene
                && active.run.decisions.is_empty()
                && !preview.0
            {
                match Run::start_at(
                    Arc::clone(&active.run.level),
                    active.run.past.clone(),
                    scene,
                ) {
                    Ok(run) => {
                        active.run = run;
                        preview.0 = true;
                    }
                    Err(e) => {
                        error!("--scene: {e}");
                        exit.write(AppExit::error());
                        *phase = Phase::Done;
                        return;
                    }
                }
            }
            let finish_first = matches!(wanted, Some(Screen::Debrief | Screen::Dossier));
            if finish_first && **screen == Screen::Mission {
                if let Some(a) = active.run.careful_action() {
                    act.write(Act(a));
                }
                return;
            }
            if let Some(s) = wanted
                && **screen != s
            {
                go.write(Go(s));
            }
            *phase = Phase::Showing(0);
        }
        Phase::Dueling(n) => {
            // Five cards: team A plays carefully, team B carelessly, so the board shows
            // claimed, leaked and lost cells.
            let Some(game) = duel else { return };
            let d = &game.duel;
            if game.showing.is_some() {
                // Each card's short debrief, then back to the board.
                duel_input.write(DuelInput::Continue);
                return;
            }
            if d.results().len() as u32 != n || n >= 5 {
                if n >= 5 {
                    *phase = Phase::Showing(0);
                }
                return;
            }
            match d.open_run() {
                None => {
                    if let Some(cell) = (0..d.board().len())
                        .find(|&c| d.cell(c) == Some(crate::core::play::duel::CellState::Hidden))
                    {
                        duel_input.write(DuelInput::Reveal(cell));
                    }
                }
                Some(run) => {
                    let action = if n % 2 == 0 {
                        run.careful_action()
                    } else {
                        run.careless_action()
                    };
                    if let Some(a) = action {
                        duel_input.write(DuelInput::Decide(a));
                        *phase = Phase::Dueling(n + 1);
                    }
                }
            }
        }
        Phase::Showing(n) => {
            let Some(path) = &launch.screenshot else {
                awake.scripted = false;
                *phase = Phase::Done;
                return;
            };
            // Let egui lay out and the renderer warm up before capturing.
            if n < 10 {
                *phase = Phase::Showing(n + 1);
                return;
            }
            let _ = std::fs::remove_file(path);
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path.clone()));
            *phase = Phase::Capturing(0);
        }
        Phase::Capturing(n) => {
            let path = launch.screenshot.as_ref().expect("capturing a screenshot");
            let written = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
            if written && n > 3 {
                info!("screenshot saved to {}", path.display());
                if launch.audit {
                    commands.insert_resource(AuditReport(None));
                    *phase = Phase::Auditing(0);
                } else {
                    exit.write(AppExit::Success);
                    *phase = Phase::Done;
                }
            } else if n > 600 {
                error!("screenshot not written after 600 frames");
                exit.write(AppExit::error());
                *phase = Phase::Done;
            } else {
                *phase = Phase::Capturing(n + 1);
            }
        }
        Phase::Auditing(n) => match audit.as_ref().and_then(|a| a.0.as_ref()) {
            Some(problems) => {
                for p in problems {
                    error!("audit: {p}");
                }
                info!("audit: {} problem(s)", problems.len());
                exit.write(if problems.is_empty() {
                    AppExit::Success
                } else {
                    AppExit::error()
                });
                *phase = Phase::Done;
            }
            None if n > 20_000 => {
                error!("audit: not finished after 20000 frames");
                exit.write(AppExit::error());
                *phase = Phase::Done;
            }
            None => *phase = Phase::Auditing(n + 1),
        },
        Phase::Done => {}
    }
}
