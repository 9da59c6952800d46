//! How long a mission takes a pupil, estimated from the texts a careful player reads during
//! play: every text shown on the way (all the options of a decision, the chosen option's
//! feedback, a quiz's explanation). The debrief is not counted: the class reads it together.
//! Reading at [`WORDS_PER_MINUTE`] (a collégien reading silently: roughly 150 in 6e to 250 in
//! 3e; the middle keeps the estimate on the short side), plus [`SECONDS_PER_DECISION`] to
//! weigh each decision.

use crate::core::model::level::{Level, Scene};
use crate::core::model::text::{Lang, Text};
use crate::core::play::footprint::Footprint;
use crate::core::play::run::{Action, Run};
use std::sync::Arc;

pub const WORDS_PER_MINUTE: f64 = 200.0;
pub const SECONDS_PER_DECISION: f64 = 6.0;
/// A careful run longer than this is a loop, not a mission.
const MAX_STEPS: usize = 500;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Estimate {
    pub words: usize,
    pub decisions: usize,
}

impl Estimate {
    pub fn minutes(&self) -> f64 {
        self.words as f64 / WORDS_PER_MINUTE + self.decisions as f64 * SECONDS_PER_DECISION / 60.0
    }
}

/// Words of a text: the pieces between spaces that hold a letter or a digit.
pub fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The estimate for a careful player with an empty past, or `None` if that player never
/// reaches an ending.
pub fn careful_play(level: &Arc<Level>, lang: Lang) -> Option<Estimate> {
    let mut run = Run::start(Arc::clone(level), Footprint::default()).ok()?;
    let mut e = Estimate::default();
    let count = |t: &Text| words(t.get(lang));
    for _ in 0..MAX_STEPS {
        let scene = &level.scenes[level.scene_index(run.scene().id())?];
        e.words += shown(scene, lang);
        if run.finished().is_some() {
            return Some(e);
        }
        let action = run.careful_action()?;
        if let Action::Pick(i) = &action
            && let Some(f) = &scene.options()[*i].feedback
        {
            e.words += count(f);
        }
        if !matches!(scene, Scene::Story(_)) {
            e.decisions += 1;
        }
        run.act(action).ok()?;
    }
    None
}

/// The words a scene shows before the pupil acts (for a quiz, its explanation too).
fn shown(scene: &Scene, lang: Lang) -> usize {
    let w = |t: &Text| words(t.get(lang));
    let options: usize = scene.options().iter().map(|o| w(&o.text)).sum();
    options
        + match scene {
            Scene::Story(s) => w(&s.text),
            Scene::Choice(c) => w(&c.text),
            Scene::Chat(c) => c.messages.iter().map(|m| w(&m.text)).sum(),
            Scene::Share(f) | Scene::Permissions(f) => {
                w(&f.text)
                    + f.fields
                        .iter()
                        .map(|field| match &field.label {
                            Some(l) => w(l),
                            None => words(field.data.label(lang)),
                        })
                        .sum::<usize>()
            }
            Scene::Quiz(q) => {
                w(&q.question) + q.answers.iter().map(|a| w(&a.text)).sum::<usize>() + w(&q.explain)
            }
            Scene::End(e) => w(&e.text),
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::load::parse;

    #[test]
    fn words_skip_punctuation_and_emoji() {
        assert_eq!(words("🎮 CONCOURS ! Gagne une GameBox 5 !"), 5);
        assert_eq!(words("« Bien joué » — merci."), 3);
    }

    #[test]
    fn the_careful_path_counts_what_it_shows() {
        let src = r#"Level(format: 1, id: "l", title: (fr: "t", en: "t"), scenes: [
            Story(id: "a", text: (fr: "un deux trois", en: "un deux trois"), next: "c"),
            Choice(id: "c", text: (fr: "quatre cinq", en: "quatre cinq"), options: [
                (text: (fr: "six", en: "six"), feedback: (fr: "sept huit", en: "sept huit"), best: true, next: "fin"),
                (text: (fr: "neuf", en: "neuf"), feedback: (fr: "jamais lu", en: "jamais lu"), next: "fin"),
            ], explain: (fr: "lu en classe", en: "lu en classe")),
            End(id: "fin", outcome: Success, text: (fr: "dix", en: "dix")),
        ], debrief: (lesson: (fr: "lu en classe", en: "lu en classe"), questions: [], sources: []))"#;
        let level = Arc::new(parse("l.ron", src).unwrap());
        let e = careful_play(&level, Lang::Fr).unwrap();
        assert_eq!(
            e,
            Estimate {
                words: 10,
                decisions: 1
            }
        );
        let expected = 10.0 / WORDS_PER_MINUTE + SECONDS_PER_DECISION / 60.0;
        assert!((e.minutes() - expected).abs() < 1e-9);
    }
}
