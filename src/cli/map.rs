//! `agent-trace map LEVEL -o map.html`: the map of a mission as a printable page (see
//! `core::pages::map`). LEVEL is a level file (.ron) or a mission id of the campaign
//! (`--levels`, default `levels/`). A level with errors is still drawn when it parses — a map
//! helps most then; what the checker found is marked on it and counted. Only a file that
//! cannot be read as a level stops here, with its diagnostics and exit code 1.

use crate::cli::report::same_file;
use crate::core::check::LevelCheck;
use crate::core::check::explore::Exploration;
use crate::core::check::spans::SpanIndex;
use crate::core::files::write_atomic;
use crate::core::model::level::Level;
use crate::core::model::text::Lang;
use crate::core::pages::map::{self, MapSource, SceneFacts};
use crate::core::pages::map_layout;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

pub fn run(
    level: &str,
    output: &Path,
    levels: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    if same_file(Path::new(level), output) {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                "erreur : la carte écraserait le fichier de la mission : choisis un autre nom avec -o",
                "error: the map would overwrite the level file: choose another name with -o"
            )
        );
        return 1;
    }
    let Some(checked) = find(level, levels, lang, err) else {
        return 1;
    };
    let Some(parsed) = checked.checked.value.as_ref() else {
        for d in &checked.checked.diagnostics {
            let _ = writeln!(err, "{}", d.render(checked.checked.source.as_deref(), lang));
        }
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!(
                    "erreur : {} ne se lit pas : pas de carte",
                    checked.checked.file
                ),
                format!("error: {} cannot be read: no map", checked.checked.file),
            )
        );
        return 1;
    };
    let source = map_source(&checked, parsed, output);
    let layout = map_layout::layout(parsed, lang);
    let html = map::map_page(parsed, &layout, &source, lang);
    if let Err(e) = write_atomic(output, html.as_bytes()) {
        let _ = writeln!(
            err,
            "{} {}: {e}",
            lang.pick("erreur : impossible d'écrire", "error: cannot write"),
            display(output)
        );
        return 1;
    }
    report_written(out, output, parsed, &layout, &source, lang);
    0
}

fn report_written(
    out: &mut impl Write,
    output: &Path,
    level: &Level,
    layout: &map_layout::MapLayout,
    source: &MapSource,
    lang: Lang,
) {
    let drawn = level.scenes.len() - layout.left_out;
    let _ = writeln!(
        out,
        "{} {} ({}, {drawn}/{} {})",
        lang.pick("Carte écrite :", "Map written:"),
        display(output),
        level.title.get(lang),
        level.scenes.len(),
        lang.pick("scènes dessinées", "scenes drawn"),
    );
    if source.errors + source.warnings > 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!(
                    "{} erreur(s), {} avertissement(s) : agent-trace check {} les détaille",
                    source.errors, source.warnings, source.file
                ),
                format!(
                    "{} error(s), {} warning(s): agent-trace check {} shows them",
                    source.errors, source.warnings, source.file
                ),
            )
        );
    }
}

/// The level named on the command line, checked, as `debrief` finds it (a file, in its
/// folder's campaign when that lists it; or a mission id of `levels`).
fn find(
    level: &str,
    levels: Option<&Path>,
    lang: Lang,
    err: &mut impl Write,
) -> Option<LevelCheck> {
    crate::cli::debrief::find(level, levels, lang, err).map(|(checked, _, _)| checked)
}

/// What the page needs from the checker: each scene's line, the explorer's findings, the
/// link to the file from where the page is written.
fn map_source(checked: &LevelCheck, level: &Level, output: &Path) -> MapSource {
    let file = &checked.checked.file;
    let spans = checked.checked.source.as_deref().map(SpanIndex::build);
    let explored = checked
        .exploration
        .as_ref()
        .filter(|ex| !ex.truncated && ex.reached.len() == level.scenes.len());
    let facts = (0..level.scenes.len())
        .map(|i| scene_facts(spans.as_ref(), explored, i))
        .collect();
    let diagnostics = &checked.checked.diagnostics;
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    MapSource {
        href: href_from(output, Path::new(file)),
        file: file.clone(),
        facts,
        explored: explored.is_some(),
        errors,
        warnings: diagnostics.len() - errors,
    }
}

fn scene_facts(spans: Option<&SpanIndex>, ex: Option<&Exploration>, i: usize) -> SceneFacts {
    let line = spans
        .and_then(|s| s.get(&format!("scenes[{i}]")))
        .map(|span| span.start.line);
    match ex {
        Some(ex) => SceneFacts {
            line,
            unreachable: !ex.reached[i],
            stuck: ex.stuck[i],
            no_option: ex.no_option[i],
            loop_with_effects: ex.loop_with_effects[i],
        },
        None => SceneFacts {
            line,
            ..SceneFacts::default()
        },
    }
}

/// The level file's address as seen from the page's folder: relative when they share a
/// root (the page still works when both are copied together), else a `file://` URL.
fn href_from(output: &Path, file: &Path) -> String {
    let out_dir = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Ok(from), Ok(to)) = (std::fs::canonicalize(out_dir), std::fs::canonicalize(file)) else {
        return url_path(&display(file));
    };
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return format!("file://{}", url_path(&display(&to)));
    }
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for part in &to_parts[common..] {
        rel.push(part.as_os_str());
    }
    url_path(&display(&rel))
}

/// Escapes what a path may hold that a URL may not (spaces, `#`, `?`, `%`).
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}
