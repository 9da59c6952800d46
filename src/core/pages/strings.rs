//! The proofreading and translation spreadsheet (`agent-trace strings export|import`).
//!
//! Every bilingual text of a level, campaign or glossary file is found by reading the RON
//! text itself, not the parsed model: writing a corrected text back then replaces only its
//! string literal, and comments, layout and every other text stay byte for byte as written.
//!
//! A text is any `(fr: "…", en: "…")` group, either half possibly missing: a `Text` or a
//! translated `Name` of the model, which are the only values with `fr`/`en` fields. Its id
//! is its path in the file, where a list element with an `id` field is named by it
//! (`scenes[marche-annonce].options[1].text`): adding, removing or moving other scenes never
//! changes it. Elements without an id (options, chapters) keep their index.
//!
//! The sheet is a CSV file that LibreOffice Calc opens as it is: UTF-8 with a byte-order mark,
//! commas, RFC 4180 quotes (doubled inside, around any field with a comma, quote, semicolon
//! or line break), CRLF row ends, a header row. Columns: file, id, French, English, check. The
//! check holds the FNV-1a hash of both texts as exported (`fr:1a2b3c4d en:5e6f7a8b`), so the
//! import tells a cell edited in the sheet from a text changed in the file since the export
//! ([`merge`]) without copying every text twice into the sheet.

use crate::core::model::text::Lang;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

/// One language of a bilingual text, as the file writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Half {
    /// The decoded text; `None` when the file leaves this language out.
    pub text: Option<String>,
    /// The string literal, quotes included (bytes of the file).
    literal: Option<Range<usize>>,
    /// Where the field's name (`fr` of `fr: "…"`) starts.
    name_at: Option<usize>,
}

impl Half {
    pub fn as_str(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }
}

/// A bilingual text of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its stable path, e.g. `scenes[debut].text`.
    pub id: String,
    pub fr: Half,
    pub en: Half,
    /// Byte offset of its opening parenthesis.
    pub at: usize,
}

impl Entry {
    pub fn half(&self, lang: Lang) -> &Half {
        lang.pick(&self.fr, &self.en)
    }
}

// ---------------------------------------------------------------------------------------
// Reading the RON text

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    Ident,
    /// A string literal, `"…"` or raw `r#"…"#`.
    Str,
    /// Numbers, booleans, characters, byte strings.
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
}

/// The tokens of a RON text with their byte ranges; comments and `#![…]` attributes are
/// skipped. Never panics on any input: an unclosed string or comment runs to the end.
struct Lexer<'a> {
    src: &'a [u8],
    at: usize,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.at + ahead).copied()
    }

    /// A one-byte token.
    fn one(&mut self, kind: Tok) -> Tok {
        self.at += 1;
        kind
    }

    fn line_comment(&mut self) {
        while self.peek(0).is_some_and(|b| b != b'\n') {
            self.at += 1;
        }
    }

    /// `/* … */`, nested as RON allows.
    fn block_comment(&mut self) {
        self.at += 2;
        let mut depth = 1;
        while depth > 0 && self.at < self.src.len() {
            match (self.peek(0), self.peek(1)) {
                (Some(b'/'), Some(b'*')) => depth += 1,
                (Some(b'*'), Some(b'/')) => depth -= 1,
                _ => {
                    self.at += 1;
                    continue;
                }
            }
            self.at += 2;
        }
    }

    /// `#![enable(…)]`: up to the bracket that closes the first one.
    fn attribute(&mut self) {
        let mut depth = 0;
        while let Some(b) = self.peek(0) {
            self.at += 1;
            match b {
                b'[' => depth += 1,
                b']' if depth <= 1 => return,
                b']' => depth -= 1,
                _ => {}
            }
        }
    }

    /// A `"…"` or `'…'` literal, escapes skipped.
    fn quoted(&mut self, quote: u8) {
        self.at += 1;
        while let Some(b) = self.peek(0) {
            self.at += 1;
            if b == b'\\' {
                self.at = (self.at + 1).min(self.src.len());
            } else if b == quote {
                return;
            }
        }
    }

    /// Whether `r"`, `r#"`, `r##"`… starts at `self.at + offset` (`r#name` is a raw
    /// identifier, not a string).
    fn raw_string_ahead(&self, offset: usize) -> bool {
        let mut i = self.at + offset + 1;
        while self.src.get(i) == Some(&b'#') {
            i += 1;
        }
        self.src.get(self.at + offset) == Some(&b'r') && self.src.get(i) == Some(&b'"')
    }

    fn raw_string(&mut self) {
        self.at += 1;
        let mut hashes = 0;
        while self.peek(0) == Some(b'#') {
            hashes += 1;
            self.at += 1;
        }
        self.at += 1;
        while let Some(b) = self.peek(0) {
            self.at += 1;
            let closed = (0..hashes).all(|k| self.peek(k) == Some(b'#'));
            if b == b'"' && closed {
                self.at += hashes;
                return;
            }
        }
    }

    /// An identifier, a number or a boolean. Bytes of non-ASCII characters count as letters,
    /// so a word never ends inside a character.
    fn word(&mut self) -> Tok {
        let start = self.at;
        let first = self.src[start];
        let numeric = first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.');
        while let Some(b) = self.peek(0) {
            let part = b.is_ascii_alphanumeric()
                || b >= 0x80
                || matches!(b, b'_' | b'.' | b'#')
                || (numeric && matches!(b, b'-' | b'+'));
            if !part {
                break;
            }
            self.at += 1;
        }
        let word = &self.src[start..self.at];
        if numeric || word == b"true" || word == b"false" {
            Tok::Other
        } else {
            Tok::Ident
        }
    }
}

