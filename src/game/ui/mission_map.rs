//! "Carte de la mission": the teacher's map of the open mission, the same layout as
//! `agent-trace map` (core `pages::map_layout`) drawn with egui. Every scene is a button:
//! choosing one (click, or Tab then Enter) opens the teacher preview at that scene.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::sync::Arc;

use super::theme::{Palette, palette};
use crate::core::model::level::{Level, Outcome, Scene};
use crate::core::model::text::Lang;
use crate::core::pages::decisions::{kind_label, short_situation};
use crate::core::pages::map_layout::{self, BOX_H, BOX_W, EdgeKind, MapLayout, shorten};
use crate::game::mission::{Active, PreviewAt};
use crate::game::progress::Progress;
use crate::game::screens::{Go, Screen};

/// The layout of the level last drawn, kept while the level and the language stay the same
/// (a hot reload brings a new level, so a new layout).
#[derive(Default)]
pub struct Cached {
    level: Option<Arc<Level>>,
    lang: Option<Lang>,
    map: MapLayout,
}

impl Cached {
    fn get(&mut self, level: &Arc<Level>, lang: Lang) -> &MapLayout {
        let same = self.level.as_ref().is_some_and(|l| Arc::ptr_eq(l, level));
        if !same || self.lang != Some(lang) {
            self.map = map_layout::layout(level, lang);
            self.level = Some(Arc::clone(level));
            self.lang = Some(lang);
        }
        &self.map
    }
}

pub fn view(
    mut contexts: EguiContexts,
    active: Option<Res<Active>>,
    progress: Res<Progress>,
    mut go: MessageWriter<Go>,
    mut preview_at: MessageWriter<PreviewAt>,
    mut cached: Local<Cached>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let Some(active) = active else { return };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    super::back_on_escape(&ctx, &mut go, Screen::Mission);
    let level = &active.run.level;
    let current = level.scene_index(active.run.scene().id()).unwrap_or(0);
    let map = cached.get(level, lang);
    let mut root = super::root(&ctx);
    egui::Panel::top("mission-map-top").show(&mut root, |ui| {
        super::toolbar(ui, |ui| {
            let back = ui.button(lang.pick("◀ Retour à la mission", "◀ Back to the mission"));
            if back.clicked() {
                go.write(Go(Screen::Mission));
            }
            ui.heading(format!(
                "{} — {}",
                lang.pick("Carte de la mission", "Mission map"),
                level.title.get(lang)
            ));
        });
        super::toolbar(ui, |ui| legend(ui, map, lang, &p));
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::both()
            .id_salt("mission-map")
            .auto_shrink(false)
            .show(ui, |ui| {
                if let Some(scene) = draw(ui, level, map, current, lang, &p) {
                    preview_at.write(PreviewAt(scene));
                }
                super::scroll_to_moved_focus(ui);
            });
    });
}

/// What the lines and marks mean, in words as well as colours.
fn legend(ui: &mut egui::Ui, map: &MapLayout, lang: Lang, p: &Palette) {
    ui.label(
        egui::RichText::new(lang.pick("━ chemin réfléchi (✔)", "━ careful path (✔)")).color(p.good),
    );
    ui.label(
        egui::RichText::new(lang.pick("┅ chemin imprudent (⚠)", "┅ careless path (⚠)"))
            .color(p.bad),
    );
    ui.label(
        egui::RichText::new(lang.pick(
            "Choisissez une scène pour la prévisualiser.",
            "Choose a scene to preview it.",
        ))
        .color(p.weak),
    );
    if map.left_out > 0 {
        ui.label(format!(
            "{} {}",
            map.left_out,
            lang.pick(
                "scène(s) de plus ne sont pas dessinées (voir `agent-trace map`)",
                "more scene(s) are not drawn (see `agent-trace map`)",
            )
        ));
    }
}

/// The text size in a box at full scale (three short lines fit its height).
const BOX_TEXT: f32 = 13.0;
/// The option's words under an arrow (the layout leaves them a line's height).
const CAPTION_TEXT: f32 = 10.0;
/// Below this the boxes' text would be too small to read: the map scrolls sideways instead.
const MIN_SCALE: f32 = 0.75;

