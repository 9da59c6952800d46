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
        64,
        Severity::Error,
        "il manque une virgule `,` à la fin de cet élément",
        "a comma `,` is missing at the end of this item",
    ),
    // RON notices it on the next line; the comma goes at the end of this one.
    (
        "missing-comma-end-of-line.ron",
        "E010",
        6,
        80,
        Severity::Error,
        "il manque une virgule `,` à la fin de cet élément",
        "a comma `,` is missing at the end of this item",
    ),
    // The missing quote makes RON ask for a comma further on; the quote goes here.
    (
        "unclosed-text.ron",
        "E010",
        6,
        48,
        Severity::Error,
        "ce texte n'est pas fermé : il manque le guillemet `\"` avant cette virgule",
        "this text is not closed: the quote `\"` is missing before this comma",
    ),
    (
        "typographic-quotes.ron",
        "E010",
        6,
        39,
        Severity::Error,
        "`«` n'ouvre ni ne ferme un texte : un texte s'écrit entre guillemets droits \"…\"",
        "`«` neither opens nor closes a text: texts are written between straight quotes \"…\"",
    ),
    // W013 points at the scene that costs the most and adds up the path.
    (
        "meter-out-of-range.ron",
        "W013",
        22,
        17,
        Severity::Warning,
        "la jauge vie privée peut descendre à -8 (elle va de 0 à 100) : 100 − 52 (`inscription`, tout coché) − 56 (`profil` : « Ma photo, mon collège et mes horaires ») = -8",
        "the privacy meter can fall to -8 (it goes from 0 to 100): 100 − 52 (`inscription`, everything ticked) − 56 (`profil`: \"My photo, school and timetable\") = -8",
    ),
    (
        "permissions-retry.ron",
        "W013",
        8,
        17,
        Severity::Warning,
        "la jauge vie privée n'a pas de limite : la boucle qui passe par `autorisations` la fait baisser à chaque tour",
        "the privacy meter has no limit: the loop through `autorisations` lowers it each time round",
    ),
    (
        "permissions-retry.ron",
        "W012",
        8,
        17,
        Severity::Warning,
        "la boucle qui passe par `autorisations` change les jauges à chaque tour",
        "the loop through `autorisations` changes the meters on every round",
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
        "un élève qui ne partage rien du tout réussit la mission (3 étoile(s), score 100)",
        "a pupil who shares nothing at all succeeds (3 star(s), score 100)",
    ),
    (
        "refusal-dead-end.ron",
        "W021",
        3,
        9,
        Severity::Warning,
        "un élève qui ne partage rien du tout ne peut atteindre aucune fin",
        "a pupil who shares nothing at all cannot reach any ending",
    ),
    (
        "best-is-longest.ron",
        "W017",
        8,
        17,
        Severity::Warning,
        "la meilleure option est la plus longue dans 2 décision(s) sur 2 (en français et en anglais) : `photo`, `adresse`",
        "the best option is the longest in 2 of 2 decision(s) (in French and in English): `photo`, `adresse`",
    ),
    (
        "best-never-shares.ron",
        "W018",
        3,
        9,
        Severity::Warning,
        "aucune meilleure option ne partage quoi que ce soit (1 décision(s))",
        "no best option shares anything (1 decision(s))",
    ),
    (
        "card-without-setup.ron",
        "W020",
        16,
        17,
        Severity::Warning,
        "la décision `second` peut être tirée en carte de duel sans sa mise en situation",
        "decision `second` can be dealt as a duel card without its situation",
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
        "unknown-portrait.ron",
        "E033",
        5,
        38,
        Severity::Error,
        "aucun portrait ne s'appelle `appli-jeux`",
        "no portrait is called `appli-jeux`",
    ),
    (
        "cast-name-unused.ron",
        "W022",
        5,
        19,
        Severity::Warning,
        "`Apli` ne parle ni n'apparaît dans ce niveau",
        "`Apli` neither speaks nor appears in this level",
    ),
    (
        "undrawable-emoji.ron",
        "W023",
        6,
        34,
        Severity::Warning,
        "le jeu ne sait pas dessiner « 🦄 » (U+1F984) : les élèves verraient un carré vide",
        "the game cannot draw \"🦄\" (U+1F984): pupils would see an empty box",
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

/// The help lines fit the case they are about.
#[test]
fn help_lines_say_how_to_fix_each_case() {
    let cases = [
        ("refusal-dead-end.ron", "W021", "`incomplete`"),
        (
            "best-is-longest.ron",
            "W017",
            "raccourcissez la meilleure option",
        ),
        (
            "best-never-shares.ron",
            "W018",
            "`share: [Address], to: \"ta mère\"`",
        ),
        ("card-without-setup.ron", "W020", "ajoutez `context: (fr:"),
        // A scam mission's fake form has no needed field: the help says what to do then.
        (
            "scam-nothing-wins.ron",
            "W010",
            "aucun champ n'est `needed` ici (une arnaque, un faux formulaire ?)",
        ),
        (
            "meter-out-of-range.ron",
            "W013",
            "doit coûter 100 points au plus : partagez moins à `profil`",
        ),
        (
            "permissions-retry.ron",
            "W012",
            "sur l'écran `Permissions` `autorisations`, ce qui est coché part même s'il manque une autorisation `needed`",
        ),
        (
            "permissions-retry.ron",
            "W013",
            "mettez-les dans une scène avant ou après la boucle",
        ),
        ("missing-comma-end-of-line.ron", "E010", "ajoutez `,` ici"),
        ("unclosed-text.ron", "E010", "fermez le texte ici"),
        // No form at all: the fake-form help would make no sense.
        (
            "nothing-wins.ron",
            "W010",
            "un champ `needed: true` dont le refus",
        ),
        (
            "typographic-quotes.ron",
            "E010",
            "à l'intérieur, « » et “ ” sont permis",
        ),
    ];
    for (file, code, help) in cases {
        let (diags, src) = diagnostics(file);
        let d = diags.iter().find(|d| d.problem.code() == code).unwrap();
        let text = d.render(Some(&src), Lang::Fr);
        assert!(
            text.contains("= aide : ") && text.contains(help),
            "{file}: {text}"
        );
    }
}

/// A callback on data the earlier level needs for success fires for every pupil who did
/// right there; one on data it does not need (the address) is fine.
#[test]
fn a_callback_on_required_data_is_reported_where_it_is_written() {
    let manifest = "tests/fixtures/punishing/campaign.ron";
    let c = check::check_campaign(&Disk, manifest);
    let (_, rappel) = c
        .levels
        .iter()
        .find(|(_, l)| l.checked.file.ends_with("rappel.ron"))
        .unwrap();
    let found: Vec<_> = rappel
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.problem.code() == "W019")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = found[0];
    let span = d.span.unwrap();
    assert_eq!((span.start.line, span.start.col), (10, 24));
    let src = rappel.checked.source.as_deref();
    let fr = d.render(src, Lang::Fr);
    let en = d.render(src, Lang::En);
    assert!(
        fr.starts_with("tests/fixtures/punishing/rappel.ron:10:24: avertissement[W019] : ce rappel punit un élève qui a bien joué : tout chemin réussi de `inscription` partage `Email`"),
        "{fr}"
    );
    assert!(en.contains("this callback punishes a pupil who did right: every successful path of `inscription` shares `Email`"), "{en}");
    assert!(
        fr.contains("testez une donnée que `inscription` ne demande pas"),
        "{fr}"
    );
    // Checked alone, the level knows nothing of what the earlier one required.
    let alone = check::check_level(&Disk, "tests/fixtures/punishing/rappel.ron", None);
    assert!(
        !alone
            .checked
            .diagnostics
            .iter()
            .any(|d| d.problem.code() == "W019")
    );
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
        ("unknown-portrait.ron", "vouliez-vous dire `appli-jeu` ?"),
        ("cast-name-unused.ron", "vouliez-vous dire `Appli` ?"),
        (
            "undrawable-emoji.ron",
            "prenez un emoji de la liste de docs/levels.md",
        ),
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
        "fixture: 4 scenes, endings reachable 2/2, score 50–97, stars 1–3"
    );
}
