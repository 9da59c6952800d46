//! The egui views. Each screen's view reads resources and writes messages; nothing here
//! changes game state directly, so the logic stays testable without a window.

mod debrief;
mod diagnostics;
mod dossier;
mod duel;
mod map;
mod mission;
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
                theme::apply,
                arrow_keys,
                title::view.run_if(in_state(Screen::Title)),
                map::view.run_if(in_state(Screen::Map)),
                mission::view.run_if(in_state(Screen::Mission)),
                debrief::view.run_if(in_state(Screen::Debrief)),
                dossier::view.run_if(in_state(Screen::Dossier)),
                settings::view.run_if(in_state(Screen::Settings)),
                diagnostics::view.run_if(in_state(Screen::Diagnostics)),
                duel::setup_view.run_if(in_state(Screen::DuelSetup)),
                duel::board_view.run_if(in_state(Screen::Duel)),
            )
                .chain(),
        );
}

/// Arrow keys move the keyboard focus like Tab does, to the nearest widget in that
/// direction (SPEC §6: Tab, arrows, Enter, Esc).
fn arrow_keys(mut contexts: EguiContexts) {
    let Ok(ctx) = contexts.ctx_mut() else { return };
    // Arrows belong to a text field while one is being edited.
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
    commands.spawn(Camera2d);
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
}

/// A class-code field and its button (`apply`), for the title screen and the settings. Applied
/// with the button or Enter, it asks for the code through [`SetClassCode`]: an empty field clears
/// it, a valid one is shown as stored (`lynx-42` → `LYNX-42`), a wrong one keeps its error.
pub fn class_code_field(
    ui: &mut egui::Ui,
    draft: &mut CodeDraft,
    current: Option<&str>,
    apply: &str,
    width: f32,
    set: &mut MessageWriter<SetClassCode>,
) {
    let text = draft
        .text
        .get_or_insert_with(|| current.unwrap_or_default().to_string());
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
            Err(e) => draft.error = Some(e.to_string()),
        }
    }
}

/// The context, or nothing this frame (no window yet).
pub fn context(contexts: &mut EguiContexts) -> Option<egui::Context> {
    contexts.ctx_mut().ok().map(|c| c.clone())
}
