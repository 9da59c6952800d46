//! Agent Trace: a serious game for 11–15 year olds about which personal data to share.
//!
//! * [`core`]: the model, the checker and the rules, without Bevy (SPEC §8).
//! * [`cli`]: `agent-trace check`, `bench`… — a thin layer over the core.
//! * `game` (feature `game`, on by default): the Bevy + egui game.

pub mod cli;
pub mod core;
#[cfg(feature = "game")]
pub mod game;
