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

/// Words of everyday grammar that only one of the two languages uses: a sentence with more of
/// the other language's words than of its own was pasted from the other language.
const FRENCH_WORDS: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "es", "tu", "ton", "ta", "tes",
    "vous", "nous", "que", "qui", "pas", "ne", "ou", "si", "en", "dans", "par", "mais", "à", "au",
    "aux", "sur", "avec", "ce", "il", "elle", "je", "mon", "mes", "sa", "ses", "te", "leur", "l'",
    "d'", "c'", "j'", "m'", "n'", "s'", "t'", "qu'",
];
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "is", "are", "was", "you", "your", "to", "of", "it", "that", "for", "not", "in",
    "with", "this", "be", "what", "who", "do", "my", "we", "they", "i", "at", "or", "if", "from",
    "by", "can", "will", "have", "has", "it's", "don't", "you're", "i'm", "i'll", "there's",
];

/// How many words of `words` `text` has (lower case, punctuation around a word ignored; a
/// word ending in an apostrophe counts the elided words it starts, as in « l'appli »).
fn words_of(text: &str, words: &[&str]) -> usize {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| c.is_whitespace() || "«»\"()[],.;:!?…".contains(c))
        .filter(|w| {
            words
                .iter()
                .any(|&k| *w == k || (k.ends_with('\'') && w.starts_with(k) && w.len() > k.len()))
        })
        .count()
}

/// Whether `text` reads as the language of `own` rather than that of `other`: when it has at
/// least three words of grammar of either, most are its own (a text of names, numbers and
/// emoji says nothing and passes).
fn reads_as(text: &str, own: &[&str], other: &[&str]) -> bool {
    let (mine, theirs) = (words_of(text, own), words_of(text, other));
    mine + theirs < 3 || mine > theirs
}

