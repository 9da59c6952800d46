//! Printable debrief sheets (standalone HTML, A4, no JavaScript):
//!
//! * [`level_sheet`]: a mission for the whole class — for the board or a handout. Every
//!   decision in order with each option's consequence, the better one (✔) and why, the form
//!   fields with whether they were needed, then the lesson, discussion questions, glossary and
//!   sources (addresses printed as text: it is for paper).
//! * [`run_sheet`]: one pupil's finished run, from its [`Debrief`] — the game's debrief screen
//!   saves it.

use crate::core::model::campaign::{Glossary, Term};
use crate::core::model::level::{Level, Outcome, Scene, Source, Who};
use crate::core::model::text::{Lang, Text};
use crate::core::pages::decisions::{
    careless_option, colon, is_decision, kind_label, summary_and_topics,
};
use crate::core::pages::html::{self, escape};
use crate::core::play::debrief::{Debrief, FieldReport, Verdict};
use std::fmt::Write;

fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    match o {
        Outcome::Success => lang.pick("Mission réussie", "Mission accomplished"),
        Outcome::Partial => lang.pick("Mission à moitié réussie", "Mission half done"),
        Outcome::Failure => lang.pick("Mission ratée", "Mission failed"),
    }
}

fn data_text(d: crate::core::model::data::DataKind, lang: Lang) -> &'static str {
    d.label(lang)
}

/// The sheet of a mission for the whole class.
pub fn level_sheet(level: &Level, glossary: Option<&Glossary>, lang: Lang) -> String {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let mut b = String::new();
    let _ = write!(
        b,
        "<header><p class=\"meta\">{}</p><h1>{}</h1>",
        t(
            "Agent Trace — fiche de débrief",
            "Agent Trace — debrief sheet"
        ),
        escape(level.title.get(lang))
    );
    b.push_str(&summary_and_topics(level, lang));
    let _ = write!(
        b,
        "<p class=\"legend\">{}</p></header>",
        t(
            "✔ = le meilleur choix, une donnée nécessaire, une bonne réponse. ⚠ = un choix \
             imprudent ou une donnée qui n'était pas nécessaire. Sans \
             marque : un choix entre les deux.",
            "✔ = the better choice, a needed piece of data, a right answer. ⚠ = a careless \
             choice or data that was not needed. No mark: a choice in \
             between."
        )
    );
    let _ = write!(
        b,
        "<section><h2>{}</h2>",
        t("Les décisions de la mission", "The mission's decisions")
    );
    for (k, scene) in level.scenes.iter().filter(|s| is_decision(s)).enumerate() {
        scene_card(&mut b, k + 1, scene, lang);
    }
    b.push_str("</section>");
    closing(
        &mut b,
        &level.debrief.lesson,
        &level.debrief.questions,
        &level
            .debrief
            .glossary
            .iter()
            .filter_map(|id| Glossary::lookup(glossary, id))
            .cloned()
            .collect::<Vec<_>>(),
        &level.debrief.sources,
        lang,
    );
    html::page(
        lang,
        &format!(
            "{} — {}",
            level.title.get(lang),
            t("fiche de débrief", "debrief sheet")
        ),
        &b,
    )
}

