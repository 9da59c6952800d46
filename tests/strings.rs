//! `agent-trace strings export|import`: the proofreading and translation spreadsheet, run as
//! a teacher would, on copies of the shipped campaign. The sheets are read and written here
//! with a CSV reader and writer of this file's own, so the command's quoting is checked
//! against RFC 4180 rather than against itself.

mod common;

use agent_trace::core::check::load;
use agent_trace::core::check::validate::texts;
use agent_trace::core::model::campaign::{Campaign, Glossary};
use agent_trace::core::model::level::Level;
use agent_trace::core::model::text::Text;
use common::{agent_trace, check_en, scratch};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A copy of the shipped `levels/` folder.
fn copy_levels(name: &str) -> PathBuf {
    let dir = scratch(name);
    for entry in std::fs::read_dir("levels").unwrap().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file of a folder, by name.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// RFC 4180, read independently of the command: records of fields; a quoted field may hold
/// commas, doubled quotes and line breaks.
fn parse_csv(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) => quoted = true,
            (c, false) if c == sep => row.push(std::mem::take(&mut field)),
            ('\r', false) => {
                assert_eq!(chars.next(), Some('\n'), "a CR outside quotes only as CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\n', false) => panic!("a row ends with CRLF, not LF alone"),
            (c, _) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "the last row ends with CRLF"
    );
    rows
}

/// A sheet as a spreadsheet might save it: every field quoted, `;` between fields, LF rows.
fn write_calc_style(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        out.push_str(&fields.join(";"));
        out.push('\n');
    }
    out
}

/// How a RON string literal of `text` must be written back (escapes for `\`, `"`, LF).
fn ron_str(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// Exports `paths` to `sheet`, in English; returns the sheet's records, header first.
fn export(paths: &[&str], sheet: &Path) -> Vec<Vec<String>> {
    let mut args = vec!["--lang", "en", "strings", "export", "-o", path_str(sheet)];
    args.extend_from_slice(paths);
    let (code, out, err) = agent_trace(&args);
    assert_eq!(code, 0, "{out}{err}");
    let bytes = std::fs::read(sheet).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    parse_csv(text, ',')
}

fn import(sheet: &Path) -> (i32, String, String) {
    agent_trace(&["--lang", "en", "strings", "import", path_str(sheet)])
}

/// The row of `file` (a name in the folder) and `id`.
fn row_of<'a>(rows: &'a mut [Vec<String>], file: &str, id: &str) -> &'a mut Vec<String> {
    rows.iter_mut()
        .find(|r| r[0].ends_with(&format!("/{file}")) && r[1] == id)
        .unwrap_or_else(|| panic!("no row {file} {id}"))
}

#[test]
fn exporting_and_importing_the_shipped_campaign_unchanged_changes_no_byte() {
    let dir = copy_levels("strings-round-trip");
    let before = snapshot(&dir);
    let sheet = dir.with_extension("csv");
    // French by default: the header too.
    let (code, out, err) =
        agent_trace(&["strings", "export", path_str(&dir), "-o", path_str(&sheet)]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(
        text.starts_with("\u{feff}fichier,id,français,anglais,contrôle\r\n"),
        "{}",
        &text[..80]
    );
    let rows = parse_csv(text.strip_prefix('\u{feff}').unwrap(), ',');
    assert!(rows.len() > 1000, "{} rows", rows.len());
    assert!(
        out.contains(&format!("{} texte(s) de 14 fichier(s)", rows.len() - 1)),
        "{out}"
    );

    let (code, out, err) = import(&sheet);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 text(s) changed in 0 file(s), 0 row(s) refused"),
        "{out}"
    );
    assert_eq!(snapshot(&dir), before, "every file byte for byte");
}

