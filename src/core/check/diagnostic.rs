//! Diagnostics as data: file, position range, severity, problem. Rendered like a compiler
//! (`file:line:col: error: …`, the offending line, a caret, a note and a suggested fix),
//! in French by default or in English.

use crate::core::model::text::Lang;
use ron::error::Error as RonError;
use std::fmt::Write as _;

/// Longest excerpt line printed under a diagnostic.
const EXCERPT_WIDTH: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn at(line: usize, col: usize) -> Span {
        let p = Pos { line, col };
        Span { start: p, end: p }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// Everything `check` can report. Each variant carries the data its message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    // --- reading the file
    Unreadable(String),
    NotAFile,
    TooBig {
        size: u64,
        limit: u64,
    },
    NotUtf8,
    Empty,
    // --- syntax and shape (from the RON parser)
    Syntax(ron::error::Error),
    /// A comma is missing after an element (reported where it goes).
    MissingComma,
    /// A text lacks its closing quote (reported where it goes).
    UnclosedText,
    /// « », “ ” used to quote a text: level files quote with straight quotes "…".
    TypographicQuotes {
        found: char,
    },
    TooDeep,
    UnknownField {
        found: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    MissingField {
        field: String,
        inside: Option<String>,
    },
    DuplicateField {
        field: String,
    },
    UnknownVariant {
        found: String,
        kind: Option<String>,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    WrongType {
        expected: String,
        found: String,
    },
    NotATextPair,
    UnknownFileKind {
        found: String,
    },
    UnsupportedFormat {
        found: u32,
        supported: u32,
    },
    // --- level structure
    NoScenes,
    NoEnding,
    BadId {
        id: String,
    },
    DuplicateScene {
        id: String,
        first_line: usize,
    },
    UnknownScene {
        id: String,
        suggestion: Option<String>,
    },
    MissingTranslation {
        lang: Lang,
    },
    EmptyText,
    OptionCount {
        count: usize,
    },
    QuizWithoutRightAnswer,
    FormWithoutFields,
    RepeatedField {
        data: String,
    },
    ShareWithoutRecipient,
    StarsOrder {
        two: i32,
        three: i32,
    },
    UnknownTerm {
        id: String,
        suggestion: Option<String>,
    },
    UnknownLevel {
        id: String,
        suggestion: Option<String>,
    },
    /// A cast entry names a portrait that is not bundled.
    UnknownPortrait {
        id: String,
        suggestion: Option<String>,
    },
    /// A cast entry names no one the level shows.
    CastNameUnused {
        name: String,
        suggestion: Option<String>,
    },
    /// A text holds a character none of the game's fonts has: pupils would see a box.
    UndrawableCharacter {
        ch: char,
    },
    LaterLevel {
        id: String,
    },
    FlagNeverSet {
        flag: String,
        suggestion: Option<String>,
    },
    FlagNeverRead {
        flag: String,
    },
    FewQuestions {
        count: usize,
    },
    NoSources,
    BadUrl {
        url: String,
    },
    // --- what the path explorer finds
    Unreachable {
        id: String,
    },
    Stuck {
        id: String,
    },
    NoOptionAvailable {
        id: String,
    },
    NoSuccess,
    StarUnreachable {
        stars: u8,
        needed: i32,
        best: i32,
    },
    NothingSharedWins {
        score: i32,
        stars: u8,
        /// The level has forms and none has a `needed` field: a scam mission's fake form
        /// (the help differs).
        fake_form: bool,
    },
    RefusalCannotFinish,
    BestIsLongest {
        langs: Vec<Lang>,
        count: usize,
        total: usize,
        scenes: Vec<String>,
    },
    BestNeverShares {
        total: usize,
    },
    CallbackPunishesRight {
        data: String,
        level: String,
    },
    CardWithoutSetup {
        id: String,
    },
    CarelessWins {
        stars: u8,
        score: i32,
    },
    LoopWithEffects {
        id: String,
        /// A Permissions scene in the loop: what is ticked there leaves on every round.
        permissions: Option<String>,
    },
    MeterOutOfRange {
        meter: &'static str,
        value: i32,
        /// The scenes of one path that goes out of range, with what each adds up.
        path: Vec<MeterChange>,
        /// The scene of a loop that moves the meter each time round (no limit then).
        repeated_loop: Option<String>,
        /// The scene to change first: the step that costs (or earns) the most.
        main_scene: Option<String>,
    },
    TooManyStates {
        limit: usize,
    },
    // --- campaign and glossary
    MissingLevelFile {
        path: String,
    },
    DuplicateLevel {
        id: String,
    },
    DuplicateTerm {
        id: String,
    },
    NotInCampaign {
        file: String,
    },
    NoLevelFiles,
}

/// One step of a path in a W013 message: a scene and what it changes on the meter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterChange {
    pub scene: String,
    pub change: i32,
    /// What the pupil does there: the option's text, or a form sent fully ticked.
    pub how: MeterHow,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeterHow {
    Option(crate::core::model::text::Text),
    EverythingTicked,
    RightAnswer,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub span: Option<Span>,
    pub severity: Severity,
    pub problem: Problem,
}

impl Diagnostic {
    pub fn new(file: &str, span: Option<Span>, problem: Problem) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            span,
            severity: problem.default_severity(),
            problem,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` (or just `file`).
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.file, s.start.line, s.start.col),
            None => self.file.clone(),
        }
    }

    /// The compiler-style rendering. `source` is the file's text, for the excerpt.
    pub fn render(&self, source: Option<&str>, lang: Lang) -> String {
        self.render_in(source.map(Lines::new).as_ref(), lang)
    }

    /// As [`Diagnostic::render`], with the file's lines indexed once for all its diagnostics
    /// (finding line N by scanning the text for each one made many diagnostics quadratic).
    pub fn render_in(&self, lines: Option<&Lines>, lang: Lang) -> String {
        let mut out = String::new();
        let severity = match (self.severity, lang) {
            (Severity::Error, Lang::Fr) => "erreur",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Fr) => "avertissement",
            (Severity::Warning, Lang::En) => "warning",
        };
        let colon = lang.pick(" :", ":");
        let _ = writeln!(
            out,
            "{}: {severity}[{}]{colon} {}",
            self.location(),
            self.problem.code(),
            self.problem.message(lang)
        );
        if let (Some(span), Some(lines)) = (self.span, lines)
            && let Some(line) = lines.line(span.start.line)
        {
            let number = span.start.line.to_string();
            let pad = " ".repeat(number.len());
            let chars: Vec<char> = line.replace('\t', " ").chars().collect();
            let width = chars.len();
            let mut start = span.start.col.saturating_sub(1).min(width);
            let mut end = if span.end.line == span.start.line {
                span.end.col.saturating_sub(1).min(width)
            } else {
                width
            };
            // A very long line (a minified or generated file) is shown around the column.
            let line: String = if width > EXCERPT_WIDTH {
                let from = start.saturating_sub(EXCERPT_WIDTH / 3);
                let to = (from + EXCERPT_WIDTH).min(width);
                let lead = if from > 0 { "…" } else { "" };
                let tail = if to < width { "…" } else { "" };
                let shift = from - lead.chars().count();
                start -= shift;
                end = end.min(to).saturating_sub(shift).max(start);
                format!("{lead}{}{tail}", chars[from..to].iter().collect::<String>())
            } else {
                chars.iter().collect()
            };
            let carets = end.saturating_sub(start).max(1);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {line}");
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(start), "^".repeat(carets));
        }
        if let Some(note) = self.problem.note(lang) {
            let _ = writeln!(out, "  = note{colon} {note}");
        }
        if let Some(help) = self.problem.help(lang) {
            let _ = writeln!(out, "  = {}{colon} {help}", lang.pick("aide", "help"));
        }
        out
    }
}

/// Diagnostics of one kind (code) rendered per file before the rest are only counted: a file
/// with 20,000 dangling `next` needs a few examples and the count, not 20,000 excerpts.
pub const SHOWN_PER_CODE: usize = 10;

/// Diagnostics rendered per file at most, all kinds together.
pub const SHOWN_PER_FILE: usize = 100;

/// One file's diagnostics rendered like a compiler's, as `check` prints them and the game's
/// diagnostics screen shows them: at most [`SHOWN_PER_CODE`] of a kind and [`SHOWN_PER_FILE`]
/// in all, then how many more of each kind there are. The file's lines are indexed once.
pub fn render_file(diags: &[Diagnostic], source: Option<&str>, lang: Lang) -> String {
    let lines = source.map(Lines::new);
    let mut out = String::new();
    let mut shown = 0;
    let mut by_code: std::collections::BTreeMap<&'static str, (usize, usize)> = Default::default();
    for d in diags {
        let (printed, hidden) = by_code.entry(d.problem.code()).or_default();
        if *printed < SHOWN_PER_CODE && shown < SHOWN_PER_FILE {
            *printed += 1;
            shown += 1;
            let _ = writeln!(out, "{}", d.render_in(lines.as_ref(), lang));
        } else {
            *hidden += 1;
        }
    }
    for (code, (_, hidden)) in by_code.into_iter().filter(|(_, (_, h))| *h > 0) {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                format!("… et {hidden} autre(s) {code} dans ce fichier, non affiché(s)."),
                format!("… and {hidden} more {code} in this file, not shown."),
            )
        );
    }
    out
}

/// A file's text with the start of each line, built once: line N in constant time.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `n` (from 1), without its line break, as `str::lines` gives it.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        // Nothing after the last line break is not a line (as `str::lines` says).
        if start == self.text.len() && (n > 1 || self.text.is_empty()) {
            return None;
        }
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn did_you_mean(lang: Lang, suggestion: &Option<String>) -> Option<String> {
    suggestion.as_ref().map(|s| {
        lang.pick(
            format!("vouliez-vous dire `{s}` ?"),
            format!("did you mean `{s}`?"),
        )
    })
}

impl Problem {
    pub fn default_severity(&self) -> Severity {
        use Problem::*;
        match self {
            MissingTranslation { .. }
            | Unreachable { .. }
            | RepeatedField { .. }
            | FlagNeverSet { .. }
            | FlagNeverRead { .. }
            | LaterLevel { .. }
            | FewQuestions { .. }
            | NoSources
            | BadUrl { .. }
            | NothingSharedWins { .. }
            | RefusalCannotFinish
            | BestIsLongest { .. }
            | BestNeverShares { .. }
            | CallbackPunishesRight { .. }
            | CardWithoutSetup { .. }
            | CastNameUnused { .. }
            | UndrawableCharacter { .. }
            | CarelessWins { .. }
            | LoopWithEffects { .. }
            | MeterOutOfRange { .. }
            | TooManyStates { .. }
            | NotInCampaign { .. } => Severity::Warning,
            OptionCount { count } if *count >= 1 => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A stable code, so a teacher can look a message up in the docs.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Unreadable(_) => "E001",
            NotAFile => "E002",
            TooBig { .. } => "E003",
            NotUtf8 => "E004",
            Empty => "E005",
            Syntax(_) | MissingComma | UnclosedText | TypographicQuotes { .. } => "E010",
            TooDeep => "E011",
            UnknownField { .. } => "E012",
            MissingField { .. } => "E013",
            DuplicateField { .. } => "E014",
            UnknownVariant { .. } => "E015",
            WrongType { .. } => "E016",
            NotATextPair => "E017",
            UnknownFileKind { .. } => "E018",
            UnsupportedFormat { .. } => "E019",
            NoScenes => "E020",
            NoEnding => "E021",
            BadId { .. } => "E022",
            DuplicateScene { .. } => "E023",
            UnknownScene { .. } => "E024",
            EmptyText => "E025",
            OptionCount { count } if *count >= 1 => "W016",
            OptionCount { .. } => "E026",
            QuizWithoutRightAnswer => "E027",
            FormWithoutFields => "E028",
            ShareWithoutRecipient => "E029",
            StarsOrder { .. } => "E030",
            UnknownTerm { .. } => "E031",
            UnknownLevel { .. } => "E032",
            UnknownPortrait { .. } => "E033",
            Stuck { .. } => "E040",
            NoOptionAvailable { .. } => "E041",
            NoSuccess => "E042",
            StarUnreachable { .. } => "E043",
            MissingLevelFile { .. } => "E050",
            DuplicateLevel { .. } => "E051",
            DuplicateTerm { .. } => "E052",
            MissingTranslation { .. } => "W001",
            Unreachable { .. } => "W002",
            RepeatedField { .. } => "W003",
            FlagNeverSet { .. } => "W004",
            FlagNeverRead { .. } => "W005",
            LaterLevel { .. } => "W006",
            FewQuestions { .. } => "W007",
            NoSources => "W008",
            BadUrl { .. } => "W009",
            NothingSharedWins { .. } => "W010",
            CarelessWins { .. } => "W011",
            LoopWithEffects { .. } => "W012",
            MeterOutOfRange { .. } => "W013",
            TooManyStates { .. } => "W014",
            NotInCampaign { .. } => "W015",
            BestIsLongest { .. } => "W017",
            BestNeverShares { .. } => "W018",
            CallbackPunishesRight { .. } => "W019",
            CardWithoutSetup { .. } => "W020",
            CastNameUnused { .. } => "W022",
            UndrawableCharacter { .. } => "W023",
            RefusalCannotFinish => "W021",
            NoLevelFiles => "E053",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        let fr = lang == Lang::Fr;
        match self {
            Unreadable(e) => {
                if fr {
                    format!("impossible de lire le fichier ({e})")
                } else {
                    format!("cannot read the file ({e})")
                }
            }
            NotAFile => lang
                .pick(
                    "ce n'est pas un fichier ordinaire",
                    "this is not a regular file",
                )
                .into(),
            TooBig { size, limit } => {
                if fr {
                    format!("fichier trop gros ({size} octets) : la limite est de {limit} octets")
                } else {
                    format!("file too big ({size} bytes): the limit is {limit} bytes")
                }
            }
            NotUtf8 => lang
                .pick(
                    "ce fichier n'est pas du texte UTF-8 (fichier binaire ou mauvais encodage)",
                    "this file is not UTF-8 text (a binary file or a wrong encoding)",
                )
                .into(),
            Empty => lang.pick("le fichier est vide", "the file is empty").into(),
            Syntax(e) => {
                let what = syntax_message(e, lang);
                if fr {
                    format!("erreur de syntaxe : {what}")
                } else {
                    format!("syntax error: {what}")
                }
            }
            MissingComma => lang
                .pick(
                    "erreur de syntaxe : il manque une virgule `,` à la fin de cet élément",
                    "syntax error: a comma `,` is missing at the end of this item",
                )
                .into(),
            UnclosedText => lang
                .pick(
                    "erreur de syntaxe : ce texte n'est pas fermé : il manque le guillemet `\"` avant cette virgule",
                    "syntax error: this text is not closed: the quote `\"` is missing before this comma",
                )
                .into(),
            TypographicQuotes { found } => {
                if fr {
                    format!("erreur de syntaxe : `{found}` n'ouvre ni ne ferme un texte : un texte s'écrit entre guillemets droits \"…\"")
                } else {
                    format!("syntax error: `{found}` neither opens nor closes a text: texts are written between straight quotes \"…\"")
                }
            }
            TooDeep => lang
                .pick(
                    "trop de parenthèses ou crochets imbriqués",
                    "too many nested brackets or parentheses",
                )
                .into(),
            UnknownField { found, .. } => {
                if fr {
                    format!("champ inconnu `{found}`")
                } else {
                    format!("unknown field `{found}`")
                }
            }
            MissingField { field, inside } => match (fr, inside) {
                (true, Some(i)) => format!("il manque le champ `{field}` dans `{i}`"),
                (true, None) => format!("il manque le champ `{field}`"),
                (false, Some(i)) => format!("missing field `{field}` in `{i}`"),
                (false, None) => format!("missing field `{field}`"),
            },
            DuplicateField { field } => {
                if fr {
                    format!("le champ `{field}` est écrit deux fois")
                } else {
                    format!("field `{field}` is written twice")
                }
            }
            UnknownVariant { found, kind, .. } => {
                let kind = kind.as_deref().map(|k| kind_name(k, lang));
                match (fr, kind) {
                    (true, Some(k)) => format!("{k} inconnu : `{found}`"),
                    (true, None) => format!("valeur inconnue `{found}`"),
                    (false, Some(k)) => format!("unknown {k} `{found}`"),
                    (false, None) => format!("unknown value `{found}`"),
                }
            }
            WrongType { expected, found } => {
                if fr {
                    format!("type incorrect : attendu {expected}, trouvé {found}")
                } else {
                    format!("wrong type: expected {expected}, found {found}")
                }
            }
            NotATextPair => lang
                .pick(
                    "un texte s'écrit (fr: \"…\", en: \"…\")",
                    "a text is written (fr: \"…\", en: \"…\")",
                )
                .into(),
            UnknownFileKind { found } => {
                if fr {
                    format!(
                        "`{found}` : ce fichier n'est ni un niveau, ni une campagne, ni un glossaire"
                    )
                } else {
                    format!("`{found}`: this file is neither a level, a campaign nor a glossary")
                }
            }
            UnsupportedFormat { found, supported } => {
                if fr {
                    format!("format {found} inconnu : cette version lit le format {supported}")
                } else {
                    format!("unknown format {found}: this version reads format {supported}")
                }
            }
            NoScenes => lang
                .pick("le niveau n'a aucune scène", "the level has no scene")
                .into(),
            NoEnding => lang
                .pick(
                    "le niveau n'a aucune scène `End`",
                    "the level has no `End` scene",
                )
                .into(),
            BadId { id } => {
                if fr {
                    format!("identifiant `{id}` invalide")
                } else {
                    format!("invalid id `{id}`")
                }
            }
            DuplicateScene { id, .. } => {
                if fr {
                    format!("deux scènes s'appellent `{id}`")
                } else {
                    format!("two scenes are called `{id}`")
                }
            }
            UnknownScene { id, .. } => {
                if fr {
                    format!("la scène `{id}` n'existe pas")
                } else {
                    format!("scene `{id}` does not exist")
                }
            }
            MissingTranslation { lang: missing } => match (fr, missing) {
                (true, Lang::En) => "traduction anglaise manquante (`en`)".into(),
                (true, Lang::Fr) => "texte français manquant (`fr`)".into(),
                (false, Lang::En) => "missing English translation (`en`)".into(),
                (false, Lang::Fr) => "missing French text (`fr`)".into(),
            },
            EmptyText => lang.pick("texte vide", "empty text").into(),
            OptionCount { count } => {
                if fr {
                    format!("{count} option(s) : une scène à choix en propose de 2 à 4")
                } else {
                    format!("{count} option(s): a choice offers 2 to 4")
                }
            }
            QuizWithoutRightAnswer => lang
                .pick(
                    "ce quiz n'a aucune bonne réponse",
                    "this quiz has no right answer",
                )
                .into(),
            FormWithoutFields => lang
                .pick("ce formulaire n'a aucun champ", "this form has no field")
                .into(),
            RepeatedField { data } => {
                if fr {
                    format!("la donnée `{data}` est demandée deux fois")
                } else {
                    format!("data `{data}` is asked twice")
                }
            }
            ShareWithoutRecipient => lang
                .pick(
                    "des données partent, mais on ne sait pas vers qui",
                    "data leaves, but it is not said to whom",
                )
                .into(),
            StarsOrder { two, three } => {
                if fr {
                    format!("seuils d'étoiles incohérents (two: {two}, three: {three})")
                } else {
                    format!("inconsistent star thresholds (two: {two}, three: {three})")
                }
            }
            UnknownTerm { id, .. } => {
                if fr {
                    format!("le terme `{id}` n'est pas dans le glossaire")
                } else {
                    format!("term `{id}` is not in the glossary")
                }
            }
            UnknownLevel { id, .. } => {
                if fr {
                    format!("aucun niveau ne s'appelle `{id}`")
                } else {
                    format!("no level is called `{id}`")
                }
            }
            UnknownPortrait { id, .. } => {
                if fr {
                    format!("aucun portrait ne s'appelle `{id}`")
                } else {
                    format!("no portrait is called `{id}`")
                }
            }
            CastNameUnused { name, .. } => {
                if fr {
                    format!("`{name}` ne parle ni n'apparaît dans ce niveau")
                } else {
                    format!("`{name}` neither speaks nor appears in this level")
                }
            }
            UndrawableCharacter { ch } => {
                let code = *ch as u32;
                if fr {
                    format!(
                        "le jeu ne sait pas dessiner « {ch} » (U+{code:04X}) : les élèves verraient un carré vide"
                    )
                } else {
                    format!(
                        "the game cannot draw \"{ch}\" (U+{code:04X}): pupils would see an empty box"
                    )
                }
            }
            LaterLevel { id } => {
                if fr {
                    format!(
                        "le niveau `{id}` vient après celui-ci : cette condition sera toujours fausse"
                    )
                } else {
                    format!("level `{id}` comes after this one: this condition is always false")
                }
            }
            FlagNeverSet { flag, .. } => {
                if fr {
                    format!(
                        "le drapeau `{flag}` n'est jamais posé : cette condition est toujours fausse"
                    )
                } else {
                    format!("flag `{flag}` is never set: this condition is always false")
                }
            }
            FlagNeverRead { flag } => {
                if fr {
                    format!("le drapeau `{flag}` n'est jamais utilisé dans une condition")
                } else {
                    format!("flag `{flag}` is never used in a condition")
                }
            }
            FewQuestions { count } => {
                if fr {
                    format!("{count} question(s) de débat : prévoyez-en de 2 à 4")
                } else {
                    format!("{count} discussion question(s): write 2 to 4")
                }
            }
            NoSources => lang
                .pick(
                    "le débrief ne cite aucune source",
                    "the debrief cites no source",
                )
                .into(),
            BadUrl { url } => {
                if fr {
                    format!("adresse de source douteuse : `{url}`")
                } else {
                    format!("doubtful source address: `{url}`")
                }
            }
            Unreachable { id } => {
                if fr {
                    format!("la scène `{id}` n'est jamais atteinte")
                } else {
                    format!("scene `{id}` is never reached")
                }
            }
            Stuck { id } => {
                if fr {
                    format!("depuis la scène `{id}`, aucune fin n'est atteignable")
                } else {
                    format!("from scene `{id}`, no ending can be reached")
                }
            }
            NoOptionAvailable { id } => {
                if fr {
                    format!("la scène `{id}` peut n'afficher aucune option : le joueur est bloqué")
                } else {
                    format!("scene `{id}` can show no option at all: the player is stuck")
                }
            }
            NoSuccess => lang
                .pick(
                    "aucune fin `Success` n'est atteignable : ce niveau ne peut pas être gagné",
                    "no `Success` ending can be reached: this level cannot be won",
                )
                .into(),
            StarUnreachable {
                stars,
                needed,
                best,
            } => {
                if fr {
                    format!(
                        "{stars} étoiles impossibles : il faut {needed} points, le meilleur score possible est {best}"
                    )
                } else {
                    format!(
                        "{stars} stars cannot be earned: they need {needed} points, the best possible score is {best}"
                    )
                }
            }
            NothingSharedWins { score, stars, .. } => {
                if fr {
                    format!(
                        "un élève qui ne partage rien du tout réussit la mission ({stars} étoile(s), score {score})"
                    )
                } else {
                    format!(
                        "a pupil who shares nothing at all succeeds ({stars} star(s), score {score})"
                    )
                }
            }
            RefusalCannotFinish => lang
                .pick(
                    "un élève qui ne partage rien du tout ne peut atteindre aucune fin",
                    "a pupil who shares nothing at all cannot reach any ending",
                )
                .into(),
            BestIsLongest {
                langs,
                count,
                total,
                scenes,
            } => {
                let langs = langs
                    .iter()
                    .map(|l| match (l, fr) {
                        (Lang::Fr, true) => "en français",
                        (Lang::En, true) => "en anglais",
                        (Lang::Fr, false) => "in French",
                        (Lang::En, false) => "in English",
                    })
                    .collect::<Vec<_>>()
                    .join(if fr { " et " } else { " and " });
                let names = list(scenes);
                if fr {
                    format!(
                        "la meilleure option est la plus longue dans {count} décision(s) sur {total} ({langs}) : {names}"
                    )
                } else {
                    format!(
                        "the best option is the longest in {count} of {total} decision(s) ({langs}): {names}"
                    )
                }
            }
            BestNeverShares { total } => {
                if fr {
                    format!(
                        "aucune meilleure option ne partage quoi que ce soit ({total} décision(s))"
                    )
                } else {
                    format!("no best option shares anything ({total} decision(s))")
                }
            }
            CallbackPunishesRight { data, level } => {
                if fr {
                    format!(
                        "ce rappel punit un élève qui a bien joué : tout chemin réussi de `{level}` partage `{data}`"
                    )
                } else {
                    format!(
                        "this callback punishes a pupil who did right: every successful path of `{level}` shares `{data}`"
                    )
                }
            }
            CardWithoutSetup { id } => {
                if fr {
                    format!(
                        "la décision `{id}` peut être tirée en carte de duel sans sa mise en situation"
                    )
                } else {
                    format!("decision `{id}` can be dealt as a duel card without its situation")
                }
            }
            CarelessWins { stars, score } => {
                if fr {
                    format!("un élève imprudent peut obtenir {stars} étoiles (score {score})")
                } else {
                    format!("a careless pupil can get {stars} stars (score {score})")
                }
            }
            LoopWithEffects { id, .. } => {
                if fr {
                    format!("la boucle qui passe par `{id}` change les jauges à chaque tour")
                } else {
                    format!("the loop through `{id}` changes the meters on every round")
                }
            }
            MeterOutOfRange {
                meter,
                value,
                path,
                repeated_loop,
                ..
            } => meter_message(meter, *value, path, repeated_loop.as_deref(), lang),
            TooManyStates { limit } => {
                if fr {
                    format!("niveau trop complexe : exploration arrêtée après {limit} états")
                } else {
                    format!("level too complex: exploration stopped after {limit} states")
                }
            }
            MissingLevelFile { path } => {
                if fr {
                    format!("le fichier de niveau `{path}` est introuvable")
                } else {
                    format!("level file `{path}` not found")
                }
            }
            DuplicateLevel { id } => {
                if fr {
                    format!("deux niveaux ont l'identifiant `{id}`")
                } else {
                    format!("two levels have the id `{id}`")
                }
            }
            DuplicateTerm { id } => {
                if fr {
                    format!("le terme `{id}` est défini deux fois")
                } else {
                    format!("term `{id}` is defined twice")
                }
            }
            NotInCampaign { file } => {
                if fr {
                    format!("`{file}` n'est pas listé dans campaign.ron : il ne sera pas joué")
                } else {
                    format!("`{file}` is not listed in campaign.ron: it will not be played")
                }
            }
            NoLevelFiles => lang
                .pick(
                    "aucun fichier .ron dans ce dossier",
                    "no .ron file in this folder",
                )
                .into(),
        }
    }

    /// A one-line explanation of the rule behind the message.
    pub fn note(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let s = match self {
            TooBig { .. } => lang.pick(
                "un niveau fait quelques dizaines de Ko ; un fichier aussi gros n'est pas un niveau",
                "a level is a few tens of kB; a file this big is not a level",
            ),
            NotUtf8 => lang.pick(
                "enregistrez le fichier en UTF-8 (c'est le choix par défaut de la plupart des éditeurs)",
                "save the file as UTF-8 (the default of most editors)",
            ),
            TooDeep => lang.pick(
                "un niveau n'a besoin que de quelques niveaux d'imbrication",
                "a level needs only a few levels of nesting",
            ),
            UnknownScene { .. } => lang.pick(
                "`next`, `incomplete`, `wrong` et `start` doivent nommer l'`id` d'une scène du niveau",
                "`next`, `incomplete`, `wrong` and `start` must name the `id` of a scene of the level",
            ),
            DuplicateScene { .. } => lang.pick(
                "chaque scène a un `id` unique, sinon `next` ne sait pas où aller",
                "each scene needs a unique `id`, otherwise `next` cannot know where to go",
            ),
            BadId { .. } => lang.pick(
                "un identifiant s'écrit avec des lettres sans accent, des chiffres, - ou _, sans espace (ex. `debut-2`)",
                "an id is made of letters without accents, digits, - or _, with no spaces (e.g. `start-2`)",
            ),
            MissingTranslation { .. } => lang.pick(
                "chaque texte vu par un élève existe en français et en anglais ; en attendant, l'autre langue est affichée",
                "every text a pupil sees exists in French and English; until then the other language is shown",
            ),
            Stuck { .. } => lang.pick(
                "chaque chemin doit finir sur une scène `End` ; vérifiez les boucles et les conditions",
                "every path must end on an `End` scene; check loops and conditions",
            ),
            NoOptionAvailable { .. } => lang.pick(
                "toutes les options ont une condition `when` et aucune n'est vraie dans ce cas",
                "every option has a `when` condition and none holds in this case",
            ),
            StarUnreachable { .. } => lang.pick(
                "score = (100 + variation de vie privée + points de mission) / 2",
                "score = (100 + privacy change + mission points) / 2",
            ),
            NothingSharedWins { .. } => lang.pick(
                "le jeu apprend à choisir, pas à tout refuser : sans rien partager, la fin est au mieux `Partial` (1 étoile)",
                "the game teaches judgement, not refusal: sharing nothing ends at best `Partial` (1 star)",
            ),
            RefusalCannotFinish => lang.pick(
                "refuser doit rester possible : l'élève qui refuse tout doit pouvoir finir, au mieux sur une fin `Partial`",
                "refusing must stay possible: a pupil who refuses everything must be able to finish, at best on a `Partial` ending",
            ),
            BestIsLongest { .. } => lang.pick(
                "un élève qui choisit toujours la réponse la plus longue ne doit pas gagner sans réfléchir",
                "a pupil who always picks the longest answer must not win without thinking",
            ),
            BestNeverShares { .. } => lang.pick(
                "minimiser n'est pas refuser : partager la bonne donnée avec la bonne personne est souvent le meilleur choix",
                "minimisation is not refusal: sharing the right data with the right person is often the best move",
            ),
            CallbackPunishesRight { .. } => lang.pick(
                "un rappel doit réagir à ce que l'élève a donné au-delà du nécessaire",
                "a callback should react to what the pupil gave beyond what was needed",
            ),
            CardWithoutSetup { .. } => lang.pick(
                "en duel, une décision est lue seule : il lui faut la situation que l'élève aurait lue avant",
                "in a duel a decision is read alone: it needs the situation a pupil would have read before it",
            ),
            CarelessWins { .. } => lang.pick(
                "chemin imprudent : tout cocher dans les formulaires et prendre les options `risky: true`",
                "careless path: tick every field and take the `risky: true` options",
            ),
            ShareWithoutRecipient => lang.pick(
                "l'empreinte retient qui détient chaque donnée",
                "the footprint records who holds each item",
            ),
            _ => return None,
        };
        Some(s.to_string())
    }

    /// A suggested fix.
    pub fn help(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let fr = lang == Lang::Fr;
        match self {
            UnknownField {
                suggestion,
                expected,
                ..
            } => did_you_mean(lang, suggestion).or_else(|| {
                (!expected.is_empty()).then(|| {
                    if fr {
                        format!("champs possibles : {}", list(expected))
                    } else {
                        format!("possible fields: {}", list(expected))
                    }
                })
            }),
            UnknownVariant {
                suggestion,
                expected,
                ..
            } => did_you_mean(lang, suggestion).or_else(|| {
                (!expected.is_empty()).then(|| {
                    if fr {
                        format!("valeurs possibles : {}", list(expected))
                    } else {
                        format!("possible values: {}", list(expected))
                    }
                })
            }),
            MissingField { field, .. } => Some(if fr {
                format!("ajoutez `{field}: …`")
            } else {
                format!("add `{field}: …`")
            }),
            UnknownScene { suggestion, .. }
            | UnknownTerm { suggestion, .. }
            | UnknownLevel { suggestion, .. }
            | CastNameUnused { suggestion, .. }
            | FlagNeverSet { suggestion, .. } => did_you_mean(lang, suggestion),
            UndrawableCharacter { .. } => Some(lang.pick(
                "dites-le en mots, ou prenez un emoji de la liste de docs/levels.md (§ 12, « Les emoji »)",
                "say it in words, or pick an emoji from the list in docs/levels.en.md (§ 12, \"Emoji\")",
            ).into()),
            UnknownPortrait { suggestion, .. } => did_you_mean(lang, suggestion).or_else(|| {
                Some(lang.pick(
                    "la liste des portraits est dans docs/levels.md (« La distribution »)",
                    "the portraits are listed in docs/levels.md (\"The cast\")",
                ).into())
            }),
            DuplicateScene { first_line, .. } => Some(if fr {
                format!("la première est à la ligne {first_line} : renommez l'une des deux")
            } else {
                format!("the first one is on line {first_line}: rename one of them")
            }),
            MissingTranslation { lang: missing } => Some(match (fr, missing) {
                (true, Lang::En) => "ajoutez `en: \"…\"`".into(),
                (true, Lang::Fr) => "ajoutez `fr: \"…\"`".into(),
                (false, Lang::En) => "add `en: \"…\"`".into(),
                (false, Lang::Fr) => "add `fr: \"…\"`".into(),
            }),
            UnclosedText => Some(lang.pick(
                "fermez le texte ici : `\"Bonjour.\", en: \"Hello.\"` ; chaque texte s'ouvre et se ferme par un guillemet droit",
                "close the text here: `\"Bonjour.\", en: \"Hello.\"`; every text opens and closes with a straight quote",
            ).into()),
            MissingComma => Some(lang.pick(
                "ajoutez `,` ici : dans une liste `[…]` ou entre deux champs, chaque élément se termine par une virgule",
                "add `,` here: in a list `[…]` or between two fields, every item ends with a comma",
            ).into()),
            TypographicQuotes { .. } => Some(lang.pick(
                "entourez le texte de guillemets droits \" (touche 3 du clavier) ; à l'intérieur, « » et “ ” sont permis : (fr: \"Il a dit « non ».\", en: \"He said “no”.\")",
                "put the text between straight quotes \" ; inside it, « » and “ ” are allowed: (fr: \"Il a dit « non ».\", en: \"He said “no”.\")",
            ).into()),
            NotATextPair => Some(lang.pick(
                "exemple : text: (fr: \"Bonjour\", en: \"Hello\")",
                "example: text: (fr: \"Bonjour\", en: \"Hello\")",
            ).into()),
            UnsupportedFormat { supported, .. } => Some(format!("format: {supported}")),
            ShareWithoutRecipient => Some(lang.pick(
                "ajoutez `to: \"…\"` à l'option",
                "add `to: \"…\"` to the option",
            ).into()),
            StarsOrder { .. } => Some(lang.pick(
                "il faut 0 ≤ two ≤ three ≤ 100, par exemple stars: (two: 60, three: 85)",
                "use 0 ≤ two ≤ three ≤ 100, e.g. stars: (two: 60, three: 85)",
            ).into()),
            StarUnreachable { best, .. } => Some(if fr {
                format!("abaissez le seuil à {best} au plus, ou donnez plus de points de mission")
            } else {
                format!("lower the threshold to at most {best}, or give more mission points")
            }),
            NoEnding => Some(lang.pick(
                "ajoutez une scène End(id: \"fin\", outcome: Success, text: (fr: \"…\", en: \"…\"))",
                "add a scene End(id: \"end\", outcome: Success, text: (fr: \"…\", en: \"…\"))",
            ).into()),
            Stuck { .. } => Some(lang.pick(
                "donnez une sortie à cette boucle : un `next` (ou une option) qui mène vers une fin",
                "give this loop a way out: a `next` (or an option) that leads to an ending",
            ).into()),
            MeterOutOfRange {
                meter,
                repeated_loop,
                main_scene,
                ..
            } => Some(meter_help(meter, repeated_loop.as_deref(), main_scene.as_deref(), lang)),
            LoopWithEffects { permissions: Some(p), .. } => Some(if fr {
                format!("sur l'écran `Permissions` `{p}`, ce qui est coché part même s'il manque une autorisation `needed` : chaque « Réessayer » le renvoie. Faites mener `incomplete` vers la suite (sans les points de `mission`), ou utilisez un `Share`, qui n'envoie rien tant qu'il manque un champ")
            } else {
                format!("on the `Permissions` screen `{p}`, what is ticked leaves even when a `needed` permission is missing: each \"Try again\" sends it again. Make `incomplete` lead on (without the `mission` points), or use a `Share`, which sends nothing while a field is missing")
            }),
            LoopWithEffects { permissions: None, .. } => Some(lang.pick(
                "un élève peut refaire ce tour autant qu'il veut, et chaque tour recompte les points : mettez les coûts et les points dans une scène hors de la boucle",
                "a pupil can go round as often as they like, and each round counts the points again: put the costs and points in a scene outside the loop",
            ).into()),
            NoSuccess => Some(lang.pick(
                "au moins un chemin doit mener à une fin `outcome: Success`",
                "at least one path must lead to an `outcome: Success` ending",
            ).into()),
            NoOptionAvailable { .. } => Some(lang.pick(
                "ajoutez une option sans `when`",
                "add an option without `when`",
            ).into()),
            QuizWithoutRightAnswer => Some(lang.pick(
                "marquez au moins une réponse `correct: true`",
                "mark at least one answer `correct: true`",
            ).into()),
            Unreachable { .. } => Some(lang.pick(
                "reliez-la avec un `next`, ou supprimez-la",
                "link it with a `next`, or delete it",
            ).into()),
            NothingSharedWins { fake_form: false, .. } => Some(lang.pick(
                "faites passer la réussite par un partage utile : un champ `needed: true` dont le refus mène à une fin `Partial`, ou une meilleure option avec `share`",
                "make success go through a useful share: a `needed: true` field whose refusal leads to a `Partial` ending, or a best option with `share`",
            ).into()),
            NothingSharedWins { fake_form: true, .. } => Some(lang.pick(
                "aucun champ n'est `needed` ici (une arnaque, un faux formulaire ?) : refuser le piège est juste, mais ne doit pas suffire. Faites passer la réussite par le bon partage avec la bonne personne : prévenir un adulte (`share: [Phone], to: \"ta mère\"`), ou se connecter au vrai service (un `Share` avec `needed: true`) ; et faites finir le simple refus sur une fin `Partial`",
                "no field is `needed` here (a scam, a fake form?): refusing the trap is right, but must not be enough. Make success go through the right share with the right person: telling an adult (`share: [Phone], to: \"your mum\"`), or logging in to the real service (a `Share` with `needed: true`); and make plain refusal end on a `Partial` ending",
            ).into()),
            RefusalCannotFinish => Some(lang.pick(
                "donnez à chaque choix une option sans `share`, et à chaque formulaire un `incomplete` qui mène à une fin",
                "give every choice an option without `share`, and every form an `incomplete` that leads to an ending",
            ).into()),
            BestIsLongest { .. } => Some(lang.pick(
                "raccourcissez la meilleure option ou rendez une option risquée plus longue et plus tentante",
                "shorten the best option, or make a risky option longer and more tempting",
            ).into()),
            BestNeverShares { .. } => Some(lang.pick(
                "ajoutez une décision où la meilleure option partage ce qu'il faut avec qui il faut : `share: [Address], to: \"ta mère\"`",
                "add a decision whose best option shares what is needed with the right person: `share: [Address], to: \"your mum\"`",
            ).into()),
            CallbackPunishesRight { data, level } => Some(if fr {
                format!("testez une donnée que `{level}` ne demande pas (un champ sans `needed: true`), ou un drapeau posé par une option risquée, au lieu de `{data}`")
            } else {
                format!("test data that `{level}` does not need (a field without `needed: true`), or a flag set by a risky option, instead of `{data}`")
            }),
            CardWithoutSetup { .. } => Some(lang.pick(
                "ajoutez `context: (fr: \"…\", en: \"…\")` à la scène, ou faites-la précéder d'une scène `Story`",
                "add `context: (fr: \"…\", en: \"…\")` to the scene, or put a `Story` scene before it",
            ).into()),
            CarelessWins { .. } => Some(lang.pick(
                "augmentez les seuils d'étoiles ou le coût des options imprudentes",
                "raise the star thresholds or the cost of careless options",
            ).into()),
            BadUrl { .. } => Some(lang.pick(
                "une source est une adresse https:// (CNIL de préférence)",
                "a source is an https:// address (CNIL preferred)",
            ).into()),
            TooBig { .. } | Empty => Some(lang.pick(
                "partez du modèle docs/template.ron",
                "start from the template docs/template.ron",
            ).into()),
            NotInCampaign { file } => Some(if fr {
                format!("ajoutez \"{file}\" à un chapitre de campaign.ron")
            } else {
                format!("add \"{file}\" to a chapter of campaign.ron")
            }),
            _ => None,
        }
    }
}

