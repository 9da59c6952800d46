//! The shipped campaign: every level passes `check` with no error and no warning, and the
//! content rules hold (both languages, sources, star balance, every scene kind and topic,
//! callbacks to earlier missions).

mod common;

use agent_trace::core::check::validate;
use agent_trace::core::check::{self, Disk};
use agent_trace::core::model::level::{Cond, Scene, Topic};
use agent_trace::core::model::text::Lang;
use common::{agent_trace, campaign, parsed_levels as levels};
use std::collections::BTreeSet;

#[test]
fn every_shipped_file_is_clean() {
    let c = campaign();
    let all: Vec<String> = c
        .all_diagnostics()
        .map(|d| d.render(None, Lang::En))
        .collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
    assert!(c.levels.len() >= 12, "{} missions", c.levels.len());
    assert_eq!(c.manifest.value.as_ref().unwrap().chapters.len(), 4);
}

#[test]
fn check_prints_a_summary_line_per_level_and_exits_0() {
    let (code, text, _) = agent_trace(&["check", "levels/"]);
    assert_eq!(code, 0, "{text}");
    let c = campaign();
    for l in levels(&c) {
        assert!(
            text.contains(&format!("✓ {} : ", l.id)),
            "no summary for {}:\n{text}",
            l.id
        );
    }
    assert!(
        text.contains(&format!(
            "{} niveau(x) valide(s), 0 erreur(s), 0 avertissement(s)",
            c.levels.len()
        )),
        "{text}"
    );
}

#[test]
fn every_text_exists_in_french_and_english() {
    let c = campaign();
    for l in levels(&c) {
        for (path, text) in validate::texts(l) {
            assert!(
                text.missing().is_empty(),
                "{}: {path} lacks {:?}",
                l.id,
                text.missing()
            );
        }
    }
    for t in &c.glossary().unwrap().terms {
        assert!(
            t.term.missing().is_empty() && t.definition.missing().is_empty(),
            "glossary {}",
            t.id
        );
    }
}

#[test]
fn every_level_cites_sources_cnil_first_where_possible() {
    let c = campaign();
    let mut cnil = 0;
    for l in levels(&c) {
        assert!(!l.debrief.sources.is_empty(), "{}", l.id);
        for s in &l.debrief.sources {
            assert!(s.url.starts_with("https://"), "{}: {}", l.id, s.url);
        }
        cnil += usize::from(l.debrief.sources.iter().any(|s| s.url.contains("cnil.fr")));
        assert!((2..=4).contains(&l.debrief.questions.len()), "{}", l.id);
        assert!(!l.debrief.glossary.is_empty(), "{}", l.id);
    }
    assert!(
        cnil * 2 >= c.levels.len(),
        "most missions cite the CNIL ({cnil})"
    );
}

#[test]
fn stars_are_balanced() {
    let c = campaign();
    for (_, lc) in &c.levels {
        let l = lc.checked.value.as_ref().unwrap();
        let ex = lc.exploration.as_ref().unwrap();
        assert!(
            ex.best[0].is_some(),
            "{}: a success ending is reachable",
            l.id
        );
        assert_eq!(
            ex.max_stars(l.stars),
            Some(3),
            "{}: 3 stars reachable",
            l.id
        );
        assert!(
            ex.max_stars_sharing_nothing(l.stars).unwrap_or(0) < 3,
            "{}: sharing nothing never 3 stars",
            l.id
        );
        assert!(
            ex.max_stars_careless(l.stars).unwrap_or(0) <= 1,
            "{}: careless path at most 1 star",
            l.id
        );
    }
}

