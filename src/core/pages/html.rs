//! Small HTML helpers shared by the class report and the printable debrief sheets: escaping,
//! the page skeleton with its print stylesheet (A4, black and white), and horizontal bar
//! charts as inline SVG. The pages use no JavaScript and load nothing: they open from a USB
//! stick, print, and show the same on every computer.

use crate::core::model::text::Lang;
use std::fmt::Write;

/// Escapes text for HTML content and attribute values (quotes included).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no place in a printed page (a CSV field may hold some).
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet: A4 pages, black on white, meaning never carried by colour alone.
pub const CSS: &str = r#"
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
html { background: #fff }
body {
  font-family: "Atkinson Hyperlegible", Verdana, "DejaVu Sans", Arial, sans-serif;
  font-size: 11pt; line-height: 1.4; color: #000; background: #fff;
  max-width: 180mm; margin: 0 auto; padding: 10mm 0;
}
h1 { font-size: 20pt; margin: 0 0 4pt }
h2 { font-size: 15pt; border-bottom: 2pt solid #000; padding-bottom: 2pt; margin: 18pt 0 6pt }
h3 { font-size: 12.5pt; margin: 12pt 0 4pt }
h4 { font-size: 11pt; margin: 8pt 0 2pt }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid }
p { margin: 3pt 0 }
figure, table, tr, .scene, .card, .lesson, dl > div, li { break-inside: avoid; page-break-inside: avoid }
section.level, section.page { break-before: page; page-break-before: always }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt }
th, td { border: 0.75pt solid #000; padding: 2pt 5pt; text-align: left; vertical-align: top }
th { background: #e8e8e8; font-weight: bold }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums }
figure { margin: 6pt 0 10pt }
figcaption { margin-bottom: 3pt }
svg.bars { width: 100%; height: auto; display: block }
.meta, .note, .legend { font-size: 9.5pt }
.kind { font-variant: small-caps; font-weight: bold }
.situation { margin: 2pt 0 4pt; padding-left: 6pt; border-left: 3pt solid #000 }
.msg-me { text-align: right }
.lesson { border: 1.5pt solid #000; padding: 5pt 8pt; margin: 8pt 0; font-weight: bold }
.best { font-weight: bold }
.why { font-style: italic }
.url { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9pt; word-break: break-all }
.write { border-bottom: 1pt dotted #000; height: 2.4em }
.stars { letter-spacing: 1pt; white-space: nowrap }
ol, ul { margin: 3pt 0 6pt; padding-left: 18pt }
dl { margin: 3pt 0 } dt { font-weight: bold } dd { margin: 0 0 4pt 12pt }
@media print { body { max-width: none; padding: 0 } }
"#;

/// A whole page: `title` is plain text (escaped here), `body` is HTML.
pub fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        lang.code(),
        escape(title)
    )
}

/// How a bar is marked. Never colour alone: a sign in the label and a fill pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Plain,
    /// The better option, a needed field, a right answer: ✔ and a solid black bar.
    Good,
    /// A careless choice: ⚠ and a hatched bar.
    Careless,
}

impl Mark {
    pub fn sign(self) -> &'static str {
        match self {
            Mark::Plain => "",
            Mark::Good => "✔ ",
            Mark::Careless => "⚠ ",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// Plain text (escaped when drawn).
    pub label: String,
    pub count: usize,
    pub mark: Mark,
}

/// `count` out of `total` as a whole percentage, rounded (0 when `total` is 0).
pub fn percent(count: usize, total: usize) -> usize {
    (count * 100 + total / 2).checked_div(total).unwrap_or(0)
}

/// `12 (40 %)` in French, `12 (40%)` in English.
pub fn count_and_percent(count: usize, total: usize, lang: Lang) -> String {
    let p = percent(count, total);
    match lang {
        Lang::Fr => format!("{count} ({p}\u{a0}%)"),
        Lang::En => format!("{count} ({p}%)"),
    }
}

/// A number with one decimal, with a decimal comma in French.
pub fn decimal(value: f64, lang: Lang) -> String {
    let s = format!("{value:.1}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// `★★☆` for 2 stars out of 3.
pub fn stars(n: u8) -> String {
    let n = n.min(3) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(3 - n))
}

/// Splits text into lines of at most `width` characters, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        // A word longer than a line is cut.
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

const CHART_WIDTH: usize = 680;
const BAR_MAX: usize = 520;
const LINE: usize = 16;
const BAR_HEIGHT: usize = 14;
/// Characters per label line at the chart's font size.
const LABEL_CHARS: usize = 92;

/// A horizontal bar chart as inline SVG: each bar has its label above it (✔/⚠ sign first) and
/// `count (percent)` after it; the bar length is the percentage of `total`. `id` must be
/// unique in the page (it prefixes the fill pattern); `attrs` are extra attributes for the
/// `<svg>` element (already escaped), `title` plain text for screen readers.
pub fn bar_chart(
    id: &str,
    attrs: &str,
    title: &str,
    bars: &[Bar],
    total: usize,
    lang: Lang,
) -> String {
    let id = escape(id);
    let mut rows = String::new();
    let mut y = 4;
    for bar in bars {
        let label = format!("{}{}", bar.mark.sign(), bar.label);
        let figure = count_and_percent(bar.count, total, lang);
        let _ = write!(
            rows,
            "<g class=\"bar\"><title>{}: {}</title>",
            escape(&label),
            escape(&figure)
        );
        for line in wrap(&label, LABEL_CHARS) {
            y += LINE;
            let weight = if bar.mark == Mark::Good {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let _ = write!(
                rows,
                "<text x=\"0\" y=\"{}\" font-size=\"13\"{weight}>{}</text>",
                y - 4,
                escape(&line)
            );
        }
        let width = if total == 0 {
            0
        } else {
            (bar.count * BAR_MAX).div_ceil(total).min(BAR_MAX)
        };
        let fill = match bar.mark {
            Mark::Good => "#000".to_string(),
            Mark::Careless => format!("url(#{id}-hatch)"),
            Mark::Plain => "#bbb".to_string(),
        };
        if width > 0 {
            let _ = write!(
                rows,
                "<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{BAR_HEIGHT}\" fill=\"{fill}\" \
                 stroke=\"#000\" stroke-width=\"1\"/>"
            );
        } else {
            // An empty bar is still visible as a thin line: nobody chose it.
            let _ = write!(
                rows,
                "<rect x=\"0\" y=\"{y}\" width=\"1\" height=\"{BAR_HEIGHT}\" fill=\"#000\"/>"
            );
        }
        let _ = write!(
            rows,
            "<text class=\"count\" x=\"{}\" y=\"{}\" font-size=\"13\">{}</text></g>",
            width.max(1) + 6,
            y + BAR_HEIGHT - 2,
            escape(&figure)
        );
        y += BAR_HEIGHT + 8;
    }
    let height = y + 2;
    format!(
        "<svg class=\"bars\" {attrs} xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         viewBox=\"0 0 {CHART_WIDTH} {height}\" width=\"{CHART_WIDTH}\" height=\"{height}\" \
         font-family=\"Verdana, 'DejaVu Sans', Arial, sans-serif\">\
         <title>{}</title>\
         <defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>\
         <rect width=\"2.5\" height=\"6\" fill=\"#000\"/></pattern></defs>{rows}</svg>",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"é\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;é&quot;"
        );
        assert_eq!(escape("a\u{7}b"), "a\u{fffd}b");
    }

    #[test]
    fn wrapping_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("un deux trois", 7), ["un deux", "trois"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        for line in wrap(&"mot ".repeat(100), 30) {
            assert!(line.chars().count() <= 30);
        }
    }

    #[test]
    fn numbers_are_written_the_local_way() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(count_and_percent(12, 30, Lang::En), "12 (40%)");
        assert_eq!(count_and_percent(12, 30, Lang::Fr), "12 (40\u{a0}%)");
        assert_eq!(decimal(2.26, Lang::Fr), "2,3");
        assert_eq!(decimal(2.35, Lang::En), "2.4");
        assert_eq!(stars(2), "★★☆");
    }

    #[test]
    fn a_chart_has_one_bar_per_item_with_its_count_and_marks() {
        let bars = [
            Bar {
                label: "Lire <le> règlement".into(),
                count: 3,
                mark: Mark::Good,
            },
            Bar {
                label: "Foncer".into(),
                count: 1,
                mark: Mark::Careless,
            },
            Bar {
                label: "Rien".into(),
                count: 0,
                mark: Mark::Plain,
            },
        ];
        let svg = bar_chart("c1", "data-scene=\"x\"", "Titre", &bars, 4, Lang::En);
        assert_eq!(svg.matches("<g class=\"bar\">").count(), 3);
        assert!(svg.contains("✔ Lire &lt;le&gt; règlement"));
        assert!(svg.contains("⚠ Foncer"));
        assert!(svg.contains(">3 (75%)</text>"));
        assert!(svg.contains(">0 (0%)</text>"));
        assert!(svg.contains("url(#c1-hatch)"));
        assert!(!svg.contains("<le>"));
    }
}