/// W013: the value, then the numbers that add up to it along one path.
fn meter_message(
    meter: &str,
    value: i32,
    path: &[MeterChange],
    repeated_loop: Option<&str>,
    lang: Lang,
) -> String {
    let fr = lang == Lang::Fr;
    let privacy = meter == "privacy";
    let name = match (privacy, fr) {
        (true, true) => "vie privée",
        (true, false) => "privacy",
        (false, _) => "mission",
    };
    let steps: Vec<&MeterChange> = path.iter().filter(|c| c.change != 0).collect();
    let mut sum = if privacy {
        "100".to_string()
    } else {
        String::new()
    };
    for c in &steps {
        let sign = if c.change < 0 {
            " − "
        } else if sum.is_empty() {
            ""
        } else {
            " + "
        };
        let how = match &c.how {
            MeterHow::Option(t) => format!(" : « {} »", shorten(t.get(lang), 40)),
            MeterHow::EverythingTicked => lang.pick(", tout coché", ", everything ticked").into(),
            MeterHow::RightAnswer => lang.pick(", bonne réponse", ", right answer").into(),
            MeterHow::Other => String::new(),
        };
        let how = if fr {
            how
        } else {
            how.replace(" : « ", ": \"").replace(" »", "\"")
        };
        sum.push_str(&format!("{sign}{} (`{}`{how})", c.change.abs(), c.scene));
    }
    match (repeated_loop, fr) {
        (Some(l), true) => format!(
            "la jauge {name} n'a pas de limite : la boucle qui passe par `{l}` la fait {} à chaque tour{}",
            if privacy { "baisser" } else { "monter" },
            if steps.is_empty() {
                String::new()
            } else {
                format!(" (avant la boucle : {sum})")
            }
        ),
        (Some(l), false) => format!(
            "the {name} meter has no limit: the loop through `{l}` {} it each time round{}",
            if privacy { "lowers" } else { "raises" },
            if steps.is_empty() {
                String::new()
            } else {
                format!(" (before the loop: {sum})")
            }
        ),
        (None, true) => format!(
            "la jauge {name} peut {} {value} (elle va de 0 à 100) : {sum} = {value}",
            if privacy { "descendre à" } else { "monter à" }
        ),
        (None, false) => format!(
            "the {name} meter can {} {value} (it goes from 0 to 100): {sum} = {value}",
            if privacy { "fall to" } else { "rise to" }
        ),
    }
}

