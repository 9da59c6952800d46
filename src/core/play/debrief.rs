//! The debrief: turns a finished run into what the debrief screen (and the printable sheet)
//! shows — each decision with its consequence, the expert's explanation and the better
//! choice, the data that left and to whom, the lesson, questions, glossary and sources.

use crate::core::model::campaign::{Glossary, Term};
use crate::core::model::data::DataKind;
use crate::core::model::level::{Outcome, Scene, Source};
use crate::core::model::score::Meters;
use crate::core::model::text::{Name, Text};
use crate::core::play::{Action, Run};

#[derive(Clone, Debug, PartialEq)]
pub struct Debrief {
    pub level: String,
    pub title: Text,
    pub outcome: Option<Outcome>,
    pub ending: Option<Text>,
    pub meters: Meters,
    pub score: i32,
    pub stars: u8,
    pub decisions: Vec<DecisionReport>,
    /// What left during this level, once per (data, recipient).
    pub data_left: Vec<(DataKind, Name)>,
    pub lesson: Text,
    pub questions: Vec<Text>,
    pub glossary: Vec<Term>,
    pub sources: Vec<Source>,
}

/// Was the decision the better one?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Best,
    /// A better choice existed (named in `better`).
    CouldBeBetter,
    /// The scene marks no option as better.
    Open,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DecisionReport {
    pub scene: String,
    pub kind: &'static str,
    /// The situation: the scene's text, the quiz question, or the contact's last message.
    pub situation: Text,
    /// What the pupil chose: an option, the ticked fields, the ticked answers.
    pub chosen: Vec<Text>,
    pub consequence: Option<Text>,
    pub explanation: Option<Text>,
    pub better: Vec<Text>,
    pub verdict: Verdict,
    pub shared: Vec<DataKind>,
    pub to: Option<Name>,
    pub meters: Meters,
    /// Share/Permissions: every field with whether it was ticked, needed, and why.
    pub fields: Vec<FieldReport>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldReport {
    pub data: DataKind,
    pub label: Text,
    pub ticked: bool,
    pub needed: bool,
    pub why: Option<Text>,
}

fn data_text(d: DataKind) -> Text {
    let info = d.info();
    Text::new(info.fr, info.en)
}

pub fn build(run: &Run, glossary: Option<&Glossary>) -> Debrief {
    let level = &run.level;
    let mut decisions = Vec::new();
    for d in &run.decisions {
        let Some(scene) = level.scene(&d.scene) else {
            continue;
        };
        let mut r = DecisionReport {
            scene: d.scene.clone(),
            kind: scene.kind(),
            situation: Text::default(),
            chosen: Vec::new(),
            consequence: None,
            explanation: None,
            better: Vec::new(),
            verdict: Verdict::Open,
            shared: d.shared.clone(),
            to: d.to.clone(),
            meters: d.meters,
            fields: Vec::new(),
        };
        match (scene, &d.action) {
            (Scene::Choice(_) | Scene::Chat(_), Action::Pick(i)) => {
                let (situation, explain) = match scene {
                    Scene::Choice(c) => (c.text.clone(), c.explain.clone()),
                    Scene::Chat(c) => (
                        c.messages
                            .last()
                            .map(|m| m.text.clone())
                            .unwrap_or_default(),
                        c.explain.clone(),
                    ),
                    _ => unreachable!("matched above"),
                };
                r.situation = situation;
                r.explanation = explain;
                let options = scene.options();
                if let Some(o) = options.get(*i) {
                    r.chosen.push(o.text.clone());
                    r.consequence = o.feedback.clone();
                    let best: Vec<Text> = options
                        .iter()
                        .filter(|o| o.best)
                        .map(|o| o.text.clone())
                        .collect();
                    r.verdict = if o.best {
                        Verdict::Best
                    } else if best.is_empty() {
                        Verdict::Open
                    } else {
                        r.better = best;
                        Verdict::CouldBeBetter
                    };
                }
            }
            (Scene::Share(f) | Scene::Permissions(f), Action::Submit(ticked)) => {
                r.situation = f.text.clone();
                r.explanation = f.explain.clone();
                for (k, field) in f.fields.iter().enumerate() {
                    let label = field.label.clone().unwrap_or_else(|| data_text(field.data));
                    let is_ticked = ticked.contains(&k);
                    if is_ticked {
                        r.chosen.push(label.clone());
                    }
                    if field.needed {
                        r.better.push(label.clone());
                    }
                    r.fields.push(FieldReport {
                        data: field.data,
                        label,
                        ticked: is_ticked,
                        needed: field.needed,
                        why: field.why.clone(),
                    });
                }
                let minimal = r.fields.iter().all(|f| f.ticked == f.needed);
                r.verdict = if minimal {
                    Verdict::Best
                } else {
                    Verdict::CouldBeBetter
                };
            }
            (Scene::Quiz(q), Action::Answer(chosen)) => {
                r.situation = q.question.clone();
                r.explanation = Some(q.explain.clone());
                r.chosen = chosen
                    .iter()
                    .filter_map(|&i| q.answers.get(i))
                    .map(|a| a.text.clone())
                    .collect();
                r.better = q
                    .answers
                    .iter()
                    .filter(|a| a.correct)
                    .map(|a| a.text.clone())
                    .collect();
                r.verdict = if d.correct == Some(true) {
                    Verdict::Best
                } else {
                    Verdict::CouldBeBetter
                };
            }
            _ => continue,
        }
        decisions.push(r);
    }
    let mut data_left: Vec<(DataKind, Name)> = Vec::new();
    for (d, to) in &run.shared {
        if !data_left.iter().any(|(x, t)| x == d && t.key() == to.key()) {
            data_left.push((*d, to.clone()));
        }
    }
    let end = run.finished();
    Debrief {
        level: level.id.clone(),
        title: level.title.clone(),
        outcome: end.map(|e| e.outcome),
        ending: end.map(|e| e.text.clone()),
        meters: run.meters,
        score: run.score(),
        stars: run.stars().unwrap_or(0),
        decisions,
        data_left,
        lesson: level.debrief.lesson.clone(),
        questions: level.debrief.questions.clone(),
        glossary: level
            .debrief
            .glossary
            .iter()
            .filter_map(|id| glossary.and_then(|g| g.get(id)).cloned())
            .collect(),
        sources: level.debrief.sources.clone(),
    }
}
