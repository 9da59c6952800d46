//! Duel mode (SPEC §3): two teams, one screen, a board of face-down scenario cards drawn from
//! the campaign's scenes. Teams take turns: pick a card, decide; a good decision claims the
//! cell, a careless share leaks it to the other team. Rules for the class: `docs/duel.md`.
//!
//! Everything here is pure: the game's duel screens are a thin view over a [`Duel`], which is
//! mutated only by [`Duel::reveal`] and [`Duel::decide`] and answers every query the view
//! needs (board, cells, turn, scores, lines, results, ending).
//!
//! The steps: [`Teams::new`] checks the names, [`deal`] draws a [`Board`] for a [`Pool`] and
//! a class code, [`Duel::new`] starts the game, [`records`] turns it into anonymous results.

use crate::core::model::data::DataKind;
use crate::core::model::level::{Level, Scene, Topic};
use crate::core::model::text::Lang;
use crate::core::play::debrief::{self, DecisionReport, Verdict};
use crate::core::play::footprint::Footprint;
use crate::core::play::results::{self, Record};
use crate::core::play::rng::ClassCode;
use crate::core::play::{Action, PlayError, Run};
use std::sync::Arc;

/// The most cards on a board (4 columns × 3 rows).
pub const MAX_CARDS: usize = 12;
/// Fewer eligible scenes than this: no duel (the pool is too small).
pub const MIN_CARDS: usize = 4;
pub const MAX_COLUMNS: usize = 4;
pub const MAX_ROWS: usize = 3;
/// Points for each whole row or column a team owns.
pub const LINE_BONUS: u32 = 3;
/// Data weight (see `core::model::data`) from which a card is worth 3 points: what finds you or
/// opens your accounts (home address, location, ID document, password, bank card, GDPR
/// special categories)…
pub const STAKE_3_WEIGHT: i32 = 20;
/// …and 2 points: what reaches you or shows you (phone, school, photos, routine, contacts,
/// camera, microphone). Below: 1 point (names, age, email, interests, no data, quizzes).
pub const STAKE_2_WEIGHT: i32 = 10;
/// The `level` column of a duel's result records.
pub const RESULT_LEVEL: &str = "duel";

/// Which scenes the board is drawn from, chosen by the teacher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pool {
    All,
    /// A chapter of the campaign, by index (0-based) in `campaign.ron`.
    Chapter(usize),
    /// The missions that list this topic.
    Topic(Topic),
}

impl Pool {
    /// Whether a level (in this chapter) is part of the pool.
    pub fn contains(self, chapter: usize, level: &Level) -> bool {
        match self {
            Pool::All => true,
            Pool::Chapter(c) => c == chapter,
            Pool::Topic(t) => level.topics.contains(&t),
        }
    }
}

/// One of the two teams. Team A sits on the left of the scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Team {
    A,
    B,
}

impl Team {
    pub const BOTH: [Team; 2] = [Team::A, Team::B];

    pub fn other(self) -> Team {
        match self {
            Team::A => Team::B,
            Team::B => Team::A,
        }
    }

    /// 0 for A, 1 for B.
    pub fn index(self) -> usize {
        match self {
            Team::A => 0,
            Team::B => 1,
        }
    }

    /// The name a team gets when the class leaves it empty.
    pub fn default_name(self, lang: Lang) -> &'static str {
        match self {
            Team::A => lang.pick("Équipe A", "Team A"),
            Team::B => lang.pick("Équipe B", "Team B"),
        }
    }
}

/// The two teams' names: cleaned like every result label (at most
/// [`results::MAX_LABEL`] characters), never empty, never equal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Teams([String; 2]);

impl Teams {
    /// Cleans the names typed by the class; an empty name becomes "Équipe A" / "Team A"
    /// (in `lang`). Two names equal but for case are refused.
    pub fn new(a: &str, b: &str, lang: Lang) -> Result<Teams, DuelError> {
        let name = |typed: &str, team: Team| {
            let clean = results::clean_label(typed);
            if clean.is_empty() {
                team.default_name(lang).to_string()
            } else {
                clean
            }
        };
        let names = [name(a, Team::A), name(b, Team::B)];
        if names[0].to_lowercase() == names[1].to_lowercase() {
            return Err(DuelError::SameNames(names[1].clone()));
        }
        Ok(Teams(names))
    }

    pub fn name(&self, team: Team) -> &str {
        &self.0[team.index()]
    }
}

/// A scenario card: one decision scene of one mission, and what it puts at stake.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The chapter of the mission (index in `campaign.ron`).
    pub chapter: usize,
    pub level: Arc<Level>,
    /// The scene's id.
    pub scene: String,
    /// The scene kind as written in the file (`Choice`, `Chat`, `Share`, …).
    pub kind: &'static str,
    /// Points the card is worth (1–3), shown on the face-down card.
    pub stake: u32,
    /// Every kind of data the scene can send, most sensitive first (empty for a quiz).
    pub at_stake: Vec<DataKind>,
    /// Index of the scene in `level.scenes`.
    index: usize,
}

impl Card {
    /// `level/scene`, as in the result records.
    pub fn id(&self) -> String {
        format!("{}/{}", self.level.id, self.scene)
    }

    /// What sets the card's scene up (its `context`, or the story that leads to it): a
    /// decision read alone ("Tu fais quoi ?") can lack its situation, so the board shows
    /// this above it.
    pub fn setup(&self) -> Option<&crate::core::model::text::Text> {
        self.level.setup_of(&self.scene)
    }

    pub fn scene(&self) -> &Scene {
        &self.level.scenes[self.index]
    }
}

