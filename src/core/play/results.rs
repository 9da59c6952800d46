//! Anonymous results: one record per finished level, never a real name — only an optional
//! pseudonym or team label. Stored and exported as CSV that LibreOffice Calc opens as is
//! (UTF-8 with a byte-order mark, comma-separated, fields quoted when needed).

use crate::core::model::text::Lang;
use crate::core::play::{Action, Run};

/// Labels are short on purpose: a team name or a pseudonym, not an identity.
pub const MAX_LABEL: usize = 24;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub level: String,
    pub class_code: String,
    pub label: String,
    /// The decisions, `scene=choice` separated by `;` (see [`encode_actions`]).
    pub choices: String,
    pub outcome: String,
    pub score: i32,
    pub stars: u8,
    pub duration_s: u64,
}

pub const HEADER: [&str; 8] = [
    "level",
    "class_code",
    "label",
    "choices",
    "outcome",
    "score",
    "stars",
    "duration_s",
];

/// Compact, readable encoding of a run's decisions: `form=0+2;chat=1;quiz=0`.
pub fn encode_actions(run: &Run) -> String {
    run.decisions
        .iter()
        .map(|d| format!("{}={}", d.scene, encode_action(&d.action)))
        .collect::<Vec<_>>()
        .join(";")
}

/// One action as written after `scene=`: the option's index (`1`), the ticked indices
/// (`0+2`, or `none`), `-` for a Story's Continue. Shared with the duel's records.
pub fn encode_action(action: &Action) -> String {
    match action {
        Action::Continue => String::from("-"),
        Action::Pick(i) => i.to_string(),
        Action::Submit(v) | Action::Answer(v) => {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(usize::to_string).collect::<Vec<_>>().join("+")
            }
        }
    }
}

/// Trims a label to its allowed length (characters, not bytes).
pub fn clean_label(label: &str) -> String {
    label
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_LABEL)
        .collect()
}

impl Record {
    pub fn from_run(run: &Run, class_code: &str, label: &str, duration_s: u64) -> Record {
        Record {
            level: run.level.id.clone(),
            class_code: class_code.to_string(),
            label: clean_label(label),
            choices: encode_actions(run),
            outcome: run.finished().map_or("unfinished".to_string(), |e| {
                format!("{:?}", e.outcome).to_lowercase()
            }),
            score: run.score(),
            stars: run.stars().unwrap_or(0),
            duration_s,
        }
    }

    fn fields(&self) -> [String; 8] {
        [
            self.level.clone(),
            self.class_code.clone(),
            self.label.clone(),
            self.choices.clone(),
            self.outcome.clone(),
            self.score.to_string(),
            self.stars.to_string(),
            self.duration_s.to_string(),
        ]
    }
}

/// What a spreadsheet may take for the start of a formula (OWASP's list: = + - @, and TAB and
/// CR, which some spreadsheets skip before reading one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn quote(field: &str) -> String {
    // A leading = + - @ TAB CR would make a spreadsheet run it as a formula: neutralise it.
    let field = if field.starts_with(FORMULA_STARTS) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r', ';']) || field.starts_with(' ') || field.ends_with(' ')
    {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// The start of a new CSV file: byte-order mark and header line.
pub fn csv_start() -> String {
    format!("\u{feff}{}\r\n", HEADER.join(","))
}

pub fn csv_row(r: &Record) -> String {
    let fields: Vec<String> = r.fields().iter().map(|f| quote(f)).collect();
    format!("{}\r\n", fields.join(","))
}

/// A CSV line that could not be read, with its line number (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub reason: BadReason,
}

/// Why a CSV line was set aside. `Display` gives the English text; [`BadReason::text`] either
/// language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadReason {
    /// Not the 8 fields of [`HEADER`].
    FieldCount { found: usize },
    /// Score, stars or duration is not a number in its range.
    Numbers,
    /// A `"` opens a field that is never closed: the rest of its line is ignored, the lines
    /// after it are read normally.
    UnterminatedQuote,
    /// The line holds bytes that are not text (a NUL, a broken character).
    BadBytes,
}

impl BadReason {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (BadReason::FieldCount { found }, Lang::Fr) => {
                format!("{found} champ(s) au lieu de {}", HEADER.len())
            }
            (BadReason::FieldCount { found }, Lang::En) => {
                format!("{found} field(s), expected {}", HEADER.len())
            }
            (BadReason::Numbers, Lang::Fr) => {
                "score (0–100), étoiles (0–3) et durée (duration_s) doivent être des nombres".into()
            }
            (BadReason::Numbers, Lang::En) => {
                "score (0–100), stars (0–3) and duration_s must be numbers".into()
            }
            (BadReason::UnterminatedQuote, Lang::Fr) => {
                "guillemet ouvert jamais fermé : ligne ignorée".into()
            }
            (BadReason::UnterminatedQuote, Lang::En) => {
                "a quote is opened and never closed: line ignored".into()
            }
            (BadReason::BadBytes, Lang::Fr) => {
                "octets qui ne sont pas du texte (fichier abîmé) : ligne ignorée".into()
            }
            (BadReason::BadBytes, Lang::En) => {
                "bytes that are not text (a damaged file): line ignored".into()
            }
        }
    }
}