/// What the checker cannot see: a text copied into the other language's field, or the two
/// swapped, passes W001 (both are there). Every text of the campaign of three words or more
/// differs between French and English, and each reads as its own language: of its words of
/// everyday grammar (when it has three or more), most are French in the French and English
/// in the English. Glossary definitions too.
#[test]
fn every_text_is_translated_not_copied_or_swapped() {
    let c = campaign();
    let mut problems = Vec::new();
    let mut looked_at = 0;
    let mut look_at = |place: String, text: &agent_trace::core::model::text::Text| {
        let (fr, en) = (text.get(Lang::Fr), text.get(Lang::En));
        let words = fr
            .split_whitespace()
            .count()
            .max(en.split_whitespace().count());
        if words < 3 {
            return;
        }
        looked_at += 1;
        if fr.trim() == en.trim() {
            problems.push(format!("{place}: the same text in both languages: {fr:?}"));
        } else if !reads_as(fr, FRENCH_WORDS, ENGLISH_WORDS) {
            problems.push(format!("{place}: the French reads as English: {fr:?}"));
        } else if !reads_as(en, ENGLISH_WORDS, FRENCH_WORDS) {
            problems.push(format!("{place}: the English reads as French: {en:?}"));
        }
    };
    for l in levels(&c) {
        for (path, text) in validate::texts(l) {
            look_at(format!("{}: {path}", l.id), text);
        }
    }
    for t in &c.glossary().unwrap().terms {
        look_at(format!("glossary {}", t.id), &t.definition);
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(looked_at > 0, "no text looked at");
}

/// Who may be cited to a class as a source: public authorities (the CNIL, the State's sites,
/// the EU), the national helplines, and the GDPR case-law wiki that FACTS.md relies on.
const TRUSTED_HOSTS: &[&str] = &[
    "cnil.fr",
    "gouv.fr",
    "europa.eu",
    "3018.fr",
    "internetsanscrainte.fr",
    "gdprhub.eu",
];

/// The host of an `https://` address (the checker has already asked for `https://`, W009).
fn host(url: &str) -> &str {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// What a teacher reads out at the end: the sources come from trusted publishers (a blog or a
/// shop would pass the checker), never twice the same page in a mission, and most missions
/// cite the CNIL; the discussion questions are questions in both languages (French spacing
/// before `?`) and all different; every debrief names glossary terms.
#[test]
fn every_debrief_cites_trusted_distinct_sources_and_asks_real_questions() {
    let c = campaign();
    let mut cnil = 0;
    let mut problems = Vec::new();
    for l in levels(&c) {
        let id = &l.id;
        let mut urls = BTreeSet::new();
        for s in &l.debrief.sources {
            let h = host(&s.url);
            if !TRUSTED_HOSTS
                .iter()
                .any(|t| h == *t || h.ends_with(&format!(".{t}")))
            {
                problems.push(format!("{id}: source from an untrusted host: {}", s.url));
            }
            if !urls.insert(s.url.as_str()) {
                problems.push(format!("{id}: source cited twice: {}", s.url));
            }
        }
        cnil += usize::from(
            l.debrief
                .sources
                .iter()
                .any(|s| host(&s.url).ends_with("cnil.fr")),
        );
        let mut asked = BTreeSet::new();
        for (i, q) in l.debrief.questions.iter().enumerate() {
            let (fr, en) = (q.get(Lang::Fr).trim_end(), q.get(Lang::En).trim_end());
            let before_marks = |t: &str| -> Vec<char> {
                let chars: Vec<char> = t.chars().collect();
                (0..chars.len())
                    .filter(|&k| chars[k] == '?')
                    .map(|k| if k == 0 { ' ' } else { chars[k - 1] })
                    .collect()
            };
            let (fr_marks, en_marks) = (before_marks(fr), before_marks(en));
            if fr_marks.is_empty() || !fr_marks.iter().all(|c| c.is_whitespace()) {
                problems.push(format!(
                    "{id}: question {i} in French asks nothing (« ? », spaced): {fr:?}"
                ));
            }
            if en_marks.is_empty() || en_marks.iter().any(|c| c.is_whitespace()) {
                problems.push(format!(
                    "{id}: question {i} in English asks nothing (\"?\", unspaced): {en:?}"
                ));
            }
            if !asked.insert(fr) {
                problems.push(format!("{id}: question {i} asked twice"));
            }
        }
        if l.debrief.glossary.is_empty() {
            problems.push(format!("{id}: the debrief names no glossary term"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        cnil * 2 >= c.levels.len(),
        "most missions cite the CNIL ({cnil} of {})",
        c.levels.len()
    );
}

/// The star and judgement rules guard every shipped mission, not just the fixtures. Made
/// unwinnable (three stars one point above the best score the explorer finds), a mission is
/// refused (E043). Made impossible to lose (every ending a Success, every Success worth three
/// stars), it is reported both for letting a pupil who shares nothing win (W010) and for
/// rewarding careless play (W011). The shipped text, checked the same way, has neither.
#[test]
fn the_star_rules_catch_a_shipped_mission_made_unwinnable_or_impossible_to_lose() {
    use agent_trace::core::check::{Memory, explore};
    use agent_trace::core::model::level::Outcome;
    let c = campaign();
    let glossary = c.glossary().unwrap();
    let codes = |file: &str, text: &str| -> (Vec<&'static str>, Option<_>) {
        let mut memory = Memory::default();
        memory.insert(file, Ok(text.as_bytes().to_vec()));
        let lc = check::check_level(&memory, file, Some(glossary));
        let codes = lc
            .checked
            .diagnostics
            .iter()
            .map(|d| d.problem.code())
            .collect();
        (codes, lc.exploration)
    };
    let success = explore::outcome_index(Outcome::Success);
    for (_, lc) in &c.levels {
        let file = lc.checked.file.as_str();
        let l = lc.checked.value.as_ref().unwrap();
        let src = std::fs::read_to_string(file).unwrap();
        let written = format!("stars: (two: {}, three: {})", l.stars.two, l.stars.three);
        assert_eq!(src.matches(&written).count(), 1, "{file}: {written}");
        let (shipped, ex) = codes(file, &src);
        for rule in ["E043", "W010", "W011"] {
            assert!(!shipped.contains(&rule), "{file} as shipped: {shipped:?}");
        }
        let best = ex.unwrap().best[success].expect("a Success is reachable");
        if best < 100 {
            let harder = format!(
                "stars: (two: {}, three: {})",
                l.stars.two.min(best + 1),
                best + 1
            );
            let (got, _) = codes(file, &src.replace(&written, &harder));
            assert!(got.contains(&"E043"), "{file} with {harder}: {got:?}");
        }
        let never_lost = src
            .replace(&written, "stars: (two: 0, three: 0)")
            .replace("outcome: Failure", "outcome: Success")
            .replace("outcome: Partial", "outcome: Success");
        let (got, _) = codes(file, &never_lost);
        for rule in ["W010", "W011"] {
            assert!(
                got.contains(&rule),
                "{file} made impossible to lose: no {rule} in {got:?}"
            );
        }
    }
}

#[test]
fn the_campaign_uses_every_scene_kind_and_topic() {
    let c = campaign();
    let mut kinds = BTreeSet::new();
    let mut topics = BTreeSet::new();
    let mut unexplained = Vec::new();
    let mut no_feedback = Vec::new();
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
            if !explained {
                unexplained.push(format!("{}/{}", l.id, s.id()));
            }
            if s.options().iter().any(|o| o.feedback.is_none()) {
                no_feedback.push(format!("{}/{}", l.id, s.id()));
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "every decision has an expert explanation: {unexplained:?}"
    );
    assert!(
        no_feedback.is_empty(),
        "every option has feedback: {no_feedback:?}"
    );
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
    let named = disk.manifest.value.as_ref().unwrap().level_files().count();
    assert_eq!(web.levels.len(), named, "every level the manifest names");
    assert_eq!(web.files(), disk.files());
    for ((_, w), (_, d)) in web.levels.iter().zip(&disk.levels) {
        assert_eq!(w.playable(), d.playable());
    }
    assert_eq!(web.all_diagnostics().count(), 0);
    // A file the server does not have (the first level some later one calls back to): a
    // located "unreadable" error, the others still load.
    let reads = |l: &agent_trace::core::model::level::Level, id: &str| {
        l.condition_leaves()
            .iter()
            .any(|c| matches!(c, Cond::SharedIn(_, other) if other == id))
    };
    let (lost_file, lost) = disk
        .levels
        .iter()
        .filter_map(|(_, lc)| Some((lc.checked.file.clone(), lc.playable()?.id.clone())))
        .find(|(_, id)| {
            disk.levels
                .iter()
                .filter_map(|(_, l)| l.playable())
                .any(|l| l.id != *id && reads(l, id))
        })
        .expect("a later mission calls back to an earlier one");
    let mut partial = Memory::default();
    partial.insert(manifest, Ok(std::fs::read(manifest).unwrap()));
    for path in partial.missing_for_campaign(manifest) {
        let got = if path == lost_file {
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
    let calling_back: Vec<&str> = disk
        .levels
        .iter()
        .filter_map(|(_, l)| l.playable())
        .filter(|l| l.id != lost && reads(l, &lost))
        .map(|l| l.id.as_str())
        .collect();
    assert!(!calling_back.is_empty(), "a later mission reads {lost}");
    assert_eq!(
        playable.len(),
        disk.levels.len() - 1 - calling_back.len(),
        "{playable:?} {calling_back:?}"
    );
    assert!(!playable.contains(&lost.as_str()));
    assert!(partial.read("levels/nowhere.ron").is_err());
}

/// `check --stats` prints the judgement figures anyone can re-measure; the shipped campaign
/// meets them: the best option is the longest in at most 35 % of decisions (in each
/// language), every mission has a best option that shares and two dilemmas (the careful
/// choice earns fewer points than a tempting one), refusing everything ends at best Partial,
/// careless play at most 1 star, the best play 3 stars, 5–7 minutes a mission.
#[test]
fn the_stats_table_shows_a_campaign_that_must_be_thought_out() {
    let (code, stdout, stderr) =
        common::agent_trace(&["--lang", "en", "check", "--stats", "levels/"]);
    assert_eq!(code, 0, "{stderr}");
    let table: Vec<Vec<&str>> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("mission "))
        .take_while(|l| !l.is_empty())
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        table[0],
        [
            "mission",
            "decisions",
            "best = longest (fr/en)",
            "best shares",
            "best costs",
            "refuse all",
            "careless",
            "best",
            "minutes"
        ]
    );
    let missions = &table[1..table.len() - 1];
    assert_eq!(missions.len(), common::campaign_levels().len());
    for row in missions {
        let id = row[0];
        assert!(
            row[3].parse::<usize>().unwrap() >= 1,
            "{id}: no best option shares"
        );
        assert!(
            row[4].parse::<usize>().unwrap() >= 2,
            "{id}: fewer than 2 dilemmas"
        );
        assert!(
            ["partial 1★", "failure 0★"].contains(&row[5]),
            "{id}: refusing ends {}",
            row[5]
        );
        assert!(["0★", "1★"].contains(&row[6]), "{id}: careless {}", row[6]);
        assert_eq!(row[7], "3★", "{id}");
        let minutes: f64 = row[8].parse().unwrap();
        assert!((5.0..=7.0).contains(&minutes), "{id}: {minutes} minutes");
    }
    let campaign = table.last().unwrap();
    assert_eq!(campaign[0], "campaign");
    let percents: Vec<usize> = campaign[2]
        .split(" / ")
        .map(|p| p.trim_end_matches(" %").parse().unwrap())
        .collect();
    assert!(
        percents.iter().all(|&p| p <= 35),
        "best = longest: {}",
        campaign[2]
    );
}

/// web/browser-test.mjs plays mission 1 with fixed keys: first option of every choice and
/// chat, the first two fields of a form, nothing granted, the first quiz answer. That route
/// must reach an ending, or the browser test hangs: checked here in seconds.
#[test]
fn the_browser_tests_key_route_finishes_mission_one() {
    use agent_trace::core::model::level::Scene;
    use agent_trace::core::play::footprint::Footprint;
    use agent_trace::core::play::{Action, Run};
    let level = common::campaign_levels().into_iter().next().unwrap();
    let mut run = Run::start(level.clone(), Footprint::default()).unwrap();
    let keys: common::bots::Player = |run| {
        Some(match run.scene() {
            Scene::Story(_) => Action::Continue,
            Scene::Choice(_) | Scene::Chat(_) => Action::Pick(run.available_options()[0].0),
            Scene::Share(f) => Action::Submit((0..f.fields.len().min(2)).collect()),
            Scene::Permissions(_) => Action::Submit(Vec::new()),
            Scene::Quiz(_) => Action::Answer(vec![0]),
            Scene::End(_) => return None,
        })
    };
    common::bots::play_out(&mut run, keys);
    assert!(run.finished().is_some());
}

/// How the campaign is written: debrief lessons in sentences of at most 20 words (weak
/// readers), no point-médian forms (dyslexic readers; circular of 5 May 2021: both forms or
/// an epicene word), risky options never worded as slacking (they must tempt for real
/// reasons).
#[test]
fn the_texts_are_written_for_collegiens() {
    use agent_trace::core::check::validate::texts;
    use agent_trace::core::model::text::Lang;
    let c = campaign();
    let slacking = [
        "flemme",
        "bof",
        "pour rigoler",
        "n'importe quoi",
        "can't be bothered",
        "for a laugh",
        "whatever",
    ];
    let mut problems = Vec::new();
    for l in levels(&c) {
        for lang in [Lang::Fr, Lang::En] {
            for sentence in l.debrief.lesson.get(lang).split(['.', '!', '?', ':', ';']) {
                let words = sentence.split_whitespace().count();
                if words > 20 {
                    problems.push(format!("{}: lesson sentence of {words} words", l.id));
                }
            }
        }
        for (path, text) in texts(l) {
            let fr: Vec<char> = text.get(Lang::Fr).chars().collect();
            if fr
                .windows(3)
                .any(|w| w[0].is_alphabetic() && w[1] == '·' && w[2].is_alphabetic())
            {
                problems.push(format!("{}/{path}: point médian", l.id));
            }
        }
        for s in &l.scenes {
            for o in s.options().iter().filter(|o| o.risky) {
                for lang in [Lang::Fr, Lang::En] {
                    let t = o.text.get(lang).to_lowercase();
                    if let Some(w) = slacking.iter().find(|w| t.contains(*w)) {
                        problems.push(format!("{}/{}: risky option says « {w} »", l.id, s.id()));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