/// The stake of a card from the weight of the most sensitive data it can send.
pub fn stake_for(max_weight: i32) -> u32 {
    if max_weight >= STAKE_3_WEIGHT {
        3
    } else if max_weight >= STAKE_2_WEIGHT {
        2
    } else {
        1
    }
}

/// The card for scene `index` of a level, if that scene stands alone as a duel card:
/// a Choice or Chat offering (with an empty past and no flags) a better option and another
/// one; a Share or Permissions form with a field that is not needed; a Quiz.
fn card_for(chapter: usize, level: &Arc<Level>, index: usize) -> Option<Card> {
    let scene = level.scenes.get(index)?;
    // A duplicated id (reported by `check`) would start the run elsewhere: skip it.
    if level.scene_index(scene.id()) != Some(index) {
        return None;
    }
    let mut at_stake: Vec<DataKind> = match scene {
        Scene::Choice(_) | Scene::Chat(_) => {
            let run = Run::start_at(Arc::clone(level), Footprint::default(), scene.id()).ok()?;
            let open = run.available_options();
            let best = open.iter().filter(|(_, o)| o.best).count();
            if best == 0 || best == open.len() {
                return None;
            }
            open.iter()
                .flat_map(|(_, o)| o.share.iter().copied())
                .collect()
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            if f.fields.iter().all(|f| f.needed) {
                return None;
            }
            f.fields.iter().map(|f| f.data).collect()
        }
        Scene::Quiz(q) if !q.answers.is_empty() => Vec::new(),
        _ => return None,
    };
    at_stake.sort_by_key(|d| (std::cmp::Reverse(d.weight()), *d));
    at_stake.dedup();
    let max_weight = at_stake.first().map_or(0, |d| d.weight());
    Some(Card {
        chapter,
        level: Arc::clone(level),
        scene: scene.id().to_string(),
        kind: scene.kind(),
        stake: stake_for(max_weight),
        at_stake,
        index,
    })
}

/// Every card a mission offers, in file order.
pub fn eligible(chapter: usize, level: &Arc<Level>) -> Vec<Card> {
    (0..level.scenes.len())
        .filter_map(|i| card_for(chapter, level, i))
        .collect()
}

/// Every card of a pool, mission by mission in campaign order (the setup screen shows how
/// many there are).
pub fn pool_cards(levels: &[(usize, Arc<Level>)], pool: Pool) -> Vec<Card> {
    levels
        .iter()
        .filter(|(c, l)| pool.contains(*c, l))
        .flat_map(|(c, l)| eligible(*c, l))
        .collect()
}

/// The board's shape for `available` cards: the largest full rectangle of at most 4 columns
/// and 3 rows, wider first (12 → 4×3, 9–11 → 3×3, 8 → 4×2, 6–7 → 3×2, 4–5 → 4×1).
/// `None` below [`MIN_CARDS`].
pub fn layout(available: usize) -> Option<(usize, usize)> {
    (MIN_CARDS..=available.min(MAX_CARDS)).rev().find_map(|n| {
        (2..=MAX_COLUMNS)
            .rev()
            .find(|&c| n % c == 0 && n / c <= MAX_ROWS)
            .map(|c| (c, n / c))
    })
}

/// A whole row or column of the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Line {
    Row(usize),
    Column(usize),
}

/// The face-down cards, row by row (cell = row × columns + column).
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pool: Pool,
    code: ClassCode,
    cards: Vec<Card>,
    columns: usize,
    rows: usize,
}

/// Draws the board of a pool for a class code: the same code always gives the same board.
///
/// Each mission's cards are shuffled, the missions are shuffled, cards are taken one per
/// mission in turn (so no mission dominates) until the board is full, then the chosen cards
/// are shuffled onto the cells. All draws come from `code.draws("duel")`.
pub fn deal(
    levels: &[(usize, Arc<Level>)],
    pool: Pool,
    code: &ClassCode,
) -> Result<Board, DuelError> {
    let mut groups: Vec<Vec<Card>> = levels
        .iter()
        .filter(|(c, l)| pool.contains(*c, l))
        .map(|(c, l)| eligible(*c, l))
        .filter(|g| !g.is_empty())
        .collect();
    let available: usize = groups.iter().map(Vec::len).sum();
    let (columns, rows) = layout(available).ok_or(DuelError::PoolTooSmall { available })?;
    let mut draws = code.draws("duel");
    draws.shuffle(&mut groups);
    for g in &mut groups {
        draws.shuffle(g);
    }
    let wanted = columns * rows;
    let mut queues: Vec<std::vec::IntoIter<Card>> =
        groups.into_iter().map(Vec::into_iter).collect();
    let mut cards = Vec::with_capacity(wanted);
    while cards.len() < wanted {
        for q in &mut queues {
            if cards.len() < wanted
                && let Some(card) = q.next()
            {
                cards.push(card);
            }
        }
    }
    draws.shuffle(&mut cards);
    Ok(Board {
        pool,
        code: code.clone(),
        cards,
        columns,
        rows,
    })
}

impl Board {
    pub fn pool(&self) -> Pool {
        self.pool
    }

