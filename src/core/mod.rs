//! The Bevy-free heart of Agent Trace: level model, loading with diagnostics, validation and
//! path exploration, scoring, footprint, debrief, results, seeded randomness, and the
//! printable pages (class report, debrief sheets). Used by the game, the command line and the
//! tests; it must never depend on Bevy or egui.

pub mod campaign;
pub mod check;
pub mod data;
pub mod debrief;
pub mod diagnostic;
pub mod duel;
pub mod explore;
pub mod footprint;
pub mod html;
pub mod level;
pub mod load;
pub mod play;
pub mod report;
pub mod results;
pub mod rng;
pub mod score;
pub mod sheet;
pub mod source;
pub mod spans;
pub mod suggest;
pub mod text;
pub mod validate;
