//! Render on input only, so an idle classroom laptop stays at ~0 % CPU.
//!
//! With Bevy's reactive winit mode the prototype still burned ~155 % CPU idle. Two causes,
//! both in how bevy_egui 0.42 feeds egui:
//! 1. it pushes `Event::ModifiersChanged` into egui's input on *every* frame, changed or not;
//!    egui sees an input event, asks for an immediate repaint, its repaint callback wakes the
//!    winit loop, the next frame pushes the event again — forever. `drop_unchanged_modifiers`
//!    removes the event unless the modifiers really changed.
//! 2. it writes `RequestRedraw` whenever egui "has requested a repaint", which includes
//!    *delayed* repaints (tooltip timers, a text cursor blink). `drop_idle_redraws` honours
//!    them only for a few frames after real input (egui needs them to settle hover and
//!    layout). Our own animations keep the app awake through `KeepAwake`, and a screen
//!    change counts as input.

use crate::game::screens::Screen;
use bevy::prelude::*;
use bevy::window::{RequestRedraw, WindowEvent};
use bevy_egui::{EguiInput, EguiPostUpdateSet, EguiPreUpdateSet, egui};
use tracing::info;

/// Frames egui may redraw after the last input.
pub const SETTLE_FRAMES: u32 = 4;

#[derive(Resource, Debug, Default)]
pub struct Quiet {
    pub frames_since_input: u32,
    /// Updates run since start (the idle measurement reads it).
    pub frames: u64,
}

/// Sent by a view on every frame it draws an animation; the game keeps drawing frames while
/// it comes.
#[derive(Message, Clone, Copy, Debug)]
pub struct Animating(pub bool);

/// Reasons to keep drawing frames without input.
#[derive(Resource, Debug, Default)]
pub struct KeepAwake {
    /// An animation runs (data cards flying into the footprint).
    pub animating: bool,
    /// A scripted run (`--screenshot`) needs frames to reach its screen.
    pub scripted: bool,
}

impl KeepAwake {
    pub fn any(&self) -> bool {
        self.animating || self.scripted
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Quiet>()
        .init_resource::<KeepAwake>()
        .add_message::<RequestRedraw>()
        .add_message::<Animating>()
        .add_systems(PreUpdate, note_input)
        .add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(
            PostUpdate,
            drop_idle_redraws.after(EguiPostUpdateSet::ProcessOutput),
        );
}

/// When the process started (for the start-up time in the log).
#[derive(Resource, Debug)]
pub struct Started(pub bevy::platform::time::Instant);

fn note_input(
    mut events: MessageReader<WindowEvent>,
    mut quiet: ResMut<Quiet>,
    started: Option<Res<Started>>,
) {
    let input = events
        .read()
        .any(|e| !matches!(e, WindowEvent::RequestRedraw(_)));
    quiet.frames += 1;
    if quiet.frames == 1
        && let Some(s) = started
    {
        info!("first frame {} ms after start", s.0.elapsed().as_millis());
    }
    quiet.frames_since_input = if input {
        0
    } else {
        quiet.frames_since_input.saturating_add(1)
    };
}

fn drop_idle_redraws(
    mut quiet: ResMut<Quiet>,
    screen: Option<Res<State<Screen>>>,
    mut awake: ResMut<KeepAwake>,
    mut animating: MessageReader<Animating>,
    mut redraws: ResMut<Messages<RequestRedraw>>,
) {
    // A screen change that no input caused (a file dropped on the web page, missions
    // fetched) is drawn and settled as after input; otherwise the new screen could stay
    // undrawn until the pupil moves the mouse.
    if screen.is_some_and(|s| s.is_changed()) {
        quiet.frames_since_input = 0;
    }
    // A view says so on every frame it animates; a frame without the message ends it (also
    // when the screen changed in the middle of an animation).
    let on = animating.read().any(|a| a.0);
    if awake.animating != on {
        awake.animating = on;
    }
    if quiet.frames_since_input > SETTLE_FRAMES && !awake.any() {
        redraws.clear();
    } else if awake.any() {
        redraws.write(RequestRedraw);
    }
}

fn drop_unchanged_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) => {
                let changed = *last != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}
