//! Agent Trace: a serious game for 11–15 year olds about which personal data to share.
//!
//! * [`core`]: the model, the checker and the rules, without Bevy (SPEC §8).
//! * [`cli`]: `agent-trace check`, `bench`… — a thin layer over the core.
//! * `game` (feature `game`, on by default): the Bevy + egui game.

// Reading and parsing errors carry a whole located `Problem`; they happen once per bad
// file, never in a hot loop, so their size does not matter and boxing would only add noise.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod core;
#[cfg(feature = "game")]
pub mod game;