#[test]
fn the_sheet_holds_every_text_the_checker_counts_with_quotes_read_back() {
    let dir = scratch("strings-every-text");
    let sheet = dir.join("texts.csv");
    let rows = export(&["levels"], &sheet);
    assert_eq!(rows[0], ["file", "id", "French", "English", "check"]);
    assert!(
        rows.iter().all(|r| r.len() == 5),
        "five fields on every row"
    );
    let mut sheet_texts: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for r in &rows[1..] {
        let old = sheet_texts.insert((r[0].clone(), r[1].clone()), (r[2].clone(), r[3].clone()));
        assert!(old.is_none(), "one row per text: {r:?}");
    }
    // What the model says, the ids written as the sheet names scenes and terms.
    let mut model: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    let mut put = |file: &str, id: String, t: &Text| {
        let pair = (
            t.fr.clone().unwrap_or_default(),
            t.en.clone().unwrap_or_default(),
        );
        model.insert((format!("levels/{file}"), id), pair);
    };
    let read = |f: &str| std::fs::read_to_string(format!("levels/{f}")).unwrap();
    let campaign: Campaign = load::parse("campaign.ron", &read("campaign.ron")).unwrap();
    put("campaign.ron", "title".into(), &campaign.title);
    for (i, c) in campaign.chapters.iter().enumerate() {
        put("campaign.ron", format!("chapters[{i}].title"), &c.title);
    }
    let glossary: Glossary = load::parse("glossary.ron", &read("glossary.ron")).unwrap();
    for t in &glossary.terms {
        put("glossary.ron", format!("terms[{}].term", t.id), &t.term);
        put(
            "glossary.ron",
            format!("terms[{}].definition", t.id),
            &t.definition,
        );
    }
    for file in campaign.level_files() {
        let level: Level = load::parse(file, &read(file)).unwrap();
        for (path, text) in texts(&level) {
            let id = match path.strip_prefix("scenes[").and_then(|p| p.split_once(']')) {
                Some((i, rest)) => format!(
                    "scenes[{}]{rest}",
                    level.scenes[i.parse::<usize>().unwrap()].id()
                ),
                None => path,
            };
            put(file, id, text);
        }
    }
    let only = |a: &BTreeMap<_, _>, b: &BTreeMap<_, _>| -> Vec<(String, String)> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(only(&sheet_texts, &model), [], "in the sheet only");
    assert_eq!(only(&model, &sheet_texts), [], "in the model only");
    assert_eq!(sheet_texts, model);
    // Files in reading order: the campaign, its levels in playing order, then the glossary.
    let mut files: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    files.dedup();
    let mut expected = vec!["levels/campaign.ron".to_string()];
    expected.extend(campaign.level_files().map(|f| format!("levels/{f}")));
    expected.push("levels/glossary.ron".into());
    assert_eq!(files, expected);
}

/// Makes the `edits` (file, id, column, new text) in the sheet's rows; returns the files as
/// they must be after the import: each old literal, found exactly once, replaced.
fn edit_rows(
    rows: &mut [Vec<String>],
    before: &BTreeMap<String, Vec<u8>>,
    edits: &[(&str, &str, usize, &str)],
) -> BTreeMap<String, Vec<u8>> {
    let mut expected = before.clone();
    for &(file, id, col, new) in edits {
        let row = row_of(rows, file, id);
        let old_literal = ron_str(&row[col]);
        // The apostrophe that keeps a spreadsheet from reading a formula is not the text's.
        let written = new.strip_prefix('\'').unwrap_or(new);
        let src = String::from_utf8(expected[file].clone()).unwrap();
        assert_eq!(
            src.matches(&old_literal).count(),
            1,
            "{file}: {old_literal}"
        );
        let src = src.replacen(&old_literal, &ron_str(written), 1);
        expected.insert(file.into(), src.into_bytes());
        row[col] = new.to_string();
    }
    expected
}

