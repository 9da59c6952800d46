//! Hot reload for teachers (native): when a level file changes on disk, the campaign is
//! checked again. A broken edit keeps the last good version of that mission playable and
//! shows its diagnostics; a teacher previewing a scene sees the new version at once.
//!
//! Files are compared by modification time, at most twice a second and only on frames the
//! game runs anyway, so watching costs nothing while the game sleeps (it wakes at least
//! every few seconds in reactive mode, which bounds how late a change is seen).

use bevy::platform::time::Instant;
use bevy::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::content::{self, Content};
use super::mission::Active;
use super::mission::Preview;
use crate::core::model::text::Text;
use crate::core::play::Run;
use tracing::info;

const EVERY: Duration = Duration::from_millis(500);

/// What the last reload did, for the title bar.
#[derive(Resource, Clone, Debug, Default)]
pub struct Reloaded(pub Option<Text>);

#[derive(Default)]
pub struct Stamps {
    checked: Option<Instant>,
    seen: Vec<(PathBuf, Option<SystemTime>)>,
}

fn stamps(files: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    files
        .iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            )
        })
        .collect()
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Reloaded>().add_systems(Update, watch);
}

fn watch(
    mut content: Option<ResMut<Content>>,
    mut memory: Local<Stamps>,
    mut reloaded: ResMut<Reloaded>,
    active: Option<ResMut<Active>>,
    preview: Option<Res<Preview>>,
) {
    let Some(content) = content.as_mut() else {
        return;
    };
    if memory.checked.is_some_and(|t| t.elapsed() < EVERY) {
        return;
    }
    memory.checked = Some(Instant::now());
    let now = stamps(&content.files);
    if memory.seen.is_empty() {
        memory.seen = now;
        return;
    }
    if now == memory.seen {
        return;
    }
    let mut fresh = content::load(&content.dir);
    // A mission whose new version is broken keeps its last good version.
    let mut kept = 0;
    for m in &mut fresh.missions {
        if m.level.is_none()
            && let Some(old) = content.missions.iter().find(|o| o.file == m.file)
            && old.level.is_some()
        {
            m.level = old.level.clone();
            kept += 1;
        }
    }
    memory.seen = stamps(&fresh.files);
    let errors = fresh.errors();
    reloaded.0 = Some(if errors == 0 {
        Text::new("Niveaux rechargés.", "Levels reloaded.")
    } else {
        Text::new(
            &format!(
                "Niveaux rechargés : {errors} erreur(s), {kept} mission(s) gardée(s) dans leur dernière version correcte."
            ),
            &format!(
                "Levels reloaded: {errors} error(s), {kept} mission(s) kept in their last good version."
            ),
        )
    });
    info!("levels reloaded: {errors} error(s)");
    // In the teacher preview, show the edited scene at once.
    if let (Some(mut active), Some(preview)) = (active, preview)
        && preview.0
        && let Some(level) = fresh
            .missions
            .get(active.index)
            .and_then(|m| m.level.clone())
        && let Ok(run) = Run::start_at(level, active.run.past.clone(), active.run.scene().id())
    {
        active.run = run;
    }
    **content = fresh;
}
