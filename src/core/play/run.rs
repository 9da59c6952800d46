//! Playing a level: a small state machine driven by the player's actions.
//!
//! The game sends [`Action`]s; the bot in the tests sends the same ones. The run records every
//! decision so the debrief (and its rewind) can be built from it.

use crate::core::model::data::DataKind;
use crate::core::model::level::{Cond, End, Level, Opt, Scene};
use crate::core::model::score::{self, Meters};
use crate::core::model::text::Name;
use crate::core::play::footprint::Footprint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the player does on the current scene.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Story: go on.
    Continue,
    /// Choice or Chat: the option at this index of the scene's `options` list.
    Pick(usize),
    /// Share or Permissions: the fields ticked (indices into `fields`).
    Submit(Vec<usize>),
    /// Quiz: the answers ticked (indices into `answers`).
    Answer(Vec<usize>),
}

/// One decision as the debrief shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub scene: String,
    pub action: Action,
    pub meters: Meters,
    pub shared: Vec<DataKind>,
    pub to: Option<Name>,
    /// Quiz: whether the answer was right.
    pub correct: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayError {
    Finished,
    /// The action does not fit the scene (e.g. `Pick` on a Story).
    WrongAction {
        scene: String,
        kind: &'static str,
    },
    NoSuchIndex {
        scene: String,
        index: usize,
    },
    /// The option's condition does not hold.
    Unavailable {
        scene: String,
        index: usize,
    },
    /// The level points at a scene that does not exist (`check` reports this before play).
    MissingScene(String),
    EmptyLevel,
}

impl std::fmt::Display for PlayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlayError::Finished => write!(f, "the level is finished"),
            PlayError::WrongAction { scene, kind } => {
                write!(f, "this action does not fit scene `{scene}` ({kind})")
            }
            PlayError::NoSuchIndex { scene, index } => {
                write!(f, "scene `{scene}` has no item {index}")
            }
            PlayError::Unavailable { scene, index } => {
                write!(f, "option {index} of scene `{scene}` is not available")
            }
            PlayError::MissingScene(id) => write!(f, "scene `{id}` does not exist"),
            PlayError::EmptyLevel => write!(f, "the level has no scene"),
        }
    }
}

impl std::error::Error for PlayError {}

#[derive(Clone, Debug)]
pub struct Run {
    pub level: Arc<Level>,
    /// The campaign footprint before this level (conditions on earlier levels read it).
    pub past: Footprint,
    scene: usize,
    flags: BTreeSet<String>,
    pub meters: Meters,
    /// What left during this level, in order, with its recipient.
    pub shared: Vec<(DataKind, Name)>,
    pub decisions: Vec<Decision>,
    /// Every action taken, `Continue`s included, so the run can be replayed exactly.
    pub actions: Vec<Action>,
}

impl Run {
    pub fn start(level: Arc<Level>, past: Footprint) -> Result<Run, PlayError> {
        let start = level.start_id().ok_or(PlayError::EmptyLevel)?;
        let scene = level
            .scene_index(start)
            .ok_or_else(|| PlayError::MissingScene(start.to_string()))?;
        Ok(Run {
            level,
            past,
            scene,
            flags: BTreeSet::new(),
            meters: Meters::default(),
            shared: Vec::new(),
            decisions: Vec::new(),
            actions: Vec::new(),
        })
    }

    /// Starts at a given scene (teacher preview), with no decision taken yet.
    pub fn start_at(level: Arc<Level>, past: Footprint, scene: &str) -> Result<Run, PlayError> {
        let mut run = Run::start(Arc::clone(&level), past)?;
        run.scene = level
            .scene_index(scene)
            .ok_or_else(|| PlayError::MissingScene(scene.to_string()))?;
        Ok(run)
    }

    /// The careful player's move here: the better option (else the first offered), only the
    /// needed fields, the right answers. Used by demos, screenshots and tests.
    pub fn careful_action(&self) -> Option<Action> {
        match self.scene() {
            Scene::Story(_) => Some(Action::Continue),
            Scene::Choice(_) | Scene::Chat(_) => {
                let open = self.available_options();
                let pick = open.iter().find(|(_, o)| o.best).or(open.first())?.0;
                Some(Action::Pick(pick))
            }
            Scene::Share(f) | Scene::Permissions(f) => Some(Action::Submit(
                (0..f.fields.len())
                    .filter(|&i| f.fields[i].needed)
                    .collect(),
            )),
            Scene::Quiz(q) => Some(Action::Answer(
                (0..q.answers.len())
                    .filter(|&i| q.answers[i].correct)
                    .collect(),
            )),
            Scene::End(_) => None,
        }
    }

