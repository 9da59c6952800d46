//! `agent-trace strings export [PATHS…] -o textes.csv` and `agent-trace strings import
//! textes.csv`: every text pupils read, in a spreadsheet for proofreading and translation, and
//! the edited texts written back into the level files (see `core::pages::strings`).
//!
//! Export: one row per text of each level, campaign and glossary file (a folder gives its
//! campaign.ron, its levels in playing order, then its other files). Exit code 1 when a file
//! could not be read (the others are still exported).
//!
//! Import: only the string literals whose text changed are rewritten, each file atomically.
//! A row is refused, and said so, when its file is missing or does not parse, its id is gone,
//! or its text changed both in the sheet and in the file since the export. The files written
//! are checked before and after, as `agent-trace check` does, and the result is compared.
//! Exit code 1 when a row was refused or the check found more errors than before.

use crate::cli::check;
use crate::cli::report::same_file;
use crate::core::check::diagnostic::{Diagnostic, Problem, render_file};
use crate::core::check::load::{self, FileKind};
use crate::core::check::source::{self, MAX_FILE_BYTES};
use crate::core::files::{ReadError, read_capped, write_atomic};
use crate::core::model::campaign::{Campaign, Glossary};
use crate::core::model::level::Level;
use crate::core::model::text::Lang;
use crate::core::pages::strings::{self, Plan, SheetRow};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum Action {
    /// Write every text pupils read (French and English) into a spreadsheet (CSV for
    /// LibreOffice Calc), one row per text: file, id, French, English, check.
    Export {
        /// Level files or folders (default: levels/); a folder's campaign.ron and glossary.ron
        /// are included.
        paths: Vec<PathBuf>,
        /// The CSV file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write the texts edited in the spreadsheet back into the level files, changing nothing
    /// else; rows that no longer match are refused and listed. Run it from the folder the
    /// export was run from (the sheet's paths are relative to it).
    Import {
        /// The sheet written by `strings export`, edited and saved as CSV (UTF-8).
        file: PathBuf,
    },
}

/// Runs the command; what was done goes to `out`, problems to `err`. Returns the exit code.
pub fn run(action: &Action, lang: Lang, out: &mut impl Write, err: &mut impl Write) -> i32 {
    match action {
        Action::Export { paths, output } => export(paths, output, lang, out, err),
        Action::Import { file } => import(file, lang, out, err),
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A level, campaign or glossary file's text, and whether it starts with a byte-order mark
/// (dropped for reading, written back as it was).
struct Source {
    text: String,
    bom: bool,
}

/// Reads a file and makes sure RON reads it too: a text found in a file that does not parse
/// could be anything. The error is the diagnostic `check` would print.
fn read_source(path: &Path, lang: Lang) -> Result<Source, String> {
    let file = display(path);
    let located = |problem, span| render_file(&[Diagnostic::new(&file, span, problem)], None, lang);
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|e| {
        let problem = match e {
            ReadError::Missing(why) | ReadError::Unreadable(why) => Problem::Unreadable(why),
            ReadError::NotAFile => Problem::NotAFile,
            ReadError::TooBig { size, limit } => Problem::TooBig { size, limit },
        };
        located(problem, None)
    })?;
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    let text = source::text_from_bytes(bytes).map_err(|(problem, span)| located(problem, span))?;
    parses(&file, &text, lang)?;
    Ok(Source { text, bom })
}

/// Whether `text` parses as the kind of file it says it is; else `check`'s diagnostic.
fn parses(file: &str, text: &str, lang: Lang) -> Result<(), String> {
    let kind = load::detect_kind(text, file).map_err(|(problem, span)| {
        render_file(&[Diagnostic::new(file, span, problem)], Some(text), lang)
    })?;
    let parsed = match kind {
        FileKind::Level => load::parse::<Level>(file, text).map(drop),
        FileKind::Campaign => load::parse::<Campaign>(file, text).map(drop),
        FileKind::Glossary => load::parse::<Glossary>(file, text).map(drop),
    };
    parsed.map_err(|d| render_file(&[d], Some(text), lang))
}

// ---------------------------------------------------------------------------------------
// Export

/// The files a folder holds, in the order a proofreader reads them: campaign.ron, the
/// levels it lists in playing order, then every other `.ron` file by name (the glossary…).
fn folder_files(dir: &Path) -> Vec<PathBuf> {
    let mut by_name: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    by_name.sort();
    let manifest = dir.join("campaign.ron");
    let mut ordered = Vec::new();
    if manifest.is_file() {
        ordered.push(manifest.clone());
        let campaign = source::read_text(&manifest)
            .ok()
            .and_then(|src| load::parse::<Campaign>(&display(&manifest), &src).ok());
        for rel in campaign.iter().flat_map(Campaign::level_files) {
            let level = dir.join(rel);
            if level.is_file() && !ordered.contains(&level) {
                ordered.push(level);
            }
        }
    }
    for file in by_name {
        if !ordered.contains(&file) {
            ordered.push(file);
        }
    }
    ordered
}

/// The files named on the command line, folders opened, each file once.
fn files_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        let found = if path.is_dir() {
            folder_files(path)
        } else {
            vec![path.clone()]
        };
        for f in found {
            if !files.iter().any(|known| same_file(known, &f)) {
                files.push(f);
            }
        }
    }
    files
}

