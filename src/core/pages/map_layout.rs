//! Where everything goes on a mission map: a box per scene, an arrow per way out, a caption
//! per arrow. Bevy-free and independent of HTML, so the printable page ([`super::map`]) and an
//! in-game "Carte de la mission" screen can draw the same picture.
//!
//! A layered drawing (Sugiyama style), top to bottom, every step linear or nearly so:
//! 1. the scenes drawn: at most [`MAX_DRAWN`], the nearest to the start first (breadth-first);
//! 2. ways back (an edge into a scene still open in a depth-first walk) are set apart, so the
//!    rest is acyclic; each scene's row is its longest distance from the start, so arrows
//!    mostly point down and endings sit at the bottom;
//! 3. an arrow that spans several rows goes through a thin placeholder in each row between,
//!    so it runs in a lane between boxes instead of across them;
//! 4. a few barycentre sweeps order each row to reduce crossings;
//! 5. x positions: each slot pulled towards its neighbours' mean, with the row's order and
//!    spacing kept (a weighted isotonic regression, pool-adjacent-violators);
//! 6. captions go into the gap under their arrow's start, on one of a few lines, shifted
//!    sideways when they would overlap (with a leader line back to the arrow).

use crate::core::model::level::{Cond, Level, Outcome, Scene};
use crate::core::model::text::Lang;
use crate::core::play::Run;
use crate::core::play::footprint::Footprint;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Above this many scenes only the first ones (by distance from the start) are drawn: a
/// bigger map is unreadable anyway, and drawing stays quick.
pub const MAX_DRAWN: usize = 300;
pub const BOX_W: f32 = 214.0;
pub const BOX_H: f32 = 70.0;
/// The gap between rows: room for three lines of captions and the arrowheads.
pub const ROW_GAP: f32 = 74.0;
const ROW_H: f32 = BOX_H + ROW_GAP;
pub const MARGIN: f32 = 16.0;
/// Room between two boxes of a row, and around a placeholder lane.
const BOX_SPACING: f32 = 34.0;
const LANE_SPACING: f32 = 10.0;
const LANE_W: f32 = 8.0;
/// Captions: one line of small text.
pub const CAPTION_H: f32 = 14.0;
/// Estimated width of one character of a caption (10 px sans-serif, wide fonts included).
pub const CAPTION_CHAR_W: f32 = 6.0;
const CAPTION_ROWS: usize = 3;
/// Longest caption text, in characters, before it is cut with "…".
const CAPTION_TEXT_CHARS: usize = 24;
const CAPTION_COND_CHARS: usize = 20;
/// How far down a stub (an arrow to a scene not drawn or missing) reaches.
const STUB_LEN: f32 = 30.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

fn pt(x: f32, y: f32) -> Point {
    Point { x, y }
}

/// One way out of a scene, in the order the file writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exit {
    /// A story's `branches[i]`.
    Branch(usize),
    /// A story's `next`.
    Next,
    /// A choice's or chat's `options[i]`.
    Option(usize),
    /// A form's `next` (every needed field given) or a quiz's (right answer).
    Done,
    /// A form's `incomplete`.
    Incomplete,
    /// A quiz's `wrong`.
    Wrong,
}

impl Exit {
    /// The field that names the target, as the file writes it: `options[1]`, `next`…
    pub fn field(self) -> String {
        match self {
            Exit::Branch(i) => format!("branches[{i}]"),
            Exit::Option(i) => format!("options[{i}]"),
            Exit::Next | Exit::Done => "next".to_string(),
            Exit::Incomplete => "incomplete".to_string(),
            Exit::Wrong => "wrong".to_string(),
        }
    }
}

/// A scene's ways out with the id each names.
pub fn exits(scene: &Scene) -> Vec<(Exit, &str)> {
    match scene {
        Scene::Story(s) => s
            .branches
            .iter()
            .enumerate()
            .map(|(i, b)| (Exit::Branch(i), b.next.as_str()))
            .chain([(Exit::Next, s.next.as_str())])
            .collect(),
        Scene::Choice(_) | Scene::Chat(_) => scene
            .options()
            .iter()
            .enumerate()
            .map(|(i, o)| (Exit::Option(i), o.next.as_str()))
            .collect(),
        Scene::Share(f) | Scene::Permissions(f) => [(Exit::Done, f.next.as_str())]
            .into_iter()
            .chain(f.incomplete.as_deref().map(|i| (Exit::Incomplete, i)))
            .collect(),
        Scene::Quiz(q) => [(Exit::Done, q.next.as_str())]
            .into_iter()
            .chain(q.wrong.as_deref().map(|w| (Exit::Wrong, w)))
            .collect(),
        Scene::End(_) => Vec::new(),
    }
}

/// The level as a graph: each scene's exits with the index of the scene they name.
pub struct SceneGraph {
    pub start: Option<usize>,
    /// Per scene, in [`exits`] order: the target's index, `None` when no scene has that id.
    pub targets: Vec<Vec<Option<usize>>>,
}

