//! Duel mode in the game: two teams, one screen, a board of face-down scenario cards. The
//! rules are the core's (`core::play::duel`); this plugin turns messages into calls on the `Duel`
//! and records both teams' results when the last card is played.

use bevy::platform::time::Instant;
use bevy::prelude::*;
use std::sync::Arc;

use super::Options;
use super::content::Content;
use super::progress::Progress;
use super::screens::{Go, Screen};
use crate::core::model::level::Level;
use crate::core::play::Action;
use crate::core::play::duel::{self, Duel, Pool, Teams};
use crate::core::play::rng::ClassCode;
use tracing::{info, warn};

/// The duel being played.
#[derive(Resource, Debug)]
pub struct DuelGame {
    pub duel: Duel,
    pub started: Instant,
    /// The result just decided, shown until the class goes on (`DuelInput::Continue`).
    pub showing: Option<usize>,
    /// Both teams' records were written.
    pub recorded: bool,
    /// The board's class code was made up because none was set.
    pub generated_code: bool,
}

/// Why the setup screen could not start a duel (team names, pool too small).
#[derive(Resource, Clone, Debug, Default)]
pub struct SetupError(pub Option<crate::core::model::text::Text>);

#[derive(Message, Clone, Debug)]
pub struct StartDuel {
    pub team_a: String,
    pub team_b: String,
    pub pool: Pool,
}

#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub enum DuelInput {
    /// Turn the card of this cell over.
    Reveal(usize),
    /// The team's decision on the open card.
    Decide(Action),
    /// Back to the board after a card's short debrief.
    Continue,
}

pub fn plugin(app: &mut App) {
    app.add_message::<StartDuel>()
        .add_message::<DuelInput>()
        .init_resource::<SetupError>()
        .add_systems(Update, (start_duel, play).chain())
        .add_systems(OnExit(Screen::Duel), forget_duel);
}

/// Leaving the duel's screen ends the duel: a finished one is already recorded, an unfinished
/// one records nothing (and cannot be resumed by mistake with stale teams).
fn forget_duel(mut commands: Commands) {
    commands.remove_resource::<DuelGame>();
}

/// The campaign's playable missions with their chapter (opened files included).
pub fn levels(content: &Content) -> Vec<(usize, Arc<Level>)> {
    content
        .missions
        .iter()
        .filter_map(|m| m.level.clone().map(|l| (m.chapter, l)))
        .collect()
}

fn start_duel(
    mut commands: Commands,
    mut starts: MessageReader<StartDuel>,
    content: Res<Content>,
    progress: Res<Progress>,
    started: Option<Res<super::redraw::Started>>,
    mut error: ResMut<SetupError>,
    mut go: MessageWriter<Go>,
) {
    let Some(start) = starts.read().last().cloned() else {
        return;
    };
    let lang = progress.settings.lang;
    let text = |e: &duel::DuelError| {
        Some(crate::core::model::text::Text::new(
            &e.message(crate::core::model::text::Lang::Fr),
            &e.message(crate::core::model::text::Lang::En),
        ))
    };
    let teams = match Teams::new(&start.team_a, &start.team_b, lang) {
        Ok(t) => t,
        Err(e) => {
            error.0 = text(&e);
            return;
        }
    };
    // The class code fixes the board; without one, a code is made up and shown on screen so
    // the same board can be dealt again.
    let set = progress
        .settings
        .class_code
        .as_deref()
        .and_then(|c| ClassCode::parse(c).ok());
    let generated_code = set.is_none();
    let code = set.unwrap_or_else(|| {
        let entropy = started.map_or(0, |s| s.0.elapsed().as_nanos() as u64);
        ClassCode::generate(entropy)
    });
    match duel::deal(&levels(&content), start.pool, &code) {
        Ok(board) => {
            info!(
                "duel: {} cards dealt with class code {}",
                board.len(),
                code.as_str()
            );
            error.0 = None;
            commands.insert_resource(DuelGame {
                duel: Duel::new(board, teams),
                started: Instant::now(),
                showing: None,
                recorded: false,
                generated_code,
            });
            go.write(Go(Screen::Duel));
        }
        Err(e) => {
            warn!("duel: {e}");
            error.0 = text(&e);
        }
    }
}

fn play(
    mut inputs: MessageReader<DuelInput>,
    game: Option<ResMut<DuelGame>>,
    options: Option<Res<Options>>,
    mut record_result: MessageWriter<super::saving::RecordResult>,
    mut cues: MessageWriter<super::sound::PlayCue>,
) {
    let Some(mut game) = game else {
        inputs.clear();
        return;
    };
    for input in inputs.read() {
        match input {
            DuelInput::Reveal(cell) => {
                if game.showing.is_none()
                    && let Err(e) = game.duel.reveal(*cell)
                {
                    warn!("duel: {e}");
                }
            }
            DuelInput::Decide(action) => match game.duel.decide(action.clone()) {
                Ok(result) => {
                    use super::sound::Cue;
                    let cue = match result.outcome {
                        duel::CardOutcome::Claimed => Cue::CardWon,
                        duel::CardOutcome::Leaked => Cue::CardLeaked,
                        duel::CardOutcome::Lost => Cue::Choice,
                    };
                    cues.write(super::sound::PlayCue(cue));
                    let n = game.duel.results().len() - 1;
                    game.showing = Some(n);
                }
                Err(e) => warn!("duel: {e}"),
            },
            DuelInput::Continue => game.showing = None,
        }
        if game.duel.is_over() && !game.recorded {
            game.recorded = true;
            if options.as_ref().is_none_or(|o| o.store.is_none()) {
                continue;
            }
            for record in duel::records(&game.duel, game.started.elapsed().as_secs()) {
                record_result.write(super::saving::RecordResult(record));
            }
        }
    }
}