fn export(
    paths: &[PathBuf],
    output: &Path,
    lang: Lang,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let default = [PathBuf::from("levels")];
    let files = files_of(if paths.is_empty() { &default } else { paths });
    if let Some(input) = files.iter().find(|f| same_file(f, output)) {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!(
                    "erreur : {} est un des fichiers à exporter : choisissez un autre nom avec -o",
                    display(input)
                ),
                format!(
                    "error: {} is one of the files to export: choose another name with -o",
                    display(input)
                ),
            )
        );
        return 1;
    }
    let mut rows: Vec<SheetRow> = Vec::new();
    let mut unread = 0;
    for file in &files {
        match read_source(file, lang) {
            Ok(src) => rows.extend(strings::export_rows(
                &display(file),
                &src.text,
                rows.len() + 2,
            )),
            Err(diagnostic) => {
                let _ = write!(err, "{diagnostic}");
                unread += 1;
            }
        }
    }
    if let Err(e) = write_atomic(output, strings::write_csv(&rows, lang).as_bytes()) {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!("erreur : impossible d'écrire {} ({e})", display(output)),
                format!("error: cannot write {} ({e})", display(output)),
            )
        );
        return 1;
    }
    let done = files.len() - unread;
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("{} texte(s) de {done} fichier(s) écrits dans {} (UTF-8, séparateur virgule ; la colonne « contrôle » sert à l'import : ne la modifiez pas)", rows.len(), display(output)),
            format!("{} text(s) from {done} file(s) written to {} (UTF-8, comma separated; the \"check\" column is for the import: leave it as it is)", rows.len(), display(output)),
        )
    );
    if unread > 0 {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!("{unread} fichier(s) illisible(s) non exporté(s) : corrigez-les (agent-trace check) puis exportez à nouveau"),
                format!("{unread} unreadable file(s) not exported: fix them (agent-trace check) and export again"),
            )
        );
    }
    i32::from(unread > 0)
}

// ---------------------------------------------------------------------------------------
// Import

/// The largest sheet read (the whole shipped campaign's sheet is about 0.5 MB).
const MAX_SHEET_BYTES: u64 = 32 * 1024 * 1024;

fn read_sheet(path: &Path, lang: Lang) -> Result<Vec<SheetRow>, String> {
    let bytes = read_capped(path, MAX_SHEET_BYTES).map_err(|e| match e {
        ReadError::Missing(why) | ReadError::Unreadable(why) => why,
        ReadError::NotAFile => lang
            .pick("ce n'est pas un fichier", "not a regular file")
            .into(),
        ReadError::TooBig { size, limit } => lang.pick(
            format!("fichier trop gros ({size} octets, limite {limit})"),
            format!("file too big ({size} bytes, limit {limit})"),
        ),
    })?;
    strings::sheet_text(&bytes)
        .and_then(strings::read_csv)
        .map_err(|e| e.text(lang))
}

/// The sheet's rows grouped by file, files in the order they first appear.
fn by_file(rows: &[SheetRow]) -> Vec<(&str, Vec<&SheetRow>)> {
    let mut groups: Vec<(&str, Vec<&SheetRow>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(file, _)| *file == row.file) {
            Some((_, group)) => group.push(row),
            None => groups.push((&row.file, vec![row])),
        }
    }
    groups
}

