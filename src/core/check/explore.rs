//! The path explorer behind `check`: visits every reachable state of a level once.
//!
//! A state is a scene plus the truth of every *condition atom* the level reads (its flags,
//! and "was this data shared" facts). Meters are not part of the state: the score is linear
//! in the changes along a path (see [`crate::core::model::score`]), so the best and worst score
//! from every state are computed afterwards by dynamic programming over the state graph,
//! loops included (strongly connected components). The work is linear in the number of
//! states and edges, which stay close to the number of scenes for real levels.

use crate::core::model::data::DataKind;
use crate::core::model::level::{Cond, Level, Outcome, Scene};
use crate::core::model::score;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Past this many states the explorer stops and says so (never hangs).
pub const MAX_STATES: usize = 2_000_000;
/// Condition atoms a level may read (flags + data facts). Real levels use fewer than 20.
pub const MAX_ATOMS: usize = 128;
/// Form fields that conditions depend on, per form (each doubles the form's edges).
const MAX_RELEVANT_FIELDS: usize = 10;
/// Facts from earlier levels that are unknown to the checker (each can double the states
/// from the scene that first reads it).
const MAX_UNKNOWN_ATOMS: usize = 12;

type Bits = u128;

/// An earlier level of the campaign, as a later level's conditions see it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EarlierLevel {
    pub id: String,
    /// Every data kind it can share.
    pub shareable: Vec<DataKind>,
    /// The data every way to its Success endings shares (a careful pupil gave it too).
    pub required: Vec<DataKind>,
}

/// What earlier levels may have shared, when the level is checked inside a campaign.
#[derive(Clone, Debug, Default)]
pub struct PastLevels {
    /// `None`: checked alone, anything may have been shared before.
    /// `Some`: the earlier levels, in playing order.
    pub earlier: Option<Vec<EarlierLevel>>,
}

impl PastLevels {
    fn may_have_shared(&self, data: DataKind) -> bool {
        match &self.earlier {
            None => true,
            Some(levels) => levels.iter().any(|l| l.shareable.contains(&data)),
        }
    }

    fn may_have_shared_in(&self, data: DataKind, level: &str) -> bool {
        match &self.earlier {
            None => true,
            Some(levels) => levels
                .iter()
                .any(|l| l.id == level && l.shareable.contains(&data)),
        }
    }
}

