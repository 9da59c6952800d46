//! Title screen: the agency's welcome, one primary action.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{card, palette};
use crate::game::content::Content;
use crate::game::progress::{Notice, Progress};
use crate::game::screens::{Go, Screen};

pub fn view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    content: Res<Content>,
    notice: Res<Notice>,
    mut go: MessageWriter<Go>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    let mut root = super::root(&ctx);
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.12);
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
            let start = ui.add(
                egui::Button::new(
                    egui::RichText::new(
                        lang.pick("▶  Commencer la mission", "▶  Start the mission"),
                    )
                    .size(32.0),
                )
                .min_size(egui::vec2(420.0, 72.0)),
            );
            if ctx.memory(|m| m.focused().is_none()) {
                start.request_focus();
            }
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
            if let Some(code) = &progress.settings.class_code {
                ui.add_space(12.0);
                ui.label(
                    egui::RichText::new(format!(
                        "{} {code}",
                        lang.pick("Code de classe :", "Class code:")
                    ))
                    .color(p.weak),
                );
            }
        });
    });
}
