//! The egui views. Each screen's view reads resources and writes messages; nothing here
//! changes game state directly, so the logic stays testable without a window.

mod audit;
mod debrief;
mod diagnostics;
mod dossier;
mod duel;
mod looks;
mod map;
mod mission;
mod mission_map;
mod portrait;
mod scene;
mod settings;
pub mod theme;
mod title;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

use super::progress::{SetClassCode, read_class_code};
use super::screens::Screen;

pub fn plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default())
        .add_systems(Startup, spawn_camera)
        .add_systems(
            EguiPrimaryContextPass,
            (
                scale_with_window,
                theme::apply,
                arrow_keys,
                follow_focus,
                title::view.run_if(in_state(Screen::Title)),
                map::view.run_if(in_state(Screen::Map)),
                mission::view.run_if(in_state(Screen::Mission)),
                mission_map::view.run_if(in_state(Screen::MissionMap)),
                debrief::view.run_if(in_state(Screen::Debrief)),
                dossier::view.run_if(in_state(Screen::Dossier)),
                settings::view.run_if(in_state(Screen::Settings)),
                diagnostics::view.run_if(in_state(Screen::Diagnostics)),
                duel::setup_view.run_if(in_state(Screen::DuelSetup)),
                duel::board_view.run_if(in_state(Screen::Duel)),
                save_trouble,
                audit::audit,
            )
                .chain(),
        );
}

/// Arrow keys move the keyboard focus like Tab does, to the nearest widget in that
/// direction (SPEC §6: Tab, arrows, Enter, Esc).
fn arrow_keys(mut contexts: EguiContexts) {
    let Ok(ctx) = contexts.ctx_mut() else { return };
    // Arrows belong to a text field while one is being edited, and never leave a dialog
    // (Tab stays in it by itself).
    if ctx
        .data(|d| d.get_temp::<bool>(dialog_key()))
        .unwrap_or(false)
    {
        ctx.data_mut(|d| d.remove::<bool>(dialog_key()));
        // egui itself moves the focus with the arrows: cancel that too.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        return;
    }
    if ctx.text_edit_focused() {
        return;
    }
    let direction = ctx.input(|i| {
        if i.key_pressed(egui::Key::ArrowDown) {
            Some(egui::FocusDirection::Down)
        } else if i.key_pressed(egui::Key::ArrowUp) {
            Some(egui::FocusDirection::Up)
        } else if i.key_pressed(egui::Key::ArrowRight) {
            Some(egui::FocusDirection::Right)
        } else if i.key_pressed(egui::Key::ArrowLeft) {
            Some(egui::FocusDirection::Left)
        } else {
            None
        }
    });
    if let Some(d) = direction {
        ctx.memory_mut(|m| m.move_focus(d));
    }
}

fn spawn_camera(mut commands: Commands) {
    // egui smooths its own edges: multisampling would only cost memory (four samples of a
    // 1920×1080 target are ~30 MB) and time on the software renderers of school machines.
    commands.spawn((Camera2d, bevy::render::view::Msaa::Off));
}

/// The height every screen is designed for, in points: the zoom makes the window this tall, so
/// text and widgets scale with the window (1024×768 to a 1920×1080 projector and beyond) and
/// the text-size setting multiplies on top.
pub const DESIGN_HEIGHT: f32 = 720.0;

/// The widest a reading column gets, in points (about 70 characters of body text).
pub const COLUMN: f32 = 940.0;

/// Space kept on each side of the column, in points.
const MARGIN: f32 = 16.0;

/// The zoom that makes a window `height` logical pixels tall show [`DESIGN_HEIGHT`] points.
pub fn zoom_for(height: f32) -> f32 {
    (height / DESIGN_HEIGHT).clamp(0.5, 4.0)
}

/// The width of the reading column in a space `available` points wide.
pub fn column_width(available: f32) -> f32 {
    (available - 2.0 * MARGIN).clamp(120.0, COLUMN)
}

