//! What is kept between sessions: stars, the footprint, settings, and anonymous results.
//! Saved through `storage::Store` (the platform's data folder natively, written atomically;
//! the browser's storage on the web);
//! a corrupt or newer save is moved aside with a message, never a crash, never lost.

use crate::core::model::text::Lang;
use crate::core::play::footprint::Footprint;
use crate::core::play::rng::{ClassCode, CodeError};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::Options;
use super::storage::Store;
use tracing::{info, warn};

/// Save format version; a newer one is set aside, not misread.
pub const SAVE_VERSION: u32 = 1;
pub const SAVE_FILE: &str = "progress.ron";
pub const RESULTS_FILE: &str = "results.csv";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum TextSize {
    Normal,
    #[default]
    Large,
    Projector,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Normal, TextSize::Large, TextSize::Projector];

    /// Body text size in points at 1280×720.
    pub fn body(self) -> f32 {
        match self {
            TextSize::Normal => 20.0,
            TextSize::Large => 24.0,
            TextSize::Projector => 30.0,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub text: TextSize,
    pub high_contrast: bool,
    /// OpenDyslexic instead of Atkinson Hyperlegible.
    pub dyslexia_font: bool,
    /// The privacy meter is hidden during missions and revealed, decision by decision, at the
    /// debrief (the pupil decides without watching a score).
    pub hidden_privacy: bool,
    /// The class code fixing every random draw; `None`: options in their written order.
    pub class_code: Option<String>,
    /// Optional pseudonym or team label for anonymous results (never a real name).
    pub label: String,
    /// Teacher: every mission open without playing the previous ones.
    pub unlock_all: bool,
    /// The window fills the screen (F11), for the projector.
    pub fullscreen: bool,
    /// Where the window was last (desktop), restored at start.
    pub window: Option<WindowPlace>,
    /// The sound effects' volume.
    pub volume: Volume,
    /// The music's volume, 0–100: 0 (the default) is no music.
    pub music: u8,
    /// No sound at all.
    pub muted: bool,
    /// Each new scene is read aloud (the L key reads it at any time).
    pub read_aloud: bool,
}

impl Settings {
    /// Whether missions hide the privacy meter: the player's setting, or a class code ending
    /// in `-CACHE` (the teacher's choice for the class).
    pub fn privacy_hidden(&self) -> bool {
        self.hidden_privacy
            || self
                .class_code
                .as_deref()
                .and_then(|c| ClassCode::parse(c).ok())
                .is_some_and(|c| c.hides_privacy())
    }

    /// The music's volume from 0 (none, or muted) to 1.
    pub fn music_volume(&self) -> f32 {
        if self.muted {
            0.0
        } else {
            f32::from(self.music.min(100)) / 100.0
        }
    }

    /// The effects' volume from 0 (silent or muted) to 1.
    pub fn effects_volume(&self) -> f32 {
        if self.muted {
            0.0
        } else {
            f32::from(self.volume.0.min(100)) / 100.0
        }
    }
}

/// A volume from 0 to 100 (70 by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Volume(pub u8);

impl Default for Volume {
    fn default() -> Self {
        Volume(70)
    }
}

/// A window's size (logical pixels) and position (physical pixels, as the system gives it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowPlace {
    pub width: u32,
    pub height: u32,
    pub x: i32,
    pub y: i32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Best {
    pub stars: u8,
    pub score: i32,
}

#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub best: BTreeMap<String, Best>,
    pub footprint: Footprint,
    pub settings: Settings,
}

#[derive(Serialize, Deserialize)]
struct SaveFile {
    version: u32,
    progress: Progress,
    /// Result rows (CSV lines) not yet appended to `results.csv` when this was written: saved
    /// with the progress in one atomic write, appended at the next start if a crash came
    /// first (see `saving`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unsent: Vec<String>,
}

/// What the command line asks for over the saved settings, for this run only: `--lang`, and
/// `--text-size` (the screenshot test renders every text size).
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Overrides {
    pub lang: Option<Lang>,
    pub text: Option<TextSize>,
}

