//! Broken-level fixtures: each asserts the message text and its position, in French and
//! English, through the same code path as `agent-trace check`.

mod common;

use agent_trace::core::check::diagnostic::{Diagnostic, Severity};
use agent_trace::core::check::{self, Disk};
use agent_trace::core::model::text::Lang;
use common::glossary;

fn diagnostics(name: &str) -> (Vec<Diagnostic>, String) {
    let path = format!("tests/fixtures/broken/{name}");
    let g = glossary();
    let checked = check::check_level(&Disk, &path, Some(&g));
    let src = std::fs::read_to_string(&path).unwrap();
    (checked.checked.diagnostics, src)
}

/// (fixture, code, line, col, severity, French message, English message)
const CASES: &[(&str, &str, usize, usize, Severity, &str, &str)] = &[
    (
        "missing-comma.ron",
        "E010",
        6,
        65,
        Severity::Error,
        "une virgule `,` est attendue",
        "a comma `,` is expected",
    ),
    (
        "unknown-field.ron",
        "E012",
        9,
        13,
        Severity::Error,
        "champ inconnu `txt`",
        "unknown field `txt`",
    ),
    (
        "dangling-next.ron",
        "E024",
        11,
        71,
        Severity::Error,
        "la scène `fni` n'existe pas",
        "scene `fni` does not exist",
    ),
    (
        "duplicate-id.ron",
        "E023",
        15,
        17,
        Severity::Error,
        "deux scènes s'appellent `debut`",
        "two scenes are called `debut`",
    ),
    (
        "unknown-data.ron",
        "E015",
        12,
        92,
        Severity::Error,
        "type de donnée inconnu : `Adress`",
        "unknown data kind `Adress`",
    ),
    (
        "missing-translation.ron",
        "W001",
        15,
        48,
        Severity::Warning,
        "traduction anglaise manquante",
        "missing English translation",
    ),
    (
        "text-as-string.ron",
        "E017",
        6,
        34,
        Severity::Error,
        "un texte s'écrit (fr: \"…\", en: \"…\")",
        "a text is written (fr: \"…\", en: \"…\")",
    ),
    (
        "wrong-type.ron",
        "E010",
        12,
        121,
        Severity::Error,
        "un nombre entier est attendu",
        "a whole number is expected",
    ),
    (
        "no-success.ron",
        "E042",
        5,
        13,
        Severity::Error,
        "aucune fin `Success` n'est atteignable",
        "no `Success` ending can be reached",
    ),
    (
        "stuck-loop.ron",
        "E040",
        6,
        19,
        Severity::Error,
        "depuis la scène `debut`, aucune fin n'est atteignable",
        "from scene `debut`, no ending can be reached",
    ),
    (
        "stars-order.ron",
        "E030",
        5,
        12,
        Severity::Error,
        "seuils d'étoiles incohérents (two: 60, three: 101)",
        "inconsistent star thresholds",
    ),
    (
        "stars-unreachable.ron",
        "E043",
        3,
        9,
        Severity::Error,
        "il faut 85 points, le meilleur score possible est 67",
        "they need 85 points, the best possible score is 67",
    ),
    (
        "unreachable-scene.ron",
        "W002",
        15,
        19,
        Severity::Warning,
        "la scène `oubli` n'est jamais atteinte",
        "scene `oubli` is never reached",
    ),
    (
        "missing-field.ron",
        "E013",
        6,
        64,
        Severity::Error,
        "il manque le champ `next` dans `Story`",
        "missing field `next` in `Story`",
    ),
    (
        "nothing-wins.ron",
        "W010",
        3,
        9,
        Severity::Warning,
        "un élève qui ne partage rien obtient 3 étoiles",
        "a pupil who shares nothing gets 3 stars",
    ),
    (
        "no-option.ron",
        "E041",
        8,
        17,
        Severity::Error,
        "la scène `choix` peut n'afficher aucune option",
        "scene `choix` can show no option at all",
    ),
    (
        "bad-format.ron",
        "E019",
        2,
        13,
        Severity::Error,
        "format 2 inconnu",
        "unknown format 2",
    ),
    (
        "unknown-term.ron",
        "E031",
        20,
        20,
        Severity::Error,
        "le terme `donnee-perso` n'est pas dans le glossaire",
        "term `donnee-perso` is not in the glossary",
    ),
    (
        "misspelt-kind.ron",
        "E015",
        1,
        1,
        Severity::Error,
        "valeur inconnue `Levle`",
        "unknown value `Levle`",
    ),
    (
        "truncated.ron",
        "E010",
        12,
        140,
        Severity::Error,
        "fin du fichier inattendue",
        "unexpected end of file",
    ),
];

