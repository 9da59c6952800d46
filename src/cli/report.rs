//! `agent-trace report FILES… -o report.html`: merges a class's anonymous results files into
//! one printable page (see `core::pages::report`). Bad rows are reported as `file:line: reason` on
//! stderr and listed on the page; unreadable files are skipped with a message.
//!
//! Exit code 0 when the page was written (even if some rows were ignored), 1 when no file
//! could be read, no row could be used, the campaign cannot be read, or the page cannot be
//! written.

use crate::core::check::{self, CampaignCheck, Disk};
use crate::core::files::write_atomic;
use crate::core::model::campaign::Glossary;
use crate::core::model::level::Level;
use crate::core::model::text::Lang;
use crate::core::pages::report::{self, Ignored};
use crate::core::play::results;
use std::io::Write;
use std::path::{Path, PathBuf};

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The campaign to read results and sheets against: a `campaign.ron` file, a folder holding
/// one, or a folder of level files (read in name order).
pub fn load_campaign(path: &Path, lang: Lang) -> Result<CampaignCheck, String> {
    let meta = std::fs::metadata(path).map_err(|e| {
        lang.pick(
            format!("impossible de lire les missions dans {} ({e}) : indique le dossier avec --levels DOSSIER", display(path)),
            format!("cannot read the missions in {} ({e}): give the folder with --levels FOLDER", display(path)),
        )
    })?;
    let manifest = if meta.is_dir() {
        path.join("campaign.ron")
    } else {
        path.to_path_buf()
    };
    if manifest.is_file() {
        return Ok(check::check_campaign(&Disk, &display(&manifest)));
    }
    // A folder of level files without a manifest.
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", display(path)))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let glossary_path = path.join("glossary.ron");
    let mut c = CampaignCheck::default();
    if glossary_path.is_file() {
        c.glossary = Some(check::check_glossary(&Disk, &display(&glossary_path)));
    }
    let glossary: Option<Glossary> = c.glossary().cloned();
    for f in files.iter().filter(|f| **f != glossary_path) {
        c.levels
            .push((0, check::check_level(&Disk, &display(f), glossary.as_ref())));
    }
    if c.levels.is_empty() {
        return Err(lang.pick(
            format!(
                "aucune mission dans {} : indique le dossier avec --levels DOSSIER",
                display(path)
            ),
            format!(
                "no mission in {}: give the folder with --levels FOLDER",
                display(path)
            ),
        ));
    }
    Ok(c)
}

/// The largest results file read (a school year of a class is well under 1 MB).
const MAX_RESULTS_BYTES: u64 = 16 * 1024 * 1024;

/// A results file as text, whatever wrote it: UTF-8 or Windows-1252, broken bytes kept for
/// `parse_csv` to set their lines aside (see `results::decode`).
fn read_results_file(path: &Path, lang: Lang) -> Result<String, String> {
    use crate::core::files::{ReadError, read_capped};
    read_capped(path, MAX_RESULTS_BYTES)
        .map(|bytes| results::decode(&bytes))
        .map_err(|e| match e {
            ReadError::Missing(why) | ReadError::Unreadable(why) => why,
            ReadError::NotAFile => lang
                .pick("ce n'est pas un fichier", "not a regular file")
                .into(),
            ReadError::TooBig { size, limit } => lang.pick(
                format!("fichier trop gros ({size} octets, limite {limit})"),
                format!("file too big ({size} bytes, limit {limit})"),
            ),
        })
}

