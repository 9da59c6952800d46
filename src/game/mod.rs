//! The Bevy game. One plugin per area; screens are states; the egui views only read state and
//! send messages, so everything but drawing runs headless in tests (`logic_plugins`).

pub mod content;
pub mod duel;
pub mod launch;
pub mod mission;
pub mod progress;
pub mod redraw;
pub mod reload;
pub mod saving;
pub mod screens;
pub mod sound;
pub mod speech;
pub mod storage;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(not(target_arch = "wasm32"))]
pub mod window;

use crate::core::model::text::Lang;
use bevy::prelude::*;
use bevy::winit::WinitSettings;
use std::path::PathBuf;

/// What the command line asked for.
#[derive(Resource, Clone, Debug, Default)]
pub struct Options {
    pub levels: Option<PathBuf>,
    /// Where progress, settings and results are saved (`None`: not saved, as in tests).
    pub store: Option<storage::Store>,
}

/// Everything except drawing: content, screens, missions, progress, hot reload. Used as is by the
/// headless tests.
pub fn logic_plugins(app: &mut App) {
    app.add_plugins((
        screens::plugin,
        content::plugin,
        progress::plugin,
        sound::plugin,
        speech::plugin,
        mission::plugin,
        duel::plugin,
    ));
    // The web has no files to watch: levels come over HTTP.
    #[cfg(not(target_arch = "wasm32"))]
    app.add_plugins(reload::plugin);
}

/// Opens the game's window: the missions of `levels` (default: `levels/`), in `lang` if given
/// (else the saved language), starting as `launch` asks.
pub fn run(launch: launch::Launch, levels: Option<PathBuf>, lang: Option<Lang>) {
    let started = redraw::Started(bevy::platform::time::Instant::now());
    #[cfg(not(target_arch = "wasm32"))]
    explain_missing_display(lang.unwrap_or_default());
    // A screenshot run must not touch the player's saved progress.
    let store = match launch.screenshot {
        Some(_) => None,
        None => storage::default_store(),
    };
    let options = Options { levels, store };
    let mut app = App::new();
    let plugins = DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Agent Trace".into(),
            resolution: launch.size.unwrap_or((1280, 720)).into(),
            // The web page's canvas, filling the page.
            canvas: cfg!(target_arch = "wasm32").then(|| "#agent-trace".into()),
            fit_canvas_to_parent: true,
            ..default()
        }),
        ..default()
    });
    #[cfg(not(target_arch = "wasm32"))]
    let plugins = plugins.set(bevy::log::LogPlugin {
        filter: "warn,agent_trace=info".into(),
        ..default()
    });
    #[cfg(target_arch = "wasm32")]
    web::log_to_console();
    app.add_plugins(plugins)
        // Redraw only on input (and while an animation asks for it): a classroom laptop must idle.
        .insert_resource(WinitSettings::desktop_app())
        .insert_resource(options)
        .insert_resource(started)
        .insert_resource(progress::Overrides {
            lang,
            text: launch.text_size,
        })
        .insert_resource(launch);
    logic_plugins(&mut app);
    app.add_plugins((ui::plugin, redraw::plugin, launch::plugin));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_plugins(window::plugin);
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web::plugin);
    if let AppExit::Error(code) = app.run() {
        std::process::exit(i32::from(code.get()));
    }
}

/// When no window can be opened (no X server or Wayland compositor reachable: a remote shell,
/// a wrong `DISPLAY`), winit panics with a backtrace; say instead what happened and what still
/// works, and exit with an error.
#[cfg(not(target_arch = "wasm32"))]
fn explain_missing_display(lang: Lang) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if !message.contains("Failed to build event loop") {
            return default(info);
        }
        let display = std::env::var("DISPLAY").unwrap_or_default();
        eprintln!(
            "{}\n({message})",
            lang.pick(
                format!(
                    "Le jeu n'a pas pu ouvrir sa fenêtre : aucun écran graphique n'est accessible \
                     (DISPLAY={display:?}). Lancez-le depuis le bureau de l'ordinateur. Les \
                     commandes `agent-trace check`, `report` et `debrief` marchent sans écran."
                ),
                format!(
                    "The game could not open its window: no graphical display can be reached \
                     (DISPLAY={display:?}). Start it from the computer's desktop. The \
                     `agent-trace check`, `report` and `debrief` commands work without one."
                ),
            )
        );
        std::process::exit(1);
    }));
}
