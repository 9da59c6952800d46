//! What scenes imitate, drawn: the agency's briefing room, a phone, an app's header, a social
//! post with its photo, likes and comments, a cookie banner. Each takes the level (for the
//! cast) and draws around or above what `scene` lays out; none of them decides anything.

use bevy_egui::egui::{self, Color32, RichText};

use super::portrait;
use super::theme::Palette;
use crate::core::model::cast::{self, Kind};
use crate::core::model::level::{Level, Post};
use crate::core::model::text::{Lang, Name};

/// The size of a speaker's portrait beside a text, and of the small ones in lists.
pub const PORTRAIT: f32 = 64.0;
pub const SMALL: f32 = 36.0;

/// A story told by someone: their portrait, their name in their colour, the text. The agency
/// speaks from its briefing room (a dark blue room with a "BRIEFING" plate); an app or a
/// site (cast with a logo) speaks through a phone notification that slides in.
pub fn speech(
    ui: &mut egui::Ui,
    level: &Level,
    speaker: &Name,
    text: &str,
    lang: Lang,
    p: &Palette,
) {
    let name = speaker.get(lang);
    let portrait = cast::portrait_of(level, speaker.get(Lang::Fr), Kind::Person);
    if portrait.kind == Kind::Logo {
        return notification(ui, portrait, name, text, lang);
    }
    let agency = portrait.id == "agent";
    let frame = if agency {
        egui::Frame::new()
            .fill(Color32::from_rgb(18, 30, 56))
            .stroke(egui::Stroke::new(2.0, Color32::from_rgb(70, 110, 170)))
            .inner_margin(egui::Margin::same(16))
            .corner_radius(8)
    } else {
        super::theme::card(p)
    };
    frame.show(ui, |ui| {
        ui.set_min_width(ui.available_width());
        if agency {
            ui.label(
                RichText::new(lang.pick("QG — BRIEFING", "HQ — BRIEFING"))
                    .small()
                    .strong()
                    .color(Color32::from_rgb(120, 200, 255)),
            );
        }
        beside(ui, portrait, PORTRAIT, |ui| {
            let colour = if agency {
                p.mission
            } else {
                portrait::colour(portrait)
            };
            ui.label(RichText::new(name).strong().color(readable(colour, p)));
            ui.add(egui::Label::new(text).wrap());
        });
    });
}

/// How long a notification takes to slide in.
const SLIDE_SECONDS: f64 = 0.35;

/// A phone notification: the app's logo and name, "now", the text; it slides down from above
/// the first time it is drawn.
fn notification(ui: &mut egui::Ui, logo: &cast::Portrait, app: &str, text: &str, lang: Lang) {
    let id = ui.id().with(("notification", app, text));
    let now = ui.input(|i| i.time);
    let since = now - ui.data_mut(|d| *d.get_temp_mut_or_insert_with(id, || now));
    let eased = 1.0 - (1.0 - (since / SLIDE_SECONDS).clamp(0.0, 1.0)).powi(3);
    if since < SLIDE_SECONDS {
        super::still_moving(ui.ctx());
        ui.ctx().request_repaint();
    }
    ui.add_space(((1.0 - eased) * 40.0) as f32);
    egui::Frame::new()
        .fill(Color32::from_rgba_unmultiplied(
            245,
            245,
            250,
            (80.0 + 175.0 * eased) as u8,
        ))
        .corner_radius(16)
        .inner_margin(egui::Margin::same(12))
        .stroke(egui::Stroke::new(1.0, Color32::from_gray(180)))
        .show(ui, |ui| {
            ui.set_max_width(620.0);
            ui.set_min_width(ui.available_width().min(620.0));
            let ink = Color32::from_gray(25);
            beside(ui, logo, SMALL + 8.0, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(app).strong().color(ink));
                    ui.label(
                        RichText::new(lang.pick("maintenant", "now"))
                            .small()
                            .color(Color32::from_gray(110)),
                    );
                });
                ui.add(egui::Label::new(RichText::new(text).color(ink)).wrap());
            });
        });
    ui.add_space((eased * 40.0) as f32);
}

/// A portrait on the left and `body` on the right, wrapping in what is left of the width.
pub fn beside<R>(
    ui: &mut egui::Ui,
    portrait: &cast::Portrait,
    size: f32,
    body: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    ui.horizontal_top(|ui| {
        portrait::show(ui, portrait, size);
        ui.vertical(|ui| {
            ui.set_max_width((ui.available_width()).max(120.0));
            body(ui)
        })
        .inner
    })
    .inner
}