/// Every data kind a level can share (forms and options), used for `PastLevels`.
pub fn shareable(level: &Level) -> Vec<DataKind> {
    let mut out = Vec::new();
    for scene in &level.scenes {
        match scene {
            Scene::Share(f) | Scene::Permissions(f) => out.extend(f.fields.iter().map(|f| f.data)),
            _ => out.extend(scene.options().iter().flat_map(|o| o.share.iter().copied())),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Meter changes along one edge (or a path).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Delta {
    privacy: i32,
    mission: i32,
}

impl Delta {
    fn sum(self) -> i32 {
        self.privacy + self.mission
    }
}

#[derive(Clone, Copy, Debug)]
struct Edge {
    to: u32,
    /// The least and most privacy the edge can cost (forms: fewer or more fields ticked).
    low: Delta,
    high: Delta,
    /// The change if the player shares nothing on this edge, when that is possible.
    nothing: Option<Delta>,
    /// The change on the careless path (tick everything, take risky options), if this edge is on it.
    careless: Option<Delta>,
}

/// One way through a level that takes a meter to its extreme: the scenes in order with the
/// change each step makes, so a teacher sees which numbers add up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeterPath {
    pub steps: Vec<MeterStep>,
    /// A loop (its first scene) that can be taken again and again, each time moving the
    /// meter further: then the meter has no limit at all.
    pub repeated_loop: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeterStep {
    pub scene: usize,
    pub next: usize,
    pub change: i32,
}

/// What the explorer found.
#[derive(Clone, Debug, Default)]
pub struct Exploration {
    pub states: usize,
    pub edges: usize,
    /// Per scene: reached in some state.
    pub reached: Vec<bool>,
    /// Per scene: the first scene of a loop the pupil can enter but never leave, with no ending.
    pub stuck: Vec<bool>,
    /// Per scene: some reachable state there offers no option at all.
    pub no_option: Vec<bool>,
    /// Per scene: part of a loop whose edges change the meters.
    pub loop_with_effects: Vec<bool>,
    /// Scene indices of the endings reached.
    pub endings: Vec<usize>,
    /// Per outcome (Success, Partial, Failure): best and worst score, if reachable.
    pub best: [Option<i32>; 3],
    pub worst: [Option<i32>; 3],
    /// Best score per outcome when nothing at all is shared.
    pub best_sharing_nothing: [Option<i32>; 3],
    /// Best score per outcome on the careless path.
    pub best_careless: [Option<i32>; 3],
    /// Lowest privacy meter and highest mission meter reachable at an ending.
    pub lowest_privacy: Option<i32>,
    pub highest_mission: Option<i32>,
    /// When a meter can leave 0–100: one way a pupil takes it there (for the message).
    pub privacy_path: Option<MeterPath>,
    pub mission_path: Option<MeterPath>,
    /// Stopped early (too many states, atoms or fields).
    pub truncated: bool,
}

pub fn outcome_index(o: Outcome) -> usize {
    match o {
        Outcome::Success => 0,
        Outcome::Partial => 1,
        Outcome::Failure => 2,
    }
}

pub const OUTCOMES: [Outcome; 3] = [Outcome::Success, Outcome::Partial, Outcome::Failure];

impl Exploration {
    pub fn score_range(&self) -> Option<(i32, i32)> {
        let lo = self.worst.iter().flatten().min()?;
        let hi = self.best.iter().flatten().max()?;
        Some((*lo, *hi))
    }

    pub fn max_stars(&self, stars: crate::core::model::level::Stars) -> Option<u8> {
        stars_of(&self.best, stars).into_iter().max()
    }

    pub fn min_stars(&self, stars: crate::core::model::level::Stars) -> Option<u8> {
        OUTCOMES
            .iter()
            .zip(self.worst.iter())
            .filter_map(|(o, s)| s.map(|s| score::stars(*o, s, stars)))
            .min()
    }

    pub fn max_stars_sharing_nothing(&self, stars: crate::core::model::level::Stars) -> Option<u8> {
        stars_of(&self.best_sharing_nothing, stars)
            .into_iter()
            .max()
    }

    pub fn max_stars_careless(&self, stars: crate::core::model::level::Stars) -> Option<u8> {
        stars_of(&self.best_careless, stars).into_iter().max()
    }
}

fn stars_of(scores: &[Option<i32>; 3], stars: crate::core::model::level::Stars) -> Vec<u8> {
    OUTCOMES
        .iter()
        .zip(scores.iter())
        .filter_map(|(o, s)| s.map(|s| score::stars(*o, s, stars)))
        .collect()
}

/// A condition compiled to atom bits.
enum Compiled {
    Bit(u32),
    Const(bool),
    Not(Box<Compiled>),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
}

impl Compiled {
    /// The atoms the condition reads.
    fn mask(&self) -> Bits {
        match self {
            Compiled::Bit(b) => 1 << b,
            Compiled::Const(_) => 0,
            Compiled::Not(c) => c.mask(),
            Compiled::All(cs) | Compiled::Any(cs) => cs.iter().fold(0, |m, c| m | c.mask()),
        }
    }

    fn eval(&self, bits: Bits) -> bool {
        match self {
            Compiled::Bit(b) => bits & (1 << b) != 0,
            Compiled::Const(v) => *v,
            Compiled::Not(c) => !c.eval(bits),
            Compiled::All(cs) => cs.iter().all(|c| c.eval(bits)),
            Compiled::Any(cs) => cs.iter().any(|c| c.eval(bits)),
        }
    }
}

struct Atoms<'a> {
    level_id: &'a str,
    index: HashMap<Cond, u32>,
    /// Bits set when a flag is set.
    flag_bits: HashMap<String, Bits>,
    /// Bits set when a data kind leaves during this level.
    share_bits: HashMap<DataKind, Bits>,
    /// Bits whose start value is unknown (facts from earlier levels).
    unknown: Vec<u32>,
    overflow: bool,
}

impl<'a> Atoms<'a> {
    fn compile(&mut self, cond: &Cond, past: &PastLevels) -> Compiled {
        match cond {
            Cond::Not(c) => Compiled::Not(Box::new(self.compile(c, past))),
            Cond::All(cs) => Compiled::All(cs.iter().map(|c| self.compile(c, past)).collect()),
            Cond::Any(cs) => Compiled::Any(cs.iter().map(|c| self.compile(c, past)).collect()),
            Cond::SharedIn(d, level)
                if level != self.level_id && !past.may_have_shared_in(*d, level) =>
            {
                Compiled::Const(false)
            }
            leaf => {
                if let Some(&b) = self.index.get(leaf) {
                    return Compiled::Bit(b);
                }
                if self.index.len() >= MAX_ATOMS {
                    self.overflow = true;
                    return Compiled::Const(false);
                }
                let b = self.index.len() as u32;
                self.index.insert(leaf.clone(), b);
                let bit: Bits = 1 << b;
                match leaf {
                    Cond::Flag(f) => {
                        *self.flag_bits.entry(f.clone()).or_default() |= bit;
                    }
                    Cond::Shared(d) => {
                        *self.share_bits.entry(*d).or_default() |= bit;
                        if past.may_have_shared(*d) {
                            self.unknown.push(b);
                        }
                    }
                    Cond::SharedIn(d, level) if level == self.level_id => {
                        *self.share_bits.entry(*d).or_default() |= bit;
                    }
                    Cond::SharedIn(..) => self.unknown.push(b),
                    _ => {}
                }
                Compiled::Bit(b)
            }
        }
    }

    fn flags_mask(&self, flags: &[String]) -> Bits {
        flags
            .iter()
            .map(|f| self.flag_bits.get(f).copied().unwrap_or(0))
            .fold(0, |a, b| a | b)
    }

    fn share_mask(&self, data: impl IntoIterator<Item = DataKind>) -> Bits {
        data.into_iter()
            .map(|d| self.share_bits.get(&d).copied().unwrap_or(0))
            .fold(0, |a, b| a | b)
    }
}

/// One precomputed way out of a scene.
struct Exit {
    when: Option<Compiled>,
    to: u32,
    set: Bits,
    low: Delta,
    high: Delta,
    nothing: Option<Delta>,
    careless: bool,
    risky: bool,
    best: bool,
}

enum Plan {
    /// Story: the first branch that holds, else the default (`when: None`, last).
    Route(Vec<Exit>),
    /// Choice, Chat, forms, quiz: every exit whose condition holds.
    Options(Vec<Exit>),
    End(usize),
}

/// Whether a Success ending of `level` can be reached without ever sharing `data`: the
/// level is explored with every way of sharing it taken away (options that share it, its
/// form fields; a form that needed it can then only be left incomplete). When the explorer
/// cannot tell (too many states), the answer is yes, so no rule fires on a guess.
pub fn success_without(level: &Level, past: &PastLevels, data: DataKind) -> bool {
    let mut without = level.clone();
    for scene in &mut without.scenes {
        match scene {
            Scene::Choice(c) => c.options.retain(|o| !o.share.contains(&data)),
            Scene::Chat(c) => c.options.retain(|o| !o.share.contains(&data)),
            Scene::Share(f) | Scene::Permissions(f) => {
                let Some(k) = f.fields.iter().position(|field| field.data == data) else {
                    continue;
                };
                if f.fields.remove(k).needed {
                    f.mission = 0;
                    if let Some(incomplete) = f.incomplete.clone() {
                        f.next = incomplete;
                    }
                }
            }
            _ => {}
        }
    }
    let ex = explore(&without, past);
    ex.truncated || ex.best[outcome_index(Outcome::Success)].is_some()
}

/// Explores `level`. Scene references must be valid (the validator checks them first).
pub fn explore(level: &Level, past: &PastLevels) -> Exploration {
    let n = level.scenes.len();
    let mut result = Exploration {
        reached: vec![false; n],
        stuck: vec![false; n],
        no_option: vec![false; n],
        loop_with_effects: vec![false; n],
        ..Exploration::default()
    };
    let index_of: HashMap<&str, u32> = level
        .scenes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id(), i as u32))
        .collect();
    let Some(start) = level.start_id().and_then(|s| index_of.get(s).copied()) else {
        return result;
    };
    let target = |id: &str| index_of.get(id).copied().unwrap_or(start);

    // 1. Atoms: every leaf condition the level reads.
    let mut atoms = Atoms {
        level_id: &level.id,
        index: HashMap::new(),
        flag_bits: HashMap::new(),
        share_bits: HashMap::new(),
        unknown: Vec::new(),
        overflow: false,
    };
    let mut compiled_when: Vec<Vec<Option<Compiled>>> = Vec::with_capacity(n);
    for scene in &level.scenes {
        let conds: Vec<Option<&Cond>> = match scene {
            Scene::Story(s) => s.branches.iter().map(|b| Some(&b.when)).collect(),
            _ => scene.options().iter().map(|o| o.when.as_ref()).collect(),
        };
        compiled_when.push(
            conds
                .into_iter()
                .map(|c| c.map(|c| atoms.compile(c, past)))
                .collect(),
        );
    }
    if atoms.overflow || atoms.unknown.len() > MAX_UNKNOWN_ATOMS {
        result.truncated = true;
        atoms.unknown.truncate(MAX_UNKNOWN_ATOMS);
    }

    // The atoms each scene's conditions read: an unknown fact from an earlier level is
    // decided (the state forks) only when a scene first reads it, so the scenes before the
    // read are explored once, not once per combination of the past.
    let reads: Vec<Bits> = compiled_when
        .iter()
        .map(|ws| ws.iter().flatten().fold(0, |m, c| m | c.mask()))
        .collect();

    // 2. Plans: each scene's exits, with their effects.
    let mut plans: Vec<Plan> = Vec::with_capacity(n);
    for (si, (scene, mut whens)) in level.scenes.iter().zip(compiled_when).enumerate() {
        let plan = match scene {
            Scene::End(_) => Plan::End(si),
            Scene::Story(s) => {
                let mut exits: Vec<Exit> = s
                    .branches
                    .iter()
                    .zip(whens.drain(..))
                    .map(|(b, w)| Exit::plain(w, target(&b.next)))
                    .collect();
                exits.push(Exit::plain(None, target(&s.next)));
                Plan::Route(exits)
            }
            Scene::Choice(_) | Scene::Chat(_) => {
                let exits = scene
                    .options()
                    .iter()
                    .zip(whens.drain(..))
                    .map(|(o, w)| {
                        let cost: i32 = o.share.iter().map(|d| d.weight()).sum();
                        let d = Delta {
                            privacy: o.privacy - cost,
                            mission: o.mission,
                        };
                        Exit {
                            when: w,
                            to: target(&o.next),
                            set: atoms.flags_mask(&o.set)
                                | atoms.share_mask(o.share.iter().copied()),
                            low: d,
                            high: d,
                            nothing: o.share.is_empty().then_some(d),
                            careless: false,
                            risky: o.risky,
                            best: o.best,
                        }
                    })
                    .collect();
                Plan::Options(exits)
            }
            Scene::Quiz(q) => {
                let right = Delta {
                    privacy: 0,
                    mission: q.mission,
                };
                let mut exits = Vec::new();
                if q.answers.iter().any(|a| a.correct) {
                    exits.push(Exit::scored(target(&q.next), right));
                }
                exits.push(Exit::scored(
                    target(q.wrong.as_deref().unwrap_or(&q.next)),
                    Delta::default(),
                ));
                Plan::Options(exits)
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                let is_share = matches!(scene, Scene::Share(_));
                let relevant: Vec<usize> = (0..f.fields.len())
                    .filter(|&i| atoms.share_mask([f.fields[i].data]) != 0)
                    .take(MAX_RELEVANT_FIELDS)
                    .collect();
                if relevant.len() == MAX_RELEVANT_FIELDS {
                    result.truncated = true;
                }
                let w = |i: usize| f.fields[i].data.weight();
                let irrelevant: Vec<usize> = (0..f.fields.len())
                    .filter(|i| !relevant.contains(i))
                    .collect();
                let all_irrelevant: i32 = irrelevant.iter().map(|&i| w(i)).sum();
                let needed_irrelevant: Vec<usize> = irrelevant
                    .iter()
                    .copied()
                    .filter(|&i| f.fields[i].needed)
                    .collect();
                let needed_irrelevant_cost: i32 = needed_irrelevant.iter().map(|&i| w(i)).sum();
                let to_next = target(&f.next);
                let to_incomplete = target(f.incomplete.as_deref().unwrap_or(&f.next));
                let mut exits = Vec::new();
                for subset in 0u32..(1 << relevant.len()) {
                    let chosen: Vec<usize> = relevant
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| subset & (1 << k) != 0)
                        .map(|(_, &i)| i)
                        .collect();
                    let chosen_cost: i32 = chosen.iter().map(|&i| w(i)).sum();
                    let set = atoms.share_mask(chosen.iter().map(|&i| f.fields[i].data));
                    let needed_relevant_given = relevant
                        .iter()
                        .all(|i| !f.fields[*i].needed || chosen.contains(i));
                    let is_empty = chosen.is_empty();
                    let is_all = chosen.len() == relevant.len();
                    if needed_relevant_given {
                        let high = Delta {
                            privacy: -(chosen_cost + needed_irrelevant_cost),
                            mission: f.mission,
                        };
                        let low = Delta {
                            privacy: -(chosen_cost + all_irrelevant),
                            mission: f.mission,
                        };
                        exits.push(Exit {
                            when: None,
                            to: to_next,
                            set,
                            low,
                            high,
                            nothing: (is_empty && needed_irrelevant.is_empty()).then_some(high),
                            careless: is_all,
                            risky: false,
                            best: false,
                        });
                    }
                    if is_share && !is_empty {
                        // An incomplete sign-up form is not sent: one edge (below) covers it.
                        continue;
                    }
                    if is_share {
                        if !f.fields.iter().any(|f| f.needed) {
                            continue;
                        }
                        let mut refused = Exit::scored(to_incomplete, Delta::default());
                        refused.careless = false;
                        exits.push(refused);
                        continue;
                    }
                    if !needed_relevant_given || !needed_irrelevant.is_empty() {
                        let high = Delta {
                            privacy: -chosen_cost,
                            mission: 0,
                        };
                        let spare = if needed_relevant_given {
                            needed_irrelevant.iter().map(|&i| w(i)).min().unwrap_or(0)
                        } else {
                            0
                        };
                        let low = Delta {
                            privacy: -(chosen_cost + all_irrelevant - spare),
                            mission: 0,
                        };
                        exits.push(Exit {
                            when: None,
                            to: to_incomplete,
                            set,
                            low,
                            high,
                            nothing: is_empty.then_some(high),
                            careless: false,
                            risky: false,
                            best: false,
                        });
                    }
                }
                Plan::Options(exits)
            }
        };
        plans.push(plan);
    }

    // 3. Forward: every reachable state, each stored once. States are numbered in the
    // order they are found and expanded in that order, so each state's edges are stored
    // contiguously (`graph.first[s]..graph.first[s + 1]`).
    // A state is (scene, atom values, atoms still undecided): undecided atoms read 0.
    type State = (u32, Bits, Bits);
    let mut ids: HashMap<State, u32, BuildHasherDefault<FastHasher>> = HashMap::default();
    let mut states: Vec<State> = Vec::new();
    let mut graph = Graph::default();
    let undecided: Bits = atoms.unknown.iter().fold(0, |m, &b| m | (1 << b));
    ids.insert((start, 0, undecided), 0);
    states.push((start, 0, undecided));
    let starts: Vec<u32> = vec![0];
    // (target scene, target bits, target undecided, low, high, nothing, careless) of each way out.
    type Out = (u32, Bits, Bits, Delta, Delta, Option<Delta>, Option<Delta>);
    let mut out: Vec<Out> = Vec::new();
    let mut sid = 0;
    while sid < states.len() {
        let (scene, bits, pending) = states[sid];
        graph.first.push(graph.edges.len() as u32);
        sid += 1;
        result.reached[scene as usize] = true;
        out.clear();
        let fork = reads[scene as usize] & pending;
        if fork != 0 {
            // Decide the facts this scene reads: one way out per combination, no effect.
            let d = Delta::default();
            let mut sub = fork;
            loop {
                out.push((scene, bits | sub, pending & !fork, d, d, Some(d), Some(d)));
                if sub == 0 {
                    break;
                }
                sub = (sub - 1) & fork;
            }
        } else {
            match &plans[scene as usize] {
                Plan::End(_) => {}
                Plan::Route(exits) => {
                    let e = exits
                        .iter()
                        .find(|e| e.when.as_ref().is_none_or(|c| c.eval(bits)))
                        .expect("the default route has no condition");
                    let d = Delta::default();
                    out.push((e.to, bits, pending, d, d, Some(d), Some(d)));
                }
                Plan::Options(exits) => {
                    let open = |e: &&Exit| e.when.as_ref().is_none_or(|c| c.eval(bits));
                    let any_open = exits.iter().any(|e| open(&e));
                    if !any_open {
                        result.no_option[scene as usize] = true;
                    }
                    // The careless pupil takes a risky option where there is one, otherwise
                    // never the better one.
                    let any_risky = exits.iter().filter(open).any(|e| e.risky);
                    let any_best = exits.iter().filter(open).any(|e| e.best);
                    let is_form = matches!(
                        level.scenes[scene as usize],
                        Scene::Share(_) | Scene::Permissions(_)
                    );
                    for e in exits.iter().filter(open) {
                        let careless = if is_form {
                            e.careless
                        } else if any_risky {
                            e.risky
                        } else {
                            !any_best || !e.best
                        };
                        out.push((
                            e.to,
                            bits | e.set,
                            pending & !e.set,
                            e.low,
                            e.high,
                            e.nothing,
                            careless.then_some(e.low),
                        ));
                    }
                }
            }
        }
        for &(to_scene, to_bits, to_pending, low, high, nothing, careless) in &out {
            let key = (to_scene, to_bits, to_pending);
            let to = match ids.get(&key) {
                Some(&t) => t,
                None => {
                    if states.len() >= MAX_STATES {
                        result.truncated = true;
                        continue;
                    }
                    let t = states.len() as u32;
                    ids.insert(key, t);
                    states.push(key);
                    t
                }
            };
            graph.edges.push(Edge {
                to,
                low,
                high,
                nothing,
                careless,
            });
        }
    }
    graph.first.push(graph.edges.len() as u32);
    drop(ids);
    result.states = states.len();
    result.edges = graph.edges.len();
    if result.truncated {
        // Unexpanded states would look like dead ends: report nothing we are not sure of.
        return result;
    }

    // 4. Backward: values per state, strongly connected components first.
    let outcome_of = |scene: u32| match &level.scenes[scene as usize] {
        Scene::End(e) => Some(outcome_index(e.outcome)),
        _ => None,
    };
    let components = tarjan(&graph);
    let mut values = vec![Values::NONE; states.len()];
    let mut component_of = vec![0u32; states.len()];
    for (c, comp) in components.iter().enumerate() {
        for &s in comp {
            component_of[s as usize] = c as u32;
        }
    }
    // Tarjan yields components sinks first, so every exit's target is already computed.
    for (c, comp) in components.iter().enumerate() {
        let mut v = Values::NONE;
        let mut effects_inside = false;
        let mut cyclic = comp.len() > 1;
        for &s in comp {
            if let Some(o) = outcome_of(states[s as usize].0) {
                v.end(o);
            }
            for e in graph.out(s) {
                if component_of[e.to as usize] as usize == c {
                    cyclic = true;
                    if e.low != Delta::default() || e.high != Delta::default() {
                        effects_inside = true;
                    }
                    continue;
                }
                v.relax(e, &values[e.to as usize]);
            }
        }
        if cyclic && effects_inside {
            for &s in comp {
                result.loop_with_effects[states[s as usize].0 as usize] = true;
            }
            v.unbounded_loop(
                comp.iter()
                    .flat_map(|&s| graph.out(s).iter())
                    .filter(|e| component_of[e.to as usize] as usize == c),
            );
        }
        for &s in comp {
            values[s as usize] = v;
        }
    }

    // 5. Results.
    let mut total = Values::NONE;
    for &s in &starts {
        total.merge(&values[s as usize]);
    }
    // A trap is a group of states the pupil cannot leave and that holds no ending: a loop
    // with no way out (reported at its first scene). States that merely lead into a trap
    // are not reported again: fixing the trap fixes them.
    for comp in &components {
        let leaves = comp.iter().any(|&s| {
            graph
                .out(s)
                .iter()
                .any(|e| component_of[e.to as usize] != component_of[s as usize])
        });
        let has_end = comp
            .iter()
            .any(|&s| outcome_of(states[s as usize].0).is_some());
        let has_edges = comp.iter().any(|&s| !graph.out(s).is_empty());
        if !leaves && !has_end && has_edges {
            let first = comp
                .iter()
                .map(|&s| states[s as usize].0)
                .min()
                .expect("non-empty");
            result.stuck[first as usize] = true;
        }
    }
    for &(scene, _, _) in &states {
        if let Plan::End(e) = plans[scene as usize]
            && !result.endings.contains(&e)
        {
            result.endings.push(e);
        }
    }
    result.endings.sort_unstable();
    for o in 0..3 {
        result.best[o] = total.best[o].get_max().map(score::score_of_sum);
        result.worst[o] = total.worst[o].get_min().map(score::score_of_sum);
        result.best_sharing_nothing[o] = total.nothing[o].get_max().map(score::score_of_sum);
        result.best_careless[o] = total.careless[o].get_max().map(score::score_of_sum);
    }
    result.lowest_privacy = total.lowest_privacy.get_min().map(|p| 100 + p);
    result.highest_mission = total.highest_mission.get_max();
    let walk = Walk {
        graph: &graph,
        values: &values,
        component_of: &component_of,
        scene_of: &|s| states[s as usize].0 as usize,
    };
    if result.lowest_privacy.is_some_and(|p| p < 0) {
        result.privacy_path = Some(walk.path(Meter::Privacy));
    }
    if result.highest_mission.is_some_and(|m| m > 100) {
        result.mission_path = Some(walk.path(Meter::Mission));
    }
    result
}

