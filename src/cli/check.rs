//! `agent-trace check [PATHS…]`: validate level files like a compiler.

use crate::cli::stats;
use crate::core::check::diagnostic::{Diagnostic, Problem, render_file};
use crate::core::check::load::{self, FileKind};
use crate::core::check::validate::Summary;
use crate::core::check::{self, Disk, LevelCheck};
use crate::core::model::campaign::Glossary;
use crate::core::model::text::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Folders deeper than this are not searched (and symlinked folders are never followed).
const MAX_DEPTH: usize = 8;

/// What one run of `check` found.
#[derive(Default)]
pub struct Outcome {
    pub errors: usize,
    pub warnings: usize,
    pub summaries: Vec<Summary>,
}

/// Everything the checker prints, in order, with the source text for excerpts.
struct Printer<'a, W: Write> {
    out: &'a mut W,
    lang: Lang,
    outcome: Outcome,
    /// `--stats`: one row per valid level.
    stats: Option<Vec<stats::Row>>,
}

impl<W: Write> Printer<'_, W> {
    fn diagnostics(&mut self, diags: &[Diagnostic], source: Option<&str>) {
        let _ = write!(self.out, "{}", render_file(diags, source, self.lang));
        self.outcome.errors += diags.iter().filter(|d| d.is_error()).count();
        self.outcome.warnings += diags.iter().filter(|d| !d.is_error()).count();
    }

    /// A folder without campaign.ron still plays: say how, and what it cannot do.
    fn no_campaign(&mut self, dir: &Path, levels: usize) {
        let dir = display(dir);
        let _ = match self.lang {
            Lang::Fr => writeln!(
                self.out,
                "note : pas de campaign.ron dans `{dir}` : le jeu y jouera les {levels} fichier(s) de niveau dans l'ordre de leur nom, en un seul chapitre. Le jeu web a besoin d'un campaign.ron (voir docs/levels.md, « Votre dossier »).\n"
            ),
            Lang::En => writeln!(
                self.out,
                "note: no campaign.ron in `{dir}`: the game will play its {levels} level file(s) in file-name order, as one chapter. The web game needs a campaign.ron (see docs/levels.en.md, \"Your folder\").\n"
            ),
        };
    }

    fn level(&mut self, l: &LevelCheck) {
        let c = &l.checked;
        // A diagnostic may belong to another file (a missing level is reported in the manifest).
        self.diagnostics(&c.diagnostics, c.source.as_deref());
        if let Some(s) = &l.summary {
            let _ = writeln!(self.out, "✓ {}", s.render(self.lang));
            self.outcome.summaries.push(s.clone());
        }
        if let (Some(rows), Some(level), Some(ex), Some(_)) =
            (&mut self.stats, &c.value, &l.exploration, &l.summary)
        {
            rows.push(stats::row(level, ex));
        }
    }
}

