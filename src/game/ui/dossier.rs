//! "What they know about you": the whole footprint, grouped by who holds it.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{Palette, ink, palette, paper};
use crate::core::model::text::Lang;
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
            board(ui, &groups, &content, lang, &p);
        });
    });
}

type Groups<'a> = std::collections::BTreeMap<
    String,
    (
        crate::core::model::text::Name,
        Vec<&'a crate::core::play::footprint::Trace>,
    ),
>;

/// The investigator's board: a cork board with one pinned card per holder (their portrait or
/// logo, what they hold, from which mission), and red strings between the pins of holders
/// that hold the same kind of data: what could be put together about you.
fn board(ui: &mut egui::Ui, groups: &Groups, content: &Content, lang: Lang, p: &Palette) {
    use crate::core::model::cast::{self, Kind};
    let cork = egui::Color32::from_rgb(156, 114, 72);
    egui::Frame::new()
        .fill(cork)
        .corner_radius(6)
        .inner_margin(egui::Margin::same(16))
        .stroke(egui::Stroke::new(6.0, egui::Color32::from_rgb(96, 64, 36)))
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            let mut pins: Vec<(egui::Pos2, Vec<crate::core::model::data::DataKind>)> = Vec::new();
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing = egui::vec2(24.0, 24.0);
                for (name, traces) in groups.values() {
                    let width = super::card_width(ui, 280.0, 3, 21.0);
                    let level_of = |id: &str| {
                        content
                            .find(id)
                            .and_then(|i| content.missions[i].level.clone())
                    };
                    let first = traces.first().and_then(|t| level_of(&t.level));
                    let card = paper(p).show(ui, |ui| {
                        ui.set_width(width);
                        ui.vertical(|ui| {
                            ui.horizontal(|ui| {
                                if let Some(level) = &first {
                                    let fr = name.get(crate::core::model::text::Lang::Fr);
                                    // Its cast portrait, else a logo: most holders are apps.
                                    let who = cast::portrait_of(level, fr, Kind::Logo);
                                    super::portrait::show(ui, who, 36.0);
                                }
                                ui.label(ink(name.get(lang), p).strong());
                            });
                            for t in traces {
                                let mission = level_of(&t.level)
                                    .map_or(t.level.clone(), |l| l.title.get(lang).to_string());
                                ui.label(ink(
                                    format!(
                                        "{} {} — {mission}",
                                        t.data.info().icon,
                                        t.data.label(lang)
                                    ),
                                    p,
                                ));
                            }
                        });
                    });
                    let pin = card.response.rect.center_top() + egui::vec2(0.0, 6.0);
                    pins.push((pin, traces.iter().map(|t| t.data).collect()));
                }
            });
            let painter = ui.painter();
            let string =
                egui::Stroke::new(2.5, egui::Color32::from_rgba_unmultiplied(200, 30, 30, 200));
            for (i, (a, kinds)) in pins.iter().enumerate() {
                for (b, other) in &pins[i + 1..] {
                    if kinds.iter().any(|k| other.contains(k)) {
                        painter.line_segment([*a, *b], string);
                    }
                }
            }
            for (pin, _) in &pins {
                painter.circle_filled(*pin, 7.0, egui::Color32::from_rgb(210, 40, 40));
                painter.circle_filled(
                    *pin - egui::vec2(2.0, 2.0),
                    2.5,
                    egui::Color32::from_rgb(255, 170, 170),
                );
            }
        });
}
