//! The semantic checks of a parsed level: references, translations, conditions, and what
//! the path explorer finds (reachability, ways out, winnability, stars).

use crate::core::check::diagnostic::{Diagnostic, MeterChange, MeterHow, Problem};
use crate::core::check::explore::{self, EarlierLevel, Exploration, MeterPath, PastLevels};
use crate::core::check::judgement;
use crate::core::check::report::Report;
use crate::core::check::spans::SpanIndex;
use crate::core::check::suggest::Suggest;
use crate::core::model::campaign::Glossary;
use crate::core::model::level::{Cond, FORMAT, Level, Look, Scene};
use crate::core::model::text::{Lang, Name, Text};
use std::collections::{BTreeSet, HashMap};

/// What a level is checked against besides itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// The folder's own glossary, if it has one: terms are looked up there, then in the
    /// bundled glossary (always).
    pub glossary: Option<&'a Glossary>,
    /// Every level of the campaign in playing order with the data it can share; `None` when
    /// the level is checked on its own.
    pub campaign: Option<&'a [EarlierLevel]>,
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

/// The texts of a Choice's look (`p`: the scene's path).
fn look_texts<'a>(p: &str, look: &'a Look, out: &mut Vec<(String, &'a Text)>) {
    let name = |path: String, n: &'a Name, out: &mut Vec<(String, &'a Text)>| {
        if let Name::Translated(t) = n {
            out.push((path, t));
        }
    };
    match look {
        Look::Post(post) => {
            name(format!("{p}.look.author"), &post.author, out);
            out.push((format!("{p}.look.text"), &post.text));
            if let Some(photo) = &post.photo {
                out.push((format!("{p}.look.photo"), photo));
            }
            for (k, c) in post.comments.iter().enumerate() {
                name(format!("{p}.look.comments[{k}].from"), &c.from, out);
                out.push((format!("{p}.look.comments[{k}].text"), &c.text));
            }
        }
        Look::Banner(b) => name(format!("{p}.look.site"), &b.site, out),
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
                if let Some(t) = &c.context {
                    out.push(push("context", t));
                }
                out.push(push("text", &c.text));
                if let Some(e) = &c.explain {
                    out.push(push("explain", e));
                }
                if let Some(look) = &c.look {
                    look_texts(&p, look, &mut out);
                }
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                if let Some(t) = &f.context {
                    out.push(push("context", t));
                }
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

/// Checks a parsed level, pass by pass. Returns the diagnostics and, when the level has no
/// error, its summary.
pub fn validate(
    file: &str,
    level: &Level,
    spans: &SpanIndex,
    ctx: Context,
) -> (Vec<Diagnostic>, Option<Summary>, Option<Exploration>) {
    let mut r = Report {
        file,
        spans,
        out: Vec::new(),
    };
    // "Did you mean": a bounded number of searches per file (see `Suggest`).
    let mut suggest = Suggest::default();
    if level.format != FORMAT {
        r.push(
            "format",
            Problem::UnsupportedFormat {
                found: level.format,
                supported: FORMAT,
            },
        );
        return (r.out, None, None);
    }
    let ids_unique = ids(level, &mut r);
    let dangling = references(level, &mut r, &mut suggest);
    translations(level, &mut r);
    let uses = shapes(level, &mut r);
    let position = ctx
        .campaign
        .and_then(|c| c.iter().position(|l| l.id == level.id));
    conditions(level, &uses, ctx, position, &mut r, &mut suggest);
    stars_and_debrief(level, ctx, &mut r, &mut suggest);
    cast(level, &mut r, &mut suggest);
    judgement::telegraphs(level, &mut r);
    judgement::best_never_shares(level, &mut r);
    judgement::setup_for_cards(level, &mut r);

    // The explorer needs valid references.
    if dangling || level.scenes.is_empty() || !ids_unique {
        return (r.out, None, None);
    }
    let earlier = ctx.campaign.map(|c| &c[..position.unwrap_or(c.len())]);
    let past = PastLevels {
        earlier: earlier.map(<[EarlierLevel]>::to_vec),
    };
    let ex = explore::explore(level, &past);
    if ex.truncated {
        r.push(
            "scenes",
            Problem::TooManyStates {
                limit: explore::MAX_STATES,
            },
        );
        return (r.out, None, Some(ex));
    }
    paths(level, &ex, &mut r);
    winnability(level, &ex, &mut r);
    judgement::refusing_everything(level, &ex, &mut r);
    if let Some(earlier) = earlier {
        judgement::callbacks_punishing_right(level, &uses.conds, earlier, &mut r);
    }
    let has_error = r.out.iter().any(Diagnostic::is_error);
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
        stars: ex.min_stars(level.stars).zip(ex.max_stars(level.stars)),
        states: ex.states,
    });
    (r.out, summary, Some(ex))
}

