//! A mission in progress: the meters and footprint always visible, then the scene drawn like
//! what it imitates (a chat in a phone, a sign-up form, the phone's permission dialog, the
//! agency's test card). Keyboard: Tab / arrows move, Enter or Space activates, 1–4 pick.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::scene::{Ticks, pressed, scene_body};
use super::theme::{Palette, card, ink, palette};
use crate::core::model::text::Lang;
use crate::game::mission::Preview;
use crate::game::mission::{Act, Active};
use crate::game::progress::Progress;
use crate::game::redraw::Animating;
use crate::game::reload::Reloaded;
use crate::game::screens::{Go, Screen};
use crate::game::speech::{ReadAloud, StopReading, Voice};

/// How long a meter takes to reach its new value.
const METER_SECONDS: f32 = 0.6;

/// Draws the meters, each bar sliding to its new value; returns where the footprint counter
/// is (the cards fly there) and whether a bar is still moving.
fn meters(
    ui: &mut egui::Ui,
    active: &Active,
    hidden_privacy: bool,
    lang: Lang,
    p: &Palette,
) -> (egui::Rect, bool) {
    let m = active.run.meters;
    // Bars sized to the column, and the row wraps on a narrow window rather than clipping.
    let bar_width = (ui.available_width() * 0.14).clamp(60.0, 200.0);
    let mut moving = false;
    let rect = ui
        .horizontal_wrapped(|ui| {
            let mut bar =
                |ui: &mut egui::Ui, icon: &str, name: &str, value: i32, color: egui::Color32| {
                    ui.label(
                        egui::RichText::new(format!("{icon} {name} {value}/100"))
                            .color(color)
                            .strong(),
                    );
                    let id = egui::Id::new(("meter", icon, &active.run.level.id));
                    let shown = ui
                        .ctx()
                        .animate_value_with_time(id, value as f32, METER_SECONDS);
                    moving |= (shown - value as f32).abs() > 0.01;
                    ui.add(
                        egui::ProgressBar::new(shown / 100.0)
                            .fill(color)
                            .desired_width(bar_width),
                    );
                };
            if hidden_privacy {
                let hidden = lang.pick(
                    "🛡 Vie privée : ? (révélée au débrief)",
                    "🛡 Privacy: ? (revealed at the debrief)",
                );
                ui.label(egui::RichText::new(hidden).color(p.privacy).strong());
            } else {
                bar(
                    ui,
                    "🛡",
                    lang.pick("Vie privée", "Privacy"),
                    m.privacy(),
                    p.privacy,
                );
            }
            ui.add_space(16.0);
            bar(ui, "🎯", "Mission", m.mission(), p.mission);
            ui.add_space(16.0);
            let total = active.run.past.traces.len() + active.run.shared.len();
            // One piece: on a narrow row it moves to the next line whole, never split
            // between its icon and its count.
            let traces = format!("👣 {} {total}", lang.pick("Traces :", "Traces:"));
            ui.add(egui::Label::new(egui::RichText::new(traces).color(p.weak)).extend())
                .rect
        })
        .inner;
    (rect, moving)
}

/// Data cards flying into the footprint after a share (a short animation, ~0.9 s).
#[derive(Default)]
pub struct Flight {
    decisions: usize,
    started: Option<bevy::platform::time::Instant>,
    data: Vec<crate::core::model::data::DataKind>,
}

const FLIGHT_SECONDS: f32 = 0.9;

fn fly(
    ctx: &egui::Context,
    flight: &mut Flight,
    target: egui::Rect,
    lang: Lang,
    p: &Palette,
) -> bool {
    let Some(started) = flight.started else {
        return false;
    };
    let t = started.elapsed().as_secs_f32() / FLIGHT_SECONDS;
    if t >= 1.0 {
        flight.started = None;
        return false;
    }
    let ease = 1.0 - (1.0 - t).powi(3);
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("flight"),
    ));
    let from = ctx.viewport_rect().center();
    for (i, d) in flight.data.iter().enumerate() {
        let start = from + egui::vec2(i as f32 * 40.0 - 20.0 * flight.data.len() as f32, 0.0);
        let pos = start + (target.center() - start) * ease;
        let text = format!("{} {}", d.info().icon, d.label(lang));
        let galley = painter.layout_no_wrap(
            text,
            egui::FontId::proportional(20.0 * (1.0 - 0.5 * ease)),
            p.ink,
        );
        let rect = egui::Rect::from_center_size(pos, galley.size() + egui::vec2(12.0, 8.0));
        painter.rect_filled(rect, 6.0, p.paper.gamma_multiply(1.0 - 0.6 * ease));
        painter.galley(rect.min + egui::vec2(6.0, 4.0), galley, p.ink);
    }
    ctx.request_repaint();
    true
}

fn data_cards(
    ui: &mut egui::Ui,
    data: &[crate::core::model::data::DataKind],
    lang: Lang,
    p: &Palette,
) {
    ui.horizontal_wrapped(|ui| {
        for d in data {
            let info = d.info();
            egui::Frame::new()
                .fill(p.paper)
                .corner_radius(6)
                .inner_margin(egui::Margin::same(6))
                .show(ui, |ui| {
                    ui.label(ink(format!("{} {}", info.icon, d.label(lang)), p));
                });
        }
    });
}

