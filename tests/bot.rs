//! A bot plays every shipped level down every branch of its choices, with an empty past and
//! with a past where everything was shared (so callbacks fire), and checks the debrief of each
//! finished run. At a Choice or a Chat it tries every open option; at a form it tries the
//! telling subsets of fields, not all 2^n (`common::bots::every_move`: none, the needed ones,
//! all, the needed ones plus any single other, any single one, all but one needed field); at
//! a quiz the right answers, none and each single answer; a path through a loop is cut after
//! `MAX_VISITS` visits of a scene. Runs that reach the same situation (scene, flags, data
//! shared, meters) continue identically, so each situation is played on once. The best and
//! worst scores it meets must agree with what the path explorer computed (which does cover
//! every subset), and it must reach exactly the endings the explorer finds.

mod common;

use agent_trace::core::check::{self, Disk};
use agent_trace::core::model::campaign::Glossary;
use agent_trace::core::model::data::DataKind;
use agent_trace::core::model::level::{Cond, Level, Outcome};
use agent_trace::core::model::score;
use agent_trace::core::model::text::{Lang, Name};
use agent_trace::core::play::Run;
use agent_trace::core::play::debrief;
use agent_trace::core::play::footprint::Footprint;
use common::bots::{Player, every_move, play_out};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Every situation reached must be played: the test fails if a level has more than this.
const MAX_PATHS: usize = 500_000;

/// What makes two partial runs continue identically.
type Situation = (usize, Vec<String>, Vec<(DataKind, String)>, i32, i32);

fn situation(level: &Level, run: &Run) -> Situation {
    let mut shared: Vec<(DataKind, String)> =
        run.shared.iter().map(|(d, to)| (*d, to.key())).collect();
    shared.sort();
    shared.dedup();
    (
        level.scene_index(run.scene().id()).unwrap(),
        run.flags().iter().cloned().collect(),
        shared,
        run.meters.privacy_delta,
        run.meters.mission,
    )
}
/// A path through a loop stops after visiting a scene this often.
const MAX_VISITS: usize = 3;

#[derive(Default)]
struct Tally {
    paths: usize,
    abandoned_loops: usize,
    best: Option<i32>,
    worst: Option<i32>,
    endings: BTreeSet<String>,
}

fn check_debrief(run: &Run, glossary: &Glossary) {
    let level = &run.level;
    let d = debrief::build(run, Some(glossary));
    let id = &level.id;
    assert_eq!(d.decisions.len(), run.decisions.len(), "{id}");
    assert_eq!(d.score, run.score(), "{id}");
    let end = run.finished().expect("finished");
    assert_eq!(d.outcome, Some(end.outcome));
    assert_eq!(
        d.stars,
        score::stars(end.outcome, d.score, level.stars),
        "{id}"
    );
    for r in &d.decisions {
        for lang in [Lang::Fr, Lang::En] {
            assert!(
                !r.situation.get(lang).is_empty(),
                "{id}/{}: no situation",
                r.scene
            );
        }
    }
    let mut left: Vec<(DataKind, String)> =
        run.shared.iter().map(|(d, to)| (*d, to.key())).collect();
    left.sort();
    left.dedup();
    let mut reported: Vec<(DataKind, String)> =
        d.data_left.iter().map(|(d, to)| (*d, to.key())).collect();
    reported.sort();
    assert_eq!(reported, left, "{id}: data that left");
    assert_eq!(
        d.glossary.len(),
        level.debrief.glossary.len(),
        "{id}: glossary terms resolve"
    );
    assert!(!d.lesson.get(Lang::Fr).is_empty() && !d.lesson.get(Lang::En).is_empty());
    assert!((2..=4).contains(&d.questions.len()), "{id}");
    assert!(!d.sources.is_empty(), "{id}");
}

fn play_all(level: &Arc<Level>, past: &Footprint, glossary: &Glossary, tally: &mut Tally) {
    let start = Run::start(Arc::clone(level), past.clone()).unwrap();
    let mut seen: std::collections::HashSet<Situation> = std::collections::HashSet::new();
    let mut stack = vec![(start, vec![0usize; level.scenes.len()])];
    while let Some((run, mut visits)) = stack.pop() {
        if !seen.insert(situation(level, &run)) {
            continue;
        }
        if run.finished().is_some() {
            tally.paths += 1;
            assert!(
                tally.paths <= MAX_PATHS,
                "{}: more than {MAX_PATHS} paths",
                level.id
            );
            let s = run.score();
            tally.best = Some(tally.best.map_or(s, |b| b.max(s)));
            tally.worst = Some(tally.worst.map_or(s, |w| w.min(s)));
            tally.endings.insert(run.scene().id().to_string());
            check_debrief(&run, glossary);
            continue;
        }
        let here = level.scene_index(run.scene().id()).unwrap();
        visits[here] += 1;
        if visits[here] > MAX_VISITS {
            tally.abandoned_loops += 1;
            continue;
        }
        let choices = every_move(&run);
        assert!(
            !choices.is_empty(),
            "{}: stuck at {}",
            level.id,
            run.scene().id()
        );
        for a in choices {
            let mut next = run.clone();
            next.act(a.clone())
                .unwrap_or_else(|e| panic!("{}: {e} ({a:?})", level.id));
            stack.push((next, visits.clone()));
        }
    }
}

