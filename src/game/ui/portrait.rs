//! The cast, drawn: every portrait and logo of `core::model::cast` painted with egui's shapes
//! (no image files, nothing to license, crisp at every size). A portrait is a few parameters
//! (background, skin, hair colour and style, accessories); a logo a colour and a pictogram.

use crate::core::model::cast::Portrait;
use bevy_egui::egui::{self, Color32, Pos2, Rect, Shape, Stroke, pos2, vec2};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hair {
    Short,
    Long,
    Braids,
    Bob,
    Curly,
    Cap,
    Bun,
    Thin,
    Hood,
    Headset,
}

#[derive(Clone, Copy, Debug)]
struct Face {
    bg: Color32,
    skin: Color32,
    hair: Color32,
    style: Hair,
    glasses: bool,
    beard: bool,
    shirt: Color32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Picto {
    Gamepad,
    Camera,
    Play,
    Bubble,
    Gift,
    Bag,
    Envelope,
    Bank,
    School,
    Globe,
}

#[derive(Clone, Copy, Debug)]
enum Look {
    Face(Face),
    Logo(Color32, Picto),
}

const fn rgb(r: u8, g: u8, b: u8) -> Color32 {
    Color32::from_rgb(r, g, b)
}

const SKIN: [Color32; 4] = [
    rgb(248, 214, 182),
    rgb(226, 180, 140),
    rgb(176, 122, 86),
    rgb(120, 80, 56),
];

const fn face(
    bg: Color32,
    skin: usize,
    hair: Color32,
    style: Hair,
    glasses: bool,
    beard: bool,
    shirt: Color32,
) -> Look {
    Look::Face(Face {
        bg,
        skin: SKIN[skin],
        hair,
        style,
        glasses,
        beard,
        shirt,
    })
}

const BROWN: Color32 = rgb(92, 58, 34);
const BLACK: Color32 = rgb(34, 28, 26);
const RED: Color32 = rgb(196, 86, 40);
const BLOND: Color32 = rgb(226, 186, 92);
const GREY: Color32 = rgb(170, 170, 176);

/// How each bundled portrait is drawn; `None` for an id the game cannot draw (a test makes
/// sure there is none).
fn look(id: &str) -> Option<Look> {
    use Hair::*;
    Some(match id {
        "agent" => face(
            rgb(110, 160, 215),
            1,
            BLACK,
            Headset,
            true,
            false,
            rgb(40, 40, 48),
        ),
        "fille-1" => face(
            rgb(250, 200, 90),
            0,
            BROWN,
            Long,
            false,
            false,
            rgb(214, 72, 96),
        ),
        "fille-2" => face(
            rgb(130, 200, 170),
            3,
            BLACK,
            Braids,
            false,
            false,
            rgb(250, 210, 60),
        ),
        "fille-3" => face(
            rgb(170, 190, 250),
            0,
            RED,
            Bob,
            true,
            false,
            rgb(60, 150, 90),
        ),
        "garcon-1" => face(
            rgb(140, 200, 240),
            1,
            BROWN,
            Short,
            false,
            false,
            rgb(230, 120, 40),
        ),
        "garcon-2" => face(
            rgb(240, 160, 150),
            2,
            BLACK,
            Curly,
            false,
            false,
            rgb(50, 90, 190),
        ),
        "garcon-3" => face(
            rgb(190, 230, 140),
            0,
            BLOND,
            Cap,
            false,
            false,
            rgb(200, 50, 50),
        ),
        "parent-1" => face(
            rgb(230, 190, 230),
            1,
            BROWN,
            Bun,
            false,
            false,
            rgb(120, 60, 140),
        ),
        "parent-2" => face(
            rgb(200, 220, 200),
            2,
            BLACK,
            Short,
            false,
            true,
            rgb(70, 110, 150),
        ),
        "prof" => face(
            rgb(250, 230, 170),
            1,
            RED,
            Bob,
            true,
            false,
            rgb(40, 120, 130),
        ),
        "adulte" => face(
            rgb(210, 210, 225),
            0,
            GREY,
            Thin,
            false,
            false,
            rgb(90, 90, 110),
        ),
        "inconnu" => face(
            rgb(60, 60, 66),
            0,
            rgb(24, 24, 28),
            Hood,
            false,
            false,
            rgb(24, 24, 28),
        ),
        "appli-jeu" => Look::Logo(rgb(120, 70, 200), Picto::Gamepad),
        "appli-photo" => Look::Logo(rgb(230, 80, 120), Picto::Camera),
        "appli-video" => Look::Logo(rgb(220, 40, 40), Picto::Play),
        "reseau" => Look::Logo(rgb(40, 130, 230), Picto::Bubble),
        "concours" => Look::Logo(rgb(240, 150, 20), Picto::Gift),
        "boutique" => Look::Logo(rgb(30, 160, 120), Picto::Bag),
        "mail" => Look::Logo(rgb(70, 90, 200), Picto::Envelope),
        "banque" => Look::Logo(rgb(20, 90, 80), Picto::Bank),
        "ecole" => Look::Logo(rgb(40, 100, 170), Picto::School),
        "site" => Look::Logo(rgb(60, 140, 200), Picto::Globe),
        _ => return None,
    })
}

/// The portrait's main colour, for the name written beside it (chat header, post author).
pub fn colour(p: &Portrait) -> Color32 {
    match look(p.id) {
        Some(Look::Face(f)) => f.shirt,
        Some(Look::Logo(c, _)) => c,
        None => Color32::GRAY,
    }
}

/// Draws `portrait` in a square of `size` points and returns its response (a plain image for
/// screen readers and focus: it is never a button).
pub fn show(ui: &mut egui::Ui, portrait: &Portrait, size: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        paint(
            &ui.painter().with_clip_rect(rect.intersect(ui.clip_rect())),
            rect,
            portrait,
        );
    }
    response
}