fn scene_card(b: &mut String, number: usize, scene: &Scene, lang: Lang) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<div class=\"scene card\" data-scene=\"{}\"><h3>{number}. {}</h3>",
        escape(scene.id()),
        escape(kind_label(scene.kind(), lang))
    );
    match scene {
        Scene::Choice(c) => {
            let _ = write!(b, "<p class=\"situation\">{}</p>", escape(c.text.get(lang)));
        }
        Scene::Chat(c) => {
            let contact = c.contact.get(lang);
            b.push_str("<div class=\"situation\">");
            for m in &c.messages {
                let (who, class) = match m.from {
                    Who::Them => (contact, "msg-them"),
                    Who::Me => (t("Moi", "Me"), "msg-me"),
                };
                let _ = write!(
                    b,
                    "<p class=\"{class}\"><strong>{}{}</strong> {}</p>",
                    escape(who),
                    colon(lang),
                    escape(m.text.get(lang))
                );
            }
            b.push_str("</div>");
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            let _ = write!(
                b,
                "<p class=\"meta\">{} <strong>{}</strong></p><p class=\"situation\">{}</p>",
                t("Demandé par", "Asked by"),
                escape(f.app.get(lang)),
                escape(f.text.get(lang))
            );
        }
        Scene::Quiz(q) => {
            let _ = write!(
                b,
                "<p class=\"situation\">{}</p>",
                escape(q.question.get(lang))
            );
        }
        Scene::Story(_) | Scene::End(_) => {}
    }
    match scene {
        Scene::Choice(_) | Scene::Chat(_) => {
            let contact = match scene {
                Scene::Chat(c) => Some(&c.contact),
                _ => None,
            };
            b.push_str("<ol type=\"A\" class=\"options\">");
            for o in scene.options() {
                let (sign, note, class) = if o.best {
                    (
                        "✔ ",
                        t("meilleur choix", "better choice"),
                        " class=\"best\"",
                    )
                } else if careless_option(o) {
                    ("⚠ ", t("imprudent", "careless"), "")
                } else {
                    ("", "", "")
                };
                let _ = write!(b, "<li{class}>{sign}{}", escape(o.text.get(lang)));
                if !note.is_empty() {
                    let _ = write!(b, " <span class=\"meta\">({note})</span>");
                }
                if o.when.is_some() {
                    let _ = write!(
                        b,
                        " <span class=\"meta\">({})</span>",
                        t(
                            "proposé seulement selon les choix d'avant",
                            "offered only after some earlier choices"
                        )
                    );
                }
                if let Some(f) = &o.feedback {
                    let _ = write!(b, "<br>→ {}", escape(f.get(lang)));
                }
                if !o.share.is_empty() {
                    let data = o
                        .share
                        .iter()
                        .map(|d| data_text(*d, lang))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let _ = write!(
                        b,
                        "<br><span class=\"meta\">{} {}",
                        t("Données partagées :", "Data shared:"),
                        escape(&data)
                    );
                    if let Some(to) = o.to.as_ref().or(contact) {
                        let _ = write!(b, " → {}", escape(to.get(lang)));
                    }
                    b.push_str("</span>");
                }
                b.push_str("</li>");
            }
            b.push_str("</ol>");
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            let _ = write!(
                b,
                "<table class=\"fields\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                t("Donnée demandée", "Data asked for"),
                t("Nécessaire ?", "Needed?"),
                t("Pourquoi", "Why"),
            );
            for field in &f.fields {
                let kind = data_text(field.data, lang);
                // A custom label ("Un selfie (+10 % de chances !)") is followed by the kind of
                // data it really is.
                let label = match &field.label {
                    Some(l) => format!(
                        "{}<br><span class=\"meta\">{}</span>",
                        escape(l.get(lang)),
                        escape(kind)
                    ),
                    None => escape(kind),
                };
                let needed = if field.needed {
                    t("✔ oui", "✔ yes")
                } else {
                    t("⚠ non", "⚠ no")
                };
                let _ = write!(
                    b,
                    "<tr><td>{label}</td><td>{needed}</td><td>{}</td></tr>",
                    escape(field.why.as_ref().map_or("", |w| w.get(lang)))
                );
            }
            b.push_str("</tbody></table>");
        }
        Scene::Quiz(q) => {
            b.push_str("<ol type=\"A\" class=\"answers\">");
            for a in &q.answers {
                if a.correct {
                    let _ = write!(
                        b,
                        "<li class=\"best\">✔ {} <span class=\"meta\">({})</span></li>",
                        escape(a.text.get(lang)),
                        t("bonne réponse", "right answer")
                    );
                } else {
                    let _ = write!(b, "<li>{}</li>", escape(a.text.get(lang)));
                }
            }
            b.push_str("</ol>");
        }
        Scene::Story(_) | Scene::End(_) => {}
    }
    let explain = match scene {
        Scene::Choice(c) => c.explain.as_ref(),
        Scene::Chat(c) => c.explain.as_ref(),
        Scene::Share(f) | Scene::Permissions(f) => f.explain.as_ref(),
        Scene::Quiz(q) => Some(&q.explain),
        Scene::Story(_) | Scene::End(_) => None,
    };
    if let Some(e) = explain {
        let _ = write!(
            b,
            "<p class=\"why\"><strong>{}</strong> {}</p>",
            t("Pourquoi :", "Why:"),
            escape(e.get(lang))
        );
    }
    b.push_str("</div>");
}

