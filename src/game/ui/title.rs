//! Title screen: the agency's welcome, one primary action.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::CodeDraft;
use super::theme::{card, palette};
use crate::game::content::Content;
use crate::game::progress::{Notice, Progress, SetClassCode};
use crate::game::screens::{Go, Screen};

pub fn view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    content: Res<Content>,
    notice: Res<Notice>,
    mut go: MessageWriter<Go>,
    mut draft: Local<CodeDraft>,
    mut set_code: MessageWriter<SetClassCode>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    let mut root = super::root(&ctx);
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.06);
            // The line-up gives its height to larger text: the buttons must stay in view.
            let lineup = match progress.settings.text {
                crate::game::progress::TextSize::Normal => Some(72.0),
                crate::game::progress::TextSize::Large => Some(44.0),
                crate::game::progress::TextSize::Projector => None,
            };
            if let Some(size) = lineup {
                super::looks::agency_lineup(ui, size);
            }
            ui.label(
                egui::RichText::new("AGENT TRACE")
                    .size(64.0)
                    .strong()
                    .color(p.text),
            );
            ui.label(
                egui::RichText::new(lang.pick("Les données ne meurent jamais", "Data never dies"))
                    .italics()
                    .color(p.weak),
            );
            ui.add_space(24.0);
            if let Some(n) = &notice.0 {
                card(&p).show(ui, |ui| {
                    ui.label(egui::RichText::new(format!("⚠ {}", n.get(lang))).color(p.mission));
                });
                ui.add_space(12.0);
            }
            if content.loading {
                ui.label(
                    egui::RichText::new(
                        lang.pick("Chargement des missions…", "Loading the missions…"),
                    )
                    .color(p.weak),
                );
                return;
            }
            let start = ui.add(
                egui::Button::new(
                    egui::RichText::new(
                        lang.pick("▶  Commencer la mission", "▶  Start the mission"),
                    )
                    .size(32.0),
                )
                .min_size(egui::vec2(420.0, 72.0)),
            );
            super::focus_primary(&start);
            if start.clicked() {
                go.write(Go(Screen::Map));
            }
            ui.add_space(12.0);
            if ui
                .button(lang.pick("📁  Mon dossier", "📁  My dossier"))
                .clicked()
            {
                go.write(Go(Screen::Dossier));
            }
            if ui
                .button(lang.pick("Duel en classe : deux équipes", "Class duel: two teams"))
                .clicked()
            {
                go.write(Go(Screen::DuelSetup));
            }
            if ui.button(lang.pick("⚙  Réglages", "⚙  Settings")).clicked() {
                go.write(Go(Screen::Settings));
            }
            let errors = content.errors();
            if errors > 0 {
                let label = lang.pick(
                    format!("⚠  {errors} problème(s) dans les fichiers de niveaux"),
                    format!("⚠  {errors} problem(s) in the level files"),
                );
                if ui.button(label).clicked() {
                    go.write(Go(Screen::Diagnostics));
                }
            }
            ui.add_space(12.0);
            class_code(ui, &progress, &mut draft, &mut set_code, lang, &p);
        });
    });
}

/// The class code, typed by the teacher on the title screen: the whole class then gets the
/// same order of answers and the same duel board.
fn class_code(
    ui: &mut egui::Ui,
    progress: &Progress,
    draft: &mut CodeDraft,
    set_code: &mut MessageWriter<SetClassCode>,
    lang: crate::core::model::text::Lang,
    p: &super::theme::Palette,
) {
    let current = progress.settings.class_code.clone().unwrap_or_default();
    ui.horizontal(|ui| {
        // Centre the row under the buttons.
        ui.add_space((ui.available_width() - 520.0).max(0.0) / 2.0);
        ui.label(egui::RichText::new(lang.pick("Code de classe :", "Class code:")).color(p.weak));
        let ok = lang.pick("OK", "OK");
        super::class_code_field(ui, lang, draft, Some(current.as_str()), ok, 160.0, set_code);
    });
    if let Some(e) = &draft.error {
        ui.label(egui::RichText::new(e.as_str()).color(p.bad));
    } else if !current.is_empty() && draft.text.as_deref() == Some(current.as_str()) {
        ui.label(egui::RichText::new(active_code(&current, lang)).color(p.good));
    }
}

/// The class code in force, said plainly (the field alone could pass for an example).
pub fn active_code(code: &str, lang: crate::core::model::text::Lang) -> String {
    lang.pick(
        format!("✔ Code de classe actif : {code} — toute la classe joue la même partie."),
        format!("✔ Class code in force: {code} — the whole class plays the same run."),
    )
}