#[test]
fn the_campaign_uses_every_scene_kind_and_topic() {
    let c = campaign();
    let mut kinds = BTreeSet::new();
    let mut topics = BTreeSet::new();
    for l in levels(&c) {
        kinds.extend(l.scenes.iter().map(Scene::kind));
        topics.extend(l.topics.iter().copied());
        for s in &l.scenes {
            let explained = match s {
                Scene::Choice(c) => c.explain.is_some(),
                Scene::Chat(c) => c.explain.is_some(),
                Scene::Share(f) | Scene::Permissions(f) => f.explain.is_some(),
                _ => true,
            };
            assert!(
                explained,
                "{}/{}: every decision has an expert explanation",
                l.id,
                s.id()
            );
            for o in s.options() {
                assert!(
                    o.feedback.is_some(),
                    "{}/{}: every option has feedback",
                    l.id,
                    s.id()
                );
            }
        }
    }
    for k in [
        "Story",
        "Choice",
        "Share",
        "Permissions",
        "Chat",
        "Quiz",
        "End",
    ] {
        assert!(kinds.contains(k), "no {k} scene");
    }
    for t in Topic::ALL {
        assert!(topics.contains(&t), "no mission covers {t:?}");
    }
}

#[test]
fn data_never_dies_callbacks_reach_back_to_earlier_missions() {
    let c = campaign();
    let ids: Vec<&str> = levels(&c).iter().map(|l| l.id.as_str()).collect();
    let mut callbacks = 0;
    for (pos, l) in levels(&c).iter().enumerate() {
        let leaves = l.condition_leaves();
        for leaf in leaves {
            match leaf {
                Cond::SharedIn(_, other) if other != &l.id => {
                    let at = ids.iter().position(|i| i == other).expect("known level");
                    assert!(at < pos, "{} calls back {other}, which comes later", l.id);
                    callbacks += 1;
                }
                Cond::Shared(_) if pos > 0 => callbacks += 1,
                _ => {}
            }
        }
    }
    assert!(callbacks >= 6, "{callbacks} callbacks");
}

/// The web build reads the campaign through `check::Memory`, fetching what each check asks
/// for. Done here with the disk as the "server": it must take two rounds and give exactly what
/// reading the disk gives.
#[test]
fn the_campaign_gathered_file_by_file_as_on_the_web_equals_the_disk() {
    use agent_trace::core::check::{Files, Memory};
    let manifest = "levels/campaign.ron";
    let mut memory = Memory::default();
    let mut rounds = 0;
    loop {
        let wanted = memory.missing_for_campaign(manifest);
        if wanted.is_empty() {
            break;
        }
        rounds += 1;
        assert!(rounds <= 3, "still missing {wanted:?}");
        for path in wanted {
            memory.insert(&path, std::fs::read(&path).map_err(|e| e.to_string()));
        }
    }
    assert_eq!(rounds, 2, "the manifest, then its glossary and levels");
    let web = check::check_campaign(&memory, manifest);
    let disk = check::check_campaign(&Disk, manifest);
    assert_eq!(web.levels.len(), 12);
    assert_eq!(web.files(), disk.files());
    for ((_, w), (_, d)) in web.levels.iter().zip(&disk.levels) {
        assert_eq!(w.playable(), d.playable());
    }
    assert_eq!(web.all_diagnostics().count(), 0);
    // A file the server does not have: a located "unreadable" error, the others still load.
    let mut partial = Memory::default();
    partial.insert(manifest, Ok(std::fs::read(manifest).unwrap()));
    for path in partial.missing_for_campaign(manifest) {
        let got = if path.ends_with("ch1-lampe.ron") {
            Err("HTTP 404 Not Found".to_string())
        } else {
            std::fs::read(&path).map_err(|e| e.to_string())
        };
        partial.insert(&path, got);
    }
    assert!(partial.missing_for_campaign(manifest).is_empty());
    let c = check::check_campaign(&partial, manifest);
    // As on disk: the manifest names the missing file, the levels that call back to it
    // cannot be checked, every other level still plays.
    let missing: Vec<_> = c
        .all_diagnostics()
        .filter(|d| d.problem.code() == "E050")
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].file, manifest);
    assert!(missing[0].span.is_some(), "located in the manifest");
    let playable: Vec<&str> = c
        .levels
        .iter()
        .filter_map(|(_, l)| l.playable())
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(playable.len(), 9, "{playable:?}");
    assert!(!playable.contains(&"lampe"));
    assert!(partial.read("levels/nowhere.ron").is_err());
}
