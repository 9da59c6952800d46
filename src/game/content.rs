//! The missions: the campaign loaded and checked by the core, broken files kept with their
//! diagnostics so the others stay playable.

use crate::core::check::diagnostic::{Diagnostic, SHOWN_PER_FILE, render_file};
use crate::core::check::{self, Disk, Files, LevelCheck, Memory};
use crate::core::model::campaign::Glossary;
use crate::core::model::level::Level;
use crate::core::model::text::{Lang, Text};
use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Options;
use tracing::{info, warn};

/// One mission slot of the map.
#[derive(Clone, Debug)]
pub struct Mission {
    pub chapter: usize,
    pub file: String,
    /// `None` when the file is broken: the map shows it locked with its diagnostics.
    pub level: Option<Arc<Level>>,
}

#[derive(Clone, Debug)]
pub struct Chapter {
    pub title: Text,
    /// The chapter of level files opened by the teacher during the session.
    pub opened: bool,
}

/// The folder name shown for opened files (they have no path on the web).
pub const OPENED: &str = "ouvert";

/// One file's diagnostics, rendered once as `check` prints them (a few of each kind, then the
/// count of the rest) in both languages. Neither the file's text nor the whole list is kept:
/// a copy of the text per diagnostic made 5,000 warnings on a 200 kB file take over 1 GB.
#[derive(Clone, Debug)]
pub struct FileDiagnostics {
    pub errors: usize,
    /// The first diagnostics, as many as the screen can show; the others are only counted.
    pub first: Vec<Diagnostic>,
    pub rendered: Text,
}

#[derive(Resource, Clone, Debug, Default)]
pub struct Content {
    pub title: Text,
    pub chapters: Vec<Chapter>,
    pub missions: Vec<Mission>,
    pub glossary: Glossary,
    /// Every error and warning found while loading (the diagnostics screen), file by file.
    pub diagnostics: Vec<FileDiagnostics>,
    /// The folder and the files read, for hot reload.
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    /// The web build is still fetching the campaign.
    pub loading: bool,
}

/// Asks for the browser's file picker to open level files (web); what is picked comes back
/// as [`OpenLevel`].
#[derive(Message, Clone, Copy, Debug)]
pub struct PickLevelFiles;

/// A level file a teacher opened (file picker or drag-and-drop on the web): checked, then
/// played if it is valid, its diagnostics shown if not.
#[derive(Message, Clone, Debug)]
pub struct OpenLevel {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Content {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().map(|f| f.errors).sum()
    }

    /// The first diagnostics of each file, in the order of the diagnostics screen.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().flat_map(|f| &f.first)
    }

    /// Adds an opened level file as a mission of its own chapter (replacing an earlier version
    /// of the same file) and returns its index; `None` (with its diagnostics listed first) if
    /// it cannot be played. The campaign is untouched either way.
    pub fn open_level(&mut self, name: &str, bytes: Vec<u8>) -> Option<usize> {
        let file = format!("{OPENED}/{name}");
        let mut files = Memory::default();
        files.insert(&file, Ok(bytes));
        let checked = check::check_level(&files, &file, Some(&self.glossary));
        self.diagnostics
            .retain(|d| d.first.first().is_none_or(|d| d.file != file));
        let mut own = Vec::new();
        let level = take_level(checked, &mut own);
        self.diagnostics.splice(0..0, own);
        let chapter = match self.chapters.iter().position(|c| c.opened) {
            Some(c) => c,
            None => {
                self.chapters.push(Chapter {
                    title: Text::new("Niveaux ouverts", "Opened levels"),
                    opened: true,
                });
                self.chapters.len() - 1
            }
        };
        // A level with the same id as a campaign mission would make `find` ambiguous: the
        // opened one replaces only an earlier opened file.
        let mission = Mission {
            chapter,
            file: file.clone(),
            level: level.clone(),
        };
        let index = match self.missions.iter().position(|m| m.file == file) {
            Some(i) => {
                self.missions[i] = mission;
                i
            }
            None => {
                self.missions.push(mission);
                self.missions.len() - 1
            }
        };
        level.map(|_| index)
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        self.missions
            .iter()
            .position(|m| m.level.as_ref().is_some_and(|l| l.id == id))
    }
}

/// Where the missions come from without `--levels`: a `levels/` folder in the current
/// directory, else beside the executable; `None` when there is neither (the game then plays
/// the campaign compiled into it).
#[cfg(not(target_arch = "wasm32"))]
pub fn default_levels_dir() -> Option<PathBuf> {
    let here = PathBuf::from("levels");
    if here.is_dir() {
        return Some(here);
    }
    let beside = std::env::current_exe().ok()?.parent()?.join("levels");
    beside.is_dir().then_some(beside)
}

/// The campaign compiled into the game (`core::check::bundled`).
#[cfg(not(target_arch = "wasm32"))]
pub fn bundled() -> Content {
    use crate::core::check::bundled;
    from_campaign(&bundled::files(), bundled::MANIFEST, Path::new("levels"))
}

/// A checked level's diagnostics moved into `out`, and the level itself if it can be played
/// (moved too: a 40,000-scene level is not held twice).
fn take_level(l: LevelCheck, out: &mut Vec<FileDiagnostics>) -> Option<Arc<Level>> {
    let playable = !l.checked.has_errors();
    push_file(l.checked.diagnostics, l.checked.source.as_deref(), out);
    l.checked.value.filter(|_| playable).map(Arc::new)
}

