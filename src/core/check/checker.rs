//! Loading and checking files: one level, a glossary, or a whole campaign. Used by
//! `agent-trace check`, by the game (which shows the same diagnostics on screen) and by the
//! tests. Reading goes through [`Files`] so the web build can hand in fetched text.

use crate::core::check::diagnostic::{Diagnostic, Problem, Span};
use crate::core::check::explore::{self, EarlierLevel, Exploration, PastLevels};
use crate::core::check::load::{self, FileKind};
use crate::core::check::spans::SpanIndex;
use crate::core::check::suggest::closest;
use crate::core::check::validate::{self, Context, Summary};
use crate::core::model::campaign::{Campaign, Glossary};
use crate::core::model::data::DataKind;
use crate::core::model::level::{Cond, FORMAT, Level};
use std::path::{Path, PathBuf};

/// Where file text comes from: the disk natively, fetched text on the web.
pub trait Files {
    fn read(&self, path: &str) -> Result<String, (Problem, Option<Span>)>;
}

/// Reads from the file system, paths as given.
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &str) -> Result<String, (Problem, Option<Span>)> {
        crate::core::check::source::read_text(Path::new(path))
    }
}

/// Files held in memory: text fetched over HTTP (web) or opened by a teacher. Reading a path
/// that is not there records it in `missing`, so a caller can fetch those and check again.
#[derive(Debug, Default)]
pub struct Memory {
    files: std::collections::BTreeMap<String, Result<Vec<u8>, String>>,
    missing: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl Memory {
    /// Adds a file's bytes, or why it could not be had (e.g. `HTTP 404`).
    pub fn insert(&mut self, path: &str, bytes: Result<Vec<u8>, String>) {
        self.files.insert(path.to_string(), bytes);
    }

    /// What checking the campaign at `manifest` reads that this memory does not hold yet
    /// (empty once everything is there). The web build fetches these and asks again: the
    /// manifest first, then its glossary and levels.
    pub fn missing_for_campaign(&self, manifest: &str) -> Vec<String> {
        self.check_campaign_noting_missing(manifest).1
    }

    /// The campaign checked with the files held, and the paths it asked for that are not
    /// held (in order): when none is missing, the check is the final one.
    pub fn check_campaign_noting_missing(&self, manifest: &str) -> (CampaignCheck, Vec<String>) {
        self.take_missing();
        let check = check_campaign(self, manifest);
        (check, self.take_missing())
    }

    /// Paths read but not held, in order; clears the list.
    pub fn take_missing(&self) -> Vec<String> {
        std::mem::take(&mut *self.missing.borrow_mut())
            .into_iter()
            .collect()
    }
}

impl Files for Memory {
    fn read(&self, path: &str) -> Result<String, (Problem, Option<Span>)> {
        match self.files.get(path) {
            Some(Ok(bytes)) => {
                if bytes.len() as u64 > crate::core::check::source::MAX_FILE_BYTES {
                    return Err((
                        Problem::TooBig {
                            size: bytes.len() as u64,
                            limit: crate::core::check::source::MAX_FILE_BYTES,
                        },
                        None,
                    ));
                }
                crate::core::check::source::text_from_bytes(bytes.clone())
            }
            Some(Err(why)) => Err((Problem::Unreadable(why.clone()), None)),
            None => {
                self.missing.borrow_mut().insert(path.to_string());
                Err((Problem::Unreadable("not loaded".into()), None))
            }
        }
    }
}

/// One checked file with what came out of it.
#[derive(Clone, Debug)]
pub struct Checked<T> {
    pub file: String,
    pub source: Option<String>,
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Default for Checked<T> {
    fn default() -> Self {
        Checked {
            file: String::new(),
            source: None,
            value: None,
            diagnostics: Vec::new(),
        }
    }
}

impl<T> Checked<T> {
    fn failed(file: &str, source: Option<String>, d: Diagnostic) -> Checked<T> {
        Checked {
            file: file.to_string(),
            source,
            value: None,
            diagnostics: vec![d],
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A checked level: `value` is set when it parsed; `summary` when it has no error.
#[derive(Clone, Debug, Default)]
pub struct LevelCheck {
    pub checked: Checked<Level>,
    pub summary: Option<Summary>,
    pub exploration: Option<Exploration>,
}

impl LevelCheck {
    /// The level, if it can be played (parsed and no error).
    pub fn playable(&self) -> Option<&Level> {
        if self.checked.has_errors() {
            None
        } else {
            self.checked.value.as_ref()
        }
    }
}

/// Reads and parses a level (no semantic checks yet).
pub fn parse_level(files: &impl Files, file: &str) -> Checked<Level> {
    let src = match files.read(file) {
        Ok(s) => s,
        Err((p, span)) => return Checked::failed(file, None, Diagnostic::new(file, span, p)),
    };
    parse_level_text(file, src)
}

pub fn parse_level_text(file: &str, src: String) -> Checked<Level> {
    match load::detect_kind(&src, file) {
        Ok(FileKind::Level) => {}
        Ok(_) => {
            let d = Diagnostic::new(
                file,
                None,
                Problem::UnknownFileKind {
                    found: file.to_string(),
                },
            );
            return Checked::failed(file, Some(src), d);
        }
        Err((p, span)) => return Checked::failed(file, Some(src), Diagnostic::new(file, span, p)),
    }
    match load::parse::<Level>(file, &src) {
        Ok(mut level) => {
            // A Vec grown by doubling holds up to twice its scenes: a level is kept as long as
            // the game runs (a 40,000-scene level: 20 MB → 13 MB).
            level.scenes.shrink_to_fit();
            Checked {
                file: file.to_string(),
                source: Some(src),
                value: Some(level),
                diagnostics: Vec::new(),
            }
        }
        Err(d) => Checked::failed(file, Some(src), d),
    }
}

/// Runs the semantic checks on a parsed level.
pub fn validate_level(parsed: Checked<Level>, ctx: Context) -> LevelCheck {
    let mut checked = parsed;
    let (Some(level), Some(src)) = (&checked.value, &checked.source) else {
        return LevelCheck {
            checked,
            summary: None,
            exploration: None,
        };
    };
    let spans = SpanIndex::build(src);
    let (diags, summary, exploration) = validate::validate(&checked.file, level, &spans, ctx);
    checked.diagnostics.extend(diags);
    checked.diagnostics.shrink_to_fit();
    LevelCheck {
        checked,
        summary,
        exploration,
    }
}

/// Checks one level file on its own (optionally against a glossary).
pub fn check_level(files: &impl Files, file: &str, glossary: Option<&Glossary>) -> LevelCheck {
    validate_level(
        parse_level(files, file),
        Context {
            glossary,
            campaign: None,
        },
    )
}

pub fn check_glossary(files: &impl Files, file: &str) -> Checked<Glossary> {
    let src = match files.read(file) {
        Ok(s) => s,
        Err((p, span)) => return Checked::failed(file, None, Diagnostic::new(file, span, p)),
    };
    let glossary = match load::parse::<Glossary>(file, &src) {
        Ok(g) => g,
        Err(d) => return Checked::failed(file, Some(src), d),
    };
    let spans = SpanIndex::build(&src);
    let mut diagnostics = Vec::new();
    if glossary.format != FORMAT {
        diagnostics.push(Diagnostic::new(
            file,
            spans.find("format"),
            Problem::UnsupportedFormat {
                found: glossary.format,
                supported: FORMAT,
            },
        ));
    }
    for (i, t) in glossary.terms.iter().enumerate() {
        if glossary.terms[..i].iter().any(|o| o.id == t.id) {
            diagnostics.push(Diagnostic::new(
                file,
                spans.find(&format!("terms[{i}].id")),
                Problem::DuplicateTerm { id: t.id.clone() },
            ));
        }
        for (field, text) in [("term", &t.term), ("definition", &t.definition)] {
            let path = format!("terms[{i}].{field}");
            let missing = text.missing();
            if missing.len() == 2 {
                diagnostics.push(Diagnostic::new(file, spans.find(&path), Problem::EmptyText));
            } else {
                for lang in missing {
                    diagnostics.push(Diagnostic::new(
                        file,
                        spans.find(&path),
                        Problem::MissingTranslation { lang },
                    ));
                }
            }
        }
    }
    Checked {
        file: file.to_string(),
        source: Some(src),
        value: Some(glossary),
        diagnostics,
    }
}

/// A whole campaign: the manifest, its glossary and every level in playing order.
#[derive(Clone, Debug, Default)]
pub struct CampaignCheck {
    pub manifest: Checked<Campaign>,
    pub glossary: Option<Checked<Glossary>>,
    /// In playing order, with the chapter index of each.
    pub levels: Vec<(usize, LevelCheck)>,
}

impl CampaignCheck {
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.manifest
            .diagnostics
            .iter()
            .chain(self.glossary.iter().flat_map(|g| g.diagnostics.iter()))
            .chain(
                self.levels
                    .iter()
                    .flat_map(|(_, l)| l.checked.diagnostics.iter()),
            )
    }

    pub fn glossary(&self) -> Option<&Glossary> {
        self.glossary.as_ref().and_then(|g| g.value.as_ref())
    }

    /// The playable levels with their chapter, in playing order (as the duel deals them).
    pub fn playable_levels(&self) -> Vec<(usize, std::sync::Arc<Level>)> {
        self.levels
            .iter()
            .filter_map(|(c, l)| {
                l.playable()
                    .map(|level| (*c, std::sync::Arc::new(level.clone())))
            })
            .collect()
    }

    /// Paths (as read) of the files the campaign uses.
    pub fn files(&self) -> Vec<&str> {
        let mut out = vec![self.manifest.file.as_str()];
        out.extend(self.glossary.iter().map(|g| g.file.as_str()));
        out.extend(self.levels.iter().map(|(_, l)| l.checked.file.as_str()));
        out
    }
}

/// Joins a path written in a manifest to the manifest's folder.
pub fn relative_to(manifest: &str, rel: &str) -> String {
    let base = Path::new(manifest).parent().unwrap_or(Path::new(""));
    let joined: PathBuf = base.join(rel);
    joined.to_string_lossy().replace('\\', "/")
}

pub fn check_campaign(files: &impl Files, manifest_file: &str) -> CampaignCheck {
    let mut result = CampaignCheck::default();
    let src = match files.read(manifest_file) {
        Ok(s) => s,
        Err((p, span)) => {
            result.manifest =
                Checked::failed(manifest_file, None, Diagnostic::new(manifest_file, span, p));
            return result;
        }
    };
    let campaign = match load::parse::<Campaign>(manifest_file, &src) {
        Ok(c) => c,
        Err(d) => {
            result.manifest = Checked::failed(manifest_file, Some(src), d);
            return result;
        }
    };
    let spans = SpanIndex::build(&src);
    let mut manifest_diags = Vec::new();
    if campaign.format != FORMAT {
        manifest_diags.push(Diagnostic::new(
            manifest_file,
            spans.find("format"),
            Problem::UnsupportedFormat {
                found: campaign.format,
                supported: FORMAT,
            },
        ));
    }
    for lang in campaign.title.missing() {
        manifest_diags.push(Diagnostic::new(
            manifest_file,
            spans.find("title"),
            Problem::MissingTranslation { lang },
        ));
    }
    if let Some(g) = &campaign.glossary {
        let path = relative_to(manifest_file, g);
        let mut checked = check_glossary(files, &path);
        if checked.source.is_none() && checked.value.is_none() {
            // Point at the manifest line that names the missing file.
            checked.diagnostics = vec![Diagnostic::new(
                manifest_file,
                spans.find("glossary"),
                Problem::MissingLevelFile { path: path.clone() },
            )];
        }
        result.glossary = Some(checked);
    } else {
        // No `glossary:` line: a glossary.ron beside the manifest is the folder's own (the
        // same rule as a folder without a manifest). Not having one is fine.
        let path = relative_to(manifest_file, "glossary.ron");
        let checked = check_glossary(files, &path);
        if checked.source.is_some() {
            result.glossary = Some(checked);
        }
    }

    // Parse every level first: each level's checks need the others' ids and data.
    let mut parsed: Vec<(usize, Checked<Level>)> = Vec::new();
    for (c, chapter) in campaign.chapters.iter().enumerate() {
        for lang in chapter.title.missing() {
            manifest_diags.push(Diagnostic::new(
                manifest_file,
                spans.find(&format!("chapters[{c}].title")),
                Problem::MissingTranslation { lang },
            ));
        }
        for (l, rel) in chapter.levels.iter().enumerate() {
            let path = relative_to(manifest_file, rel);
            let mut level = parse_level(files, &path);
            if level.source.is_none()
                && let Some(Diagnostic {
                    problem: Problem::Unreadable(_),
                    ..
                }) = level.diagnostics.first()
            {
                level.diagnostics = vec![Diagnostic::new(
                    manifest_file,
                    spans.find(&format!("chapters[{c}].levels[{l}]")),
                    Problem::MissingLevelFile { path: rel.clone() },
                )];
            }
            parsed.push((c, level));
        }
    }
    let mut order: Vec<EarlierLevel> = Vec::new();
    for (_, p) in &mut parsed {
        if let Some(level) = &p.value {
            if order.iter().any(|l| l.id == level.id) {
                let spans = SpanIndex::build(p.source.as_deref().unwrap_or(""));
                p.diagnostics.push(Diagnostic::new(
                    &p.file,
                    spans.find("id"),
                    Problem::DuplicateLevel {
                        id: level.id.clone(),
                    },
                ));
            } else {
                order.push(EarlierLevel {
                    id: level.id.clone(),
                    shareable: explore::shareable(level),
                    required: Vec::new(),
                });
            }
        }
    }
    find_required_data(&parsed, &mut order);
    let glossary = result.glossary.as_ref().and_then(|g| g.value.clone());
    for (c, p) in parsed {
        let ctx = Context {
            glossary: glossary.as_ref(),
            campaign: Some(&order),
        };
        result.levels.push((c, validate_level(p, ctx)));
    }
    result.manifest = Checked {
        file: manifest_file.to_string(),
        source: Some(src),
        value: Some(campaign),
        diagnostics: manifest_diags,
    };
    result
}

/// Fills in, for each level, the data every way to its Success endings shares, among the
/// data that some level's callbacks read (only those: each is one more exploration).
fn find_required_data(parsed: &[(usize, Checked<Level>)], order: &mut [EarlierLevel]) {
    let levels: Vec<&Level> = parsed
        .iter()
        .filter_map(|(_, p)| p.value.as_ref())
        .collect();
    let mut read: Vec<(DataKind, Option<&str>)> = Vec::new();
    for level in &levels {
        for leaf in level.condition_leaves() {
            match leaf {
                Cond::Shared(d) => read.push((*d, None)),
                Cond::SharedIn(d, id) if *id != level.id => read.push((*d, Some(id))),
                _ => {}
            }
        }
    }
    for i in 0..order.len() {
        let Some(level) = levels.iter().find(|l| l.id == order[i].id) else {
            continue;
        };
        let past = PastLevels {
            earlier: Some(order[..i].to_vec()),
        };
        let is_read = |d: &DataKind| {
            read.iter()
                .any(|(r, id)| r == d && id.is_none_or(|id| id == level.id))
        };
        let required = order[i]
            .shareable
            .iter()
            .copied()
            .filter(is_read)
            .filter(|&d| !explore::success_without(level, &past, d))
            .collect();
        order[i].required = required;
    }
}

/// Suggests the closest level id (for `--level` on the command line).
pub fn closest_level<'a>(wrong: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wrong, ids)
}
