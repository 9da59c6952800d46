//! Where each value of a RON file is written: a map from a value's path
//! (`scenes[3].options[1].next`) to its position. Serde gives the model no positions, so the
//! checker looks them up here to point a semantic error (a dangling `next`) at the exact spot.
//!
//! Runs only on files the RON parser accepted, but never panics or loops on any input: a
//! flat token list and an explicit stack (no recursion), so 100k nested brackets are fine.

use crate::core::check::diagnostic::{Pos, Span};
use std::cell::OnceCell;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Open(char),
    Close(char),
    Comma,
    Colon,
    Ident,
    Literal,
}

#[derive(Clone, Debug)]
struct Token<'a> {
    kind: Tok,
    /// The identifier's name (empty for other tokens).
    text: &'a str,
    span: Span,
}

/// Path → span of every value in a file, built the first time a position is asked for:
/// a valid level never pays for it.
#[derive(Debug)]
pub struct SpanIndex<'a> {
    src: &'a str,
    map: OnceCell<HashMap<String, Packed>>,
}

/// A span in 16 bytes instead of 32: the map holds one per value of the file (400,000 in a
/// 5 MB file), and files are capped far below 4 billion lines or columns.
#[derive(Clone, Copy, Debug)]
struct Packed([u32; 4]);

impl Packed {
    fn new(span: Span) -> Packed {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Packed([
            n(span.start.line),
            n(span.start.col),
            n(span.end.line),
            n(span.end.col),
        ])
    }

    fn span(self) -> Span {
        let [l0, c0, l1, c1] = self.0.map(|x| x as usize);
        Span {
            start: Pos { line: l0, col: c0 },
            end: Pos { line: l1, col: c1 },
        }
    }
}

