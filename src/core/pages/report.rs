//! The class report (`agent-trace report`): a class's anonymous results merged into one
//! printable page — per mission, how the class chose at each decision (bar charts), the most
//! frequent careless shares, stars and outcomes, the discussion questions; a summary per
//! topic; the duels; and every row that could not be used, so nothing disappears silently.
//!
//! [`aggregate`] counts (pure, no I/O), [`render_html`] writes the page. Choice indices in the
//! records are indices into the scene's `options` list (whatever order the pupil saw them
//! in), so they are turned back into the option texts of the campaign's level files.

use crate::core::model::data::DataKind;
use crate::core::model::level::{Level, Scene, Topic};
use crate::core::model::text::{Lang, Text};
use crate::core::pages::decisions::{
    careless_option, is_decision, kind_label, short_situation, summary_and_topics,
};
use crate::core::pages::html::{self, Bar, Mark, escape};
use crate::core::play::results::{BadReason, Record};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The `level` of a duel record (`label` = team, `outcome` = win/draw/loss, score = points).
pub const DUEL_LEVEL: &str = crate::core::play::duel::RESULT_LEVEL;

/// How many careless shares are listed per mission.
pub const TOP_CARELESS: usize = 5;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassReport {
    /// Good rows read (duels and unknown missions included).
    pub records: usize,
    /// Class codes with their number of rows, sorted.
    pub class_codes: Vec<(String, usize)>,
    /// The missions played, in campaign order.
    pub levels: Vec<LevelReport>,
    /// Ids of campaign missions nobody played, in campaign order.
    pub not_played: Vec<(String, Text)>,
    /// Per topic (in `Topic::ALL` order), for topics of the missions played.
    pub topics: Vec<TopicReport>,
    /// Missions the campaign does not have: (level id, rows), sorted by id.
    pub unknown: Vec<(String, usize)>,
    pub duels: Vec<DuelRow>,
    /// Rows that could not be read (filled by the caller, who knows the files).
    pub ignored: Vec<Ignored>,
    /// Files that could not be read at all: (file, why).
    pub unread: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LevelReport {
    pub level: Level,
    /// Position in the campaign, from 1.
    pub number: usize,
    pub plays: usize,
    /// Distinct non-empty labels (pseudonyms or teams).
    pub labels: usize,
    pub score_sum: i64,
    pub stars_sum: u64,
    /// Plays per number of stars, 0 to 3.
    pub stars: [usize; 4],
    /// success, partial, failure, unfinished first (when present), then anything else.
    pub outcomes: Vec<(String, usize)>,
    /// Every decision scene of the level, in file order.
    pub scenes: Vec<SceneStats>,
    /// Decisions in the records that do not fit this version of the level.
    pub unmatched: usize,
    /// Decisions that were careless (see [`careless_option`]; a form with a field that was
    /// not needed), out of `judged` (Choice, Chat, Share and Permissions decisions).
    pub careless: usize,
    pub judged: usize,
}

/// How the class decided at one scene.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneStats {
    /// Index of the scene in `level.scenes`.
    pub index: usize,
    /// Times a decision was taken here (a pupil who comes back decides again).
    pub decisions: usize,
    /// Per option (Choice, Chat), per field ticked (Share, Permissions), per answer ticked
    /// (Quiz), in the level file's order.
    pub counts: Vec<usize>,
    /// Quiz: answers that were exactly right. Forms: submissions with only needed fields.
    pub right: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopicReport {
    pub topic: Topic,
    /// Missions (ids) that declare the topic and were played.
    pub levels: Vec<String>,
    pub plays: usize,
    pub stars_sum: u64,
    pub careless: usize,
    pub judged: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuelRow {
    pub class_code: String,
    pub team: String,
    pub points: i32,
    pub outcome: String,
    /// Cards answered (entries of `choices`).
    pub cards: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub file: String,
    pub line: usize,
    pub reason: BadReason,
}

/// One careless share: an option or an unneeded form field, and how often it was chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct CarelessShare {
    pub scene: String,
    pub kind: &'static str,
    /// The option's text or the field's label.
    pub what: Text,
    pub data: Vec<DataKind>,
    /// Picked or ticked this many times…
    pub count: usize,
    /// …out of this many decisions at the scene.
    pub of: usize,
}

impl LevelReport {
    pub fn average_score(&self) -> f64 {
        average(self.score_sum as f64, self.plays)
    }

    pub fn average_stars(&self) -> f64 {
        average(self.stars_sum as f64, self.plays)
    }

    /// The careless shares chosen at least once, most frequent first (ties in scene order).
    pub fn careless_shares(&self) -> Vec<CarelessShare> {
        let mut out = Vec::new();
        for s in &self.scenes {
            let scene = &self.level.scenes[s.index];
            match scene {
                Scene::Choice(_) | Scene::Chat(_) => {
                    for (o, &count) in scene.options().iter().zip(&s.counts) {
                        if count > 0 && careless_option(o) {
                            out.push(CarelessShare {
                                scene: scene.id().to_string(),
                                kind: scene.kind(),
                                what: o.text.clone(),
                                data: o.share.clone(),
                                count,
                                of: s.decisions,
                            });
                        }
                    }
                }
                Scene::Share(f) | Scene::Permissions(f) => {
                    for (field, &count) in f.fields.iter().zip(&s.counts) {
                        if count > 0 && !field.needed {
                            out.push(CarelessShare {
                                scene: scene.id().to_string(),
                                kind: scene.kind(),
                                what: field_label(field),
                                data: vec![field.data],
                                count,
                                of: s.decisions,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        // Stable sort: equal counts keep the order of the scenes.
        out.sort_by_key(|c| std::cmp::Reverse(c.count));
        out
    }
}

impl TopicReport {
    pub fn average_stars(&self) -> f64 {
        average(self.stars_sum as f64, self.plays)
    }
}

fn average(sum: f64, n: usize) -> f64 {
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn field_label(f: &crate::core::model::level::Field) -> Text {
    f.label.clone().unwrap_or_else(|| {
        let info = f.data.info();
        Text::new(info.fr, info.en)
    })
}

/// One decision read back from a record's `choices`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded {
    Pick(usize),
    /// Fields or answers ticked, sorted, without repeats.
    Ticked(Vec<usize>),
}

/// Reads `scene=choice;scene=0+2;quiz=none;story=-` against a level: each decision with the
/// index of its scene, or `None` when it does not fit the level (unknown scene, index out of
/// range, wrong shape). `Continue`s (`-`) on story scenes are skipped.
pub fn decode(level: &Level, choices: &str) -> Vec<Option<(usize, Decoded)>> {
    let mut out = Vec::new();
    for part in choices.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((scene_id, value)) = part.rsplit_once('=') else {
            out.push(None);
            continue;
        };
        let Some(index) = level.scene_index(scene_id.trim()) else {
            out.push(None);
            continue;
        };
        let scene = &level.scenes[index];
        let value = value.trim();
        if value == "-" {
            if !matches!(scene, Scene::Story(_)) {
                out.push(None);
            }
            continue;
        }
        let numbers = || -> Option<Vec<usize>> {
            if value == "none" {
                return Some(Vec::new());
            }
            value
                .split('+')
                .map(|n| n.trim().parse::<usize>().ok())
                .collect()
        };
        let decoded = match scene {
            Scene::Choice(_) | Scene::Chat(_) => value
                .parse::<usize>()
                .ok()
                .filter(|&i| i < scene.options().len())
                .map(Decoded::Pick),
            Scene::Share(f) | Scene::Permissions(f) => numbers()
                .filter(|v| v.iter().all(|&i| i < f.fields.len()))
                .map(|v| Decoded::Ticked(sorted(v))),
            Scene::Quiz(q) => numbers()
                .filter(|v| v.iter().all(|&i| i < q.answers.len()))
                .map(|v| Decoded::Ticked(sorted(v))),
            Scene::Story(_) | Scene::End(_) => None,
        };
        out.push(decoded.map(|d| (index, d)));
    }
    out
}

fn sorted(v: Vec<usize>) -> Vec<usize> {
    v.into_iter().collect::<BTreeSet<_>>().into_iter().collect()
}

const KNOWN_OUTCOMES: [&str; 4] = ["success", "partial", "failure", "unfinished"];

/// Counts the records against the campaign's levels (given in campaign order).
pub fn aggregate(records: &[Record], levels: &[Level]) -> ClassReport {
    let mut report = ClassReport {
        records: records.len(),
        ..ClassReport::default()
    };
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_level: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        *codes.entry(r.class_code.clone()).or_default() += 1;
        if r.level == DUEL_LEVEL {
            report.duels.push(DuelRow {
                class_code: r.class_code.clone(),
                team: r.label.clone(),
                points: r.score,
                outcome: r.outcome.clone(),
                cards: r
                    .choices
                    .split(';')
                    .filter(|c| !c.trim().is_empty())
                    .count(),
            });
        } else if levels.iter().any(|l| l.id == r.level) {
            by_level.entry(r.level.as_str()).or_default().push(r);
        } else {
            *unknown.entry(r.level.clone()).or_default() += 1;
        }
    }
    report.class_codes = codes.into_iter().collect();
    report.unknown = unknown.into_iter().collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (n, level) in levels.iter().enumerate() {
        // A duplicated id (reported by `check`) is counted once, for its first file.
        if !seen.insert(level.id.as_str()) {
            continue;
        }
        match by_level.get(level.id.as_str()) {
            Some(rows) => report.levels.push(level_report(level, n + 1, rows)),
            None => report
                .not_played
                .push((level.id.clone(), level.title.clone())),
        }
    }
    for topic in Topic::ALL {
        let mut t = TopicReport {
            topic,
            levels: Vec::new(),
            plays: 0,
            stars_sum: 0,
            careless: 0,
            judged: 0,
        };
        for l in report
            .levels
            .iter()
            .filter(|l| l.level.topics.contains(&topic))
        {
            t.levels.push(l.level.id.clone());
            t.plays += l.plays;
            t.stars_sum += l.stars_sum;
            t.careless += l.careless;
            t.judged += l.judged;
        }
        if !t.levels.is_empty() {
            report.topics.push(t);
        }
    }
    report
}

fn level_report(level: &Level, number: usize, rows: &[&Record]) -> LevelReport {
    let mut scenes: Vec<SceneStats> = level
        .scenes
        .iter()
        .enumerate()
        .filter(|(_, s)| is_decision(s))
        .map(|(index, s)| SceneStats {
            index,
            decisions: 0,
            counts: vec![
                0;
                match s {
                    Scene::Share(f) | Scene::Permissions(f) => f.fields.len(),
                    Scene::Quiz(q) => q.answers.len(),
                    _ => s.options().len(),
                }
            ],
            right: 0,
        })
        .collect();
    let mut r = LevelReport {
        level: level.clone(),
        number,
        plays: rows.len(),
        labels: 0,
        score_sum: 0,
        stars_sum: 0,
        stars: [0; 4],
        outcomes: Vec::new(),
        scenes: Vec::new(),
        unmatched: 0,
        careless: 0,
        judged: 0,
    };
    let mut labels: BTreeSet<&str> = BTreeSet::new();
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        if !row.label.trim().is_empty() {
            labels.insert(row.label.trim());
        }
        r.score_sum += i64::from(row.score);
        r.stars_sum += u64::from(row.stars);
        r.stars[usize::from(row.stars.min(3))] += 1;
        *outcomes.entry(row.outcome.as_str()).or_default() += 1;
        for d in decode(level, &row.choices) {
            let Some((index, decoded)) = d else {
                r.unmatched += 1;
                continue;
            };
            let Some(stats) = scenes.iter_mut().find(|s| s.index == index) else {
                r.unmatched += 1;
                continue;
            };
            stats.decisions += 1;
            let scene = &level.scenes[index];
            match (scene, decoded) {
                (Scene::Choice(_) | Scene::Chat(_), Decoded::Pick(i)) => {
                    stats.counts[i] += 1;
                    r.judged += 1;
                    if careless_option(&scene.options()[i]) {
                        r.careless += 1;
                    }
                }
                (Scene::Share(f) | Scene::Permissions(f), Decoded::Ticked(ticked)) => {
                    for &i in &ticked {
                        stats.counts[i] += 1;
                    }
                    r.judged += 1;
                    if ticked.iter().any(|&i| !f.fields[i].needed) {
                        r.careless += 1;
                    }
                    if f.fields
                        .iter()
                        .enumerate()
                        .all(|(i, field)| field.needed == ticked.contains(&i))
                    {
                        stats.right += 1;
                    }
                }
                (Scene::Quiz(q), Decoded::Ticked(ticked)) => {
                    for &i in &ticked {
                        stats.counts[i] += 1;
                    }
                    if q.answers
                        .iter()
                        .enumerate()
                        .all(|(i, a)| a.correct == ticked.contains(&i))
                    {
                        stats.right += 1;
                    }
                }
                _ => unreachable!("decode matches the scene kind"),
            }
        }
    }
    r.labels = labels.len();
    for known in KNOWN_OUTCOMES {
        if let Some(n) = outcomes.remove(known) {
            r.outcomes.push((known.to_string(), n));
        }
    }
    r.outcomes
        .extend(outcomes.into_iter().map(|(o, n)| (o.to_string(), n)));
    r.scenes = scenes;
    r
}

/// The name of an outcome, translated when it is one the game writes.
fn outcome_label(outcome: &str, lang: Lang) -> String {
    let known = match outcome {
        "success" => Some(("Réussite", "Success")),
        "partial" => Some(("Fin partielle", "Partial")),
        "failure" => Some(("Échec", "Failure")),
        "unfinished" => Some(("Non terminée", "Unfinished")),
        "win" => Some(("Gagné", "Won")),
        "draw" => Some(("Égalité", "Draw")),
        "loss" => Some(("Perdu", "Lost")),
        _ => None,
    };
    known.map_or_else(|| outcome.to_string(), |(fr, en)| lang.pick(fr, en).into())
}

fn data_names(data: &[DataKind], lang: Lang) -> String {
    data.iter()
        .map(|d| d.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The bars of one scene's chart.
fn bars(level: &Level, stats: &SceneStats, lang: Lang) -> Vec<Bar> {
    let scene = &level.scenes[stats.index];
    match scene {
        Scene::Choice(_) | Scene::Chat(_) => scene
            .options()
            .iter()
            .zip(&stats.counts)
            .map(|(o, &count)| {
                let mut label = o.text.get(lang).to_string();
                if !o.share.is_empty() {
                    let _ = write!(
                        label,
                        " [{} {}]",
                        lang.pick("partage :", "shares:"),
                        data_names(&o.share, lang)
                    );
                }
                Bar {
                    label,
                    count,
                    mark: if o.best {
                        Mark::Good
                    } else if careless_option(o) {
                        Mark::Careless
                    } else {
                        Mark::Plain
                    },
                }
            })
            .collect(),
        Scene::Share(f) | Scene::Permissions(f) => f
            .fields
            .iter()
            .zip(&stats.counts)
            .map(|(field, &count)| Bar {
                label: field_label(field).get(lang).to_string(),
                count,
                mark: if field.needed {
                    Mark::Good
                } else {
                    Mark::Careless
                },
            })
            .collect(),
        Scene::Quiz(q) => q
            .answers
            .iter()
            .zip(&stats.counts)
            .map(|(a, &count)| Bar {
                label: a.text.get(lang).to_string(),
                count,
                mark: if a.correct { Mark::Good } else { Mark::Plain },
            })
            .collect(),
        Scene::Story(_) | Scene::End(_) => Vec::new(),
    }
}

/// `n fois sur m (p %)`.
fn times(count: usize, of: usize, lang: Lang) -> String {
    let p = html::percent(count, of);
    match lang {
        Lang::Fr => format!("{count} fois sur {of} ({p}\u{a0}%)"),
        Lang::En => format!("{count} times out of {of} ({p}%)"),
    }
}

/// The whole page.
pub fn render_html(r: &ClassReport, lang: Lang) -> String {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let mut b = String::new();
    let _ = write!(
        b,
        "<header><h1>{}</h1>",
        t(
            "Agent Trace — rapport de classe",
            "Agent Trace — class report"
        )
    );
    let codes = r
        .class_codes
        .iter()
        .map(|(c, n)| {
            let code = if c.trim().is_empty() {
                t("(sans code)", "(no code)").to_string()
            } else {
                escape(c)
            };
            format!("<strong>{code}</strong> ({n})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(
        b,
        "<p>{} {codes}</p><p>{} <strong>{}</strong> · {} <strong>{}</strong>",
        t("Code(s) de classe :", "Class code(s):"),
        t("Résultats lus :", "Results read:"),
        r.records,
        t("missions jouées :", "missions played:"),
        r.levels.len()
    );
    if !r.ignored.is_empty() || !r.unread.is_empty() {
        let _ = write!(
            b,
            " · {} <strong>{}</strong>",
            t(
                "lignes ou fichiers ignorés (voir en fin de page) :",
                "rows or files ignored (see the end of the page):"
            ),
            r.ignored.len() + r.unread.len()
        );
    }
    b.push_str("</p>");
    if !r.not_played.is_empty() {
        let names = r
            .not_played
            .iter()
            .map(|(_, title)| escape(title.get(lang)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            b,
            "<p class=\"meta\">{} {names}</p>",
            t("Missions sans résultat :", "Missions with no result:")
        );
    }
    let _ = write!(
        b,
        "<p class=\"legend\">{}</p></header>",
        t(
            "Lecture des graphiques : ✔ et barre noire = le meilleur choix, une donnée nécessaire, \
             une bonne réponse ; ⚠ et barre hachurée = un choix imprudent ou une donnée qui n'était \
             pas nécessaire ; barre grise = un autre choix. Les pourcentages se rapportent au \
             nombre de décisions prises dans la scène (un formulaire ou un quiz : chaque case \
             cochée compte). Aucun nom : seulement des pseudos ou des noms d'équipe.",
            "How to read the charts: ✔ and a black bar = the better choice, a needed piece of \
             data, a right answer; ⚠ and a hatched bar = a careless choice or data that was not \
             needed; grey bar = another choice. Percentages are of the decisions taken in the \
             scene (a form or a quiz: each ticked box counts). No names: only nicknames or team \
             names."
        )
    );

    topics_section(&mut b, r, lang);
    let mut chart = 0;
    for l in &r.levels {
        level_section(&mut b, l, lang, &mut chart);
    }
    duels_section(&mut b, r, lang);
    problems_section(&mut b, r, lang);
    let _ = write!(
        b,
        "<footer><p class=\"meta\">{}</p></footer>",
        t(
            "Page produite par « agent-trace report » à partir des résultats anonymes exportés \
             par le jeu.",
            "Page made by `agent-trace report` from the anonymous results exported by the game."
        )
    );
    // The browser tab and the printed page's header name the class(es).
    let mut title = t(
        "Agent Trace — rapport de classe",
        "Agent Trace — class report",
    )
    .to_string();
    let named: Vec<&str> = r
        .class_codes
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| !c.trim().is_empty())
        .collect();
    if !named.is_empty() {
        title.push_str(" — ");
        title.push_str(&named[..named.len().min(3)].join(", "));
        if named.len() > 3 {
            title.push_str(", …");
        }
    }
    html::page(lang, &title, &b)
}

fn topics_section(b: &mut String, r: &ClassReport, lang: Lang) {
    if r.topics.is_empty() {
        return;
    }
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<section class=\"topics\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th>\
         <th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t("Par thème", "By topic"),
        t("Thème", "Topic"),
        t("Missions", "Missions"),
        t("Parties", "Plays"),
        t("Étoiles (moyenne)", "Stars (average)"),
        t("Décisions imprudentes", "Careless decisions"),
    );
    for topic in &r.topics {
        let titles = topic
            .levels
            .iter()
            .filter_map(|id| r.levels.iter().find(|l| &l.level.id == id))
            .map(|l| escape(l.level.title.get(lang)))
            .collect::<Vec<_>>()
            .join(", ");
        let careless = if topic.judged == 0 {
            "—".to_string()
        } else {
            html::count_and_percent(topic.careless, topic.judged, lang)
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{titles}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{careless}</td></tr>",
            escape(topic.topic.label(lang)),
            topic.plays,
            html::decimal(topic.average_stars(), lang),
        );
    }
    let _ = write!(
        b,
        "</tbody></table><p class=\"note\">{}</p></section>",
        t(
            "Décision imprudente : une option marquée risquée ou qui partage une donnée sans être \
             le meilleur choix, ou un formulaire envoyé avec au moins une donnée non nécessaire \
             (nombre sur le total des choix et formulaires des missions du thème).",
            "Careless decision: an option marked risky or sharing data without being the better \
             choice, or a form sent with at least one piece of data that was not needed (count \
             out of all the choices and forms of the topic's missions)."
        )
    );
}

fn level_section(b: &mut String, l: &LevelReport, lang: Lang, chart: &mut usize) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let level = &l.level;
    let _ = write!(
        b,
        "<section class=\"level\" data-level=\"{}\"><h2>{}. {} <span class=\"meta\">({})</span></h2>",
        escape(&level.id),
        l.number,
        escape(level.title.get(lang)),
        escape(&level.id)
    );
    b.push_str(&summary_and_topics(level, lang));
    // Overview, stars, outcomes.
    let _ = write!(
        b,
        "<table class=\"overview\"><thead><tr><th class=\"n\">{}</th><th class=\"n\">{}</th>\
         <th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody><tr>\
         <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         </tr></tbody></table>",
        t("Parties", "Plays"),
        t("Pseudos différents", "Distinct labels"),
        t("Score moyen (sur 100)", "Average score (out of 100)"),
        t("Étoiles (moyenne)", "Stars (average)"),
        l.plays,
        l.labels,
        html::decimal(l.average_score(), lang),
        html::decimal(l.average_stars(), lang),
    );
    b.push_str("<table class=\"stars\"><thead><tr>");
    for n in 0..=3u8 {
        let _ = write!(
            b,
            "<th class=\"n\"><span class=\"stars\" aria-label=\"{n}\">{}</span> ({n})</th>",
            html::stars(n)
        );
    }
    b.push_str("</tr></thead><tbody><tr>");
    for n in l.stars {
        let _ = write!(
            b,
            "<td class=\"n\">{}</td>",
            html::count_and_percent(n, l.plays, lang)
        );
    }
    b.push_str("</tr></tbody></table><table class=\"outcomes\"><thead><tr>");
    for (o, _) in &l.outcomes {
        let _ = write!(
            b,
            "<th class=\"n\">{}</th>",
            escape(&outcome_label(o, lang))
        );
    }
    b.push_str("</tr></thead><tbody><tr>");
    for (_, n) in &l.outcomes {
        let _ = write!(
            b,
            "<td class=\"n\">{}</td>",
            html::count_and_percent(*n, l.plays, lang)
        );
    }
    b.push_str("</tr></tbody></table>");
    if l.unmatched > 0 {
        let _ = write!(
            b,
            "<p class=\"note\">⚠ {} {}</p>",
            l.unmatched,
            t(
                "décision(s) des résultats ne correspondent pas à cette version de la mission \
                 (fichier modifié depuis ?) : elles ne sont pas comptées.",
                "decision(s) in the results do not fit this version of the mission (was the file \
                 changed since?): they are not counted."
            )
        );
    }

    // Charts.
    let _ = write!(
        b,
        "<h3>{}</h3>",
        t("Comment la classe a choisi", "How the class chose")
    );
    for (k, s) in l.scenes.iter().enumerate() {
        let scene = &level.scenes[s.index];
        *chart += 1;
        let situation = short_situation(scene, lang);
        let attrs = format!(
            "data-level=\"{}\" data-scene=\"{}\"",
            escape(&level.id),
            escape(scene.id())
        );
        let title = format!("{} — {}", kind_label(scene.kind(), lang), situation);
        let _ = write!(
            b,
            "<figure class=\"scene\"><figcaption><span class=\"kind\">{}. {}</span> — {} \
             <span class=\"meta\">· {} {}</span></figcaption>",
            k + 1,
            escape(kind_label(scene.kind(), lang)),
            escape(&situation),
            s.decisions,
            t("décision(s)", "decision(s)")
        );
        b.push_str(&html::bar_chart(
            &format!("c{chart}"),
            &attrs,
            &title,
            &bars(level, s, lang),
            s.decisions,
            lang,
        ));
        match scene {
            Scene::Quiz(_) => {
                let _ = write!(
                    b,
                    "<p class=\"meta\">{} {}</p>",
                    t("Réponses entièrement justes :", "Fully right answers:"),
                    html::count_and_percent(s.right, s.decisions, lang)
                );
            }
            Scene::Share(_) | Scene::Permissions(_) => {
                let _ = write!(
                    b,
                    "<p class=\"meta\">{} {}</p>",
                    t(
                        "Envois avec exactement les données nécessaires :",
                        "Sent with exactly the data needed:"
                    ),
                    html::count_and_percent(s.right, s.decisions, lang)
                );
            }
            _ => {}
        }
        b.push_str("</figure>");
    }

    // Careless shares.
    let _ = write!(
        b,
        "<h3>{}</h3>",
        t(
            "Les partages imprudents les plus fréquents",
            "The most frequent careless shares"
        )
    );
    let careless = l.careless_shares();
    if careless.is_empty() {
        let _ = write!(
            b,
            "<p>{}</p>",
            t(
                "Aucun partage imprudent dans ces résultats.",
                "No careless share in these results."
            )
        );
    } else {
        b.push_str("<ol class=\"careless\">");
        for c in careless.iter().take(TOP_CARELESS) {
            let data = if c.data.is_empty() {
                t("choix risqué", "risky choice").to_string()
            } else {
                format!(
                    "{} {}",
                    t("donnée(s) :", "data:"),
                    data_names(&c.data, lang)
                )
            };
            let _ = write!(
                b,
                "<li><strong>⚠ {}</strong> — {} — {} <span class=\"meta\">({} « {} »)</span></li>",
                escape(c.what.get(lang)),
                escape(&data),
                times(c.count, c.of, lang),
                escape(kind_label(c.kind, lang)),
                escape(&c.scene)
            );
        }
        b.push_str("</ol>");
    }

    // Discussion.
    let _ = write!(
        b,
        "<h3>{}</h3><ol class=\"questions\">",
        t("À discuter en classe", "For class discussion")
    );
    for q in &level.debrief.questions {
        let _ = write!(b, "<li>{}</li>", escape(q.get(lang)));
    }
    let _ = write!(
        b,
        "</ol><p class=\"lesson\">{} {}</p></section>",
        t("À retenir :", "Key lesson:"),
        escape(level.debrief.lesson.get(lang))
    );
}

fn duels_section(b: &mut String, r: &ClassReport, lang: Lang) {
    if r.duels.is_empty() {
        return;
    }
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<section class=\"page duels\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th>\
         <th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t("Duels", "Duels"),
        t("Équipe", "Team"),
        t("Classe", "Class"),
        t("Points", "Points"),
        t("Résultat", "Result"),
        t("Cartes jouées", "Cards played"),
    );
    for d in &r.duels {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&d.team),
            escape(&d.class_code),
            d.points,
            escape(&outcome_label(&d.outcome, lang)),
            d.cards
        );
    }
    b.push_str("</tbody></table></section>");
}

fn problems_section(b: &mut String, r: &ClassReport, lang: Lang) {
    if r.unknown.is_empty() && r.ignored.is_empty() && r.unread.is_empty() {
        return;
    }
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<section class=\"problems\"><h2>{}</h2>",
        t("Ce qui n'a pas été compté", "What was not counted")
    );
    if !r.unknown.is_empty() {
        let _ = write!(
            b,
            "<h3>{}</h3><ul>",
            t(
                "Missions absentes de cette campagne",
                "Missions not in this campaign"
            )
        );
        for (id, n) in &r.unknown {
            let _ = match lang {
                Lang::Fr => write!(
                    b,
                    "<li>mission « {} » : {n} ligne(s), pas dans cette campagne</li>",
                    escape(id)
                ),
                Lang::En => write!(
                    b,
                    "<li>mission “{}”: {n} row(s), not in this campaign</li>",
                    escape(id)
                ),
            };
        }
        b.push_str("</ul>");
    }
    if !r.unread.is_empty() {
        let _ = write!(
            b,
            "<h3>{}</h3><ul>",
            t("Fichiers illisibles", "Unreadable files")
        );
        for (file, why) in &r.unread {
            let _ = write!(
                b,
                "<li><span class=\"url\">{}</span> : {}</li>",
                escape(file),
                escape(why)
            );
        }
        b.push_str("</ul>");
    }
    if !r.ignored.is_empty() {
        let _ = write!(
            b,
            "<h3>{}</h3><table><thead><tr><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr>\
             </thead><tbody>",
            t("Lignes ignorées", "Rows ignored"),
            t("Fichier", "File"),
            t("Ligne", "Line"),
            t("Raison", "Reason"),
        );
        for i in &r.ignored {
            let _ = write!(
                b,
                "<tr><td class=\"url\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                escape(&i.file),
                i.line,
                escape(&i.reason.text(lang))
            );
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Level {
        let src = std::fs::read_to_string("levels/ch1-concours.ron").unwrap();
        crate::core::check::load::parse("concours", &src).unwrap()
    }

    fn record(level: &str, choices: &str, stars: u8, label: &str) -> Record {
        Record {
            level: level.into(),
            class_code: "LYNX-42".into(),
            label: label.into(),
            choices: choices.into(),
            outcome: "success".into(),
            score: 70,
            stars,
            duration_s: 300,
        }
    }

    #[test]
    fn decoding_follows_the_scene_kinds() {
        let level = template();
        let form = level.scene_index("formulaire").unwrap();
        let verifier = level.scene_index("verifier").unwrap();
        let d = decode(
            &level,
            "debut=-;verifier=1;formulaire=2+0+2;formulaire=none;verifier=9;nope=1;formulaire=1x;verifier=0+1",
        );
        assert_eq!(
            d,
            [
                Some((verifier, Decoded::Pick(1))),
                Some((form, Decoded::Ticked(vec![0, 2]))),
                Some((form, Decoded::Ticked(vec![]))),
                None,
                None,
                None,
                None,
            ]
        );
    }

    #[test]
    fn counts_careless_shares_and_unknown_levels() {
        let level = template();
        let records = [
            record("concours", "verifier=0;formulaire=0+1+2", 1, "A"),
            record("concours", "verifier=1;formulaire=0+1", 3, "B"),
            record("concours", "verifier=0;formulaire=0+1+2+4;bad=2", 0, "A"),
            record("ancienne", "x=1", 2, ""),
            record("duel", "concours/partage=1;lampe/perms=0+2", 0, "Les Lynx"),
        ];
        let r = aggregate(&records, std::slice::from_ref(&level));
        assert_eq!(r.records, 5);
        assert_eq!(r.unknown, [("ancienne".to_string(), 1)]);
        assert_eq!(r.duels.len(), 1);
        assert_eq!(r.duels[0].cards, 2);
        let l = &r.levels[0];
        assert_eq!((l.plays, l.labels, l.unmatched), (3, 2, 1));
        assert_eq!(l.stars, [1, 1, 0, 1]);
        let verifier = l
            .scenes
            .iter()
            .find(|s| level.scenes[s.index].id() == "verifier")
            .unwrap();
        assert_eq!(
            (verifier.decisions, &verifier.counts[..]),
            (3, &[2, 1, 0][..])
        );
        let careless = l.careless_shares();
        // Birth date ticked twice, "fill it in right now" (risky) twice, school once.
        assert_eq!(
            careless
                .iter()
                .map(|c| (c.scene.as_str(), c.count))
                .collect::<Vec<_>>(),
            [("verifier", 2), ("formulaire", 2), ("formulaire", 1)]
        );
        assert_eq!(careless[1].data, [DataKind::BirthDate]);
        // 2 risky picks + 2 forms with extra fields, out of 6 decisions.
        assert_eq!((l.careless, l.judged), (4, 6));
        let topics: Vec<Topic> = r.topics.iter().map(|t| t.topic).collect();
        assert_eq!(topics, level.topics);
        assert!(r.not_played.is_empty());
    }

    #[test]
    fn the_page_escapes_what_comes_from_files() {
        let level = template();
        let decisions = level.scenes.iter().filter(|s| is_decision(s)).count();
        let mut bad = record("duel", "", 0, "<script>alert(1)</script>");
        bad.class_code = "<b>&".into();
        let records = [record("concours", "verifier=1", 3, "x"), bad];
        let mut r = aggregate(&records, &[level]);
        r.ignored.push(Ignored {
            file: "<i>.csv".into(),
            line: 3,
            reason: BadReason::Numbers,
        });
        for lang in [Lang::Fr, Lang::En] {
            let page = render_html(&r, lang);
            assert!(!page.contains("<script"), "{page}");
            assert!(!page.contains("<b>&") && !page.contains("<i>.csv"));
            assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert!(page.contains("&lt;b&gt;&amp;"));
            assert_eq!(page.matches("<svg").count(), decisions);
        }
    }
}
