//! The debrief, made to be read aloud: each decision with its consequence, the expert's
//! explanation and the better choice; the data that left; the lesson, questions, glossary
//! and sources. "Rejouer ce choix" replays one decision; the result is shown beside the
//! original.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{Palette, card, ink, palette, paper, stars};
use crate::core::model::level::Outcome;
use crate::core::model::text::Lang;
use crate::core::play::debrief::{Debrief, Verdict};
use crate::game::mission::{LastDebrief, PrintSheet, Rewind, SheetSaved, StartMission};
use crate::game::progress::Progress;
use crate::game::screens::{Go, Screen};

fn outcome(o: Option<Outcome>, lang: Lang) -> &'static str {
    match o {
        Some(Outcome::Success) => lang.pick("MISSION ACCOMPLIE", "MISSION COMPLETE"),
        Some(Outcome::Partial) => lang.pick("MISSION EN PARTIE RÉUSSIE", "MISSION PARTLY DONE"),
        Some(Outcome::Failure) => lang.pick("MISSION ÉCHOUÉE", "MISSION FAILED"),
        None => "",
    }
}

fn summary(ui: &mut egui::Ui, d: &Debrief, lang: Lang, p: &Palette) {
    ui.label(
        egui::RichText::new(outcome(d.outcome, lang))
            .color(p.stamp)
            .strong(),
    );
    ui.label(format!(
        "{}   ·   {} {}/100",
        stars(d.stars),
        lang.pick("Score", "Score"),
        d.score
    ));
    ui.label(
        egui::RichText::new(format!(
            "🛡 {} {}/100",
            lang.pick("Vie privée", "Privacy"),
            d.meters.privacy()
        ))
        .color(p.privacy),
    );
    ui.label(
        egui::RichText::new(format!("🎯 Mission {}/100", d.meters.mission())).color(p.mission),
    );
    let left: Vec<String> = d
        .data_left
        .iter()
        .map(|(k, to)| format!("{} {} ➡ {}", k.info().icon, k.label(lang), to.get(lang)))
        .collect();
    if left.is_empty() {
        ui.label(lang.pick("Aucune donnée n'est partie.", "No data left."));
    } else {
        for l in left {
            ui.label(l);
        }
    }
}