    /// The careless player's move here, the twin of [`Run::careful_action`] and the checker's
    /// careless pupil: a `risky` option where one is offered (else a worse one that shares
    /// data, else any worse one, else the first offered), every field ticked, one wrong
    /// answer. Used by demos, screenshots, the mission map, the duel's scripted team and tests.
    pub fn careless_action(&self) -> Option<Action> {
        match self.scene() {
            Scene::Story(_) => Some(Action::Continue),
            Scene::Choice(_) | Scene::Chat(_) => {
                let open = self.available_options();
                let worse = || open.iter().filter(|(_, o)| !o.best);
                let pick = worse()
                    .find(|(_, o)| o.risky)
                    .or_else(|| worse().find(|(_, o)| !o.share.is_empty()))
                    .or_else(|| worse().next())
                    .or(open.first())?
                    .0;
                Some(Action::Pick(pick))
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                Some(Action::Submit((0..f.fields.len()).collect()))
            }
            Scene::Quiz(q) => Some(Action::Answer(vec![
                q.answers.iter().position(|a| !a.correct).unwrap_or(0),
            ])),
            Scene::End(_) => None,
        }
    }

    /// The move of a pupil who refuses to share anything: no field ticked, the better
    /// option among those that share nothing (else a safe one; never, if avoidable, one that
    /// goes back to a decision already taken), the right answers. When every option shares, the
    /// first one offered. The tests check that this pupil cannot win (SPEC §2).
    pub fn refusing_action(&self) -> Option<Action> {
        match self.scene() {
            Scene::Choice(_) | Scene::Chat(_) => {
                let open = self.available_options();
                let silent = || open.iter().filter(|(_, o)| o.share.is_empty());
                let goes_back = |o: &Opt| self.decisions.iter().any(|d| d.scene == o.next);
                let pick = silent()
                    .find(|(_, o)| o.best && !goes_back(o))
                    .or_else(|| silent().find(|(_, o)| !o.risky && !goes_back(o)))
                    .or_else(|| silent().find(|(_, o)| !goes_back(o)))
                    .or_else(|| silent().next())
                    .or(open.first())?
                    .0;
                Some(Action::Pick(pick))
            }
            Scene::Share(_) | Scene::Permissions(_) => Some(Action::Submit(Vec::new())),
            _ => self.careful_action(),
        }
    }

    /// Replays a list of actions from the start (used by rewind and by tests).
    pub fn replay(
        level: Arc<Level>,
        past: Footprint,
        actions: &[Action],
    ) -> Result<Run, PlayError> {
        let mut run = Run::start(level, past)?;
        for a in actions {
            run.act(a.clone())?;
        }
        Ok(run)
    }

    pub fn scene(&self) -> &Scene {
        &self.level.scenes[self.scene]
    }

    pub fn finished(&self) -> Option<&End> {
        match self.scene() {
            Scene::End(end) => Some(end),
            _ => None,
        }
    }

    pub fn score(&self) -> i32 {
        self.meters.score()
    }

    pub fn stars(&self) -> Option<u8> {
        self.finished()
            .map(|end| score::stars(end.outcome, self.score(), self.level.stars))
    }

    pub fn flags(&self) -> &BTreeSet<String> {
        &self.flags
    }

    /// Whether a condition holds now.
    pub fn holds(&self, cond: &Cond) -> bool {
        cond.eval(&mut |leaf| match leaf {
            Cond::Flag(f) => self.flags.contains(f),
            Cond::Shared(d) => self.past.has(*d) || self.shared.iter().any(|(s, _)| s == d),
            Cond::SharedIn(d, level) if *level == self.level.id => {
                self.shared.iter().any(|(s, _)| s == d)
            }
            Cond::SharedIn(d, level) => self.past.has_in(*d, level),
            _ => false,
        })
    }

    /// The options the player may pick now, with their index in the scene's list.
    pub fn available_options(&self) -> Vec<(usize, &Opt)> {
        self.scene()
            .options()
            .iter()
            .enumerate()
            .filter(|(_, o)| o.when.as_ref().is_none_or(|c| self.holds(c)))
            .collect()
    }

