//! Title screen: the agency's welcome, one primary action.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{card, palette};
use crate::core::rng::ClassCode;
use crate::game::content::Content;
use crate::game::progress::{Notice, Progress};
use crate::game::screens::{Go, Screen};

pub fn view(
    mut contexts: EguiContexts,
    mut progress: ResMut<Progress>,
    content: Res<Content>,
    notice: Res<Notice>,
    mut go: MessageWriter<Go>,
    mut draft: Local<CodeDraft>,
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
            class_code(ui, &mut progress, &mut draft, lang, &p);
        });
    });
}

#[derive(Default)]
pub struct CodeDraft {
    text: Option<String>,
    error: Option<String>,
}

/// The class code, typed by the teacher on the title screen: the whole class then gets the
/// same order of answers and the same duel board.
fn class_code(
    ui: &mut egui::Ui,
    progress: &mut ResMut<Progress>,
    draft: &mut CodeDraft,
    lang: crate::core::text::Lang,
    p: &super::theme::Palette,
) {
    let current = progress.settings.class_code.clone().unwrap_or_default();
    let text = draft.text.get_or_insert_with(|| current.clone());
    ui.horizontal(|ui| {
        // Centre the row under the buttons.
        ui.add_space((ui.available_width() - 520.0).max(0.0) / 2.0);
        ui.label(egui::RichText::new(lang.pick("Code de classe :", "Class code:")).color(p.weak));
        let edit = ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("LYNX-42")
                .desired_width(160.0),
        );
        let apply = ui.button(lang.pick("OK", "OK"));
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if apply.clicked() || entered {
            if text.trim().is_empty() {
                progress.settings.class_code = None;
                draft.error = None;
            } else {
                match ClassCode::parse(text) {
                    Ok(c) => {
                        progress.settings.class_code = Some(c.to_string());
                        *text = c.to_string();
                        draft.error = None;
                    }
                    Err(e) => draft.error = Some(e.to_string()),
                }
            }
        }
    });
    if let Some(e) = &draft.error {
        ui.label(egui::RichText::new(e.as_str()).color(p.bad));
    } else if !current.is_empty() && draft.text.as_deref() == Some(current.as_str()) {
        ui.label(
            egui::RichText::new(lang.pick(
                "Toute la classe joue la même partie.",
                "The whole class plays the same run.",
            ))
            .small()
            .color(p.weak),
        );
    }
}