#[test]
fn edited_cells_change_only_their_literals_and_the_check_stays_the_same() {
    let dir = copy_levels("strings-edit");
    let before = snapshot(&dir);
    let (check_code, check_before) = check_en(&[&dir]);
    let sheet = dir.with_extension("csv");
    let mut rows = export(&[path_str(&dir)], &sheet);
    // (file, id, column, new text): quotes, commas, a line break, « », an emoji, a backslash,
    // a text that would start a formula (the sheet marks it with an apostrophe).
    let edits = [
        (
            "ch1-concours.ron",
            "scenes[debut].text",
            2,
            "Il dit : \"non\", puis « oui »,\nvraiment… 🎮",
        ),
        (
            "ch2-streak.ron",
            "title",
            3,
            "Comma, \"quotes\" and a \\ backslash",
        ),
        (
            "glossary.ron",
            "terms[donnee-personnelle].definition",
            2,
            "Une définition ; corrigée, « enfin ».",
        ),
        ("campaign.ron", "title", 3, "'=1+1 is not a formula"),
    ];
    let expected = edit_rows(&mut rows, &before, &edits);
    std::fs::write(&sheet, write_calc_style(&rows)).unwrap();

    let (code, out, err) = import(&sheet);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("4 text(s) changed in 4 file(s), 0 row(s) refused"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "check (agent-trace check {}): as before the import (12 valid level(s), ",
            path_str(&dir)
        )),
        "{out}"
    );
    let after = snapshot(&dir);
    for (file, bytes) in &after {
        assert!(
            bytes == &expected[file],
            "{file}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    // The new texts are what the game reads.
    let concours = String::from_utf8(after["ch1-concours.ron"].clone()).unwrap();
    let level: Level = load::parse("ch1-concours.ron", &concours).unwrap();
    assert_eq!(
        level.scene("debut").map(|s| texts_of(&level, s.id())),
        Some(Some(
            "Il dit : \"non\", puis « oui »,\nvraiment… 🎮".to_string()
        ))
    );
    let campaign = String::from_utf8(after["campaign.ron"].clone()).unwrap();
    let campaign: Campaign = load::parse("campaign.ron", &campaign).unwrap();
    assert_eq!(campaign.title.en.as_deref(), Some("=1+1 is not a formula"));
    assert_eq!(check_en(&[&dir]), (check_code, check_before));

    // Importing the same sheet again finds nothing to do.
    let (code, out, _) = import(&sheet);
    assert_eq!(code, 0);
    assert!(out.contains("0 text(s) changed"), "{out}");
    assert_eq!(snapshot(&dir), after);
}

/// The French text of a Story scene.
fn texts_of(level: &Level, id: &str) -> Option<String> {
    match level.scene(id)? {
        agent_trace::core::model::level::Scene::Story(s) => s.text.fr.clone(),
        _ => None,
    }
}

#[test]
fn rows_that_no_longer_match_are_refused_and_the_rest_written() {
    let dir = copy_levels("strings-conflicts");
    let sheet = dir.with_extension("csv");
    let mut rows = export(&[path_str(&dir)], &sheet);
    let lampe = dir.join("ch1-lampe.ron");
    let src = std::fs::read_to_string(&lampe).unwrap();
    let level: Level = load::parse("ch1-lampe.ron", &src).unwrap();
    let (title_fr, lesson_en) = (
        level.title.fr.clone().unwrap(),
        level.debrief.lesson.en.clone().unwrap(),
    );
    // Since the export, the teacher changed the title's French and the lesson's English.
    let changed = src
        .replacen(
            &ron_str(&title_fr),
            &ron_str("Titre revu dans le fichier"),
            1,
        )
        .replacen(
            &ron_str(&lesson_en),
            &ron_str("Lesson edited in the file"),
            1,
        );
    assert_ne!(changed, src);
    std::fs::write(&lampe, &changed).unwrap();
    // Meanwhile, in the sheet: the title edited too (a conflict), the summary edited (fine),
    // the lesson left alone (the file's version stays), a row for a scene that is gone and one
    // for a file that is gone.
    row_of(&mut rows, "ch1-lampe.ron", "title")[2] = "Titre revu dans le tableur".into();
    row_of(&mut rows, "ch1-lampe.ron", "summary")[3] = "Summary edited in the sheet.".into();
    let title_row = 1 + rows
        .iter()
        .position(|r| r[0].ends_with("/ch1-lampe.ron") && r[1] == "title")
        .unwrap();
    let mut gone = row_of(&mut rows, "ch1-lampe.ron", "summary").clone();
    gone[1] = "scenes[disparue].text".into();
    let mut missing = gone.clone();
    missing[0] = path_str(&dir.join("absent.ron")).into();
    rows.push(gone);
    rows.push(missing);
    let n = rows.len();
    std::fs::write(&sheet, write_calc_style(&rows)).unwrap();

    let (code, out, err) = import(&sheet);
    assert_eq!(code, 1, "{out}{err}");
    let sheet_name = path_str(&sheet);
    assert!(
        err.contains(&format!(
            "{sheet_name}:{title_row}: row refused: {}:",
            path_str(&lampe)
        )) && err.contains("the French changed in the file since the export, and in the sheet too"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{sheet_name}:{}: row refused: {} scenes[disparue].text: this text is no longer in the file", n - 1, path_str(&lampe))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{sheet_name}:{n}: 1 row(s) refused: {}",
            path_str(&dir.join("absent.ron"))
        )),
        "{err}"
    );
    assert!(
        out.contains("1 text(s) changed in 1 file(s), 3 row(s) refused"),
        "{out}"
    );
    let now = std::fs::read_to_string(&lampe).unwrap();
    assert!(
        now.contains("\"Titre revu dans le fichier\""),
        "the file's change stays"
    );
    assert!(
        now.contains("\"Lesson edited in the file\""),
        "the file's change stays"
    );
    assert!(
        now.contains("\"Summary edited in the sheet.\""),
        "the edit that fits is written"
    );
    assert!(!now.contains("tableur"));
}