impl std::fmt::Display for BadReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Bytes of a results file as text: UTF-8 (the game's), else Windows-1252 (a file re-saved by
/// a French spreadsheet). A UTF-8 file with a few broken bytes stays UTF-8: its broken
/// characters become U+FFFD and [`parse_csv`] sets their lines aside. NUL bytes become U+FFFD.
pub fn decode(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) if has_utf8_sequence(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    text.replace('\0', "\u{fffd}")
}

/// Whether `bytes` hold at least one well-formed multi-byte UTF-8 character (é is C3 A9),
/// which a Windows-1252 file of French text practically never does.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| (0xC2..=0xF4).contains(&w[0]) && (0x80..=0xBF).contains(&w[1]))
}

/// A Windows-1252 byte as a character (0x80–0x9F hold € ‘ ’ “ ” œ …).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The field separator: `,` as the game writes, or `;` when the header says so (French
/// spreadsheets save CSV with semicolons).
fn separator(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let header_with = |sep: char| first.split(sep).map(str::trim).eq(HEADER.iter().copied());
    if !header_with(',') && header_with(';') {
        ';'
    } else {
        ','
    }
}

/// Reads a results file; good rows are kept, bad ones reported with their line. Lines may end
/// in CRLF, LF or a lone CR; fields may be separated by `,` or `;` (see [`separator`]).
pub fn parse_csv(text: &str) -> (Vec<Record>, Vec<BadRow>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut records = Vec::new();
    let mut bad = Vec::new();
    let mut pos = 0;
    let mut line = 1;
    while pos < text.len() {
        let row = next_row(text, pos, sep);
        // A quote left open swallows the lines after it: when that makes a row that cannot
        // be right (open to the end, or several lines that are not 8 fields), only its first
        // line is set aside and reading goes on at the next line. (The game's own fields never
        // hold a line break.)
        if row.open || (row.lines > 1 && row.fields.len() != HEADER.len()) {
            bad.push(BadRow {
                line,
                reason: BadReason::UnterminatedQuote,
            });
            pos = line_end(text, pos);
            line += 1;
            continue;
        }
        if row.fields.iter().any(|f| f.contains('\u{fffd}')) {
            bad.push(BadRow {
                line,
                reason: BadReason::BadBytes,
            });
        } else {
            read_row(line, &row.fields, &mut records, &mut bad);
        }
        pos = row.next;
        line += row.lines;
    }
    (records, bad)
}

fn read_row(line: usize, fields: &[String], records: &mut Vec<Record>, bad: &mut Vec<BadRow>) {
    if fields.len() == 1 && fields[0].trim().is_empty() {
        return;
    }
    if fields.iter().map(String::as_str).eq(HEADER.iter().copied()) {
        return;
    }
    if fields.len() != HEADER.len() {
        bad.push(BadRow {
            line,
            reason: BadReason::FieldCount {
                found: fields.len(),
            },
        });
        return;
    }
    let unquote = |s: &str| {
        s.strip_prefix('\'')
            .filter(|r| r.starts_with(FORMULA_STARTS))
            .unwrap_or(s)
            .to_string()
    };
    let number = |i: usize| fields[i].trim().parse::<i64>();
    match (number(5), number(6), number(7)) {
        (Ok(score), Ok(stars), Ok(duration))
            if (0..=100).contains(&score) && (0..=3).contains(&stars) && duration >= 0 =>
        {
            records.push(Record {
                level: unquote(&fields[0]),
                class_code: unquote(&fields[1]),
                label: unquote(&fields[2]),
                choices: unquote(&fields[3]),
                outcome: unquote(&fields[4]),
                score: score as i32,
                stars: stars as u8,
                duration_s: duration as u64,
            });
        }
        _ => bad.push(BadRow {
            line,
            reason: BadReason::Numbers,
        }),
    }
}

/// One CSV row read from a byte offset.
struct Row {
    fields: Vec<String>,
    /// Offset just after the row (after its line break).
    next: usize,
    /// Lines it spans (a quoted field may hold line breaks).
    lines: usize,
    /// A quote was still open at the end of the text.
    open: bool,
}

/// Reads the row starting at byte `start`, honouring quotes.
/// The offset just after the line break that ends the line starting at `pos` (LF, CRLF or a
/// lone CR).
fn line_end(text: &str, pos: usize) -> usize {
    match text[pos..].find(['\n', '\r']) {
        None => text.len(),
        Some(n) if text[pos + n..].starts_with("\r\n") => pos + n + 2,
        Some(n) => pos + n + 1,
    }
}

