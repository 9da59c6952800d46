//! The window as the pupil left it: size, position and fullscreen are part of the settings,
//! restored at start and noted when the window closes. F11 (or the setting) switches
//! fullscreen, for the projector.

use bevy::prelude::*;
use bevy::window::{
    MonitorSelection, PrimaryWindow, WindowCloseRequested, WindowMode, WindowPosition,
};

use super::launch::Launch;
use super::progress::{ChangeSettings, Progress, WindowPlace};

pub fn plugin(app: &mut App) {
    app.add_systems(PostStartup, restore_window)
        .add_systems(Update, (fullscreen_key, apply_fullscreen).chain())
        .add_systems(PreUpdate, remember_on_close);
}

/// A scripted run (`--size`, `--screenshot`) keeps the window it asked for.
fn scripted(launch: Option<&Launch>) -> bool {
    launch.is_some_and(|l| l.size.is_some() || l.screenshot.is_some())
}

fn restore_window(
    progress: Res<Progress>,
    launch: Option<Res<Launch>>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    let (Some(place), Ok(mut window)) = (progress.settings.window, windows.single_mut()) else {
        return;
    };
    if scripted(launch.as_deref()) {
        return;
    }
    window
        .resolution
        .set(place.width as f32, place.height as f32);
    window.position = WindowPosition::At(IVec2::new(place.x, place.y));
}

/// F11 switches fullscreen (through the settings, so it is remembered).
fn fullscreen_key(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    progress: Res<Progress>,
    mut change: MessageWriter<ChangeSettings>,
) {
    if keys.is_some_and(|k| k.just_pressed(KeyCode::F11)) {
        let mut settings = progress.settings.clone();
        settings.fullscreen = !settings.fullscreen;
        change.write(ChangeSettings(settings));
    }
}

/// The window follows the `fullscreen` setting.
fn apply_fullscreen(
    progress: Res<Progress>,
    launch: Option<Res<Launch>>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    let Ok(mut window) = windows.single_mut() else {
        return;
    };
    let wanted = if progress.settings.fullscreen && !scripted(launch.as_deref()) {
        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    if window.mode != wanted {
        window.mode = wanted;
    }
}

/// Notes where the window is when it closes (a fullscreen window keeps its last windowed
/// place); the save follows in the same frame.
fn remember_on_close(
    mut closing: MessageReader<WindowCloseRequested>,
    windows: Query<&Window, With<PrimaryWindow>>,
    launch: Option<Res<Launch>>,
    mut progress: ResMut<Progress>,
) {
    if closing.read().last().is_none() || scripted(launch.as_deref()) {
        return;
    }
    let Ok(window) = windows.single() else { return };
    if window.mode != WindowMode::Windowed {
        return;
    }
    let place = place_of(window);
    if progress.settings.window != place {
        progress.settings.window = place;
    }
}

/// Where a windowed window is, if the system told us its position.
pub fn place_of(window: &Window) -> Option<WindowPlace> {
    let WindowPosition::At(at) = window.position else {
        return None;
    };
    Some(WindowPlace {
        width: window.resolution.width().round() as u32,
        height: window.resolution.height().round() as u32,
        x: at.x,
        y: at.y,
    })
}