fn word_start(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || matches!(b, b'_' | b'-' | b'+' | b'.')
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            let start = self.at;
            let b = self.peek(0)?;
            let kind = match b {
                b if b.is_ascii_whitespace() => {
                    self.at += 1;
                    continue;
                }
                b'/' if self.peek(1) == Some(b'/') => {
                    self.line_comment();
                    continue;
                }
                b'/' if self.peek(1) == Some(b'*') => {
                    self.block_comment();
                    continue;
                }
                b'#' => {
                    self.attribute();
                    continue;
                }
                b'(' | b'[' | b'{' => self.one(Tok::Open(b)),
                b')' | b']' | b'}' => self.one(Tok::Close(b)),
                b',' => self.one(Tok::Comma),
                b':' => self.one(Tok::Colon),
                b'"' => {
                    self.quoted(b'"');
                    Tok::Str
                }
                b'\'' => {
                    self.quoted(b'\'');
                    Tok::Other
                }
                b'r' if self.raw_string_ahead(0) => {
                    self.raw_string();
                    Tok::Str
                }
                // Byte strings, b"…" and br"…": never a text.
                b'b' if self.peek(1) == Some(b'"') => {
                    self.at += 1;
                    self.quoted(b'"');
                    Tok::Other
                }
                b'b' if self.raw_string_ahead(1) => {
                    self.at += 1;
                    self.raw_string();
                    Tok::Other
                }
                b if word_start(b) => self.word(),
                _ => {
                    self.at += 1;
                    continue;
                }
            };
            return Some(Token {
                kind,
                start,
                end: self.at,
            });
        }
    }
}

/// A `( … )`, `[ … ]` or `{ … }` being read.
struct Frame {
    path: String,
    close: u8,
    /// The position of the next element (list items, tuple fields, map entries).
    index: usize,
    /// `Some( … )`: what it wraps keeps the path of the option itself.
    some: bool,
    start: usize,
    fr: Half,
    en: Half,
    /// Holds anything but `fr`/`en` string fields: not a text.
    other: bool,
}

impl Frame {
    fn new(path: String, open: u8, start: usize, some: bool) -> Frame {
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        Frame {
            path,
            close,
            index: 0,
            some,
            start,
            fr: Half::default(),
            en: Half::default(),
            other: false,
        }
    }

    fn element_path(&self) -> String {
        if self.some {
            self.path.clone()
        } else {
            format!("{}[{}]", self.path, self.index)
        }
    }

    fn into_entry(self) -> Option<Entry> {
        let texty = self.close == b')' && !self.some && !self.other;
        (texty && (self.fr.literal.is_some() || self.en.literal.is_some())).then_some(Entry {
            id: self.path,
            fr: self.fr,
            en: self.en,
            at: self.start,
        })
    }
}

/// The path of the value about to be read, and its field name's range when it is a field.
struct Pending {
    path: String,
    field: Option<Range<usize>>,
}

/// What a scan finds: the texts with index paths, and the `id` of each list element that
/// has one (`scenes[3]` → `debut`).
#[derive(Default)]
struct Found {
    entries: Vec<Entry>,
    ids: Vec<(String, String)>,
}

fn decode(literal: &str) -> Option<String> {
    ron::from_str::<String>(literal).ok()
}

/// Records a value read directly inside `parent`: a `fr`/`en` string makes a text half,
/// anything else means `parent` is not a text; a list element's `id` string names it.
fn note_value(parent: &mut Frame, value: &Pending, t: Token, src: &str, found: &mut Found) {
    if parent.close != b')' || parent.some {
        return;
    }
    let name = value.field.clone().map(|r| (&src[r.clone()], r.start));
    let text = (t.kind == Tok::Str)
        .then(|| decode(&src[t.start..t.end]))
        .flatten();
    if let (Some(("id", _)), Some(id)) = (name, &text)
        && parent.path.ends_with(']')
    {
        found.ids.push((parent.path.clone(), id.clone()));
    }
    let half = match name {
        Some(("fr", at)) => Some((&mut parent.fr, at)),
        Some(("en", at)) => Some((&mut parent.en, at)),
        _ => None,
    };
    match (half, text) {
        (Some((half, at)), Some(text)) if half.literal.is_none() => {
            *half = Half {
                text: Some(text),
                literal: Some(t.start..t.end),
                name_at: Some(at),
            };
        }
        _ => parent.other = true,
    }
}

/// Closes the innermost frame opened by the bracket matching `close` (stray closers are
/// ignored), keeping it when it was a text.
fn close_frame(stack: &mut Vec<Frame>, close: u8, found: &mut Found) {
    if let Some(pos) = stack.iter().rposition(|f| f.close == close) {
        stack.truncate(pos + 1);
        if let Some(entry) = stack.pop().and_then(Frame::into_entry) {
            found.entries.push(entry);
        }
    }
}

