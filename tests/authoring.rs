//! What a teacher meets when writing missions in a folder of their own: the glossary and
//! folder rules, the sheet agreeing with the game, and `check --watch`.

mod common;

use common::{BROKEN, VALID_MINIMAL, agent_trace, scratch};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The minimal level with its debrief naming these glossary terms.
fn level_naming(terms: &[&str]) -> String {
    let src = std::fs::read_to_string(VALID_MINIMAL).unwrap();
    let list = terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let anchor = "        lesson: ";
    assert!(src.contains(anchor));
    src.replacen(anchor, &format!("        glossary: [{list}],\n{anchor}"), 1)
}

/// A level file alone in a folder, with no glossary beside it and run from elsewhere, still
/// has its glossary ids checked (against the bundled glossary): a typo is caught.
#[test]
fn glossary_ids_are_checked_even_for_a_file_alone() {
    let dir = scratch("alone");
    let file = dir.join("ma-mission.ron");
    std::fs::write(&file, level_naming(&["donne-sensible"])).unwrap();
    let (code, out, _) = agent_trace(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("erreur[E031] : le terme `donne-sensible` n'est pas dans le glossaire"),
        "{out}"
    );
    assert!(
        out.contains("vouliez-vous dire `donnee-sensible` ?"),
        "{out}"
    );
    // A bundled term is known without any glossary file.
    std::fs::write(&file, level_naming(&["donnee-sensible"])).unwrap();
    let (code, out, _) = agent_trace(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

/// A folder's own glossary.ron adds terms to the bundled ones; the folder without a
/// campaign.ron is said to be played as one chapter, in file-name order.
#[test]
fn a_folder_glossary_adds_to_the_bundled_one_and_a_folder_without_campaign_is_explained() {
    let dir = scratch("folder");
    std::fs::write(
        dir.join("glossary.ron"),
        r#"Glossary(format: 1, terms: [
    (id: "club", term: (fr: "club", en: "club"),
     definition: (fr: "Un groupe qui joue ensemble.", en: "A group that plays together.")),
])"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("b-mission.ron"),
        level_naming(&["club", "minimisation"]),
    )
    .unwrap();
    std::fs::write(
        dir.join("a-mission.ron"),
        level_naming(&["club"]).replace("id: \"fixture\"", "id: \"autre\""),
    )
    .unwrap();
    let (code, out, _) = agent_trace(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("note : pas de campaign.ron dans"), "{out}");
    assert!(
        out.contains("le jeu y jouera les 2 fichier(s) de niveau dans l'ordre de leur nom, en un seul chapitre"),
        "{out}"
    );
    let a = out.find("✓ autre").expect("a-mission checked");
    let b = out.find("✓ fixture").expect("b-mission checked");
    assert!(a < b, "file-name order: {out}");
    // The same from inside the folder: nothing depends on where the command runs.
    let inside = Command::new(env!("CARGO_BIN_EXE_agent-trace"))
        .args(["check", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(0));
    let inside = String::from_utf8(inside.stdout).unwrap();
    assert!(
        inside.contains("2 niveau(x) valide(s), 0 erreur(s)"),
        "{inside}"
    );
}

/// A glossary.ron beside a campaign.ron without a `glossary:` line is the folder's own:
/// its terms are known, and it is neither "not in the campaign" nor an unknown kind of file.
#[test]
fn a_glossary_beside_a_campaign_is_its_own_without_being_named() {
    let dir = scratch("campaign-glossary");
    std::fs::write(
        dir.join("campaign.ron"),
        r#"Campaign(format: 1, title: (fr: "Ma classe", en: "My class"),
    chapters: [(title: (fr: "Un", en: "One"), levels: ["mission.ron"])])"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("glossary.ron"),
        r#"Glossary(format: 1, terms: [
    (id: "club", term: (fr: "club", en: "club"),
     definition: (fr: "Un groupe qui joue ensemble.", en: "A group that plays together.")),
])"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("mission.ron"),
        level_naming(&["club", "minimisation"]),
    )
    .unwrap();
    let (code, out, _) = agent_trace(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("1 niveau(x) valide(s), 0 erreur(s), 0 avertissement(s)"),
        "{out}"
    );
}