#[derive(Clone, Copy)]
enum Meter {
    Privacy,
    Mission,
}

/// Follows, from the start, edges that keep a meter's extreme: the path the message shows.
struct Walk<'a> {
    graph: &'a Graph,
    values: &'a [Values],
    component_of: &'a [u32],
    scene_of: &'a dyn Fn(u32) -> usize,
}

impl Walk<'_> {
    /// The extreme still reachable from state `s`, and what edge `e` changes.
    fn value(&self, meter: Meter, s: u32) -> Option<i32> {
        let v = &self.values[s as usize];
        match meter {
            Meter::Privacy => v.lowest_privacy.get_min(),
            Meter::Mission => v.highest_mission.get_max(),
        }
    }

    fn change(meter: Meter, e: &Edge) -> i32 {
        match meter {
            Meter::Privacy => e.low.privacy,
            Meter::Mission => e.high.mission,
        }
    }

    fn unbounded(v: i32) -> bool {
        v.abs() >= UNBOUNDED / 2
    }

    /// An edge out of `s` that leaves its component and keeps the extreme.
    fn keeping(&self, meter: Meter, s: u32) -> Option<&Edge> {
        let want = self.value(meter, s)?;
        let comp = self.component_of[s as usize];
        self.graph.out(s).iter().find(|e| {
            self.component_of[e.to as usize] != comp
                && self.value(meter, e.to).is_some_and(|next| {
                    let total = next + Self::change(meter, e);
                    total == want || (Self::unbounded(want) && Self::unbounded(total))
                })
        })
    }

    /// Whether edge `e` pushes the meter towards going out of range.
    fn pushes(meter: Meter, e: &Edge) -> bool {
        match meter {
            Meter::Privacy => e.low.privacy < 0,
            Meter::Mission => e.high.mission > 0,
        }
    }

    fn path(&self, meter: Meter) -> MeterPath {
        let mut path = MeterPath::default();
        let mut s = 0u32;
        // Each step leaves a component for a later one (Tarjan's order): at most one
        // step per component.
        for _ in 0..self.values.len() {
            let Some(route) = self.route_out_of_component(meter, s, &mut path) else {
                break;
            };
            for &(from, to, change) in &route {
                path.steps.push(MeterStep {
                    scene: (self.scene_of)(from),
                    next: (self.scene_of)(to),
                    change,
                });
            }
            match route.last() {
                Some(&(_, to, _)) => s = to,
                None => break,
            }
        }
        path
    }

    /// Inside `s`'s component, the edges from `s` to a state whose exit keeps the extreme,
    /// then that exit (breadth first, so the shortest). `None` at an ending, or when the
    /// component is a loop that pushes the meter without limit (noted in `path`).
    fn route_out_of_component(
        &self,
        meter: Meter,
        s: u32,
        path: &mut MeterPath,
    ) -> Option<Vec<(u32, u32, i32)>> {
        let comp = self.component_of[s as usize];
        let unbounded = self.value(meter, s).is_some_and(Self::unbounded);
        let mut came_from: HashMap<u32, (u32, i32)> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([s]);
        came_from.insert(s, (s, 0));
        while let Some(t) = queue.pop_front() {
            for e in self.graph.out(t) {
                if self.component_of[e.to as usize] != comp {
                    continue;
                }
                if unbounded && Self::pushes(meter, e) {
                    path.repeated_loop = Some((self.scene_of)(t));
                    return None;
                }
                if let std::collections::hash_map::Entry::Vacant(v) = came_from.entry(e.to) {
                    v.insert((t, Self::change(meter, e)));
                    queue.push_back(e.to);
                }
            }
            if let Some(exit) = self.keeping(meter, t) {
                let mut route = vec![(t, exit.to, Self::change(meter, exit))];
                let mut at = t;
                while at != s {
                    let (from, change) = came_from[&at];
                    route.push((from, at, change));
                    at = from;
                }
                route.reverse();
                return Some(route);
            }
        }
        None
    }
}