    pub fn code(&self) -> &ClassCode {
        &self.code
    }

    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    pub fn card(&self, cell: usize) -> Option<&Card> {
        self.cards.get(cell)
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    pub fn columns(&self) -> usize {
        self.columns
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// `(column, row)` of a cell.
    pub fn position(&self, cell: usize) -> (usize, usize) {
        (cell % self.columns, cell / self.columns)
    }

    pub fn cell_at(&self, column: usize, row: usize) -> Option<usize> {
        (column < self.columns && row < self.rows).then_some(row * self.columns + column)
    }

    /// The cell an arrow key leads to (`dx`, `dy` in −1..=1), staying on the board.
    pub fn step(&self, cell: usize, dx: i32, dy: i32) -> usize {
        let (c, r) = self.position(cell.min(self.cards.len().saturating_sub(1)));
        let move_in = |v: usize, d: i32, len: usize| {
            (v as i64 + i64::from(d)).clamp(0, len.saturating_sub(1) as i64) as usize
        };
        move_in(r, dy, self.rows) * self.columns + move_in(c, dx, self.columns)
    }

    /// Every line that earns the bonus: rows and columns of at least two cells.
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        if self.columns >= 2 {
            out.extend((0..self.rows).map(Line::Row));
        }
        if self.rows >= 2 {
            out.extend((0..self.columns).map(Line::Column));
        }
        out
    }

    /// The cells of a line.
    pub fn cells_of(&self, line: Line) -> Vec<usize> {
        match line {
            Line::Row(r) => (0..self.columns).map(|c| r * self.columns + c).collect(),
            Line::Column(c) => (0..self.rows).map(|r| r * self.columns + c).collect(),
        }
    }
}

/// What a decision did to the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardOutcome {
    /// The better choice: the team takes the cell and its points.
    Claimed,
    /// Data left that the better choice would have kept: the cell and its points go to the
    /// other team ("your data feeds the other side").
    Leaked,
    /// Not the better choice, but nothing leaked: nobody owns the cell.
    Lost,
}

/// One card played, for the short debrief after it and the full one at the end.
#[derive(Clone, Debug, PartialEq)]
pub struct CardResult {
    pub cell: usize,
    /// The team that played it.
    pub team: Team,
    pub action: Action,
    pub outcome: CardOutcome,
    /// Who owns the cell now: the team (claimed), the other team (leaked), nobody (lost).
    pub owner: Option<Team>,
    pub stake: u32,
    /// Lines this card completed for its owner.
    pub new_lines: Vec<Line>,
    /// The decision as the debrief shows it (situation, choice, better choice, data sent).
    pub report: DecisionReport,
}

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellState {
    Hidden,
    /// Revealed and being played.
    Open,
    Owned(Team),
    /// Played, owned by nobody.
    Lost,
}

/// How a finished duel ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `on_leaks`: the scores were equal and the winner leaked less.
    Win {
        team: Team,
        on_leaks: bool,
    },
    Draw,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DuelError {
    /// Fewer than [`MIN_CARDS`] scenes in the pool.
    PoolTooSmall {
        available: usize,
    },
    /// Both teams have this name (case aside).
    SameNames(String),
    NoSuchCell(usize),
    /// The cell was already played.
    AlreadyRevealed(usize),
    /// Another card is open: decide it first.
    CardOpen(usize),
    NoCardOpen,
    GameOver,
    /// The action does not fit the open card (wrong kind, bad index…): the card stays open.
    Play(PlayError),
}

impl DuelError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DuelError::PoolTooSmall { available } => match lang {
                Lang::Fr => format!(
                    "Pas assez de cartes : {available} scène(s) dans ce choix, il en faut au moins {MIN_CARDS}. Choisis un chapitre ou un thème plus large."
                ),
                Lang::En => format!(
                    "Not enough cards: {available} scene(s) in this pool, at least {MIN_CARDS} are needed. Pick a wider chapter or topic."
                ),
            },
            DuelError::SameNames(name) => match lang {
                Lang::Fr => format!("Les deux équipes s'appellent « {name} » : changez un nom."),
                Lang::En => format!("Both teams are called \"{name}\": change one name."),
            },
            DuelError::NoSuchCell(c) => match lang {
                Lang::Fr => format!("Il n'y a pas de case {c}."),
                Lang::En => format!("There is no cell {c}."),
            },
            DuelError::AlreadyRevealed(c) => match lang {
                Lang::Fr => format!("La case {c} est déjà jouée."),
                Lang::En => format!("Cell {c} was already played."),
            },
            DuelError::CardOpen(c) => match lang {
                Lang::Fr => format!("La carte {c} est ouverte : décidez d'abord."),
                Lang::En => format!("Card {c} is open: decide first."),
            },
            DuelError::NoCardOpen => lang
                .pick("Aucune carte ouverte.", "No card is open.")
                .to_string(),
            DuelError::GameOver => lang
                .pick("Le duel est terminé.", "The duel is over.")
                .to_string(),
            DuelError::Play(e) => match lang {
                Lang::Fr => format!("Cette réponse ne convient pas à la carte ({e})."),
                Lang::En => format!("This answer does not fit the card ({e})."),
            },
        }
    }
}

impl std::fmt::Display for DuelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for DuelError {}

#[derive(Clone, Debug)]
enum Slot {
    Hidden,
    Open,
    /// Index into `results`.
    Played(usize),
}

/// A duel in progress (or over). Mutated only by [`Duel::reveal`] and [`Duel::decide`].
#[derive(Clone, Debug)]
pub struct Duel {
    board: Board,
    teams: Teams,
    first: Team,
    turn: Team,
    slots: Vec<Slot>,
    /// The revealed card being played, with its one-decision run.
    open: Option<(usize, Run)>,
    results: Vec<CardResult>,
}

/// Which team starts: `code.draws("duel-first")`, a draw below 2 (0 → A, 1 → B).
pub fn first_team(code: &ClassCode) -> Team {
    if code.draws("duel-first").below(2) == 0 {
        Team::A
    } else {
        Team::B
    }
}

