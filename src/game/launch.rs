//! What the command line asks for at start: a mission (`--level`), a scene for the teacher
//! preview (`--scene`), a class code (`--seed`), a screen (`--screen`), and a screenshot of it
//! (`--screenshot PATH`, then exit) for tests and documentation.

use bevy::app::AppExit;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::path::PathBuf;
use std::sync::Arc;

use super::content::Content;
use super::duel::{DuelGame, DuelInput, StartDuel};
use super::mission::{Act, Active, Preview, TeacherStart};
use super::progress::{SetClassCode, TextSize};
use super::redraw::KeepAwake;
use super::screens::{Go, Screen};
use crate::core::play::Run;
use crate::core::play::rng::ClassCode;
use tracing::{error, info, warn};

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
    /// With `--screen duel`: after the five scripted cards, turn the next one over and show it.
    #[arg(long)]
    pub open_card: bool,
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
    app.add_systems(Update, drive.after(super::mission::MissionSet));
}

/// What the scripted start reads and writes.
#[derive(SystemParam)]
struct Script<'w, 's> {
    commands: Commands<'w, 's>,
    content: Res<'w, Content>,
    active: Option<ResMut<'w, Active>>,
    screen: Res<'w, State<Screen>>,
    preview: ResMut<'w, Preview>,
    awake: ResMut<'w, KeepAwake>,
    set_code: MessageWriter<'w, SetClassCode>,
    start: MessageWriter<'w, TeacherStart>,
    act: MessageWriter<'w, Act>,
    go: MessageWriter<'w, Go>,
    exit: MessageWriter<'w, AppExit>,
    start_duel: MessageWriter<'w, StartDuel>,
    duel_input: MessageWriter<'w, DuelInput>,
    duel: Option<Res<'w, DuelGame>>,
    audit: Option<Res<'w, AuditReport>>,
}

impl Script<'_, '_> {
    /// Logs the error, asks to exit with an error code, and ends the script. In a browser a
    /// bad address (`?level=…`) must not stop the game: it is said in the console, and the
    /// title stays.
    fn fail(&mut self, message: &str) -> Phase {
        if cfg!(target_arch = "wasm32") {
            warn!("{message}");
            self.awake.scripted = false;
            return Phase::Done;
        }
        // Said plainly on stderr as well: a teacher reads it in the terminal, not in a log.
        error!("{message}");
        eprintln!("{message}");
        self.exit.write(AppExit::error());
        Phase::Done
    }
}

/// `--scene` names no scene of the mission: say so in both languages (the game's language
/// is not known yet), with the closest id and the list to pick from.
fn unknown_scene_message(level: &crate::core::model::level::Level, wrong: &str) -> String {
    let ids: Vec<&str> = level.scenes.iter().map(|s| s.id()).collect();
    let hint = crate::core::check::closest_level(wrong, ids.iter().copied());
    unknown_message("--scene", "scene", wrong, hint, &ids)
}

fn unknown_message(
    option: &str,
    what: &str,
    wrong: &str,
    hint: Option<String>,
    ids: &[&str],
) -> String {
    let (fr_what, en_what) = match what {
        "scene" => ("la scène", "scene"),
        _ => ("la mission jouable", "playable mission"),
    };
    let fr_hint = hint
        .as_ref()
        .map(|h| format!(" Vouliez-vous dire `{h}` ?"))
        .unwrap_or_default();
    let en_hint = hint
        .as_ref()
        .map(|h| format!(" Did you mean `{h}`?"))
        .unwrap_or_default();
    let list = ids.join(", ");
    format!(
        "{option} : {fr_what} `{wrong}` n'existe pas.{fr_hint} Possibles : {list}\n\
         {option}: no {en_what} `{wrong}`.{en_hint} Possible: {list}"
    )
}

/// One step of the scripted start per frame, until the screen is shown (and captured).
fn drive(launch: Option<Res<Launch>>, mut phase: Local<Phase>, script: Option<Script>) {
    let (Some(launch), Some(mut s)) = (launch, script) else {
        return;
    };
    *phase = match *phase {
        Phase::Start => start(&launch, &mut s),
        Phase::Playing => playing(&launch, &mut s),
        Phase::Dueling(n) => dueling(n, &launch, &mut s),
        Phase::Showing(n) => showing(n, &launch, &mut s),
        Phase::Capturing(n) => capturing(n, &launch, &mut s),
        Phase::Auditing(n) => auditing(n, &mut s),
        Phase::Done => Phase::Done,
    };
}

/// The class code, then a duel, a mission or a screen.
fn start(launch: &Launch, s: &mut Script) -> Phase {
    // In a browser the campaign is still being fetched: wait for it (awake only when there
    // is a mission or a screen to open: frames cost the software renderer's time).
    if s.content.loading {
        s.awake.scripted = launch.level.is_some() || launch.screen.is_some();
        return Phase::Start;
    }
    // Screenshots need frames without input: stay awake until done.
    s.awake.scripted = launch.screenshot.is_some();
    if let Some(code) = &launch.seed {
        match ClassCode::parse(code) {
            Ok(c) => {
                s.set_code.write(SetClassCode(Some(c)));
            }
            Err(e) => return s.fail(&format!("--seed: {e}")),
        }
    }
    let wanted = launch.screen;
    let needs_mission = launch.level.is_some()
        || matches!(
            wanted,
            Some(Screen::Mission | Screen::MissionMap | Screen::Debrief | Screen::Dossier)
        );
    if wanted == Some(Screen::Duel) {
        s.start_duel.write(StartDuel {
            team_a: String::new(),
            team_b: String::new(),
            pool: crate::core::play::duel::Pool::All,
        });
        return Phase::Dueling(0);
    }
    if !needs_mission {
        if let Some(screen) = wanted {
            s.go.write(Go(screen));
        }
        return Phase::Showing(0);
    }
    let index = match &launch.level {
        Some(id) => match s.content.find(id) {
            Some(i) => i,
            None => {
                let ids = s
                    .content
                    .missions
                    .iter()
                    .filter_map(|m| m.level.as_ref())
                    .map(|l| l.id.as_str());
                let ids: Vec<&str> = ids.collect();
                let hint = crate::core::check::closest_level(id, ids.iter().copied());
                return s.fail(&unknown_message("--level", "mission", id, hint, &ids));
            }
        },
        None => 0,
    };
    s.start.write(TeacherStart(index));
    Phase::Playing
}