/// One file's diagnostics, rendered (nothing if it has none).
fn push_file(mut list: Vec<Diagnostic>, source: Option<&str>, out: &mut Vec<FileDiagnostics>) {
    if list.is_empty() {
        return;
    }
    let render = |lang| render_file(&list, source, lang);
    let rendered = Text {
        fr: Some(render(Lang::Fr)),
        en: Some(render(Lang::En)),
    };
    let errors = list.iter().filter(|d| d.is_error()).count();
    list.truncate(SHOWN_PER_FILE);
    list.shrink_to_fit();
    out.push(FileDiagnostics {
        errors,
        first: list,
        rendered,
    });
}

/// Loads a folder: its `campaign.ron` if there is one, otherwise every level file in it.
pub fn load(dir: &Path) -> Content {
    let manifest = dir.join("campaign.ron");
    let mut content = Content {
        dir: dir.to_path_buf(),
        ..Content::default()
    };
    if !dir.is_dir() {
        // Started from another folder, or a mistyped --levels: say so on screen.
        let missing = Diagnostic::new(
            &dir.to_string_lossy(),
            None,
            crate::core::check::diagnostic::Problem::Unreadable(
                "dossier de niveaux introuvable / levels folder not found".into(),
            ),
        );
        push_file(vec![missing], None, &mut content.diagnostics);
        return content;
    }
    if manifest.is_file() {
        return from_campaign(&Disk, &manifest.to_string_lossy(), dir);
    }
    loose_files(dir, content)
}

/// A campaign read through `files` (the disk, or text fetched by the web build).
pub fn from_campaign(files: &impl Files, manifest: &str, dir: &Path) -> Content {
    from_checked(check::check_campaign(files, manifest), dir)
}

/// The content of a campaign already checked (the web checks as it fetches).
pub fn from_checked(c: check::CampaignCheck, dir: &Path) -> Content {
    let mut content = Content {
        dir: dir.to_path_buf(),
        ..Content::default()
    };
    {
        content.files = c.files().into_iter().map(PathBuf::from).collect();
        content.glossary = c.glossary().cloned().unwrap_or_default();
        let diagnostics = &mut content.diagnostics;
        let source = c.manifest.source.as_deref();
        push_file(c.manifest.diagnostics, source, diagnostics);
        if let Some(g) = c.glossary {
            push_file(g.diagnostics, g.source.as_deref(), diagnostics);
        }
        if let Some(m) = &c.manifest.value {
            content.title = m.title.clone();
            content.chapters = m
                .chapters
                .iter()
                .map(|ch| Chapter {
                    title: ch.title.clone(),
                    opened: false,
                })
                .collect();
        }
        for (chapter, l) in c.levels {
            let file = l.checked.file.clone();
            let level = take_level(l, &mut content.diagnostics);
            content.missions.push(Mission {
                chapter,
                file,
                level,
            });
        }
    }
    content
}

/// Loose files: one chapter, in file-name order (native only: the web cannot list a folder).
fn loose_files(dir: &Path, mut content: Content) -> Content {
    content.title = Text::new("Missions", "Missions");
    content.chapters.push(Chapter {
        title: Text::new("Missions", "Missions"),
        opened: false,
    });
    let glossary_path = dir.join("glossary.ron");
    if glossary_path.is_file() {
        content.files.push(glossary_path.clone());
        let g = check::check_glossary(&Disk, &glossary_path.to_string_lossy());
        content.glossary = g.value.clone().unwrap_or_default();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron") && *p != glossary_path)
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    content.files.extend(files.iter().cloned());
    for f in files {
        let l = check::check_level(&Disk, &f.to_string_lossy(), Some(&content.glossary));
        let file = l.checked.file.clone();
        let level = take_level(l, &mut content.diagnostics);
        content.missions.push(Mission {
            chapter: 0,
            file,
            level,
        });
    }
    content
}

pub fn plugin(app: &mut App) {
    app.add_message::<OpenLevel>()
        .add_message::<PickLevelFiles>()
        .add_systems(Startup, load_content)
        .add_systems(Update, open_levels.before(super::mission::MissionSet));
}

fn load_content(
    mut commands: Commands,
    options: Option<Res<Options>>,
    existing: Option<Res<Content>>,
) {
    if existing.is_some() {
        return; // provided by the caller (tests)
    }
    #[cfg(target_arch = "wasm32")]
    {
        // Fetched over HTTP through the manifest; `web` inserts the result when it arrives.
        let _ = options;
        commands.insert_resource(Content {
            loading: true,
            ..Content::default()
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let dir = options
            .and_then(|o| o.levels.clone())
            .or_else(default_levels_dir);
        let content = match &dir {
            Some(dir) => load(dir),
            None => bundled(),
        };
        info!(
            "{} missions loaded from {}, {} error(s)",
            content
                .missions
                .iter()
                .filter(|m| m.level.is_some())
                .count(),
            dir.map_or("the campaign built into the game".into(), |d| d
                .display()
                .to_string()),
            content.errors()
        );
        commands.insert_resource(content);
    }
}

fn open_levels(
    mut opened: MessageReader<OpenLevel>,
    mut content: ResMut<Content>,
    mut start: MessageWriter<super::mission::StartMission>,
    mut go: MessageWriter<super::screens::Go>,
) {
    for OpenLevel { name, bytes } in opened.read() {
        match content.open_level(name, bytes.clone()) {
            Some(index) => {
                info!("opened level file {name}");
                start.write(super::mission::StartMission(index));
            }
            None => {
                warn!("opened level file {name} has errors");
                go.write(super::screens::Go(super::screens::Screen::Diagnostics));
            }
        }
    }
}
