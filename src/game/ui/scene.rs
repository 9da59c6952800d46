//! A scene drawn like what it imitates (story card, chat on a phone, sign-up form on paper,
//! the phone's permission dialog, the agency's test card), for missions and duel cards alike.
//!
//! The keyboard can never choose blind: nothing is focused when a decision appears; the first
//! Enter focuses its first option (and the view scrolls to it); an option is chosen only when
//! it is focused and activated, clicked, or its number pressed while it is on screen. Number
//! keys on a form or a quiz tick only items that are on screen; on a form the first Enter
//! brings the focus to "Envoyer", and only the next one sends. A story goes on with Enter.

use bevy_egui::egui;

use super::looks;
use super::theme::{Palette, card, ink, paper};
use crate::core::model::cast::{self, Kind};
use crate::core::model::level::{Field, Level, Look, Opt, Quiz, Scene, Who};
use crate::core::model::text::Lang;
use crate::core::play::{Action, Run};

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

    fn chosen(&self) -> Vec<usize> {
        (0..self.ticked.len()).filter(|&k| self.ticked[k]).collect()
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

pub fn pressed(ctx: &egui::Context, key: egui::Key) -> bool {
    ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
}

/// Whether `rect` is wholly on screen in `ui` (not scrolled away, not under a panel).
fn on_screen(ui: &egui::Ui, rect: egui::Rect) -> bool {
    ui.clip_rect().expand(1.0).contains_rect(rect)
}

/// The first Enter on a decision where nothing has the focus focuses its first item instead of
/// choosing anything.
fn enter_focuses(ctx: &egui::Context, first: Option<&egui::Response>) {
    if let Some(first) = first
        && ctx.memory(|m| m.focused().is_none())
        && pressed(ctx, egui::Key::Enter)
    {
        first.request_focus();
        ctx.request_repaint();
    }
}

/// Draws the current scene of `run` and returns the action the player took this frame. Every
/// widget's id is keyed on the level, the scene and the decisions taken, so a new scene never
/// inherits the focus of the last one.
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
    let key = (run.level.id.as_str(), scene.id(), run.decisions.len());
    ui.push_id(key, |ui| match scene {
        Scene::Story(s) => {
            match &s.speaker {
                Some(sp) => looks::speech(ui, &run.level, sp, s.text.get(lang), lang, p),
                None => {
                    card(p).show(ui, |ui| {
                        ui.label(s.text.get(lang));
                    });
                }
            }
            let b = ui.button(lang.pick("Continuer ▶", "Continue ▶"));
            super::focus_primary(&b);
            // A story decides nothing: Enter goes on wherever the focus is.
            (b.clicked() || pressed(ctx, egui::Key::Enter)).then_some(Action::Continue)
        }
        Scene::Choice(c) => match &c.look {
            Some(Look::Banner(b)) => looks::banner(ui, &run.level, &b.site, lang, |ui| {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(c.text.get(lang)).color(egui::Color32::from_gray(240)),
                    )
                    .wrap(),
                );
                options(ui, ctx, run, order, lang, preview)
            }),
            look => {
                if let Some(Look::Post(post)) = look {
                    looks::post(ui, &run.level, post, lang);
                }
                card(p).show(ui, |ui| {
                    ui.label(c.text.get(lang));
                });
                options(ui, ctx, run, order, lang, preview)
            }
        },
        Scene::Chat(c) => {
            looks::phone(ui, |ui| chat(ui, &run.level, c, lang));
            ui.label(lang.pick("Ta réponse :", "Your reply:"));
            options(ui, ctx, run, order, lang, preview)
        }
        Scene::Share(f) | Scene::Permissions(f) => {
            let is_form = matches!(scene, Scene::Share(_));
            let level = &run.level;
            if is_form {
                form(ui, ctx, level, f, is_form, order, ticks, lang, p, preview)
            } else {
                // The permission dialog pops up on the phone's screen.
                looks::phone(ui, |ui| {
                    form(ui, ctx, level, f, is_form, order, ticks, lang, p, preview)
                })
            }
        }
        Scene::Quiz(q) => quiz(ui, ctx, q, order, ticks, lang, p),
        Scene::End(_) => None,
    })
    .inner
}

