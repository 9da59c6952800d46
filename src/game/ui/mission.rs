//! A mission in progress: the meters and footprint always visible, then the scene drawn like
//! what it imitates (a chat in a phone, a sign-up form, the phone's permission dialog, the
//! agency's test card). Keyboard: Tab / arrows move, Enter or Space activates, 1–4 pick.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::theme::{Palette, card, ink, palette, paper};
use crate::core::model::level::{Scene, Who};
use crate::core::model::text::Lang;
use crate::core::play::{Action, Run};
use crate::game::launch::Preview;
use crate::game::mission::{Act, Active};
use crate::game::progress::Progress;
use crate::game::redraw::KeepAwake;
use crate::game::reload::Reloaded;
use crate::game::screens::{Go, Screen};

/// Ticks of the current form or quiz, reset when the scene changes. Keyed on the level, the
/// scene and its number of items: several missions have a scene called `quiz`, a duel plays
/// cards from every mission, and a hot reload can remove a field.
#[derive(Default)]
pub struct Ticks {
    key: (String, String, usize),
    ticked: Vec<bool>,
}

impl Ticks {
    /// A new scene starts with nothing ticked.
    pub fn sync(&mut self, level: &str, scene: &Scene) {
        let n = match scene {
            Scene::Share(f) | Scene::Permissions(f) => f.fields.len(),
            Scene::Quiz(q) => q.answers.len(),
            _ => 0,
        };
        let key = (level.to_string(), scene.id().to_string(), n);
        if self.key != key {
            self.key = key;
            self.ticked = vec![false; n];
        }
    }

    pub fn len(&self) -> usize {
        self.ticked.len()
    }
}

fn number_key(i: usize) -> Option<egui::Key> {
    [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ]
    .get(i)
    .copied()
}

fn pressed(ctx: &egui::Context, key: egui::Key) -> bool {
    ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
}

