//! The bots' moves (the careful, careless and refusing players are `Run::careful_action`,
//! `Run::careless_action` and `Run::refusing_action`): playing a run out as one of them, a
//! duel team's move, every move worth trying at a scene, and a random legal move.

use agent_trace::core::model::level::{Field, Quiz, Scene};
use agent_trace::core::play::duel::{CellState, Duel};
use agent_trace::core::play::rng::Draws;
use agent_trace::core::play::{Action, Run};
use std::collections::BTreeSet;

/// One pupil's way of playing, move by move (`Run::careful_action` and the like).
pub type Player = fn(&Run) -> Option<Action>;

/// A run longer than this is a pupil going round in circles.
pub const MAX_MOVES: usize = 1000;

/// Plays `run` to its end the way `player` does; returns the scenes passed through, the
/// ending last. Fails if the player has no move or never finishes.
pub fn play_out(run: &mut Run, player: Player) -> Vec<String> {
    let mut route = Vec::new();
    while run.finished().is_none() {
        route.push(run.scene().id().to_string());
        if route.len() > MAX_MOVES {
            route.dedup();
            panic!(
                "{}: this pupil never finishes: {:?}",
                run.level.id,
                &route[route.len().saturating_sub(12)..]
            );
        }
        let action = player(run)
            .unwrap_or_else(|| panic!("{}: no move at {}", run.level.id, run.scene().id()));
        run.act(action.clone())
            .unwrap_or_else(|e| panic!("{}: {e} ({action:?})", run.level.id));
    }
    route.push(run.scene().id().to_string());
    route
}

/// A duel team's move on the open card: the careful team's or the careless team's.
pub fn team_move(run: &Run, careful: bool) -> Action {
    if careful {
        run.careful_action()
    } else {
        run.careless_action()
    }
    .expect("an open card has a move")
}

/// The first face-down card of a duel board.
pub fn first_hidden(duel: &Duel) -> Option<usize> {
    (0..duel.board().len()).find(|&c| duel.cell(c) == Some(CellState::Hidden))
}

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