fn meter_help(meter: &str, repeated_loop: Option<&str>, main: Option<&str>, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let main = main.unwrap_or("?");
    match (meter == "privacy", repeated_loop.is_some(), fr) {
        (_, true, true) => "un coût ou des points dans une boucle comptent à chaque tour : mettez-les dans une scène avant ou après la boucle, pour qu'ils ne comptent qu'une fois".into(),
        (_, true, false) => "a cost or points inside a loop count each time round: move them to a scene before or after the loop, so they count once".into(),
        (true, false, true) => format!("tout ce qu'un élève imprudent partage sur un même chemin doit coûter 100 points au plus : partagez moins à `{main}` (moins de champs, des données moins sensibles, un `privacy:` plus faible), ou mettez ces partages sur des chemins différents"),
        (true, false, false) => format!("everything a careless pupil shares along one path must cost 100 points at most: share less at `{main}` (fewer fields, less sensitive data, a smaller `privacy:`), or put these shares on different paths"),
        (false, false, true) => format!("un même chemin rapporte 100 points de `mission` au plus : donnez moins de points à `{main}`"),
        (false, false, false) => format!("one path earns 100 `mission` points at most: give fewer points at `{main}`"),
    }
}

/// The first `max` characters of `text`, with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>().trim_end())
    }
}

