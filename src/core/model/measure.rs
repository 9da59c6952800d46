//! How a level's decisions read, measured from the file alone: is the better option the
//! longest one (a pupil can then win by pattern instead of judgement), and does it share
//! anything (the game teaches what to share, not to refuse). The checker's judgement rules
//! and `check --stats` both use these figures.

use crate::core::model::level::{Level, Opt, Scene};
use crate::core::model::text::Lang;

/// One Choice or Chat that has a better option and at least one other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision<'a> {
    /// Index of the scene in `level.scenes`.
    pub index: usize,
    pub id: &'a str,
    /// In French, then in English: a better option is longer (in characters) than every
    /// other option.
    pub best_is_longest: [bool; 2],
    /// A better option sends data to someone.
    pub best_shares: bool,
    /// A dilemma: another option earns more mission points than every better one, so the
    /// careful choice costs something.
    pub best_costs: bool,
}

impl Decision<'_> {
    pub fn best_is_longest_in(&self, lang: Lang) -> bool {
        self.best_is_longest[lang_index(lang)]
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

/// The decisions of a level, in file order.
pub fn decisions(level: &Level) -> Vec<Decision<'_>> {
    level
        .scenes
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, Scene::Choice(_) | Scene::Chat(_)))
        .filter_map(|(index, scene)| {
            let options = scene.options();
            let (best, other): (Vec<&Opt>, Vec<&Opt>) = options.iter().partition(|o| o.best);
            if best.is_empty() || other.is_empty() {
                return None;
            }
            let longest = |lang: Lang| {
                let chars = |os: &[&Opt]| {
                    os.iter()
                        .map(|o| o.text.get(lang).chars().count())
                        .max()
                        .unwrap_or(0)
                };
                chars(&best) > chars(&other)
            };
            let points = |os: &[&Opt]| os.iter().map(|o| o.mission).max().unwrap_or(0);
            Some(Decision {
                index,
                id: scene.id(),
                best_is_longest: [longest(Lang::Fr), longest(Lang::En)],
                best_shares: best.iter().any(|o| !o.share.is_empty()),
                best_costs: points(&other) > points(&best),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::load::parse;

    fn level(options: &str) -> Level {
        let src = format!(
            r#"Level(format: 1, id: "l", title: (fr: "t", en: "t"), scenes: [
                Choice(id: "c", text: (fr: "?", en: "?"), options: [{options}]),
                End(id: "fin", outcome: Success, text: (fr: ".", en: ".")),
            ], debrief: (lesson: (fr: ".", en: "."), questions: [], sources: []))"#
        );
        parse("l.ron", &src).unwrap()
    }

    #[test]
    fn the_longest_better_option_is_counted_per_language() {
        let l = level(
            r#"(text: (fr: "Demander à Inès avant de publier", en: "Ask"), best: true, next: "fin"),
               (text: (fr: "Publier", en: "Post it right now"), next: "fin")"#,
        );
        let d = decisions(&l);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].id, "c");
        assert!(d[0].best_is_longest_in(Lang::Fr));
        assert!(!d[0].best_is_longest_in(Lang::En));
        assert!(!d[0].best_shares);
        assert!(!d[0].best_costs);
    }

    #[test]
    fn a_tie_is_not_a_telegraph_and_sharing_is_seen() {
        let l = level(
            r#"(text: (fr: "abcd", en: "abcd"), best: true, share: [Email], to: "club", mission: 5, next: "fin"),
               (text: (fr: "wxyz", en: "wxyz"), mission: 10, next: "fin")"#,
        );
        let d = decisions(&l);
        assert_eq!(d[0].best_is_longest, [false, false]);
        assert!(d[0].best_shares);
        assert!(d[0].best_costs, "the other option earns more points");
    }

    #[test]
    fn a_scene_without_a_better_option_is_no_decision() {
        let l = level(
            r#"(text: (fr: "a", en: "a"), next: "fin"), (text: (fr: "b", en: "b"), next: "fin")"#,
        );
        assert!(decisions(&l).is_empty());
    }
}
