//! The rules of play, the same for the game, the bots in the tests and the duel: a run through
//! a level, the footprint, the debrief, the class code's draws, the anonymous results. Uses
//! only the [`model`](super::model).

pub mod debrief;
pub mod duel;
pub mod duel_text;
pub mod footprint;
pub mod reading;
pub mod results;
pub mod rng;
pub mod run;
pub mod speech;

pub use run::{Action, Decision, PlayError, Run, before_decision};
