//! The screens, as a Bevy state, and the message that moves between them.

use bevy::prelude::*;

/// Also the names `--screen` accepts (`duel-setup` for `DuelSetup`, `mission-map` for
/// `MissionMap`).
#[derive(States, clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Title,
    Map,
    Mission,
    /// The teacher's map of the open mission: choosing a scene previews it there.
    MissionMap,
    Debrief,
    Dossier,
    Settings,
    /// Broken level files, with the checker's messages.
    Diagnostics,
    /// Duel mode: team names and which cards.
    DuelSetup,
    /// Duel mode: the board, the cards, the debriefs.
    Duel,
}

/// Asks to show another screen.
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Go(pub Screen);

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_message::<Go>()
        .add_systems(Update, go);
}

fn go(mut messages: MessageReader<Go>, mut next: ResMut<NextState<Screen>>) {
    if let Some(Go(screen)) = messages.read().last() {
        next.set(*screen);
    }
}