/// Paints `portrait` into `rect` (a square) with `painter`: for drawing over another widget.
pub fn paint(painter: &egui::Painter, rect: Rect, portrait: &Portrait) {
    // The figure is larger than its frame: nothing may spill out of the square.
    let painter = &painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    match look(portrait.id) {
        Some(Look::Face(f)) => paint_face(painter, rect, f),
        Some(Look::Logo(c, picto)) => paint_logo(painter, rect, c, picto),
        None => {
            painter.rect_filled(rect, rect.width() * 0.22, Color32::GRAY);
        }
    }
}

/// A point of the portrait's square: (0, 0) top left, (1, 1) bottom right.
fn at(rect: Rect, x: f32, y: f32) -> Pos2 {
    pos2(
        rect.left() + x * rect.width(),
        rect.top() + y * rect.height(),
    )
}

fn paint_face(painter: &egui::Painter, frame: Rect, f: Face) {
    painter.rect_filled(frame, frame.width() * 0.22, f.bg);
    // The figure is drawn a little larger than its frame, which cuts the shoulders.
    let rect = frame.expand(frame.width() * 0.12);
    let s = rect.width();
    let p = |x, y| at(rect, x, y);
    // Hair that falls behind the shoulders and the face.
    match f.style {
        Hair::Long | Hair::Braids => {
            let back = Rect::from_min_max(p(0.27, 0.25), p(0.73, 0.78));
            painter.rect_filled(back, s * 0.12, f.hair);
        }
        Hair::Bob => {
            let back = Rect::from_min_max(p(0.27, 0.22), p(0.73, 0.62));
            painter.rect_filled(back, s * 0.12, f.hair);
        }
        Hair::Hood => {
            painter.circle_filled(p(0.5, 0.5), s * 0.34, f.hair);
        }
        _ => {}
    }
    // Shoulders: the top of a large circle, cut by the square.
    painter.circle_filled(p(0.5, 1.08), s * 0.38, f.shirt);
    // Neck and face.
    painter.rect_filled(
        Rect::from_min_max(p(0.44, 0.55), p(0.56, 0.72)),
        0.0,
        f.skin,
    );
    let head = p(0.5, 0.44);
    let skin = if f.style == Hair::Hood {
        rgb(44, 44, 50)
    } else {
        f.skin
    };
    painter.circle_filled(head, s * 0.19, skin);
    paint_hair_top(painter, rect, f);
    paint_features(painter, rect, f);
}

