//! `agent-trace debrief LEVEL -o sheet.html`: a mission's printable debrief sheet for the
//! class (see `core::pages::sheet`). LEVEL is a mission id of the campaign (`--levels`, default
//! `levels/`) or the path of a level file. A level with errors is not printed: its
//! diagnostics are, as `agent-trace check` shows them, and the exit code is 1.

use crate::cli::report::{load_campaign, same_file};
use crate::core::check::{self, CampaignCheck, Disk, LevelCheck};
use crate::core::files::write_atomic;
use crate::core::model::campaign::Glossary;
use crate::core::model::text::Lang;
use crate::core::pages::sheet;
use std::io::Write;
use std::path::{Path, PathBuf};

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn canonical(path: &str) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The level named on the command line, checked, with the glossary it uses (also the
/// lookup of `map`).
pub fn find(
    level: &str,
    levels: Option<&Path>,
    lang: Lang,
    err: &mut impl Write,
) -> Option<(LevelCheck, Option<Glossary>, Option<String>)> {
    let as_path = Path::new(level);
    if level.ends_with(".ron") || as_path.is_file() {
        let file = display(as_path);
        // In its folder's campaign when it is listed there (so callbacks are checked too).
        let dir = as_path.parent().unwrap_or(Path::new("."));
        let manifest = dir.join("campaign.ron");
        if manifest.is_file() {
            let c = check::check_campaign(&Disk, &display(&manifest));
            let me = canonical(&file);
            if let Some((_, l)) = c
                .levels
                .iter()
                .find(|(_, l)| me.is_some() && canonical(&l.checked.file) == me)
            {
                return Some((l.clone(), c.glossary().cloned(), c.manifest.source.clone()));
            }
        }
        let glossary = [dir.join("glossary.ron")]
            .into_iter()
            .chain(levels.map(|l| l.join("glossary.ron")))
            .find(|g| g.is_file())
            .and_then(|g| check::check_glossary(&Disk, &display(&g)).value);
        let l = check::check_level(&Disk, &file, glossary.as_ref());
        return Some((l, glossary, None));
    }
    let dir = levels.unwrap_or(Path::new("levels"));
    let campaign: CampaignCheck = match load_campaign(dir, lang) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "{} {e}", lang.pick("erreur :", "error:"));
            return None;
        }
    };
    let found = campaign
        .levels
        .iter()
        .find(|(_, l)| l.checked.value.as_ref().is_some_and(|v| v.id == level));
    match found {
        Some((_, l)) => Some((
            l.clone(),
            campaign.glossary().cloned(),
            campaign.manifest.source.clone(),
        )),
        None => {
            let ids: Vec<&str> = campaign
                .levels
                .iter()
                .filter_map(|(_, l)| l.checked.value.as_ref().map(|v| v.id.as_str()))
                .collect();
            let hint = check::closest_level(level, ids.iter().copied());
            let _ = match (lang, hint) {
                (Lang::Fr, Some(h)) => writeln!(
                    err,
                    "erreur : pas de mission « {level} » dans {} — vouliez-vous dire « {h} » ?",
                    display(dir)
                ),
                (Lang::En, Some(h)) => writeln!(
                    err,
                    "error: no mission `{level}` in {} — did you mean `{h}`?",
                    display(dir)
                ),
                (Lang::Fr, None) => writeln!(
                    err,
                    "erreur : pas de mission « {level} » dans {} (missions : {})",
                    display(dir),
                    ids.join(", ")
                ),
                (Lang::En, None) => writeln!(
                    err,
                    "error: no mission `{level}` in {} (missions: {})",
                    display(dir),
                    ids.join(", ")
                ),
            };
            None
        }
    }
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
                "erreur : la fiche écraserait le fichier de la mission : choisis un autre nom avec -o",
                "error: the sheet would overwrite the level file: choose another name with -o"
            )
        );
        return 1;
    }
    let Some((l, glossary, manifest_source)) = find(level, levels, lang, err) else {
        return 1;
    };
    // Every diagnostic, as `check` prints it; errors stop here.
    for d in &l.checked.diagnostics {
        let source = l
            .checked
            .source
            .as_deref()
            .filter(|_| d.file == l.checked.file)
            .or(manifest_source.as_deref());
        let _ = writeln!(err, "{}", d.render(source, lang));
    }
    let Some(parsed) = l.playable() else {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                format!(
                    "erreur : {} a des erreurs : pas de fiche (corrige-les, puis relance)",
                    l.checked.file
                ),
                format!(
                    "error: {} has errors: no sheet (fix them, then run again)",
                    l.checked.file
                ),
            )
        );
        return 1;
    };
    let html = sheet::level_sheet(parsed, glossary.as_ref(), lang);
    if let Err(e) = write_atomic(output, html.as_bytes()) {
        let _ = writeln!(
            err,
            "{} {}: {e}",
            lang.pick("erreur : impossible d'écrire", "error: cannot write"),
            display(output)
        );
        return 1;
    }
    let _ = writeln!(
        out,
        "{} {} ({})",
        lang.pick("Fiche écrite :", "Sheet written:"),
        display(output),
        parsed.title.get(lang)
    );
    0
}
