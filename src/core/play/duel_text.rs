//! What the duel says about teams and cards, in both languages. Team names are typed by the
//! class ("Les Lynx", "Équipe B", "Zoé"), so French sentences contract the preposition with
//! the name's article (de + Les → des, à + Le → au) and elide before a vowel (d'Alice).

use crate::core::model::text::Lang;
use crate::core::play::duel::{CardOutcome, LINE_BONUS};

/// "de" before a team name: "des Hiboux", "du Renard", "de la Meute", "de l'équipe B",
/// "d'Alice", "de Zoé".
pub fn fr_de(name: &str) -> String {
    with_article(name, ["des", "du", "de la", "de l'"], "d'", "de ")
}

/// "à" before a team name: "aux Lynx", "au Renard", "à la Meute", "à l'équipe B", "à Alice".
pub fn fr_a(name: &str) -> String {
    with_article(name, ["aux", "au", "à la", "à l'"], "à ", "à ")
}

/// `contracted` holds the forms before les / le / la / l'; `elided` goes before a vowel,
/// `plain` before anything else. A default name "Équipe B" reads as "l'équipe B".
fn with_article(name: &str, contracted: [&str; 4], elided: &str, plain: &str) -> String {
    let [les, le, la, l] = contracted;
    if let Some(rest) = name.strip_prefix("Équipe ") {
        return format!("{l}équipe {rest}");
    }
    for (article, form) in [("les ", les), ("le ", le), ("la ", la)] {
        let head = name.get(..article.len());
        if name.len() > article.len() && head.is_some_and(|h| h.eq_ignore_ascii_case(article)) {
            return format!("{form} {}", &name[article.len()..]);
        }
    }
    for apostrophe in ["l'", "L'", "l’", "L’"] {
        if let Some(rest) = name.strip_prefix(apostrophe) {
            return format!("{l}{rest}");
        }
    }
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "aeiouyàâéèêëîïôöûüAEIOUYÀÂÉÈÊËÎÏÔÖÛÜ".contains(c));
    if vowel {
        format!("{elided}{name}")
    } else {
        format!("{plain}{name}")
    }
}

/// Whether a team's name is a plural in French ("Les Lynx gagnent", "Les Hiboux n'ont pas").
fn fr_plural(name: &str) -> bool {
    name.get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("les "))
}

/// "1 point", "0 point", "3 points" (French: singular below 2); "1 point", "0 points" in
/// English.
pub fn points(n: u32, lang: Lang) -> String {
    let plural = match lang {
        Lang::Fr => n >= 2,
        Lang::En => n != 1,
    };
    format!("{n} point{}", if plural { "s" } else { "" })
}

/// The heading of an open card: whose turn it is.
pub fn turn_of(name: &str, lang: Lang) -> String {
    lang.pick(format!("Au tour {}", fr_de(name)), format!("{name}'s turn"))
}

/// A team's score in detail: points from the cards won, from the lines, and its leaks.
pub fn score_detail(stakes: u32, lines: u32, leaks: usize, lang: Lang) -> String {
    let leaks_fr = if leaks >= 2 { "fuites" } else { "fuite" };
    let leaks_en = if leaks == 1 { "leak" } else { "leaks" };
    lang.pick(
        format!(
            "cartes gagnées : {} · lignes : {} · {leaks} {leaks_fr}",
            points(stakes, lang),
            points(lines, lang)
        ),
        format!(
            "cards won: {} · lines: {} · {leaks} {leaks_en}",
            points(stakes, lang),
            points(lines, lang)
        ),
    )
}