impl SceneGraph {
    pub fn new(level: &Level) -> SceneGraph {
        // The first scene with an id wins, as the checker reports later duplicates.
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(level.scenes.len());
        for (i, s) in level.scenes.iter().enumerate() {
            index.entry(s.id()).or_insert(i);
        }
        let targets = level
            .scenes
            .iter()
            .map(|s| {
                exits(s)
                    .iter()
                    .map(|(_, to)| index.get(to).copied())
                    .collect()
            })
            .collect();
        let start = level.start_id().and_then(|s| index.get(s).copied());
        SceneGraph { start, targets }
    }

    fn successors(&self, scene: usize) -> impl Iterator<Item = usize> + '_ {
        self.targets[scene].iter().flatten().copied()
    }
}

/// Where an arrow goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// Down the rows, towards a later scene.
    Forward,
    /// Back up to a scene already met on the way (a loop: "try again").
    Back,
    /// To the same scene.
    SelfLoop,
    /// To a scene that is not drawn (past [`MAX_DRAWN`]): a short stub.
    OffMap,
    /// To an id no scene has: a short stub.
    Missing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    /// Scene indices; `to` is `None` for a missing scene.
    pub from: usize,
    pub to: Option<usize>,
    pub exit: Exit,
    pub kind: EdgeKind,
    /// The line drawn, from the scene it leaves to the one it enters (arrowhead at the end).
    pub points: Vec<Point>,
    /// The option's text, cut short ("" for a story's plain `next`).
    pub text: String,
    /// The condition that must hold, in words, cut short.
    pub condition: Option<String>,
    /// On the careful player's path (`Run::careful_action`) and the careless one's.
    pub on_best: bool,
    pub on_careless: bool,
    pub caption: Option<Caption>,
}

/// A caption: its text, centred on `at`; `leader` is the point of the arrow it names when
/// the caption had to move away from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    pub text: String,
    pub at: Point,
    pub width: f32,
    pub leader: Option<Point>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapNode {
    pub scene: usize,
    pub row: usize,
    /// Top-left corner; every box is [`BOX_W`] × [`BOX_H`].
    pub x: f32,
    pub y: f32,
}

/// A path a player takes, as the game's players play it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Walk {
    /// (scene index, exit) in order.
    pub steps: Vec<(usize, Exit)>,
    /// The ending reached, if the walk got there.
    pub end: Option<usize>,
    /// The player came back to the same scene with the same flags: they go round forever.
    pub looped: bool,
    /// The walk left the drawn part of the map and was not followed further.
    pub left_map: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapLayout {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub width: f32,
    pub height: f32,
    pub rows: usize,
    /// Per scene of the level: its node, if drawn.
    pub node_of: Vec<Option<usize>>,
    /// Scenes not drawn (the level has more than [`MAX_DRAWN`]).
    pub left_out: usize,
    /// Per scene, following arrows with conditions ignored (so `false` is certain):
    /// reachable from the start, an ending reachable from it, a Success ending reachable.
    pub reachable: Vec<bool>,
    pub ending_ahead: Vec<bool>,
    pub success_ahead: Vec<bool>,
    pub best: Walk,
    pub careless: Walk,
}

impl MapLayout {
    /// The y of the top of row `row`'s boxes.
    pub fn row_top(row: usize) -> f32 {
        MARGIN + row as f32 * ROW_H
    }
}

/// Lays out the map of `level`, captions in `lang`.
pub fn layout(level: &Level, lang: Lang) -> MapLayout {
    let graph = SceneGraph::new(level);
    let n = level.scenes.len();
    let drawn = choose_drawn(&graph, n);
    let mut node_of = vec![None; n];
    for (k, &s) in drawn.iter().enumerate() {
        node_of[s] = Some(k);
    }
    let shape = Shape::new(&graph, &drawn, &node_of);
    let mut slots = Slots::new(&shape);
    slots.order();
    slots.place_x();
    let mut map = MapLayout {
        nodes: Vec::new(),
        edges: Vec::new(),
        width: 0.0,
        height: 0.0,
        rows: shape.rows,
        node_of,
        left_out: n - drawn.len(),
        reachable: reachable_from(&graph, graph.start, n),
        ending_ahead: ending_ahead(level, &graph, |_| true),
        success_ahead: ending_ahead(level, &graph, |o| o == Outcome::Success),
        best: Walk::default(),
        careless: Walk::default(),
    };
    map.nodes = slots.nodes(&shape, &drawn);
    map.edges = slots.edges(level, &shape, &map.nodes, &drawn, lang);
    let shared = Arc::new(level.clone());
    map.best = walk(&shared, &graph, &map.node_of, Player::Careful);
    map.careless = walk(&shared, &graph, &map.node_of, Player::Careless);
    mark_walk(&mut map.edges, &map.best, |e| &mut e.on_best);
    mark_walk(&mut map.edges, &map.careless, |e| &mut e.on_careless);
    map.width = slots.width();
    // Below the last row: its stubs and captions.
    map.height = MapLayout::row_top(shape.rows) - ROW_GAP + 60.0 + MARGIN;
    place_captions(&mut map);
    map
}