/// Draws `add` in the centred reading column.
pub fn column<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let available = ui.available_width();
    let width = column_width(available);
    let side = ((available - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(side - ui.spacing().item_spacing.x.min(side));
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// A screen's scrolling body: the centred column in a vertical scroll area filling the space,
/// with PageUp / PageDown / Home / End scrolling it (SPEC §6).
pub fn page<R>(ui: &mut egui::Ui, id: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink(false)
        .show(ui, |ui| {
            page_keys(ui);
            let inner = column(ui, add);
            scroll_to_moved_focus(ui);
            inner
        })
        .inner
}

/// Whether widget `id` was partly or wholly clipped away on the last frame.
fn hidden(ctx: &egui::Context, id: egui::Id) -> bool {
    ctx.viewport(|v| {
        v.prev_pass.widgets.get(id).is_some_and(|w| {
            (w.interact_rect.width() - w.rect.width()).abs() > 1.0
                || (w.interact_rect.height() - w.rect.height()).abs() > 1.0
        })
    })
}

/// Consumes Enter and Space, saying whether either was pressed.
fn activation_pressed(ctx: &egui::Context) -> bool {
    let mut any = false;
    for key in [egui::Key::Enter, egui::Key::Space] {
        any |= ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    }
    any
}

/// Where [`follow_focus`] notes a focus that moved this frame, for the scroll area around it.
fn moved_focus_key() -> egui::Id {
    egui::Id::new("agent-trace/moved-focus")
}

/// Inside a scroll area, after its content: if the focus moved to a widget drawn in it, scroll
/// that widget into view at once (egui scroll areas only take targets set inside them).
fn scroll_to_moved_focus(ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    let Some(id) = ctx.data(|d| d.get_temp::<egui::Id>(moved_focus_key())) else {
        return;
    };
    let Some(rect) = ctx.viewport(|v| v.this_pass.widgets.get(id).map(|w| w.rect)) else {
        return;
    };
    if ui.min_rect().contains_rect(rect) {
        ctx.data_mut(|d| d.remove::<egui::Id>(moved_focus_key()));
        ui.scroll_to_rect_animation(rect, None, egui::style::ScrollAnimation::none());
    }
}

/// PageUp / PageDown scroll by most of a screen, Home / End to the top or the bottom (unless a
/// text field is being edited, where they move the cursor).
fn page_keys(ui: &mut egui::Ui) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let step = ui.clip_rect().height() * 0.85;
    let key = |k| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, k));
    if key(egui::Key::PageDown) {
        ui.scroll_with_delta(egui::vec2(0.0, -step));
    } else if key(egui::Key::PageUp) {
        ui.scroll_with_delta(egui::vec2(0.0, step));
    } else if key(egui::Key::Home) {
        ui.scroll_with_delta(egui::vec2(0.0, f32::MAX / 4.0));
    } else if key(egui::Key::End) {
        ui.scroll_with_delta(egui::vec2(0.0, -f32::MAX / 4.0));
    }
}

/// The width of each card when cards at least `min` points wide share the column's width
/// (as many per row as fit, at most `most`), so a row of dossiers fills the column on a
/// projector and still fits at 1024×768.
pub fn card_width(ui: &egui::Ui, min: f32, most: usize, frame_margin: f32) -> f32 {
    let available = ui.available_width();
    let gap = ui.spacing().item_spacing.x;
    let fit = ((available + gap) / (min + gap)).floor().max(1.0) as usize;
    let n = fit.min(most).max(1) as f32;
    ((available - gap * (n - 1.0)) / n - 2.0 * frame_margin).max(60.0)
}

/// A bar of buttons at the top of a screen, centred like the column and wrapping on narrow
/// windows instead of pushing its last buttons off-screen.
pub fn toolbar<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    column(ui, |ui| ui.horizontal_wrapped(add).inner)
}