/// "Lire à voix haute" (also the L key: again to start over) and "Stop"; without a voice on
/// this machine, the button is greyed and says why.
fn read_aloud_buttons(
    ui: &mut egui::Ui,
    voice: &Voice,
    (read, stop): &mut (MessageWriter<ReadAloud>, MessageWriter<StopReading>),
    lang: Lang,
) {
    let label = lang.pick("🔊 Lire à voix haute (L)", "🔊 Read aloud (L)");
    if let Voice::Unavailable(why) = voice {
        ui.add_enabled(false, egui::Button::new(label))
            .on_disabled_hover_text(why.get(lang));
        return;
    }
    let typing = ui.ctx().text_edit_focused();
    if ui.button(label).clicked() || (!typing && pressed(ui.ctx(), egui::Key::L)) {
        read.write(ReadAloud);
    }
    if ui.button(lang.pick("⏹ Stop", "⏹ Stop")).clicked() {
        stop.write(StopReading);
    }
}

// A Bevy system: each parameter is a resource the view reads.
pub fn view(
    mut contexts: EguiContexts,
    active: Option<Res<Active>>,
    progress: Res<Progress>,
    mut act: MessageWriter<Act>,
    mut go: MessageWriter<Go>,
    mut ticks: Local<Ticks>,
    preview: Option<Res<Preview>>,
    reloaded: Option<Res<Reloaded>>,
    mut flight: Local<Flight>,
    mut animating: MessageWriter<Animating>,
    mut leaving: Local<bool>,
    (voice, mut reading): (
        Res<Voice>,
        (MessageWriter<ReadAloud>, MessageWriter<StopReading>),
    ),
) {
    let preview = preview.is_some_and(|p| p.0);
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let Some(active) = active else { return };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    let run = &active.run;
    let scene = run.scene();
    ticks.sync(&run.level.id, scene);
    // Esc asks first: leaving a mission loses its progress.
    if !*leaving && pressed(&ctx, egui::Key::Escape) {
        *leaving = true;
    }
    if *leaving {
        let words = super::LeaveWords {
            title: lang.pick("Quitter la mission ?", "Leave the mission?"),
            text: lang.pick(
                "Tu reviendras à la carte ; la mission reprendra du début.",
                "You go back to the map; the mission will start again from the beginning.",
            ),
            stay: lang.pick("◀ Continuer la mission", "◀ Go on with the mission"),
            leave: lang.pick("Retour à la carte", "Back to the map"),
        };
        if super::leave_dialog(&ctx, "quit-mission", &words, &p, &mut leaving) {
            go.write(Go(Screen::Map));
        }
    }
    // Start the flight of the cards when a decision sent data away.
    if flight.decisions != run.decisions.len() {
        flight.decisions = run.decisions.len();
        if let Some(f) = active.feedback.as_ref().filter(|f| !f.shared.is_empty()) {
            flight.started = Some(bevy::platform::time::Instant::now());
            flight.data = f.shared.clone();
        }
    }
    let mut target = egui::Rect::NOTHING;
    let mut meters_moving = false;
    let mut root = super::root(&ctx);
    egui::Panel::top("mission-top").show(&mut root, |ui| {
        super::toolbar(ui, |ui| {
            ui.label(egui::RichText::new(run.level.title.get(lang)).strong());
            read_aloud_buttons(ui, &voice, &mut reading, lang);
            if preview {
                ui.label(
                    egui::RichText::new(format!(
                        "👁 {} — {}",
                        lang.pick("Aperçu enseignant", "Teacher preview"),
                        scene.id()
                    ))
                    .color(p.mission),
                );
            }
            if preview
                && ui
                    .button(lang.pick("🗺 Carte de la mission", "🗺 Mission map"))
                    .clicked()
            {
                go.write(Go(Screen::MissionMap));
            }
            if preview && let Some(text) = reloaded.as_ref().and_then(|r| r.0.as_ref()) {
                ui.label(egui::RichText::new(format!("↺ {}", text.get(lang))).color(p.weak));
            }
            if active.rewind_of.is_some() {
                ui.label(
                    egui::RichText::new(
                        lang.pick("↺ Rejouer autrement", "↺ Replaying differently"),
                    )
                    .color(p.mission),
                );
            }
        });
        (target, meters_moving) = super::column(ui, |ui| {
            meters(ui, &active, progress.settings.privacy_hidden(), lang, &p)
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "mission", |ui| {
            if let Some(f) = active.feedback.as_ref().filter(|f| {
                f.text.is_some() || f.privacy != 0 || f.mission != 0 || !f.shared.is_empty()
            }) {
                card(&p).show(ui, |ui| {
                    if let Some(t) = &f.text {
                        ui.label(t.get(lang));
                    }
                    ui.horizontal(|ui| {
                        if f.privacy != 0 {
                            ui.label(
                                egui::RichText::new(format!("🛡 {:+}", f.privacy)).color(p.privacy),
                            );
                        }
                        if f.mission != 0 {
                            ui.label(
                                egui::RichText::new(format!("🎯 {:+}", f.mission)).color(p.mission),
                            );
                        }
                    });
                    if !f.shared.is_empty() {
                        ui.label(lang.pick(
                            "Ces données sont parties dans ton empreinte :",
                            "This data went into your footprint:",
                        ));
                        data_cards(ui, &f.shared, lang, &p);
                    }
                });
                ui.add_space(12.0);
            }
            let order = active.order(&progress, scene.options().len().max(ticks.len()));
            if let Some(action) = scene_body(ui, &ctx, run, &order, &mut ticks, lang, &p, preview) {
                act.write(Act(action));
            }
        });
    });
    // Keep drawing frames only while the cards fly or a meter slides (the game otherwise
    // sleeps).
    if fly(&ctx, &mut flight, target, lang, &p) | meters_moving | super::take_moving(&ctx) {
        animating.write(Animating(true));
    }
}
