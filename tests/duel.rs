//! Duel mode on the shipped campaign: boards are deterministic for a class code, hold only
//! their pool, spread over missions; every card can be claimed; a careful team beats a
//! careless one on every pool, and the results survive the CSV.

mod common;

use agent_trace::core::model::level::{Level, Topic};
use agent_trace::core::model::text::Lang;
use agent_trace::core::play::Run;
use agent_trace::core::play::debrief::{self, Verdict};
use agent_trace::core::play::duel::{
    self, Board, CardOutcome, Duel, DuelError, Ending, Pool, Team, Teams,
};
use agent_trace::core::play::footprint::Footprint;
use agent_trace::core::play::results;
use agent_trace::core::play::rng::ClassCode;
use common::bots::{first_hidden, team_move};
use common::playable_levels as levels;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

fn pools(levels: &[(usize, Arc<Level>)]) -> Vec<Pool> {
    let chapters = levels.iter().map(|(c, _)| *c + 1).max().unwrap_or(0);
    let mut pools = vec![Pool::All];
    pools.extend((0..chapters).map(Pool::Chapter));
    pools.extend(Topic::ALL.map(Pool::Topic));
    pools
}

fn code(c: &str) -> ClassCode {
    ClassCode::parse(c).unwrap()
}

fn ids(board: &Board) -> Vec<String> {
    board.cards().iter().map(|c| c.id()).collect()
}

/// Golden board: if this fails, every class's duel board for LYNX-42 has changed (a change
/// to the draw, the eligibility rules or the shipped missions) — update it on purpose only.
const GOLDEN_LYNX_42: [&str; 12] = [
    "cookies/perso",
    "groupe-classe/ines-prive",
    "mot-de-passe/secours",
    "quiz-perso/partage",
    "lampe/autorisations",
    "fuite/gestionnaire",
    "photo-sortie/compte",
    "concours/dm",
    "streak/code",
    "dossier/effacer",
    "nouvel-ami/ines",
    "hameconnage/message",
];

#[test]
fn the_same_code_deals_the_same_board() {
    let levels = levels();
    let a = duel::deal(&levels, Pool::All, &code("LYNX-42")).unwrap();
    let again = duel::deal(&levels, Pool::All, &code(" lynx-42")).unwrap();
    assert_eq!(ids(&a), ids(&again));
    assert_eq!((a.columns(), a.rows()), (4, 3));
    assert_eq!(ids(&a), GOLDEN_LYNX_42, "{:?}", ids(&a));
    let other = duel::deal(&levels, Pool::All, &code("OURS-17")).unwrap();
    assert_ne!(ids(&a), ids(&other));
}

#[test]
fn boards_hold_their_pool_once_each_spread_over_missions() {
    let levels = levels();
    for pool in pools(&levels) {
        let available = duel::pool_cards(&levels, pool);
        for c in ["LYNX-42", "OURS-17", "AIGLE-3"] {
            let board = match duel::deal(&levels, pool, &code(c)) {
                Ok(b) => b,
                Err(e) => {
                    assert!(available.len() < duel::MIN_CARDS, "{pool:?}: {e}");
                    assert_eq!(
                        e,
                        DuelError::PoolTooSmall {
                            available: available.len()
                        }
                    );
                    continue;
                }
            };
            let what = format!("{pool:?} {c}");
            let (cols, rows) = duel::layout(available.len()).unwrap();
            assert_eq!((board.columns(), board.rows()), (cols, rows), "{what}");
            assert_eq!(board.len(), cols * rows, "{what}");
            let unique: BTreeSet<String> = ids(&board).into_iter().collect();
            assert_eq!(unique.len(), board.len(), "{what}: duplicates");
            for card in board.cards() {
                assert!(
                    pool.contains(card.chapter, &card.level),
                    "{what}: {}",
                    card.id()
                );
                match pool {
                    Pool::Topic(t) => assert!(card.level.topics.contains(&t), "{what}"),
                    Pool::Chapter(ch) => assert_eq!(card.chapter, ch, "{what}"),
                    Pool::All => {}
                }
            }
            // Round robin: a mission has at most one card more than another, unless the
            // other has given all it had.
            let mut offered: BTreeMap<&str, usize> = BTreeMap::new();
            for card in &available {
                *offered.entry(card.level.id.as_str()).or_default() += 1;
            }
            let mut drawn: BTreeMap<&str, usize> = offered.keys().map(|k| (*k, 0)).collect();
            for card in board.cards() {
                *drawn.get_mut(card.level.id.as_str()).unwrap() += 1;
            }
            for (a, &na) in &drawn {
                for (b, &nb) in &drawn {
                    assert!(
                        na <= nb + 1 || nb == offered[b],
                        "{what}: {a} has {na} cards, {b} only {nb}"
                    );
                }
            }
            let n = board.len();
            let missions = drawn.len();
            if offered.values().all(|&o| o >= n.div_ceil(missions)) {
                assert!(
                    drawn.values().all(|&d| d <= n.div_ceil(missions)),
                    "{what}: {drawn:?}"
                );
            }
        }
    }
    // The whole campaign has a card from every mission.
    let board = duel::deal(&levels, Pool::All, &code("LYNX-42")).unwrap();
    let missions: BTreeSet<&str> = board.cards().iter().map(|c| c.level.id.as_str()).collect();
    assert_eq!(missions.len(), 12.min(levels.len()));
}