impl Duel {
    pub fn new(board: Board, teams: Teams) -> Duel {
        let first = first_team(&board.code);
        Duel {
            slots: vec![Slot::Hidden; board.len()],
            board,
            teams,
            first,
            turn: first,
            open: None,
            results: Vec::new(),
        }
    }

    pub fn board(&self) -> &Board {
        &self.board
    }

    pub fn teams(&self) -> &Teams {
        &self.teams
    }

    pub fn name(&self, team: Team) -> &str {
        self.teams.name(team)
    }

    /// The team that played first.
    pub fn first(&self) -> Team {
        self.first
    }

    /// The team to play (or playing the open card).
    pub fn turn(&self) -> Team {
        self.turn
    }

    pub fn cell(&self, cell: usize) -> Option<CellState> {
        Some(match self.slots.get(cell)? {
            Slot::Hidden => CellState::Hidden,
            Slot::Open => CellState::Open,
            Slot::Played(r) => match self.results[*r].owner {
                Some(team) => CellState::Owned(team),
                None => CellState::Lost,
            },
        })
    }

    pub fn owner(&self, cell: usize) -> Option<Team> {
        match self.cell(cell)? {
            CellState::Owned(team) => Some(team),
            _ => None,
        }
    }

    /// The open card's cell.
    pub fn open_cell(&self) -> Option<usize> {
        self.open.as_ref().map(|(c, _)| *c)
    }

    /// The open card's run: `scene()` to show, `available_options()` to offer.
    pub fn open_run(&self) -> Option<&Run> {
        self.open.as_ref().map(|(_, r)| r)
    }

    /// The team to play turns a face-down card over.
    pub fn reveal(&mut self, cell: usize) -> Result<&Run, DuelError> {
        if self.is_over() {
            return Err(DuelError::GameOver);
        }
        if let Some(open) = self.open_cell() {
            return Err(DuelError::CardOpen(open));
        }
        let card = self.board.card(cell).ok_or(DuelError::NoSuchCell(cell))?;
        if !matches!(self.slots[cell], Slot::Hidden) {
            return Err(DuelError::AlreadyRevealed(cell));
        }
        let run = Run::start_at(Arc::clone(&card.level), Footprint::default(), &card.scene)
            .map_err(DuelError::Play)?;
        self.slots[cell] = Slot::Open;
        Ok(&self.open.insert((cell, run)).1)
    }

    /// The team decides on the open card: exactly one action of the scene's kind. On an
    /// error nothing changes (the card stays open); otherwise the turn passes.
    pub fn decide(&mut self, action: Action) -> Result<&CardResult, DuelError> {
        if self.is_over() {
            return Err(DuelError::GameOver);
        }
        let (cell, run) = self.open.as_ref().ok_or(DuelError::NoCardOpen)?;
        let cell = *cell;
        let mut run = run.clone();
        run.act(action.clone()).map_err(DuelError::Play)?;
        let report = debrief::build(&run, None)
            .decisions
            .into_iter()
            .next()
            .ok_or(DuelError::Play(PlayError::WrongAction {
                scene: self.board.cards[cell].scene.clone(),
                kind: self.board.cards[cell].kind,
            }))?;
        let card = &self.board.cards[cell];
        let (outcome, stake) = (judge(card.scene(), &action, &report), card.stake);
        let team = self.turn;
        let owner = match outcome {
            CardOutcome::Claimed => Some(team),
            CardOutcome::Leaked => Some(team.other()),
            CardOutcome::Lost => None,
        };
        let before = owner.map(|o| self.lines(o)).unwrap_or_default();
        let index = self.results.len();
        self.open = None;
        self.slots[cell] = Slot::Played(index);
        self.turn = team.other();
        self.results.push(CardResult {
            cell,
            team,
            action,
            outcome,
            owner,
            stake,
            new_lines: Vec::new(),
            report,
        });
        if let Some(o) = owner {
            let new_lines = self
                .lines(o)
                .into_iter()
                .filter(|l| !before.contains(l))
                .collect();
            self.results[index].new_lines = new_lines;
        }
        Ok(&self.results[index])
    }

    /// Every card played, in order.
    pub fn results(&self) -> &[CardResult] {
        &self.results
    }

    pub fn result(&self, cell: usize) -> Option<&CardResult> {
        match self.slots.get(cell)? {
            Slot::Played(r) => self.results.get(*r),
            _ => None,
        }
    }

    pub fn last_result(&self) -> Option<&CardResult> {
        self.results.last()
    }

    /// Cards not played yet (the open one included).
    pub fn remaining(&self) -> usize {
        self.board.len() - self.results.len()
    }

    pub fn is_over(&self) -> bool {
        self.remaining() == 0
    }

    /// The stakes of the cells a team owns.
    pub fn stakes(&self, team: Team) -> u32 {
        self.results
            .iter()
            .filter(|r| r.owner == Some(team))
            .map(|r| r.stake)
            .sum()
    }

    /// The whole rows and columns a team owns.
    pub fn lines(&self, team: Team) -> Vec<Line> {
        self.board
            .lines()
            .into_iter()
            .filter(|&l| {
                self.board
                    .cells_of(l)
                    .iter()
                    .all(|&c| self.owner(c) == Some(team))
            })
            .collect()
    }

    pub fn line_bonus(&self, team: Team) -> u32 {
        LINE_BONUS * self.lines(team).len() as u32
    }

    /// Stakes of the cells owned plus the line bonuses.
    pub fn score(&self, team: Team) -> u32 {
        self.stakes(team) + self.line_bonus(team)
    }

    /// How many of a team's own decisions ended this way (`Leaked`: the leaks it made).
    pub fn count(&self, team: Team, outcome: CardOutcome) -> usize {
        self.results
            .iter()
            .filter(|r| r.team == team && r.outcome == outcome)
            .count()
    }