/// The level id and the scene ids: valid and unique; there are scenes and an ending.
/// Returns whether the scene ids are unique.
fn ids(level: &Level, r: &mut Report) -> bool {
    if !valid_id(&level.id) {
        r.push(
            "id",
            Problem::BadId {
                id: level.id.clone(),
            },
        );
    }
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    for (i, scene) in level.scenes.iter().enumerate() {
        let path = format!("scenes[{i}].id");
        if !valid_id(scene.id()) {
            r.push(
                &path,
                Problem::BadId {
                    id: scene.id().to_string(),
                },
            );
        }
        if let Some(&first) = first_index.get(scene.id()) {
            let first_line = r
                .at(&format!("scenes[{first}].id"))
                .map_or(0, |s| s.start.line);
            r.push(
                &path,
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
        r.push("scenes", Problem::NoScenes);
    } else if !level.scenes.iter().any(|s| matches!(s, Scene::End(_))) {
        r.push("scenes", Problem::NoEnding);
    }
    first_index.len() == level.scenes.len()
}

/// Every `start`, `next`, `incomplete` and `wrong` names a scene. Returns whether one does not.
fn references(level: &Level, r: &mut Report, suggest: &mut Suggest) -> bool {
    let ids: Vec<&str> = level.scenes.iter().map(|s| s.id()).collect();
    let known: std::collections::HashSet<&str> = ids.iter().copied().collect();
    let mut dangling = false;
    let mut check_ref = |r: &mut Report, path: &str, id: &str| {
        if !known.contains(id) {
            dangling = true;
            r.push(
                path,
                Problem::UnknownScene {
                    id: id.to_string(),
                    suggestion: suggest.closest(id, ids.iter().copied()),
                },
            );
        }
    };
    if let Some(start) = &level.start {
        check_ref(r, "start", start);
    }
    for (i, scene) in level.scenes.iter().enumerate() {
        for (field, target) in scene.exits() {
            check_ref(r, &format!("scenes[{i}].{field}"), target);
        }
    }
    dangling
}

/// The cast: bundled portraits, given to names the level shows.
fn cast(level: &Level, r: &mut Report, suggest: &mut Suggest) {
    use crate::core::model::cast;
    let ids = || cast::PORTRAITS.iter().map(|p| p.id);
    let names = cast::names(level);
    for (i, role) in level.cast.iter().enumerate() {
        if cast::find(&role.portrait).is_none() {
            let suggestion = suggest.closest(&role.portrait, ids());
            r.push(
                &format!("cast[{i}].portrait"),
                Problem::UnknownPortrait {
                    id: role.portrait.clone(),
                    suggestion,
                },
            );
        }
        if !names.contains(&role.name.as_str()) {
            let suggestion = suggest.closest(&role.name, names.iter().copied());
            r.push(
                &format!("cast[{i}].name"),
                Problem::CastNameUnused {
                    name: role.name.clone(),
                    suggestion,
                },
            );
        }
    }
}

/// Texts: both languages, never blank, and nothing the game's fonts cannot draw.
fn translations(level: &Level, r: &mut Report) {
    for (path, text) in texts(level) {
        let languages = [&text.fr, &text.en];
        if let Some(ch) = languages
            .into_iter()
            .flatten()
            .find_map(|t| super::glyphs::first_undrawable(t))
        {
            r.push(&path, Problem::UndrawableCharacter { ch });
        }
        let missing = text.missing();
        if missing.len() == 2 {
            r.push(&path, Problem::EmptyText);
        } else {
            for lang in missing {
                r.push(&path, Problem::MissingTranslation { lang });
            }
        }
    }
}

/// What the scenes set and read, collected while checking their shapes.
#[derive(Default)]
struct Uses<'a> {
    flags_set: BTreeSet<&'a str>,
    /// Where each flag is first set.
    set_at: HashMap<&'a str, String>,
    /// Every condition, with its path.
    conds: Vec<(String, &'a Cond)>,
}

/// Scene shapes: option and answer counts, form fields, recipients.
fn shapes<'a>(level: &'a Level, r: &mut Report) -> Uses<'a> {
    let mut uses = Uses::default();
    for (i, scene) in level.scenes.iter().enumerate() {
        let p = format!("scenes[{i}]");
        match scene {
            Scene::Choice(c) if !(2..=4).contains(&c.options.len()) => r.push(
                &format!("{p}.options"),
                Problem::OptionCount {
                    count: c.options.len(),
                },
            ),
            Scene::Chat(c) if c.options.is_empty() || c.options.len() > 4 => r.push(
                &format!("{p}.options"),
                Problem::OptionCount {
                    count: c.options.len(),
                },
            ),
            Scene::Quiz(q) => {
                if !q.answers.iter().any(|a| a.correct) {
                    r.push(&format!("{p}.answers"), Problem::QuizWithoutRightAnswer);
                }
                if q.answers.len() < 2 {
                    r.push(
                        &format!("{p}.answers"),
                        Problem::OptionCount {
                            count: q.answers.len(),
                        },
                    );
                }
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                if f.fields.is_empty() {
                    r.push(&format!("{p}.fields"), Problem::FormWithoutFields);
                }
                let mut seen = BTreeSet::new();
                for (k, field) in f.fields.iter().enumerate() {
                    if !seen.insert(field.data) {
                        r.push(
                            &format!("{p}.fields[{k}].data"),
                            Problem::RepeatedField {
                                data: field.data.ident(),
                            },
                        );
                    }
                }
            }
            Scene::Story(s) => {
                for (k, b) in s.branches.iter().enumerate() {
                    uses.conds
                        .push((format!("{p}.branches[{k}].when"), &b.when));
                }
            }
            _ => {}
        }
        for (k, o) in scene.options().iter().enumerate() {
            if !o.share.is_empty() && o.to.is_none() && matches!(scene, Scene::Choice(_)) {
                r.push(
                    &format!("{p}.options[{k}].share"),
                    Problem::ShareWithoutRecipient,
                );
            }
            for f in &o.set {
                uses.flags_set.insert(f);
                uses.set_at
                    .entry(f)
                    .or_insert_with(|| format!("{p}.options[{k}].set"));
            }
            if let Some(w) = &o.when {
                uses.conds.push((format!("{p}.options[{k}].when"), w));
            }
        }
    }
    uses
}