impl Exit {
    fn plain(when: Option<Compiled>, to: u32) -> Exit {
        Exit::scored(to, Delta::default()).with_when(when)
    }

    fn scored(to: u32, d: Delta) -> Exit {
        Exit {
            when: None,
            to,
            set: 0,
            low: d,
            high: d,
            nothing: Some(d),
            careless: true,
            risky: false,
            best: false,
        }
    }

    fn with_when(mut self, when: Option<Compiled>) -> Exit {
        self.when = when;
        self
    }
}

/// An optional extreme value; "unbounded" is a large finite number so sums stay exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Extreme(i32);

const UNSET_MAX: i32 = i32::MIN;
const UNSET_MIN: i32 = i32::MAX;
const UNBOUNDED: i32 = 1_000_000;

impl Extreme {
    fn get_max(self) -> Option<i32> {
        (self.0 != UNSET_MAX).then_some(self.0)
    }
    fn get_min(self) -> Option<i32> {
        (self.0 != UNSET_MIN).then_some(self.0)
    }
    fn raise(&mut self, v: i32) {
        self.0 = self.0.max(v.clamp(-UNBOUNDED, UNBOUNDED));
    }
    fn lower(&mut self, v: i32) {
        self.0 = self.0.min(v.clamp(-UNBOUNDED, UNBOUNDED));
    }
}