/// Whether two paths name the same file (when `b` exists).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Runs the command; messages go to `out` (what was done) and `err` (problems).
pub fn run(
    files: &[PathBuf],
    output: &Path,
    levels: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    if let Some(input) = files.iter().find(|f| same_file(f, output)) {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!(
                    "erreur : {} est un des fichiers de résultats : choisis un autre nom avec -o",
                    display(input)
                ),
                format!(
                    "error: {} is one of the results files: choose another name with -o",
                    display(input)
                ),
            )
        );
        return 1;
    }
    let levels_dir = levels.unwrap_or(Path::new("levels"));
    let campaign = match load_campaign(levels_dir, lang) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "{} {e}", lang.pick("erreur :", "error:"));
            return 1;
        }
    };
    let broken = campaign
        .levels
        .iter()
        .filter(|(_, l)| l.checked.has_errors())
        .count();
    if campaign.manifest.has_errors() || broken > 0 {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!(
                    "attention : la campagne {} a des erreurs ({broken} mission(s)) : lance `agent-trace check {}`",
                    display(levels_dir),
                    display(levels_dir)
                ),
                format!(
                    "warning: the campaign in {} has errors ({broken} mission(s)): run `agent-trace check {}`",
                    display(levels_dir),
                    display(levels_dir)
                ),
            )
        );
    }
    // A mission with errors is still used if it could be read: its decisions are matched
    // with care (what does not fit is counted apart).
    let levels: Vec<Level> = campaign
        .levels
        .iter()
        .filter_map(|(_, l)| l.checked.value.clone())
        .collect();

    let mut records = Vec::new();
    let mut ignored = Vec::new();
    let mut unread = Vec::new();
    let mut read = 0;
    // The same results exported twice (or copied under another name) count once: files are
    // compared by their decoded text.
    let mut seen: Vec<(String, String)> = Vec::new();
    for f in files {
        let name = display(f);
        let text = match read_results_file(f, lang) {
            Ok(t) => t,
            Err(why) => {
                let _ = writeln!(err, "{name}: {} {why}", lang.pick("erreur :", "error:"));
                unread.push((name, why));
                continue;
            }
        };
        if let Some((first, _)) = seen.iter().find(|(_, t)| *t == text) {
            let _ = writeln!(
                err,
                "{name}: {}",
                lang.pick(
                    format!("même contenu que {first} : compté une seule fois"),
                    format!("same content as {first}: counted once"),
                )
            );
            continue;
        }
        seen.push((name.clone(), text.clone()));
        read += 1;
        let (rows, bad) = results::parse_csv(&text);
        for b in bad {
            let _ = writeln!(err, "{name}:{}: {}", b.line, b.reason.text(lang));
            ignored.push(Ignored {
                file: name.clone(),
                line: b.line,
                reason: b.reason,
            });
        }
        records.extend(rows);
    }
    if read == 0 {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                "erreur : aucun fichier de résultats n'a pu être lu",
                "error: no results file could be read"
            )
        );
        return 1;
    }
    if records.is_empty() {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                "erreur : aucune ligne de résultat utilisable : pas de rapport",
                "error: no usable result row: no report"
            )
        );
        return 1;
    }
    let mut r = report::aggregate(&records, &levels);
    r.ignored = ignored;
    r.unread = unread;
    let html = report::render_html(&r, lang);
    if let Err(e) = write_atomic(output, html.as_bytes()) {
        let _ = writeln!(
            err,
            "{} {}: {e}",
            lang.pick("erreur : impossible d'écrire", "error: cannot write"),
            display(output)
        );
        return 1;
    }
    let unknown: usize = r.unknown.iter().map(|(_, n)| n).sum();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!(
                "Rapport écrit : {} ({} résultat(s), {} mission(s), {} duel(s), {} ligne(s) d'une mission inconnue, {} ligne(s) ignorée(s), {} fichier(s) illisible(s))",
                display(output),
                r.records,
                r.levels.len(),
                r.duels.len(),
                unknown,
                r.ignored.len(),
                r.unread.len()
            ),
            format!(
                "Report written: {} ({} result(s), {} mission(s), {} duel(s), {} row(s) of an unknown mission, {} row(s) ignored, {} unreadable file(s))",
                display(output),
                r.records,
                r.levels.len(),
                r.duels.len(),
                unknown,
                r.ignored.len(),
                r.unread.len()
            ),
        )
    );
    0
}
