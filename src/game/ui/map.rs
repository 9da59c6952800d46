//! The campaign map: chapters, missions as dossiers with their stars, locked until the
//! previous one is done.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{ink, palette, paper, stars};
use crate::game::content::Content;
use crate::game::mission::{StartMission, is_open};
use crate::game::progress::Progress;
use crate::game::reload::Reloaded;
use crate::game::screens::{Go, Screen};

pub fn view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    content: Res<Content>,
    mut go: MessageWriter<Go>,
    mut start: MessageWriter<StartMission>,
    reloaded: Option<Res<Reloaded>>,
    // The file picker is the browser's; natively level files are edited on disk.
    #[cfg_attr(not(target_arch = "wasm32"), allow(unused_mut, unused_variables))]
    mut pick: MessageWriter<crate::game::content::PickLevelFiles>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    super::back_on_escape(&ctx, &mut go, Screen::Title);
    // The first open mission not played yet (else the first one).
    let next = (0..content.missions.len())
        .filter(|&i| is_open(&content, &progress, i))
        .find(|&i| {
            content.missions[i]
                .level
                .as_ref()
                .is_some_and(|l| !progress.best.contains_key(&l.id))
        })
        .or(Some(0));
    let mut root = super::root(&ctx);
    egui::Panel::top("map-top").show(&mut root, |ui| {
        super::toolbar(ui, |ui| {
            if ui.button(lang.pick("◀ Accueil", "◀ Home")).clicked() {
                go.write(Go(Screen::Title));
            }
            ui.heading(content.title.get(lang));
            if ui
                .button(lang.pick("📁 Mon dossier", "📁 My dossier"))
                .clicked()
            {
                go.write(Go(Screen::Dossier));
            }
            // Teachers try their own level files in the browser: picked, or dropped on the page.
            #[cfg(target_arch = "wasm32")]
            if ui
                .button(lang.pick("Ouvrir un fichier de niveau…", "Open a level file…"))
                .on_hover_text(lang.pick(
                    "ou glisse un fichier .ron sur la page",
                    "or drop a .ron file on the page",
                ))
                .clicked()
            {
                pick.write(crate::game::content::PickLevelFiles);
            }
        });
        if let Some(text) = reloaded.as_ref().and_then(|r| r.0.as_ref()) {
            ui.label(egui::RichText::new(format!("↺ {}", text.get(lang))).color(p.mission));
        }
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "map", |ui| {
            for (c, chapter) in content.chapters.iter().enumerate() {
                ui.add_space(8.0);
                if chapter.opened {
                    ui.heading(chapter.title.get(lang));
                } else {
                    ui.heading(format!(
                        "{} {} — {}",
                        lang.pick("Chapitre", "Chapter"),
                        c + 1,
                        chapter.title.get(lang)
                    ));
                }
                ui.horizontal_wrapped(|ui| {
                    for (i, m) in content
                        .missions
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| m.chapter == c)
                    {
                        let open = is_open(&content, &progress, i);
                        let width = super::card_width(ui, 280.0, 3, 21.0);
                        paper(&p).show(ui, |ui| {
                            ui.set_width(width);
                            ui.vertical(|ui| match &m.level {
                                Some(level) => {
                                    let best = progress.best.get(&level.id);
                                    let stamp = if best.is_some() {
                                        lang.pick("MISSION ACCOMPLIE", "MISSION COMPLETE")
                                    } else {
                                        lang.pick("CONFIDENTIEL", "CONFIDENTIAL")
                                    };
                                    ui.label(
                                        egui::RichText::new(stamp).color(p.stamp).strong().small(),
                                    );
                                    ui.label(ink(level.title.get(lang), &p).strong());
                                    super::looks::cast_strip(ui, level);
                                    if let Some(s) = &level.summary {
                                        ui.label(ink(s.get(lang), &p).small());
                                    }
                                    ui.label(ink(stars(best.map_or(0, |b| b.stars)), &p));
                                    if !open {
                                        // Said in ink, not as a greyed-out button.
                                        ui.label(ink(
                                            lang.pick(
                                                "🔒 Termine d'abord la mission d'avant.",
                                                "🔒 Finish the mission before first.",
                                            ),
                                            &p,
                                        ));
                                        return;
                                    }
                                    let label = lang.pick("Ouvrir le dossier ▶", "Open the file ▶");
                                    let button = ui.button(label);
                                    // Keyboard players land on the next mission to play.
                                    if Some(i) == next {
                                        super::focus_primary(&button);
                                    }
                                    if button.clicked() {
                                        start.write(StartMission(i));
                                    }
                                }
                                None => {
                                    ui.label(ink(format!("⚠ {}", m.file), &p).strong());
                                    ui.label(ink(
                                        lang.pick(
                                            "Ce fichier contient des erreurs.",
                                            "This file has errors.",
                                        ),
                                        &p,
                                    ));
                                    if ui
                                        .button(lang.pick("Voir les erreurs", "See the errors"))
                                        .clicked()
                                    {
                                        go.write(Go(Screen::Diagnostics));
                                    }
                                }
                            });
                        });
                    }
                });
            }
        });
    });
}
