//! The semantic checks of a parsed level: references, translations, conditions, and what
//! the path explorer finds (reachability, ways out, winnability, stars).

use crate::core::check::diagnostic::{Diagnostic, Problem, Span};
use crate::core::check::explore::{self, Exploration, PastLevels};
use crate::core::check::spans::SpanIndex;
use crate::core::check::suggest::Suggest;
use crate::core::model::campaign::Glossary;
use crate::core::model::data::DataKind;
use crate::core::model::level::{Cond, FORMAT, Level, Scene};
use crate::core::model::text::{Lang, Name, Text};
use std::collections::{BTreeSet, HashMap};

/// What a level is checked against besides itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// Terms the debrief may name; `None` skips that check (no glossary found).
    pub glossary: Option<&'a Glossary>,
    /// Every level of the campaign in playing order with the data it can share; `None` when
    /// the level is checked on its own.
    pub campaign: Option<&'a [(String, Vec<DataKind>)]>,
}

/// The one-line summary printed for each valid level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub scenes: usize,
    pub endings_reached: usize,
    pub endings: usize,
    pub score: Option<(i32, i32)>,
    pub stars: Option<(u8, u8)>,
    pub states: usize,
}

impl Summary {
    pub fn render(&self, lang: Lang) -> String {
        let score = self
            .score
            .map_or("–".to_string(), |(a, b)| format!("{a}–{b}"));
        let stars = self
            .stars
            .map_or("–".to_string(), |(a, b)| format!("{a}–{b}"));
        match lang {
            Lang::Fr => format!(
                "{} : {} scènes, fins atteignables {}/{}, score {score}, étoiles {stars}",
                self.id, self.scenes, self.endings_reached, self.endings
            ),
            Lang::En => format!(
                "{}: {} scenes, endings reachable {}/{}, score {score}, stars {stars}",
                self.id, self.scenes, self.endings_reached, self.endings
            ),
        }
    }
}

