//! The footprint — "data never dies": every item shared, to whom, in which level.
//! It persists across levels in the campaign state and later conditions read it.

use crate::core::model::data::DataKind;
use crate::core::model::text::Name;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub data: DataKind,
    pub to: Name,
    /// Id of the level where it was shared.
    pub level: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Footprint {
    pub traces: Vec<Trace>,
}

impl Footprint {
    /// Records a share; the same item to the same recipient in the same level is kept once.
    pub fn record(&mut self, data: DataKind, to: &Name, level: &str) {
        let exists = self
            .traces
            .iter()
            .any(|t| t.data == data && t.level == level && t.to.key() == to.key());
        if !exists {
            self.traces.push(Trace {
                data,
                to: to.clone(),
                level: level.to_string(),
            });
        }
    }

    pub fn has(&self, data: DataKind) -> bool {
        self.traces.iter().any(|t| t.data == data)
    }

    pub fn has_in(&self, data: DataKind, level: &str) -> bool {
        self.traces
            .iter()
            .any(|t| t.data == data && t.level == level)
    }

    /// Forgets what one level recorded (replaying a level replaces its traces).
    pub fn forget_level(&mut self, level: &str) {
        self.traces.retain(|t| t.level != level);
    }

    /// "What they know about you": the traces grouped by who holds them (the Dossier).
    pub fn by_holder(&self) -> BTreeMap<String, (Name, Vec<&Trace>)> {
        let mut groups: BTreeMap<String, (Name, Vec<&Trace>)> = BTreeMap::new();
        for t in &self.traces {
            groups
                .entry(t.to.key())
                .or_insert_with(|| (t.to.clone(), Vec::new()))
                .1
                .push(t);
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_once_and_groups_by_holder() {
        let mut f = Footprint::default();
        let contest = Name::from("ConcoursMania");
        f.record(DataKind::Address, &contest, "concours");
        f.record(DataKind::Address, &contest, "concours");
        f.record(DataKind::Email, &contest, "concours");
        f.record(DataKind::Email, &Name::from("PixelPals"), "jeu");
        assert_eq!(f.traces.len(), 3);
        assert!(f.has(DataKind::Address));
        assert!(f.has_in(DataKind::Email, "jeu"));
        assert!(!f.has_in(DataKind::Address, "jeu"));
        let groups = f.by_holder();
        assert_eq!(groups["ConcoursMania"].1.len(), 2);
        f.forget_level("concours");
        assert_eq!(f.traces.len(), 1);
    }
}