/// Conditions: flags that are never set (or set and never read), levels that do not exist
/// or come later in the campaign.
fn conditions(
    level: &Level,
    uses: &Uses,
    ctx: Context,
    position: Option<usize>,
    r: &mut Report,
    suggest: &mut Suggest,
) {
    let mut flags_read: BTreeSet<&str> = BTreeSet::new();
    for (path, cond) in &uses.conds {
        let mut leaves = Vec::new();
        cond.leaves(&mut leaves);
        for leaf in leaves {
            match leaf {
                Cond::Flag(f) => {
                    flags_read.insert(f);
                    if !uses.flags_set.contains(f.as_str()) {
                        r.push(
                            path,
                            Problem::FlagNeverSet {
                                flag: f.clone(),
                                suggestion: suggest.closest(f, uses.flags_set.iter().copied()),
                            },
                        );
                    }
                }
                Cond::SharedIn(_, other) if *other != level.id => {
                    let Some(campaign) = ctx.campaign else {
                        continue;
                    };
                    match campaign.iter().position(|l| l.id == *other) {
                        None => r.push(
                            path,
                            Problem::UnknownLevel {
                                id: other.clone(),
                                suggestion: suggest
                                    .closest(other, campaign.iter().map(|l| l.id.as_str())),
                            },
                        ),
                        Some(p) if position.is_some_and(|me| p > me) => {
                            r.push(path, Problem::LaterLevel { id: other.clone() })
                        }
                        Some(_) => {}
                    }
                }
                _ => {}
            }
        }
    }
    for (flag, path) in &uses.set_at {
        if !flags_read.contains(flag) {
            r.push(
                path,
                Problem::FlagNeverRead {
                    flag: flag.to_string(),
                },
            );
        }
    }
}

/// Star thresholds in order; the debrief's questions, sources and glossary terms.
fn stars_and_debrief(level: &Level, ctx: Context, r: &mut Report, suggest: &mut Suggest) {
    let stars = level.stars;
    if !(0 <= stars.two && stars.two <= stars.three && stars.three <= 100) {
        r.push(
            "stars",
            Problem::StarsOrder {
                two: stars.two,
                three: stars.three,
            },
        );
    }
    let d = &level.debrief;
    if !(2..=4).contains(&d.questions.len()) {
        r.push(
            "debrief.questions",
            Problem::FewQuestions {
                count: d.questions.len(),
            },
        );
    }
    if d.sources.is_empty() {
        r.push("debrief.sources", Problem::NoSources);
    }
    for (i, s) in d.sources.iter().enumerate() {
        if !s.url.starts_with("https://") || s.url.contains(char::is_whitespace) {
            r.push(
                &format!("debrief.sources[{i}].url"),
                Problem::BadUrl { url: s.url.clone() },
            );
        }
    }
    for (i, term) in d.glossary.iter().enumerate() {
        if Glossary::lookup(ctx.glossary, term).is_none() {
            r.push(
                &format!("debrief.glossary[{i}]"),
                Problem::UnknownTerm {
                    id: term.clone(),
                    suggestion: suggest.closest(term, Glossary::known_ids(ctx.glossary)),
                },
            );
        }
    }
}

