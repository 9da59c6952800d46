//! The debrief, made to be read aloud: each decision with its consequence, the expert's
//! explanation and the better choice; the data that left; the lesson, questions, glossary
//! and sources. "Rejouer ce choix" replays one decision; the result is shown beside the
//! original.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{Palette, card, ink, palette, paper, stars};
use crate::core::model::level::Outcome;
use crate::core::model::text::Lang;
use crate::core::play::debrief::{Debrief, Verdict};
use crate::game::mission::{LastDebrief, PrintSheet, Rewind, SheetSaved, StartMission};
use crate::game::progress::Progress;
use crate::game::screens::{Go, Screen};
use crate::game::sound::{Cue, PlayCue};

fn outcome(o: Option<Outcome>, lang: Lang) -> &'static str {
    match o {
        Some(Outcome::Success) => lang.pick("MISSION ACCOMPLIE", "MISSION COMPLETE"),
        Some(Outcome::Partial) => lang.pick("MISSION EN PARTIE RÉUSSIE", "MISSION PARTLY DONE"),
        Some(Outcome::Failure) => lang.pick("MISSION ÉCHOUÉE", "MISSION FAILED"),
        None => "",
    }
}

fn summary(ui: &mut egui::Ui, d: &Debrief, lang: Lang, p: &Palette) {
    ui.label(
        egui::RichText::new(outcome(d.outcome, lang))
            .color(p.stamp)
            .strong(),
    );
    ui.label(format!(
        "{}   ·   {} {}/100",
        stars(d.stars),
        lang.pick("Score", "Score"),
        d.score
    ));
    ui.label(
        egui::RichText::new(format!(
            "🛡 {} {}/100",
            lang.pick("Vie privée", "Privacy"),
            d.meters.privacy()
        ))
        .color(p.privacy),
    );
    ui.label(
        egui::RichText::new(format!("🎯 Mission {}/100", d.meters.mission())).color(p.mission),
    );
    let left: Vec<String> = d
        .data_left
        .iter()
        .map(|(k, to)| format!("{} {} ➡ {}", k.info().icon, k.label(lang), to.get(lang)))
        .collect();
    if left.is_empty() {
        ui.label(lang.pick("Aucune donnée n'est partie.", "No data left."));
    } else {
        for l in left {
            ui.label(l);
        }
    }
}

/// When each part of the reward shows, in seconds after the debrief opens.
const STAMP_LANDS: f32 = 0.35;
const FIRST_STAR: f32 = 0.55;
const STAR_EVERY: f32 = 0.4;
const STAR_POPS: f32 = 0.25;

/// The end of a mission celebrated: the outcome stamp lands on the dossier, tilted, then the
/// stars appear one by one. `t`: seconds since the debrief opened. Returns whether it is still
/// moving (the game then keeps drawing frames; still, it draws none) and how many stars have
/// appeared (each one rings).
fn reward(ui: &mut egui::Ui, d: &Debrief, lang: Lang, p: &Palette, t: f32) -> (bool, u8) {
    use egui::{Shape, Stroke, epaint::TextShape, vec2};
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), 120.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let ease = |x: f32| 1.0 - (1.0 - x.clamp(0.0, 1.0)).powi(3);
    // The stamp falls from twice its size.
    let land = ease(t / STAMP_LANDS);
    let colour = match d.outcome {
        Some(Outcome::Success) => p.good,
        Some(Outcome::Failure) => p.bad,
        _ => p.stamp,
    }
    .gamma_multiply(land);
    let scale = 2.0 - land;
    let galley = painter.layout_no_wrap(
        outcome(d.outcome, lang).to_string(),
        egui::FontId::proportional(30.0 * scale),
        colour,
    );
    let angle = -0.12;
    let rot = egui::emath::Rot2::from_angle(angle);
    let centre = egui::pos2(rect.left() + rect.width() * 0.34, rect.center().y);
    let half = (galley.size() + vec2(28.0, 14.0) * scale) / 2.0;
    let corners = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
        .map(|(x, y)| centre + rot * vec2(x * half.x, y * half.y))
        .to_vec();
    painter.add(Shape::closed_line(
        corners,
        Stroke::new(4.0 * scale, colour),
    ));
    let pos = centre + rot * (-galley.size() / 2.0);
    painter.add(TextShape::new(pos, galley, colour).with_angle(angle));
    // Then the stars, one by one, each popping from larger.
    let mut appeared = 0;
    for k in 0..3u8 {
        let x = rect.left() + rect.width() * 0.72 + f32::from(k) * 58.0;
        let at = egui::pos2(x, rect.center().y);
        let empty = painter.layout_no_wrap("☆".into(), egui::FontId::proportional(44.0), p.weak);
        painter.galley(at - empty.size() / 2.0, empty, p.weak);
        let shown = (t - FIRST_STAR - STAR_EVERY * f32::from(k)) / STAR_POPS;
        if k >= d.stars || shown <= 0.0 {
            continue;
        }
        appeared += 1;
        let size = 44.0 * (1.6 - 0.6 * ease(shown));
        let star = painter.layout_no_wrap("★".into(), egui::FontId::proportional(size), p.mission);
        painter.galley(at - star.size() / 2.0, star, p.mission);
    }
    let moving = t < FIRST_STAR + STAR_EVERY * f32::from(d.stars) + STAR_POPS;
    (moving, appeared)
}