/// Lesson, questions (with room to write), glossary, sources.
fn closing(
    b: &mut String,
    lesson: &Text,
    questions: &[Text],
    terms: &[Term],
    sources: &[Source],
    lang: Lang,
) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<section class=\"closing\"><h2>{}</h2><p class=\"lesson\">{}</p><h2>{}</h2><ol class=\"questions\">",
        t("À retenir", "Key lesson"),
        escape(lesson.get(lang)),
        t("À discuter", "To discuss"),
    );
    for q in questions {
        let _ = write!(
            b,
            "<li>{}<div class=\"write\"></div></li>",
            escape(q.get(lang))
        );
    }
    b.push_str("</ol>");
    if !terms.is_empty() {
        let _ = write!(b, "<h2>{}</h2><dl>", t("Mots à connaître", "Words to know"));
        for term in terms {
            let _ = write!(
                b,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                escape(term.term.get(lang)),
                escape(term.definition.get(lang))
            );
        }
        b.push_str("</dl>");
    }
    if !sources.is_empty() {
        let _ = write!(
            b,
            "<h2>{}</h2><ul class=\"sources\">",
            t("Pour aller plus loin", "To find out more")
        );
        for s in sources {
            let _ = write!(
                b,
                "<li>{}<br><span class=\"url\">{}</span></li>",
                escape(s.title.get(lang)),
                escape(&s.url)
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
}

fn fields_table(b: &mut String, fields: &[FieldReport], lang: Lang) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<table class=\"fields\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t("Donnée demandée", "Data asked for"),
        t("Cochée", "Ticked"),
        t("Nécessaire ?", "Needed?"),
        t("Pourquoi", "Why"),
    );
    for f in fields {
        let ticked = if f.ticked {
            t("☑ oui", "☑ yes")
        } else {
            t("☐ non", "☐ no")
        };
        let needed = if f.needed {
            t("✔ oui", "✔ yes")
        } else {
            t("⚠ non", "⚠ no")
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{ticked}</td><td>{needed}</td><td>{}</td></tr>",
            escape(f.label.get(lang)),
            escape(f.why.as_ref().map_or("", |w| w.get(lang)))
        );
    }
    b.push_str("</tbody></table>");
}

