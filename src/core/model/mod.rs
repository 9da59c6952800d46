//! The model: levels, campaigns, data kinds, bilingual texts and the score formula, as the
//! level files describe them. It uses nothing else of the core.

pub mod campaign;
pub mod cast;
pub mod data;
pub mod dialect;
pub mod level;
pub mod measure;
pub mod score;
pub mod text;