/// The scenes to draw, nearest to the start first, then the scenes the start never reaches
/// (in file order, each with what it leads to), at most [`MAX_DRAWN`].
fn choose_drawn(graph: &SceneGraph, n: usize) -> Vec<usize> {
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n.min(MAX_DRAWN));
    let roots = graph.start.into_iter().chain(0..n);
    for root in roots {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut queue = VecDeque::from([root]);
        while let Some(s) = queue.pop_front() {
            order.push(s);
            if order.len() == MAX_DRAWN {
                return order;
            }
            for t in graph.successors(s) {
                if !seen[t] {
                    seen[t] = true;
                    queue.push_back(t);
                }
            }
        }
    }
    order
}

/// Scenes reachable from `start` along arrows.
fn reachable_from(graph: &SceneGraph, start: Option<usize>, n: usize) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = start.into_iter().collect();
    while let Some(s) = stack.pop() {
        if std::mem::replace(&mut seen[s], true) {
            continue;
        }
        stack.extend(graph.successors(s).filter(|&t| !seen[t]));
    }
    seen
}

/// Scenes from which an ending whose outcome passes `wanted` can be reached along arrows
/// (walked backwards from those endings).
fn ending_ahead(level: &Level, graph: &SceneGraph, wanted: impl Fn(Outcome) -> bool) -> Vec<bool> {
    let n = level.scenes.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for s in 0..n {
        for t in graph.successors(s) {
            preds[t].push(s);
        }
    }
    let mut ahead = vec![false; n];
    let mut stack: Vec<usize> = (0..n)
        .filter(|&i| matches!(&level.scenes[i], Scene::End(e) if wanted(e.outcome)))
        .collect();
    while let Some(s) = stack.pop() {
        if std::mem::replace(&mut ahead[s], true) {
            continue;
        }
        stack.extend(preds[s].iter().copied().filter(|&p| !ahead[p]));
    }
    ahead
}

/// The drawn part of the graph, with rows: which edges point back, each node's row.
struct Shape {
    /// Per drawn node: its scene's exits as (exit index, target node or what it is instead).
    out: Vec<Vec<(usize, Target)>>,
    row: Vec<usize>,
    rows: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Node(usize, EdgeKind),
    OffMap(usize),
    Missing,
}

impl Shape {
    fn new(graph: &SceneGraph, drawn: &[usize], node_of: &[Option<usize>]) -> Shape {
        let out: Vec<Vec<(usize, Target)>> = drawn
            .iter()
            .map(|&s| {
                graph.targets[s]
                    .iter()
                    .enumerate()
                    .map(|(i, t)| match t {
                        None => (i, Target::Missing),
                        Some(t) => match node_of[*t] {
                            Some(k) => (i, Target::Node(k, EdgeKind::Forward)),
                            None => (i, Target::OffMap(*t)),
                        },
                    })
                    .collect()
            })
            .collect();
        let mut shape = Shape {
            out,
            row: vec![0; drawn.len()],
            rows: 0,
        };
        let topo = shape.mark_back_edges();
        shape.assign_rows(&topo);
        shape
    }

    /// Depth-first from the first node (the start), then from any node not yet visited:
    /// an edge into a node still on the stack points back. Returns a topological order of
    /// the forward edges (reverse post-order).
    fn mark_back_edges(&mut self) -> Vec<usize> {
        let n = self.out.len();
        // 0: not seen, 1: on the stack, 2: done.
        let mut state = vec![0u8; n];
        let mut post = Vec::with_capacity(n);
        for root in 0..n {
            if state[root] != 0 {
                continue;
            }
            let mut stack = vec![(root, 0usize)];
            state[root] = 1;
            while let Some(top) = stack.last_mut() {
                let (u, k) = *top;
                if k == self.out[u].len() {
                    state[u] = 2;
                    post.push(u);
                    stack.pop();
                    continue;
                }
                top.1 += 1;
                if let (i, Target::Node(v, _)) = self.out[u][k] {
                    let kind = match state[v] {
                        _ if v == u => EdgeKind::SelfLoop,
                        1 => EdgeKind::Back,
                        _ => EdgeKind::Forward,
                    };
                    self.out[u][k] = (i, Target::Node(v, kind));
                    if state[v] == 0 {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                }
            }
        }
        post.reverse();
        post
    }

    fn forward(&self, u: usize) -> impl Iterator<Item = usize> + '_ {
        self.out[u].iter().filter_map(|(_, t)| match t {
            Target::Node(v, EdgeKind::Forward) => Some(*v),
            _ => None,
        })
    }

    /// Longest distance from a source along forward edges; a scene nothing leads to (other
    /// than the start) then moves down to just above the first scene it leads to.
    fn assign_rows(&mut self, topo: &[usize]) {
        let n = self.out.len();
        let mut has_pred = vec![false; n];
        for &u in topo {
            for v in self.forward(u).collect::<Vec<_>>() {
                self.row[v] = self.row[v].max(self.row[u] + 1);
                has_pred[v] = true;
            }
        }
        for &u in topo.iter().rev() {
            if u == 0 || has_pred[u] {
                continue;
            }
            if let Some(lowest) = self.forward(u).map(|v| self.row[v]).min() {
                self.row[u] = lowest.saturating_sub(1).max(self.row[u]);
            }
        }
        self.rows = self.row.iter().max().map_or(0, |r| r + 1);
    }
}