/// Hair on top of the head, and what is worn there.
fn paint_hair_top(painter: &egui::Painter, rect: Rect, f: Face) {
    let s = rect.width();
    let p = |x, y| at(rect, x, y);
    let cap = |color: Color32, depth: f32| {
        // The upper part of the head's circle, as a convex polygon.
        let points: Vec<Pos2> = (0..=16)
            .map(|k| {
                let a = std::f32::consts::PI * (1.0 + k as f32 / 16.0);
                let r = s * 0.2;
                pos2(
                    p(0.5, 0.44).x + r * a.cos(),
                    p(0.5, 0.44).y + r * a.sin() * depth,
                )
            })
            .collect();
        painter.add(Shape::convex_polygon(points, color, Stroke::NONE));
    };
    match f.style {
        Hair::Short | Hair::Long | Hair::Bob | Hair::Braids => cap(f.hair, 1.0),
        Hair::Thin => cap(f.hair, 0.55),
        Hair::Curly => {
            for k in 0..7 {
                let a = std::f32::consts::PI * (1.05 + k as f32 * 0.15);
                let c = p(0.5, 0.43) + vec2(a.cos(), a.sin()) * s * 0.17;
                painter.circle_filled(c, s * 0.075, f.hair);
            }
        }
        Hair::Bun => {
            cap(f.hair, 1.0);
            painter.circle_filled(p(0.5, 0.21), s * 0.08, f.hair);
        }
        Hair::Cap => {
            cap(f.shirt, 1.0);
            painter.rect_filled(
                Rect::from_min_max(p(0.5, 0.33), p(0.76, 0.38)),
                s * 0.02,
                f.shirt,
            );
            painter.rect_filled(
                Rect::from_min_max(p(0.33, 0.40), p(0.67, 0.44)),
                0.0,
                f.hair,
            );
        }
        Hair::Headset => {
            cap(f.hair, 0.9);
            let band = Stroke::new(s * 0.035, rgb(200, 200, 210));
            painter.circle_stroke(p(0.5, 0.44), s * 0.23, band);
            painter.rect_filled(
                Rect::from_min_max(p(0.23, 0.40), p(0.31, 0.53)),
                s * 0.02,
                rgb(90, 200, 240),
            );
            painter.line_segment(
                [p(0.28, 0.52), p(0.42, 0.60)],
                Stroke::new(s * 0.02, rgb(200, 200, 210)),
            );
        }
        Hair::Hood => {}
    }
}

/// Eyes, mouth, glasses, beard.
fn paint_features(painter: &egui::Painter, rect: Rect, f: Face) {
    let s = rect.width();
    let p = |x, y| at(rect, x, y);
    let dark = rgb(30, 24, 22);
    if f.style == Hair::Hood {
        // A face in shadow: only two eyes catch the light.
        for x in [0.44, 0.56] {
            painter.circle_filled(p(x, 0.45), s * 0.02, rgb(230, 230, 240));
        }
        return;
    }
    if f.beard {
        let points: Vec<Pos2> = (0..=12)
            .map(|k| {
                let a = std::f32::consts::PI * (k as f32 / 12.0);
                pos2(
                    p(0.5, 0.48).x + s * 0.18 * a.cos(),
                    p(0.5, 0.48).y + s * 0.15 * a.sin(),
                )
            })
            .collect();
        painter.add(Shape::convex_polygon(points, f.hair, Stroke::NONE));
    }
    if f.style == Hair::Headset {
        // Dark glasses: an agent.
        for x in [0.42, 0.58] {
            painter.rect_filled(
                Rect::from_center_size(p(x, 0.44), vec2(s * 0.12, s * 0.06)),
                s * 0.02,
                dark,
            );
        }
        painter.line_segment([p(0.46, 0.44), p(0.54, 0.44)], Stroke::new(s * 0.015, dark));
    } else {
        for x in [0.43, 0.57] {
            painter.circle_filled(p(x, 0.44), s * 0.022, dark);
        }
        if f.glasses {
            for x in [0.43, 0.57] {
                painter.circle_stroke(p(x, 0.44), s * 0.05, Stroke::new(s * 0.015, dark));
            }
            painter.line_segment([p(0.48, 0.44), p(0.52, 0.44)], Stroke::new(s * 0.015, dark));
        }
    }
    // A smile.
    let smile: Vec<Pos2> = (0..=8)
        .map(|k| {
            let a = std::f32::consts::PI * (0.2 + 0.6 * k as f32 / 8.0);
            pos2(
                p(0.5, 0.48).x + s * 0.07 * a.cos(),
                p(0.5, 0.48).y + s * 0.05 * a.sin(),
            )
        })
        .collect();
    let lips = if f.beard {
        rgb(240, 200, 190)
    } else {
        rgb(170, 70, 70)
    };
    painter.add(Shape::line(smile, Stroke::new(s * 0.02, lips)));
}

