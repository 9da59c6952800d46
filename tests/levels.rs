//! The shipped campaign: every level passes `check` with no error and no warning, and the
//! content rules hold (both languages, sources, star balance, every scene kind and topic,
//! callbacks to earlier missions).

use agent_trace::core::check::{self, CampaignCheck, Disk};
use agent_trace::core::level::{Cond, Level, Scene, Topic};
use agent_trace::core::text::Lang;
use agent_trace::core::validate;
use std::collections::BTreeSet;
use std::process::Command;

fn campaign() -> CampaignCheck {
    check::check_campaign(&Disk, "levels/campaign.ron")
}

fn levels(c: &CampaignCheck) -> Vec<&Level> {
    c.levels
        .iter()
        .map(|(_, l)| l.checked.value.as_ref().expect("parses"))
        .collect()
}

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
    let out = Command::new(env!("CARGO_BIN_EXE_agent-trace"))
        .args(["check", "levels/"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
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