/// The best/worst sums from a state to each kind of ending.
#[derive(Clone, Copy, Debug)]
struct Values {
    best: [Extreme; 3],
    worst: [Extreme; 3],
    nothing: [Extreme; 3],
    careless: [Extreme; 3],
    lowest_privacy: Extreme,
    highest_mission: Extreme,
}

impl Values {
    const NONE: Values = Values {
        best: [Extreme(UNSET_MAX); 3],
        worst: [Extreme(UNSET_MIN); 3],
        nothing: [Extreme(UNSET_MAX); 3],
        careless: [Extreme(UNSET_MAX); 3],
        lowest_privacy: Extreme(UNSET_MIN),
        highest_mission: Extreme(UNSET_MAX),
    };

    fn end(&mut self, o: usize) {
        self.best[o].raise(0);
        self.worst[o].lower(0);
        self.nothing[o].raise(0);
        self.careless[o].raise(0);
        self.lowest_privacy.lower(0);
        self.highest_mission.raise(0);
    }

    fn relax(&mut self, e: &Edge, next: &Values) {
        for o in 0..3 {
            if let Some(b) = next.best[o].get_max() {
                self.best[o].raise(b + e.high.sum());
            }
            if let Some(w) = next.worst[o].get_min() {
                self.worst[o].lower(w + e.low.sum());
            }
            if let (Some(d), Some(b)) = (e.nothing, next.nothing[o].get_max()) {
                self.nothing[o].raise(b + d.sum());
            }
            if let (Some(d), Some(b)) = (e.careless, next.careless[o].get_max()) {
                self.careless[o].raise(b + d.sum());
            }
        }
        if let Some(p) = next.lowest_privacy.get_min() {
            self.lowest_privacy.lower(p + e.low.privacy);
        }
        if let Some(m) = next.highest_mission.get_max() {
            self.highest_mission.raise(m + e.high.mission);
        }
    }

