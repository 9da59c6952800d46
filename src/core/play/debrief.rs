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
            .filter_map(|id| Glossary::lookup(glossary, id).cloned())
            .collect(),
        sources: level.debrief.sources.clone(),
    }
}

/// What a quiz answer gets right away: right, partly right (how many of the right answers,
/// and whether a wrong one was ticked too) or wrong, then the quiz's explanation. A partly
/// right answer is told so, never left with an empty card.
pub fn quiz_feedback(quiz: &crate::core::model::level::Quiz, chosen: &[usize]) -> Text {
    let right: Vec<usize> = (0..quiz.answers.len())
        .filter(|&i| quiz.answers[i].correct)
        .collect();
    let found = chosen.iter().filter(|i| right.contains(i)).count();
    let wrong = chosen.iter().filter(|i| !right.contains(i)).count();
    let (fr, en) = if found == right.len() && wrong == 0 {
        ("✔ Bonne réponse !".to_string(), "✔ Right!".to_string())
    } else if found > 0 {
        let plural = right.len() >= 2;
        let extra_fr = if wrong > 0 {
            ", mais une réponse cochée est fausse"
        } else {
            ""
        };
        let extra_en = if wrong > 0 {
            ", but a ticked answer is wrong"
        } else {
            ""
        };
        (
            format!(
                "◐ En partie juste : {found} bonne{s} réponse{s} sur {}{extra_fr}.",
                right.len(),
                s = if found >= 2 { "s" } else { "" }
            ),
            format!(
                "◐ Partly right: {found} of the {} right answer{}{extra_en}.",
                right.len(),
                if plural { "s" } else { "" }
            ),
        )
    } else {
        ("✖ Ce n'est pas ça.".to_string(), "✖ Not quite.".to_string())
    };
    use crate::core::model::text::Lang;
    Text::new(
        &format!("{fr} {}", quiz.explain.get(Lang::Fr)),
        &format!("{en} {}", quiz.explain.get(Lang::En)),
    )
}

#[cfg(test)]
mod quiz_tests {
    use super::*;
    use crate::core::model::level::{Answer, Quiz};
    use crate::core::model::text::Lang;

    fn quiz(correct: &[bool]) -> Quiz {
        Quiz {
            id: "q".into(),
            question: Text::new("?", "?"),
            answers: correct
                .iter()
                .map(|&c| Answer {
                    text: Text::new("a", "a"),
                    correct: c,
                })
                .collect(),
            explain: Text::new("Parce que.", "Because."),
            mission: 0,
            next: "fin".into(),
            wrong: None,
        }
    }

    #[test]
    fn a_quiz_answer_is_told_right_partly_right_or_wrong() {
        let q = quiz(&[true, true, false, false]);
        let said = |chosen: &[usize], lang| quiz_feedback(&q, chosen).get(lang).to_string();
        assert_eq!(said(&[0, 1], Lang::Fr), "✔ Bonne réponse ! Parce que.");
        assert_eq!(
            said(&[0], Lang::Fr),
            "◐ En partie juste : 1 bonne réponse sur 2. Parce que."
        );
        assert_eq!(
            said(&[0, 2], Lang::En),
            "◐ Partly right: 1 of the 2 right answers, but a ticked answer is wrong. Because."
        );
        assert_eq!(said(&[3], Lang::En), "✖ Not quite. Because.");
        assert_eq!(said(&[], Lang::Fr), "✖ Ce n'est pas ça. Parce que.");
    }
}
