//! Headless game tests: the game's logic plugins under `MinimalPlugins` + `StatesPlugin`, no
//! window. They play a whole mission by sending the same messages the UI sends and check
//! every screen change, the meters, the footprint, the debrief and the save file.
#![cfg(feature = "game")]

mod common;

use agent_trace::core::model::level::Outcome;
use agent_trace::core::play::Action;
use agent_trace::core::play::duel::{Ending, Pool};
use agent_trace::core::play::footprint::Footprint;
use agent_trace::core::play::{Run, debrief};
use agent_trace::game::content::{Content, OpenLevel};
use agent_trace::game::duel::{DuelGame, DuelInput, SetupError, StartDuel};
use agent_trace::game::mission::is_open;
use agent_trace::game::mission::{
    Active, LastDebrief, PrintSheet, Rewind, SheetSaved, StartMission,
};
use agent_trace::game::progress::{self, Notice, Progress};
use agent_trace::game::screens::{Go, Screen};
use bevy::prelude::*;
use common::bots::{first_hidden, team_move};
use common::game::{TestApp, game, game_with, play_carefully};
use common::scratch;
use std::path::PathBuf;

#[test]
fn a_whole_mission_through_every_screen() {
    let dir = scratch("flow");
    let mut app = game(&dir);
    assert_eq!(app.screen(), Screen::Title);
    let content = app.world().resource::<Content>().clone();
    let campaign = common::campaign();
    assert_eq!(content.missions.len(), campaign.levels.len());
    assert_eq!(content.errors(), 0);
    let first = common::campaign_levels()[0].clone();
    let id = first.id.as_str();
    // The same careful play in the core, to compare with what the game shows.
    let mut expected_run = Run::start(first.clone(), Footprint::default()).unwrap();
    let expected_actions = {
        let mut sent = Vec::new();
        while let Some(a) = expected_run.careful_action() {
            sent.push(a.clone());
            expected_run.act(a).unwrap();
        }
        sent
    };
    let expected = debrief::build(&expected_run, campaign.glossary());

    // Only the first mission is open before anything is played: the second cannot start.
    let open = |app: &App, i: usize| {
        let w = app.world();
        is_open(w.resource::<Content>(), w.resource::<Progress>(), i)
    };
    assert!(
        open(&app, 0) && !open(&app, 1),
        "a new pupil starts at mission 1"
    );
    app.send(Go(Screen::Map));
    app.send(StartMission(1));
    assert_eq!(app.screen(), Screen::Map, "mission 2 is locked");

    app.send(Go(Screen::Map));
    assert_eq!(app.screen(), Screen::Map);
    app.send(StartMission(0));
    assert_eq!(app.screen(), Screen::Mission);
    let meters = app.world().resource::<Active>().run.meters;
    assert_eq!((meters.privacy(), meters.mission()), (100, 0));

    let actions = play_carefully(&mut app);
    assert_eq!(app.screen(), Screen::Debrief);
    let last = app.world().resource::<LastDebrief>().clone();
    let d = &last.debrief;
    // Every action sent was taken, and the game's debrief is the core's for that play: the
    // level, the ending, meters, score, stars, each decision, what left, lesson, terms.
    assert_eq!(actions, expected_actions);
    assert_eq!(last.actions, actions);
    assert_eq!(*d, expected);
    assert_eq!(d.level, id);
    assert_eq!(d.outcome, Some(Outcome::Success));
    let decisions = last
        .actions
        .iter()
        .filter(|a| !matches!(a, Action::Continue))
        .count();
    assert_eq!(decisions, d.decisions.len());
    assert_eq!(d.lesson, first.debrief.lesson);
    assert_eq!(
        d.glossary.len(),
        first.debrief.glossary.len(),
        "glossary terms resolved"
    );

    // Progress: stars, and the footprint holds what left, with its mission.
    let progress = app.world().resource::<Progress>().clone();
    assert_eq!(progress.best[id].stars, d.stars);
    assert_eq!(progress.best[id].score, d.score);
    for (data, to) in &d.data_left {
        assert!(
            progress
                .footprint
                .traces
                .iter()
                .any(|t| t.data == *data && t.to.key() == to.key() && t.level == id)
        );
    }
    assert!(
        !progress.footprint.traces.is_empty(),
        "a careful pupil still shares what is needed"
    );

    // The save file holds exactly that progress; the results file one anonymous row.
    let saved = std::fs::read_to_string(dir.join(progress::SAVE_FILE)).unwrap();
    assert_eq!(progress::parse_save(&saved).unwrap(), progress);
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    let (records, bad) = agent_trace::core::play::results::parse_csv(&csv);
    assert!(bad.is_empty());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].level, id);
    assert_eq!(records[0].score, d.score);

    // The dossier, then a rewind of the first decision, compared with the original.
    app.send(Go(Screen::Dossier));
    assert_eq!(app.screen(), Screen::Dossier);
    app.send(Go(Screen::Debrief));
    // Replay the third decision: the two before it are kept, the rest is played again.
    app.send(Rewind(2));
    assert_eq!(app.world().resource::<Active>().run.decisions.len(), 2);
    assert_eq!(app.screen(), Screen::Mission);
    assert!(app.world().resource::<Active>().rewind_of.is_some());
    play_carefully(&mut app);
    assert_eq!(app.screen(), Screen::Debrief);
    let replayed = app.world().resource::<LastDebrief>().clone();
    assert_eq!(replayed.original.as_ref().unwrap().score, d.score);
    // A rewind compares; it does not count as a new result.
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    assert_eq!(agent_trace::core::play::results::parse_csv(&csv).0.len(), 1);

    // The next mission is unlocked (and only it) and its callbacks see the footprint.
    assert!(open(&app, 1), "finishing mission 1 opens mission 2");
    assert!(!open(&app, 2), "mission 3 waits for mission 2");
    app.send(Go(Screen::Map));
    app.send(StartMission(1));
    assert_eq!(app.screen(), Screen::Mission);
    let past = &app.world().resource::<Active>().run.past;
    assert_eq!(past.traces.len(), progress.footprint.traces.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_save_is_set_aside_and_the_game_starts() {
    let dir = scratch("corrupt");
    std::fs::write(
        dir.join(progress::SAVE_FILE),
        "(version: 1, progress: (best: {\"x\": oops",
    )
    .unwrap();
    let app = game(&dir);
    assert_eq!(app.screen(), Screen::Title);
    let notice = app
        .world()
        .resource::<Notice>()
        .0
        .clone()
        .expect("the pupil is told");
    assert!(
        notice
            .get(agent_trace::core::model::text::Lang::Fr)
            .contains("progress.ron.bad-1"),
        "{notice:?}"
    );
    assert!(
        dir.join("progress.ron.bad-1").is_file(),
        "the old save is kept"
    );
    assert_eq!(*app.world().resource::<Progress>(), Progress::default());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_save_from_a_newer_version_is_not_misread() {
    let dir = scratch("newer");
    std::fs::write(
        dir.join(progress::SAVE_FILE),
        "(version: 7, progress: (best: {}))",
    )
    .unwrap();
    let app = game(&dir);
    let notice = app.world().resource::<Notice>().0.clone().unwrap();
    assert!(
        notice
            .get(agent_trace::core::model::text::Lang::En)
            .contains("newer version")
    );
    assert!(dir.join("progress.ron.bad-1").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_levels_stay_out_and_the_others_play() {
    let dir = scratch("broken-levels");
    let levels = dir.join("levels");
    std::fs::create_dir_all(&levels).unwrap();
    std::fs::copy("tests/fixtures/valid-minimal.ron", levels.join("a.ron")).unwrap();
    std::fs::copy(
        "tests/fixtures/broken/dangling-next.ron",
        levels.join("b.ron"),
    )
    .unwrap();
    let mut app = game_with(levels.clone(), None);
    let content = app.world().resource::<Content>().clone();
    assert_eq!(content.missions.len(), 2);
    assert!(content.missions[0].level.is_some());
    assert!(content.missions[1].level.is_none());
    assert!(content.diagnostics().any(|d| d.problem.code() == "E024"));
    // The broken one sends to the diagnostics screen; the good one plays.
    app.send(StartMission(1));
    assert_eq!(app.screen(), Screen::Diagnostics);
    app.send(StartMission(0));
    assert_eq!(app.screen(), Screen::Mission);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The redraw plugin alone, with a system standing for bevy_egui asking for a repaint on
/// every frame.
fn redraw_app(app: &mut App) {
    use agent_trace::game::redraw;
    use bevy::window::{RequestRedraw, WindowEvent};
    app.add_message::<WindowEvent>();
    redraw::plugin(app);
    app.add_systems(
        PostUpdate,
        (|mut w: MessageWriter<RequestRedraw>| {
            w.write(RequestRedraw);
        })
        .in_set(bevy_egui::EguiPostUpdateSet::ProcessOutput),
    );
}

/// A redraw is asked for after this frame.
fn redraw_pending(app: &App) -> bool {
    !app.world()
        .resource::<Messages<bevy::window::RequestRedraw>>()
        .is_empty()
}

/// A screen change with no input behind it (a file dropped on the web page) must still be
/// drawn: egui's redraws are honoured again for a few frames.
#[test]
fn a_screen_change_without_input_is_drawn() {
    use agent_trace::game::redraw::SETTLE_FRAMES;
    use bevy::state::app::StatesPlugin;
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .init_state::<Screen>();
    redraw_app(&mut app);
    let pending = redraw_pending;
    for _ in 0..SETTLE_FRAMES + 3 {
        app.update();
    }
    assert!(!pending(&app), "quiet");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Diagnostics);
    app.update();
    assert!(pending(&app), "the new screen is drawn");
    for _ in 0..SETTLE_FRAMES + 2 {
        app.update();
    }
    assert!(!pending(&app), "and the game sleeps again");
}

#[test]
fn egui_redraw_requests_are_dropped_once_the_game_is_quiet() {
    use agent_trace::game::redraw::{self, KeepAwake, Quiet, SETTLE_FRAMES};
    use bevy::window::WindowEvent;
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    redraw_app(&mut app);
    let pending = redraw_pending;
    // Input: egui may redraw for a few frames to settle…
    app.world_mut()
        .write_message(WindowEvent::WindowResized(bevy::window::WindowResized {
            window: Entity::PLACEHOLDER,
            width: 1280.0,
            height: 720.0,
        }));
    app.update();
    assert!(pending(&app), "redraw right after input");
    for _ in 0..SETTLE_FRAMES + 1 {
        app.update();
    }
    // …then the requests are dropped: the window sleeps until the next input.
    for _ in 0..20 {
        app.update();
        assert!(!pending(&app), "no redraw when quiet");
    }
    assert!(app.world().resource::<Quiet>().frames_since_input > 20);
    // An animation keeps it awake while it says so, and no longer.
    app.world_mut().write_message(redraw::Animating(true));
    app.update();
    assert!(pending(&app));
    assert!(app.world().resource::<KeepAwake>().animating);
    app.update();
    app.update();
    assert!(!app.world().resource::<KeepAwake>().animating);
    assert!(!pending(&app));
}

#[test]
fn hot_reload_takes_edits_and_keeps_the_last_good_version_of_a_broken_file() {
    let dir = scratch("reload");
    let levels = dir.join("levels");
    std::fs::create_dir_all(&levels).unwrap();
    for f in std::fs::read_dir("levels").unwrap().flatten() {
        std::fs::copy(f.path(), levels.join(f.file_name())).unwrap();
    }
    let mut app = game_with(levels.clone(), None);
    let file = levels.join("ch1-concours.ron");
    let original = std::fs::read_to_string(&file).unwrap();
    let title = |app: &App| {
        app.world().resource::<Content>().missions[0]
            .level
            .as_ref()
            .map(|l| {
                l.title
                    .get(agent_trace::core::model::text::Lang::Fr)
                    .to_string()
            })
    };
    let reloaded = |app: &App| {
        app.world()
            .resource::<agent_trace::game::reload::Reloaded>()
            .0
            .clone()
    };
    // The watcher compares modification times, at most twice a second. An edit is written
    // with a modification time of its own (a coarse file system could give two writes in a
    // row the same one), then frames run until the reload is seen: no fixed sleep, and a
    // watcher that misses the edit fails at the deadline, not by luck.
    let mut edits = 0;
    let mut edit = |app: &mut App, text: String| {
        let before = reloaded(app);
        std::fs::write(&file, text).unwrap();
        edits += 1;
        let stamp = std::time::SystemTime::now() + std::time::Duration::from_secs(10 * edits);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while reloaded(app) == before {
            assert!(
                std::time::Instant::now() < deadline,
                "edit {edits} not reloaded within 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
            app.update();
        }
    };
    assert_eq!(title(&app).as_deref(), Some("La console à gagner"));
    assert_eq!(reloaded(&app), None, "nothing reloaded before an edit");

    // An edit is picked up while the game runs.
    edit(
        &mut app,
        original.replace("La console à gagner", "La console (édition)"),
    );
    assert_eq!(title(&app).as_deref(), Some("La console (édition)"));
    assert_eq!(
        reloaded(&app)
            .unwrap()
            .get(agent_trace::core::model::text::Lang::En),
        "Levels reloaded."
    );

    // A broken edit: the last good version stays playable, the error is shown.
    edit(&mut app, original.replace("next: \"", "nxt: \""));
    assert_eq!(title(&app).as_deref(), Some("La console (édition)"));
    let content = app.world().resource::<Content>().clone();
    assert!(content.errors() > 0);
    assert!(
        content
            .diagnostics()
            .any(|d| d.file.ends_with("ch1-concours.ron"))
    );
    let notice = reloaded(&app).unwrap();
    // The missions that cannot be checked without it (those calling back to it) are kept too:
    // every mission still plays, and the notice counts what the checker refuses on disk now.
    assert!(content.missions.iter().all(|m| m.level.is_some()));
    let on_disk = agent_trace::core::check::check_campaign(
        &agent_trace::core::check::Disk,
        &levels.join("campaign.ron").to_string_lossy(),
    );
    let kept = on_disk
        .levels
        .iter()
        .filter(|(_, l)| l.playable().is_none())
        .count();
    assert!(kept >= 1);
    assert_eq!(
        notice.get(agent_trace::core::model::text::Lang::En),
        format!(
            "Levels reloaded: {} error(s), {kept} mission(s) kept in their last good version.",
            content.errors()
        )
    );
    app.send(StartMission(0));
    assert_eq!(app.screen(), Screen::Mission);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_levels_folder_is_reported_not_a_crash() {
    let dir = scratch("no-levels");
    let mut app = game_with(dir.join("nope"), None);
    let content = app.world().resource::<Content>().clone();
    assert!(content.missions.is_empty());
    assert_eq!(content.errors(), 1);
    assert!(
        content
            .diagnostics()
            .next()
            .unwrap()
            .render(None, agent_trace::core::model::text::Lang::En)
            .contains("levels folder not found")
    );
    app.send(StartMission(0));
    assert_eq!(app.screen(), Screen::Diagnostics);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_level_file_opened_by_the_teacher_is_played_or_its_errors_shown() {
    let mut app = game_with(PathBuf::from("levels"), None);
    let campaign = app.world().resource::<Content>().missions.len();
    // Broken: the diagnostics screen, its own errors listed first, nothing playable added.
    let broken = std::fs::read("tests/fixtures/broken/dangling-next.ron").unwrap();
    app.send(OpenLevel {
        name: "cassé.ron".into(),
        bytes: broken,
    });
    assert_eq!(app.screen(), Screen::Diagnostics);
    let content = app.world().resource::<Content>().clone();
    assert_eq!(
        content.diagnostics().next().unwrap().file,
        "ouvert/cassé.ron"
    );
    assert_eq!(content.diagnostics().next().unwrap().problem.code(), "E024");
    assert_eq!(content.missions.len(), campaign + 1);
    assert!(content.missions[campaign].level.is_none());
    // Fixed and opened again: it replaces the broken version and is played at once.
    let valid = std::fs::read("tests/fixtures/valid-minimal.ron").unwrap();
    app.send(OpenLevel {
        name: "cassé.ron".into(),
        bytes: valid.clone(),
    });
    assert_eq!(app.screen(), Screen::Mission);
    let content = app.world().resource::<Content>().clone();
    assert_eq!(content.missions.len(), campaign + 1, "replaced, not added");
    assert!(
        !content.diagnostics().any(|d| d.file == "ouvert/cassé.ron"),
        "the old errors are gone"
    );
    let active = app.world().resource::<Active>();
    assert_eq!(active.index, campaign);
    assert!(content.chapters.last().unwrap().opened);
    // Not a level at all (binary): a located error, no crash.
    app.send(OpenLevel {
        name: "image.png".into(),
        bytes: vec![0x89, b'P', b'N', b'G', 0, 1, 2],
    });
    assert_eq!(app.screen(), Screen::Diagnostics);
    let content = app.world().resource::<Content>();
    assert_eq!(
        content.diagnostics().next().unwrap().file,
        "ouvert/image.png"
    );
    // The campaign itself is untouched.
    assert_eq!(content.missions[0].file, "levels/ch1-concours.ron");
}

#[test]
fn a_whole_duel_with_the_keyboard_messages_records_both_teams() {
    let dir = scratch("duel");
    let mut app = game(&dir);
    app.world_mut()
        .resource_mut::<Progress>()
        .settings
        .class_code = Some("LYNX-42".into());
    app.send(Go(Screen::DuelSetup));
    // Same names (case aside): refused with a message, still on the setup screen.
    app.send(StartDuel {
        team_a: "Les Lynx".into(),
        team_b: "les lynx".into(),
        pool: Pool::All,
    });
    assert_eq!(app.screen(), Screen::DuelSetup);
    assert!(app.world().resource::<SetupError>().0.is_some());
    app.send(StartDuel {
        team_a: "Les Lynx".into(),
        team_b: "Les Hiboux".into(),
        pool: Pool::Chapter(0),
    });
    assert_eq!(app.screen(), Screen::Duel);
    assert!(app.world().resource::<SetupError>().0.is_none());
    let cards = app.world().resource::<DuelGame>().duel.board().len();
    // The board the core deals for that pool and class code, card for card.
    let code = agent_trace::core::play::rng::ClassCode::parse("LYNX-42").unwrap();
    let dealt =
        agent_trace::core::play::duel::deal(&common::playable_levels(), Pool::Chapter(0), &code)
            .unwrap();
    assert_eq!(*app.world().resource::<DuelGame>().duel.board(), dealt);
    assert_eq!(cards, dealt.len());
    // The careful team always takes the better choice, the other always shares everything.
    let careful = app.world().resource::<DuelGame>().duel.turn();
    for n in 0..cards {
        let cell = first_hidden(&app.world().resource::<DuelGame>().duel).unwrap();
        app.send(DuelInput::Reveal(cell));
        let (action, turn) = {
            let d = &app.world().resource::<DuelGame>().duel;
            let run = d.open_run().expect("the card is open");
            (team_move(run, d.turn() == careful), d.turn())
        };
        app.send(DuelInput::Decide(action));
        let game = app.world().resource::<DuelGame>();
        assert_eq!(game.showing, Some(n), "the card's short debrief is shown");
        assert_eq!(game.duel.results()[n].team, turn);
        // Revealing while a result is shown does nothing.
        app.send(DuelInput::Reveal(cell));
        app.send(DuelInput::Continue);
        assert_eq!(app.world().resource::<DuelGame>().showing, None);
    }
    let game = app.world().resource::<DuelGame>();
    assert!(game.duel.is_over());
    assert!(game.recorded);
    assert!(matches!(
        game.duel.ending(),
        Some(Ending::Win { team, .. }) if team == careful
    ));
    // Both teams' records, after nothing else (no mission was played).
    let text = std::fs::read_to_string(dir.join("results.csv")).unwrap();
    let (records, bad) = agent_trace::core::play::results::parse_csv(&text);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(records.len(), 2);
    assert!(
        records
            .iter()
            .all(|r| r.level == "duel" && r.class_code == "LYNX-42")
    );
    let labels: Vec<&str> = records.iter().map(|r| r.label.as_str()).collect();
    assert!(labels.contains(&"Les Lynx") && labels.contains(&"Les Hiboux"));
    assert_eq!(
        records.iter().filter(|r| r.outcome == "win").count(),
        1,
        "{records:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_printable_sheet_of_a_finished_mission_is_saved_beside_the_progress() {
    let dir = scratch("sheet");
    let mut app = game(&dir);
    app.send(StartMission(0));
    play_carefully(&mut app);
    assert_eq!(app.screen(), Screen::Debrief);
    app.send(PrintSheet);
    let path = dir.join("fiche-concours.html");
    let html = std::fs::read_to_string(&path).expect("the sheet is written");
    let debrief = &app.world().resource::<LastDebrief>().debrief;
    // The page is the core's sheet of this very debrief, in the pupil's language (French).
    assert_eq!(
        html,
        agent_trace::core::pages::sheet::run_sheet(
            debrief,
            agent_trace::core::model::text::Lang::Fr
        )
    );
    let score = format!("Score : {}/100", debrief.score);
    assert!(html.contains(&score), "{score}");
    assert!(html.contains(debrief.title.get(agent_trace::core::model::text::Lang::Fr)));
    assert!(!html.contains("<script"));
    let said = app.world().resource::<SheetSaved>().0.clone().unwrap();
    assert!(
        said.get(agent_trace::core::model::text::Lang::Fr)
            .contains("fiche-concours.html")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_class_code_is_set_and_cleared_through_one_message_and_saved() {
    use agent_trace::core::play::rng::ClassCode;
    use agent_trace::game::progress::{SetClassCode, read_class_code};
    let dir = scratch("class-code");
    let mut app = game(&dir);
    let code = read_class_code("  lynx-42 ").unwrap();
    assert_eq!(code, Some(ClassCode::parse("LYNX-42").unwrap()));
    app.send(SetClassCode(code));
    let settings = &app.world().resource::<Progress>().settings;
    assert_eq!(settings.class_code.as_deref(), Some("LYNX-42"));
    let saved = std::fs::read_to_string(dir.join(progress::SAVE_FILE)).unwrap();
    assert!(saved.contains("LYNX-42"), "{saved}");
    assert!(read_class_code("42-LYNX!").is_err());
    app.send(SetClassCode(read_class_code("   ").unwrap()));
    let settings = &app.world().resource::<Progress>().settings;
    assert_eq!(settings.class_code, None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_setting_survives_a_restart() {
    use agent_trace::core::model::text::Lang;
    use agent_trace::game::progress::{ChangeSettings, Settings, TextSize, WindowPlace};
    let dir = scratch("restart");
    let wanted = Settings {
        lang: Lang::En,
        text: TextSize::Projector,
        high_contrast: true,
        dyslexia_font: true,
        hidden_privacy: true,
        volume: agent_trace::game::progress::Volume(30),
        music: 40,
        muted: true,
        read_aloud: true,
        class_code: Some("LYNX-42".into()),
        label: "Les Lynx".into(),
        unlock_all: true,
        fullscreen: true,
        window: Some(WindowPlace {
            width: 1366,
            height: 768,
            x: 40,
            y: 30,
        }),
    };
    assert_ne!(
        wanted,
        Settings::default(),
        "every field differs from its default"
    );
    {
        let mut app = game(&dir);
        app.send(ChangeSettings(wanted.clone()));
        assert_eq!(app.world().resource::<Progress>().settings, wanted);
    }
    // A new app on the same folder, as after closing the game and opening it again.
    let app = game(&dir);
    assert_eq!(app.world().resource::<Progress>().settings, wanted);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_locked_mission_does_not_start_but_the_teacher_can_open_it() {
    use agent_trace::game::mission::{TeacherStart, is_open};
    use agent_trace::game::progress::ChangeSettings;
    let dir = scratch("locked");
    let mut app = game(&dir);
    let content = app.world().resource::<Content>().clone();
    let progress = app.world().resource::<Progress>().clone();
    assert!(is_open(&content, &progress, 0));
    assert!(!is_open(&content, &progress, 3));
    app.send(StartMission(3));
    assert_eq!(app.screen(), Screen::Title);
    assert!(app.world().get_resource::<Active>().is_none());
    app.send(TeacherStart(3));
    assert_eq!(app.screen(), Screen::Mission);
    assert_eq!(app.world().resource::<Active>().index, 3);
    // The teacher's setting opens every mission to the pupils too.
    app.send(Go(Screen::Map));
    let mut settings = progress.settings.clone();
    settings.unlock_all = true;
    app.send(ChangeSettings(settings));
    app.send(StartMission(5));
    assert_eq!(app.world().resource::<Active>().index, 5);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn leaving_an_unfinished_duel_records_nothing_and_forgets_it() {
    let dir = scratch("duel-left");
    let mut app = game(&dir);
    app.send(Go(Screen::DuelSetup));
    app.send(StartDuel {
        team_a: "Les Lynx".into(),
        team_b: "Les Hiboux".into(),
        pool: Pool::Chapter(0),
    });
    assert_eq!(app.screen(), Screen::Duel);
    app.send(DuelInput::Reveal(0));
    let action = {
        let d = &app.world().resource::<DuelGame>().duel;
        d.open_run().unwrap().careful_action().unwrap()
    };
    app.send(DuelInput::Decide(action));
    app.send(DuelInput::Continue);
    assert_eq!(app.world().resource::<DuelGame>().duel.results().len(), 1);
    // "Quitter le duel ?" → Quitter.
    app.send(Go(Screen::Title));
    assert_eq!(app.screen(), Screen::Title);
    assert!(app.world().get_resource::<DuelGame>().is_none());
    assert!(!dir.join(progress::RESULTS_FILE).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn f11_switches_fullscreen_and_the_window_is_remembered_when_it_closes() {
    use agent_trace::game::progress::WindowPlace;
    use bevy::window::{PrimaryWindow, WindowCloseRequested, WindowMode, WindowPosition};
    let dir = scratch("window");
    let mut app = game(&dir);
    agent_trace::game::window::plugin(&mut app);
    app.init_resource::<ButtonInput<KeyCode>>()
        .add_message::<WindowCloseRequested>();
    let window = app
        .world_mut()
        .spawn((
            Window {
                resolution: (1366, 768).into(),
                position: WindowPosition::At(IVec2::new(40, 30)),
                ..default()
            },
            PrimaryWindow,
        ))
        .id();
    app.settle();
    // One press of F11 for one frame (no input plugin clears the key here).
    let f11 = |app: &mut App| {
        app.world_mut()
            .resource_mut::<ButtonInput<KeyCode>>()
            .press(KeyCode::F11);
        app.update();
        let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        keys.release(KeyCode::F11);
        keys.clear();
        app.settle();
    };
    f11(&mut app);
    assert!(app.world().resource::<Progress>().settings.fullscreen);
    let mode = app.world().get::<Window>(window).unwrap().mode;
    assert!(
        matches!(mode, WindowMode::BorderlessFullscreen(_)),
        "{mode:?}"
    );
    // Back to a window, then closing it notes where it was.
    f11(&mut app);
    assert_eq!(
        app.world().get::<Window>(window).unwrap().mode,
        WindowMode::Windowed
    );
    app.send(WindowCloseRequested { window });
    let expected = Some(WindowPlace {
        width: 1366,
        height: 768,
        x: 40,
        y: 30,
    });
    assert_eq!(app.world().resource::<Progress>().settings.window, expected);
    let saved = std::fs::read_to_string(dir.join(progress::SAVE_FILE)).unwrap();
    assert!(saved.contains("1366"), "{saved}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_save_that_is_a_fifo_is_set_aside_without_blocking_and_nothing_is_lost() {
    let dir = scratch("fifo");
    let path = dir.join(progress::SAVE_FILE);
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let app = game(&dir);
    let notice = app.world().resource::<Notice>().0.clone().unwrap();
    assert!(
        notice
            .get(agent_trace::core::model::text::Lang::En)
            .contains("could not be read"),
        "{notice:?}"
    );
    assert!(
        dir.join("progress.ron.bad-1").exists(),
        "the FIFO is set aside"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_display_the_game_says_so_instead_of_a_backtrace() {
    let data = scratch("no-display");
    let (code, _, stderr) = common::agent_trace_env(
        &["--lang", "en"],
        &[
            ("DISPLAY", Some(":999".as_ref())),
            ("WAYLAND_DISPLAY", None),
            ("XDG_DATA_HOME", Some(data.as_os_str())),
        ],
    );
    let _ = std::fs::remove_dir_all(&data);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("could not open its window"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn a_save_that_cannot_be_written_is_said_kept_and_written_later() {
    use agent_trace::game::progress::ChangeSettings;
    use agent_trace::game::saving::SaveTrouble;
    let dir = scratch("blocked");
    // The data folder's place is taken by a file: nothing can be written there.
    let store = dir.join("data");
    std::fs::write(&store, "not a folder").unwrap();
    let mut app = game(&store);
    app.send(StartMission(0));
    play_carefully(&mut app);
    assert_eq!(app.screen(), Screen::Debrief);
    let trouble = app.world().resource::<SaveTrouble>().clone();
    let said = trouble.message.expect("the failure is said");
    assert!(
        said.get(agent_trace::core::model::text::Lang::Fr)
            .contains("Impossible d'enregistrer")
    );
    // The disk is fixed (here: the folder can be made): the next save writes everything.
    std::fs::remove_file(&store).unwrap();
    let mut settings = app.world().resource::<Progress>().settings.clone();
    settings.high_contrast = !settings.high_contrast;
    app.send(ChangeSettings(settings));
    assert!(app.world().resource::<SaveTrouble>().message.is_none());
    let csv = std::fs::read_to_string(store.join(progress::RESULTS_FILE)).unwrap();
    assert_eq!(agent_trace::core::play::results::parse_csv(&csv).0.len(), 1);
    let saved = std::fs::read_to_string(store.join(progress::SAVE_FILE)).unwrap();
    assert!(
        saved.contains("concours"),
        "the mission's stars are saved: {saved}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_windows_on_one_folder_keep_both_players_stars_and_rows() {
    use agent_trace::game::mission::TeacherStart;
    use agent_trace::game::progress::ChangeSettings;
    let dir = scratch("two-windows");
    // Both windows open on the same data folder before either has played.
    let mut first = game(&dir);
    let mut second = game(&dir);
    let ids: Vec<String> = first.world().resource::<Content>().missions[..2]
        .iter()
        .map(|m| m.level.as_ref().unwrap().id.clone())
        .collect();
    first.send(StartMission(0));
    play_carefully(&mut first);
    // The second window never saw that result; it plays the second mission.
    second.send(TeacherStart(1));
    play_carefully(&mut second);
    assert_eq!(second.screen(), Screen::Debrief);
    // Then the first saves again, from its own copy that lacks the second mission.
    let mut settings = first.world().resource::<Progress>().settings.clone();
    settings.high_contrast = true;
    first.send(ChangeSettings(settings));
    let saved = std::fs::read_to_string(dir.join(progress::SAVE_FILE)).unwrap();
    let saved = progress::parse_save(&saved).unwrap();
    for id in &ids {
        assert!(saved.best.contains_key(id), "{id} kept: {:?}", saved.best);
    }
    assert!(saved.settings.high_contrast, "the last window's settings");
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    let (rows, bad) = agent_trace::core::play::results::parse_csv(&csv);
    assert_eq!((rows.len(), bad.len()), (2, 0), "both windows' rows: {csv}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_writers_saving_at_once_keep_every_mission_and_every_row() {
    use agent_trace::game::progress::{Best, PlayedHere};
    use agent_trace::game::saving::Save;
    use agent_trace::game::storage::Store;
    let dir = scratch("two-writers");
    const SAVES: usize = 40;
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    // Two writers (windows) on one folder, each saving its own missions one by one from its
    // own copy, as fast as it can: any interleaving of read, merge, write and append.
    let writer = |name: &'static str| {
        let store = Store::Dir(dir.clone());
        let start = start.clone();
        let store_dir = dir.clone();
        std::thread::spawn(move || {
            start.wait();
            let mut overwritten = Vec::new();
            let mut progress = Progress::default();
            for i in 0..SAVES {
                let level = format!("{name}-{i}");
                progress.best.insert(
                    level.clone(),
                    Best {
                        stars: 1,
                        score: i as i32,
                    },
                );
                let mut rows = vec![format!("{level},,,,Success,{i},1,5\r\n")];
                let save = Save {
                    store: &store,
                    progress: &progress,
                    played_here: &PlayedHere([level].into()),
                    progress_on: true,
                };
                save.now(&mut rows).expect("saved");
                assert!(rows.is_empty());
                // Once saved, a mission stays on disk whatever the other writer does next.
                let disk = std::fs::read_to_string(store_dir.join(progress::SAVE_FILE)).unwrap();
                let disk = progress::parse_save(&disk).unwrap();
                if let Some(gone) =
                    (0..=i).find(|k| !disk.best.contains_key(&format!("{name}-{k}")))
                {
                    overwritten.push(format!("{name}-{gone} after save {i}"));
                }
            }
            overwritten
        })
    };
    let (a, b) = (writer("a"), writer("b"));
    let overwritten: Vec<String> = [a, b].into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(
        overwritten.is_empty(),
        "saved missions overwritten: {overwritten:?}"
    );
    let saved = std::fs::read_to_string(dir.join(progress::SAVE_FILE)).unwrap();
    let saved = progress::parse_save(&saved).unwrap();
    let lost: Vec<String> = ["a", "b"]
        .iter()
        .flat_map(|w| (0..SAVES).map(move |i| format!("{w}-{i}")))
        .filter(|l| !saved.best.contains_key(l))
        .collect();
    assert!(lost.is_empty(), "missions lost: {lost:?}");
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    let (rows, bad) = agent_trace::core::play::results::parse_csv(&csv);
    assert_eq!((rows.len(), bad.len()), (2 * SAVES, 0), "{csv}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_crash_between_the_save_and_the_row_is_repaired_at_the_next_start() {
    use agent_trace::core::play::results::{csv_row, csv_start, parse_csv};
    let dir = scratch("crash-between");
    std::fs::create_dir_all(&dir).unwrap();
    // What a session that stopped after writing its progress left: the stars, and the row in
    // the save but not in results.csv (which holds an older row).
    let mut app = game(&dir);
    app.send(StartMission(0));
    play_carefully(&mut app);
    let played = app.world().resource::<Progress>().clone();
    drop(app);
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    let (rows, _) = parse_csv(&csv);
    let row = csv_row(&rows[0]);
    let older = csv_row(&agent_trace::core::play::results::Record {
        stars: 0,
        ..rows[0].clone()
    });
    std::fs::write(dir.join(progress::RESULTS_FILE), csv_start() + &older).unwrap();
    let save = progress::save_file_text(&played, std::slice::from_ref(&row));
    std::fs::write(dir.join(progress::SAVE_FILE), &save).unwrap();
    // The next start appends the row once and rewrites the save without it.
    let mut again = game(&dir);
    again.update();
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    assert_eq!(
        parse_csv(&csv).0,
        vec![
            agent_trace::core::play::results::Record {
                stars: 0,
                ..rows[0].clone()
            },
            rows[0].clone()
        ]
    );
    let saved = std::fs::read_to_string(dir.join(progress::SAVE_FILE)).unwrap();
    assert_eq!(
        progress::parse_save_file(&saved).unwrap().1,
        Vec::<String>::new()
    );
    assert_eq!(progress::parse_save(&saved).unwrap().best, played.best);
    drop(again);
    // A crash after the append, before the save was rewritten: the row is not added twice.
    std::fs::write(dir.join(progress::SAVE_FILE), &save).unwrap();
    let mut third = game(&dir);
    third.update();
    let csv = std::fs::read_to_string(dir.join(progress::RESULTS_FILE)).unwrap();
    assert_eq!(parse_csv(&csv).0.len(), 2, "{csv}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_merge_keeps_the_best_of_both_and_this_windows_footprint_for_what_it_played() {
    use agent_trace::core::model::data::DataKind;
    use agent_trace::core::model::text::Name;
    use agent_trace::game::progress::{Best, PlayedHere, merge};
    let mut ours = Progress::default();
    ours.best.insert(
        "a".into(),
        Best {
            stars: 1,
            score: 60,
        },
    );
    ours.footprint
        .record(DataKind::Email, &Name::from("Appli"), "a");
    let mut disk = Progress::default();
    disk.best.insert(
        "a".into(),
        Best {
            stars: 3,
            score: 90,
        },
    );
    disk.best.insert(
        "b".into(),
        Best {
            stars: 2,
            score: 70,
        },
    );
    disk.footprint
        .record(DataKind::Phone, &Name::from("Appli"), "a");
    disk.footprint
        .record(DataKind::Address, &Name::from("Jeu"), "b");
    let played = PlayedHere(["a".to_string()].into());
    let merged = merge(&ours, &disk, &played);
    assert_eq!(
        merged.best["a"],
        Best {
            stars: 3,
            score: 90
        }
    );
    assert_eq!(
        merged.best["b"],
        Best {
            stars: 2,
            score: 70
        }
    );
    // Mission a was replayed here: what it shared before (the phone) stays forgotten.
    assert!(!merged.footprint.has_in(DataKind::Phone, "a"));
    assert!(merged.footprint.has_in(DataKind::Email, "a"));
    assert!(merged.footprint.has_in(DataKind::Address, "b"));
}

#[test]
fn a_mission_rings_for_each_decision_and_the_stamp_and_muting_silences_it() {
    use agent_trace::game::progress::ChangeSettings;
    use agent_trace::game::sound::{Cue, Played};
    let dir = scratch("sound");
    let mut app = game(&dir);
    app.send(StartMission(0));
    let actions = play_carefully(&mut app);
    let played = app.world().resource::<Played>().0.clone();
    let decisions = actions
        .iter()
        .filter(|a| !matches!(a, agent_trace::core::play::Action::Continue))
        .count();
    assert_eq!(played.len(), decisions + 1, "{played:?}");
    assert_eq!(played.last(), Some(&Cue::Stamp));
    // The careful player of the first mission gives its needed data once at least.
    assert!(played.contains(&Cue::Share), "{played:?}");
    assert!(
        !played.contains(&Cue::Leak),
        "the careful player leaks nothing: {played:?}"
    );
    // No music by default; the music setting starts it at its volume.
    use agent_trace::game::sound::Music;
    assert_eq!(*app.world().resource::<Music>(), Music(None));
    let mut settings = app.world().resource::<Progress>().settings.clone();
    settings.music = 50;
    app.send(ChangeSettings(settings.clone()));
    assert_eq!(*app.world().resource::<Music>(), Music(Some(0.5)));
    // Muted: no music, and the same mission again makes no sound.
    settings.muted = true;
    app.send(ChangeSettings(settings));
    assert_eq!(*app.world().resource::<Music>(), Music(None));
    app.send(StartMission(0));
    play_carefully(&mut app);
    assert_eq!(app.world().resource::<Played>().0, played);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The teacher's map of the mission: choosing a scene there (the view sends `PreviewAt`)
/// restarts the mission at that scene in the teacher preview and shows it; the map's layout
/// has a box for every scene of a shipped mission.
#[test]
fn choosing_a_scene_on_the_mission_map_previews_it_there() {
    use agent_trace::core::model::text::Lang;
    use agent_trace::core::pages::map_layout;
    use agent_trace::game::mission::{Preview, PreviewAt, TeacherStart};
    let dir = scratch("mission-map");
    let mut app = game(&dir);
    app.send(TeacherStart(1));
    assert_eq!(app.screen(), Screen::Mission);
    app.send(Go(Screen::MissionMap));
    assert_eq!(app.screen(), Screen::MissionMap);
    let level = app.world().resource::<Active>().run.level.clone();
    let map = map_layout::layout(&level, Lang::Fr);
    assert_eq!(map.nodes.len(), level.scenes.len());
    let target = level.scenes.len() - 2;
    assert_ne!(level.scene_index(level.start_id().unwrap()), Some(target));
    app.send(PreviewAt(target));
    assert_eq!(app.screen(), Screen::Mission);
    let active = app.world().resource::<Active>();
    assert_eq!(active.run.scene().id(), level.scenes[target].id());
    assert!(active.run.decisions.is_empty());
    assert!(
        app.world().resource::<Preview>().0,
        "the teacher preview is on"
    );
}

/// The campaign built into the game (played when no `levels/` folder is found) is the
/// shipped one: the same missions, in the same order, without a diagnostic.
#[test]
fn the_built_in_campaign_is_the_shipped_one() {
    let built_in = agent_trace::game::content::bundled();
    let on_disk = agent_trace::game::content::load(std::path::Path::new("levels"));
    let ids = |c: &Content| -> Vec<String> {
        c.missions
            .iter()
            .map(|m| m.level.as_ref().map_or(String::new(), |l| l.id.clone()))
            .collect()
    };
    assert_eq!(ids(&built_in), ids(&on_disk));
    assert_eq!(built_in.missions.len(), common::campaign().levels.len());
    assert_eq!(built_in.errors(), 0);
    assert!(built_in.diagnostics.is_empty());
    assert_eq!(built_in.glossary, on_disk.glossary);
}

/// Read-aloud over a whole mission, with the setting on: each scene the pupil meets is read
/// once as it appears, its situation first (in the game's language) and then its choices
/// numbered in the order shown; L (`ReadAloud`) reads the scene again.
#[test]
fn read_aloud_reads_every_scene_of_a_mission_as_it_appears() {
    use agent_trace::core::model::text::Lang;
    use agent_trace::core::play::speech;
    use agent_trace::game::progress::ChangeSettings;
    use agent_trace::game::speech::{ReadAloud, Spoken};
    let dir = scratch("read-aloud");
    let mut app = game(&dir);
    let mut settings = app.world().resource::<Progress>().settings.clone();
    settings.read_aloud = true;
    app.send(ChangeSettings(settings));
    app.send(StartMission(0));
    // The scenes a careful pupil meets, and what each should sound like.
    let level = common::campaign_levels()[0].clone();
    let mut run = Run::start(level.clone(), Footprint::default()).unwrap();
    let mut expected = Vec::new();
    while run.finished().is_none() {
        let scene = run.scene();
        let len = scene.options().len().max(match scene {
            agent_trace::core::model::level::Scene::Share(f)
            | agent_trace::core::model::level::Scene::Permissions(f) => f.fields.len(),
            agent_trace::core::model::level::Scene::Quiz(q) => q.answers.len(),
            _ => 0,
        });
        let order: Vec<usize> = (0..len).collect();
        expected.push(speech::script(scene, &order, Lang::Fr));
        let action = run.careful_action().unwrap();
        run.act(action).unwrap();
    }
    play_carefully(&mut app);
    let spoken = app.world().resource::<Spoken>().0.clone();
    assert!(expected.len() > 5, "a real mission");
    assert_eq!(&spoken[..expected.len()], &expected[..]);
    // The first scene is read from its own text.
    let first = speech::speakable(match &level.scenes[0] {
        agent_trace::core::model::level::Scene::Story(s) => s.text.get(Lang::Fr),
        other => panic!("mission 1 starts with a story, not {}", other.kind()),
    });
    assert!(spoken[0][0].ends_with(&first), "{:?}", spoken[0]);
    // A choice is read with its numbered options.
    assert!(
        spoken
            .iter()
            .any(|s| s.iter().any(|l| l.starts_with("Choix 2 : "))),
        "{spoken:#?}"
    );
    // Asked again (the L key), the scene is read again.
    let before = app.world().resource::<Spoken>().0.len();
    app.send(ReadAloud);
    assert_eq!(app.world().resource::<Spoken>().0.len(), before + 1);
}