fn join_field(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_string()
    } else {
        format!("{base}.{field}")
    }
}

/// Nesting beyond which texts are no longer looked for (a level needs about 10).
const MAX_NESTING: usize = 256;

/// One pass over the tokens with an explicit stack (no recursion: deep nesting is fine).
fn scan(src: &str) -> Found {
    let mut found = Found::default();
    let mut tokens = Lexer {
        src: src.as_bytes(),
        at: 0,
    }
    .peekable();
    let mut stack: Vec<Frame> = Vec::new();
    let mut pending = Some(Pending {
        path: String::new(),
        field: None,
    });
    while let Some(t) = tokens.next() {
        let next = tokens.peek().map(|n| n.kind);
        let value = match (t.kind, pending.take(), stack.last_mut()) {
            (Tok::Comma, _, top) => {
                top.into_iter().for_each(|f| f.index += 1);
                continue;
            }
            (Tok::Close(c), _, _) => {
                close_frame(&mut stack, c, &mut found);
                continue;
            }
            (Tok::Colon, p, _) => {
                pending = p;
                continue;
            }
            (_, Some(p), _) => p,
            (kind, None, Some(top)) if next == Some(Tok::Colon) && top.close != b']' => {
                // A field name (`text:`) or a map key: the value after the colon gets the path.
                let named = top.close == b')' && kind == Tok::Ident;
                pending = Some(Pending {
                    path: if named {
                        join_field(&top.path, &src[t.start..t.end])
                    } else {
                        top.element_path()
                    },
                    field: named.then_some(t.start..t.end),
                });
                tokens.next();
                continue;
            }
            (_, None, Some(top)) => Pending {
                path: top.element_path(),
                field: None,
            },
            (_, None, None) => Pending {
                path: String::new(),
                field: None,
            },
        };
        if let Some(parent) = stack.last_mut() {
            note_value(parent, &value, t, src, &mut found);
        }
        let mut frame = match t.kind {
            Tok::Ident if next == Some(Tok::Open(b'(')) => {
                tokens.next();
                let some = &src[t.start..t.end] == "Some";
                Frame::new(value.path, b'(', t.start, some)
            }
            Tok::Open(open) => Frame::new(value.path, open, t.start, false),
            _ => continue,
        };
        if stack.len() >= MAX_NESTING {
            // Paths this deep would cost time in the square of the depth; no file that
            // parses gets here (RON's recursion limit is far lower).
            frame.path.clear();
            frame.other = true;
        }
        stack.push(frame);
    }
    found
}

/// Whether an element id can stand in a path instead of the index: not empty, and no
/// bracket, dot, comma or line break.
fn usable_id(id: &str) -> bool {
    !id.is_empty() && !id.contains(['[', ']', '.', ',', '\n', '\r'])
}

/// `scenes[3].options[1].text` → `scenes[debut].options[1].text`, with `ids` the usable id
/// of each element path.
fn named_path(path: &str, ids: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(path.len());
    let mut done = 0;
    for (close, _) in path.match_indices(']') {
        let element = &path[..=close];
        match (ids.get(element), element.rfind('[')) {
            (Some(id), Some(open)) => {
                out.push_str(&path[done..=open]);
                out.push_str(id);
                out.push(']');
            }
            _ => out.push_str(&path[done..=close]),
        }
        done = close + 1;
    }
    out.push_str(&path[done..]);
    out
}

/// Every bilingual text of a RON file, in source order, with its stable id.
pub fn entries(src: &str) -> Vec<Entry> {
    let found = scan(src);
    let ids: HashMap<String, String> = found
        .ids
        .into_iter()
        .filter(|(_, id)| usable_id(id))
        .collect();
    let mut entries = found.entries;
    entries.sort_by_key(|e| e.at);
    let named: Vec<String> = entries.iter().map(|e| named_path(&e.id, &ids)).collect();
    // Two texts get one name only in a file `check` refuses (two scenes with one id, or an id
    // that is another scene's index): then indices name them all.
    let mut seen = HashSet::new();
    if named.iter().all(|n| seen.insert(n.as_str())) {
        for (e, name) in entries.iter_mut().zip(named) {
            e.id = name;
        }
    }
    // Index paths are unique in any file RON reads; hostile text keeps the first of a name.
    let mut seen = HashSet::new();
    entries.retain(|e| seen.insert(e.id.clone()));
    entries
}

// ---------------------------------------------------------------------------------------
// Writing texts back

/// `text` as a RON string literal that decodes back to it exactly.
pub fn ron_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A change to a file: these bytes replaced by this text (an empty range inserts).
type Edit = (Range<usize>, String);

/// How to write `text` as the `lang` half of `entry`: replace its literal, or add the field
/// the file left out, next to the other half.
fn edit_for(entry: &Entry, lang: Lang, text: &str) -> Option<Edit> {
    let literal = ron_literal(text);
    if let Some(r) = &entry.half(lang).literal {
        return Some((r.clone(), literal));
    }
    match lang {
        Lang::En => {
            let end = entry.fr.literal.as_ref()?.end;
            Some((end..end, format!(", en: {literal}")))
        }
        Lang::Fr => {
            let at = entry.en.name_at?;
            Some((at..at, format!("fr: {literal}, ")))
        }
    }
}