/// A readable name for the enum a value belongs to, from the Rust type name RON reports.
fn kind_name(kind: &str, lang: Lang) -> String {
    let (fr, en) = match kind {
        "DataKind" => ("type de donnée", "data kind"),
        "Scene" => ("type de scène", "scene kind"),
        "Topic" => ("thème", "topic"),
        "Outcome" => ("type de fin", "ending outcome"),
        "Cond" => ("type de condition", "condition"),
        "Who" => ("auteur de message", "message author"),
        other => return other.to_string(),
    };
    lang.pick(fr, en).to_string()
}

/// Our wording of RON's syntax errors, in the teacher's language.
pub fn syntax_message(e: &RonError, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let (f, en): (String, String) = match e {
        RonError::Eof => (
            "fin du fichier inattendue : une parenthèse, un crochet ou un guillemet n'est pas fermé".into(),
            "unexpected end of file: a bracket or a quote is not closed".into(),
        ),
        RonError::ExpectedComma => (
            "une virgule `,` est attendue entre deux éléments".into(),
            "a comma `,` is expected between two items".into(),
        ),
        RonError::ExpectedStructLikeEnd | RonError::ExpectedOptionEnd => (
            "une parenthèse fermante `)` est attendue".into(),
            "a closing `)` is expected".into(),
        ),
        RonError::ExpectedArray => ("un crochet ouvrant `[` est attendu".into(), "an opening `[` is expected".into()),
        RonError::ExpectedArrayEnd => ("un crochet fermant `]` est attendu".into(), "a closing `]` is expected".into()),
        RonError::ExpectedMapColon => ("deux-points `:` attendus après le nom du champ".into(), "a colon `:` is expected after the field name".into()),
        RonError::ExpectedString => ("un texte entre guillemets \"…\" est attendu".into(), "a quoted string \"…\" is expected".into()),
        RonError::ExpectedStringEnd => ("guillemet fermant `\"` manquant".into(), "missing closing quote `\"`".into()),
        RonError::ExpectedInteger => ("un nombre entier est attendu".into(), "a whole number is expected".into()),
        RonError::ExpectedBoolean => ("`true` ou `false` est attendu".into(), "`true` or `false` is expected".into()),
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => (
            "une parenthèse ouvrante `(` est attendue".into(),
            "an opening `(` is expected".into(),
        ),
        RonError::ExpectedIdentifier => ("un nom (identifiant) est attendu".into(), "a name (identifier) is expected".into()),
        RonError::UnexpectedChar(c) => (format!("caractère inattendu `{c}`"), format!("unexpected character `{c}`")),
        RonError::TrailingCharacters => (
            "texte en trop après la fin : une parenthèse fermée trop tôt ?".into(),
            "extra text after the end: a bracket closed too early?".into(),
        ),
        RonError::UnclosedBlockComment => ("commentaire `/*` jamais fermé par `*/`".into(), "comment `/*` never closed by `*/`".into()),
        RonError::InvalidEscape(s) => (format!("séquence d'échappement invalide ({s})"), format!("invalid escape ({s})")),
        RonError::IntegerOutOfBounds => (
            "nombre hors limites (trop grand, ou négatif là où il faut un nombre positif)".into(),
            "number out of range (too large, or negative where a positive number is needed)".into(),
        ),
        RonError::ExpectedDifferentStructName { expected, found } => (
            format!("`{found}` trouvé, `{expected}` attendu"),
            format!("found `{found}`, expected `{expected}`"),
        ),
        RonError::ExpectedDifferentLength { expected, found } => (
            format!("{found} élément(s) trouvé(s), attendu : {expected}"),
            format!("found {found} item(s), expected {expected}"),
        ),
        RonError::Message(m) => (m.clone(), m.clone()),
        other => (other.to_string(), other.to_string()),
    };
    if fr { f } else { en }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_str_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc", "é\nà"] {
            let lines = Lines::new(text);
            let want: Vec<&str> = text.lines().collect();
            let got: Vec<&str> = (1..=want.len() + 1).filter_map(|n| lines.line(n)).collect();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(lines.line(0), None);
        }
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::new(
            "levels/a.ron",
            Some(Span {
                start: Pos { line: 2, col: 11 },
                end: Pos { line: 2, col: 19 },
            }),
            Problem::UnknownScene {
                id: "sceen2".into(),
                suggestion: Some("scene2".into()),
            },
        );
        let src = "Level(\n    next: \"sceen2\",\n)";
        let fr = d.render(Some(src), Lang::Fr);
        assert!(
            fr.starts_with("levels/a.ron:2:11: erreur[E024] : la scène `sceen2` n'existe pas\n"),
            "{fr}"
        );
        assert!(
            fr.contains("2 |     next: \"sceen2\",\n  |           ^^^^^^^^\n"),
            "{fr}"
        );
        assert!(fr.contains("= aide : vouliez-vous dire `scene2` ?"), "{fr}");
        let en = d.render(Some(src), Lang::En);
        assert!(en.starts_with("levels/a.ron:2:11: error[E024]: scene `sceen2` does not exist"));
        assert!(en.contains("= help: did you mean `scene2`?"));
    }
}
