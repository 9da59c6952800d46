//! "What they know about you": the whole footprint, grouped by who holds it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{ink, palette, paper};
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
    let p = palette(progress.settings.high_contrast);
    super::back_on_escape(&ctx, &mut go, Screen::Map);
    let mut root = super::root(&ctx);
    egui::Panel::top("dossier-top").show(&mut root, |ui| {
        super::toolbar(ui, |ui| {
            let back = ui.button(lang.pick("◀ Retour", "◀ Back"));
            super::focus_primary(&back);
            if back.clicked() {
                go.write(Go(Screen::Map));
            }
            ui.heading(lang.pick("Ce qu'ils savent de toi", "What they know about you"));
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "dossier", |ui| {
            let groups = progress.footprint.by_holder();
            if groups.is_empty() {
                ui.label(lang.pick(
                    "Ton dossier est vide : aucune donnée n'est encore partie.",
                    "Your file is empty: no data has left yet.",
                ));
            }
            ui.label(
                format!(
                    "{} {}",
                    progress.footprint.traces.len(),
                    lang.pick("traces, chez", "traces, held by")
                ) + &format!(" {}", groups.len()),
            );
            ui.horizontal_wrapped(|ui| {
                for (name, traces) in groups.values() {
                    let width = super::card_width(ui, 280.0, 3, 21.0);
                    paper(&p).show(ui, |ui| {
                        ui.set_width(width);
                        ui.vertical(|ui| {
                            ui.label(ink(format!("🗄 {}", name.get(lang)), &p).strong());
                            for t in traces {
                                let mission = content
                                    .find(&t.level)
                                    .and_then(|i| content.missions[i].level.as_ref())
                                    .map_or(t.level.clone(), |l| l.title.get(lang).to_string());
                                ui.label(ink(
                                    format!(
                                        "{} {} — {mission}",
                                        t.data.info().icon,
                                        t.data.label(lang)
                                    ),
                                    &p,
                                ));
                            }
                        });
                    });
                }
            });
        });
    });
}
