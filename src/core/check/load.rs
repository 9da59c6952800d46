//! From text to model: RON parsing with every error turned into a located diagnostic.

use crate::core::check::diagnostic::{Diagnostic, Pos, Problem, Span};
use crate::core::check::suggest::closest;

use ron::error::{Error as RonError, SpannedError};
use serde::de::DeserializeOwned;

pub use crate::core::model::dialect::ron_options;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Level,
    Campaign,
    Glossary,
}

/// What a file holds, from its first word (`Level(`, `Campaign(`, `Glossary(`); a file
/// starting with a bare `(` is named by its file name.
pub fn detect_kind(src: &str, file_name: &str) -> Result<FileKind, (Problem, Option<Span>)> {
    let mut rest = src;
    let mut consumed = 0usize;
    loop {
        let trimmed = rest.trim_start();
        consumed += rest.len() - trimmed.len();
        rest = trimmed;
        if let Some(after) = rest.strip_prefix("//") {
            let skip = after.find('\n').map_or(after.len(), |n| n + 1) + 2;
            consumed += skip;
            rest = &rest[skip..];
        } else if let Some(after) = rest.strip_prefix("/*") {
            let skip = after.find("*/").map_or(after.len(), |n| n + 2) + 2;
            consumed += skip;
            rest = &rest[skip..];
        } else if rest.starts_with("#!") {
            let skip = rest.find(']').map_or(rest.len(), |n| n + 1);
            let skip = rest[skip..].find(']').map_or(skip, |n| skip + n + 1);
            consumed += skip;
            rest = &rest[skip..];
        } else {
            break;
        }
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let by_name = || {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with("campaign.ron") {
            FileKind::Campaign
        } else if lower.ends_with("glossary.ron") {
            FileKind::Glossary
        } else {
            FileKind::Level
        }
    };
    match word.as_str() {
        "Level" => Ok(FileKind::Level),
        "Campaign" => Ok(FileKind::Campaign),
        "Glossary" => Ok(FileKind::Glossary),
        "" => Ok(by_name()),
        other => {
            let prefix = &src[..consumed];
            let line = 1 + prefix.matches('\n').count();
            let col = 1 + prefix.rsplit('\n').next().map_or(0, |l| l.chars().count());
            let suggestion = closest(other, ["Level", "Campaign", "Glossary"]);
            let start = Pos { line, col };
            let end = Pos {
                line,
                col: col + other.chars().count(),
            };
            match suggestion {
                Some(s) => Err((
                    Problem::UnknownVariant {
                        found: other.to_string(),
                        kind: None,
                        expected: vec!["Level".into(), "Campaign".into(), "Glossary".into()],
                        suggestion: Some(s),
                    },
                    Some(Span { start, end }),
                )),
                None => Err((
                    Problem::UnknownFileKind {
                        found: other.to_string(),
                    },
                    Some(Span { start, end }),
                )),
            }
        }
    }
}

/// Parses a whole file into `T`.
pub fn parse<T: DeserializeOwned>(file: &str, src: &str) -> Result<T, Diagnostic> {
    ron_options()
        .from_str::<T>(src)
        .map_err(|e| diagnostic_from_ron(file, src, &e))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Turns RON's error into our located, translatable problem.
pub fn diagnostic_from_ron(file: &str, src: &str, e: &SpannedError) -> Diagnostic {
    let start = Pos {
        line: e.span.start.line,
        col: e.span.start.col,
    };
    let end = Pos {
        line: e.span.end.line,
        col: e.span.end.col,
    };
    let mut span = Span { start, end };
    let problem = match &e.code {
        RonError::NoSuchStructField {
            expected, found, ..
        } => Problem::UnknownField {
            found: found.clone(),
            expected: strings(expected),
            suggestion: closest(found, expected.iter().copied()),
        },
        RonError::MissingStructField { field, outer } => Problem::MissingField {
            field: field.to_string(),
            inside: outer.clone(),
        },
        RonError::DuplicateStructField { field, .. } => Problem::DuplicateField {
            field: field.to_string(),
        },
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => Problem::UnknownVariant {
            found: found.clone(),
            kind: outer.clone(),
            expected: strings(expected),
            suggestion: closest(found, expected.iter().copied()),
        },
        RonError::InvalidValueForType { expected, found } => {
            if expected.contains("fr: ") || expected == "struct Text" {
                Problem::NotATextPair
            } else {
                Problem::WrongType {
                    expected: expected.clone(),
                    found: found.clone(),
                }
            }
        }
        RonError::ExpectedNamedStructLike("Text") => Problem::NotATextPair,
        RonError::ExceededRecursionLimit => Problem::TooDeep,
        _ if let Some((found, col)) = typographic_quote_at(src, start) => {
            let at = Pos {
                line: start.line,
                col,
            };
            span = Span {
                start: at,
                end: Pos { col: col + 1, ..at },
            };
            Problem::TypographicQuotes { found }
        }
        RonError::ExpectedComma if let Some(at) = unclosed_text_before(src, start) => {
            span = Span {
                start: at,
                end: Pos {
                    col: at.col + 1,
                    ..at
                },
            };
            Problem::UnclosedText
        }
        RonError::ExpectedComma => {
            // RON notices the missing comma at the next element, often on the next line;
            // the comma belongs at the end of the element before.
            if let Some(end) = end_of_previous_token(src, start) {
                span = Span { start: end, end };
            }
            Problem::MissingComma
        }
        RonError::Utf8Error(_) => Problem::NotUtf8,
        // At the very end of the file RON says what it expected next; the real problem is
        // that the file stops too early.
        _ if at_end_of(src, start) => Problem::Syntax(RonError::Eof),
        other => Problem::Syntax(other.clone()),
    };
    // RON points *after* a field name it does not know; point at the name itself.
    if let Problem::UnknownField { found, .. } | Problem::DuplicateField { field: found } = &problem
    {
        span = widen_back_to_word(src, span, found);
    }
    if let Problem::UnknownVariant { found, .. } = &problem {
        span = widen_back_to_word(src, span, found);
    }
    Diagnostic::new(file, Some(span), problem)
}

/// Quotes a teacher types from a word processor or a French keyboard, which RON does not
/// read as quotes.
const TYPOGRAPHIC_QUOTES: [char; 8] = ['«', '»', '“', '”', '„', '‘', '’', '‹'];

/// The typographic quote at `pos` and its column, if that is what stopped the parser.
fn typographic_quote_at(src: &str, pos: Pos) -> Option<(char, usize)> {
    let line = src.lines().nth(pos.line.checked_sub(1)?)?;
    // RON may point at the blank before the value.
    let (i, c) = line
        .chars()
        .enumerate()
        .skip(pos.col.checked_sub(1)?)
        .find(|(_, c)| !c.is_whitespace())?;
    TYPOGRAPHIC_QUOTES.contains(&c).then_some((c, i + 1))
}

/// The position just after the last character before `pos` that is neither blank nor in a
/// `//` comment (1-based line and column): where a missing comma goes.
fn end_of_previous_token(src: &str, pos: Pos) -> Option<Pos> {
    let lines: Vec<&str> = src.lines().collect();
    let mut line = pos.line.checked_sub(1)?;
    let mut limit = pos.col.saturating_sub(1);
    loop {
        let text = lines.get(line)?;
        let code: Vec<char> = without_comment(text).chars().take(limit).collect();
        if let Some(last) = code.iter().rposition(|c| !c.is_whitespace()) {
            return Some(Pos {
                line: line + 1,
                col: last + 2,
            });
        }
        line = line.checked_sub(1)?;
        limit = usize::MAX;
    }
}

/// `(fr: "Bonjour., en: "Hello.")`: the first text lacks its closing quote, so RON reads
/// `"Bonjour., en: "` as one text and then stumbles on `Hello`, asking for a comma. When the
/// text just before `pos` ends like the start of a next field (`, en: `), the quote is
/// missing before that comma: its position.
fn unclosed_text_before(src: &str, pos: Pos) -> Option<Pos> {
    let line: Vec<char> = src.lines().nth(pos.line.checked_sub(1)?)?.chars().collect();
    let before: &[char] = line.get(..pos.col.checked_sub(1)?)?;
    let end = before.iter().rposition(|c| !c.is_whitespace())?;
    if before[end] != '"' {
        return None;
    }
    let open = before[..end].iter().rposition(|&c| c == '"')?;
    let text: String = before[open + 1..end].iter().collect();
    let trimmed = text.trim_end().strip_suffix(':')?;
    let field = trimmed.trim_end();
    let before_name = field.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let comma = before_name.trim_end();
    if before_name.len() == field.len() || !comma.ends_with(',') {
        return None;
    }
    let comma_col = open + 1 + comma.chars().count();
    Some(Pos {
        line: pos.line,
        col: comma_col,
    })
}

/// A line without its `//` comment (a `//` inside a quoted text, as in `https://`, is kept).
fn without_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Whether only blanks and comments follow `pos` (1-based line and column).
fn at_end_of(src: &str, pos: Pos) -> bool {
    let mut lines = src.lines().skip(pos.line.saturating_sub(1));
    let Some(first) = lines.next() else {
        return true;
    };
    let rest_of_line: String = first.chars().skip(pos.col.saturating_sub(1)).collect();
    std::iter::once(rest_of_line.as_str())
        .chain(lines)
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with("//"))
}

/// If the word ends where the span starts or ends, return the span of the word.
fn widen_back_to_word(src: &str, span: Span, word: &str) -> Span {
    let Some(line) = src.lines().nth(span.start.line.saturating_sub(1)) else {
        return span;
    };
    let chars: Vec<char> = line.chars().collect();
    let w: Vec<char> = word.chars().collect();
    // Search on the line for the word, closest to the reported column.
    let mut best: Option<usize> = None;
    if w.is_empty() || w.len() > chars.len() {
        return span;
    }
    for i in 0..=chars.len() - w.len() {
        if chars[i..i + w.len()] == w[..] {
            let before_ok = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
            let after = i + w.len();
            let after_ok =
                after >= chars.len() || !(chars[after].is_alphanumeric() || chars[after] == '_');
            if before_ok && after_ok {
                let dist = (i + 1).abs_diff(span.start.col);
                if best.is_none_or(|b| (b + 1).abs_diff(span.start.col) > dist) {
                    best = Some(i);
                }
            }
        }
    }
    match best {
        Some(i) => Span {
            start: Pos {
                line: span.start.line,
                col: i + 1,
            },
            end: Pos {
                line: span.start.line,
                col: i + 1 + w.len(),
            },
        },
        None => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kind_after_comments() {
        assert_eq!(
            detect_kind("// c\n/* d */ Level(", "x.ron").unwrap(),
            FileKind::Level
        );
        assert_eq!(
            detect_kind("(format: 1)", "levels/campaign.ron").unwrap(),
            FileKind::Campaign
        );
        assert_eq!(
            detect_kind("#![enable(implicit_some)]\nGlossary(", "g.ron").unwrap(),
            FileKind::Glossary
        );
        let (p, span) = detect_kind("\n  Levle(", "x.ron").unwrap_err();
        assert!(
            matches!(p, Problem::UnknownVariant { suggestion: Some(ref s), .. } if s == "Level")
        );
        assert_eq!(span.unwrap().start, Pos { line: 2, col: 3 });
    }
}