/// The title's line-up: the agency's handler in the middle, the pupils it trains around.
pub fn agency_lineup(ui: &mut egui::Ui, size: f32) {
    const SIDES: [&str; 4] = ["fille-1", "garcon-2", "fille-2", "garcon-3"];
    let width = size * 1.4 + 4.0 * (size + 12.0);
    ui.allocate_ui_with_layout(
        egui::vec2(width, size * 1.4),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.spacing_mut().item_spacing.x = 12.0;
            let show = |ui: &mut egui::Ui, id: &str, s: f32| {
                if let Some(p) = cast::find(id) {
                    portrait::show(ui, p, s);
                }
            };
            show(ui, SIDES[0], size);
            show(ui, SIDES[1], size);
            show(ui, "agent", size * 1.4);
            show(ui, SIDES[2], size);
            show(ui, SIDES[3], size);
        },
    );
}

/// Who asks in a duel card's decision: a chat's contact, a form's app, a post's author or a
/// banner's site; for a plain choice, the mission's first cast entry.
pub fn who_asks(card: &crate::core::play::duel::Card) -> &'static cast::Portrait {
    use crate::core::model::level::{Look, Scene};
    let level = &card.level;
    let scene = level.scenes.iter().find(|s| s.id() == card.scene);
    let (name, kind) = match scene {
        Some(Scene::Chat(c)) => (c.contact.get(Lang::Fr), Kind::Person),
        Some(Scene::Share(f) | Scene::Permissions(f)) => (f.app.get(Lang::Fr), Kind::Logo),
        Some(Scene::Choice(c)) => match &c.look {
            Some(Look::Post(p)) => (p.author.get(Lang::Fr), Kind::Person),
            Some(Look::Banner(b)) => (b.site.get(Lang::Fr), Kind::Logo),
            None => (
                level.cast.first().map_or("", |r| r.name.as_str()),
                Kind::Person,
            ),
        },
        _ => (
            level.cast.first().map_or("", |r| r.name.as_str()),
            Kind::Person,
        ),
    };
    cast::portrait_of(level, name, kind)
}

/// Who the pupil will meet in a mission: the portraits of its first cast entries, each once.
/// Strangers are left out: the map must not give away who turns out to be one.
pub fn cast_strip(ui: &mut egui::Ui, level: &Level) {
    let mut portraits: Vec<&cast::Portrait> = Vec::new();
    for p in level.cast.iter().filter_map(|r| cast::find(&r.portrait)) {
        if p.id != "inconnu" && !portraits.iter().any(|q| q.id == p.id) && portraits.len() < 5 {
            portraits.push(p);
        }
    }
    if portraits.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for p in portraits {
            portrait::show(ui, p, 28.0);
        }
    });
}

/// A colour light enough to read on the dark panels.
fn readable(c: Color32, p: &Palette) -> Color32 {
    let luma = 0.3 * f32::from(c.r()) + 0.59 * f32::from(c.g()) + 0.11 * f32::from(c.b());
    if luma < 110.0 { p.text } else { c }
}

/// A phone: a dark rounded body with a notch, its screen holding `body`.
pub fn phone<R>(ui: &mut egui::Ui, body: impl FnOnce(&mut egui::Ui) -> R) -> R {
    egui::Frame::new()
        .fill(Color32::from_gray(12))
        .corner_radius(28)
        .inner_margin(egui::Margin::symmetric(12, 10))
        .stroke(egui::Stroke::new(2.0, Color32::from_gray(70)))
        .show(ui, |ui| {
            ui.set_max_width(640.0);
            // The notch and the status bar.
            ui.horizontal(|ui| {
                ui.label(RichText::new("9:41").small().color(Color32::from_gray(200)));
                let (notch, _) = ui.allocate_exact_size(
                    egui::vec2(ui.available_width() - 70.0, 14.0),
                    egui::Sense::hover(),
                );
                let pill = egui::Rect::from_center_size(notch.center(), egui::vec2(90.0, 12.0));
                ui.painter().rect_filled(pill, 6.0, Color32::BLACK);
                ui.label(
                    RichText::new("📶 🔋")
                        .small()
                        .color(Color32::from_gray(200)),
                );
            });
            body(ui)
        })
        .inner
}

/// An app's or a site's header: its logo and its name.
pub fn app_header(ui: &mut egui::Ui, level: &Level, app: &Name, title: String, p: &Palette) {
    let logo = cast::portrait_of(level, app.get(Lang::Fr), Kind::Logo);
    ui.horizontal(|ui| {
        portrait::show(ui, logo, SMALL + 8.0);
        ui.label(super::theme::ink(title, p).heading().strong());
    });
}