/// Draws the arrows, then a button per scene; returns the scene chosen, if any.
fn draw(
    ui: &mut egui::Ui,
    level: &Level,
    map: &MapLayout,
    current: usize,
    lang: Lang,
    p: &Palette,
) -> Option<usize> {
    // The map fits the window's width (the screens scroll only vertically), down to a
    // scale where its text stays readable; a wider map scrolls sideways too.
    let available = ui.available_width();
    let scale = (available / map.width).clamp(MIN_SCALE, 1.0);
    let (space, _) = ui.allocate_exact_size(
        egui::vec2(available.max(map.width * scale), map.height * scale),
        egui::Sense::hover(),
    );
    // A narrow map stands in the middle of the window, like the other screens' columns.
    let side = ((space.width() - map.width * scale) / 2.0).max(0.0);
    let area = egui::Rect::from_min_size(
        space.min + egui::vec2(side, 0.0),
        egui::vec2(map.width, map.height) * scale,
    );
    let origin = area.min.to_vec2();
    let at = |x: f32, y: f32| egui::pos2(x * scale, y * scale) + origin;
    let painter = ui.painter_at(area);
    for edge in &map.edges {
        let points: Vec<egui::Pos2> = edge.points.iter().map(|pt| at(pt.x, pt.y)).collect();
        let (color, width) = if edge.on_best {
            (p.good, 3.0)
        } else if edge.on_careless {
            (p.bad, 2.5)
        } else {
            (p.weak, 1.2)
        };
        let stroke = egui::Stroke::new(width, color);
        if edge.on_careless && !edge.on_best || edge.kind == EdgeKind::Back {
            painter.extend(egui::Shape::dashed_line(&points, stroke, 6.0, 4.0));
        } else {
            painter.add(egui::Shape::line(points.clone(), stroke));
        }
        if edge.on_best && edge.on_careless {
            // Both paths take this arrow: the careless one's dashes run alongside.
            let beside: Vec<egui::Pos2> =
                points.iter().map(|q| *q + egui::vec2(5.0, 0.0)).collect();
            let dashes = egui::Stroke::new(2.5, p.bad);
            painter.extend(egui::Shape::dashed_line(&beside, dashes, 6.0, 4.0));
        }
        arrowhead(&painter, &points, stroke);
        if let Some(caption) = &edge.caption {
            let text = map_layout::caption_text(edge);
            painter.text(
                at(caption.at.x, caption.at.y),
                egui::Align2::CENTER_CENTER,
                text,
                egui::FontId::proportional(CAPTION_TEXT * scale),
                p.weak,
            );
        }
    }
    let mut chosen = None;
    for node in &map.nodes {
        let rect = egui::Rect::from_min_size(at(node.x, node.y), egui::vec2(BOX_W, BOX_H) * scale);
        let (text, tooltip) = node_text(level, map, node.scene, lang);
        let text = egui::RichText::new(text).size(BOX_TEXT * scale);
        let mut button = egui::Button::new(text).wrap();
        if node.scene == current {
            button = button.stroke(egui::Stroke::new(3.0, p.focus));
        }
        let response = ui.put(rect, button).on_hover_text(tooltip);
        if response.clicked() {
            chosen = Some(node.scene);
        }
    }
    chosen
}

/// A small arrowhead at the end of a line, pointing along its last segment.
fn arrowhead(painter: &egui::Painter, points: &[egui::Pos2], stroke: egui::Stroke) {
    let [.., from, to] = points else { return };
    let dir = (*to - *from).normalized();
    if !dir.x.is_finite() || !dir.y.is_finite() {
        return;
    }
    let side = egui::vec2(-dir.y, dir.x) * 4.5;
    let back = *to - dir * 9.0;
    painter.add(egui::Shape::convex_polygon(
        vec![*to, back + side, back - side],
        stroke.color,
        egui::Stroke::NONE,
    ));
}

/// A box's text: kind and id, then the first words, then what is wrong or how it ends
/// (words, not colour alone); and the whole situation for the tooltip.
fn node_text(level: &Level, map: &MapLayout, i: usize, lang: Lang) -> (String, String) {
    let scene = &level.scenes[i];
    let situation = short_situation(scene, lang);
    let mut text = format!(
        "{} · {}\n{}",
        kind_label(scene.kind(), lang),
        scene.id(),
        shorten(&situation, 60)
    );
    let mut marks = Vec::new();
    if let Scene::End(e) = scene {
        marks.push(match e.outcome {
            Outcome::Success => lang.pick("✔ Réussite", "✔ Success"),
            Outcome::Partial => lang.pick("◐ Réussite partielle", "◐ Partial success"),
            Outcome::Failure => lang.pick("❌ Échec", "❌ Failure"),
        });
    } else if !map.reachable[i] {
        marks.push(lang.pick("⊘ inaccessible", "⊘ unreachable"));
    } else if !map.ending_ahead[i] {
        marks.push(lang.pick("⚠ piège : aucune fin après", "⚠ trap: no ending ahead"));
    }
    if Some(i) == level.start_id().and_then(|s| level.scene_index(s)) {
        marks.push(lang.pick("▶ départ", "▶ start"));
    }
    if !marks.is_empty() {
        text.push('\n');
        text.push_str(&marks.join(" · "));
    }
    (text, situation)
}