/// One place in a row: a scene's box or a lane an arrow passes through.
#[derive(Clone, Copy, Debug)]
struct Slot {
    row: usize,
    width: f32,
    is_box: bool,
}

/// The rows being ordered and placed. Slots `0..nodes` are the boxes, then the lanes.
struct Slots {
    slots: Vec<Slot>,
    rows: Vec<Vec<usize>>,
    /// Neighbours in the row above and below.
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    pos: Vec<usize>,
    x: Vec<f32>,
    /// Per (node, exit index) drawn between two nodes: the slots from the upper end to the
    /// lower one.
    chains: HashMap<(usize, usize), Vec<usize>>,
}

impl Slots {
    fn new(shape: &Shape) -> Slots {
        let n = shape.out.len();
        let mut s = Slots {
            slots: (0..n)
                .map(|k| Slot {
                    row: shape.row[k],
                    width: BOX_W,
                    is_box: true,
                })
                .collect(),
            rows: vec![Vec::new(); shape.rows],
            up: vec![Vec::new(); n],
            down: vec![Vec::new(); n],
            pos: Vec::new(),
            x: Vec::new(),
            chains: HashMap::new(),
        };
        for (k, row) in shape.row.iter().enumerate() {
            s.rows[*row].push(k);
        }
        for u in 0..n {
            for &(i, t) in &shape.out[u] {
                let Target::Node(v, kind) = t else { continue };
                let (top, bottom) = match kind {
                    EdgeKind::Forward => (u, v),
                    EdgeKind::Back => (v, u),
                    _ => continue,
                };
                let chain = s.chain(top, bottom);
                s.chains.insert((u, i), chain);
            }
        }
        s.pos = vec![0; s.slots.len()];
        s.index_positions();
        s
    }

    /// The slots from `top` down to `bottom`, adding a lane in each row between.
    fn chain(&mut self, top: usize, bottom: usize) -> Vec<usize> {
        let mut chain = vec![top];
        for row in self.slots[top].row + 1..self.slots[bottom].row {
            let id = self.slots.len();
            self.slots.push(Slot {
                row,
                width: LANE_W,
                is_box: false,
            });
            self.up.push(Vec::new());
            self.down.push(Vec::new());
            self.rows[row].push(id);
            chain.push(id);
        }
        chain.push(bottom);
        for pair in chain.windows(2) {
            self.down[pair[0]].push(pair[1]);
            self.up[pair[1]].push(pair[0]);
        }
        chain
    }

    fn index_positions(&mut self) {
        for row in &self.rows {
            for (i, &s) in row.iter().enumerate() {
                self.pos[s] = i;
            }
        }
    }

    /// Barycentre sweeps, down then up: each slot goes to the mean position of its
    /// neighbours in the row just placed (a slot without any keeps its place).
    fn order(&mut self) {
        for _ in 0..4 {
            for r in 1..self.rows.len() {
                self.sort_row(r, true);
            }
            for r in (0..self.rows.len().saturating_sub(1)).rev() {
                self.sort_row(r, false);
            }
        }
        for r in 1..self.rows.len() {
            self.sort_row(r, true);
        }
    }

    fn sort_row(&mut self, r: usize, by_up: bool) {
        let mut keyed: Vec<(f32, usize)> = self.rows[r]
            .iter()
            .map(|&s| {
                let near = if by_up { &self.up[s] } else { &self.down[s] };
                let key = if near.is_empty() {
                    self.pos[s] as f32
                } else {
                    near.iter().map(|&m| self.pos[m] as f32).sum::<f32>() / near.len() as f32
                };
                (key, s)
            })
            .collect();
        // Stable: ties keep their order, so sweeps settle.
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.rows[r] = keyed.into_iter().map(|(_, s)| s).collect();
        for (i, &s) in self.rows[r].iter().enumerate() {
            self.pos[s] = i;
        }
    }

    /// The least distance between the centres of neighbours `a` and `b` of a row.
    fn spacing(&self, a: usize, b: usize) -> f32 {
        let (sa, sb) = (self.slots[a], self.slots[b]);
        let room = if sa.is_box && sb.is_box {
            BOX_SPACING
        } else {
            LANE_SPACING
        };
        (sa.width + sb.width) / 2.0 + room
    }

    /// x of each slot's centre: packed rows, then sweeps pulling each slot towards the mean
    /// of its neighbours, keeping order and spacing.
    fn place_x(&mut self) {
        self.x = vec![0.0; self.slots.len()];
        for r in 0..self.rows.len() {
            let row = self.rows[r].clone();
            let mut x = 0.0;
            for (i, &s) in row.iter().enumerate() {
                if i > 0 {
                    x += self.spacing(row[i - 1], s);
                }
                self.x[s] = x;
            }
            let half = x / 2.0;
            row.iter().for_each(|&s| self.x[s] -= half);
        }
        for pass in 0..8 {
            let by_up = pass % 2 == 0;
            let rows: Vec<usize> = if by_up {
                (1..self.rows.len()).collect()
            } else {
                (0..self.rows.len().saturating_sub(1)).rev().collect()
            };
            for r in rows {
                self.pull_row(r, by_up);
            }
        }
        let left = self
            .slots
            .iter()
            .enumerate()
            .map(|(s, slot)| self.x[s] - slot.width / 2.0)
            .fold(f32::INFINITY, f32::min);
        let shift = if left.is_finite() { MARGIN - left } else { 0.0 };
        self.x.iter_mut().for_each(|x| *x += shift);
    }