/// `src` with the edits made (they never overlap: each touches one literal or inserts next
/// to one).
fn apply(src: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(src.len());
    let mut done = 0;
    for (range, text) in edits {
        if range.start < done {
            continue;
        }
        out.push_str(&src[done..range.start]);
        out.push_str(&text);
        done = range.end;
    }
    out.push_str(&src[done..]);
    out
}

/// Line and column (1-based, in characters) of a byte offset, for messages.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

// ---------------------------------------------------------------------------------------
// The check column and the import rule

/// FNV-1a (32 bits) of a text: fixed by its definition, so a sheet exported by one build is
/// read by any other.
pub fn fingerprint(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The texts of a row as they were exported, by fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check {
    pub fr: u32,
    pub en: u32,
}

impl Check {
    pub fn of(fr: &str, en: &str) -> Check {
        Check {
            fr: fingerprint(fr),
            en: fingerprint(en),
        }
    }

    /// `fr:1a2b3c4d en:5e6f7a8b`: letters first, so no spreadsheet reads it as a number.
    pub fn render(self) -> String {
        format!("fr:{:08x} en:{:08x}", self.fr, self.en)
    }

    pub fn parse(s: &str) -> Option<Check> {
        let mut fr = None;
        let mut en = None;
        for part in s.split_whitespace() {
            let (lang, hex) = part.split_once(':')?;
            let value = u32::from_str_radix(hex, 16).ok()?;
            match lang.to_ascii_lowercase().as_str() {
                "fr" => fr = Some(value),
                "en" => en = Some(value),
                _ => return None,
            }
        }
        Some(Check { fr: fr?, en: en? })
    }

    fn get(self, lang: Lang) -> u32 {
        lang.pick(self.fr, self.en)
    }
}

/// What to do with one cell (three-way: the file now, the sheet, the export's fingerprint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// The sheet says what the file says.
    Same,
    /// Edited in the sheet, untouched in the file since the export: written.
    Write,
    /// Untouched in the sheet, changed in the file since the export: the file's text stays.
    KeepFile,
    /// Changed in both: nothing is written, the row is refused.
    Conflict,
}

pub fn merge(file: &str, sheet: &str, exported: u32) -> Merge {
    if file == sheet {
        Merge::Same
    } else if fingerprint(file) == exported {
        Merge::Write
    } else if fingerprint(sheet) == exported {
        Merge::KeepFile
    } else {
        Merge::Conflict
    }
}

/// Why a row of the sheet was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The file has no text with this id (renamed scene, removed option…).
    UnknownId,
    /// The same file and id on an earlier row.
    Duplicate { first_row: usize },
    /// The row changes a text but its check column is empty or damaged.
    NoCheck,
    /// These languages changed both in the sheet and in the file since the export.
    Conflict(Vec<Lang>),
}

impl Refusal {
    pub fn text(&self, lang: Lang) -> String {
        let names = |langs: &[Lang]| {
            let name = |l: &Lang| match (l, lang) {
                (Lang::Fr, Lang::Fr) => "le français",
                (Lang::En, Lang::Fr) => "l'anglais",
                (Lang::Fr, Lang::En) => "the French",
                (Lang::En, Lang::En) => "the English",
            };
            let list: Vec<&str> = langs.iter().map(name).collect();
            list.join(lang.pick(" et ", " and "))
        };
        match (self, lang) {
            (Refusal::UnknownId, Lang::Fr) => "ce texte n'existe plus dans le fichier (scène renommée ou supprimée ?) : exportez à nouveau".into(),
            (Refusal::UnknownId, Lang::En) => "this text is no longer in the file (scene renamed or removed?): export again".into(),
            (Refusal::Duplicate { first_row }, Lang::Fr) => format!("même texte que la ligne {first_row} : une seule ligne par texte"),
            (Refusal::Duplicate { first_row }, Lang::En) => format!("same text as row {first_row}: one row per text"),
            (Refusal::NoCheck, Lang::Fr) => "la colonne « contrôle » est vide ou abîmée : impossible de savoir si le fichier a changé depuis l'export".into(),
            (Refusal::NoCheck, Lang::En) => "the \"check\" column is empty or damaged: cannot tell whether the file changed since the export".into(),
            (Refusal::Conflict(langs), Lang::Fr) => format!("{} a changé dans le fichier depuis l'export, et aussi dans le tableur : reportez la correction à la main dans le fichier, ou exportez à nouveau", names(langs)),
            (Refusal::Conflict(langs), Lang::En) => format!("{} changed in the file since the export, and in the sheet too: make the correction by hand in the file, or export again", names(langs)),
        }
    }
}

/// A row of the sheet that was not written, and where its text is in the file (bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub row: usize,
    pub id: String,
    pub why: Refusal,
    pub at: Option<usize>,
}

/// A row whose texts were written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub row: usize,
    pub id: String,
    pub langs: Vec<Lang>,
    /// Where the first change is in the file (bytes).
    pub at: usize,
}

/// What importing a file's rows does: its new text and the fate of each row that changes
/// something (rows the file already agrees with are neither).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub source: String,
    pub written: Vec<Written>,
    pub refused: Vec<Refused>,
}

impl Plan {
    pub fn changes(&self) -> bool {
        !self.written.is_empty()
    }
}