/// Every player-visible text of a level with its path in the file.
pub fn texts(level: &Level) -> Vec<(String, &Text)> {
    let mut out: Vec<(String, &Text)> = vec![("title".into(), &level.title)];
    if let Some(s) = &level.summary {
        out.push(("summary".into(), s));
    }
    for (i, scene) in level.scenes.iter().enumerate() {
        let p = format!("scenes[{i}]");
        fn at<'t>(p: &str, field: &str, t: &'t Text) -> (String, &'t Text) {
            (format!("{p}.{field}"), t)
        }
        let push = |field: &str, t| at(&p, field, t);
        match scene {
            Scene::Story(s) => {
                out.push(push("text", &s.text));
                if let Some(Name::Translated(t)) = &s.speaker {
                    out.push(push("speaker", t));
                }
            }
            Scene::Choice(c) => {
                out.push(push("text", &c.text));
                if let Some(e) = &c.explain {
                    out.push(push("explain", e));
                }
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                out.push(push("text", &f.text));
                if let Name::Translated(t) = &f.app {
                    out.push(push("app", t));
                }
                if let Some(e) = &f.explain {
                    out.push(push("explain", e));
                }
                for (k, field) in f.fields.iter().enumerate() {
                    if let Some(l) = &field.label {
                        out.push((format!("{p}.fields[{k}].label"), l));
                    }
                    if let Some(w) = &field.why {
                        out.push((format!("{p}.fields[{k}].why"), w));
                    }
                }
            }
            Scene::Chat(c) => {
                if let Name::Translated(t) = &c.contact {
                    out.push(push("contact", t));
                }
                for (k, m) in c.messages.iter().enumerate() {
                    out.push((format!("{p}.messages[{k}].text"), &m.text));
                }
                if let Some(e) = &c.explain {
                    out.push(push("explain", e));
                }
            }
            Scene::Quiz(q) => {
                out.push(push("question", &q.question));
                out.push(push("explain", &q.explain));
                for (k, a) in q.answers.iter().enumerate() {
                    out.push((format!("{p}.answers[{k}].text"), &a.text));
                }
            }
            Scene::End(e) => out.push(push("text", &e.text)),
        }
        for (k, o) in scene.options().iter().enumerate() {
            out.push((format!("{p}.options[{k}].text"), &o.text));
            if let Some(f) = &o.feedback {
                out.push((format!("{p}.options[{k}].feedback"), f));
            }
            if let Some(Name::Translated(t)) = &o.to {
                out.push((format!("{p}.options[{k}].to"), t));
            }
        }
    }
    out.push(("debrief.lesson".into(), &level.debrief.lesson));
    for (i, q) in level.debrief.questions.iter().enumerate() {
        out.push((format!("debrief.questions[{i}]"), q));
    }
    for (i, s) in level.debrief.sources.iter().enumerate() {
        if let Name::Translated(t) = &s.title {
            out.push((format!("debrief.sources[{i}].title"), t));
        }
    }
    out
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Checks a parsed level. Returns the diagnostics and, when the level has no error, its summary.
pub fn validate(
    file: &str,
    level: &Level,
    spans: &SpanIndex,
    ctx: Context,
) -> (Vec<Diagnostic>, Option<Summary>, Option<Exploration>) {
    let mut out: Vec<Diagnostic> = Vec::new();
    // "Did you mean": a bounded number of searches per file (see `Suggest`).
    let mut suggest = Suggest::default();
    let at = |path: &str| spans.find(path);
    let report = |out: &mut Vec<Diagnostic>, span: Option<Span>, p: Problem| {
        out.push(Diagnostic::new(file, span, p));
    };

    if level.format != FORMAT {
        report(
            &mut out,
            at("format"),
            Problem::UnsupportedFormat {
                found: level.format,
                supported: FORMAT,
            },
        );
        return (out, None, None);
    }
    if !valid_id(&level.id) {
        report(
            &mut out,
            at("id"),
            Problem::BadId {
                id: level.id.clone(),
            },
        );
    }

    // Scene ids: valid and unique.
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    for (i, scene) in level.scenes.iter().enumerate() {
        let path = format!("scenes[{i}].id");
        if !valid_id(scene.id()) {
            report(
                &mut out,
                at(&path),
                Problem::BadId {
                    id: scene.id().to_string(),
                },
            );
        }
        if let Some(&first) = first_index.get(scene.id()) {
            let first_line = at(&format!("scenes[{first}].id")).map_or(0, |s| s.start.line);
            report(
                &mut out,
                at(&path),
                Problem::DuplicateScene {
                    id: scene.id().to_string(),
                    first_line,
                },
            );
        } else {
            first_index.insert(scene.id(), i);
        }
    }
    if level.scenes.is_empty() {
        report(&mut out, at("scenes"), Problem::NoScenes);
    } else if !level.scenes.iter().any(|s| matches!(s, Scene::End(_))) {
        report(&mut out, at("scenes"), Problem::NoEnding);
    }

    // References to scenes.
    let ids: Vec<&str> = level.scenes.iter().map(|s| s.id()).collect();
    let known: std::collections::HashSet<&str> = ids.iter().copied().collect();
    let mut dangling = false;
    let mut check_ref = |out: &mut Vec<Diagnostic>, path: &str, id: &str| {
        if !known.contains(id) {
            dangling = true;
            out.push(Diagnostic::new(
                file,
                at(path),
                Problem::UnknownScene {
                    id: id.to_string(),
                    suggestion: suggest.closest(id, ids.iter().copied()),
                },
            ));
        }
    };
    if let Some(start) = &level.start {
        check_ref(&mut out, "start", start);
    }
    for (i, scene) in level.scenes.iter().enumerate() {
        for (field, target) in scene.exits() {
            check_ref(&mut out, &format!("scenes[{i}].{field}"), target);
        }
    }

    // Texts: both languages, never blank.
    for (path, text) in texts(level) {
        let missing = text.missing();
        if missing.len() == 2 {
            report(&mut out, at(&path), Problem::EmptyText);
        } else {
            for lang in missing {
                report(&mut out, at(&path), Problem::MissingTranslation { lang });
            }
        }
    }

    // Scene shapes.
    let mut flags_set: BTreeSet<&str> = BTreeSet::new();
    let mut set_at: HashMap<&str, String> = HashMap::new();
    let mut conds: Vec<(String, &Cond)> = Vec::new();
    for (i, scene) in level.scenes.iter().enumerate() {
        let p = format!("scenes[{i}]");
        match scene {
            Scene::Choice(c) => {
                let n = c.options.len();
                if !(2..=4).contains(&n) {
                    report(
                        &mut out,
                        at(&format!("{p}.options")),
                        Problem::OptionCount { count: n },
                    );
                }
            }
            Scene::Chat(c) => {
                if c.options.is_empty() || c.options.len() > 4 {
                    report(
                        &mut out,
                        at(&format!("{p}.options")),
                        Problem::OptionCount {
                            count: c.options.len(),
                        },
                    );
                }
            }
            Scene::Quiz(q) => {
                if !q.answers.iter().any(|a| a.correct) {
                    report(
                        &mut out,
                        at(&format!("{p}.answers")),
                        Problem::QuizWithoutRightAnswer,
                    );
                }
                if q.answers.len() < 2 {
                    report(
                        &mut out,
                        at(&format!("{p}.answers")),
                        Problem::OptionCount {
                            count: q.answers.len(),
                        },
                    );
                }
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                if f.fields.is_empty() {
                    report(
                        &mut out,
                        at(&format!("{p}.fields")),
                        Problem::FormWithoutFields,
                    );
                }
                let mut seen = BTreeSet::new();
                for (k, field) in f.fields.iter().enumerate() {
                    if !seen.insert(field.data) {
                        report(
                            &mut out,
                            at(&format!("{p}.fields[{k}].data")),
                            Problem::RepeatedField {
                                data: field.data.ident(),
                            },
                        );
                    }
                }
            }
            Scene::Story(s) => {
                for (k, b) in s.branches.iter().enumerate() {
                    conds.push((format!("{p}.branches[{k}].when"), &b.when));
                }
            }
            Scene::End(_) => {}
        }
        for (k, o) in scene.options().iter().enumerate() {
            if !o.share.is_empty() && o.to.is_none() && matches!(scene, Scene::Choice(_)) {
                report(
                    &mut out,
                    at(&format!("{p}.options[{k}].share")),
                    Problem::ShareWithoutRecipient,
                );
            }
            for f in &o.set {
                flags_set.insert(f);
                set_at
                    .entry(f)
                    .or_insert_with(|| format!("{p}.options[{k}].set"));
            }
            if let Some(w) = &o.when {
                conds.push((format!("{p}.options[{k}].when"), w));
            }
        }
    }

    // Conditions: flags that are never set, levels that do not exist or come later.
    let mut flags_read: BTreeSet<&str> = BTreeSet::new();
    let position = ctx
        .campaign
        .and_then(|c| c.iter().position(|(id, _)| *id == level.id));
    for (path, cond) in &conds {
        let mut leaves = Vec::new();
        cond.leaves(&mut leaves);
        for leaf in leaves {
            match leaf {
                Cond::Flag(f) => {
                    flags_read.insert(f);
                    if !flags_set.contains(f.as_str()) {
                        report(
                            &mut out,
                            at(path),
                            Problem::FlagNeverSet {
                                flag: f.clone(),
                                suggestion: suggest.closest(f, flags_set.iter().copied()),
                            },
                        );
                    }
                }
                Cond::SharedIn(_, other) if *other != level.id => {
                    if let Some(campaign) = ctx.campaign {
                        match campaign.iter().position(|(id, _)| id == other) {
                            None => report(
                                &mut out,
                                at(path),
                                Problem::UnknownLevel {
                                    id: other.clone(),
                                    suggestion: suggest
                                        .closest(other, campaign.iter().map(|(id, _)| id.as_str())),
                                },
                            ),
                            Some(p) if position.is_some_and(|me| p > me) => report(
                                &mut out,
                                at(path),
                                Problem::LaterLevel { id: other.clone() },
                            ),
                            Some(_) => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for (flag, path) in &set_at {
        if !flags_read.contains(flag) {
            report(
                &mut out,
                at(path),
                Problem::FlagNeverRead {
                    flag: flag.to_string(),
                },
            );
        }
    }

    // Stars, debrief.
    let stars = level.stars;
    if !(0 <= stars.two && stars.two <= stars.three && stars.three <= 100) {
        report(
            &mut out,
            at("stars"),
            Problem::StarsOrder {
                two: stars.two,
                three: stars.three,
            },
        );
    }
    let d = &level.debrief;
    if !(2..=4).contains(&d.questions.len()) {
        report(
            &mut out,
            at("debrief.questions"),
            Problem::FewQuestions {
                count: d.questions.len(),
            },
        );
    }
    if d.sources.is_empty() {
        report(&mut out, at("debrief.sources"), Problem::NoSources);
    }
    for (i, s) in d.sources.iter().enumerate() {
        if !s.url.starts_with("https://") || s.url.contains(char::is_whitespace) {
            report(
                &mut out,
                at(&format!("debrief.sources[{i}].url")),
                Problem::BadUrl { url: s.url.clone() },
            );
        }
    }
    if let Some(g) = ctx.glossary {
        for (i, term) in d.glossary.iter().enumerate() {
            if g.get(term).is_none() {
                report(
                    &mut out,
                    at(&format!("debrief.glossary[{i}]")),
                    Problem::UnknownTerm {
                        id: term.clone(),
                        suggestion: suggest.closest(term, g.terms.iter().map(|t| t.id.as_str())),
                    },
                );
            }
        }
    }

    // The explorer needs valid references.
    if dangling || level.scenes.is_empty() || first_index.len() != level.scenes.len() {
        return (out, None, None);
    }
    let past = PastLevels {
        earlier: ctx
            .campaign
            .map(|c| c[..position.unwrap_or(c.len())].to_vec()),
    };
    let ex = explore::explore(level, &past);
    let scene_span =
        |i: usize| at(&format!("scenes[{i}].id")).or_else(|| at(&format!("scenes[{i}]")));
    if ex.truncated {
        report(
            &mut out,
            at("scenes"),
            Problem::TooManyStates {
                limit: explore::MAX_STATES,
            },
        );
        return (out, None, Some(ex));
    }
    for (i, scene) in level.scenes.iter().enumerate() {
        let id = scene.id().to_string();
        if !ex.reached[i] {
            report(&mut out, scene_span(i), Problem::Unreachable { id });
            continue;
        }
        if ex.no_option[i] {
            report(
                &mut out,
                scene_span(i),
                Problem::NoOptionAvailable { id: id.clone() },
            );
        }
        if ex.stuck[i] {
            report(&mut out, scene_span(i), Problem::Stuck { id: id.clone() });
        }
        if ex.loop_with_effects[i] {
            report(&mut out, scene_span(i), Problem::LoopWithEffects { id });
        }
    }
    // Every stuck scene is reported (each is a place a pupil gets trapped); a loop once.
    dedupe_loop_warnings(&mut out);

    let success = ex.best[0];
    match success {
        None => report(&mut out, at("scenes").or(at("id")), Problem::NoSuccess),
        Some(best) => {
            if best < stars.three && stars.three <= 100 {
                report(
                    &mut out,
                    at("stars.three").or(at("stars")).or(at("id")),
                    Problem::StarUnreachable {
                        stars: 3,
                        needed: stars.three,
                        best,
                    },
                );
            }
        }
    }
    if let Some(3) = ex.max_stars_sharing_nothing(stars) {
        let score = ex.best_sharing_nothing[0].unwrap_or(0);
        report(
            &mut out,
            at("stars").or(at("id")),
            Problem::NothingSharedWins { score },
        );
    }
    if let Some(s) = ex.max_stars_careless(stars)
        && s > 1
    {
        let score = ex
            .best_careless
            .iter()
            .flatten()
            .max()
            .copied()
            .unwrap_or(0);
        report(
            &mut out,
            at("stars").or(at("id")),
            Problem::CarelessWins { stars: s, score },
        );
    }
    if let Some(p) = ex.lowest_privacy
        && p < 0
    {
        report(
            &mut out,
            at("scenes"),
            Problem::MeterOutOfRange {
                meter: "privacy",
                value: p.max(-999),
            },
        );
    }
    if let Some(m) = ex.highest_mission
        && m > 100
    {
        report(
            &mut out,
            at("scenes"),
            Problem::MeterOutOfRange {
                meter: "mission",
                value: m.min(999),
            },
        );
    }

    let has_error = out.iter().any(Diagnostic::is_error);
    let summary = (!has_error).then(|| Summary {
        id: level.id.clone(),
        scenes: level.scenes.len(),
        endings_reached: ex.endings.len(),
        endings: level
            .scenes
            .iter()
            .filter(|s| matches!(s, Scene::End(_)))
            .count(),
        score: ex.score_range(),
        stars: ex.min_stars(stars).zip(ex.max_stars(stars)),
        states: ex.states,
    });
    (out, summary, Some(ex))
}

/// A loop is reported once, at its first scene.
fn dedupe_loop_warnings(out: &mut Vec<Diagnostic>) {
    let mut seen = false;
    out.retain(|d| {
        if matches!(d.problem, Problem::LoopWithEffects { .. }) {
            let keep = !seen;
            seen = true;
            keep
        } else {
            true
        }
    });
}