    /// A loop whose edges change the meters can be run again and again: a gain inside it
    /// makes the best unbounded, a loss makes the worst unbounded.
    fn unbounded_loop<'a>(&mut self, inside: impl Iterator<Item = &'a Edge>) {
        let (mut gain, mut loss, mut privacy_loss, mut mission_gain) = (false, false, false, false);
        for e in inside {
            gain |= e.high.sum() > 0;
            loss |= e.low.sum() < 0;
            privacy_loss |= e.low.privacy < 0;
            mission_gain |= e.high.mission > 0;
        }
        for o in 0..3 {
            if gain && self.best[o].get_max().is_some() {
                self.best[o].raise(UNBOUNDED);
            }
            if loss && self.worst[o].get_min().is_some() {
                self.worst[o].lower(-UNBOUNDED);
            }
        }
        if privacy_loss && self.lowest_privacy.get_min().is_some() {
            self.lowest_privacy.lower(-UNBOUNDED);
        }
        if mission_gain && self.highest_mission.get_max().is_some() {
            self.highest_mission.raise(UNBOUNDED);
        }
    }

    fn merge(&mut self, other: &Values) {
        for o in 0..3 {
            if let Some(v) = other.best[o].get_max() {
                self.best[o].raise(v);
            }
            if let Some(v) = other.worst[o].get_min() {
                self.worst[o].lower(v);
            }
            if let Some(v) = other.nothing[o].get_max() {
                self.nothing[o].raise(v);
            }
            if let Some(v) = other.careless[o].get_max() {
                self.careless[o].raise(v);
            }
        }
        if let Some(v) = other.lowest_privacy.get_min() {
            self.lowest_privacy.lower(v);
        }
        if let Some(v) = other.highest_mission.get_max() {
            self.highest_mission.raise(v);
        }
    }
}