/// What one row does to its entry: the edits, or why none is made.
fn plan_row(entry: &Entry, row: &SheetRow) -> Result<Vec<(Lang, Edit)>, Refusal> {
    let sheet = [(Lang::Fr, row.fr.as_str()), (Lang::En, row.en.as_str())];
    if sheet.iter().all(|&(l, s)| entry.half(l).as_str() == s) {
        return Ok(Vec::new());
    }
    let check = row.check.ok_or(Refusal::NoCheck)?;
    let mut edits = Vec::new();
    let mut conflicts = Vec::new();
    for (lang, text) in sheet {
        match merge(entry.half(lang).as_str(), text, check.get(lang)) {
            Merge::Write => edits.extend(edit_for(entry, lang, text).map(|e| (lang, e))),
            Merge::Conflict => conflicts.push(lang),
            Merge::Same | Merge::KeepFile => {}
        }
    }
    if conflicts.is_empty() {
        Ok(edits)
    } else {
        Err(Refusal::Conflict(conflicts))
    }
}

/// Where to point for a refused row: the conflicting literal, else the text itself.
fn where_refused(entry: &Entry, why: &Refusal) -> usize {
    let literal = match why {
        Refusal::Conflict(langs) => langs.first().and_then(|&l| entry.half(l).literal.clone()),
        _ => None,
    };
    literal.map_or(entry.at, |r| r.start)
}

/// Applies the sheet's rows for one file to its text `src` (a row whose id is on an earlier
/// row is refused: two versions of one text cannot both win).
pub fn plan(src: &str, rows: &[&SheetRow]) -> Plan {
    let entries = entries(src);
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    let mut edits = Vec::new();
    let mut written = Vec::new();
    let mut refused = Vec::new();
    for row in rows {
        let entry = by_id.get(row.id.as_str());
        let outcome = match (first_row.get(row.id.as_str()), entry) {
            (Some(&first), _) => Err(Refusal::Duplicate { first_row: first }),
            (None, None) => Err(Refusal::UnknownId),
            (None, Some(entry)) => plan_row(entry, row),
        };
        first_row.entry(row.id.as_str()).or_insert(row.row);
        match outcome {
            Ok(row_edits) if row_edits.is_empty() => {}
            Ok(row_edits) => {
                written.push(Written {
                    row: row.row,
                    id: row.id.clone(),
                    langs: row_edits.iter().map(|(l, _)| *l).collect(),
                    at: row_edits[0].1.0.start,
                });
                edits.extend(row_edits.into_iter().map(|(_, e)| e));
            }
            Err(why) => refused.push(Refused {
                row: row.row,
                id: row.id.clone(),
                at: entry.map(|e| where_refused(e, &why)),
                why,
            }),
        }
    }
    Plan {
        source: apply(src, edits),
        written,
        refused,
    }
}

// ---------------------------------------------------------------------------------------
// The CSV sheet

/// One row of the sheet: a text of a file, and the check of its exported version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    /// Its row in the spreadsheet (the header is row 1).
    pub row: usize,
    pub file: String,
    pub id: String,
    pub fr: String,
    pub en: String,
    /// `None` when the cell is empty or cannot be read.
    pub check: Option<Check>,
}

/// The rows of a file's texts, numbered from `first_row`.
pub fn export_rows(file: &str, src: &str, first_row: usize) -> Vec<SheetRow> {
    entries(src)
        .into_iter()
        .enumerate()
        .map(|(i, e)| SheetRow {
            row: first_row + i,
            file: file.to_string(),
            check: Some(Check::of(e.fr.as_str(), e.en.as_str())),
            fr: e.fr.text.unwrap_or_default(),
            en: e.en.text.unwrap_or_default(),
            id: e.id,
        })
        .collect()
}

const HEADER_FR: [&str; 5] = ["fichier", "id", "français", "anglais", "contrôle"];
const HEADER_EN: [&str; 5] = ["file", "id", "French", "English", "check"];

/// What a spreadsheet may take for the start of a formula (as for the results files: = + - @,
/// TAB and CR); a text starting so, or with the apostrophe that marks it, gets an apostrophe
/// in front, taken off on import.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