    /// Applies one action of the player and moves to the next scene.
    pub fn act(&mut self, action: Action) -> Result<(), PlayError> {
        let id = self.scene().id().to_string();
        let wrong = |kind| PlayError::WrongAction {
            scene: id.clone(),
            kind,
        };
        let level = Arc::clone(&self.level);
        let scene = &level.scenes[self.scene];
        let mut decision = Decision {
            scene: id.clone(),
            action: action.clone(),
            meters: Meters::default(),
            shared: Vec::new(),
            to: None,
            correct: None,
        };
        let next: &str = match (scene, &action) {
            (Scene::End(_), _) => return Err(PlayError::Finished),
            (Scene::Story(story), Action::Continue) => story
                .branches
                .iter()
                .find(|b| self.holds(&b.when))
                .map_or(story.next.as_str(), |b| b.next.as_str()),
            (Scene::Choice(_) | Scene::Chat(_), Action::Pick(index)) => {
                let opt = scene.options().get(*index).ok_or(PlayError::NoSuchIndex {
                    scene: id.clone(),
                    index: *index,
                })?;
                if let Some(c) = &opt.when
                    && !self.holds(c)
                {
                    return Err(PlayError::Unavailable {
                        scene: id.clone(),
                        index: *index,
                    });
                }
                let to = opt.to.clone().or_else(|| match scene {
                    Scene::Chat(chat) => Some(chat.contact.clone()),
                    _ => None,
                });
                decision.meters.privacy_delta = opt.privacy;
                decision.meters.mission = opt.mission;
                decision.shared = opt.share.clone();
                decision.to = to;
                self.flags.extend(opt.set.iter().cloned());
                opt.next.as_str()
            }
            (Scene::Share(form) | Scene::Permissions(form), Action::Submit(ticked)) => {
                let mut ticked_set = BTreeSet::new();
                for &i in ticked {
                    if i >= form.fields.len() {
                        return Err(PlayError::NoSuchIndex {
                            scene: id.clone(),
                            index: i,
                        });
                    }
                    ticked_set.insert(i);
                }
                let complete = form
                    .fields
                    .iter()
                    .enumerate()
                    .all(|(i, f)| !f.needed || ticked_set.contains(&i));
                // A sign-up form missing a required field is not sent; permissions are
                // granted one by one, whatever the others.
                if complete || matches!(scene, Scene::Permissions(_)) {
                    decision.shared = ticked_set.iter().map(|&i| form.fields[i].data).collect();
                    decision.to = Some(form.app.clone());
                }
                if complete {
                    decision.meters.mission = form.mission;
                    form.next.as_str()
                } else {
                    form.incomplete.as_deref().unwrap_or(&form.next)
                }
            }
            (Scene::Quiz(quiz), Action::Answer(chosen)) => {
                let mut chosen_set = BTreeSet::new();
                for &i in chosen {
                    if i >= quiz.answers.len() {
                        return Err(PlayError::NoSuchIndex {
                            scene: id.clone(),
                            index: i,
                        });
                    }
                    chosen_set.insert(i);
                }
                let right = quiz
                    .answers
                    .iter()
                    .enumerate()
                    .all(|(i, a)| a.correct == chosen_set.contains(&i));
                decision.correct = Some(right);
                if right {
                    decision.meters.mission = quiz.mission;
                    quiz.next.as_str()
                } else {
                    quiz.wrong.as_deref().unwrap_or(&quiz.next)
                }
            }
            (Scene::Story(_), _) => return Err(wrong("Story")),
            (Scene::Choice(_), _) => return Err(wrong("Choice")),
            (Scene::Chat(_), _) => return Err(wrong("Chat")),
            (Scene::Share(_), _) => return Err(wrong("Share")),
            (Scene::Permissions(_), _) => return Err(wrong("Permissions")),
            (Scene::Quiz(_), _) => return Err(wrong("Quiz")),
        };
        let next_index = level
            .scene_index(next)
            .ok_or_else(|| PlayError::MissingScene(next.to_string()))?;
        // Each item that leaves costs its weight on the privacy meter.
        decision.meters.privacy_delta -= decision.shared.iter().map(|d| d.weight()).sum::<i32>();
        if let Some(to) = &decision.to {
            for d in &decision.shared {
                self.shared.push((*d, to.clone()));
            }
        }
        self.meters.privacy_delta += decision.meters.privacy_delta;
        self.meters.mission += decision.meters.mission;
        if !matches!(action, Action::Continue) {
            self.decisions.push(decision);
        }
        self.actions.push(action);
        self.scene = next_index;
        Ok(())
    }

    /// Adds what this run shared to the campaign footprint (replacing an earlier attempt).
    pub fn record_into(&self, footprint: &mut Footprint) {
        footprint.forget_level(&self.level.id);
        for (d, to) in &self.shared {
            footprint.record(*d, to, &self.level.id);
        }
    }
}

/// The actions that lead up to decision `n` (0-based; `Continue`s are not decisions), ready
/// for [`Run::replay`]: the debrief's rewind starts there.
pub fn before_decision(actions: &[Action], n: usize) -> &[Action] {
    let mut seen = 0;
    for (i, a) in actions.iter().enumerate() {
        if !matches!(a, Action::Continue) {
            if seen == n {
                return &actions[..i];
            }
            seen += 1;
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_replays_up_to_any_decision() {
        let src = std::fs::read_to_string("docs/template.ron").unwrap();
        let level: Level = crate::core::check::load::parse("template", &src).unwrap();
        let level = Arc::new(level);
        let mut run = Run::start(Arc::clone(&level), Footprint::default()).unwrap();
        while let Some(a) = run.careful_action() {
            run.act(a).unwrap();
        }
        assert!(run.finished().is_some());
        assert!(
            run.actions.len() > run.decisions.len(),
            "story scenes add Continue actions"
        );
        for n in 0..run.decisions.len() {
            let prefix = before_decision(&run.actions, n);
            let replayed = Run::replay(Arc::clone(&level), Footprint::default(), prefix).unwrap();
            assert_eq!(replayed.decisions.len(), n);
            assert_eq!(replayed.scene().id(), run.decisions[n].scene);
        }
        assert_eq!(before_decision(&run.actions, 99), &run.actions[..]);
    }
}