/// The sheet of one pupil's finished run.
pub fn run_sheet(d: &Debrief, lang: Lang) -> String {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let mut b = String::new();
    let _ = write!(
        b,
        "<header><p class=\"meta\">{}</p><h1>{}</h1>",
        t("Agent Trace — mon débrief", "Agent Trace — my debrief"),
        escape(d.title.get(lang))
    );
    if let Some(o) = d.outcome {
        let _ = write!(b, "<p><strong>{}</strong>", outcome_label(o, lang));
        if let Some(e) = &d.ending {
            let _ = write!(b, " — {}", escape(e.get(lang)));
        }
        b.push_str("</p>");
    }
    let _ = write!(
        b,
        "<p class=\"result\"><strong>{} {}/100</strong> · <span class=\"stars\">{}</span> \
         ({}/3 {}) · {} {}/100 · {} {}/100</p></header>",
        t("Score :", "Score:"),
        d.score,
        html::stars(d.stars),
        d.stars,
        t("étoiles", "stars"),
        t("Vie privée :", "Privacy:"),
        d.meters.privacy(),
        t("Mission :", "Mission:"),
        d.meters.mission(),
    );
    let _ = write!(
        b,
        "<section><h2>{}</h2>",
        t("Mes décisions", "My decisions")
    );
    for (k, r) in d.decisions.iter().enumerate() {
        let _ = write!(
            b,
            "<div class=\"card\" data-scene=\"{}\"><h3>{}. {}</h3><p class=\"situation\">{}</p>",
            escape(&r.scene),
            k + 1,
            escape(kind_label(r.kind, lang)),
            escape(r.situation.get(lang))
        );
        let chosen = if r.chosen.is_empty() {
            t("rien", "nothing").to_string()
        } else {
            r.chosen
                .iter()
                .map(|c| escape(c.get(lang)))
                .collect::<Vec<_>>()
                .join(" ; ")
        };
        let _ = write!(
            b,
            "<p><strong>{}</strong> {chosen}</p>",
            t("Mon choix :", "My choice:")
        );
        let better = r
            .better
            .iter()
            .map(|c| escape(c.get(lang)))
            .collect::<Vec<_>>()
            .join(" ; ");
        match r.verdict {
            Verdict::Best => {
                let _ = write!(
                    b,
                    "<p class=\"best\">✔ {}</p>",
                    t("Le meilleur choix.", "The better choice.")
                );
            }
            Verdict::CouldBeBetter => {
                let lead = match r.kind {
                    "Share" | "Permissions" => t(
                        "Il y avait mieux. Seulement le nécessaire :",
                        "It could be better. Only what was needed:",
                    ),
                    "Quiz" => t(
                        "Pas tout à fait. La bonne réponse :",
                        "Not quite. The right answer:",
                    ),
                    _ => t("Il y avait mieux :", "There was a better choice:"),
                };
                let better = if better.is_empty() {
                    t("rien", "nothing").to_string()
                } else {
                    better
                };
                let _ = write!(b, "<p>⚠ {lead} <strong>{better}</strong></p>");
            }
            Verdict::Open => {}
        }
        if !r.fields.is_empty() {
            fields_table(&mut b, &r.fields, lang);
        }
        if let Some(c) = &r.consequence {
            let _ = write!(
                b,
                "<p><strong>{}</strong> {}</p>",
                t("Ce qui s'est passé :", "What happened:"),
                escape(c.get(lang))
            );
        }
        if !r.shared.is_empty() {
            let data = r
                .shared
                .iter()
                .map(|d| data_text(*d, lang))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                b,
                "<p class=\"meta\">{} {}",
                t("Données parties :", "Data that left:"),
                escape(&data)
            );
            if let Some(to) = &r.to {
                let _ = write!(b, " → {}", escape(to.get(lang)));
            }
            b.push_str("</p>");
        }
        if let Some(e) = &r.explanation {
            let _ = write!(
                b,
                "<p class=\"why\"><strong>{}</strong> {}</p>",
                t("Pourquoi :", "Why:"),
                escape(e.get(lang))
            );
        }
        b.push_str("</div>");
    }
    b.push_str("</section>");
    let _ = write!(
        b,
        "<section><h2>{}</h2>",
        t(
            "Ce qui est parti pendant la mission",
            "What left during the mission"
        )
    );
    if d.data_left.is_empty() {
        let _ = write!(b, "<p>{}</p>", t("Rien n'est parti.", "Nothing left."));
    } else {
        b.push_str("<ul class=\"left\">");
        for (data, to) in &d.data_left {
            let _ = write!(
                b,
                "<li>{} → {}</li>",
                escape(data_text(*data, lang)),
                escape(to.get(lang))
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
    closing(
        &mut b,
        &d.lesson,
        &d.questions,
        &d.glossary,
        &d.sources,
        lang,
    );
    html::page(
        lang,
        &format!("{} — {}", d.title.get(lang), t("mon débrief", "my debrief")),
        &b,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::play::footprint::Footprint;
    use crate::core::play::{Action, Run};
    use std::sync::Arc;

    fn concours() -> Level {
        let src = std::fs::read_to_string("levels/ch1-concours.ron").unwrap();
        crate::core::check::load::parse("concours", &src).unwrap()
    }

    #[test]
    fn a_level_sheet_marks_the_better_option_and_the_needed_fields() {
        let level = concours();
        let page = level_sheet(&level, None, Lang::En);
        assert!(page.contains("<li class=\"best\">✔ I read the rules first."));
        assert!(page.contains("⚠ I fill it in right now: Yanis has"));
        // First name is needed, the selfie is not.
        assert!(page.contains("<tr><td>First name</td><td>✔ yes"));
        assert!(page.contains(
            "A selfie (+10% chance of winning!)<br><span class=\"meta\">Photo of you</span></td><td>⚠ no"
        ));
        assert!(page.contains("https://www.cnil.fr/fr/definition/minimisation"));
        assert!(!page.contains("<a "), "addresses are text, not links");
        assert!(!page.contains("<script"));
    }

    #[test]
    fn a_run_sheet_shows_the_pupils_choices_and_score() {
        let level = Arc::new(concours());
        let mut run = Run::start(Arc::clone(&level), Footprint::default()).unwrap();
        // Fill it in at once, then careful.
        run.act(Action::Continue).unwrap();
        run.act(Action::Pick(0)).unwrap();
        while let Some(a) = run.careful_action() {
            run.act(a).unwrap();
        }
        let d = crate::core::play::debrief::build(&run, None);
        let page = run_sheet(&d, Lang::Fr);
        assert!(page.contains(&format!("Score : {}/100", d.score)));
        assert!(page.contains(&html::stars(d.stars)));
        assert!(
            page.contains("Il y avait mieux : <strong>Je lis le règlement d&#39;abord."),
            "{page}"
        );
        assert_eq!(
            page.matches("<div class=\"card\"").count(),
            d.decisions.len()
        );
    }
}