/// A message for the title screen (e.g. a save that was set aside).
#[derive(Resource, Clone, Debug, Default)]
pub struct Notice(pub Option<crate::core::model::text::Text>);

/// Why a save could not be used.
#[derive(Debug, PartialEq, Eq)]
pub enum LoadError {
    Corrupt,
    Newer(u32),
    /// Something is there that cannot be read (permissions, a FIFO, a folder…), in words.
    Unreadable(String),
}

/// Saving is off for this session: the save that is there could be neither read nor moved
/// aside, and writing would destroy it.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct SavesOff;

pub fn parse_save(text: &str) -> Result<Progress, LoadError> {
    parse_save_file(text).map(|(progress, _)| progress)
}

/// The progress of a save and the result rows it kept unsent.
pub fn parse_save_file(text: &str) -> Result<(Progress, Vec<String>), LoadError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }
    let options = crate::core::check::load::ron_options();
    // Read the version first, so a newer save is recognised even if its shape changed.
    let version = match options.from_str::<ron::Value>(text) {
        Ok(v) => {
            v.into_rust::<VersionOnly>()
                .map_err(|_| LoadError::Corrupt)?
                .version
        }
        Err(_) => return Err(LoadError::Corrupt),
    };
    if version > SAVE_VERSION {
        return Err(LoadError::Newer(version));
    }
    options
        .from_str::<SaveFile>(text)
        .map(|s| (s.progress, s.unsent))
        .map_err(|_| LoadError::Corrupt)
}

pub fn save_text(progress: &Progress) -> String {
    save_file_text(progress, &[])
}

pub fn save_file_text(progress: &Progress, unsent: &[String]) -> String {
    let file = SaveFile {
        version: SAVE_VERSION,
        progress: progress.clone(),
        unsent: unsent.to_vec(),
    };
    crate::core::check::load::ron_options()
        .to_string_pretty(&file, ron::ser::PrettyConfig::default())
        .expect("progress serializes")
}

/// Loads the save in `store`; a bad one is renamed `progress.ron.bad-N` and reported.
/// The saved progress, or a fresh start with a message when the save cannot be used: a bad
/// save is moved aside (`progress.ron.bad-N`), never overwritten. The flag is false when it
/// could not even be moved: then nothing must be saved this session.
pub fn load_or_set_aside(store: &Store) -> Loaded {
    let fine = |progress, unsent| Loaded {
        progress,
        notice: None,
        writable: true,
        unsent,
    };
    let problem = match store.read(SAVE_FILE) {
        Ok(None) => return fine(Progress::default(), Vec::new()),
        Ok(Some(text)) => match parse_save_file(&text) {
            Ok((p, unsent)) => return fine(p, unsent),
            Err(e) => e,
        },
        Err(why) => LoadError::Unreadable(why),
    };
    let mut n = 1;
    let name = loop {
        let candidate = format!("{SAVE_FILE}.bad-{n}");
        if !store.exists(&candidate) {
            break candidate;
        }
        n += 1;
    };
    let moved = store.rename(SAVE_FILE, &name);
    let why = match &problem {
        LoadError::Corrupt => ("était abîmée".to_string(), "was damaged".to_string()),
        LoadError::Newer(_) => (
            "vient d'une version plus récente du jeu".into(),
            "comes from a newer version of the game".into(),
        ),
        LoadError::Unreadable(what) => (
            format!("n'a pas pu être lue ({what})"),
            format!("could not be read ({what})"),
        ),
    };
    let kept = if moved {
        (
            format!("Elle est conservée sous le nom {}.", store.describe(&name)),
            format!("It was kept as {}.", store.describe(&name)),
        )
    } else {
        (
            format!(
                "Elle est laissée telle quelle ({}) et rien ne sera enregistré pendant cette \
                 séance : demande à l'enseignant de vérifier ce fichier.",
                store.describe(SAVE_FILE)
            ),
            format!(
                "It is left as it is ({}) and nothing will be saved this session: ask the \
                 teacher to check that file.",
                store.describe(SAVE_FILE)
            ),
        )
    };
    let message = crate::core::model::text::Text::new(
        &format!(
            "Ta sauvegarde {} : le jeu repart de zéro. {}",
            why.0, kept.0
        ),
        &format!("Your save {}: the game starts afresh. {}", why.1, kept.1),
    );
    Loaded {
        progress: Progress::default(),
        notice: Some(message),
        writable: moved,
        unsent: Vec::new(),
    }
}