/// Runs the checks on `paths` (default `levels/`), prints the report, returns the counts.
pub fn run(paths: &[PathBuf], lang: Lang, stats: bool, out: &mut impl Write) -> Outcome {
    let default = [PathBuf::from("levels")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut p = Printer {
        out,
        lang,
        outcome: Outcome::default(),
        stats: stats.then(Vec::new),
    };
    for path in paths {
        check_path(path, &mut p);
    }
    if let Some(rows) = &p.stats {
        let _ = write!(p.out, "\n{}\n", stats::render(rows, lang));
    }
    let o = &p.outcome;
    let _ = match lang {
        Lang::Fr => writeln!(
            p.out,
            "{} niveau(x) valide(s), {} erreur(s), {} avertissement(s)",
            o.summaries.len(),
            o.errors,
            o.warnings
        ),
        Lang::En => writeln!(
            p.out,
            "{} valid level(s), {} error(s), {} warning(s)",
            o.summaries.len(),
            o.errors,
            o.warnings
        ),
    };
    p.outcome
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn check_path<W: Write>(path: &Path, p: &mut Printer<W>) {
    let meta = std::fs::metadata(path);
    if meta.as_ref().is_ok_and(|m| m.is_dir()) {
        check_folder(path, p);
        return;
    }
    let file = display(path);
    // A single file: its kind decides what to do.
    let src = match crate::core::check::source::read_text(path) {
        Ok(s) => s,
        Err((problem, span)) => {
            p.diagnostics(&[Diagnostic::new(&file, span, problem)], None);
            return;
        }
    };
    match load::detect_kind(&src, &file) {
        Ok(FileKind::Campaign) => check_campaign(&file, p, &[]),
        Ok(FileKind::Glossary) => {
            let g = check::check_glossary(&Disk, &file);
            p.diagnostics(&g.diagnostics, g.source.as_deref());
        }
        Ok(FileKind::Level) => {
            // A level listed in its folder's campaign is checked in that context, so its
            // callbacks to other missions are checked too.
            let manifest = path.parent().unwrap_or(Path::new(".")).join("campaign.ron");
            if manifest.is_file() {
                let c = check::check_campaign(&Disk, &display(&manifest));
                let me = normalize(&file);
                if let Some((_, l)) = c
                    .levels
                    .iter()
                    .find(|(_, l)| normalize(&l.checked.file) == me)
                {
                    p.level(l);
                    return;
                }
            }
            let glossary = sibling_glossary(path);
            let l = check::validate_level(
                check::parse_level_text(&file, src),
                crate::core::check::validate::Context {
                    glossary: glossary.as_ref(),
                    campaign: None,
                },
            );
            p.level(&l);
        }
        Err((problem, span)) => p.diagnostics(&[Diagnostic::new(&file, span, problem)], Some(&src)),
    }
}

/// The folder's own glossary next to a loose level file, if there is one that parses (the
/// bundled glossary is always there as well).
fn sibling_glossary(path: &Path) -> Option<Glossary> {
    let g = path.parent().unwrap_or(Path::new(".")).join("glossary.ron");
    g.is_file()
        .then(|| check::check_glossary(&Disk, &display(&g)).value)
        .flatten()
}

fn check_campaign<W: Write>(manifest: &str, p: &mut Printer<W>, others: &[String]) {
    let c = check::check_campaign(&Disk, manifest);
    p.diagnostics(&c.manifest.diagnostics, c.manifest.source.as_deref());
    if let Some(g) = &c.glossary {
        let source = g.source.as_deref().or(c.manifest.source.as_deref());
        p.diagnostics(&g.diagnostics, source);
    }
    for (_, l) in &c.levels {
        if l.checked.source.is_none() {
            // The file is missing: its diagnostic points into the manifest.
            p.diagnostics(&l.checked.diagnostics, c.manifest.source.as_deref());
        } else {
            p.level(l);
        }
    }
    // Level files in the folder that the manifest does not list.
    let used: Vec<String> = c.files().iter().map(|f| normalize(f)).collect();
    let glossary = c.glossary().cloned();
    for other in others {
        if used.contains(&normalize(other)) {
            continue;
        }
        let rel = Path::new(other)
            .strip_prefix(Path::new(manifest).parent().unwrap_or(Path::new("")))
            .map(display)
            .unwrap_or_else(|_| other.clone());
        p.diagnostics(
            &[Diagnostic::new(
                other,
                None,
                Problem::NotInCampaign { file: rel },
            )],
            None,
        );
        let l = check::check_level(&Disk, other, glossary.as_ref());
        p.level(&l);
    }
}

fn normalize(path: &str) -> String {
    let p = Path::new(path);
    std::fs::canonicalize(p)
        .map(|c| display(&c))
        .unwrap_or_else(|_| path.trim_start_matches("./").to_string())
}

/// A folder is checked the way the game opens it with `--levels`: its campaign.ron, or
/// else every level file directly in it, in file-name order. Each sub-folder is checked
/// the same way, as a folder of its own.
fn check_folder<W: Write>(dir: &Path, p: &mut Printer<W>) {
    let mut files = Vec::new();
    collect_ron_files(dir, 0, &mut files);
    files.sort();
    if files.is_empty() {
        p.diagnostics(
            &[Diagnostic::new(&display(dir), None, Problem::NoLevelFiles)],
            None,
        );
        return;
    }
    let (here, below): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| f.parent() == Some(dir));
    if !here.is_empty() {
        check_folder_files(dir, &here, p);
    }
    let mut subfolders: Vec<PathBuf> = below
        .iter()
        .filter_map(|f| f.strip_prefix(dir).ok()?.components().next())
        .map(|c| dir.join(c))
        .collect();
    subfolders.dedup();
    for sub in subfolders {
        check_folder(&sub, p);
    }
}

/// The level files directly in `dir`: through its campaign.ron when there is one.
fn check_folder_files<W: Write>(dir: &Path, files: &[PathBuf], p: &mut Printer<W>) {
    let manifest = dir.join("campaign.ron");
    if manifest.is_file() {
        let others: Vec<String> = files
            .iter()
            .filter(|f| **f != manifest)
            .map(|f| display(f))
            .collect();
        check_campaign(&display(&manifest), p, &others);
        return;
    }
    let glossary_path = dir.join("glossary.ron");
    let glossary = glossary_path
        .is_file()
        .then(|| check::check_glossary(&Disk, &display(&glossary_path)));
    if let Some(g) = &glossary {
        p.diagnostics(&g.diagnostics, g.source.as_deref());
    }
    let g = glossary.as_ref().and_then(|g| g.value.as_ref());
    let levels: Vec<&PathBuf> = files.iter().filter(|f| **f != glossary_path).collect();
    p.no_campaign(dir, levels.len());
    for f in levels {
        let l = check::check_level(&Disk, &display(f), g);
        p.level(&l);
    }
}

fn collect_ron_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            collect_ron_files(&path, depth + 1, out);
        } else if path.extension().is_some_and(|x| x == "ron") {
            // Files and symlinks to anything: `read_text` refuses what is not a file.
            out.push(path);
        }
    }
}
