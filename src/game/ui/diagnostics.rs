//! Broken level files: the same located messages as `agent-trace check`.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::content::Content;
use crate::game::progress::Progress;
use crate::game::screens::{Go, Screen};

pub fn view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    content: Res<Content>,
    mut go: MessageWriter<Go>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    super::back_on_escape(&ctx, &mut go, Screen::Title);
    let mut root = super::root(&ctx);
    egui::CentralPanel::default().show(&mut root, |ui| super::page(ui, "diagnostics", |ui| {
        ui.horizontal_wrapped(|ui| {
            let back = ui.button(lang.pick("◀ Retour", "◀ Back"));
            super::focus_primary(&back);
            if back.clicked() {
                go.write(Go(Screen::Title));
            }
            ui.heading(lang.pick(
                "Problèmes dans les fichiers de niveaux",
                "Problems in the level files",
            ));
        });
        // Natively the game rereads edited files by itself; the web cannot see the teacher's
        // disk, so the file is opened again.
        let how = if cfg!(target_arch = "wasm32") {
            lang.pick(
                "Les missions sans erreur restent jouables. Corrigez le fichier puis ouvrez-le à nouveau (ou déposez-le sur la page).",
                "Missions without errors stay playable. Fix the file, then open it again (or drop it on the page).",
            )
        } else {
            lang.pick(
                "Les missions sans erreur restent jouables. Corrigez le fichier et enregistrez-le : le jeu le relit tout seul.",
                "Missions without errors stay playable. Fix the file and save it: the game rereads it by itself.",
            )
        };
        ui.label(how);
        // Rendered once, when the files were read (as `check` prints them).
        for file in &content.diagnostics {
            ui.label(egui::RichText::new(file.rendered.get(lang)).monospace());
        }
    }));
}