/// What the start of a session found in the store.
pub struct Loaded {
    pub progress: Progress,
    /// Said on the title screen (a save set aside).
    pub notice: Option<crate::core::model::text::Text>,
    /// False when the save could be neither read nor moved: nothing is saved this session.
    pub writable: bool,
    /// Result rows the last session saved with its progress but did not append.
    pub unsent: Vec<String>,
}

/// Sets the class code (`None` clears it); it is saved with the settings and, from the next
/// decision on, fixes every draw (SPEC §5). The title screen, the settings and `--seed` send it.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct SetClassCode(pub Option<ClassCode>);

/// Replaces the settings (the settings screen sends it when the pupil changes one); saved
/// at once, so every setting survives a restart.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct ChangeSettings(pub Settings);

/// What a class-code field means: empty clears the code, anything else must be a code.
pub fn read_class_code(text: &str) -> Result<Option<ClassCode>, CodeError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        ClassCode::parse(text).map(Some)
    }
}

/// This computer's anonymous results as the settings screen shows them: read when the screen
/// opens, not on every frame it is drawn.
#[derive(Resource, Clone, Debug, Default)]
pub struct ResultsSummary {
    /// Finished missions and duels recorded (`None`: no results file yet).
    pub rows: Option<usize>,
    /// Where the file is, said to a person.
    pub place: String,
    /// What the last download said (web).
    pub said: Option<crate::core::model::text::Text>,
}

/// Offers the results file as a download (web: the teacher collects the CSV).
#[derive(Message, Clone, Copy, Debug)]
pub struct DownloadResults;

pub fn plugin(app: &mut App) {
    app.init_resource::<Notice>()
        .init_resource::<ResultsSummary>()
        .add_message::<SetClassCode>()
        .add_message::<ChangeSettings>()
        .add_message::<DownloadResults>()
        .add_systems(
            OnEnter(super::screens::Screen::Settings),
            read_results_summary,
        )
        .add_systems(Update, download_results)
        .add_systems(PreStartup, load_progress)
        // Before `Update`, so a mission or a duel started in the same frame uses the new code.
        .add_systems(PreUpdate, (change_settings, apply_class_code).chain())
        .add_plugins(super::saving::plugin);
}

fn load_progress(
    mut commands: Commands,
    options: Option<Res<Options>>,
    overrides: Option<Res<Overrides>>,
    existing: Option<Res<Progress>>,
) {
    if existing.is_some() {
        return;
    }
    let store = options.as_ref().and_then(|o| o.store.as_ref());
    let Loaded {
        mut progress,
        notice,
        writable,
        unsent,
    } = match store {
        Some(store) => load_or_set_aside(store),
        None => Loaded {
            progress: Progress::default(),
            notice: None,
            writable: true,
            unsent: Vec::new(),
        },
    };
    if !writable {
        commands.insert_resource(SavesOff);
    }
    if let (Some(store), false) = (store, unsent.is_empty()) {
        let rows = super::saving::still_unsent(store, unsent);
        info!(
            "{} result row(s) from the last session to append",
            rows.len()
        );
        commands.insert_resource(super::saving::SaveTrouble::with_unsent(rows));
    }
    let overrides = overrides.map(|o| *o).unwrap_or_default();
    if let Some(lang) = overrides.lang {
        progress.settings.lang = lang;
    }
    if let Some(text) = overrides.text {
        progress.settings.text = text;
    }
    commands.insert_resource(progress);
    commands.insert_resource(Notice(notice));
}