fn cell(text: &str) -> String {
    let text = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let quote = text.contains([',', '"', '\n', '\r', ';', '\t'])
        || text.starts_with(' ')
        || text.ends_with(' ');
    if quote {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn uncell(text: &str) -> String {
    text.strip_prefix('\'')
        .filter(|rest| rest.starts_with(FORMULA_STARTS))
        .unwrap_or(text)
        .to_string()
}

/// The whole sheet: byte-order mark, header in `lang`, one CRLF-ended row per text.
pub fn write_csv(rows: &[SheetRow], lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&lang.pick(HEADER_FR, HEADER_EN).join(","));
    out.push_str("\r\n");
    for r in rows {
        let check = r.check.map(Check::render).unwrap_or_default();
        let fields = [
            cell(&r.file),
            cell(&r.id),
            cell(&r.fr),
            cell(&r.en),
            cell(&check),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Why a sheet cannot be read at all (then nothing is imported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetError {
    /// Not UTF-8 from this line on.
    NotUtf8 { line: usize },
    /// No header row naming the five columns; these are missing.
    MissingColumns(Vec<&'static str>),
    /// A quote opened on this row is never closed.
    UnclosedQuote { row: usize },
}

impl SheetError {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (SheetError::NotUtf8 { line }, Lang::Fr) => format!(
                "ligne {line} : le fichier n'est pas en UTF-8. Dans LibreOffice : Fichier › Enregistrer sous, type « Texte CSV », cochez « Éditer les paramètres du filtre », puis jeu de caractères « Unicode (UTF-8) »"
            ),
            (SheetError::NotUtf8 { line }, Lang::En) => format!(
                "line {line}: the file is not UTF-8. In LibreOffice: File › Save As, type \"Text CSV\", tick \"Edit filter settings\", then character set \"Unicode (UTF-8)\""
            ),
            (SheetError::MissingColumns(cols), Lang::Fr) => format!(
                "la première ligne doit nommer les colonnes fichier, id, français, anglais, contrôle ; il manque : {}",
                cols.join(", ")
            ),
            (SheetError::MissingColumns(cols), Lang::En) => format!(
                "the first row must name the columns file, id, French, English, check; missing: {}",
                cols.join(", ")
            ),
            (SheetError::UnclosedQuote { row }, Lang::Fr) => format!(
                "ligne {row} : un guillemet \" est ouvert et jamais fermé ; rien n'a été importé"
            ),
            (SheetError::UnclosedQuote { row }, Lang::En) => {
                format!("row {row}: a quote \" is opened and never closed; nothing was imported")
            }
        }
    }
}

/// The sheet's bytes as text: UTF-8 only (a sheet re-saved in Windows-1252 has lost its
/// emoji, so guessing would write `?` into the levels), byte-order mark dropped.
pub fn sheet_text(bytes: &[u8]) -> Result<&str, SheetError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        SheetError::NotUtf8 {
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The separator the header row uses: `,` as exported, or `;` or TAB when a spreadsheet
/// saved it so.
fn separator(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    header
        .find([',', ';', '\t'])
        .and_then(|i| header[i..].chars().next())
        .unwrap_or(',')
}

/// The records of a CSV text (RFC 4180; rows may end in CRLF, LF or a lone CR).
fn records(text: &str, sep: char) -> Result<Vec<Vec<String>>, SheetError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(SheetError::UnclosedQuote {
            row: rows.len() + 1,
        });
    }
    if !row.is_empty() || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Where each column is, by its header in either language (columns may be moved, and a
/// column the translator adds is ignored).
fn columns(header: &[String]) -> Result<[usize; 5], SheetError> {
    let mut at = [usize::MAX; 5];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        let known = (0..5).find(|&k| {
            name == HEADER_FR[k].to_lowercase()
                || name == HEADER_EN[k].to_lowercase()
                || (k == 2 && (name == "francais" || name == "fr"))
                || (k == 3 && name == "en")
                || (k == 4 && name == "controle")
        });
        if let Some(k) = known.filter(|&k| at[k] == usize::MAX) {
            at[k] = i;
        }
    }
    let missing: Vec<&str> = (0..5)
        .filter(|&k| at[k] == usize::MAX)
        .map(|k| HEADER_FR[k])
        .collect();
    if missing.is_empty() {
        Ok(at)
    } else {
        Err(SheetError::MissingColumns(missing))
    }
}

/// Reads a sheet back. Empty rows are skipped; a missing cell reads as empty.
pub fn read_csv(text: &str) -> Result<Vec<SheetRow>, SheetError> {
    let records = records(text, separator(text))?;
    let header = records
        .first()
        .ok_or_else(|| SheetError::MissingColumns(HEADER_FR.to_vec()))?;
    let [file, id, fr, en, check] = columns(header)?;
    let mut rows = Vec::new();
    for (i, record) in records.iter().enumerate().skip(1) {
        let get = |k: usize| record.get(k).map_or("", String::as_str);
        if get(file).trim().is_empty() && get(id).trim().is_empty() {
            continue;
        }
        rows.push(SheetRow {
            row: i + 1,
            file: uncell(get(file).trim()),
            id: uncell(get(id).trim()),
            fr: uncell(get(fr)),
            en: uncell(get(en)),
            check: Check::parse(get(check)),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEVEL: &str = r##"// (fr: "dans un commentaire", en: "in a comment")
Level(
    title: (fr: "Titre", en: "Title"), /* (fr: "x", en: "y") */
    summary: Some((fr: "Résumé « ici »", en: r#"Raw "summary""#)),
    scenes: [
        Story(
            text: (fr: "Il dit : \"non\".", en: "He says: \"no\"."),
            speaker: "Le QG",
            id: "debut",
            next: "choix",
        ),
        Choice(id: "choix", text: (fr: "Seul le français"), options: [
            (text: (en: "Only English"), next: "fin", mission: 5),
            (text: (fr: "B", en: "B"), feedback: (fr: "b", en: "b"), next: "fin"),
        ]),
        End(id: "fin", outcome: Success, text: (fr: "Fin", en: "End")),
    ],
)
"##;

    fn ids(src: &str) -> Vec<String> {
        entries(src).into_iter().map(|e| e.id).collect()
    }

    #[test]
    fn finds_every_text_in_source_order_named_by_scene_ids() {
        assert_eq!(
            ids(LEVEL),
            [
                "title",
                "summary",
                "scenes[debut].text",
                "scenes[choix].text",
                "scenes[choix].options[0].text",
                "scenes[choix].options[1].text",
                "scenes[choix].options[1].feedback",
                "scenes[fin].text",
            ]
        );
        let e = entries(LEVEL);
        assert_eq!(e[1].fr.as_str(), "Résumé « ici »");
        assert_eq!(e[1].en.as_str(), "Raw \"summary\"");
        assert_eq!(e[2].fr.as_str(), "Il dit : \"non\".");
        assert_eq!(
            (e[3].fr.text.is_some(), e[3].en.text.is_none()),
            (true, true)
        );
        assert_eq!(line_col(LEVEL, e[2].at), (7, 19));
    }

    #[test]
    fn an_id_stays_when_other_scenes_are_added_before() {
        let more = LEVEL.replace(
            "scenes: [",
            "scenes: [\n        End(id: \"autre\", outcome: Failure, text: (fr: \"A\", en: \"A\")),",
        );
        let before = ids(LEVEL);
        let after = ids(&more);
        assert!(after.contains(&"scenes[autre].text".to_string()));
        assert!(before.iter().all(|id| after.contains(id)), "{after:?}");
    }

    #[test]
    fn duplicated_ids_fall_back_to_indices_and_number_ids_are_ids() {
        let src = r#"L(scenes: [S(id: "a", text: (fr: "1", en: "1")), S(id: "a", text: (fr: "2", en: "2")), S(id: "1", text: (fr: "3", en: "3"))])"#;
        assert_eq!(
            ids(src),
            ["scenes[0].text", "scenes[1].text", "scenes[2].text"]
        );
        let src = r#"G(terms: [(id: "3018", term: (fr: "3018", en: "3018")), (id: "rgpd", term: (fr: "RGPD", en: "GDPR"))])"#;
        assert_eq!(ids(src), ["terms[3018].term", "terms[rgpd].term"]);
    }

    #[test]
    fn a_group_with_other_fields_is_not_a_text() {
        let src = r#"L(a: (fr: "x", en: "y", n: 3), b: (fr: "x", other: "y"), c: (fr: 3), d: ("fr"), e: (fr: "ok"))"#;
        assert_eq!(ids(src), ["e"]);
    }

    #[test]
    fn ron_literals_decode_back_to_the_text() {
        for text in [
            "plain",
            "quote \" and backslash \\ and \\\"",
            "line\nbreak\r\ttab",
            "nul \0 bell \u{7} del \u{7f} next-line \u{85}",
            "« guillemets » “typographiques” 🎮 👍🏽 ✔",
            "",
        ] {
            let literal = ron_literal(text);
            assert_eq!(
                ron::from_str::<String>(&literal).unwrap(),
                text,
                "{literal}"
            );
            assert!(!literal.contains('\n'), "one line: {literal}");
        }
    }

    #[test]
    fn hostile_input_neither_panics_nor_loops() {
        for src in [
            "",
            "(",
            ")))]]]}}}",
            "L(text: (fr: \"unclosed",
            "L(text: (fr: r##\"raw unclosed\"#",
            "/* /* nested unclosed */",
            "#![enable(",
            "L(t: (fr: \"é\\",
            "L(t: (fr: 'é', en: b\"x\"), u: (fr: \"ok\", en: br#\"x\"#))",
        ] {
            let _ = entries(src);
        }
        let deep = format!("L(t: {}(fr: \"x\")", "[".repeat(100_000));
        assert!(entries(&deep).is_empty());
        let nested = format!("L(t: {}(fr: \"x\")", "[".repeat(200));
        assert_eq!(entries(&nested).len(), 1);
    }

    fn row(id: &str, fr: &str, en: &str, check: Option<Check>) -> SheetRow {
        SheetRow {
            row: 2,
            file: "f.ron".into(),
            id: id.into(),
            fr: fr.into(),
            en: en.into(),
            check,
        }
    }

    #[test]
    fn the_merge_rule() {
        let h = fingerprint("exporté");
        assert_eq!(merge("exporté", "exporté", h), Merge::Same);
        assert_eq!(merge("exporté", "corrigé", h), Merge::Write);
        assert_eq!(merge("changé", "exporté", h), Merge::KeepFile);
        assert_eq!(merge("changé", "corrigé", h), Merge::Conflict);
        assert_eq!(merge("pareil", "pareil", h), Merge::Same);
    }

    #[test]
    fn plan_writes_only_the_edited_literals() {
        let rows: Vec<SheetRow> = export_rows("f.ron", LEVEL, 2);
        let mut edited = rows.clone();
        edited[2].fr = "Il dit : « non », \\ et 🎮".into();
        edited[3].en = "Now in English, \"quoted\"".into();
        edited[4].fr = "Maintenant en français".into();
        let refs: Vec<&SheetRow> = edited.iter().collect();
        let plan = plan(LEVEL, &refs);
        assert!(plan.refused.is_empty(), "{:?}", plan.refused);
        assert_eq!(plan.written.len(), 3);
        let after = entries(&plan.source);
        assert_eq!(after[2].fr.as_str(), "Il dit : « non », \\ et 🎮");
        assert_eq!(after[3].en.as_str(), "Now in English, \"quoted\"");
        assert_eq!(after[4].fr.as_str(), "Maintenant en français");
        assert!(
            plan.source.contains(
                r#"(text: (fr: "Maintenant en français", en: "Only English"), next: "fin""#
            )
        );
        assert!(
            plan.source
                .contains(r#"text: (fr: "Seul le français", en: "Now in English, \"quoted\"")"#)
        );
        // Nothing else moved: the same texts elsewhere, comments kept.
        assert!(plan.source.starts_with("// (fr: \"dans un commentaire\""));
        assert_eq!(
            plan.source
                .replace(r#"Il dit : « non », \\ et 🎮"#, r#"Il dit : \"non\"."#)
                .replace(r#", en: "Now in English, \"quoted\"""#, "")
                .replace(r#"fr: "Maintenant en français", "#, ""),
            LEVEL
        );
        // Importing the same sheet again changes nothing more.
        let again = super::plan(&plan.source, &refs);
        assert!(again.written.is_empty() && again.refused.is_empty());
        assert_eq!(again.source, plan.source);
    }

    #[test]
    fn plan_refuses_conflicts_unknown_ids_duplicates_and_missing_checks() {
        let exported = export_rows("f.ron", LEVEL, 2);
        // The file changes after the export: the title's French.
        let changed = LEVEL.replace("(fr: \"Titre\"", "(fr: \"Titre revu\"");
        let mut rows = [
            row("title", "Titre corrigé", "Title", exported[0].check),
            row("scenes[disparue].text", "x", "y", exported[0].check),
            row("scenes[fin].text", "Fin !", "End", exported[7].check),
            row("scenes[fin].text", "Fin ?", "End", exported[7].check),
            row("summary", "Autre", "", None),
        ];
        for (i, r) in rows.iter_mut().enumerate() {
            r.row = i + 2;
        }
        let refs: Vec<&SheetRow> = rows.iter().collect();
        let plan = plan(&changed, &refs);
        let why: Vec<(usize, Refusal)> = plan
            .refused
            .iter()
            .map(|r| (r.row, r.why.clone()))
            .collect();
        assert_eq!(
            why,
            [
                (2, Refusal::Conflict(vec![Lang::Fr])),
                (3, Refusal::UnknownId),
                (5, Refusal::Duplicate { first_row: 4 }),
                (6, Refusal::NoCheck),
            ]
        );
        assert_eq!(plan.written.len(), 1);
        assert!(
            plan.source.contains("(fr: \"Titre revu\""),
            "the file's change stays"
        );
        assert!(plan.source.contains("(fr: \"Fin !\""));
        // The sheet untouched where the file changed: the file wins, nothing refused.
        let keep = row("title", "Titre", "Title", exported[0].check);
        let plan = super::plan(&changed, &[&keep]);
        assert!(plan.refused.is_empty() && plan.written.is_empty());
        assert_eq!(plan.source, changed);
    }

    #[test]
    fn csv_round_trips_with_quotes_commas_line_breaks_and_formulas() {
        let texts = [
            "simple",
            "a, comma; semicolon",
            "\"quoted\" twice \"\"",
            "two\nlines\r\nand CRLF",
            " leading and trailing ",
            "=SUM(A1)",
            "-5 points",
            "'apostrophe",
            "« » 🎮",
            "",
        ];
        let rows: Vec<SheetRow> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| SheetRow {
                row: i + 2,
                ..row(
                    &format!("scenes[s{i}].text"),
                    t,
                    &t.to_uppercase(),
                    Some(Check::of(t, "x")),
                )
            })
            .collect();
        let csv = write_csv(&rows, Lang::Fr);
        assert!(csv.starts_with("\u{feff}fichier,id,français,anglais,contrôle\r\n"));
        assert!(csv.contains("\"a, comma; semicolon\""));
        assert!(csv.contains("\"\"\"quoted\"\" twice \"\"\"\"\""));
        assert!(csv.contains(",'=SUM(A1),"));
        assert!(csv.ends_with("\r\n"));
        let back = read_csv(sheet_text(csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(back, rows);
        // As a spreadsheet may save it: semicolons, LF, columns moved, one added, English header.
        let resaved = "id;English;note;file;French;check\nscenes[a].text;\"x;y\";mine;f.ron;\"é\n2\";fr:00000001 en:00000002\n";
        let back = read_csv(resaved).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!((back[0].fr.as_str(), back[0].en.as_str()), ("é\n2", "x;y"));
        assert_eq!(back[0].check, Some(Check { fr: 1, en: 2 }));
    }

    #[test]
    fn unreadable_sheets_are_refused_whole() {
        assert_eq!(
            read_csv("fichier,id,français,anglais,contrôle\r\nf,a,\"open,x\r\n"),
            Err(SheetError::UnclosedQuote { row: 2 })
        );
        assert_eq!(
            read_csv("fichier,id,français\r\n"),
            Err(SheetError::MissingColumns(vec!["anglais", "contrôle"]))
        );
        assert_eq!(
            sheet_text(b"fichier\r\nligne \xe9\r\n"),
            Err(SheetError::NotUtf8 { line: 2 })
        );
        assert_eq!(Check::parse("fr:zz en:1"), None);
        assert_eq!(Check::parse(""), None);
    }
}