/// Whether a level reads facts from earlier levels (then the explorer also considers mixed
/// pasts, which the bot's two pasts do not cover).
fn reads_the_past(level: &Level) -> bool {
    let leaves = level.condition_leaves();
    leaves.iter().any(|c| match c {
        Cond::Shared(_) => true,
        Cond::SharedIn(_, l) => *l != level.id,
        _ => false,
    })
}

#[test]
fn the_bot_plays_every_choice_and_the_telling_form_subsets_of_every_level() {
    let campaign = check::check_campaign(&Disk, "levels/campaign.ron");
    let glossary = campaign
        .glossary()
        .expect("the campaign has a glossary")
        .clone();
    let mut earlier: Vec<String> = Vec::new();
    let mut total_paths = 0;
    for (_, lc) in &campaign.levels {
        let level = Arc::new(
            lc.playable()
                .unwrap_or_else(|| panic!("{} does not pass check", lc.checked.file))
                .clone(),
        );
        let ex = lc.exploration.as_ref().unwrap();
        // Past where every earlier level leaked everything.
        let mut full = Footprint::default();
        for l in &earlier {
            for d in DataKind::ALL {
                full.record(d, &Name::from("someone"), l);
            }
        }
        let mut tally = Tally::default();
        play_all(&level, &Footprint::default(), &glossary, &mut tally);
        play_all(&level, &full, &glossary, &mut tally);
        total_paths += tally.paths;
        let (lo, hi) = ex.score_range().unwrap();
        if reads_the_past(&level) {
            assert!(
                tally.best.unwrap() <= hi && tally.worst.unwrap() >= lo,
                "{}: bot (every choice, telling form subsets) {:?}–{:?} outside explorer {lo}–{hi}",
                level.id,
                tally.worst,
                tally.best
            );
        } else {
            assert_eq!(
                (tally.worst.unwrap(), tally.best.unwrap()),
                (lo, hi),
                "{}: the bot's best and worst (every choice, telling form subsets) are not the explorer's",
                level.id
            );
        }
        let reached: BTreeSet<String> = ex
            .endings
            .iter()
            .map(|&i| level.scenes[i].id().to_string())
            .collect();
        assert_eq!(
            tally.endings, reached,
            "{}: endings the bot reaches (every choice, telling form subsets) vs the explorer",
            level.id
        );
        eprintln!(
            "{}: {} finished runs (every choice, telling form subsets), score {}–{}, {} loop paths cut",
            level.id,
            tally.paths,
            tally.worst.unwrap(),
            tally.best.unwrap(),
            tally.abandoned_loops
        );
        earlier.push(level.id.clone());
    }
    assert!(campaign.levels.len() >= 4);
    assert!(total_paths > 0);
}

#[test]
fn the_template_plays_too() {
    let glossary = common::glossary();
    let lc = check::check_level(&Disk, "docs/template.ron", Some(&glossary));
    assert!(
        lc.checked.diagnostics.is_empty(),
        "{:#?}",
        lc.checked.diagnostics
    );
    let level = Arc::new(lc.playable().unwrap().clone());
    let mut tally = Tally::default();
    play_all(&level, &Footprint::default(), &glossary, &mut tally);
    let (lo, hi) = lc.exploration.unwrap().score_range().unwrap();
    assert_eq!((tally.worst.unwrap(), tally.best.unwrap()), (lo, hi));
}

/// One mission as a pupil played it: id, outcome, stars, the scenes passed through.
type Played = (String, Outcome, u8, Vec<String>);

/// Plays the whole campaign in order the way `player` does, each mission with the footprint
/// of the missions before it (so callbacks react to this pupil's own past).
fn play_campaign(player: Player) -> Vec<Played> {
    let mut footprint = Footprint::default();
    let mut out = Vec::new();
    for level in common::campaign_levels() {
        let mut run = Run::start(Arc::clone(&level), footprint.clone()).unwrap();
        let route = play_out(&mut run, player);
        let end = run.finished().expect("played out");
        out.push((level.id.clone(), end.outcome, run.stars().unwrap(), route));
        run.record_into(&mut footprint);
    }
    out
}

