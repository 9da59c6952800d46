//! The judgement rules: a level must make the pupil think, not let them win by pattern.
//! Sharing nothing at all must not win; the better option must not be the one to spot by
//! its length; the better options must sometimes share (minimisation is not refusal);
//! callbacks must not punish data a pupil had to give; a decision met alone on a duel card
//! must keep its situation.

use crate::core::check::diagnostic::Problem;
use crate::core::check::explore::{EarlierLevel, Exploration, outcome_index};
use crate::core::check::report::Report;
use crate::core::model::level::{Cond, Level, Outcome, Scene};
use crate::core::model::measure;
use crate::core::model::score;
use crate::core::model::text::Lang;

/// A pupil who shares nothing at all ends at most Partial (one star), and can still finish.
pub fn refusing_everything(level: &Level, ex: &Exploration, r: &mut Report) {
    let span = r.at("stars").or(r.at("id"));
    if let Some(score) = ex.best_sharing_nothing[outcome_index(Outcome::Success)] {
        let stars = score::stars(Outcome::Success, score, level.stars);
        let forms: Vec<_> = level
            .scenes
            .iter()
            .filter_map(|s| match s {
                Scene::Share(f) | Scene::Permissions(f) => Some(f),
                _ => None,
            })
            .collect();
        let fake_form =
            !forms.is_empty() && forms.iter().all(|f| f.fields.iter().all(|f| !f.needed));
        r.push_at(
            span,
            Problem::NothingSharedWins {
                score,
                stars,
                fake_form,
            },
        );
    } else if ex.best_sharing_nothing.iter().all(Option::is_none) {
        r.push_at(r.at("id"), Problem::RefusalCannotFinish);
    }
}

/// The better option is the longest in more than half of the level's decisions, in French
/// or in English.
pub fn telegraphs(level: &Level, r: &mut Report) {
    let decisions = measure::decisions(level);
    let total = decisions.len();
    let telegraphing = |lang| {
        decisions
            .iter()
            .filter(|d| d.best_is_longest_in(lang))
            .collect::<Vec<_>>()
    };
    let (fr, en) = (telegraphing(Lang::Fr), telegraphing(Lang::En));
    let mut langs = Vec::new();
    let mut scenes: Vec<(usize, &str)> = Vec::new();
    for (lang, list) in [(Lang::Fr, &fr), (Lang::En, &en)] {
        if 2 * list.len() > total {
            langs.push(lang);
            scenes.extend(list.iter().map(|d| (d.index, d.id)));
        }
    }
    if langs.is_empty() {
        return;
    }
    scenes.sort_unstable();
    scenes.dedup();
    let count = fr.len().max(en.len());
    let span = r.scene(scenes[0].0);
    r.push_at(
        span,
        Problem::BestIsLongest {
            langs,
            count,
            total,
            scenes: scenes.iter().map(|(_, id)| id.to_string()).collect(),
        },
    );
}

/// No better option of the level shares anything.
pub fn best_never_shares(level: &Level, r: &mut Report) {
    let decisions = measure::decisions(level);
    if !decisions.is_empty() && !decisions.iter().any(|d| d.best_shares) {
        r.push(
            "id",
            Problem::BestNeverShares {
                total: decisions.len(),
            },
        );
    }
}

/// A decision that a duel can deal as a card (a Choice with a better option and another
/// one, a form with a field that is not needed) needs its situation: a `context`, or a
/// story that leads to it. Chats carry their messages and quizzes stand alone.
pub fn setup_for_cards(level: &Level, r: &mut Report) {
    for (i, scene) in level.scenes.iter().enumerate() {
        let can_be_a_card = match scene {
            Scene::Choice(c) => {
                c.options.iter().any(|o| o.best) && c.options.iter().any(|o| !o.best)
            }
            Scene::Share(f) | Scene::Permissions(f) => f.fields.iter().any(|f| !f.needed),
            _ => false,
        };
        if can_be_a_card && level.setup_of(scene.id()).is_none() {
            let span = r.scene(i);
            r.push_at(
                span,
                Problem::CardWithoutSetup {
                    id: scene.id().to_string(),
                },
            );
        }
    }
}

/// A footprint condition on data that every successful path of the earlier level shares
/// decides the same way for every pupil who did right there: it punishes them (or hides
/// its praise from them).
pub fn callbacks_punishing_right(
    level: &Level,
    conds: &[(String, &Cond)],
    earlier: &[EarlierLevel],
    r: &mut Report,
) {
    for (path, cond) in conds {
        let mut leaves = Vec::new();
        cond.leaves(&mut leaves);
        for leaf in leaves {
            let (data, only_in) = match leaf {
                Cond::Shared(d) => (*d, None),
                Cond::SharedIn(d, other) if *other != level.id => (*d, Some(other.as_str())),
                _ => continue,
            };
            let culprit = earlier
                .iter()
                .filter(|l| only_in.is_none_or(|id| l.id == id))
                .find(|l| l.required.contains(&data));
            if let Some(l) = culprit {
                r.push(
                    path,
                    Problem::CallbackPunishesRight {
                        data: data.ident(),
                        level: l.id.clone(),
                    },
                );
            }
        }
    }
}
