//! The printable pages: static HTML without JavaScript (class report, debrief sheets). Uses
//! the [`model`](super::model) and what [`play`](super::play) produces (debriefs, results).

pub mod decisions;
pub mod html;
pub mod map;
pub mod map_layout;
pub mod report;
pub mod sheet;
pub mod strings;