// A Bevy system: each parameter is a resource the view reads or a message it sends.
#[allow(clippy::too_many_arguments)]
pub fn view(
    mut contexts: EguiContexts,
    last: Option<Res<LastDebrief>>,
    progress: Res<Progress>,
    mut go: MessageWriter<Go>,
    mut rewind: MessageWriter<Rewind>,
    mut start: MessageWriter<StartMission>,
    mut print: MessageWriter<PrintSheet>,
    saved: Res<SheetSaved>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let Some(last) = last else { return };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    let d = &last.debrief;
    super::back_on_escape(&ctx, &mut go, Screen::Map);
    let mut root = super::root(&ctx);
    egui::Panel::top("debrief-top").show(&mut root, |ui| {
        super::toolbar(ui, |ui| {
            ui.heading(format!(
                "{} — {}",
                lang.pick("Débrief", "Debrief"),
                d.title.get(lang)
            ));
            let back = ui.button(lang.pick("Retour à la carte ▶", "Back to the map ▶"));
            super::focus_primary(&back);
            if back.clicked() {
                go.write(Go(Screen::Map));
            }
            if ui
                .button(lang.pick("↺ Rejouer la mission", "↺ Play the mission again"))
                .clicked()
            {
                start.write(StartMission(last.index));
            }
            if ui
                .button(lang.pick("Fiche imprimable", "Printable sheet"))
                .on_hover_text(lang.pick(
                    "Une page à imprimer ou à projeter pour la discussion",
                    "A page to print or project for the discussion",
                ))
                .clicked()
            {
                print.write(PrintSheet);
            }
        });
        if let Some(said) = &saved.0 {
            super::column(ui, |ui| {
                ui.label(egui::RichText::new(said.get(lang)).small().color(p.weak));
            });
        }
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "debrief", |ui| {
            match &last.original {
                Some(original) => {
                    ui.columns(2, |cols| {
                        card(&p).show(&mut cols[0], |ui| {
                            ui.label(
                                egui::RichText::new(lang.pick("Première fois", "First time"))
                                    .strong(),
                            );
                            summary(ui, original, lang, &p);
                        });
                        card(&p).show(&mut cols[1], |ui| {
                            ui.label(
                                egui::RichText::new(lang.pick("En rejouant", "Replayed")).strong(),
                            );
                            summary(ui, d, lang, &p);
                        });
                    });
                }
                None => {
                    card(&p).show(ui, |ui| summary(ui, d, lang, &p));
                }
            }
            if let Some(e) = &d.ending {
                ui.label(egui::RichText::new(e.get(lang)).italics());
            }
            ui.add_space(8.0);
            paper(&p).show(ui, |ui| {
                ui.label(
                    ink(lang.pick("À RETENIR", "KEY LESSON"), &p)
                        .small()
                        .strong(),
                );
                ui.label(ink(d.lesson.get(lang), &p).strong());
            });
            ui.add_space(8.0);
            ui.heading(lang.pick("Tes décisions", "Your decisions"));
            for (k, r) in d.decisions.iter().enumerate() {
                card(&p).show(ui, |ui| {
                    let mark = match r.verdict {
                        Verdict::Best => lang.pick("✔ Bon choix", "✔ Good choice"),
                        Verdict::CouldBeBetter => {
                            lang.pick("↺ Il y avait mieux", "↺ There was a better choice")
                        }
                        Verdict::Open => lang.pick("• Choix libre", "• Open choice"),
                    };
                    let color = if r.verdict == Verdict::CouldBeBetter {
                        p.bad
                    } else {
                        p.good
                    };
                    ui.label(egui::RichText::new(mark).color(color).strong());
                    ui.label(egui::RichText::new(r.situation.get(lang)).italics());
                    let chosen: Vec<&str> = r.chosen.iter().map(|t| t.get(lang)).collect();
                    let chosen = if chosen.is_empty() {
                        lang.pick("(rien)", "(nothing)").to_string()
                    } else {
                        chosen.join(" · ")
                    };
                    ui.label(format!(
                        "{} {chosen}",
                        lang.pick("Ton choix :", "Your choice:")
                    ));
                    if let Some(c) = &r.consequence {
                        ui.label(format!("➡ {}", c.get(lang)));
                    }
                    for f in r.fields.iter().filter(|f| f.ticked != f.needed) {
                        if let Some(why) = &f.why {
                            let what = if f.ticked {
                                lang.pick("donné sans besoin", "given without need")
                            } else {
                                lang.pick("manquait", "was missing")
                            };
                            ui.label(format!(
                                "{} {} ({what}) : {}",
                                f.data.info().icon,
                                f.label.get(lang),
                                why.get(lang)
                            ));
                        }
                    }
                    if let Some(e) = &r.explanation {
                        ui.label(egui::RichText::new(format!("🕵 {}", e.get(lang))).color(p.weak));
                    }
                    if !r.better.is_empty() && r.verdict == Verdict::CouldBeBetter {
                        let better: Vec<&str> = r.better.iter().map(|t| t.get(lang)).collect();
                        ui.label(format!(
                            "{} {}",
                            lang.pick("Mieux :", "Better:"),
                            better.join(" · ")
                        ));
                    }
                    if last.original.is_none()
                        && ui
                            .button(lang.pick("↺ Rejouer ce choix", "↺ Replay this choice"))
                            .clicked()
                    {
                        rewind.write(Rewind(k));
                    }
                });
            }
            ui.add_space(8.0);
            ui.heading(lang.pick("À discuter en classe", "For class discussion"));
            for q in &d.questions {
                ui.label(format!("• {}", q.get(lang)));
            }
            if !d.glossary.is_empty() {
                ui.heading(lang.pick("Glossaire", "Glossary"));
                for t in &d.glossary {
                    ui.label(format!("{} — {}", t.term.get(lang), t.definition.get(lang)));
                }
            }
            ui.heading(lang.pick("Sources", "Sources"));
            for s in &d.sources {
                ui.label(egui::RichText::new(format!("{} — {}", s.title.get(lang), s.url)).small());
            }
        });
    });
}