/// One file's import, worked out in memory before anything is written.
struct Planned {
    path: PathBuf,
    source: Source,
    plan: Plan,
}

/// Plans the rows of one file; `Err` refuses them all, with the reason.
fn plan_file(file: &str, rows: &[&SheetRow], lang: Lang) -> Result<Planned, String> {
    let path = PathBuf::from(file);
    let source = read_source(&path, lang).map_err(|diagnostic| {
        lang.pick(
            format!("le fichier ne peut pas être lu (les chemins du tableur partent du dossier où l'export a été lancé) :\n{}", diagnostic.trim_end()),
            format!("the file cannot be read (the sheet's paths start from the folder the export was run from):\n{}", diagnostic.trim_end()),
        )
    })?;
    let plan = strings::plan(&source.text, rows);
    // The literals are written so that RON reads them back; this is the proof, per file.
    if plan.changes() {
        parses(file, &plan.source, lang).map_err(|diagnostic| {
            lang.pick(
                format!(
                    "le fichier ne se lirait plus après l'import ; rien n'est écrit :\n{}",
                    diagnostic.trim_end()
                ),
                format!(
                    "the file would no longer parse after the import; nothing is written:\n{}",
                    diagnostic.trim_end()
                ),
            )
        })?;
    }
    Ok(Planned { path, source, plan })
}

fn refused_line(sheet: &str, row: usize, place: &str, why: &str, lang: Lang) -> String {
    lang.pick(
        format!("{sheet}:{row}: ligne refusée : {place} : {why}"),
        format!("{sheet}:{row}: row refused: {place}: {why}"),
    )
}

/// `levels/x.ron:45:17 scenes[debut].text`, where the text is in the file.
fn place(file: &str, src: &str, at: Option<usize>, id: &str) -> String {
    match at {
        Some(at) => {
            let (line, col) = strings::line_col(src, at);
            format!("{file}:{line}:{col} {id}")
        }
        None => format!("{file} {id}"),
    }
}

/// Prints what a file's plan writes and refuses; returns the number of rows refused.
fn report_plan(
    sheet: &str,
    p: &Planned,
    lang: Lang,
    out: &mut impl Write,
    err: &mut impl Write,
) -> usize {
    let file = display(&p.path);
    for w in &p.plan.written {
        let what: Vec<&str> = w
            .langs
            .iter()
            .map(|l| match (l, lang) {
                (Lang::Fr, Lang::Fr) => "français",
                (Lang::En, Lang::Fr) => "anglais",
                (Lang::Fr, Lang::En) => "French",
                (Lang::En, Lang::En) => "English",
            })
            .collect();
        let here = place(&file, &p.source.text, Some(w.at), &w.id);
        let _ = writeln!(out, "{here}{}{}", lang.pick(" : ", ": "), what.join(" + "));
    }
    for r in &p.plan.refused {
        let here = place(&file, &p.source.text, r.at, &r.id);
        let _ = writeln!(
            err,
            "{}",
            refused_line(sheet, r.row, &here, &r.why.text(lang), lang)
        );
    }
    p.plan.refused.len()
}

/// Runs `check` on `files` as the command does, its output kept: before and after writing.
fn check_files(files: &[PathBuf], lang: Lang) -> (check::Outcome, String) {
    let mut printed = Vec::new();
    let outcome = check::run(files, lang, false, &mut printed);
    (outcome, String::from_utf8_lossy(&printed).into_owned())
}

/// Writes each changed file atomically; returns how many files could not be written, and
/// their rows.
fn write_all(planned: &[Planned], lang: Lang, err: &mut impl Write) -> (usize, usize) {
    let mut failed = (0, 0);
    for p in planned {
        let bom = if p.source.bom { "\u{feff}" } else { "" };
        let bytes = format!("{bom}{}", p.plan.source);
        if let Err(e) = write_atomic(&p.path, bytes.as_bytes()) {
            failed.0 += 1;
            failed.1 += p.plan.written.len();
            let _ = writeln!(
                err,
                "{}",
                lang.pick(
                    format!("erreur : impossible d'écrire {} ({e}) : ses {} texte(s) ne sont pas importés", display(&p.path), p.plan.written.len()),
                    format!("error: cannot write {} ({e}): its {} text(s) are not imported", display(&p.path), p.plan.written.len()),
                )
            );
        }
    }
    failed
}