/// The mission is open: jump to `--scene`, or play it the careful way to its debrief.
fn playing(launch: &Launch, s: &mut Script) -> Phase {
    let screen = **s.screen;
    let Some(active) = s.active.as_mut() else {
        return Phase::Playing;
    };
    // Wait for the mission screen to be shown (or the debrief, once played).
    if !matches!(screen, Screen::Mission | Screen::Debrief) {
        return Phase::Playing;
    }
    if let Some(scene) = &launch.scene
        && active.run.decisions.is_empty()
        && !s.preview.0
    {
        let level = Arc::clone(&active.run.level);
        match Run::start_at(level, active.run.past.clone(), scene) {
            Ok(run) => {
                active.run = run;
                s.preview.0 = true;
            }
            Err(_) => {
                let message = unknown_scene_message(&active.run.level, scene);
                return s.fail(&message);
            }
        }
    }
    let wanted = launch.screen;
    let finish_first = matches!(wanted, Some(Screen::Debrief | Screen::Dossier));
    if finish_first && screen == Screen::Mission {
        if let Some(a) = active.run.careful_action() {
            s.act.write(Act(a));
        }
        return Phase::Playing;
    }
    if let Some(wanted) = wanted
        && screen != wanted
    {
        s.go.write(Go(wanted));
    }
    Phase::Showing(0)
}

/// `--screen duel`: five cards, team A careful and team B careless, so the board shows
/// claimed, leaked and lost cells.
fn dueling(n: u32, launch: &Launch, s: &mut Script) -> Phase {
    let Some(game) = s.duel.as_ref() else {
        return Phase::Dueling(n);
    };
    let d = &game.duel;
    if game.showing.is_some() {
        // Each card's short debrief, then back to the board.
        s.duel_input.write(DuelInput::Continue);
        return Phase::Dueling(n);
    }
    let hidden = crate::core::play::duel::CellState::Hidden;
    let next_hidden = (0..d.board().len()).find(|&c| d.cell(c) == Some(hidden));
    if n >= 5 {
        // `--open-card`: the board with the next card turned over.
        if launch.open_card
            && d.open_run().is_none()
            && let Some(cell) = next_hidden
        {
            s.duel_input.write(DuelInput::Reveal(cell));
            return Phase::Dueling(n);
        }
        return Phase::Showing(0);
    }
    if d.results().len() as u32 != n {
        return Phase::Dueling(n);
    }
    match d.open_run() {
        None => {
            if let Some(cell) = next_hidden {
                s.duel_input.write(DuelInput::Reveal(cell));
            }
            Phase::Dueling(n)
        }
        Some(run) => {
            let action = if n.is_multiple_of(2) {
                run.careful_action()
            } else {
                run.careless_action()
            };
            match action {
                Some(a) => {
                    s.duel_input.write(DuelInput::Decide(a));
                    Phase::Dueling(n + 1)
                }
                None => Phase::Dueling(n),
            }
        }
    }
}

/// The screen is shown: with `--screenshot`, capture it once egui has laid it out.
fn showing(n: u32, launch: &Launch, s: &mut Script) -> Phase {
    let Some(path) = &launch.screenshot else {
        s.awake.scripted = false;
        return Phase::Done;
    };
    // Let egui lay out and the renderer warm up before capturing, and let an animation (the
    // debrief's stamp and stars) come to rest: the picture shows the screen as it stays.
    if n < 10 || (s.awake.animating && n < 600) {
        return Phase::Showing(n + 1);
    }
    let _ = std::fs::remove_file(path);
    s.commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path.clone()));
    Phase::Capturing(0)
}

/// Waits for the PNG, then exits (or audits the layout first).
fn capturing(n: u32, launch: &Launch, s: &mut Script) -> Phase {
    let path = launch.screenshot.as_ref().expect("capturing a screenshot");
    let written = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    if written && n > 3 {
        info!("screenshot saved to {}", path.display());
        if launch.audit {
            s.commands.insert_resource(AuditReport(None));
            return Phase::Auditing(0);
        }
        s.exit.write(AppExit::Success);
        return Phase::Done;
    }
    if n > 600 {
        return s.fail("screenshot not written after 600 frames");
    }
    Phase::Capturing(n + 1)
}

/// Waits for the layout audit's report; its problems fail the run.
fn auditing(n: u32, s: &mut Script) -> Phase {
    let Some(problems) = s.audit.as_ref().and_then(|a| a.0.clone()) else {
        if n > 20_000 {
            return s.fail("audit: not finished after 20000 frames");
        }
        return Phase::Auditing(n + 1);
    };
    for p in &problems {
        error!("audit: {p}");
    }
    info!("audit: {} problem(s)", problems.len());
    s.exit.write(if problems.is_empty() {
        AppExit::Success
    } else {
        AppExit::error()
    });
    Phase::Done
}