    /// Pulls a row towards its neighbours above (or below): each slot wants the mean x of
    /// its neighbours; the row's order and spacing are kept by isotonic regression.
    fn pull_row(&mut self, r: usize, by_up: bool) {
        let row = &self.rows[r];
        let mut offset = 0.0;
        let mut targets = Vec::with_capacity(row.len());
        for (i, &s) in row.iter().enumerate() {
            if i > 0 {
                offset += self.spacing(row[i - 1], s);
            }
            let near = if by_up { &self.up[s] } else { &self.down[s] };
            let (want, weight) = if near.is_empty() {
                (self.x[s], 0.5)
            } else {
                let mean = near.iter().map(|&m| self.x[m]).sum::<f32>() / near.len() as f32;
                // Lanes weigh more: long arrows stay straight.
                (mean, if self.slots[s].is_box { 1.0 } else { 2.0 })
            };
            targets.push((want - offset, weight));
        }
        let fitted = isotonic(&targets);
        let mut offset = 0.0;
        for (i, &s) in row.iter().enumerate() {
            if i > 0 {
                offset += self.spacing(row[i - 1], s);
            }
            self.x[s] = fitted[i] + offset;
        }
    }

    fn width(&self) -> f32 {
        self.slots
            .iter()
            .enumerate()
            .map(|(s, slot)| self.x[s] + slot.width / 2.0)
            .fold(0.0, f32::max)
            + MARGIN
            + LANE_W
    }

    fn nodes(&self, shape: &Shape, drawn: &[usize]) -> Vec<MapNode> {
        (0..shape.out.len())
            .map(|k| MapNode {
                scene: drawn[k],
                row: shape.row[k],
                x: self.x[k] - BOX_W / 2.0,
                y: MapLayout::row_top(shape.row[k]),
            })
            .collect()
    }
}

