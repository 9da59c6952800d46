//! The bots' moves (the careful and careless players are `Run::careful_action` and
//! `Run::careless_action`): every move worth trying at a scene, and a random legal move.

use agent_trace::core::model::level::{Field, Quiz, Scene};
use agent_trace::core::play::rng::Draws;
use agent_trace::core::play::{Action, Run};
use std::collections::BTreeSet;

/// Every move worth trying here: each open option, the telling sets of fields and answers.
pub fn every_move(run: &Run) -> Vec<Action> {
    match run.scene() {
        Scene::Story(_) => vec![Action::Continue],
        Scene::Choice(_) | Scene::Chat(_) => run
            .available_options()
            .iter()
            .map(|(i, _)| Action::Pick(*i))
            .collect(),
        Scene::Share(f) | Scene::Permissions(f) => form_choices(&f.fields)
            .into_iter()
            .map(Action::Submit)
            .collect(),
        Scene::Quiz(q) => quiz_choices(q).into_iter().map(Action::Answer).collect(),
        Scene::End(_) => vec![],
    }
}

/// The ticked-field sets worth trying on a form: nothing, what is needed, everything, the
/// needed ones plus any single other, any single one, everything but one needed field.
fn form_choices(fields: &[Field]) -> Vec<Vec<usize>> {
    let n = fields.len();
    let needed: Vec<usize> = (0..n).filter(|&i| fields[i].needed).collect();
    let mut sets: BTreeSet<Vec<usize>> = BTreeSet::new();
    sets.insert(vec![]);
    sets.insert(needed.clone());
    sets.insert((0..n).collect());
    for i in 0..n {
        let mut s = needed.clone();
        if !s.contains(&i) {
            s.push(i);
            s.sort();
        }
        sets.insert(s);
        sets.insert(vec![i]);
    }
    for &k in &needed {
        sets.insert((0..n).filter(|&i| i != k).collect());
    }
    sets.into_iter().collect()
}

/// The right answers, none, and each single answer.
fn quiz_choices(q: &Quiz) -> Vec<Vec<usize>> {
    let right: Vec<usize> = (0..q.answers.len())
        .filter(|&i| q.answers[i].correct)
        .collect();
    let mut sets = vec![right.clone(), vec![]];
    for i in 0..q.answers.len() {
        if !(right.len() == 1 && right[0] == i) {
            sets.push(vec![i]);
        }
    }
    sets
}

/// A random legal move; after many decisions (a pupil going round in circles), the careful one.
pub fn random_move(run: &Run, draws: &mut Draws) -> Action {
    if run.decisions.len() > 40 {
        return run.careful_action().unwrap();
    }
    let pick_some = |n: usize, draws: &mut Draws| -> Vec<usize> {
        (0..n).filter(|_| draws.below(2) == 1).collect()
    };
    match run.scene() {
        Scene::Story(_) => Action::Continue,
        Scene::Choice(_) | Scene::Chat(_) => {
            let open = run.available_options();
            Action::Pick(open[draws.below(open.len() as u32) as usize].0)
        }
        Scene::Share(f) | Scene::Permissions(f) => Action::Submit(pick_some(f.fields.len(), draws)),
        Scene::Quiz(q) => Action::Answer(pick_some(q.answers.len(), draws)),
        Scene::End(_) => unreachable!("finished runs are not played"),
    }
}