/// A chat on the phone's screen: the contact's portrait and name on top, bubbles left (them)
/// and right (me).
fn chat(ui: &mut egui::Ui, level: &Level, c: &crate::core::model::level::Chat, lang: Lang) {
    let contact = cast::portrait_of(level, c.contact.get(Lang::Fr), Kind::Person);
    egui::Frame::new()
        .fill(egui::Color32::from_gray(24))
        .corner_radius(18)
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                super::portrait::show(ui, contact, looks::SMALL);
                ui.label(
                    egui::RichText::new(c.contact.get(lang))
                        .strong()
                        .color(egui::Color32::WHITE),
                );
            });
            for m in &c.messages {
                let mine = m.from == Who::Me;
                let layout = if mine {
                    egui::Layout::right_to_left(egui::Align::TOP)
                } else {
                    egui::Layout::left_to_right(egui::Align::TOP)
                };
                let (fill, color) = if mine {
                    (egui::Color32::from_rgb(40, 110, 200), egui::Color32::WHITE)
                } else {
                    (egui::Color32::from_gray(225), egui::Color32::BLACK)
                };
                // A bubble takes at most 70 % of the phone's width; its text wraps inside
                // (labels in a horizontal layout would otherwise run off the screen).
                let bubble = (ui.available_width() * 0.7).max(120.0);
                ui.with_layout(layout, |ui| {
                    egui::Frame::new()
                        .fill(fill)
                        .corner_radius(14)
                        .inner_margin(egui::Margin::same(10))
                        .show(ui, |ui| {
                            ui.set_max_width(bubble);
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(m.text.get(lang)).color(color),
                                )
                                .wrap(),
                            );
                        });
                });
            }
        });
}

/// The options of a choice or a chat, numbered in the order shown.
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
    // Which options have been wholly on screen since the scene appeared, and their ids (from
    // the last frame): Enter on a focused option chooses only once every option was seen.
    let memory = ui.id().with("options-seen");
    let (mut seen, last_ids): (Vec<bool>, Vec<egui::Id>) =
        ctx.data(|d| d.get_temp(memory)).unwrap_or_default();
    seen.resize(shown.len(), false);
    let on_an_option = ctx
        .memory(|m| m.focused())
        .is_some_and(|f| last_ids.contains(&f));
    let unseen = seen.iter().any(|s| !s);
    let held = on_an_option
        && unseen
        && (pressed(ctx, egui::Key::Enter) || pressed(ctx, egui::Key::Space));
    let mut chosen = None;
    let mut buttons = Vec::new();
    for (n, &i) in shown.iter().enumerate() {
        let o = &run.scene().options()[i];
        let b = ui.add(
            egui::Button::new(format!("{}.  {}", n + 1, o.text.get(lang)))
                .wrap()
                .min_size(egui::vec2(ui.available_width(), 56.0)),
        );
        if preview {
            ui.label(egui::RichText::new(effects(o, lang)).small());
        }
        if b.clicked() || number_picks(ui, ctx, n, &b) {
            chosen = Some(Action::Pick(i));
        }
        if on_screen(ui, b.rect) {
            seen[n] = true;
        }
        buttons.push(b);
    }
    if held && let Some(next) = seen.iter().position(|s| !s).and_then(|n| buttons.get(n)) {
        // Show the options not read yet instead of choosing.
        ui.scroll_to_rect_animation(next.rect, None, egui::style::ScrollAnimation::none());
        ctx.request_repaint();
    }
    enter_focuses(ctx, buttons.first());
    let ids = buttons.iter().map(|b| b.id).collect::<Vec<_>>();
    ctx.data_mut(|d| d.insert_temp(memory, (seen, ids)));
    chosen
}