/// Draws the meters; returns where the footprint counter is (the cards fly there).
fn meters(ui: &mut egui::Ui, active: &Active, lang: Lang, p: &Palette) -> egui::Rect {
    let m = active.run.meters;
    ui.horizontal(|ui| {
        let bar = |ui: &mut egui::Ui, icon: &str, name: &str, value: i32, color: egui::Color32| {
            ui.label(
                egui::RichText::new(format!("{icon} {name} {value}/100"))
                    .color(color)
                    .strong(),
            );
            ui.add(
                egui::ProgressBar::new(value as f32 / 100.0)
                    .fill(color)
                    .desired_width(160.0),
            );
        };
        bar(
            ui,
            "🛡",
            lang.pick("Vie privée", "Privacy"),
            m.privacy(),
            p.privacy,
        );
        ui.add_space(16.0);
        bar(ui, "🎯", "Mission", m.mission(), p.mission);
        ui.add_space(16.0);
        let total = active.run.past.traces.len() + active.run.shared.len();
        ui.label(
            egui::RichText::new(format!("👣 {} {total}", lang.pick("Traces :", "Traces:")))
                .color(p.weak),
        )
        .rect
    })
    .inner
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

// A Bevy system: each parameter is a resource the view reads.
#[allow(clippy::too_many_arguments)]
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
    mut awake: ResMut<KeepAwake>,
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
    if pressed(&ctx, egui::Key::Escape) {
        go.write(Go(Screen::Map));
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
    let mut root = super::root(&ctx);
    egui::Panel::top("mission-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(run.level.title.get(lang)).strong());
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
        target = meters(ui, &active, lang, &p);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(900.0);
            if let Some(f) = &active.feedback {
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
    // Keep drawing frames only while the cards fly (the game otherwise sleeps).
    awake.animating = fly(&ctx, &mut flight, target, lang, &p);
}

/// Draws the current scene of `run` as what it imitates (story card, chat on a phone, form on
/// paper, permission dialog, test card) and returns the action the player took this frame.
/// Used by missions and by the duel's cards.
#[allow(clippy::too_many_arguments)]
pub fn scene_body(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    run: &Run,
    order: &[usize],
    ticks: &mut Ticks,
    lang: Lang,
    p: &Palette,
    preview: bool,
) -> Option<Action> {
    let scene = run.scene();
    ticks.sync(&run.level.id, scene);
    let mut chosen = None;
    match scene {
        Scene::Story(s) => {
            card(p).show(ui, |ui| {
                if let Some(sp) = &s.speaker {
                    ui.label(egui::RichText::new(sp.get(lang)).strong().color(p.mission));
                }
                ui.label(s.text.get(lang));
            });
            let b = ui.button(lang.pick("Continuer ▶", "Continue ▶"));
            focus_first(ctx, &b);
            if b.clicked() || pressed(ctx, egui::Key::Enter) {
                chosen = Some(Action::Continue);
            }
        }
        Scene::Choice(c) => {
            card(p).show(ui, |ui| {
                ui.label(c.text.get(lang));
            });
            chosen = options(ui, ctx, run, order, lang, preview);
        }
        Scene::Chat(c) => {
            // A phone: the contact's name on top, bubbles left (them) and right (me).
            egui::Frame::new()
                .fill(egui::Color32::from_gray(15))
                .corner_radius(24)
                .inner_margin(egui::Margin::same(14))
                .show(ui, |ui| {
                    ui.set_max_width(620.0);
                    ui.label(
                        egui::RichText::new(format!("💬 {}", c.contact.get(lang)))
                            .strong()
                            .color(egui::Color32::WHITE),
                    );
                    for m in &c.messages {
                        let mine = m.from == Who::Me;
                        let layout = if mine {
                            egui::Layout::right_to_left(egui::Align::TOP)
                        } else {
                            egui::Layout::left_to_right(egui::Align::TOP)
                        };
                        ui.with_layout(layout, |ui| {
                            let fill = if mine {
                                egui::Color32::from_rgb(40, 110, 200)
                            } else {
                                egui::Color32::from_gray(225)
                            };
                            let color = if mine {
                                egui::Color32::WHITE
                            } else {
                                egui::Color32::BLACK
                            };
                            egui::Frame::new()
                                .fill(fill)
                                .corner_radius(14)
                                .inner_margin(egui::Margin::same(10))
                                .show(ui, |ui| {
                                    ui.set_max_width(440.0);
                                    ui.label(egui::RichText::new(m.text.get(lang)).color(color));
                                });
                        });
                    }
                });
            ui.label(lang.pick("Ta réponse :", "Your reply:"));
            chosen = options(ui, ctx, run, order, lang, preview);
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            let is_form = matches!(scene, Scene::Share(_));
            toggle_keys(ctx, order, &mut ticks.ticked);
            paper(p).show(ui, |ui| {
                ui.set_max_width(640.0);
                if is_form {
                    ui.label(ink(format!("📝 {}", f.app.get(lang)), p).heading().strong());
                } else {
                    ui.label(
                        ink(
                            format!(
                                "🔐 {} {}",
                                f.app.get(lang),
                                lang.pick("demande une autorisation", "asks for permission")
                            ),
                            p,
                        )
                        .strong(),
                    );
                }
                ui.label(ink(f.text.get(lang), p));
                for &k in order {
                    let field = &f.fields[k];
                    let label = field
                        .label
                        .as_ref()
                        .map_or(field.data.label(lang).to_string(), |l| {
                            l.get(lang).to_string()
                        });
                    let text = format!(
                        "{} {label}{}",
                        field.data.info().icon,
                        if field.needed && is_form { " *" } else { "" }
                    );
                    ui.checkbox(&mut ticks.ticked[k], ink(numbered(order, k, &text), p));
                    if preview {
                        ui.label(
                            ink(
                                format!(
                                    "    🛡 -{}{}",
                                    field.data.weight(),
                                    if field.needed {
                                        lang.pick(" · nécessaire", " · needed")
                                    } else {
                                        ""
                                    }
                                ),
                                p,
                            )
                            .small(),
                        );
                    }
                }
                if is_form && f.fields.iter().any(|f| f.needed) {
                    ui.label(ink(lang.pick("* obligatoire", "* required"), p).small());
                }
            });
            let label = if is_form {
                lang.pick("Envoyer ▶", "Send ▶")
            } else {
                lang.pick("Valider ▶", "Confirm ▶")
            };
            if ui.button(label).clicked() || submit_key(ctx) {
                let ticked = (0..ticks.ticked.len())
                    .filter(|&k| ticks.ticked[k])
                    .collect();
                chosen = Some(Action::Submit(ticked));
            }
        }
        Scene::Quiz(q) => {
            toggle_keys(ctx, order, &mut ticks.ticked);
            paper(p).show(ui, |ui| {
                ui.set_max_width(700.0);
                ui.label(
                    ink(lang.pick("TEST DE L'AGENCE", "AGENCY TEST"), p)
                        .small()
                        .strong(),
                );
                ui.label(ink(q.question.get(lang), p).strong());
                let several = q.answers.iter().filter(|a| a.correct).count() > 1;
                ui.label(
                    ink(
                        if several {
                            lang.pick("Plusieurs réponses possibles.", "Several answers possible.")
                        } else {
                            lang.pick("Une seule bonne réponse.", "One right answer.")
                        },
                        p,
                    )
                    .small(),
                );
                for &k in order {
                    ui.checkbox(
                        &mut ticks.ticked[k],
                        ink(numbered(order, k, q.answers[k].text.get(lang)), p),
                    );
                }
            });
            let any = ticks.ticked.iter().any(|t| *t);
            if ui
                .add_enabled(any, egui::Button::new(lang.pick("Valider ▶", "Confirm ▶")))
                .clicked()
                || (any && submit_key(ctx))
            {
                let ticked = (0..ticks.ticked.len())
                    .filter(|&k| ticks.ticked[k])
                    .collect();
                chosen = Some(Action::Answer(ticked));
            }
        }
        Scene::End(_) => {}
    }
    chosen
}

/// Keyboard on forms and quizzes: 1–9 tick or untick the item shown at that place (a form may
/// have more than the four options of a choice).
fn toggle_keys(ctx: &egui::Context, order: &[usize], ticked: &mut [bool]) {
    for (n, &k) in order.iter().enumerate() {
        if number_key(n).is_some_and(|key| pressed(ctx, key))
            && let Some(t) = ticked.get_mut(k)
        {
            *t = !*t;
        }
    }
}

/// The item's key shown before it ("2 · Email"), for the 1–9 shortcuts.
fn numbered(order: &[usize], k: usize, text: &str) -> String {
    match order
        .iter()
        .position(|&x| x == k)
        .filter(|&n| number_key(n).is_some())
    {
        Some(n) => format!("{} · {text}", n + 1),
        None => text.to_string(),
    }
}

/// Enter sends a form or a quiz when no widget has the focus (a focused checkbox or button
/// keeps Enter for itself, as egui does).
fn submit_key(ctx: &egui::Context) -> bool {
    ctx.memory(|m| m.focused().is_none()) && pressed(ctx, egui::Key::Enter)
}

fn focus_first(ctx: &egui::Context, r: &egui::Response) {
    if ctx.memory(|m| m.focused().is_none()) {
        r.request_focus();
    }
}

/// What an option does, for the teacher preview.
fn effects(o: &crate::core::model::level::Opt, lang: Lang) -> String {
    let cost: i32 = o.share.iter().map(|d| d.weight()).sum();
    let mut parts = vec![
        format!("🛡 {:+}", o.privacy - cost),
        format!("🎯 {:+}", o.mission),
    ];
    if !o.share.is_empty() {
        let data: Vec<&str> = o.share.iter().map(|d| d.label(lang)).collect();
        let to =
            o.to.as_ref()
                .map_or(String::new(), |t| format!(" ➡ {}", t.get(lang)));
        parts.push(format!("{}{to}", data.join(", ")));
    }
    if !o.set.is_empty() {
        parts.push(format!("⚑ {}", o.set.join(", ")));
    }
    if o.best {
        parts.push(lang.pick("meilleur choix", "best choice").into());
    }
    if o.risky {
        parts.push(lang.pick("imprudent", "careless").into());
    }
    parts.push(format!("➡ {}", o.next));
    parts.join("  ·  ")
}

fn options(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    run: &Run,
    order: &[usize],
    lang: Lang,
    preview: bool,
) -> Option<Action> {
    let available: Vec<usize> = run.available_options().iter().map(|(i, _)| *i).collect();
    let shown: Vec<usize> = order
        .iter()
        .copied()
        .filter(|i| available.contains(i))
        .collect();
    let mut chosen = None;
    for (n, &i) in shown.iter().enumerate() {
        let o = &run.scene().options()[i];
        let b = ui.add(
            egui::Button::new(format!("{}.  {}", n + 1, o.text.get(lang)))
                .wrap()
                .min_size(egui::vec2(ui.available_width().min(860.0), 56.0)),
        );
        if n == 0 {
            focus_first(ctx, &b);
        }
        if preview {
            ui.label(egui::RichText::new(effects(o, lang)).small());
        }
        if b.clicked() || number_key(n).is_some_and(|k| pressed(ctx, k)) {
            chosen = Some(Action::Pick(i));
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::{Disk, check_campaign};

    /// A 4-answer `quiz` followed by a 3-answer `quiz` of another mission (a teacher's, or a
    /// duel card from every mission), or the same scene after a hot reload removed an answer:
    /// the ticks must follow the new scene, or the form would index a missing answer.
    #[test]
    fn ticks_follow_a_scene_of_the_same_name_in_another_level() {
        let campaign = check_campaign(&Disk, "levels/campaign.ron");
        let levels = campaign.playable_levels();
        let (level, quiz) = levels
            .iter()
            .find_map(|(_, l)| {
                l.scenes
                    .iter()
                    .find(|s| matches!(s, Scene::Quiz(q) if q.answers.len() >= 2))
                    .map(|s| (l.id.clone(), s.clone()))
            })
            .expect("a quiz");
        let mut shorter = quiz.clone();
        if let Scene::Quiz(q) = &mut shorter {
            q.answers.pop();
        }
        let answers = |s: &Scene| match s {
            Scene::Quiz(q) => q.answers.len(),
            _ => 0,
        };
        let a = (level.clone(), quiz);
        let b = (format!("{level}-bis"), shorter.clone());
        let mut ticks = Ticks::default();
        ticks.sync(&a.0, &a.1);
        assert_eq!(ticks.len(), answers(&a.1));
        ticks.sync(&b.0, &b.1);
        assert_eq!(ticks.len(), answers(&b.1));
        // The same scene again keeps what is ticked.
        ticks.ticked[0] = true;
        ticks.sync(&b.0, &b.1);
        assert!(ticks.ticked[0]);
        // Hot reload: the same level and scene with one answer fewer.
        ticks.sync(&a.0, &a.1);
        ticks.sync(&a.0, &shorter);
        assert_eq!(ticks.len(), answers(&shorter));
    }
}
