//! Read-aloud: what the voice says for a scene, in the order the screen shows it, so a
//! pupil who reads slowly hears the situation and then every choice with the number that
//! picks it (keys 1–9). The game hands these sentences to the browser's or the system's voice.

use crate::core::model::level::{Scene, Who};
use crate::core::model::text::{Lang, Text};

/// The sentences for `scene`: its situation first, then its options (or fields, or
/// answers) numbered as shown. `order` is the screen's order of those items
/// (`play::rng::item_order`); an index it lacks is read in the file's order.
pub fn script(scene: &Scene, order: &[usize], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut say = |text: &str| {
        let clean = speakable(text);
        if !clean.is_empty() {
            out.push(clean);
        }
    };
    match scene {
        Scene::Story(s) => {
            let text = s.text.get(lang);
            match &s.speaker {
                Some(who) => say(&format!("{} : {text}", who.get(lang))),
                None => say(text),
            }
        }
        Scene::Choice(c) => {
            if let Some(context) = &c.context {
                say(context.get(lang));
            }
            say(c.text.get(lang));
        }
        Scene::Chat(c) => {
            let contact = c.contact.get(lang);
            for m in &c.messages {
                let who = match m.from {
                    Who::Them => contact,
                    Who::Me => lang.pick("Moi", "Me"),
                };
                say(&format!("{who} : {}", m.text.get(lang)));
            }
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            if let Some(context) = &f.context {
                say(context.get(lang));
            }
            say(&format!("{} : {}", f.app.get(lang), f.text.get(lang)));
        }
        Scene::Quiz(q) => say(q.question.get(lang)),
        Scene::End(e) => say(e.text.get(lang)),
    }
    let listed = items(scene, lang);
    for (n, i) in shown_order(order, listed.len()).into_iter().enumerate() {
        let text = speakable(&listed[i]);
        if !text.is_empty() {
            out.push(format!("{} {} : {text}", item_word(scene, lang), n + 1));
        }
    }
    out
}

/// What the pupil picks from, in the file's order.
fn items(scene: &Scene, lang: Lang) -> Vec<String> {
    let get = |t: &Text| t.get(lang).to_string();
    match scene {
        Scene::Choice(_) | Scene::Chat(_) => scene.options().iter().map(|o| get(&o.text)).collect(),
        Scene::Share(f) | Scene::Permissions(f) => f
            .fields
            .iter()
            .map(|field| match &field.label {
                Some(label) => get(label),
                None => field.data.label(lang).to_string(),
            })
            .collect(),
        Scene::Quiz(q) => q.answers.iter().map(|a| get(&a.text)).collect(),
        Scene::Story(_) | Scene::End(_) => Vec::new(),
    }
}

/// "Choix 2", "Case 2", "Réponse 2": the word before the number a key picks.
fn item_word(scene: &Scene, lang: Lang) -> &'static str {
    match scene {
        Scene::Share(_) | Scene::Permissions(_) => lang.pick("Case", "Box"),
        Scene::Quiz(_) => lang.pick("Réponse", "Answer"),
        _ => lang.pick("Choix", "Choice"),
    }
}

/// The screen's order of `len` items: `order` where it is a valid permutation, else the
/// file's order.
fn shown_order(order: &[usize], len: usize) -> Vec<usize> {
    let mut shown: Vec<usize> = order.iter().copied().filter(|&i| i < len).collect();
    let mut sorted = shown.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != len || shown.len() != len {
        shown = (0..len).collect();
    }
    shown
}

/// The text without what a voice would spell out as names (emoji and pictograms), with
/// spaces tidied.
pub fn speakable(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            let letter_or_mark = c.is_alphanumeric() || c.is_whitespace() || (c as u32) < 0x2000;
            let punctuation = "–—‘’‚“”„…‹›€".contains(c);
            if letter_or_mark || punctuation {
                c
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::load::parse;
    use crate::core::model::level::Level;

    fn level() -> Level {
        let src = r#"Level(format: 1, id: "l", title: (fr: "t", en: "t"), scenes: [
            Story(id: "a", speaker: "Inès", text: (fr: "Salut 👋 !", en: "Hi 👋!"), next: "c"),
            Choice(id: "c", context: (fr: "Au collège.", en: "At school."),
                text: (fr: "Que fais-tu ?", en: "What do you do?"), options: [
                (text: (fr: "Je publie", en: "I post"), next: "q"),
                (text: (fr: "J'attends", en: "I wait"), best: true, next: "q"),
            ]),
            Quiz(id: "q", question: (fr: "Vrai ?", en: "True?"), answers: [
                (text: (fr: "Oui", en: "Yes"), correct: true), (text: (fr: "Non", en: "No")),
            ], explain: (fr: "x", en: "x"), next: "fin"),
            End(id: "fin", outcome: Success, text: (fr: "Bravo.", en: "Well done.")),
        ], debrief: (lesson: (fr: "l", en: "l"), questions: [], sources: []))"#;
        parse("l.ron", src).unwrap()
    }

    #[test]
    fn a_choice_is_read_with_its_options_in_the_order_shown() {
        let l = level();
        assert_eq!(
            script(&l.scenes[1], &[1, 0], Lang::Fr),
            [
                "Au collège.",
                "Que fais-tu ?",
                "Choix 1 : J'attends",
                "Choix 2 : Je publie"
            ]
        );
        assert_eq!(
            script(&l.scenes[2], &[0, 1], Lang::En),
            ["True?", "Answer 1 : Yes", "Answer 2 : No"]
        );
        // An order that does not fit the options is not trusted.
        assert_eq!(
            script(&l.scenes[1], &[1, 1], Lang::Fr)[2],
            "Choix 1 : Je publie"
        );
    }

    #[test]
    fn emoji_are_not_spelled_out_and_speakers_are_named() {
        let l = level();
        assert_eq!(script(&l.scenes[0], &[], Lang::Fr), ["Inès : Salut !"]);
        assert_eq!(
            speakable("« Bien joué » — 🎮 merci…"),
            "« Bien joué » — merci…"
        );
    }
}