fn paint_logo(painter: &egui::Painter, rect: Rect, colour: Color32, picto: Picto) {
    let s = rect.width();
    let p = |x, y| at(rect, x, y);
    painter.rect_filled(rect, s * 0.22, colour);
    let white = Color32::WHITE;
    let line = Stroke::new(s * 0.05, white);
    let r = |x0, y0, x1, y1| Rect::from_min_max(p(x0, y0), p(x1, y1));
    match picto {
        Picto::Gamepad => {
            painter.rect_filled(r(0.18, 0.35, 0.82, 0.68), s * 0.14, white);
            painter.rect_filled(r(0.27, 0.48, 0.43, 0.54), 0.0, colour);
            painter.rect_filled(r(0.32, 0.43, 0.38, 0.59), 0.0, colour);
            painter.circle_filled(p(0.62, 0.47), s * 0.035, colour);
            painter.circle_filled(p(0.70, 0.56), s * 0.035, colour);
        }
        Picto::Camera => {
            painter.rect_filled(r(0.18, 0.32, 0.82, 0.74), s * 0.08, white);
            painter.rect_filled(r(0.38, 0.24, 0.62, 0.34), s * 0.03, white);
            painter.circle_filled(p(0.5, 0.53), s * 0.14, colour);
            painter.circle_filled(p(0.5, 0.53), s * 0.08, white);
        }
        Picto::Play => {
            let points = vec![p(0.38, 0.28), p(0.74, 0.5), p(0.38, 0.72)];
            painter.add(Shape::convex_polygon(points, white, Stroke::NONE));
        }
        Picto::Bubble => {
            painter.circle_filled(p(0.5, 0.47), s * 0.27, white);
            let tail = vec![p(0.30, 0.62), p(0.42, 0.70), p(0.24, 0.82)];
            painter.add(Shape::convex_polygon(tail, white, Stroke::NONE));
            for x in [0.38, 0.5, 0.62] {
                painter.circle_filled(p(x, 0.47), s * 0.04, colour);
            }
        }
        Picto::Gift => {
            painter.rect_filled(r(0.22, 0.42, 0.78, 0.80), s * 0.04, white);
            painter.rect_filled(r(0.18, 0.34, 0.82, 0.44), s * 0.03, white);
            painter.rect_filled(r(0.46, 0.34, 0.54, 0.80), 0.0, colour);
            painter.circle_stroke(p(0.42, 0.28), s * 0.07, line);
            painter.circle_stroke(p(0.58, 0.28), s * 0.07, line);
        }
        Picto::Bag => {
            painter.rect_filled(r(0.22, 0.38, 0.78, 0.80), s * 0.06, white);
            painter.circle_stroke(p(0.5, 0.38), s * 0.14, line);
            painter.rect_filled(r(0.22, 0.38, 0.78, 0.46), 0.0, white);
        }
        Picto::Envelope => {
            painter.rect_filled(r(0.18, 0.30, 0.82, 0.72), s * 0.05, white);
            let fold = Stroke::new(s * 0.045, colour);
            painter.line_segment([p(0.2, 0.33), p(0.5, 0.55)], fold);
            painter.line_segment([p(0.8, 0.33), p(0.5, 0.55)], fold);
        }
        Picto::Bank => {
            let roof = vec![p(0.5, 0.18), p(0.84, 0.38), p(0.16, 0.38)];
            painter.add(Shape::convex_polygon(roof, white, Stroke::NONE));
            for x in [0.26, 0.45, 0.64] {
                painter.rect_filled(r(x, 0.42, x + 0.10, 0.72), 0.0, white);
            }
            painter.rect_filled(r(0.16, 0.74, 0.84, 0.82), 0.0, white);
        }
        Picto::School => {
            let board = vec![p(0.5, 0.26), p(0.86, 0.42), p(0.5, 0.58), p(0.14, 0.42)];
            painter.add(Shape::convex_polygon(board, white, Stroke::NONE));
            painter.rect_filled(r(0.32, 0.48, 0.68, 0.70), s * 0.06, white);
            painter.line_segment([p(0.80, 0.44), p(0.80, 0.66)], line);
        }
        Picto::Globe => {
            painter.circle_stroke(p(0.5, 0.5), s * 0.28, line);
            painter.line_segment([p(0.22, 0.5), p(0.78, 0.5)], line);
            painter.line_segment([p(0.5, 0.22), p(0.5, 0.78)], line);
            let meridian: Vec<Pos2> = (0..=16)
                .map(|k| {
                    let a = std::f32::consts::PI * (k as f32 / 16.0 - 0.5);
                    pos2(
                        p(0.5, 0.5).x + s * 0.13 * a.cos(),
                        p(0.5, 0.5).y + s * 0.28 * a.sin(),
                    )
                })
                .collect();
            painter.add(Shape::line(meridian.clone(), line));
            let mirrored = meridian
                .iter()
                .map(|q| pos2(2.0 * p(0.5, 0.5).x - q.x, q.y))
                .collect();
            painter.add(Shape::line(mirrored, line));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_bundled_portrait_can_be_drawn() {
        for p in crate::core::model::cast::PORTRAITS {
            assert!(super::look(p.id).is_some(), "{} has no drawing", p.id);
            let is_logo = matches!(super::look(p.id), Some(super::Look::Logo(..)));
            assert_eq!(
                is_logo,
                p.kind == crate::core::model::cast::Kind::Logo,
                "{}",
                p.id
            );
        }
    }
}