/// The view follows the keyboard: when the focus moves to a widget, the page's scroll area
/// scrolls it into sight (see [`scroll_to_moved_focus`]).
fn follow_focus(mut contexts: EguiContexts, mut last: Local<Option<egui::Id>>) {
    let Ok(ctx) = contexts.ctx_mut() else { return };
    let focused = ctx.memory(|m| m.focused());
    if focused.is_some_and(|id| hidden(ctx, id)) && activation_pressed(ctx) {
        // Enter or Space on a focused widget scrolled out of sight (after PageDown, say) would
        // act blind: bring it into view instead.
        *last = None;
    }
    if focused == *last {
        return;
    }
    *last = focused;
    ctx.data_mut(|d| match focused {
        Some(id) => {
            d.insert_temp(moved_focus_key(), id);
        }
        None => d.remove::<egui::Id>(moved_focus_key()),
    });
}

/// The zoom follows the window's height (see [`DESIGN_HEIGHT`]); egui's own Ctrl +/- zoom is
/// off so the layout stays the one that was checked.
fn scale_with_window(
    mut contexts: EguiContexts,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
) {
    let (Ok(ctx), Ok(window)) = (contexts.ctx_mut(), windows.single()) else {
        return;
    };
    let zoom = zoom_for(window.height());
    if (ctx.zoom_factor() - zoom).abs() > 0.001 {
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        ctx.set_zoom_factor(zoom);
    }
}

/// A root `Ui` covering the window (egui 0.36 panels are shown inside a `Ui`).
pub fn root(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// Esc goes back to `screen` (every screen but the title has a way back).
pub fn back_on_escape(
    ctx: &egui::Context,
    go: &mut MessageWriter<crate::game::screens::Go>,
    screen: Screen,
) {
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        go.write(crate::game::screens::Go(screen));
    }
}

/// What is being typed in a class-code field, and what was wrong with it when applied.
#[derive(Default)]
pub struct CodeDraft {
    pub text: Option<String>,
    pub error: Option<String>,
    /// The stored code the text started from: when it changes elsewhere (settings, `--seed`),
    /// the field follows.
    from: Option<String>,
}

/// A class-code field and its button (`apply`), for the title screen and the settings. Applied
/// with the button or Enter, it asks for the code through [`SetClassCode`]: an empty field clears
/// it, a valid one is shown as stored (`lynx-42` → `LYNX-42`), a wrong one keeps its error.
pub fn class_code_field(
    ui: &mut egui::Ui,
    lang: crate::core::model::text::Lang,
    draft: &mut CodeDraft,
    current: Option<&str>,
    apply: &str,
    width: f32,
    set: &mut MessageWriter<SetClassCode>,
) {
    let current = current.filter(|c| !c.is_empty()).map(str::to_string);
    if draft.from != current {
        draft.from = current.clone();
        draft.text = None;
        draft.error = None;
    }
    let text = draft
        .text
        .get_or_insert_with(|| current.clone().unwrap_or_default());
    let edit = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text("LYNX-42")
            .desired_width(width),
    );
    let clicked = ui.button(apply).clicked();
    let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if clicked || entered {
        match read_class_code(text) {
            Ok(code) => {
                *text = code.as_ref().map(ToString::to_string).unwrap_or_default();
                draft.error = None;
                set.write(SetClassCode(code));
            }
            Err(e) => draft.error = Some(e.message(lang)),
        }
    }
}

/// Set by a dialog on each frame it is open: the arrow keys then stay in it.
pub fn dialog_key() -> egui::Id {
    egui::Id::new("agent-trace/dialog-open")
}

/// What a "leave?" dialog says.
pub struct LeaveWords<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub stay: &'a str,
    pub leave: &'a str,
}