/// What the explorer found scene by scene: unreachable scenes, dead ends, traps, loops.
fn paths(level: &Level, ex: &Exploration, r: &mut Report) {
    for (i, scene) in level.scenes.iter().enumerate() {
        let id = scene.id().to_string();
        let span = r.scene(i);
        if !ex.reached[i] {
            r.push_at(span, Problem::Unreachable { id });
            continue;
        }
        if ex.no_option[i] {
            r.push_at(span, Problem::NoOptionAvailable { id: id.clone() });
        }
        if ex.stuck[i] {
            r.push_at(span, Problem::Stuck { id: id.clone() });
        }
        if ex.loop_with_effects[i] {
            r.push_at(
                span,
                Problem::LoopWithEffects {
                    id,
                    permissions: permissions_in_loop(level, ex),
                },
            );
        }
    }
    // Every stuck scene is reported (each is a place a pupil gets trapped); a loop once.
    dedupe_loop_warnings(&mut r.out);
}

/// The level can be won, its stars earned, careless play does not pay, meters stay in range.
fn winnability(level: &Level, ex: &Exploration, r: &mut Report) {
    let stars = level.stars;
    let at_stars = r.at("stars").or(r.at("id"));
    match ex.best[0] {
        None => {
            let span = r.at("scenes").or(r.at("id"));
            r.push_at(span, Problem::NoSuccess)
        }
        Some(best) if best < stars.three && stars.three <= 100 => {
            let span = r.at("stars.three").or(at_stars);
            r.push_at(
                span,
                Problem::StarUnreachable {
                    stars: 3,
                    needed: stars.three,
                    best,
                },
            );
        }
        Some(_) => {}
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
        r.push_at(at_stars, Problem::CarelessWins { stars: s, score });
    }
    for (meter, value, path) in [
        (
            "privacy",
            ex.lowest_privacy.filter(|p| *p < 0),
            &ex.privacy_path,
        ),
        (
            "mission",
            ex.highest_mission.filter(|m| *m > 100),
            &ex.mission_path,
        ),
    ] {
        let (Some(value), Some(path)) = (value, path) else {
            continue;
        };
        let changes = meter_changes(level, path, meter == "privacy");
        let main = changes
            .iter()
            .max_by_key(|c| c.change.abs())
            .filter(|c| c.change != 0);
        let main_index = main.and_then(|c| level.scenes.iter().position(|s| s.id() == c.scene));
        let repeated_loop = path.repeated_loop.map(|i| level.scenes[i].id().to_string());
        let loop_index = path.repeated_loop;
        let span = loop_index
            .or(main_index)
            .and_then(|i| r.scene(i))
            .or(r.at("scenes"));
        r.push_at(
            span,
            Problem::MeterOutOfRange {
                meter,
                value: value.clamp(-999, 999),
                main_scene: main.map(|c| c.scene.clone()),
                path: changes,
                repeated_loop,
            },
        );
    }
}

/// The explorer's path as a teacher reads it: each scene, what the pupil does there, and
/// what that adds to the meter.
fn meter_changes(level: &Level, path: &MeterPath, privacy: bool) -> Vec<MeterChange> {
    path.steps
        .iter()
        .map(|step| {
            let scene = &level.scenes[step.scene];
            let next_id = level.scenes[step.next].id();
            let how = match scene {
                Scene::Share(_) | Scene::Permissions(_) => MeterHow::EverythingTicked,
                Scene::Quiz(_) => MeterHow::RightAnswer,
                _ => scene
                    .options()
                    .iter()
                    .find(|o| {
                        let cost: i32 = o.share.iter().map(|d| d.weight()).sum();
                        let change = if privacy { o.privacy - cost } else { o.mission };
                        o.next == next_id && change == step.change
                    })
                    .map_or(MeterHow::Other, |o| MeterHow::Option(o.text.clone())),
            };
            MeterChange {
                scene: scene.id().to_string(),
                change: step.change,
                how,
            }
        })
        .collect()
}

/// A Permissions scene inside a loop with effects: the template's "try again" pitfall.
fn permissions_in_loop(level: &Level, ex: &Exploration) -> Option<String> {
    level
        .scenes
        .iter()
        .zip(&ex.loop_with_effects)
        .find(|(s, in_loop)| **in_loop && matches!(s, Scene::Permissions(_)))
        .map(|(s, _)| s.id().to_string())
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