/// SPEC §2 and issue "judgement, not guessing": the careful pupil earns 3 stars in every
/// mission, a pupil who refuses everything at most a Partial ending (1 star), a careless one
/// at most 1 star — each playing the campaign with their own past.
#[test]
fn refusing_or_careless_never_wins_and_careful_play_earns_three_stars() {
    for (id, outcome, stars, _) in play_campaign(Run::careful_action) {
        assert_eq!(
            (outcome, stars),
            (Outcome::Success, 3),
            "{id}: careful pupil"
        );
    }
    for (id, outcome, stars, _) in play_campaign(Run::refusing_action) {
        assert!(
            outcome != Outcome::Success && stars <= 1,
            "{id}: a pupil who refuses everything ends {outcome:?} with {stars} star(s)"
        );
    }
    for (id, _, stars, _) in play_campaign(Run::careless_action) {
        assert!(stars <= 1, "{id}: a careless pupil gets {stars} stars");
    }
}

/// Callbacks react to what was given beyond the need: a pupil who played well meets the
/// praise of the later missions and the thin Dossier at the end; a careless one does not.
#[test]
fn a_careful_pupil_meets_the_praise_and_a_thin_dossier() {
    let passed = |played: &[Played], level: &str, scene: &str| {
        played
            .iter()
            .find(|p| p.0 == level)
            .is_some_and(|p| p.3.iter().any(|s| s == scene))
    };
    let careful = play_campaign(Run::careful_action);
    for (level, scene) in [
        ("quiz-perso", "ligne-sans-email"),
        ("quiz-perso", "ligne-sans-position"),
        ("fuite", "concerne-min"),
        ("fuite", "audit-ok"),
        ("dossier", "dossier-mince"),
    ] {
        assert!(
            passed(&careful, level, scene),
            "careful pupil misses {level}/{scene}"
        );
    }
    let careless = play_campaign(Run::careless_action);
    assert!(!passed(&careless, "dossier", "dossier-mince"));
    assert!(!passed(&careless, "fuite", "audit-ok"));
}

/// The explorer's bound is stronger than one bot's path: no way of sharing nothing at all
/// reaches a Success ending, in any shipped mission.
#[test]
fn no_shipped_mission_can_be_won_sharing_nothing() {
    let campaign = common::campaign();
    for (_, lc) in &campaign.levels {
        let ex = lc.exploration.as_ref().unwrap();
        let id = &lc.playable().unwrap().id;
        assert_eq!(
            ex.best_sharing_nothing[0], None,
            "{id}: sharing nothing succeeds"
        );
        assert!(
            ex.best_sharing_nothing.iter().any(Option::is_some),
            "{id}: sharing nothing cannot finish"
        );
    }
}

/// The best score of a pupil who always takes a better option (where one is offered),
/// only the needed fields and the right answers.
fn best_only_score(run: Run, depth: usize) -> Option<i32> {
    if run.finished().is_some() {
        return Some(run.score());
    }
    if depth > 300 {
        return None;
    }
    let moves: Vec<agent_trace::core::play::Action> = match run.scene() {
        agent_trace::core::model::level::Scene::Choice(_)
        | agent_trace::core::model::level::Scene::Chat(_) => {
            let open = run.available_options();
            let any_best = open.iter().any(|(_, o)| o.best);
            open.iter()
                .filter(|(_, o)| o.best || !any_best)
                .map(|(i, _)| agent_trace::core::play::Action::Pick(*i))
                .collect()
        }
        _ => run.careful_action().into_iter().collect(),
    };
    moves
        .into_iter()
        .filter_map(|m| {
            let mut next = run.clone();
            next.act(m).ok()?;
            best_only_score(next, depth + 1)
        })
        .max()
}

/// A dilemma may cost the careful choice some points, but no way of leaving the better
/// options may end with a higher score than taking them: the score must never reward the
/// tempting choice overall.
#[test]
fn no_path_scores_more_than_taking_the_better_options() {
    let campaign = common::campaign();
    for (_, lc) in &campaign.levels {
        let level = Arc::new(lc.playable().unwrap().clone());
        let (_, highest) = lc.exploration.as_ref().unwrap().score_range().unwrap();
        let careful = best_only_score(
            Run::start(Arc::clone(&level), Footprint::default()).unwrap(),
            0,
        );
        assert_eq!(
            careful,
            Some(highest),
            "{}: another path scores {highest}",
            level.id
        );
    }
}