fn change_settings(mut messages: MessageReader<ChangeSettings>, mut progress: ResMut<Progress>) {
    if let Some(ChangeSettings(settings)) = messages.read().last()
        && progress.settings != *settings
    {
        progress.settings = settings.clone();
    }
}

fn apply_class_code(mut messages: MessageReader<SetClassCode>, mut progress: ResMut<Progress>) {
    if let Some(SetClassCode(code)) = messages.read().last() {
        let code = code.as_ref().map(ClassCode::to_string);
        if progress.settings.class_code != code {
            progress.settings.class_code = code;
        }
    }
}

fn read_results_summary(options: Option<Res<Options>>, mut summary: ResMut<ResultsSummary>) {
    let Some(store) = options.as_ref().and_then(|o| o.store.as_ref()) else {
        return;
    };
    summary.rows = match store.read(RESULTS_FILE) {
        Ok(text) => text.map(|t| crate::core::play::results::parse_csv(&t).0.len()),
        Err(e) => {
            warn!("results: {e}");
            None
        }
    };
    summary.place = store.describe(RESULTS_FILE);
}

fn download_results(
    mut asks: MessageReader<DownloadResults>,
    options: Option<Res<Options>>,
    mut summary: ResMut<ResultsSummary>,
) {
    if asks.read().last().is_none() {
        return;
    }
    let text = options
        .as_ref()
        .and_then(|o| o.store.as_ref())
        .and_then(|s| s.read(RESULTS_FILE).ok().flatten());
    let Some(text) = text else { return };
    use crate::core::model::text::Text;
    summary.said = Some(match offer_download(&text) {
        Ok(()) => Text::new("Fichier téléchargé.", "File downloaded."),
        Err(e) => Text::new(&e, &e),
    });
}

/// On the web, the browser downloads the file; natively it is already on disk.
fn offer_download(text: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        super::web::download("agent-trace-resultats.csv", "text/csv;charset=utf-8", text)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        Ok(())
    }
}

/// The missions finished in this window: for them, this window's footprint is the right one
/// (a replay forgets what the mission shared before); for the others, a save written by
/// another window meanwhile is merged in.
#[derive(Resource, Clone, Debug, Default)]
pub struct PlayedHere(pub std::collections::BTreeSet<String>);

/// What to save when `disk` holds another window's save: the best stars of both, this window's
/// settings, and the footprint of both for the missions not played here.
pub fn merge(ours: &Progress, disk: &Progress, played_here: &PlayedHere) -> Progress {
    let mut merged = ours.clone();
    for (level, theirs) in &disk.best {
        let best = merged.best.entry(level.clone()).or_default();
        best.stars = best.stars.max(theirs.stars);
        best.score = best.score.max(theirs.score);
    }
    for trace in &disk.footprint.traces {
        if !played_here.0.contains(&trace.level) && !merged.footprint.traces.contains(trace) {
            merged.footprint.traces.push(trace.clone());
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_round_trip_and_bad_saves_are_recognised() {
        let mut p = Progress::default();
        p.best.insert(
            "concours".into(),
            Best {
                stars: 2,
                score: 70,
            },
        );
        p.settings.lang = Lang::En;
        assert_eq!(parse_save(&save_text(&p)).unwrap(), p);
        // The privacy meter: hidden by the setting or by the class code, not otherwise.
        let mut s = Settings::default();
        assert!(!s.privacy_hidden());
        s.class_code = Some("LYNX-42".into());
        assert!(!s.privacy_hidden());
        s.class_code = Some("lynx-42-cache".into());
        assert!(s.privacy_hidden());
        s.class_code = None;
        s.hidden_privacy = true;
        assert!(s.privacy_hidden());
        assert_eq!(
            parse_save("not ron at all (").unwrap_err(),
            LoadError::Corrupt
        );
        assert_eq!(
            parse_save("(version: 99, progress: (best: {}))").unwrap_err(),
            LoadError::Newer(99)
        );
        assert_eq!(
            parse_save("(version: 1, progress: 3)").unwrap_err(),
            LoadError::Corrupt
        );
    }
}