/// What became of a card played by `team` (`stake` at play, `new_lines` lines completed),
/// said after it is played.
pub fn outcome_line(
    (outcome, stake, new_lines): (CardOutcome, u32, usize),
    team: &str,
    other: &str,
    lang: Lang,
) -> String {
    let stake = points(stake, lang);
    let mut line = match outcome {
        CardOutcome::Claimed => lang.pick(
            format!(
                "✔ {team} {} la carte : +{stake}.",
                if fr_plural(team) { "gagnent" } else { "gagne" }
            ),
            format!("✔ {team} wins the card: +{stake}."),
        ),
        CardOutcome::Leaked => lang.pick(
            format!(
                "⚠ Fuite ! Les données {} profitent {} : +{stake} pour {other}.",
                fr_de(team),
                fr_a(other)
            ),
            format!("⚠ Leak! {team}'s data feeds {other}: +{stake} for {other}."),
        ),
        CardOutcome::Lost => lang.pick(
            format!(
                "✖ Carte perdue : personne ne la gagne ({team} {} pas fait le meilleur choix).",
                if fr_plural(team) { "n'ont" } else { "n'a" }
            ),
            format!("✖ Card lost: nobody wins it ({team} did not make the better choice)."),
        ),
    };
    if new_lines > 0 {
        let bonus = points(LINE_BONUS * new_lines as u32, lang);
        line.push_str(&lang.pick(
            format!(" Ligne complète : +{bonus} !"),
            format!(" Line complete: +{bonus}!"),
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_contracts_articles_and_elides_before_vowels() {
        let cases = [
            ("Les Hiboux", "des Hiboux", "aux Hiboux"),
            ("les lynx", "des lynx", "aux lynx"),
            ("Le Renard", "du Renard", "au Renard"),
            ("La Meute", "de la Meute", "à la Meute"),
            ("L'Orage", "de l'Orage", "à l'Orage"),
            ("Équipe B", "de l'équipe B", "à l'équipe B"),
            ("Alice", "d'Alice", "à Alice"),
            ("Écureuils", "d'Écureuils", "à Écureuils"),
            ("Zoé", "de Zoé", "à Zoé"),
            ("Lesbos", "de Lesbos", "à Lesbos"),
        ];
        for (name, de, a) in cases {
            assert_eq!(fr_de(name), de, "de + {name}");
            assert_eq!(fr_a(name), a, "à + {name}");
        }
    }

    #[test]
    fn points_agree_with_their_number_in_both_languages() {
        assert_eq!(points(0, Lang::Fr), "0 point");
        assert_eq!(points(1, Lang::Fr), "1 point");
        assert_eq!(points(2, Lang::Fr), "2 points");
        assert_eq!(points(0, Lang::En), "0 points");
        assert_eq!(points(1, Lang::En), "1 point");
        assert_eq!(points(3, Lang::En), "3 points");
        assert_eq!(
            score_detail(1, 0, 1, Lang::Fr),
            "cartes gagnées : 1 point · lignes : 0 point · 1 fuite"
        );
        assert_eq!(
            score_detail(5, 2, 2, Lang::En),
            "cards won: 5 points · lines: 2 points · 2 leaks"
        );
    }

    #[test]
    fn outcome_lines_read_as_sentences() {
        let leak = (CardOutcome::Leaked, 2, 0);
        assert_eq!(
            outcome_line(leak, "Les Hiboux", "Les Lynx", Lang::Fr),
            "⚠ Fuite ! Les données des Hiboux profitent aux Lynx : +2 points pour Les Lynx."
        );
        assert_eq!(
            outcome_line(leak, "Équipe A", "Équipe B", Lang::Fr),
            "⚠ Fuite ! Les données de l'équipe A profitent à l'équipe B : +2 points pour Équipe B."
        );
        let won = (CardOutcome::Claimed, 1, 1);
        assert_eq!(
            outcome_line(won, "Zoé", "Alice", Lang::Fr),
            format!(
                "✔ Zoé gagne la carte : +1 point. Ligne complète : +{} !",
                points(LINE_BONUS, Lang::Fr)
            )
        );
        assert_eq!(
            outcome_line(won, "Team A", "Team B", Lang::En),
            format!(
                "✔ Team A wins the card: +1 point. Line complete: +{}!",
                points(LINE_BONUS, Lang::En)
            )
        );
        assert_eq!(
            outcome_line((CardOutcome::Claimed, 3, 0), "Les Lynx", "Zoé", Lang::Fr),
            "✔ Les Lynx gagnent la carte : +3 points."
        );
        assert_eq!(
            outcome_line((CardOutcome::Lost, 1, 0), "Les Hiboux", "Zoé", Lang::Fr),
            "✖ Carte perdue : personne ne la gagne (Les Hiboux n'ont pas fait le meilleur choix)."
        );
        assert_eq!(turn_of("Les Lynx", Lang::Fr), "Au tour des Lynx");
        assert_eq!(turn_of("Équipe B", Lang::Fr), "Au tour de l'équipe B");
        assert_eq!(turn_of("Team B", Lang::En), "Team B's turn");
    }
}
