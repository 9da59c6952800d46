//! The Bevy-free heart of Agent Trace, used by the game, the command line and the tests; it
//! never depends on Bevy or egui. Four layers, each in its folder; dependencies point one way:
//!
//! * [`model`]: what a level, a campaign, a piece of data and a score *are*. Uses nothing else.
//! * [`check`]: reading teacher files into the model, with located diagnostics; validation
//!   and path exploration. Uses the model.
//! * [`play`]: the rules of play: a run through a level, the footprint, the debrief, the
//!   class code's draws, the duel, the anonymous results. Uses the model.
//! * [`pages`]: the printable HTML pages (class report, debrief sheets). Uses the model and
//!   what play produces.
//!
//! [`files`] (atomic writes) serves the game and the command line alike and uses nothing.

pub mod check;
pub mod files;
pub mod model;
pub mod pages;
pub mod play;
