//! `check --stats`: per mission, the figures that say whether a pupil must think to win —
//! decisions, how often the better option is the longest, how often it shares, how often
//! it costs mission points (a dilemma), what a pupil
//! who refuses everything, a careless one and the best one can reach, and the minutes a
//! careful run takes (see `core::play::reading`).

use crate::core::check::explore::{Exploration, OUTCOMES};
use crate::core::model::level::{Level, Outcome};
use crate::core::model::measure;
use crate::core::model::score;
use crate::core::model::text::Lang;
use crate::core::play::reading;
use std::sync::Arc;

/// One mission's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub decisions: usize,
    /// Decisions whose better option is the longest, in French and in English.
    pub longest: [usize; 2],
    pub best_shares: usize,
    /// Decisions where the careful choice earns fewer mission points than another.
    pub dilemmas: usize,
    /// The best a pupil who shares nothing can reach.
    pub refusing: Option<(Outcome, u8)>,
    pub careless_stars: Option<u8>,
    pub best_stars: Option<u8>,
    /// Careful run, in French.
    pub minutes: Option<f64>,
}

pub fn row(level: &Level, ex: &Exploration) -> Row {
    let decisions = measure::decisions(level);
    let longest = |lang| {
        decisions
            .iter()
            .filter(|d| d.best_is_longest_in(lang))
            .count()
    };
    let refusing = OUTCOMES
        .iter()
        .zip(ex.best_sharing_nothing)
        .find_map(|(o, s)| s.map(|s| (*o, score::stars(*o, s, level.stars))));
    Row {
        id: level.id.clone(),
        decisions: decisions.len(),
        longest: [longest(Lang::Fr), longest(Lang::En)],
        best_shares: decisions.iter().filter(|d| d.best_shares).count(),
        dilemmas: decisions.iter().filter(|d| d.best_costs).count(),
        refusing,
        careless_stars: ex.max_stars_careless(level.stars),
        best_stars: ex.max_stars(level.stars),
        minutes: reading::careful_play(&Arc::new(level.clone()), Lang::Fr).map(|e| e.minutes()),
    }
}

fn percent(part: usize, whole: usize) -> String {
    match (100 * part + whole / 2).checked_div(whole) {
        Some(p) => format!("{p} %"),
        None => "–".into(),
    }
}

fn stars(s: Option<u8>) -> String {
    s.map_or("–".into(), |s| format!("{s}★"))
}

/// The table, one line per mission and a line for the whole campaign.
pub fn render(rows: &[Row], lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let head = if fr {
        [
            "mission",
            "décisions",
            "meilleure = plus longue (fr/en)",
            "meilleure partage",
            "meilleure coûte",
            "tout refuser",
            "imprudent",
            "meilleur",
            "minutes",
        ]
    } else {
        [
            "mission",
            "decisions",
            "best = longest (fr/en)",
            "best shares",
            "best costs",
            "refuse all",
            "careless",
            "best",
            "minutes",
        ]
    };
    let outcome = |o: Outcome| match (o, fr) {
        (Outcome::Success, true) => "réussite",
        (Outcome::Partial, true) => "partielle",
        (Outcome::Failure, true) => "échec",
        (Outcome::Success, false) => "success",
        (Outcome::Partial, false) => "partial",
        (Outcome::Failure, false) => "failure",
    };
    let mut lines: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                r.decisions.to_string(),
                format!("{}/{}", r.longest[0], r.longest[1]),
                r.best_shares.to_string(),
                r.dilemmas.to_string(),
                r.refusing.map_or(
                    if fr { "aucune fin" } else { "no ending" }.into(),
                    |(o, s)| format!("{} {s}★", outcome(o)),
                ),
                stars(r.careless_stars),
                stars(r.best_stars),
                r.minutes.map_or("–".into(), |m| format!("{m:.1}")),
            ]
        })
        .collect();
    let sum = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let total = sum(|r| r.decisions);
    let minutes: Vec<f64> = rows.iter().filter_map(|r| r.minutes).collect();
    let span = |pick: fn(f64, f64) -> f64, start| minutes.iter().copied().fold(start, pick);
    lines.push([
        if fr { "campagne" } else { "campaign" }.into(),
        total.to_string(),
        format!(
            "{} / {}",
            percent(sum(|r| r.longest[0]), total),
            percent(sum(|r| r.longest[1]), total)
        ),
        percent(sum(|r| r.best_shares), total),
        percent(sum(|r| r.dilemmas), total),
        String::new(),
        String::new(),
        String::new(),
        if minutes.is_empty() {
            "–".into()
        } else {
            format!("{:.1}–{:.1}", span(f64::min, f64::MAX), span(f64::max, 0.0))
        },
    ]);
    let mut widths = head.map(|h| h.chars().count());
    for l in &lines {
        for (w, cell) in widths.iter_mut().zip(l) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut write = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    write(&head.map(String::from));
    for l in &lines {
        write(l);
    }
    out
}