#[test]
fn stakes_mix_over_the_campaign() {
    let levels = levels();
    let cards = duel::pool_cards(&levels, Pool::All);
    let mut by_stake: BTreeMap<u32, usize> = BTreeMap::new();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &cards {
        *by_stake.entry(c.stake).or_default() += 1;
        *by_kind.entry(c.kind).or_default() += 1;
        assert_eq!(
            c.stake == 1,
            c.at_stake
                .first()
                .is_none_or(|d| d.weight() < duel::STAKE_2_WEIGHT)
        );
    }
    eprintln!(
        "{} cards, stakes {by_stake:?}, kinds {by_kind:?}",
        cards.len()
    );
    for stake in 1..=3 {
        assert!(
            by_stake.get(&stake).copied().unwrap_or(0) * 6 >= cards.len(),
            "stake {stake} is rare: {by_stake:?}"
        );
    }
}

#[test]
fn every_card_can_be_claimed_and_missed() {
    let levels = levels();
    for card in duel::pool_cards(&levels, Pool::All) {
        for careful in [true, false] {
            let mut run =
                Run::start_at(Arc::clone(&card.level), Footprint::default(), &card.scene).unwrap();
            run.act(team_move(&run, careful)).unwrap();
            let d = debrief::build(&run, None);
            assert_eq!(d.decisions.len(), 1, "{}", card.id());
            assert_eq!(
                d.decisions[0].verdict == Verdict::Best,
                careful,
                "{}",
                card.id()
            );
        }
    }
}

#[test]
fn a_careful_team_beats_a_careless_one_on_every_pool() {
    let levels = levels();
    let mut played = 0;
    for pool in pools(&levels) {
        for careful in Team::BOTH {
            let Ok(board) = duel::deal(&levels, pool, &code("LYNX-42")) else {
                continue;
            };
            let teams = Teams::new("Les Prudents", "Les Pressés", Lang::Fr).unwrap();
            let mut d = Duel::new(board, teams);
            let mut turns = 0;
            while !d.is_over() {
                let cell = first_hidden(&d).unwrap();
                let team = d.turn();
                let run = d.reveal(cell).unwrap();
                let action = team_move(run, team == careful);
                let r = d.decide(action).unwrap();
                assert_eq!(r.team, team);
                if team == careful {
                    assert_eq!(
                        r.outcome,
                        CardOutcome::Claimed,
                        "{pool:?} {}",
                        r.report.scene
                    );
                } else {
                    assert_ne!(
                        r.outcome,
                        CardOutcome::Claimed,
                        "{pool:?} {}",
                        r.report.scene
                    );
                }
                turns += 1;
                assert!(turns <= d.board().len(), "{pool:?}: the duel never ends");
            }
            let what = format!("{pool:?}, careful {careful:?}");
            assert_eq!(
                d.ending(),
                Some(Ending::Win {
                    team: careful,
                    on_leaks: false
                }),
                "{what}"
            );
            assert_eq!(d.score(careful.other()), 0, "{what}");
            assert_eq!(d.leaks(careful), 0, "{what}");
            assert!(d.score(careful) > 0, "{what}");
            let leaked: u32 = d
                .results()
                .iter()
                .filter(|r| r.outcome == CardOutcome::Leaked)
                .map(|r| r.stake)
                .sum();
            let claimed: u32 = d
                .results()
                .iter()
                .filter(|r| r.outcome == CardOutcome::Claimed)
                .map(|r| r.stake)
                .sum();
            assert_eq!(d.stakes(careful), leaked + claimed, "{what}");
            assert_eq!(
                d.score(careful),
                d.stakes(careful) + d.line_bonus(careful),
                "{what}"
            );

            let recs = duel::records(&d, 1200);
            let mut csv = results::csv_start();
            for r in &recs {
                csv.push_str(&results::csv_row(r));
            }
            let (back, bad) = results::parse_csv(&csv);
            assert!(bad.is_empty(), "{what}: {bad:?}");
            assert_eq!(back, recs, "{what}");
            assert_eq!(back[careful.index()].outcome, "win");
            assert_eq!(back[careful.other().index()].outcome, "loss");
            assert_eq!(back[careful.index()].label, d.name(careful));
            let cards = back[0].choices.split(';').count() + back[1].choices.split(';').count();
            assert_eq!(cards, d.board().len(), "{what}");
            played += 1;
        }
    }
    assert!(played >= 2 * 5, "only {played} duels played");
}

#[test]
fn a_card_shows_the_story_that_sets_its_scene_up() {
    let levels = levels();
    let cards = duel::pool_cards(&levels, Pool::All);
    let reagir = cards
        .iter()
        .find(|c| c.id() == "photo-sortie/reagir")
        .expect("the unknown account's comment is a card");
    let setup = reagir.setup().expect("a setup");
    assert!(setup.get(Lang::Fr).contains("jo_officiel"), "{setup:?}");
    assert!(setup.get(Lang::En).contains("jo_official"), "{setup:?}");
    // Most choices follow a story; a scene reached only from options has none.
    let with_setup = cards.iter().filter(|c| c.setup().is_some()).count();
    assert!(
        with_setup * 2 >= cards.len(),
        "{with_setup} of {}",
        cards.len()
    );
}