#[test]
fn every_fixture_reports_its_message_at_its_position() {
    for &(file, code, line, col, severity, fr, en) in CASES {
        let (diags, src) = diagnostics(file);
        let d = diags
            .iter()
            .find(|d| d.problem.code() == code)
            .unwrap_or_else(|| panic!("{file}: no {code} in {diags:#?}"));
        let span = d
            .span
            .unwrap_or_else(|| panic!("{file}: {code} has no position"));
        assert_eq!(
            (span.start.line, span.start.col),
            (line, col),
            "{file}: position of {code}"
        );
        assert_eq!(d.severity, severity, "{file}");
        let rendered_fr = d.render(Some(&src), Lang::Fr);
        let rendered_en = d.render(Some(&src), Lang::En);
        assert!(rendered_fr.contains(fr), "{file}: {rendered_fr}");
        assert!(rendered_en.contains(en), "{file}: {rendered_en}");
        let head = format!("tests/fixtures/broken/{file}:{line}:{col}: ");
        assert!(rendered_fr.starts_with(&head), "{file}: {rendered_fr}");
        // The excerpt shows the offending line with a caret under the offending text.
        let lines: Vec<&str> = rendered_fr.lines().collect();
        let excerpt = lines[2]
            .split_once(" | ")
            .map(|(_, t)| t)
            .unwrap_or_else(|| panic!("{file}: {rendered_fr}"));
        let carets = lines[3].split_once(" | ").map(|(_, t)| t).unwrap();
        let at = carets.find('^').unwrap();
        let shown: String = excerpt
            .chars()
            .skip(carets[..at].chars().count())
            .take(4)
            .collect();
        let source_line = src.lines().nth(line - 1).unwrap();
        let expected: String = source_line.chars().skip(col - 1).take(4).collect();
        if !expected.is_empty() {
            assert_eq!(shown, expected, "{file}: caret\n{rendered_fr}");
        }
    }
}

#[test]
fn suggestions_name_the_likely_fix() {
    let cases = [
        ("unknown-field.ron", "vouliez-vous dire `text` ?"),
        ("dangling-next.ron", "vouliez-vous dire `fin` ?"),
        ("unknown-data.ron", "vouliez-vous dire `Address` ?"),
        (
            "unknown-term.ron",
            "vouliez-vous dire `donnee-personnelle` ?",
        ),
        ("misspelt-kind.ron", "vouliez-vous dire `Level` ?"),
        ("missing-field.ron", "ajoutez `next: …`"),
    ];
    for (file, help) in cases {
        let (diags, src) = diagnostics(file);
        let all: String = diags
            .iter()
            .map(|d| d.render(Some(&src), Lang::Fr))
            .collect();
        assert!(all.contains(help), "{file}: {all}");
    }
}

#[test]
fn the_minimal_valid_level_is_clean() {
    let g = glossary();
    let checked = check::check_level(&Disk, "tests/fixtures/valid-minimal.ron", Some(&g));
    assert!(
        checked.checked.diagnostics.is_empty(),
        "{:#?}",
        checked.checked.diagnostics
    );
    let s = checked.summary.unwrap();
    assert_eq!(
        s.render(Lang::En),
        "fixture: 3 scenes, endings reachable 1/1, score 50–97, stars 1–3"
    );
}