/// A sub-folder is a folder of its own: its campaign and glossary apply to it alone.
#[test]
fn a_sub_folder_is_checked_as_its_own_folder() {
    let dir = scratch("subfolders");
    let sub = dir.join("classe-5b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("mission.ron"), level_naming(&["minimisation"])).unwrap();
    std::fs::copy(VALID_MINIMAL, dir.join("essai.ron")).unwrap();
    let (code, out, _) = agent_trace(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches("note : pas de campaign.ron dans").count(),
        2,
        "{out}"
    );
    assert!(out.contains("classe-5b"), "{out}");
}

/// The sheet marks as careless only what the game marks: options with `risky: true`. An
/// option that shares but is neither best nor risky is printed without a mark.
#[test]
fn the_sheet_marks_careless_only_the_risky_options() {
    let dir = scratch("sheet");
    let src = std::fs::read_to_string(VALID_MINIMAL)
        .unwrap()
        .replace(
            "(text: (fr: \"Ne rien donner du tout\", en: \"Give nothing at all\"), next: \"sans\"),",
            "(text: (fr: \"Ne rien donner du tout\", en: \"Give nothing at all\"), next: \"sans\"),\n                \
             (text: (fr: \"Donner mon pseudo\", en: \"Give my nickname\"), share: [Pseudonym], to: \"Appli\", mission: 50, next: \"fin\"),\n                \
             (text: (fr: \"Donner mon adresse\", en: \"Give my address\"), risky: true, share: [Address], to: \"Appli\", next: \"fin\"),",
        );
    assert!(src.contains("Donner mon pseudo"));
    let file = dir.join("niveau.ron");
    std::fs::write(&file, src).unwrap();
    let page = dir.join("fiche.html");
    let (code, out, err) = agent_trace(&[
        "debrief",
        file.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    let line_of = |label: &str| {
        let at = html
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {html}"));
        let start = html[..at].rfind("<li").unwrap();
        let end = at + html[at..].find("</li>").unwrap();
        html[start..end].to_string()
    };
    assert!(line_of("Donner mon adresse").contains("⚠"), "{html}");
    assert!(line_of("Donner mon adresse").contains("imprudent"));
    assert!(
        !line_of("Donner mon pseudo").contains("⚠"),
        "{}",
        line_of("Donner mon pseudo")
    );
    assert!(!line_of("Donner mon pseudo").contains("imprudent"));
    assert!(line_of("Donner mon e-mail").contains("✔"));
}

/// Reads the watch's output until a report whose first line satisfies `want`.
fn next_report(lines: &mpsc::Receiver<String>, want: impl Fn(&str) -> bool) -> String {
    let mut seen = String::new();
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no such report; the watch printed:\n{seen}"));
        seen.push_str(&line);
        seen.push('\n');
        // Each report starts by clearing the screen; its first line is the summary.
        if let Some(summary) = line.strip_prefix("\x1b[2J\x1b[H")
            && want(summary)
        {
            return summary.to_string();
        }
    }
}

/// `check --watch` prints a report at once, then a new one after each save, the summary
/// first.
#[test]
fn check_watch_reprints_after_each_save() {
    let dir = scratch("watch");
    let file = dir.join("niveau.ron");
    std::fs::copy(Path::new(BROKEN).join("missing-comma.ron"), &file).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_agent-trace"))
        .args(["check", "--watch", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first = next_report(&rx, |_| true);
    assert_eq!(
        first,
        "0 niveau(x) valide(s), 1 erreur(s), 0 avertissement(s)"
    );
    std::fs::copy(VALID_MINIMAL, &file).unwrap();
    let second = next_report(&rx, |s| s.starts_with("1 niveau(x) valide(s)"));
    assert_eq!(
        second,
        "1 niveau(x) valide(s), 0 erreur(s), 0 avertissement(s)"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}
