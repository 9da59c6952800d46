//! The teacher's checker: reads level files into the [`model`](super::model) with located,
//! bilingual diagnostics, validates them and explores every path. Uses only the model.

// Native only: the web build fetches the campaign, and the .wasm stays small.
#[cfg(not(target_arch = "wasm32"))]
pub mod bundled;
pub mod checker;
pub mod diagnostic;
pub mod explore;
pub mod glyphs;
pub mod judgement;
pub mod load;
pub mod report;
pub mod source;
pub mod spans;
pub mod suggest;
pub mod validate;

pub use checker::{
    CampaignCheck, Checked, Disk, Files, LevelCheck, Memory, check_campaign, check_glossary,
    check_level, closest_level, parse_level, parse_level_text, relative_to, validate_level,
};