/// Strongly connected components (iterative Tarjan), sinks first.
fn tarjan(graph: &Graph) -> Vec<Vec<u32>> {
    let n = graph.first.len() - 1;
    const UNVISITED: u32 = u32::MAX;
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0u32;
    // (node, next edge to look at)
    let mut call: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNVISITED {
            continue;
        }
        call.push((root, 0));
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            let vs = v as usize;
            let out = graph.out(v);
            if *ei < out.len() {
                let w = out[*ei].to;
                *ei += 1;
                let ws = w as usize;
                if index[ws] == UNVISITED {
                    index[ws] = next_index;
                    low[ws] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[ws] = true;
                    call.push((w, 0));
                } else if on_stack[ws] {
                    low[vs] = low[vs].min(index[ws]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    let p = parent as usize;
                    low[p] = low[p].min(low[vs]);
                }
                if low[vs] == index[vs] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    components.push(comp);
                }
            }
        }
    }
    components
}

/// The state graph in compressed form: the edges of state `s` are
/// `edges[first[s]..first[s + 1]]`.
#[derive(Default)]
struct Graph {
    first: Vec<u32>,
    edges: Vec<Edge>,
}

impl Graph {
    fn out(&self, s: u32) -> &[Edge] {
        let s = s as usize;
        &self.edges[self.first[s] as usize..self.first[s + 1] as usize]
    }
}