/// The non-decreasing sequence closest to the targets (value, weight) in weighted least
/// squares: pool adjacent violators, linear time.
fn isotonic(targets: &[(f32, f32)]) -> Vec<f32> {
    // Blocks of (mean, weight, count).
    let mut blocks: Vec<(f32, f32, usize)> = Vec::with_capacity(targets.len());
    for &(v, w) in targets {
        blocks.push((v, w, 1));
        while blocks.len() > 1 {
            let (m2, w2, c2) = blocks[blocks.len() - 1];
            let (m1, w1, c1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            blocks.push(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(m, _, c)| std::iter::repeat_n(m, c))
        .collect()
}

impl Slots {
    /// Every arrow's line, from the ports spread along the boxes' bottom and top sides.
    fn edges(
        &self,
        level: &Level,
        shape: &Shape,
        nodes: &[MapNode],
        drawn: &[usize],
        lang: Lang,
    ) -> Vec<MapEdge> {
        let ports = self.ports(shape, nodes);
        let mut edges = Vec::new();
        for (u, outs) in shape.out.iter().enumerate() {
            let scene = &level.scenes[drawn[u]];
            let scene_exits = exits(scene);
            for &(i, target) in outs {
                let (exit, _) = scene_exits[i];
                let node = &nodes[u];
                let (to, kind, points) = match target {
                    Target::Node(v, EdgeKind::SelfLoop) => {
                        (Some(drawn[v]), EdgeKind::SelfLoop, self_loop(node))
                    }
                    Target::Node(v, kind) => (Some(drawn[v]), kind, self.line(&ports, (u, i))),
                    Target::OffMap(t) => (Some(t), EdgeKind::OffMap, stub(ports[&(u, i)].0)),
                    Target::Missing => (None, EdgeKind::Missing, stub(ports[&(u, i)].0)),
                };
                edges.push(MapEdge {
                    from: drawn[u],
                    to,
                    exit,
                    kind,
                    points,
                    text: exit_text(scene, exit, lang),
                    condition: exit_condition(scene, exit).map(|c| condition_text(c, lang)),
                    on_best: false,
                    on_careless: false,
                    caption: None,
                });
            }
        }
        edges
    }

    /// The two ends of every arrow between boxes, keyed by (node, exit index): each box's
    /// bottom side holds the arrows going down from it (and stubs), its top side those
    /// coming down into it, spread in the order of where they go, so they do not cross there.
    fn ports(&self, shape: &Shape, nodes: &[MapNode]) -> HashMap<(usize, usize), (Point, Point)> {
        // Per box: (x of the other end, key, is the upper end of the chain).
        let mut bottom: Vec<Vec<(f32, (usize, usize))>> = vec![Vec::new(); nodes.len()];
        let mut top: Vec<Vec<(f32, (usize, usize))>> = vec![Vec::new(); nodes.len()];
        for (&key, chain) in &self.chains {
            let (first, last) = (chain[0], chain[chain.len() - 1]);
            bottom[first].push((self.x[chain[1]], key));
            top[last].push((self.x[chain[chain.len() - 2]], key));
        }
        for (u, outs) in shape.out.iter().enumerate() {
            for &(i, t) in outs {
                if matches!(t, Target::OffMap(_) | Target::Missing) {
                    bottom[u].push((f32::INFINITY, (u, i)));
                }
            }
        }
        let mut ends: HashMap<(usize, usize), (Point, Point)> = HashMap::new();
        for (k, node) in nodes.iter().enumerate() {
            for (side, list) in [(true, &mut bottom[k]), (false, &mut top[k])] {
                // Sorted by the other end, then by key so the drawing does not depend on
                // the hash map's order.
                list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let count = list.len() as f32;
                for (j, &(_, key)) in list.iter().enumerate() {
                    let x = node.x + BOX_W * (0.1 + 0.8 * (j as f32 + 0.5) / count);
                    let p = if side {
                        pt(x, node.y + BOX_H)
                    } else {
                        pt(x, node.y)
                    };
                    let e = ends.entry(key).or_default();
                    if side { e.0 = p } else { e.1 = p }
                }
            }
        }
        ends
    }

    /// The line of a forward or back arrow, in the direction it is read (from the scene
    /// it leaves): down from the upper box's bottom, through each lane, into the lower
    /// box's top; a back arrow is the same line read upwards.
    fn line(
        &self,
        ports: &HashMap<(usize, usize), (Point, Point)>,
        key: (usize, usize),
    ) -> Vec<Point> {
        let chain = &self.chains[&key];
        let (upper_port, lower_port) = ports[&key];
        let mut points = vec![upper_port];
        for &lane in &chain[1..chain.len() - 1] {
            let y = MapLayout::row_top(self.slots[lane].row);
            points.push(pt(self.x[lane], y));
            points.push(pt(self.x[lane], y + BOX_H));
        }
        points.push(lower_port);
        let upper = chain[0];
        if upper != key.0 {
            // A back arrow leaves the lower box.
            points.reverse();
        }
        points
    }
}

/// A small loop on the box's right side.
fn self_loop(node: &MapNode) -> Vec<Point> {
    let right = node.x + BOX_W;
    vec![
        pt(right, node.y + BOX_H * 0.3),
        pt(right + 14.0, node.y + BOX_H * 0.3),
        pt(right + 14.0, node.y + BOX_H * 0.7),
        pt(right + 1.0, node.y + BOX_H * 0.7),
    ]
}

fn stub(from: Point) -> Vec<Point> {
    vec![from, pt(from.x, from.y + STUB_LEN)]
}

/// The words of a caption: the option's text, cut short; what a form's or quiz's way out
/// means; nothing for a story's only way on.
pub fn exit_text(scene: &Scene, exit: Exit, lang: Lang) -> String {
    let t = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    match (scene, exit) {
        (_, Exit::Option(i)) => {
            let text = scene.options().get(i).map_or("", |o| o.text.get(lang));
            format!("{}. {}", i + 1, shorten(text, CAPTION_TEXT_CHARS))
        }
        (Scene::Story(s), Exit::Next) if !s.branches.is_empty() => t("sinon", "otherwise"),
        (Scene::Story(_), _) => String::new(),
        (Scene::Quiz(q), Exit::Done) if q.wrong.is_some() => t("juste", "right"),
        (Scene::Share(f) | Scene::Permissions(f), Exit::Done) if f.incomplete.is_some() => {
            t("complet", "complete")
        }
        (_, Exit::Incomplete) => t("incomplet", "incomplete"),
        (_, Exit::Wrong) => t("faux", "wrong"),
        _ => String::new(),
    }
}

/// The condition an exit needs, if any.
pub fn exit_condition(scene: &Scene, exit: Exit) -> Option<&Cond> {
    match (scene, exit) {
        (Scene::Story(s), Exit::Branch(i)) => s.branches.get(i).map(|b| &b.when),
        (_, Exit::Option(i)) => scene.options().get(i).and_then(|o| o.when.as_ref()),
        _ => None,
    }
}

/// A condition in a few words: `si « a »`, `si Adresse postale donnée`…, cut short.
pub fn condition_text(cond: &Cond, lang: Lang) -> String {
    let words = cond_words(cond, lang);
    shorten(
        &format!("{} {words}", lang.pick("si", "if")),
        CAPTION_COND_CHARS,
    )
}

fn cond_words(cond: &Cond, lang: Lang) -> String {
    match cond {
        Cond::Flag(f) => lang.pick(format!("« {f} »"), format!("\"{f}\"")),
        Cond::Shared(d) => format!("{} {}", d.label(lang), lang.pick("donné", "shared")),
        Cond::SharedIn(d, level) => format!(
            "{} {} {level}",
            d.label(lang),
            lang.pick("donné dans", "shared in")
        ),
        Cond::Not(c) => format!("{} {}", lang.pick("pas", "not"), cond_words(c, lang)),
        Cond::All(cs) => join_conds(cs, lang.pick(" et ", " and "), lang),
        Cond::Any(cs) => join_conds(cs, lang.pick(" ou ", " or "), lang),
    }
}

fn join_conds(cs: &[Cond], sep: &str, lang: Lang) -> String {
    cs.iter()
        .map(|c| cond_words(c, lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// At most `max` characters, cut at a space where one is near, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_space = match cut.rfind(' ') {
        Some(i) if i >= cut.len() / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", at_space.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// The caption an arrow shows: path marks first (✔ careful, ⚠ careless), then its words
/// and its condition. Empty when there is nothing to say.
pub fn caption_text(edge: &MapEdge) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let marks = match (edge.on_best, edge.on_careless) {
        (true, true) => "✔⚠",
        (true, false) => "✔",
        (false, true) => "⚠",
        (false, false) => "",
    };
    let back = match edge.kind {
        EdgeKind::Back | EdgeKind::SelfLoop => "↩",
        _ => "",
    };
    for p in [marks, back, edge.text.as_str()] {
        if !p.is_empty() {
            parts.push(p);
        }
    }
    let mut text = parts.join(" ");
    if let Some(c) = &edge.condition {
        // "2. Je donne… · si « a »", but "⚠ si « a »" for a branch, which has no words.
        let sep = if edge.text.is_empty() { " " } else { " · " };
        if !text.is_empty() {
            text.push_str(sep);
        }
        text.push_str(c);
    }
    text
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Player {
    Careful,
    Careless,
}

/// The path the game's careful (or careless) player takes (`Run::careful_action`,
/// `Run::careless_action`), with nothing shared before; followed while it stays on the
/// drawn map, stopped when it comes back to the same scene with the same flags.
fn walk(level: &Arc<Level>, graph: &SceneGraph, node_of: &[Option<usize>], who: Player) -> Walk {
    let mut result = Walk::default();
    let Some(start) = graph.start else {
        return result;
    };
    let Ok(mut run) = Run::start(Arc::clone(level), Footprint::default()) else {
        return result;
    };
    let mut here = start;
    let mut seen: HashSet<(usize, Vec<String>)> = HashSet::new();
    loop {
        if node_of[here].is_none() {
            result.left_map = true;
            return result;
        }
        if matches!(level.scenes[here], Scene::End(_)) {
            result.end = Some(here);
            return result;
        }
        if !seen.insert((here, run.flags().iter().cloned().collect())) {
            result.looped = true;
            return result;
        }
        let action = match who {
            Player::Careful => run.careful_action(),
            Player::Careless => run.careless_action(),
        };
        let Some(action) = action else { return result };
        let picked = match &action {
            crate::core::play::Action::Pick(i) => Some(*i),
            _ => None,
        };
        if run.act(action).is_err() {
            return result;
        }
        let Some(next) = graph_index(graph, here, level, run.scene().id()) else {
            return result;
        };
        let exit = match picked {
            Some(i) => Exit::Option(i),
            None => first_exit_to(level, graph, here, next),
        };
        result.steps.push((here, exit));
        here = next;
    }
}

/// The index of the scene `id` that scene `from` leads to (looked up among its targets, so
/// a walk costs no search through the whole level).
fn graph_index(graph: &SceneGraph, from: usize, level: &Level, id: &str) -> Option<usize> {
    graph.targets[from]
        .iter()
        .flatten()
        .copied()
        .find(|&t| level.scenes[t].id() == id)
}

/// The first way out of `from` that leads to `to` (a story's branch, a form's or quiz's
/// outcome: the run does not say which, and any of them draws the same arrow).
fn first_exit_to(level: &Level, graph: &SceneGraph, from: usize, to: usize) -> Exit {
    let scene_exits = exits(&level.scenes[from]);
    graph.targets[from]
        .iter()
        .position(|t| *t == Some(to))
        .map_or(Exit::Next, |k| scene_exits[k].0)
}

fn mark_walk(edges: &mut [MapEdge], walk: &Walk, flag: impl Fn(&mut MapEdge) -> &mut bool) {
    let steps: HashSet<(usize, Exit)> = walk.steps.iter().copied().collect();
    for e in edges.iter_mut() {
        if steps.contains(&(e.from, e.exit)) {
            *flag(e) = true;
        }
    }
}

/// Places every caption in the gap below the row its arrow leaves from (a back arrow's: the
/// gap above its box), on the first of a few lines where it fits near its arrow.
fn place_captions(map: &mut MapLayout) {
    // Per gap (the row above it), the captions already placed on each line: (left, right).
    let mut taken: HashMap<usize, [Vec<(f32, f32)>; CAPTION_ROWS]> = HashMap::new();
    let mut order: Vec<usize> = (0..map.edges.len()).collect();
    // Left to right, so neighbours compete in reading order.
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&map.edges[a], &map.edges[b]);
        ea.points[0].x.total_cmp(&eb.points[0].x)
    });
    for k in order {
        let text = caption_text(&map.edges[k]);
        if text.is_empty() {
            continue;
        }
        let width = text.chars().count() as f32 * CAPTION_CHAR_W + 6.0;
        let Some((gap, segment)) = caption_segment(map, k) else {
            continue;
        };
        let lines = taken.entry(gap).or_default();
        let caption = fit_caption(lines, gap, segment, width, text);
        map.width = map.width.max(caption.at.x + width / 2.0 + MARGIN);
        map.edges[k].caption = Some(caption);
    }
}

/// The gap a caption goes in and the part of the arrow that crosses it (from, to).
fn caption_segment(map: &MapLayout, k: usize) -> Option<(usize, (Point, Point))> {
    let e = &map.edges[k];
    let node = map.nodes[map.node_of[e.from]?];
    match e.kind {
        EdgeKind::Back => {
            let gap = node.row.checked_sub(1)?;
            Some((gap, (e.points[0], e.points[1])))
        }
        EdgeKind::SelfLoop => {
            let x = node.x + BOX_W + 7.0;
            let bottom = node.y + BOX_H;
            Some((node.row, (pt(x, bottom), pt(x, bottom + ROW_GAP))))
        }
        _ => Some((node.row, (e.points[0], e.points[1]))),
    }
}

/// The x where the segment crosses height `y`.
fn x_at(segment: (Point, Point), y: f32) -> f32 {
    let (a, b) = segment;
    if (b.y - a.y).abs() < 0.01 {
        return a.x;
    }
    let t = ((y - a.y) / (b.y - a.y)).clamp(0.0, 1.0);
    a.x + (b.x - a.x) * t
}

/// The best free place for a caption of `width` on one of the gap's lines: the one nearest
/// its arrow (a lower line costs a little, so captions stay near where arrows start).
fn fit_caption(
    lines: &mut [Vec<(f32, f32)>; CAPTION_ROWS],
    gap: usize,
    segment: (Point, Point),
    width: f32,
    text: String,
) -> Caption {
    let gap_top = MapLayout::row_top(gap) + BOX_H;
    let mut best: Option<(f32, usize, f32, f32)> = None;
    for (line, taken) in lines.iter().enumerate() {
        let y = gap_top + 11.0 + line as f32 * (CAPTION_H + 3.0);
        let want = x_at(segment, y);
        let x = free_spot(taken, want, width);
        let cost = (x - want).abs() + line as f32 * 12.0;
        if best.is_none_or(|b| cost < b.0) {
            best = Some((cost, line, x, y));
        }
    }
    let (_, line, x, y) = best.expect("there are caption lines");
    lines[line].push((x - width / 2.0, x + width / 2.0));
    let want = x_at(segment, y);
    let moved = (x - want).abs() > width / 2.0 + 2.0;
    Caption {
        text,
        at: pt(x, y),
        width,
        leader: moved.then(|| pt(want, y)),
    }
}

/// The centre nearest `want` where a caption of `width` overlaps none of `taken` and does
/// not stick out on the left (one right of everything taken always fits).
fn free_spot(taken: &[(f32, f32)], want: f32, width: f32) -> f32 {
    // Only the left side holds a caption back: the map grows to the right to fit them all.
    let half = width / 2.0;
    let clamp = |x: f32| x.max(half + 2.0);
    // A hundredth of a pixel of slack: a candidate placed exactly beside a caption fits.
    let fits = |x: f32| {
        taken
            .iter()
            .all(|&(l, r)| x + half + 3.0 <= l + 0.01 || x - half - 3.0 >= r - 0.01)
    };
    let mut candidates = vec![clamp(want)];
    for &(l, r) in taken {
        candidates.push(clamp(l - half - 4.0));
        candidates.push(clamp(r + half + 4.0));
    }
    let rightmost = taken.iter().map(|&(_, r)| r).fold(0.0, f32::max);
    candidates
        .into_iter()
        .filter(|&x| fits(x))
        .min_by(|a, b| (a - want).abs().total_cmp(&(b - want).abs()))
        .unwrap_or(clamp(rightmost + half + 4.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_keeps_order_and_pools_violators() {
        assert_eq!(isotonic(&[(1.0, 1.0), (3.0, 1.0)]), vec![1.0, 3.0]);
        assert_eq!(isotonic(&[(3.0, 1.0), (1.0, 1.0)]), vec![2.0, 2.0]);
        let fitted = isotonic(&[(5.0, 1.0), (0.0, 3.0), (9.0, 1.0)]);
        assert_eq!(fitted, vec![1.25, 1.25, 9.0]);
    }

    #[test]
    fn shorten_cuts_at_a_space_with_an_ellipsis() {
        assert_eq!(shorten("Je lis le règlement", 40), "Je lis le règlement");
        assert_eq!(shorten("Je lis le règlement d'abord", 14), "Je lis le…");
        assert!(shorten(&"x".repeat(50), 10).chars().count() <= 10);
    }

    #[test]
    fn a_caption_moves_aside_rather_than_overlap() {
        let mut lines: [Vec<(f32, f32)>; CAPTION_ROWS] = Default::default();
        let seg = (pt(100.0, 100.0), pt(100.0, 200.0));
        for _ in 0..5 {
            fit_caption(&mut lines, 0, seg, 80.0, "x".into());
        }
        let mut all: Vec<(f32, f32)> = lines.iter().flatten().copied().collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (line, taken) in lines.iter().enumerate() {
            for (i, a) in taken.iter().enumerate() {
                for b in &taken[i + 1..] {
                    assert!(
                        a.1 <= b.0 || b.1 <= a.0,
                        "line {line}: {a:?} overlaps {b:?}"
                    );
                }
            }
        }
    }
}