/// Whether the number key of item `n` chooses it: only when the item is on screen; otherwise
/// the key brings it into view and focuses it.
fn number_picks(ui: &egui::Ui, ctx: &egui::Context, n: usize, item: &egui::Response) -> bool {
    if !number_key(n).is_some_and(|k| pressed(ctx, k)) {
        return false;
    }
    if on_screen(ui, item.rect) {
        return true;
    }
    item.request_focus();
    ctx.request_repaint();
    false
}

/// A big toggle for forms and permissions (at least 32 px at the default size): a box that
/// shows ✔ when on, and the state in words beside the label (never colour alone).
fn big_toggle(
    ui: &mut egui::Ui,
    on: &mut bool,
    label: &str,
    (yes, no): (&str, &str),
    round: bool,
    p: &Palette,
) -> egui::Response {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let side = (font.size * 1.4).max(32.0);
    let width = ui.available_width();
    let state = if *on { yes } else { no };
    // The label wraps between the box and the state word; the row grows to hold it.
    let fonts_galley = |text: String, wrap: f32| {
        ui.ctx()
            .fonts_mut(|f| f.layout(text, font.clone(), p.ink, wrap))
    };
    let state_galley = fonts_galley(state.to_string(), f32::INFINITY);
    // The label's width must not change with the state (the row would grow and push what is
    // below, the focused button included, out of sight): room for the longer word.
    let longest = [yes, no]
        .iter()
        .map(|w| fonts_galley(w.to_string(), f32::INFINITY).size().x)
        .fold(0.0, f32::max);
    let text_width = (width - side - longest - 56.0).max(40.0);
    let galley = fonts_galley(label.to_string(), text_width);
    let height = side.max(galley.size().y) + 12.0;
    let (rect, mut response) =
        ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    if response.clicked() {
        *on = !*on;
        response.mark_changed();
    }
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::WidgetType::Checkbox, true, *on, label));
    let painter = ui.painter_at(rect.expand(4.0));
    let focused = response.has_focus();
    if focused || response.hovered() {
        let stroke = if focused {
            egui::Stroke::new(4.0, p.focus)
        } else {
            egui::Stroke::new(1.5, p.ink)
        };
        painter.rect_stroke(rect, 8.0, stroke, egui::StrokeKind::Inside);
    }
    let boxed = egui::Rect::from_min_size(
        rect.left_center() + egui::vec2(8.0, -side / 2.0),
        egui::vec2(side, side),
    );
    if round {
        // One answer only: a radio button, filled when chosen.
        let r = side / 2.0 - 1.5;
        painter.circle(boxed.center(), r, p.paper, egui::Stroke::new(3.0, p.ink));
        if *on {
            painter.circle_filled(boxed.center(), r * 0.55, p.ink);
        }
    } else {
        let stroke = egui::Stroke::new(3.0, p.ink);
        painter.rect_filled(boxed, 6.0, if *on { p.ink } else { p.paper });
        painter.rect_stroke(boxed, 6.0, stroke, egui::StrokeKind::Inside);
        if *on {
            let center = egui::Align2::CENTER_CENTER;
            painter.text(boxed.center(), center, "✔", font, p.paper);
        }
    }
    let text_pos = egui::pos2(
        boxed.right() + 14.0,
        rect.center().y - galley.size().y / 2.0,
    );
    painter.galley(text_pos, galley, p.ink);
    let state_pos =
        rect.right_center() - egui::vec2(12.0 + state_galley.size().x, state_galley.size().y / 2.0);
    painter.galley(state_pos, state_galley, p.ink);
    response
}

