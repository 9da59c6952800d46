//! What the class report and the debrief sheets both say about a mission's decisions: which
//! scenes are decisions, which options are careless, a scene's situation in one line, a
//! scene kind's name, the mission's summary and topics.

use crate::core::model::level::{Level, Opt, Scene, Who};
use crate::core::model::text::Lang;
use crate::core::pages::html::escape;
use std::fmt::Write;

/// Whether a scene asks the player to decide (and so gets a chart).
pub fn is_decision(scene: &Scene) -> bool {
    matches!(
        scene,
        Scene::Choice(_)
            | Scene::Chat(_)
            | Scene::Share(_)
            | Scene::Permissions(_)
            | Scene::Quiz(_)
    )
}

/// A careless option is one the teacher marked `risky`: the sheet, the class report, the
/// checker's careless pupil and the game's preview all go by that mark alone, so an option
/// in between (it shares, but reasonably) is never printed as careless.
pub fn careless_option(o: &Opt) -> bool {
    o.risky
}

/// The name of a scene kind for teachers and pupils (`scene.kind()` or a debrief's `kind`).
pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    let (fr, en) = match kind {
        "Choice" => ("Choix", "Choice"),
        "Chat" => ("Discussion", "Chat"),
        "Share" => ("Formulaire", "Form"),
        "Permissions" => ("Autorisations", "Permissions"),
        "Quiz" => ("Quiz", "Quiz"),
        "Story" => ("Récit", "Story"),
        "End" => ("Fin", "Ending"),
        _ => ("Scène", "Scene"),
    };
    lang.pick(fr, en)
}

/// ` :` in French (with a non-breaking space), `:` in English.
pub fn colon(lang: Lang) -> &'static str {
    lang.pick("\u{a0}:", ":")
}

/// The situation of a decision scene in one line: the choice's text, the contact's last
/// message, the form's app and text, the quiz question.
pub fn short_situation(scene: &Scene, lang: Lang) -> String {
    match scene {
        Scene::Choice(c) => c.text.get(lang).to_string(),
        Scene::Chat(c) => {
            let last = c
                .messages
                .iter()
                .rev()
                .find(|m| m.from == Who::Them)
                .or(c.messages.last())
                .map_or("", |m| m.text.get(lang));
            format!("{}{} {last}", c.contact.get(lang), colon(lang))
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            format!("{}{} {}", f.app.get(lang), colon(lang), f.text.get(lang))
        }
        Scene::Quiz(q) => q.question.get(lang).to_string(),
        Scene::Story(s) => s.text.get(lang).to_string(),
        Scene::End(e) => e.text.get(lang).to_string(),
    }
}

/// A mission's summary and topics, as the sheet and the class report both open with them.
pub fn summary_and_topics(level: &Level, lang: Lang) -> String {
    let mut b = String::new();
    if let Some(s) = &level.summary {
        let _ = write!(b, "<p>{}</p>", escape(s.get(lang)));
    }
    if !level.topics.is_empty() {
        let topics = level
            .topics
            .iter()
            .map(|t| escape(t.label(lang)))
            .collect::<Vec<_>>()
            .join(" · ");
        let _ = write!(
            b,
            "<p class=\"meta\">{} {topics}</p>",
            lang.pick("Thèmes :", "Topics:")
        );
    }
    b
}