/// A social-media post: author, text, the photo as an illustration, likes and comments.
pub fn post(ui: &mut egui::Ui, level: &Level, post: &Post, lang: Lang) {
    let ink = Color32::from_gray(20);
    egui::Frame::new()
        .fill(Color32::WHITE)
        .corner_radius(12)
        .inner_margin(egui::Margin::same(14))
        .stroke(egui::Stroke::new(1.0, Color32::from_gray(200)))
        .show(ui, |ui| {
            ui.set_max_width(620.0);
            let author = cast::portrait_of(level, post.author.get(Lang::Fr), Kind::Person);
            ui.horizontal(|ui| {
                portrait::show(ui, author, SMALL + 8.0);
                ui.vertical(|ui| {
                    ui.label(RichText::new(post.author.get(lang)).strong().color(ink));
                    ui.label(
                        RichText::new(lang.pick("il y a 2 h — 🌍 Public", "2 h ago — 🌍 Public"))
                            .small()
                            .color(Color32::from_gray(110)),
                    );
                });
            });
            ui.add(egui::Label::new(RichText::new(post.text.get(lang)).color(ink)).wrap());
            if let Some(photo) = &post.photo {
                illustration(ui, photo.get(lang));
            }
            ui.label(
                RichText::new(format!("❤ {}    💬 {}", post.likes, post.comments.len()))
                    .color(Color32::from_rgb(200, 40, 80)),
            );
            for c in &post.comments {
                let who = cast::portrait_of(level, c.from.get(Lang::Fr), Kind::Person);
                beside(ui, who, SMALL, |ui| {
                    egui::Frame::new()
                        .fill(Color32::from_gray(236))
                        .corner_radius(10)
                        .inner_margin(egui::Margin::symmetric(10, 6))
                        .show(ui, |ui| {
                            ui.label(RichText::new(c.from.get(lang)).small().strong().color(ink));
                            ui.add(
                                egui::Label::new(RichText::new(c.text.get(lang)).color(ink)).wrap(),
                            );
                        });
                });
            }
        });
}

/// A photo drawn as a picture (sky, hills, sun, people), its description as the caption, so
/// the pupil sees a photo where the text once said "[photo: …]".
pub fn illustration(ui: &mut egui::Ui, caption: &str) {
    let width = ui.available_width().min(560.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, width * 0.45), egui::Sense::hover());
    let painter = ui.painter().with_clip_rect(rect);
    let at = |x: f32, y: f32| {
        egui::pos2(
            rect.left() + x * rect.width(),
            rect.top() + y * rect.height(),
        )
    };
    painter.rect_filled(rect, 8.0, Color32::from_rgb(150, 200, 240));
    painter.circle_filled(
        at(0.82, 0.25),
        rect.height() * 0.12,
        Color32::from_rgb(255, 220, 90),
    );
    painter.circle_filled(
        at(0.25, 1.25),
        rect.width() * 0.45,
        Color32::from_rgb(110, 180, 100),
    );
    painter.circle_filled(
        at(0.85, 1.4),
        rect.width() * 0.5,
        Color32::from_rgb(90, 160, 90),
    );
    // Three friends in the picture.
    for (k, (x, colour)) in [
        (0.38, Color32::from_rgb(214, 72, 96)),
        (0.5, Color32::from_rgb(50, 90, 190)),
        (0.62, Color32::from_rgb(250, 190, 60)),
    ]
    .into_iter()
    .enumerate()
    {
        let h = rect.height();
        let top = 0.42 + 0.04 * (k % 2) as f32;
        painter.circle_filled(at(x, 1.02), h * 0.22, colour);
        painter.circle_filled(at(x, top + 0.12), h * 0.1, Color32::from_rgb(230, 185, 150));
    }
    ui.label(
        RichText::new(format!("📷 {caption}"))
            .small()
            .italics()
            .color(Color32::from_gray(90)),
    );
}

/// A cookie banner: the site's logo and name, a cookie, then `body` (its text and buttons).
pub fn banner<R>(
    ui: &mut egui::Ui,
    level: &Level,
    site: &Name,
    lang: Lang,
    body: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::Frame::new()
        .fill(Color32::from_rgb(44, 50, 66))
        .corner_radius(10)
        .inner_margin(egui::Margin::same(16))
        .stroke(egui::Stroke::new(2.0, Color32::from_rgb(200, 160, 90)))
        .show(ui, |ui| {
            ui.set_max_width(700.0);
            let logo = cast::portrait_of(level, site.get(Lang::Fr), Kind::Logo);
            ui.horizontal(|ui| {
                portrait::show(ui, logo, SMALL);
                ui.label(
                    RichText::new(format!("🍪 {}", site.get(lang)))
                        .strong()
                        .color(Color32::from_gray(240)),
                );
                ui.label(
                    RichText::new(
                        lang.pick("— cookies et confidentialité", "— cookies and privacy"),
                    )
                    .small()
                    .color(Color32::from_gray(190)),
                );
            });
            body(ui)
        })
        .inner
}
