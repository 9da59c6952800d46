//! Broken level files: the same located messages as `agent-trace check`.

use crate::core::check::diagnostic::render_file;
use crate::core::model::text::Lang;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::content::Content;
use crate::game::progress::Progress;
use crate::game::screens::{Go, Screen};

pub fn view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    content: Res<Content>,
    mut cache: Local<Option<(Lang, Vec<String>)>>,
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
        // Rendered once per file and language (as `check` prints them: a few of each kind,
        // then the count), not on every frame.
        if content.is_changed() || cache.as_ref().is_none_or(|(l, _)| *l != lang) {
            *cache = Some((lang, rendered(&content, lang)));
        }
        for text in cache.iter().flat_map(|(_, t)| t) {
            ui.label(egui::RichText::new(text.as_str()).monospace());
        }
    }));
}

/// Each file's diagnostics, rendered together (consecutive diagnostics of one file).
fn rendered(content: &Content, lang: Lang) -> Vec<String> {
    content
        .diagnostics
        .chunk_by(|a, b| a.diagnostic.file == b.diagnostic.file)
        .map(|group| {
            let diags: Vec<_> = group.iter().map(|s| s.diagnostic.clone()).collect();
            render_file(&diags, group[0].source.as_deref(), lang)
        })
        .collect()
}
