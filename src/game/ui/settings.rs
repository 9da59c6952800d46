//! Settings: language, text size, contrast, class code, team label, teacher unlock.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::palette;
use crate::core::model::text::Lang;
use crate::game::Options;
use crate::game::progress::{
    ChangeSettings, DownloadResults, Progress, ResultsSummary, SetClassCode, TextSize,
};
use crate::game::screens::{Go, Screen};
use crate::game::speech::Voice;

#[derive(Default)]
pub struct Draft {
    code: super::CodeDraft,
}

// A Bevy system: each parameter is a resource the view reads or a message it sends.
pub fn view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    mut change: MessageWriter<ChangeSettings>,
    mut go: MessageWriter<Go>,
    mut draft: Local<Draft>,
    options: Option<Res<Options>>,
    mut set_code: MessageWriter<SetClassCode>,
    (summary, mut download): (Res<ResultsSummary>, MessageWriter<DownloadResults>),
    voice: Res<Voice>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    super::back_on_escape(&ctx, &mut go, Screen::Title);
    // Work on a copy so the save happens only when something really changes.
    let mut s = progress.settings.clone();
    let mut root = super::root(&ctx);
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "settings", |ui| {
            ui.heading(lang.pick("Réglages", "Settings"));
            let back = ui.button(lang.pick("◀ Retour", "◀ Back"));
            super::focus_primary(&back);
            if back.clicked() {
                go.write(Go(Screen::Title));
            }
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick("Langue :", "Language:"));
                ui.selectable_value(&mut s.lang, Lang::Fr, "Français");
                ui.selectable_value(&mut s.lang, Lang::En, "English");
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick("Taille du texte :", "Text size:"));
                for size in TextSize::ALL {
                    let name = match size {
                        TextSize::Normal => lang.pick("Normale", "Normal"),
                        TextSize::Large => lang.pick("Grande", "Large"),
                        TextSize::Projector => lang.pick("Vidéoprojecteur", "Projector"),
                    };
                    ui.selectable_value(&mut s.text, size, name);
                }
            });
            ui.checkbox(
                &mut s.high_contrast,
                lang.pick("Contraste élevé", "High contrast"),
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick("Volume des sons :", "Sound volume:"));
                ui.add(egui::Slider::new(&mut s.volume.0, 0..=100).suffix(" %"));
                ui.checkbox(&mut s.muted, lang.pick("Couper le son", "Mute"));
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick("Musique (0 : aucune) :", "Music (0: none):"));
                ui.add(egui::Slider::new(&mut s.music, 0..=100).suffix(" %"));
            });
            if !crate::game::sound::available() {
                ui.label(
                    egui::RichText::new(lang.pick(
                        "Cette version du jeu est compilée sans le son (voir le README : « cargo run --release --features sound »).",
                        "This build of the game has no sound (see the README: \"cargo run --release --features sound\").",
                    ))
                    .small()
                    .color(p.weak),
                );
            }
            ui.checkbox(
                &mut s.read_aloud,
                lang.pick(
                    "Lire chaque scène à voix haute (la touche L lit la scène à tout moment)",
                    "Read each scene aloud (the L key reads the scene at any time)",
                ),
            );
            if let Voice::Unavailable(why) = &*voice {
                ui.label(egui::RichText::new(why.get(lang)).small().color(p.weak));
            }
            ui.checkbox(
                &mut s.hidden_privacy,
                lang.pick(
                    "Jauge « Vie privée » cachée pendant la mission, révélée au débrief",
                    "\"Privacy\" meter hidden during the mission, revealed at the debrief",
                ),
            );
            ui.checkbox(
                &mut s.dyslexia_font,
                lang.pick(
                    "Police adaptée à la dyslexie (OpenDyslexic)",
                    "Dyslexia-friendly font (OpenDyslexic)",
                ),
            );
            ui.separator();
            ui.label(lang.pick(
                "Code de classe : toute la classe joue la même partie (même ordre des réponses).",
                "Class code: the whole class plays the same run (same order of answers).",
            ));
            let current = s.class_code.clone();
            ui.horizontal_wrapped(|ui| {
                let apply = lang.pick("Appliquer", "Apply");
                super::class_code_field(
                    ui,
                    lang,
                    &mut draft.code,
                    current.as_deref(),
                    apply,
                    200.0,
                    &mut set_code,
                );
            });
            if let Some(e) = &draft.code.error {
                ui.label(egui::RichText::new(e.as_str()).color(p.bad));
            } else if let Some(code) = &s.class_code {
                let active = super::title::active_code(code, lang);
                ui.label(egui::RichText::new(active).color(p.good));
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick(
                    "Pseudo ou nom d'équipe (jamais ton vrai nom) :",
                    "Nickname or team name (never your real name):",
                ));
                ui.add(
                    egui::TextEdit::singleline(&mut s.label)
                        .char_limit(crate::core::play::results::MAX_LABEL)
                        .desired_width(240.0),
                );
            });
            ui.separator();
            ui.checkbox(
                &mut s.unlock_all,
                lang.pick(
                    "Enseignant : ouvrir toutes les missions",
                    "Teacher: open every mission",
                ),
            );
            if options.as_ref().is_some_and(|o| o.store.is_some()) {
                results(ui, &summary, lang, &p, &mut download);
            }
        })
    });
    if s != progress.settings {
        change.write(ChangeSettings(s));
    }
}

/// The anonymous results of this computer: where they are natively, a download on the web.
fn results(
    ui: &mut egui::Ui,
    summary: &ResultsSummary,
    lang: Lang,
    p: &super::theme::Palette,
    download: &mut MessageWriter<DownloadResults>,
) {
    ui.separator();
    let Some(rows) = summary.rows else {
        ui.label(
            egui::RichText::new(lang.pick(
                "Résultats anonymes : aucune mission terminée pour l'instant.",
                "Anonymous results: no mission finished yet.",
            ))
            .color(p.weak),
        );
        return;
    };
    ui.label(lang.pick(
        format!(
            "Résultats anonymes : {rows} partie(s) terminée(s), pour le rapport de l'enseignant."
        ),
        format!("Anonymous results: {rows} finished game(s), for the teacher's report."),
    ));
    if cfg!(target_arch = "wasm32") {
        let label = lang.pick(
            "⬇ Télécharger les résultats (CSV)",
            "⬇ Download the results (CSV)",
        );
        if ui.button(label).clicked() {
            download.write(DownloadResults);
        }
    } else {
        ui.label(
            egui::RichText::new(summary.place.as_str())
                .monospace()
                .color(p.weak),
        );
    }
    if let Some(said) = &summary.said {
        ui.label(egui::RichText::new(said.get(lang)).color(p.weak));
    }
}