impl<'a> SpanIndex<'a> {
    pub fn build(src: &'a str) -> SpanIndex<'a> {
        SpanIndex {
            src,
            map: OnceCell::new(),
        }
    }

    fn map(&self) -> &HashMap<String, Packed> {
        self.map.get_or_init(|| {
            let mut map = HashMap::new();
            walk(Tokens::new(self.src), &mut map);
            map
        })
    }

    pub fn get(&self, path: &str) -> Option<Span> {
        self.map().get(path).map(|p| p.span())
    }

    /// The span of `path`, or of the closest enclosing value that has one.
    pub fn find(&self, path: &str) -> Option<Span> {
        let map = self.map();
        let mut p = path;
        loop {
            if let Some(s) = map.get(p) {
                return Some(s.span());
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// Reads the tokens once, in order, looking one token ahead: no token list is kept (a list
/// of a 5 MB file's million tokens took 59 MB at its peak).
fn walk<'a>(tokens: impl Iterator<Item = Token<'a>>, map: &mut HashMap<String, Packed>) {
    {
        let mut tokens = tokens.peekable();
        struct Frame {
            path: String,
            start: Pos,
            close: char,
            index: usize,
            /// `Some(x)`: the wrapped value keeps the path of the option itself.
            transparent: bool,
        }
        let mut stack: Vec<Frame> = Vec::new();
        // The path of the value that starts at the next token.
        let mut pending: Option<String> = Some(String::new());
        while let Some(t) = tokens.next() {
            let next_kind = tokens.peek().map(|n| n.kind);
            match t.kind {
                Tok::Comma => {
                    if let Some(f) = stack.last_mut() {
                        f.index += 1;
                    }
                    pending = None;
                    continue;
                }
                Tok::Close(c) => {
                    // Pop to the matching frame (tolerates stray closers).
                    if let Some(pos) = stack.iter().rposition(|f| f.close == c) {
                        stack.truncate(pos + 1);
                        let f = stack.pop().expect("frame exists");
                        let span = Span {
                            start: f.start,
                            end: t.span.end,
                        };
                        map.insert(f.path, Packed::new(span));
                    }
                    pending = None;
                    continue;
                }
                Tok::Colon => continue,
                _ => {}
            }
            // A value (or a field name) starts here. Work out its path.
            let path = match pending.take() {
                Some(p) => p,
                None => match stack.last() {
                    Some(f) => {
                        let named =
                            t.kind == Tok::Ident && next_kind == Some(Tok::Colon) && f.close == ')';
                        if named {
                            let p = join_field(&f.path, t.text);
                            pending = Some(p);
                            tokens.next();
                            continue;
                        }
                        if f.close == '}' && next_kind == Some(Tok::Colon) {
                            // A map key: skip it, its value gets the entry's index.
                            pending = Some(format!("{}[{}]", f.path, f.index));
                            tokens.next();
                            continue;
                        }
                        if f.transparent {
                            f.path.clone()
                        } else {
                            format!("{}[{}]", f.path, f.index)
                        }
                    }
                    None => String::new(),
                },
            };
            match t.kind {
                Tok::Ident if next_kind == Some(Tok::Open('(')) => {
                    stack.push(Frame {
                        path,
                        start: t.span.start,
                        close: ')',
                        index: 0,
                        transparent: t.text == "Some",
                    });
                    tokens.next();
                }
                Tok::Open(c) => {
                    let close = match c {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    };
                    stack.push(Frame {
                        path,
                        start: t.span.start,
                        close,
                        index: 0,
                        transparent: false,
                    });
                }
                _ => {
                    map.insert(path, Packed::new(t.span));
                }
            }
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

struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    pos: Pos,
    offset: usize,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }
    fn bump(&mut self) -> Option<char> {
        let (i, c) = self.chars.next()?;
        self.offset = i + c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }
}

/// The tokens of a file, read as they are asked for.
struct Tokens<'a> {
    src: &'a str,
    cur: Cursor<'a>,
}

impl<'a> Tokens<'a> {
    fn new(src: &'a str) -> Tokens<'a> {
        Tokens {
            src,
            cur: Cursor {
                chars: src.char_indices().peekable(),
                pos: Pos { line: 1, col: 1 },
                offset: 0,
            },
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let src = self.src;
        let cur = &mut self.cur;
        loop {
            let c = cur.peek()?;
            let start = cur.pos;
            let start_offset = cur.offset;
            if c.is_whitespace() {
                cur.bump();
                continue;
            }
            let kind = match c {
                '/' => {
                    cur.bump();
                    match cur.peek() {
                        Some('/') => {
                            while cur.peek().is_some_and(|c| c != '\n') {
                                cur.bump();
                            }
                        }
                        Some('*') => {
                            cur.bump();
                            let mut depth = 1;
                            let mut prev = ' ';
                            while depth > 0 {
                                let Some(c) = cur.bump() else { break };
                                if prev == '/' && c == '*' {
                                    depth += 1;
                                    prev = ' ';
                                } else if prev == '*' && c == '/' {
                                    depth -= 1;
                                    prev = ' ';
                                } else {
                                    prev = c;
                                }
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                '#' => {
                    // `#![enable(...)]`: skip to the matching `]`.
                    let mut depth = 0;
                    while let Some(c) = cur.bump() {
                        match c {
                            '[' => depth += 1,
                            ']' => {
                                depth -= 1;
                                if depth <= 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    continue;
                }
                '(' | '[' | '{' => {
                    cur.bump();
                    Tok::Open(c)
                }
                ')' | ']' | '}' => {
                    cur.bump();
                    Tok::Close(c)
                }
                ',' => {
                    cur.bump();
                    Tok::Comma
                }
                ':' => {
                    cur.bump();
                    Tok::Colon
                }
                '"' => {
                    cur.bump();
                    while let Some(c) = cur.bump() {
                        match c {
                            '\\' => {
                                cur.bump();
                            }
                            '"' => break,
                            _ => {}
                        }
                    }
                    Tok::Literal
                }
                '\'' => {
                    cur.bump();
                    while let Some(c) = cur.bump() {
                        match c {
                            '\\' => {
                                cur.bump();
                            }
                            '\'' => break,
                            _ => {}
                        }
                    }
                    Tok::Literal
                }
                'r' | 'b' if is_raw_string_start(cur) => {
                    // r"…", r#"…"#, b"…", br#"…"#
                    cur.bump();
                    if cur.peek() == Some('r') {
                        cur.bump();
                    }
                    let mut hashes = 0;
                    while cur.peek() == Some('#') {
                        cur.bump();
                        hashes += 1;
                    }
                    cur.bump(); // the opening quote
                    'outer: while let Some(c) = cur.bump() {
                        if c == '"' {
                            let mut n = 0;
                            while n < hashes && cur.peek() == Some('#') {
                                cur.bump();
                                n += 1;
                            }
                            if n == hashes {
                                break 'outer;
                            }
                        }
                    }
                    Tok::Literal
                }
                c if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' || c == '.' => {
                    let numeric = c.is_ascii_digit() || c == '-' || c == '+' || c == '.';
                    while let Some(c) = cur.peek() {
                        if c.is_alphanumeric()
                            || c == '_'
                            || c == '.'
                            || c == '#'
                            || (numeric && (c == '-' || c == '+'))
                        {
                            cur.bump();
                        } else {
                            break;
                        }
                    }
                    let word = &src[start_offset..cur.offset];
                    if numeric || word == "true" || word == "false" {
                        Tok::Literal
                    } else {
                        Tok::Ident
                    }
                }
                _ => {
                    cur.bump();
                    continue;
                }
            };
            let text = if kind == Tok::Ident {
                &src[start_offset..cur.offset]
            } else {
                ""
            };
            return Some(Token {
                kind,
                text,
                span: Span {
                    start,
                    end: cur.pos,
                },
            });
        }
    }
}

fn is_raw_string_start(cur: &Cursor) -> bool {
    let mut look = cur.chars.clone().map(|(_, c)| c);
    let first = look.next();
    let mut next = look.next();
    if first == Some('b') && next == Some('r') {
        next = look.next();
    }
    matches!(next, Some('"') | Some('#')) && first.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = "Level(\n  id: \"a\", // comment\n  scenes: [\n    Story(id: \"x\", next: \"y\"),\n    End(id: \"y\", when: Some(Flag(\"f\"))),\n  ],\n)";
        let idx = SpanIndex::build(src);
        assert_eq!(idx.get("id").unwrap().start, Pos { line: 2, col: 7 });
        let next = idx.get("scenes[0].next").unwrap();
        assert_eq!((next.start.line, next.start.col, next.end.col), (4, 26, 29));
        assert_eq!(idx.get("scenes[1]").unwrap().start, Pos { line: 5, col: 5 });
        assert_eq!(
            idx.get("scenes[1].when[0]").unwrap().start,
            Pos { line: 5, col: 34 }
        );
        assert_eq!(idx.find("scenes[0].options[3].next").unwrap().start.line, 4);
    }

    /// Hostile input neither panics nor loops, and what comes before the damage is still
    /// found where it is written; what a comment or string left open swallows is not made up.
    #[test]
    fn survives_hostile_input() {
        let id_at = |idx: &SpanIndex| idx.get("id").map(|s| (s.start, s.end));
        let id = Some((Pos { line: 1, col: 11 }, Pos { line: 1, col: 14 }));

        let deep = format!("Level(id: \"a\", scenes: {}", "[".repeat(10_000));
        let idx = SpanIndex::build(&deep);
        assert_eq!(id_at(&idx), id, "before 10,000 open brackets");

        let idx = SpanIndex::build("Level(id: \"a\", )))]]]}}},,,::: r#\"unterminated");
        assert_eq!(
            id_at(&idx),
            id,
            "before stray closers and an open raw string"
        );

        let idx = SpanIndex::build("Level(id: \"a\", /* unclosed, next: \"b\")");
        assert_eq!(id_at(&idx), id);
        assert!(idx.get("next").is_none(), "inside an open comment");

        let idx = SpanIndex::build("Level(id: \"a\", text: \"unclosed, next: \"b)");
        assert_eq!(id_at(&idx), id);
        assert!(idx.get("next").is_none(), "inside an open string");
        assert_eq!(idx.get("text").unwrap().start, Pos { line: 1, col: 22 });
    }
}
