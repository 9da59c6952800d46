//! The campaign manifest (`levels/campaign.ron`) and the glossary (`levels/glossary.ron`).
//!
//! The manifest is explicit and ordered because the web build cannot list folders.

use crate::core::model::text::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub format: u32,
    pub title: Text,
    /// The glossary file, relative to the manifest.
    #[serde(default)]
    pub glossary: Option<String>,
    pub chapters: Vec<Chapter>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub title: Text,
    /// Level files, relative to the manifest, in playing order.
    pub levels: Vec<String>,
}

impl Campaign {
    /// Every level file in playing order.
    pub fn level_files(&self) -> impl Iterator<Item = &str> {
        self.chapters
            .iter()
            .flat_map(|c| c.levels.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub format: u32,
    pub terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub term: Text,
    /// A definition an 11-year-old understands.
    pub definition: Text,
}

impl Glossary {
    pub fn get(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }
}