/// A "leave?" dialog over the screen while `open`: the focus starts on staying; Esc, a click
/// beside it or "stay" closes it. Returns true when the player chose to leave.
pub fn leave_dialog(
    ctx: &egui::Context,
    id: &str,
    words: &LeaveWords,
    p: &theme::Palette,
    open: &mut bool,
) -> bool {
    ctx.data_mut(|d| d.insert_temp(dialog_key(), true));
    let mut leave = false;
    let modal = egui::Modal::new(egui::Id::new(id))
        .frame(theme::card(p))
        .show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(words.title);
            ui.label(words.text);
            ui.add_space(12.0);
            ui.horizontal_wrapped(|ui| {
                let stay = ui.button(words.stay);
                focus_primary(&stay);
                if stay.clicked() {
                    *open = false;
                }
                if ui.button(words.leave).clicked() {
                    *open = false;
                    leave = true;
                }
            });
        });
    if modal.should_close() {
        *open = false;
    }
    leave
}

/// Puts the keyboard focus on a screen's primary action when nothing has it (so every screen
/// starts there), and draws that at once: the game otherwise sleeps until the next input.
/// Said by a drawing that moves this frame (a notification sliding in), wherever it is drawn;
/// the screen's view takes it with [`take_moving`] and keeps frames coming with `Animating`.
pub fn still_moving(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::new("still-moving"), true));
}

/// Whether something said [`still_moving`] since the last call.
pub fn take_moving(ctx: &egui::Context) -> bool {
    ctx.data_mut(|d| d.remove_temp::<bool>(egui::Id::new("still-moving")))
        .unwrap_or(false)
}

pub fn focus_primary(response: &egui::Response) {
    if response.ctx.memory(|m| m.focused().is_none()) {
        response.request_focus();
        response.ctx.request_repaint();
    }
}

/// A save that failed is said over every screen until a later write works.
fn save_trouble(
    mut contexts: EguiContexts,
    trouble: Res<super::saving::SaveTrouble>,
    progress: Res<super::progress::Progress>,
) {
    let (Ok(ctx), Some(message)) = (contexts.ctx_mut(), trouble.message.as_ref()) else {
        return;
    };
    let p = theme::palette(progress.settings.high_contrast);
    let width = column_width(ctx.content_rect().width());
    egui::Area::new(egui::Id::new("save-trouble"))
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -8.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            theme::card(&p)
                .stroke(egui::Stroke::new(3.0, p.bad))
                .show(ui, |ui| {
                    ui.set_max_width(width - 40.0);
                    let text = message.get(progress.settings.lang);
                    ui.label(egui::RichText::new(text).color(p.text).strong());
                });
        });
}

/// The context, or nothing this frame (no window yet).
pub fn context(contexts: &mut EguiContexts) -> Option<egui::Context> {
    contexts.ctx_mut().ok().map(|c| c.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::progress::TextSize;

    /// The window in points once zoomed: always DESIGN_HEIGHT tall.
    fn points(width: f32, height: f32) -> f32 {
        width / zoom_for(height)
    }

    #[test]
    fn the_column_leaves_at_most_a_fifth_of_the_width_on_each_side() {
        for (w, h) in [
            (1024.0, 768.0),
            (1280.0, 720.0),
            (1366.0, 768.0),
            (1920.0, 1080.0),
        ] {
            let available = points(w, h);
            let side = (available - column_width(available)) / 2.0;
            assert!(
                side <= available / 5.0,
                "{w}×{h}: {side} of {available} points"
            );
            assert!(
                column_width(available) <= available,
                "{w}×{h}: the column fits"
            );
        }
    }

    #[test]
    fn body_text_is_at_least_three_percent_of_a_projector_screen() {
        for text in [TextSize::Large, TextSize::Projector] {
            let pixels = text.body() * zoom_for(1080.0);
            assert!(pixels >= 0.03 * 1080.0, "{text:?}: {pixels} px");
        }
        // The smallest size still grows with the window.
        assert!(
            TextSize::Normal.body() * zoom_for(1080.0) > TextSize::Normal.body() * zoom_for(720.0)
        );
    }
}
