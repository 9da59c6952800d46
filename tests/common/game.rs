//! A headless game for tests: the game's logic plugins under `MinimalPlugins` +
//! `StatesPlugin`, no window, and helper methods on `App` (in the spirit of
//! YarnSpinner-Rust's headless tests).

use agent_trace::core::play::Action;
use agent_trace::game::mission::{Act, Active};
use agent_trace::game::screens::Screen;
use agent_trace::game::storage::Store;
use agent_trace::game::{Options, logic_plugins};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use std::path::PathBuf;

/// Test helpers on `App`.
pub trait TestApp {
    fn send<M: Message>(&mut self, m: M);
    fn screen(&self) -> Screen;
    fn settle(&mut self);
}

impl TestApp for App {
    fn send<M: Message>(&mut self, m: M) {
        self.world_mut().write_message(m);
        self.settle();
    }
    fn screen(&self) -> Screen {
        *self.world().resource::<State<Screen>>().get()
    }
    /// A few frames: the message is read, then the state transition applies.
    fn settle(&mut self) {
        for _ in 0..3 {
            self.update();
        }
    }
}

pub fn game(save_dir: &std::path::Path) -> App {
    game_with(PathBuf::from("levels"), Some(save_dir.to_path_buf()))
}

/// The game's logic on a levels folder, without a window.
pub fn game_with(levels: PathBuf, save_dir: Option<PathBuf>) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(Options {
            levels: Some(levels),
            store: save_dir.map(Store::Dir),
        });
    logic_plugins(&mut app);
    app.settle();
    app
}

/// Plays the current mission to its end the careful way: the better option, only the needed
/// fields, the right answers. Returns the actions sent.
pub fn play_carefully(app: &mut App) -> Vec<Action> {
    let mut sent = Vec::new();
    for _ in 0..200 {
        if app.screen() != Screen::Mission {
            break;
        }
        let Some(action) = app.world().resource::<Active>().run.careful_action() else {
            break;
        };
        sent.push(action.clone());
        app.send(Act(action));
    }
    sent
}
