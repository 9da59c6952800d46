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

    /// The game's own glossary (`levels/glossary.ron`, compiled in): every level can name
    /// its terms, wherever it is checked or played from. A folder's `glossary.ron` adds to
    /// it (and may redefine a term).
    pub fn bundled() -> &'static Glossary {
        static BUNDLED: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            crate::core::model::dialect::ron_options()
                .from_str(BUNDLED_TEXT)
                .expect("levels/glossary.ron parses (checked by `check levels/` and the tests)")
        })
    }

    /// The term `id` in a folder's own glossary, else in the bundled one.
    pub fn lookup<'a>(own: Option<&'a Glossary>, id: &str) -> Option<&'a Term> {
        own.and_then(|g| g.get(id))
            .or_else(|| Glossary::bundled().get(id))
    }

    /// Every term id a level may name: the folder's own, then the bundled ones.
    pub fn known_ids(own: Option<&Glossary>) -> impl Iterator<Item = &str> {
        own.into_iter()
            .flat_map(|g| g.terms.iter())
            .chain(Glossary::bundled().terms.iter())
            .map(|t| t.id.as_str())
    }
}

const BUNDLED_TEXT: &str = include_str!("../../../levels/glossary.ron");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_glossary_is_the_shipped_file() {
        let g = Glossary::bundled();
        assert!(g.get("donnee-personnelle").is_some());
        let own = Glossary {
            format: 1,
            terms: vec![Term {
                id: "club".into(),
                term: crate::core::model::text::Text::new("club", "club"),
                definition: crate::core::model::text::Text::new("Un club.", "A club."),
            }],
        };
        // A folder's own term is found, and so is every bundled one.
        assert!(Glossary::lookup(Some(&own), "club").is_some());
        assert!(Glossary::lookup(Some(&own), "donnee-personnelle").is_some());
        assert!(Glossary::lookup(None, "club").is_none());
        assert_eq!(Glossary::known_ids(Some(&own)).count(), g.terms.len() + 1);
    }
}