#[test]
fn ids_stay_when_a_scene_is_added_and_an_old_sheet_still_fits() {
    let dir = scratch("strings-stable");
    let file = dir.join("ch1-concours.ron");
    std::fs::copy("levels/ch1-concours.ron", &file).unwrap();
    let old = export(&[path_str(&file)], &dir.join("old.csv"));
    let src = std::fs::read_to_string(&file).unwrap();
    let added = src.replacen(
        "scenes: [",
        "scenes: [\n        Story(id: \"nouvelle\", text: (fr: \"Nouvelle scène.\", en: \"New scene.\"), next: \"debut\"),",
        1,
    );
    assert_ne!(added, src);
    std::fs::write(&file, &added).unwrap();
    let new = export(&[path_str(&file)], &dir.join("new.csv"));
    assert_eq!(new.len(), old.len() + 1);
    let ids = |rows: &[Vec<String>]| -> BTreeMap<String, Vec<String>> {
        rows[1..]
            .iter()
            .map(|r| (r[1].clone(), r[2..4].to_vec()))
            .collect()
    };
    let (old_ids, new_ids) = (ids(&old), ids(&new));
    assert!(old_ids.iter().all(|(id, t)| new_ids.get(id) == Some(t)));
    assert!(new_ids.contains_key("scenes[nouvelle].text"));
    // The sheet exported before the new scene still lands where it should.
    let mut old = old;
    row_of(&mut old, "ch1-concours.ron", "scenes[verifier].text")[3] = "Edited.".into();
    let sheet = dir.join("old.csv");
    std::fs::write(&sheet, write_calc_style(&old)).unwrap();
    let (code, out, err) = import(&sheet);
    assert_eq!(code, 0, "{out}{err}");
    let now = std::fs::read_to_string(&file).unwrap();
    let level: Level = load::parse("ch1-concours.ron", &now).unwrap();
    match level.scene("verifier") {
        Some(agent_trace::core::model::level::Scene::Choice(c)) => {
            assert_eq!(c.text.en.as_deref(), Some("Edited."))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_translation_is_added_and_bom_and_crlf_are_kept() {
    let dir = scratch("strings-translate");
    let file = dir.join("essai.ron");
    let src = std::fs::read_to_string("tests/fixtures/valid-minimal.ron")
        .unwrap()
        .replace("(fr: \"Fini.\", en: \"Done.\")", "(fr: \"Fini.\")")
        .replace("(fr: \"Bonjour.\", en: \"Hello.\")", "(en: \"Hello.\")")
        .replace('\n', "\r\n");
    std::fs::write(&file, format!("\u{feff}{src}")).unwrap();
    let (_, check_before) = check_en(&[&file]);
    assert!(check_before.contains("missing"), "{check_before}");
    let sheet = dir.join("texts.csv");
    let mut rows = export(&[path_str(&file)], &sheet);
    row_of(&mut rows, "essai.ron", "scenes[fin].text")[3] = "Done!".into();
    row_of(&mut rows, "essai.ron", "scenes[debut].text")[2] = "Bonjour !".into();
    std::fs::write(&sheet, write_calc_style(&rows)).unwrap();

    let (code, out, err) = import(&sheet);
    assert_eq!(code, 0, "{out}{err}");
    let bytes = std::fs::read_to_string(&file).unwrap();
    let expected = src
        .replace("(fr: \"Fini.\")", "(fr: \"Fini.\", en: \"Done!\")")
        .replace("(en: \"Hello.\")", "(fr: \"Bonjour !\", en: \"Hello.\")");
    assert_eq!(bytes, format!("\u{feff}{expected}"));
    // The two missing translations were the warnings: the import says the check changed.
    let warnings = |report: &str| report.matches("warning[").count();
    let (code, check_after) = check_en(&[&file]);
    assert_eq!(code, 0);
    assert_eq!(
        warnings(&check_after) + 2,
        warnings(&check_before),
        "{check_after}"
    );
    let (w0, w1) = (warnings(&check_before), warnings(&check_after));
    assert!(
        out.contains(&format!(
            "no longer as before the import, 0 → 0 error(s), {w0} → {w1} warning(s)"
        )),
        "{out}"
    );
}

#[test]
fn a_broken_sheet_writes_nothing() {
    let dir = copy_levels("strings-broken-sheet");
    let before = snapshot(&dir);
    let sheet = dir.with_extension("csv");
    let mut rows = export(&[path_str(&dir)], &sheet);
    row_of(&mut rows, "ch1-concours.ron", "title")[2] = "Changé".into();
    let mut text = write_calc_style(&rows);
    text.push_str("\"x;unclosed\n");
    std::fs::write(&sheet, text).unwrap();
    let (code, out, err) = import(&sheet);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("a quote \" is opened and never closed; nothing was imported"),
        "{err}"
    );
    // Windows-1252 (a spreadsheet's default on Windows) would lose emoji: refused too.
    std::fs::write(
        &sheet,
        b"file,id,French,English,check\r\nx,y,\xe9,e,fr:0 en:0\r\n",
    )
    .unwrap();
    let (code, _, err) = import(&sheet);
    assert_eq!(code, 1);
    assert!(err.contains("line 2: the file is not UTF-8"), "{err}");
    assert_eq!(snapshot(&dir), before);
}