/// The sign-up form of a made-up app (`is_form`) or the phone's permission dialog.
fn form(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    level: &Level,
    f: &crate::core::model::level::Form,
    is_form: bool,
    order: &[usize],
    ticks: &mut Ticks,
    lang: Lang,
    p: &Palette,
    preview: bool,
) -> Option<Action> {
    let words = if is_form {
        (lang.pick("rempli", "filled in"), lang.pick("vide", "empty"))
    } else {
        (
            lang.pick("autorisé", "allowed"),
            lang.pick("refusé", "denied"),
        )
    };
    paper(p).show(ui, |ui| {
        ui.set_max_width(680.0);
        let title = if is_form {
            f.app.get(lang).to_string()
        } else {
            format!(
                "{} {}",
                f.app.get(lang),
                lang.pick("demande une autorisation", "asks for permission")
            )
        };
        looks::app_header(ui, level, &f.app, title, p);
        ui.label(ink(f.text.get(lang), p));
        for (n, &k) in order.iter().enumerate() {
            let Some(field) = f.fields.get(k) else {
                continue;
            };
            let text = numbered(n, &field_text(field, is_form, lang));
            let toggle = big_toggle(ui, &mut ticks.ticked[k], &text, words, false, p);
            if number_picks(ui, ctx, n, &toggle) {
                ticks.ticked[k] = !ticks.ticked[k];
            }
            if preview {
                ui.label(ink(field_effect(field, lang), p).small());
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
    let send = ui.button(label);
    // The first Enter only brings the focus to the button; the next one sends what is ticked.
    enter_focuses(ctx, Some(&send));
    send.clicked().then(|| Action::Submit(ticks.chosen()))
}

fn field_text(field: &Field, is_form: bool, lang: Lang) -> String {
    let label = field
        .label
        .as_ref()
        .map_or(field.data.label(lang).to_string(), |l| {
            l.get(lang).to_string()
        });
    let star = if field.needed && is_form { " *" } else { "" };
    format!("{} {label}{star}", field.data.info().icon)
}

/// What a field costs, for the teacher preview.
fn field_effect(field: &Field, lang: Lang) -> String {
    let needed = if field.needed {
        lang.pick(" · nécessaire", " · needed")
    } else {
        ""
    };
    format!("    🛡 -{}{needed}", field.data.weight())
}

/// The agency's test card: radio buttons when one answer is right, boxes when several are.
fn quiz(
    ui: &mut egui::Ui,
    ctx: &egui::Context,
    q: &Quiz,
    order: &[usize],
    ticks: &mut Ticks,
    lang: Lang,
    p: &Palette,
) -> Option<Action> {
    let several = q.answers.iter().filter(|a| a.correct).count() > 1;
    let mut first = None;
    paper(p).show(ui, |ui| {
        ui.set_max_width(720.0);
        // The agency's test card: its handler's portrait and a stamped heading.
        ui.horizontal(|ui| {
            if let Some(agent) = cast::find("agent") {
                super::portrait::show(ui, agent, looks::SMALL);
            }
            ui.label(
                ink(lang.pick("TEST DE L'AGENCE", "AGENCY TEST"), p)
                    .color(p.stamp)
                    .strong(),
            );
        });
        ui.label(ink(q.question.get(lang), p).strong());
        // The question says "(plusieurs réponses)" itself in some levels: say it only once.
        let question = q.question.get(lang).to_lowercase();
        let already = question.contains("plusieurs") || question.contains("several");
        if !(several && already) {
            let hint = if several {
                lang.pick("Plusieurs réponses possibles.", "Several answers possible.")
            } else {
                lang.pick("Une seule bonne réponse.", "One right answer.")
            };
            ui.label(ink(hint, p).small());
        }
        for (n, &k) in order.iter().enumerate() {
            let Some(answer) = q.answers.get(k) else {
                continue;
            };
            let text = numbered(n, answer.text.get(lang));
            // The toggle draws the state; what a click means is `toggle_answer`'s.
            let mut shown = ticks.ticked[k];
            let item = big_toggle(ui, &mut shown, &text, ("", ""), !several, p);
            if item.clicked() || number_picks(ui, ctx, n, &item) {
                toggle_answer(&mut ticks.ticked, k, several);
            }
            first.get_or_insert(item);
        }
    });
    let any = ticks.ticked.iter().any(|t| *t);
    let confirm = ui.add_enabled(any, egui::Button::new(lang.pick("Valider ▶", "Confirm ▶")));
    // Nothing ticked: Enter focuses the first answer; then it focuses the button first.
    enter_focuses(ctx, if any { Some(&confirm) } else { first.as_ref() });
    confirm.clicked().then(|| Action::Answer(ticks.chosen()))
}

/// Ticks answer `k`: one answer at a time on a single-answer quiz, each on or off on a
/// multiple one.
fn toggle_answer(ticked: &mut [bool], k: usize, several: bool) {
    if several {
        ticked[k] = !ticked[k];
    } else {
        ticked.iter_mut().for_each(|t| *t = false);
        ticked[k] = true;
    }
}

/// The item's key shown before it ("2 · Email"), for the 1–9 shortcuts.
fn numbered(n: usize, text: &str) -> String {
    match number_key(n) {
        Some(_) => format!("{} · {text}", n + 1),
        None => text.to_string(),
    }
}

/// What an option does, for the teacher preview.
fn effects(o: &Opt, lang: Lang) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::check::{Disk, check_campaign};

    /// Every text of an AccessKit tree update, in the order a screen reader walks the tree
    /// (depth first from the root): each node's label, then its value.
    fn spoken_order(update: &egui::accesskit::TreeUpdate) -> Vec<String> {
        let nodes: std::collections::HashMap<_, _> = update.nodes.iter().cloned().collect();
        let mut out = Vec::new();
        let mut stack = vec![update.tree.as_ref().expect("a whole tree").root];
        while let Some(id) = stack.pop() {
            let Some(node) = nodes.get(&id) else { continue };
            out.extend(node.label().map(str::to_string));
            out.extend(node.value().map(str::to_string));
            stack.extend(node.children().iter().rev().copied());
        }
        out
    }

    /// What a screen reader gets from egui's AccessKit output for a decision: the situation,
    /// then every option as a button, in the order shown (here the class code's reversed one).
    #[test]
    fn a_screen_reader_gets_the_scene_text_then_each_option_in_order() {
        let campaign = check_campaign(&Disk, "levels/campaign.ron");
        let (_, level) = campaign.playable_levels()[0].clone();
        let i = level
            .scenes
            .iter()
            .position(|s| matches!(s, Scene::Choice(c) if c.look.is_none()))
            .expect("a plain choice in mission 1");
        let past = crate::core::play::footprint::Footprint::default();
        let run = Run::start_at(level.clone(), past, level.scenes[i].id()).unwrap();
        let options = run.scene().options().to_vec();
        let order: Vec<usize> = (0..options.len()).rev().collect();
        let ctx = egui::Context::default();
        ctx.enable_accesskit();
        ctx.set_fonts(super::super::theme::fonts(false));
        let p = super::super::theme::palette(false);
        let mut ticks = Ticks::default();
        let mut update = None;
        // The first pass lays out; the second is what the reader gets.
        for _ in 0..2 {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                scene_body(ui, &ctx, &run, &order, &mut ticks, Lang::Fr, &p, false);
            });
            // No renderer here takes the font atlas.
            out.textures_delta.clear();
            update = out.platform_output.accesskit_update.take();
        }
        let said = spoken_order(&update.expect("AccessKit output"));
        let Scene::Choice(c) = run.scene() else {
            unreachable!()
        };
        let position = |text: &str| {
            said.iter()
                .position(|s| s.contains(text))
                .unwrap_or_else(|| panic!("{text:?} not read: {said:#?}"))
        };
        let mut last = position(c.text.get(Lang::Fr));
        for &k in &order {
            let at = position(options[k].text.get(Lang::Fr));
            assert!(at > last, "option {k} read out of order: {said:#?}");
            last = at;
        }
    }

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

    #[test]
    fn a_single_answer_quiz_keeps_one_answer_and_a_multiple_one_toggles() {
        let mut ticked = vec![false; 3];
        toggle_answer(&mut ticked, 0, false);
        toggle_answer(&mut ticked, 2, false);
        toggle_answer(&mut ticked, 2, false);
        assert_eq!(ticked, [false, false, true]);
        let mut ticked = vec![false; 3];
        toggle_answer(&mut ticked, 0, true);
        toggle_answer(&mut ticked, 1, true);
        toggle_answer(&mut ticked, 0, true);
        assert_eq!(ticked, [false, true, false]);
    }

    /// One frame of the concours mission's `verifier` choice with these keys pressed; returns
    /// what the pupil chose.
    fn frame(ctx: &egui::Context, run: &Run, keys: &[egui::Key]) -> Option<Action> {
        frame_sized(ctx, run, keys, 720.0)
    }

    fn frame_sized(
        ctx: &egui::Context,
        run: &Run,
        keys: &[egui::Key],
        height: f32,
    ) -> Option<Action> {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, height),
            )),
            focused: true,
            events: keys
                .iter()
                .map(|&key| egui::Event::Key {
                    key,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: egui::Modifiers::NONE,
                })
                .collect(),
            ..Default::default()
        };
        let mut chosen = None;
        let mut output = ctx.run_ui(input, |ui| {
            let p = crate::game::ui::theme::palette(false);
            let order: Vec<usize> = (0..run.scene().options().len()).collect();
            let mut ticks = Ticks::default();
            let ctx = ui.ctx().clone();
            chosen = scene_body(ui, &ctx, run, &order, &mut ticks, Lang::Fr, &p, false);
        });
        // Nothing is drawn here: the font textures need not be uploaded.
        output.textures_delta.clear();
        chosen
    }

    fn choice_run() -> Run {
        let campaign = check_campaign(&Disk, "levels/campaign.ron");
        let (_, level) = campaign
            .playable_levels()
            .into_iter()
            .find(|(_, l)| l.id == "concours")
            .expect("the concours mission");
        Run::start_at(level, Default::default(), "verifier").expect("its `verifier` choice")
    }

    #[test]
    fn enter_never_chooses_an_option_the_pupil_has_not_focused() {
        let ctx = egui::Context::default();
        let run = choice_run();
        assert_eq!(
            frame(&ctx, &run, &[]),
            None,
            "nothing is chosen by showing it"
        );
        assert!(
            ctx.memory(|m| m.focused().is_none()),
            "a decision starts unfocused"
        );
        // The first Enter only focuses the first option.
        assert_eq!(frame(&ctx, &run, &[egui::Key::Enter]), None);
        assert!(ctx.memory(|m| m.focused().is_some()));
        assert_eq!(frame(&ctx, &run, &[]), None);
        // Enter on the focused option chooses it.
        assert_eq!(
            frame(&ctx, &run, &[egui::Key::Enter]),
            Some(Action::Pick(0))
        );
    }

    #[test]
    fn enter_never_chooses_while_some_options_have_not_been_on_screen() {
        let ctx = egui::Context::default();
        let run = choice_run();
        // A window so short that the last options are below its edge.
        let short = 140.0;
        frame_sized(&ctx, &run, &[], short);
        assert_eq!(frame_sized(&ctx, &run, &[egui::Key::Enter], short), None);
        assert!(
            ctx.memory(|m| m.focused().is_some()),
            "the first option is focused"
        );
        for _ in 0..3 {
            assert_eq!(frame_sized(&ctx, &run, &[egui::Key::Enter], short), None);
        }
        // Once the window shows them all, Enter chooses the focused option.
        frame_sized(&ctx, &run, &[], 720.0);
        assert_eq!(
            frame_sized(&ctx, &run, &[egui::Key::Enter], 720.0),
            Some(Action::Pick(0))
        );
    }

    #[test]
    fn a_number_key_picks_the_option_shown_at_that_place_when_it_is_on_screen() {
        let ctx = egui::Context::default();
        let run = choice_run();
        frame(&ctx, &run, &[]);
        assert_eq!(frame(&ctx, &run, &[egui::Key::Num2]), Some(Action::Pick(1)));
    }
}
