//! Writing what lasts without losing any of it: progress and results rows together, under a
//! lock shared by every window on the same data folder.
//!
//! Order of one save: (1) the progress is written with the rows not yet in `results.csv`
//! (one atomic write); (2) the rows are appended; (3) the progress is written again without
//! them. A crash after (1) leaves the rows in the save, and the next start appends them; so
//! the stars and the row of a mission always arrive together.

use crate::core::model::text::Text;
use crate::core::play::results::{Record, csv_row, csv_start};
use bevy::prelude::*;

use super::Options;
use super::progress::{
    PlayedHere, Progress, RESULTS_FILE, SAVE_FILE, SavesOff, merge, parse_save_file, save_file_text,
};
use super::storage::Store;
use tracing::warn;

/// Records a finished mission's or duel's anonymous result (appended to `results.csv`).
#[derive(Message, Clone, Debug)]
pub struct RecordResult(pub Record);

/// A save or a result that could not be written (a full disk, a read-only or missing folder,
/// another window holding the lock too long): said on screen, kept in memory and written
/// again on each later frame that saves, until it works. Nothing is dropped meanwhile.
#[derive(Resource, Clone, Debug, Default)]
pub struct SaveTrouble {
    /// What to tell the player, while something is not written.
    pub message: Option<Text>,
    progress_pending: bool,
    /// Result rows (CSV lines) not yet in `results.csv`.
    rows_pending: Vec<String>,
}

impl SaveTrouble {
    /// Rows a save kept because the last session stopped before appending them.
    pub fn with_unsent(rows: Vec<String>) -> SaveTrouble {
        SaveTrouble {
            message: None,
            progress_pending: !rows.is_empty(),
            rows_pending: rows,
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<SaveTrouble>()
        .init_resource::<PlayedHere>()
        .add_message::<RecordResult>()
        .add_systems(Last, write_saves);
}

fn write_saves(
    progress: Res<Progress>,
    options: Option<Res<Options>>,
    off: Option<Res<SavesOff>>,
    mut results: MessageReader<RecordResult>,
    mut trouble: ResMut<SaveTrouble>,
    played_here: Res<PlayedHere>,
) {
    let fresh: Vec<String> = results.read().map(|r| csv_row(&r.0)).collect();
    let Some(store) = options.as_ref().and_then(|o| o.store.as_ref()) else {
        return;
    };
    let progress_due = (progress.is_changed() || trouble.progress_pending) && off.is_none();
    if !progress_due && fresh.is_empty() && trouble.rows_pending.is_empty() {
        return;
    }
    trouble.rows_pending.extend(fresh);
    let save = Save {
        store,
        progress: &progress,
        played_here: &played_here,
        progress_on: off.is_none(),
    };
    let failed = save.now(&mut trouble.rows_pending).err();
    trouble.progress_pending = failed.is_some() && off.is_none();
    let message = failed.map(|e| {
        warn!("could not save: {e}");
        trouble_message(&e)
    });
    if trouble.message != message {
        trouble.message = message;
    }
}

fn trouble_message(e: &str) -> Text {
    Text::new(
        &format!(
            "⚠ Impossible d'enregistrer ({e}). Le jeu continue et réessaie ; préviens \
             l'enseignant (disque plein ou dossier protégé ?)."
        ),
        &format!(
            "⚠ Could not save ({e}). The game goes on and tries again; tell the teacher \
             (a full disk or a protected folder?)."
        ),
    )
}

/// One save of a window's progress and its pending result rows.
pub struct Save<'a> {
    pub store: &'a Store,
    pub progress: &'a Progress,
    pub played_here: &'a PlayedHere,
    /// False when saving the progress is off for the session (its file could not be moved
    /// aside); the rows are still appended.
    pub progress_on: bool,
}

impl Save<'_> {
    /// Writes the progress and appends `rows`, removing each row once it is in the file. An
    /// error leaves what is not written in `rows` (and the progress to write again).
    pub fn now(&self, rows: &mut Vec<String>) -> Result<(), String> {
        let _lock = self.store.lock()?;
        // Each step is tried even if the one before failed: a row appended without its
        // progress is still better than a row kept back (the progress is written again later).
        let mut first_error = None;
        if self.progress_on {
            keep_first(&mut first_error, self.write_progress(rows));
        }
        let had_rows = !rows.is_empty();
        while let Some(row) = rows.first() {
            match append_row(self.store, row) {
                Ok(()) => {
                    rows.remove(0);
                }
                Err(e) => {
                    keep_first(&mut first_error, Err(e));
                    break;
                }
            }
        }
        if self.progress_on && had_rows {
            keep_first(&mut first_error, self.write_progress(rows));
        }
        first_error.map_or(Ok(()), Err)
    }

    /// The progress merged with what another window saved meanwhile, with `unsent` rows.
    fn write_progress(&self, unsent: &[String]) -> Result<(), String> {
        let on_disk = self
            .store
            .read(SAVE_FILE)
            .ok()
            .flatten()
            .and_then(|text| parse_save_file(&text).ok());
        let to_save = match on_disk {
            Some((disk, _)) => merge(self.progress, &disk, self.played_here),
            None => self.progress.clone(),
        };
        self.store
            .write(SAVE_FILE, &save_file_text(&to_save, unsent))
    }
}

fn keep_first(first: &mut Option<String>, result: Result<(), String>) {
    if let Err(e) = result {
        first.get_or_insert(e);
    }
}

/// Appends one CSV row to the results file, starting the file with its header.
pub fn append_row(store: &Store, row: &str) -> Result<(), String> {
    // A results file that is there but cannot be read is never replaced by one row.
    let existing = store.read(RESULTS_FILE)?.unwrap_or_default();
    if existing.is_empty() {
        return store.write(RESULTS_FILE, &(csv_start() + row));
    }
    // Appended, not rewritten: rows another window adds meanwhile are kept.
    let newline = if existing.ends_with('\n') { "" } else { "\r\n" };
    store.append(RESULTS_FILE, &format!("{newline}{row}"))
}

/// The rows a save kept unsent that `results.csv` does not hold yet. A row already there was
/// appended just before the crash, before the save could be rewritten without it.
pub fn still_unsent(store: &Store, unsent: Vec<String>) -> Vec<String> {
    let Ok(Some(existing)) = store.read(RESULTS_FILE) else {
        return unsent;
    };
    let lines: std::collections::HashSet<&str> = existing.lines().collect();
    unsent
        .into_iter()
        .filter(|row| !lines.contains(row.trim_end_matches(['\r', '\n'])))
        .collect()
}