/// What to check around the files written: the folder of a campaign (once, as the game
/// reads it, callbacks and all), else the file itself.
fn check_targets(planned: &[Planned]) -> Vec<PathBuf> {
    let mut targets: Vec<PathBuf> = Vec::new();
    for p in planned {
        let dir = p.path.parent().unwrap_or(Path::new(""));
        let in_campaign = dir.join("campaign.ron").is_file();
        let target = if in_campaign && !dir.as_os_str().is_empty() {
            dir.to_path_buf()
        } else {
            p.path.clone()
        };
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    targets
}

/// Checks the written files again; says whether `check` finds the same as before the import.
/// Returns true when it finds more errors.
fn recheck(files: &[PathBuf], before: &check::Outcome, lang: Lang, out: &mut impl Write) -> bool {
    let (after, printed) = check_files(files, lang);
    let same = after.errors == before.errors
        && after.warnings == before.warnings
        && after.summaries == before.summaries;
    let (e0, w0, e1, w1) = (before.errors, before.warnings, after.errors, after.warnings);
    let valid = after.summaries.len();
    let command: Vec<String> = files.iter().map(|f| display(f)).collect();
    let command = format!("agent-trace check {}", command.join(" "));
    let _ = if same {
        writeln!(
            out,
            "{}",
            lang.pick(
                format!("vérification ({command}) : comme avant l'import ({valid} niveau(x) valide(s), {e1} erreur(s), {w1} avertissement(s))"),
                format!("check ({command}): as before the import ({valid} valid level(s), {e1} error(s), {w1} warning(s))"),
            )
        )
    } else {
        write!(out, "{printed}").and_then(|_| {
            writeln!(
                out,
                "{}",
                lang.pick(
                    format!("vérification ({command}) : plus comme avant l'import, {e0} → {e1} erreur(s), {w0} → {w1} avertissement(s) : voir ci-dessus"),
                    format!("check ({command}): no longer as before the import, {e0} → {e1} error(s), {w0} → {w1} warning(s): see above"),
                )
            )
        })
    };
    e1 > e0
}

fn import(file: &Path, lang: Lang, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let sheet = display(file);
    let rows = match read_sheet(file, lang) {
        Ok(rows) => rows,
        Err(why) => {
            let _ = writeln!(
                err,
                "{}",
                lang.pick(
                    format!("erreur : {sheet} : {why}"),
                    format!("error: {sheet}: {why}")
                )
            );
            return 1;
        }
    };
    let mut refused = 0;
    let mut planned = Vec::new();
    for (name, group) in by_file(&rows) {
        match plan_file(name, &group, lang) {
            Ok(p) => {
                refused += report_plan(&sheet, &p, lang, out, err);
                if p.plan.changes() {
                    planned.push(p);
                }
            }
            Err(why) => {
                let (row, n) = (group[0].row, group.len());
                let _ = writeln!(
                    err,
                    "{}",
                    lang.pick(
                        format!("{sheet}:{row}: {n} ligne(s) refusée(s) : {name} : {why}"),
                        format!("{sheet}:{row}: {n} row(s) refused: {name}: {why}"),
                    )
                );
                refused += n;
            }
        }
    }
    let targets = check_targets(&planned);
    let before = (!targets.is_empty()).then(|| check_files(&targets, lang).0);
    let planned_rows: usize = planned.iter().map(|p| p.plan.written.len()).sum();
    let same = rows.len() - planned_rows - refused;
    let (failed_files, failed) = write_all(&planned, lang, err);
    let (texts, files) = (planned_rows - failed, planned.len() - failed_files);
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("{texts} texte(s) modifié(s) dans {files} fichier(s), {refused} ligne(s) refusée(s), {same} ligne(s) déjà à jour"),
            format!("{texts} text(s) changed in {files} file(s), {refused} row(s) refused, {same} row(s) already up to date"),
        )
    );
    let worse = before.is_some_and(|b| recheck(&targets, &b, lang, out));
    i32::from(refused + failed > 0 || worse)
}