    pub fn leaks(&self, team: Team) -> usize {
        self.count(team, CardOutcome::Leaked)
    }

    /// Once every card is played: the higher score wins; equal scores, the team that leaked
    /// less wins; otherwise a draw.
    pub fn ending(&self) -> Option<Ending> {
        if !self.is_over() {
            return None;
        }
        let (a, b) = (self.score(Team::A), self.score(Team::B));
        let (la, lb) = (self.leaks(Team::A), self.leaks(Team::B));
        Some(if a != b {
            Ending::Win {
                team: if a > b { Team::A } else { Team::B },
                on_leaks: false,
            }
        } else if la != lb {
            Ending::Win {
                team: if la < lb { Team::A } else { Team::B },
                on_leaks: true,
            }
        } else {
            Ending::Draw
        })
    }
}

/// Claimed when the verdict is the better one; leaked when data left that the better choice
/// keeps (a non-better option that shares or is marked risky; a form sent with a field it
/// does not need); lost otherwise.
fn judge(scene: &Scene, action: &Action, report: &DecisionReport) -> CardOutcome {
    if report.verdict == Verdict::Best {
        return CardOutcome::Claimed;
    }
    let leaked = match (scene, action) {
        (Scene::Choice(_) | Scene::Chat(_), Action::Pick(i)) => scene
            .options()
            .get(*i)
            .is_some_and(|o| o.risky || !o.share.is_empty()),
        // An incomplete sign-up form is not sent (`Run::act`): nothing leaves.
        (Scene::Share(_) | Scene::Permissions(_), Action::Submit(_)) => {
            report.to.is_some() && report.fields.iter().any(|f| f.ticked && !f.needed)
        }
        _ => false,
    };
    if leaked {
        CardOutcome::Leaked
    } else {
        CardOutcome::Lost
    }
}