/// A fast non-cryptographic hash for state keys (SipHash is several times slower here, and
/// level files are not adversarial to the point of hash flooding a one-shot check).
#[derive(Default)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.add(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }
    fn write_u128(&mut self, v: u128) {
        self.add(v as u64);
        self.add((v >> 64) as u64);
    }
    fn write_usize(&mut self, v: usize) {
        self.add(v as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::load::parse;

    /// A story of `n` scenes that reads 10 facts from earlier levels only at its end.
    fn reads_the_past_at_the_end(n: usize) -> Level {
        let t = |s: &str| format!("(fr: \"{s}\", en: \"{s}\")");
        let mut scenes = String::new();
        for i in 0..n {
            scenes += &format!(
                "Story(id: \"s{i}\", text: {}, next: \"s{}\"),\n",
                t("."),
                i + 1
            );
        }
        let kinds = [
            "Address", "Phone", "Photo", "School", "Email", "LastName", "Location", "Contacts",
            "BankCard", "Password",
        ];
        let any: Vec<String> = kinds.iter().map(|k| format!("Shared({k})")).collect();
        scenes += &format!(
            "Story(id: \"s{n}\", text: {}, branches: [(when: Any([{}]), next: \"trace\")], next: \"fin\"),\n",
            t("."),
            any.join(", ")
        );
        scenes += &format!("End(id: \"trace\", outcome: Partial, text: {}),\n", t("."));
        scenes += &format!("End(id: \"fin\", outcome: Success, text: {}),\n", t("."));
        let src = format!(
            "Level(format: 1, id: \"l\", title: {}, scenes: [{scenes}], debrief: (lesson: {}, questions: [], sources: []))",
            t("t"),
            t(".")
        );
        parse("l.ron", &src).unwrap()
    }

    #[test]
    fn facts_from_the_past_fork_the_states_only_where_they_are_read() {
        let level = reads_the_past_at_the_end(50);
        let ex = explore(&level, &PastLevels::default());
        assert!(!ex.truncated);
        // 50 scenes once, then the reading scene and its 2^10 decided copies, two endings.
        assert!(ex.states < 50 + 2 * 1024 + 10, "{} states", ex.states);
        assert_eq!(ex.endings.len(), 2);
        assert!(ex.best[outcome_index(Outcome::Success)].is_some());
        assert!(ex.best[outcome_index(Outcome::Partial)].is_some());
    }
}