// A Bevy system: each parameter is a resource the view reads or a message it sends.
pub fn view(
    mut contexts: EguiContexts,
    last: Option<Res<LastDebrief>>,
    progress: Res<Progress>,
    mut go: MessageWriter<Go>,
    mut rewind: MessageWriter<Rewind>,
    mut start: MessageWriter<StartMission>,
    mut print: MessageWriter<PrintSheet>,
    saved: Res<SheetSaved>,
    (mut opened, mut animating, mut cues, mut rung): (
        Local<Option<bevy::platform::time::Instant>>,
        MessageWriter<crate::game::redraw::Animating>,
        MessageWriter<PlayCue>,
        Local<u8>,
    ),
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let Some(last) = last else { return };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    let d = &last.debrief;
    if last.is_changed() || opened.is_none() {
        *opened = Some(bevy::platform::time::Instant::now());
        *rung = 0;
    }
    let t = opened.map_or(0.0, |o| o.elapsed().as_secs_f32());
    super::back_on_escape(&ctx, &mut go, Screen::Map);
    let mut root = super::root(&ctx);
    egui::Panel::top("debrief-top").show(&mut root, |ui| {
        super::toolbar(ui, |ui| {
            ui.heading(format!(
                "{} — {}",
                lang.pick("Débrief", "Debrief"),
                d.title.get(lang)
            ));
            let back = ui.button(lang.pick("Retour à la carte ▶", "Back to the map ▶"));
            super::focus_primary(&back);
            if back.clicked() {
                go.write(Go(Screen::Map));
            }
            if ui
                .button(lang.pick("↺ Rejouer la mission", "↺ Play the mission again"))
                .clicked()
            {
                start.write(StartMission(last.index));
            }
            if ui
                .button(lang.pick("Fiche imprimable", "Printable sheet"))
                .on_hover_text(lang.pick(
                    "Une page à imprimer ou à projeter pour la discussion",
                    "A page to print or project for the discussion",
                ))
                .clicked()
            {
                print.write(PrintSheet);
            }
        });
        if let Some(said) = &saved.0 {
            super::column(ui, |ui| {
                ui.label(egui::RichText::new(said.get(lang)).small().color(p.weak));
            });
        }
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "debrief", |ui| {
            let (moving, appeared) = reward(ui, d, lang, &p, t);
            if moving {
                animating.write(crate::game::redraw::Animating(true));
                ctx.request_repaint();
            }
            while *rung < appeared {
                *rung += 1;
                cues.write(PlayCue(Cue::Star));
            }
            match &last.original {
                Some(original) => {
                    ui.columns(2, |cols| {
                        card(&p).show(&mut cols[0], |ui| {
                            ui.label(
                                egui::RichText::new(lang.pick("Première fois", "First time"))
                                    .strong(),
                            );
                            summary(ui, original, lang, &p);
                        });
                        card(&p).show(&mut cols[1], |ui| {
                            ui.label(
                                egui::RichText::new(lang.pick("En rejouant", "Replayed")).strong(),
                            );
                            summary(ui, d, lang, &p);
                        });
                    });
                }
                None => {
                    card(&p).show(ui, |ui| summary(ui, d, lang, &p));
                }
            }
            if let Some(e) = &d.ending {
                ui.label(egui::RichText::new(e.get(lang)).italics());
            }
            ui.add_space(8.0);
            paper(&p).show(ui, |ui| {
                ui.label(
                    ink(lang.pick("À RETENIR", "KEY LESSON"), &p)
                        .small()
                        .strong(),
                );
                ui.label(ink(d.lesson.get(lang), &p).strong());
            });
            ui.add_space(8.0);
            ui.heading(lang.pick("Tes décisions", "Your decisions"));
            let mut privacy_before = 100;
            for (k, r) in d.decisions.iter().enumerate() {
                // The privacy meter, decision by decision: what each one cost (the reveal
                // when the meter was hidden during the mission).
                let privacy = (privacy_before, r.meters.privacy());
                privacy_before = privacy.1;
                card(&p).show(ui, |ui| {
                    let mark = match r.verdict {
                        Verdict::Best => lang.pick("✔ Bon choix", "✔ Good choice"),
                        Verdict::CouldBeBetter => {
                            lang.pick("↺ Il y avait mieux", "↺ There was a better choice")
                        }
                        Verdict::Open => lang.pick("• Choix libre", "• Open choice"),
                    };
                    let color = if r.verdict == Verdict::CouldBeBetter {
                        p.bad
                    } else {
                        p.good
                    };
                    ui.label(egui::RichText::new(mark).color(color).strong());
                    ui.label(egui::RichText::new(r.situation.get(lang)).italics());
                    let chosen: Vec<&str> = r.chosen.iter().map(|t| t.get(lang)).collect();
                    let chosen = if chosen.is_empty() {
                        lang.pick("(rien)", "(nothing)").to_string()
                    } else {
                        chosen.join(" · ")
                    };
                    ui.label(format!(
                        "{} {chosen}",
                        lang.pick("Ton choix :", "Your choice:")
                    ));
                    if let Some(c) = &r.consequence {
                        ui.label(format!("➡ {}", c.get(lang)));
                    }
                    let (before, after) = privacy;
                    if before != after {
                        let colour = if after < before { p.bad } else { p.good };
                        ui.label(
                            egui::RichText::new(format!(
                                "🛡 {} {before} ➡ {after}",
                                lang.pick("Vie privée :", "Privacy:")
                            ))
                            .color(colour),
                        );
                    }
                    for f in r.fields.iter().filter(|f| f.ticked != f.needed) {
                        if let Some(why) = &f.why {
                            let what = if f.ticked {
                                lang.pick("donné sans besoin", "given without need")
                            } else {
                                lang.pick("manquait", "was missing")
                            };
                            ui.label(format!(
                                "{} {} ({what}) : {}",
                                f.data.info().icon,
                                f.label.get(lang),
                                why.get(lang)
                            ));
                        }
                    }
                    if let Some(e) = &r.explanation {
                        ui.label(egui::RichText::new(format!("🕵 {}", e.get(lang))).color(p.weak));
                    }
                    if !r.better.is_empty() && r.verdict == Verdict::CouldBeBetter {
                        let better: Vec<&str> = r.better.iter().map(|t| t.get(lang)).collect();
                        ui.label(format!(
                            "{} {}",
                            lang.pick("Mieux :", "Better:"),
                            better.join(" · ")
                        ));
                    }
                    if last.original.is_none()
                        && ui
                            .button(lang.pick("↺ Rejouer ce choix", "↺ Replay this choice"))
                            .clicked()
                    {
                        rewind.write(Rewind(k));
                    }
                });
            }
            ui.add_space(8.0);
            ui.heading(lang.pick("À discuter en classe", "For class discussion"));
            for q in &d.questions {
                ui.label(format!("• {}", q.get(lang)));
            }
            if !d.glossary.is_empty() {
                ui.heading(lang.pick("Glossaire", "Glossary"));
                for t in &d.glossary {
                    ui.label(format!("{} — {}", t.term.get(lang), t.definition.get(lang)));
                }
            }
            ui.heading(lang.pick("Sources", "Sources"));
            for s in &d.sources {
                ui.label(egui::RichText::new(format!("{} — {}", s.title.get(lang), s.url)).small());
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::{Disk, check_campaign};
    use crate::core::play::Run;
    use crate::core::play::footprint::Footprint;

    /// The debrief of the first mission played carefully (3 stars).
    fn careful_debrief() -> Debrief {
        let campaign = check_campaign(&Disk, "levels/campaign.ron");
        let level = campaign.playable_levels()[0].1.clone();
        let mut run = Run::start(level, Footprint::default()).unwrap();
        while let Some(a) = run.careful_action() {
            run.act(a).unwrap();
        }
        crate::core::play::debrief::build(&run, None)
    }

    /// Whether the reward still moves `t` seconds after the debrief opened.
    fn moving_at(d: &Debrief, t: f32) -> bool {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 720.0),
            )),
            ..Default::default()
        };
        let mut moving = false;
        let mut output = ctx.run_ui(input, |ui| {
            moving = reward(ui, d, Lang::Fr, &palette(false), t).0;
        });
        // Nothing is drawn here: the font textures need not be uploaded.
        output.textures_delta.clear();
        moving
    }

    /// The stamp and each star take their turn, then everything is still: a debrief left
    /// open draws no more frames.
    #[test]
    fn the_reward_plays_once_then_keeps_still() {
        let mut d = careful_debrief();
        assert_eq!(d.stars, 3);
        let end = FIRST_STAR + STAR_EVERY * 3.0 + STAR_POPS;
        assert!(moving_at(&d, 0.0));
        assert!(moving_at(&d, end - 0.05));
        assert!(!moving_at(&d, end + 0.01));
        assert!(!moving_at(&d, 60.0));
        // No star: only the stamp and the wait for the first star.
        d.stars = 0;
        assert!(!moving_at(&d, FIRST_STAR + STAR_POPS + 0.01));
    }
}