/// One anonymous record per team: level `duel`, the team's name as label, its cards'
/// decisions as `level/scene=choice;…` in playing order (same encoding as a mission's),
/// outcome `win` / `draw` / `loss` (`unfinished` before the end), the team's points, no stars.
/// The class code is the board's.
pub fn records(duel: &Duel, duration_s: u64) -> Vec<Record> {
    let ending = duel.ending();
    Team::BOTH
        .iter()
        .map(|&team| {
            let choices = duel
                .results
                .iter()
                .filter(|r| r.team == team)
                .map(|r| {
                    format!(
                        "{}={}",
                        duel.board.cards[r.cell].id(),
                        results::encode_action(&r.action)
                    )
                })
                .collect::<Vec<_>>()
                .join(";");
            let outcome = match ending {
                None => "unfinished",
                Some(Ending::Draw) => "draw",
                Some(Ending::Win { team: w, .. }) if w == team => "win",
                Some(Ending::Win { .. }) => "loss",
            };
            Record {
                level: RESULT_LEVEL.to_string(),
                class_code: duel.board.code.to_string(),
                label: duel.name(team).to_string(),
                choices,
                outcome: outcome.to_string(),
                score: i32::try_from(duel.score(team)).unwrap_or(i32::MAX),
                stars: 0,
                duration_s,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = r#"Level(
    format: 1,
    id: "fixture",
    title: (fr: "Essai", en: "Test"),
    topics: [SignUp],
    scenes: [
        Story(id: "intro", text: (fr: "x", en: "x"), next: "choix"),
        Choice(id: "choix", text: (fr: "c", en: "c"), options: [
            (text: (fr: "mieux", en: "better"), next: "fin", best: true),
            (text: (fr: "numéro", en: "number"), next: "fin", share: [Phone]),
            (text: (fr: "rien", en: "nothing"), next: "fin"),
        ]),
        Chat(id: "chat", contact: "Léa", messages: [(text: (fr: "?", en: "?"))], options: [
            (text: (fr: "non", en: "no"), next: "fin", best: true),
            (text: (fr: "imprudent", en: "careless"), next: "fin", risky: true),
        ]),
        Share(id: "form", app: "Appli", text: (fr: "f", en: "f"), fields: [
            (data: Pseudonym, needed: true),
            (data: Email, needed: true),
            (data: BirthDate),
            (data: Password),
        ], next: "fin"),
        Permissions(id: "perms", app: "Appli", text: (fr: "p", en: "p"),
            fields: [(data: Contacts), (data: Camera)], next: "fin"),
        Quiz(id: "quiz", question: (fr: "q", en: "q"), answers: [
            (text: (fr: "a", en: "a"), correct: true),
            (text: (fr: "b", en: "b")),
        ], explain: (fr: "e", en: "e"), next: "fin"),
        Choice(id: "cond", text: (fr: "c", en: "c"), options: [
            (text: (fr: "mieux", en: "better"), next: "fin", best: true, when: Flag("x")),
            (text: (fr: "a", en: "a"), next: "fin"),
            (text: (fr: "b", en: "b"), next: "fin"),
        ]),
        Choice(id: "allbest", text: (fr: "c", en: "c"), options: [
            (text: (fr: "a", en: "a"), next: "fin", best: true),
            (text: (fr: "b", en: "b"), next: "fin", best: true),
        ]),
        Share(id: "needed", app: "Appli", text: (fr: "f", en: "f"),
            fields: [(data: Email, needed: true)], next: "fin"),
        End(id: "fin", outcome: Success, text: (fr: "fin", en: "end")),
    ],
    debrief: (lesson: (fr: "l", en: "l"), questions: [], sources: []),
)"#;

    fn fixture() -> Arc<Level> {
        Arc::new(crate::core::check::load::parse("fixture.ron", FIXTURE).unwrap())
    }

    fn code() -> ClassCode {
        ClassCode::parse("LYNX-42").unwrap()
    }

    /// A board with these fixture scenes in this order (tests choose the layout).
    fn duel_of(scenes: &[&str], columns: usize) -> Duel {
        let level = fixture();
        let cards: Vec<Card> = scenes
            .iter()
            .map(|s| card_for(0, &level, level.scene_index(s).unwrap()).unwrap())
            .collect();
        let rows = cards.len() / columns;
        let board = Board {
            pool: Pool::All,
            code: code(),
            cards,
            columns,
            rows,
        };
        Duel::new(board, Teams::new("Lynx", "Ours", Lang::Fr).unwrap())
    }

    fn play(d: &mut Duel, cell: usize, action: Action) -> CardResult {
        d.reveal(cell).unwrap();
        d.decide(action).unwrap().clone()
    }

    const CLAIM: Action = Action::Pick(0);
    const LEAK: Action = Action::Pick(1);
    const LOSE: Action = Action::Pick(2);

    #[test]
    fn cards_are_the_decisions_that_stand_alone() {
        let cards = eligible(3, &fixture());
        let ids: Vec<String> = cards.iter().map(Card::id).collect();
        // `cond` offers its better option only with a flag, `allbest` has no worse option,
        // `needed` asks for nothing superfluous: none stands alone.
        assert_eq!(
            ids,
            [
                "fixture/choix",
                "fixture/chat",
                "fixture/form",
                "fixture/perms",
                "fixture/quiz"
            ]
        );
        let stakes: Vec<u32> = cards.iter().map(|c| c.stake).collect();
        assert_eq!(stakes, [2, 1, 3, 2, 1]);
        assert_eq!(
            cards[2].at_stake,
            [
                DataKind::Password,
                DataKind::BirthDate,
                DataKind::Email,
                DataKind::Pseudonym
            ]
        );
        assert!(cards.iter().all(|c| c.chapter == 3));
        assert_eq!(cards[4].kind, "Quiz");
        assert_eq!(cards[1].scene().id(), "chat");
    }

    #[test]
    fn a_pool_too_small_is_an_error_and_a_small_one_a_small_board() {
        let levels = [(0, fixture())];
        for pool in [Pool::Chapter(1), Pool::Topic(Topic::Cookies)] {
            assert_eq!(
                deal(&levels, pool, &code()).unwrap_err(),
                DuelError::PoolTooSmall { available: 0 }
            );
        }
        // Five cards: the largest full rectangle is one row of four.
        let board = deal(&levels, Pool::Topic(Topic::SignUp), &code()).unwrap();
        assert_eq!((board.columns(), board.rows(), board.len()), (4, 1, 4));
        let all = deal(&levels, Pool::All, &code()).unwrap();
        assert_eq!(all.cards(), board.cards(), "same scenes, same draws");
        assert_eq!(
            (all.pool(), board.pool()),
            (Pool::All, Pool::Topic(Topic::SignUp))
        );
    }

    #[test]
    fn stakes_follow_the_weight_thresholds() {
        assert_eq!(stake_for(0), 1);
        assert_eq!(stake_for(STAKE_2_WEIGHT - 1), 1);
        assert_eq!(stake_for(STAKE_2_WEIGHT), 2);
        assert_eq!(stake_for(STAKE_3_WEIGHT - 1), 2);
        assert_eq!(stake_for(STAKE_3_WEIGHT), 3);
        assert_eq!(stake_for(DataKind::Health.weight()), 3);
    }

    #[test]
    fn claimed_leaked_or_lost_for_every_scene_kind() {
        use CardOutcome::*;
        let cases: Vec<(&str, Action, CardOutcome)> = vec![
            ("choix", Action::Pick(0), Claimed),
            ("choix", Action::Pick(1), Leaked),
            ("choix", Action::Pick(2), Lost),
            ("chat", Action::Pick(0), Claimed),
            ("chat", Action::Pick(1), Leaked),
            ("form", Action::Submit(vec![0, 1]), Claimed),
            ("form", Action::Submit(vec![0, 1, 2]), Leaked),
            ("form", Action::Submit(vec![0, 1, 2, 3]), Leaked),
            // Incomplete: the app refuses the form, nothing leaves.
            ("form", Action::Submit(vec![2, 3]), Lost),
            ("form", Action::Submit(vec![0]), Lost),
            ("perms", Action::Submit(vec![]), Claimed),
            ("perms", Action::Submit(vec![1]), Leaked),
            ("quiz", Action::Answer(vec![0]), Claimed),
            ("quiz", Action::Answer(vec![1]), Lost),
            ("quiz", Action::Answer(vec![0, 1]), Lost),
        ];
        for (scene, action, expected) in cases {
            let mut d = duel_of(&[scene, "choix", "choix", "choix"], 4);
            let team = d.turn();
            let stake = d.board().card(0).unwrap().stake;
            let r = play(&mut d, 0, action.clone());
            let what = format!("{scene} {action:?}");
            assert_eq!(r.outcome, expected, "{what}");
            assert_eq!((r.team, r.cell, r.stake), (team, 0, stake), "{what}");
            assert_eq!(r.report.scene, scene, "{what}");
            assert_eq!(r.action, action, "{what}");
            let owner = match expected {
                Claimed => Some(team),
                Leaked => Some(team.other()),
                Lost => None,
            };
            assert_eq!(r.owner, owner, "{what}");
            assert_eq!(d.owner(0), owner, "{what}");
            for t in Team::BOTH {
                let points = if Some(t) == owner { stake } else { 0 };
                assert_eq!(d.score(t), points, "{what} {t:?}");
            }
            assert_eq!(d.leaks(team), usize::from(expected == Leaked), "{what}");
            assert_eq!(d.turn(), team.other(), "{what}: the turn passes");
        }
    }

    #[test]
    fn a_whole_row_or_column_earns_the_line_bonus() {
        let mut d = duel_of(&["choix"; 12], 4);
        let t = d.turn();
        for (mine, theirs) in [(0, 4), (1, 5), (2, 6)] {
            play(&mut d, mine, CLAIM);
            play(&mut d, theirs, LOSE);
        }
        assert!(d.lines(t).is_empty());
        let r = play(&mut d, 3, CLAIM);
        assert_eq!(r.new_lines, [Line::Row(0)]);
        assert_eq!(d.lines(t), [Line::Row(0)]);
        assert_eq!(d.line_bonus(t), LINE_BONUS);
        assert_eq!(d.score(t), 4 * 2 + LINE_BONUS);
        assert_eq!(d.score(t.other()), 0);

        let mut d = duel_of(&["choix"; 12], 4);
        let t = d.turn();
        play(&mut d, 0, CLAIM);
        play(&mut d, 1, LOSE);
        play(&mut d, 4, CLAIM);
        play(&mut d, 2, LOSE);
        let r = play(&mut d, 8, CLAIM);
        assert_eq!(r.new_lines, [Line::Column(0)]);
        assert_eq!(d.score(t), 3 * 2 + LINE_BONUS);
        // Rows and columns at once: the corner completes both.
        let mut d = duel_of(&["choix"; 4], 2);
        let t = d.turn();
        play(&mut d, 0, CLAIM);
        play(&mut d, 3, LEAK);
        let r = play(&mut d, 1, CLAIM);
        assert_eq!(r.new_lines, [Line::Row(0), Line::Column(1)]);
        assert_eq!(d.score(t), 3 * 2 + 2 * LINE_BONUS);
    }

    #[test]
    fn a_leak_completes_the_other_teams_line() {
        let mut d = duel_of(&["choix"; 12], 4);
        let t = d.turn();
        for (mine, theirs) in [(0, 4), (1, 5)] {
            play(&mut d, mine, CLAIM);
            play(&mut d, theirs, LOSE);
        }
        play(&mut d, 2, CLAIM);
        let r = play(&mut d, 3, LEAK);
        assert_eq!((r.team, r.owner), (t.other(), Some(t)));
        assert_eq!(r.new_lines, [Line::Row(0)]);
        assert_eq!(d.score(t), 4 * 2 + LINE_BONUS);
        assert_eq!(d.leaks(t.other()), 1);
        assert_eq!(d.leaks(t), 0);
    }

    #[test]
    fn the_end_goes_by_score_then_fewer_leaks_then_draw() {
        // Equal scores (2–2): the team that leaked less wins.
        let mut d = duel_of(&["choix"; 4], 4);
        let t = d.turn();
        play(&mut d, 0, LEAK);
        assert_eq!(d.ending(), None);
        play(&mut d, 1, LOSE);
        play(&mut d, 2, CLAIM);
        play(&mut d, 3, LOSE);
        assert!(d.is_over());
        assert_eq!((d.score(t), d.score(t.other())), (2, 2));
        assert_eq!(
            d.ending(),
            Some(Ending::Win {
                team: t.other(),
                on_leaks: true
            })
        );
        // Nothing owned, nothing leaked: a draw.
        let mut d = duel_of(&["choix"; 4], 4);
        for cell in 0..4 {
            play(&mut d, cell, LOSE);
        }
        assert_eq!(d.ending(), Some(Ending::Draw));
        // A higher score wins even with more leaks.
        let mut d = duel_of(&["choix"; 4], 4);
        let t = d.turn();
        play(&mut d, 0, CLAIM);
        play(&mut d, 1, LOSE);
        play(&mut d, 2, LEAK);
        play(&mut d, 3, LEAK);
        assert_eq!((d.score(t), d.score(t.other())), (4, 2));
        assert_eq!(
            d.ending(),
            Some(Ending::Win {
                team: t,
                on_leaks: false
            })
        );
    }

    #[test]
    fn turns_alternate_and_the_class_code_picks_who_starts() {
        let firsts: Vec<Team> = [
            "LYNX-42", "OURS-17", "LOUP-3", "AIGLE-8", "CERF-1", "PUMA-90",
        ]
        .iter()
        .map(|c| first_team(&ClassCode::parse(c).unwrap()))
        .collect();
        assert!(
            firsts.contains(&Team::A) && firsts.contains(&Team::B),
            "{firsts:?}"
        );
        let mut d = duel_of(&["choix"; 4], 4);
        assert_eq!(d.first(), first_team(&code()));
        assert_eq!(d.turn(), d.first());
        let mut expected = d.first();
        for (cell, action) in [(0, CLAIM), (1, LEAK), (2, LOSE), (3, CLAIM)] {
            assert_eq!(d.turn(), expected);
            let r = play(&mut d, cell, action);
            assert_eq!(r.team, expected);
            expected = expected.other();
        }
        let teams: Vec<Team> = d.results().iter().map(|r| r.team).collect();
        let f = d.first();
        assert_eq!(teams, [f, f.other(), f, f.other()]);
    }

    #[test]
    fn mistakes_are_errors_not_panics() {
        let mut d = duel_of(&["choix", "quiz", "choix", "choix"], 4);
        assert_eq!(d.decide(CLAIM).unwrap_err(), DuelError::NoCardOpen);
        assert_eq!(d.reveal(4).unwrap_err(), DuelError::NoSuchCell(4));
        let team = d.turn();
        assert_eq!(d.reveal(1).unwrap().scene().id(), "quiz");
        assert_eq!(d.cell(1), Some(CellState::Open));
        assert_eq!(d.open_cell(), Some(1));
        assert_eq!(d.reveal(0).unwrap_err(), DuelError::CardOpen(1));
        // A wrong kind of action or a bad index: nothing changes, the card stays open.
        assert!(matches!(
            d.decide(Action::Pick(0)).unwrap_err(),
            DuelError::Play(PlayError::WrongAction { .. })
        ));
        assert!(matches!(
            d.decide(Action::Answer(vec![7])).unwrap_err(),
            DuelError::Play(PlayError::NoSuchIndex { .. })
        ));
        assert_eq!(
            (d.turn(), d.open_cell(), d.results().len()),
            (team, Some(1), 0)
        );
        d.decide(Action::Answer(vec![0])).unwrap();
        assert_eq!(d.cell(1), Some(CellState::Owned(team)));
        assert_eq!(d.reveal(1).unwrap_err(), DuelError::AlreadyRevealed(1));
        assert_eq!(d.decide(CLAIM).unwrap_err(), DuelError::NoCardOpen);
        for cell in [0, 2, 3] {
            play(&mut d, cell, LOSE);
        }
        assert_eq!(d.reveal(0).unwrap_err(), DuelError::GameOver);
        assert_eq!(d.decide(CLAIM).unwrap_err(), DuelError::GameOver);
        for e in [
            DuelError::PoolTooSmall { available: 2 },
            DuelError::SameNames("Lynx".into()),
            DuelError::GameOver,
        ] {
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
    }

    #[test]
    fn team_names_are_cleaned_defaulted_and_distinct() {
        let t = Teams::new("  Les Lynx \n", "", Lang::Fr).unwrap();
        assert_eq!((t.name(Team::A), t.name(Team::B)), ("Les Lynx", "Équipe B"));
        let t = Teams::new("", "", Lang::En).unwrap();
        assert_eq!((t.name(Team::A), t.name(Team::B)), ("Team A", "Team B"));
        let long = Teams::new("Les Lynx du fond de la classe qui parlent", "B", Lang::Fr).unwrap();
        assert_eq!(long.name(Team::A).chars().count(), results::MAX_LABEL);
        assert_eq!(
            Teams::new("lynx", " LYNX", Lang::Fr).unwrap_err(),
            DuelError::SameNames("LYNX".into())
        );
        assert!(matches!(
            Teams::new("Équipe B", "", Lang::Fr),
            Err(DuelError::SameNames(_))
        ));
        assert!(Teams::new("Équipe B", "", Lang::En).is_ok());
    }

    #[test]
    fn boards_are_full_rectangles() {
        let shapes: Vec<Option<(usize, usize)>> = (0..=14).map(layout).collect();
        assert_eq!(shapes[..4], [None, None, None, None]);
        assert_eq!(shapes[4], Some((4, 1)));
        assert_eq!(shapes[5], Some((4, 1)));
        assert_eq!(shapes[6], Some((3, 2)));
        assert_eq!(shapes[7], Some((3, 2)));
        assert_eq!(shapes[8], Some((4, 2)));
        assert_eq!(shapes[9..12], [Some((3, 3)); 3]);
        assert_eq!(shapes[12..], [Some((4, 3)); 3]);
        let d = duel_of(&["choix"; 12], 4);
        let b = d.board();
        assert_eq!(b.position(6), (2, 1));
        assert_eq!(b.cell_at(2, 1), Some(6));
        assert_eq!(b.cell_at(4, 0), None);
        assert_eq!(b.step(0, -1, -1), 0);
        assert_eq!(b.step(0, 1, 0), 1);
        assert_eq!(b.step(0, 0, 1), 4);
        assert_eq!(b.step(11, 1, 1), 11);
        assert_eq!(b.lines().len(), 3 + 4);
        assert_eq!(b.cells_of(Line::Column(1)), [1, 5, 9]);
        // One row: its columns are single cells, not lines.
        assert_eq!(duel_of(&["choix"; 4], 4).board().lines(), [Line::Row(0)]);
    }

    #[test]
    fn records_give_each_team_its_cards_and_result() {
        let mut d = duel_of(&["choix", "form", "quiz", "choix"], 4);
        let t = d.turn();
        play(&mut d, 0, LEAK);
        play(&mut d, 1, Action::Submit(vec![0, 1]));
        assert_eq!(records(&d, 5)[0].outcome, "unfinished");
        play(&mut d, 2, Action::Answer(vec![]));
        play(&mut d, 3, LOSE);
        let recs = records(&d, 300);
        assert_eq!(recs.len(), 2);
        let mine = &recs[t.index()];
        let theirs = &recs[t.other().index()];
        assert_eq!(mine.label, d.name(t));
        assert_eq!(mine.choices, "fixture/choix=1;fixture/quiz=none");
        assert_eq!(theirs.choices, "fixture/form=0+1;fixture/choix=2");
        // t leaked choix (2 points to the other side), the other side claimed the form (3).
        assert_eq!((mine.score, theirs.score), (0, 5));
        assert_eq!(
            (mine.outcome.as_str(), theirs.outcome.as_str()),
            ("loss", "win")
        );
        for r in &recs {
            assert_eq!(
                (r.level.as_str(), r.class_code.as_str()),
                ("duel", "LYNX-42")
            );
            assert_eq!((r.stars, r.duration_s), (0, 300));
        }
    }
}
