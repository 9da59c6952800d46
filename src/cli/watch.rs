//! `agent-trace check --watch PATHS…`: the teacher edits in any editor; each save re-checks
//! and reprints, the summary first, so the answer to "is it right now?" is the top line.

use crate::cli::check;
use crate::core::model::text::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at: fast enough to feel immediate after a save, and
/// a few `stat` calls twice a second cost nothing.
const POLL: Duration = Duration::from_millis(400);

/// Folders deeper than this are not watched (as `check` does not search them).
const MAX_DEPTH: usize = 8;

/// What the watched files look like now: each `.ron` file's path, size and modification
/// time. Any save changes it (editors that replace the file change it too).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Fingerprint(Vec<(PathBuf, u64, Option<SystemTime>)>);

impl Fingerprint {
    pub fn of(paths: &[PathBuf]) -> Fingerprint {
        let mut files = Vec::new();
        for p in paths {
            collect(p, 0, &mut files);
        }
        files.sort();
        Fingerprint(files)
    }
}

fn collect(path: &Path, depth: usize, out: &mut Vec<(PathBuf, u64, Option<SystemTime>)>) {
    let Ok(meta) = std::fs::metadata(path) else {
        // A file being replaced by the editor: gone for an instant, seen at the next look.
        out.push((path.to_path_buf(), 0, None));
        return;
    };
    if meta.is_dir() {
        if depth > MAX_DEPTH {
            return;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() || p.extension().is_some_and(|x| x == "ron") {
                collect(&p, depth + 1, out);
            }
        }
    } else {
        out.push((path.to_path_buf(), meta.len(), meta.modified().ok()));
    }
}

/// One report as the watch prints it: the summary line, a blank line, then everything
/// `check` prints, and the time it was made.
pub fn report(paths: &[PathBuf], lang: Lang, stats: bool) -> String {
    let mut body = Vec::new();
    check::run(paths, lang, stats, &mut body);
    let body = String::from_utf8_lossy(&body).into_owned();
    let summary = body.lines().last().unwrap_or_default().to_string();
    let time = clock();
    let hint = lang.pick(
        "vérifié à {time} — enregistrez un fichier pour revérifier, Ctrl+C pour arrêter",
        "checked at {time} — save a file to check again, Ctrl+C to stop",
    );
    format!("{summary}\n{}\n\n{body}", hint.replace("{time}", &time))
}

/// The time of day (UTC, HH:MM:SS), to show that a new report came.
fn clock() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{:02}:{:02}:{:02} UTC",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// Checks, prints, then waits for a change, forever (the exit code is for a broken terminal).
pub fn run(paths: &[PathBuf], lang: Lang, stats: bool, out: &mut impl Write) -> i32 {
    let default = [PathBuf::from("levels")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut seen = Fingerprint::default();
    loop {
        let now = Fingerprint::of(paths);
        if now != seen {
            // Clear the screen and go to its top, as `watch` and test runners do.
            let shown = write!(out, "\x1b[2J\x1b[H{}", report(paths, lang, stats));
            if shown.and_then(|_| out.flush()).is_err() {
                return 1;
            }
            // A report takes a moment: files saved meanwhile are seen at the next look.
            seen = now;
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_changes_the_fingerprint() {
        let dir = std::env::temp_dir().join(format!("watch-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.ron");
        std::fs::write(&file, "Level(").unwrap();
        let paths = [dir.clone()];
        let before = Fingerprint::of(&paths);
        assert_eq!(before, Fingerprint::of(&paths));
        // The size changes even where the clock is too coarse to see the new time.
        std::fs::write(&file, "Level(\n").unwrap();
        assert_ne!(before, Fingerprint::of(&paths));
        std::fs::write(dir.join("notes.txt"), "not a level").unwrap();
        let after = Fingerprint::of(&paths);
        std::fs::write(dir.join("notes.txt"), "still not").unwrap();
        assert_eq!(after, Fingerprint::of(&paths), "only .ron files count");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_summary_comes_first() {
        let paths = [PathBuf::from("tests/fixtures/broken/missing-comma.ron")];
        let text = report(&paths, Lang::Fr, false);
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "0 niveau(x) valide(s), 1 erreur(s), 0 avertissement(s)"
        );
        assert!(text.lines().nth(1).unwrap().starts_with("vérifié à "));
        assert!(text.contains("erreur[E010]"));
    }
}