fn next_row(text: &str, start: usize, sep: char) -> Row {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut lines = 1;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek().map(|&(_, n)| n) == Some('"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => in_quotes = false,
            ('"', false) if field.is_empty() => in_quotes = true,
            (c, false) if c == sep => fields.push(std::mem::take(&mut field)),
            // CRLF: the LF ends the row; a lone CR (old Mac, some exports) ends it too.
            ('\r', false) if chars.peek().map(|&(_, n)| n) == Some('\n') => {}
            ('\n' | '\r', false) => {
                fields.push(field);
                return Row {
                    fields,
                    next: start + at + 1,
                    lines,
                    open: false,
                };
            }
            ('\n', true) => {
                lines += 1;
                field.push(c);
            }
            _ => field.push(c),
        }
    }
    fields.push(field);
    Row {
        fields,
        next: text.len(),
        lines,
        open: in_quotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(label: &str) -> Record {
        Record {
            level: "concours".into(),
            class_code: "LYNX-42".into(),
            label: label.into(),
            choices: "form=0+1;chat=1".into(),
            outcome: "success".into(),
            score: 88,
            stars: 3,
            duration_s: 312,
        }
    }

    #[test]
    fn csv_round_trips_with_accents_quotes_and_formulas() {
        let mut text = csv_start();
        for label in [
            "Équipe « Lynx »",
            "a,b",
            "say \"hi\"",
            "=1+1",
            "line\nbreak",
        ] {
            text.push_str(&csv_row(&record(label)));
        }
        assert!(text.starts_with('\u{feff}'));
        let (records, bad) = parse_csv(&text);
        assert!(bad.is_empty(), "{bad:?}");
        let labels: Vec<&str> = records.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Équipe « Lynx »",
                "a,b",
                "say \"hi\"",
                "=1+1",
                "line\nbreak"
            ]
        );
        assert!(text.contains("'=1+1"), "formula neutralised: {text}");
    }

    #[test]
    fn bad_rows_are_located_and_good_rows_kept() {
        let mut text = csv_start();
        text.push_str(&csv_row(&record("A")));
        text.push_str("concours,LYNX-42,B,x,success,lots,3,10\r\n");
        text.push_str("too,few\r\n");
        text.push_str(&csv_row(&record("C")));
        let (records, bad) = parse_csv(&text);
        assert_eq!(records.len(), 2);
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn an_unclosed_quote_costs_its_line_only() {
        let mut text = csv_start();
        text.push_str(&csv_row(&record("A")));
        text.push_str("concours,\"LYNX-42,B,x,success,50,1,10\r\n");
        text.push_str(&csv_row(&record("C")));
        text.push_str("concours,LYNX-42,\"D,x,success,50,1,10\r\n");
        let (records, bad) = parse_csv(&text);
        let labels: Vec<&str> = records.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["A", "C"]);
        assert_eq!(
            bad,
            [
                BadRow {
                    line: 3,
                    reason: BadReason::UnterminatedQuote
                },
                BadRow {
                    line: 5,
                    reason: BadReason::UnterminatedQuote
                }
            ]
        );
        assert!(bad[0].reason.text(Lang::Fr).contains("guillemet"));
    }

    #[test]
    fn a_spreadsheet_resave_is_read_semicolons_windows_1252_and_lone_cr() {
        let good = csv_row(&record("Les Lynx"));
        let semicolons = format!("{}\n{}", HEADER.join(";"), good.replace(',', ";"));
        let (rows, bad) = parse_csv(&semicolons);
        assert_eq!((rows.len(), bad.len()), (1, 0), "{bad:?}");
        // "Équipe é" in Windows-1252, with lone CR line ends.
        let mut bytes = format!("{}\r", HEADER.join(",")).into_bytes();
        let row = csv_row(&record("EQUIPE")).replace("EQUIPE", "\u{1}quipe \u{2}");
        for b in row.trim_end().bytes() {
            bytes.push(match b {
                1 => 0xC9,
                2 => 0xE9,
                b => b,
            });
        }
        bytes.push(b'\r');
        let text = decode(&bytes);
        let (rows, bad) = parse_csv(&text);
        assert_eq!(bad, vec![]);
        assert_eq!(rows[0].label, "Équipe é");
    }

    #[test]
    fn a_bad_byte_costs_its_line_only() {
        let mut bytes = csv_start().into_bytes();
        for i in 0..100 {
            let mut row = csv_row(&record(&format!("p{i}"))).into_bytes();
            if i == 50 {
                row.insert(3, 0);
            }
            if i == 70 {
                row.insert(3, 0xFF);
            }
            bytes.extend(row);
        }
        let (rows, bad) = parse_csv(&decode(&bytes));
        assert_eq!(rows.len(), 98);
        let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![52, 72]);
        assert!(bad.iter().all(|b| b.reason == BadReason::BadBytes));
    }

    #[test]
    fn a_leading_tab_or_cr_is_neutralised_like_a_formula() {
        for evil in ["\t=1+1", "\r=1+1", "=1+1", "@SUM(A1)"] {
            let mut r = record("x");
            r.class_code = evil.to_string();
            let row = csv_row(&r);
            assert!(row.contains(&format!("'{evil}")), "{row:?}");
            let (rows, _) = parse_csv(&format!("{}{row}", csv_start()));
            assert_eq!(rows[0].class_code, evil, "read back as written");
        }
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(
            clean_label("  Les Lynx du fond de la classe qui parlent  ")
                .chars()
                .count(),
            MAX_LABEL
        );
    }
}
