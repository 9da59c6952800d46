//! Where what lasts between sessions is kept: a folder natively, the browser's
//! `localStorage` on the web. Progress and results go through this one small interface, so
//! the rest of the game does not care which.

use crate::core::files::ReadError;
use std::path::PathBuf;

/// The largest save or results file read (a class's results for a year are well under 1 MB).
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

fn describe(e: &ReadError) -> String {
    match e {
        ReadError::Missing(why) | ReadError::Unreadable(why) => why.clone(),
        ReadError::NotAFile => "not a regular file".into(),
        ReadError::TooBig { size, limit } => format!("{size} bytes, over the {limit}-byte limit"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Store {
    /// A folder of the file system (desktop). Writes are atomic: temp file + rename.
    Dir(PathBuf),
    /// The page's `localStorage`, keys prefixed with `agent-trace/` (web).
    #[cfg(target_arch = "wasm32")]
    Browser,
}

impl Store {
    /// The text stored under `name`: `None` when there is none; an error (said to a person)
    /// when something is there that cannot be read (permissions, a folder, a FIFO, a device, a
    /// file over [`MAX_SAVE_BYTES`]), so it is never taken for "no save" and overwritten.
    /// Invalid UTF-8 is replaced, never fatal.
    pub fn read(&self, name: &str) -> Result<Option<String>, String> {
        match self {
            Store::Dir(dir) => {
                let path = dir.join(name);
                match crate::core::files::read_capped(&path, MAX_SAVE_BYTES) {
                    Ok(b) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
                    Err(ReadError::Missing(_)) => Ok(None),
                    Err(e) => Err(format!("{}: {}", path.display(), describe(&e))),
                }
            }
            #[cfg(target_arch = "wasm32")]
            Store::Browser => Ok(super::web::storage_get(name)),
        }
    }

    /// Replaces what is stored under `name`; a reader sees the old text or the new, never half.
    pub fn write(&self, name: &str, text: &str) -> Result<(), String> {
        match self {
            Store::Dir(dir) => write_atomic(&dir.join(name), text.as_bytes())
                .map_err(|e| format!("{}: {e}", dir.join(name).display())),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => super::web::storage_set(name, text),
        }
    }

    /// Adds `text` at the end of what is stored under `name` (results rows): another window
    /// appending at the same time cannot make either row disappear, as rewriting could.
    pub fn append(&self, name: &str, text: &str) -> Result<(), String> {
        match self {
            Store::Dir(dir) => {
                use std::io::Write;
                let path = dir.join(name);
                let said = |e: std::io::Error| format!("{}: {e}", path.display());
                std::fs::create_dir_all(dir).map_err(said)?;
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(said)?;
                file.write_all(text.as_bytes()).map_err(said)?;
                file.sync_all().map_err(said)
            }
            #[cfg(target_arch = "wasm32")]
            Store::Browser => {
                let before = super::web::storage_get(name).unwrap_or_default();
                super::web::storage_set(name, &(before + text))
            }
        }
    }

    /// Holds the store for one window's save (read, merge, write, append) while another
    /// window on the same folder waits: released when the returned guard is dropped, or when
    /// the process ends, even by a crash. Waits at most [`LOCK_WAIT`], then fails (the save is
    /// retried later) rather than freeze the game. The web has no lock: each tab's save runs
    /// in one go, between two of its frames.
    pub fn lock(&self) -> Result<Option<std::fs::File>, String> {
        match self {
            Store::Dir(dir) => lock_dir(dir),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => Ok(None),
        }
    }

    pub fn exists(&self, name: &str) -> bool {
        match self {
            Store::Dir(dir) => dir.join(name).exists(),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => super::web::storage_get(name).is_some(),
        }
    }

    /// Moves `from` to `to` (used to set a bad save aside); false if it could not.
    pub fn rename(&self, from: &str, to: &str) -> bool {
        match self {
            Store::Dir(dir) => std::fs::rename(dir.join(from), dir.join(to)).is_ok(),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => match super::web::storage_get(from) {
                Some(text) => {
                    super::web::storage_set(to, &text).is_ok() && {
                        super::web::storage_remove(from);
                        true
                    }
                }
                None => false,
            },
        }
    }

    /// Where `name` lives, said to a person.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Store::Dir(dir) => dir.join(name).display().to_string(),
            #[cfg(target_arch = "wasm32")]
            Store::Browser => format!("localStorage « agent-trace/{name} »"),
        }
    }
}

/// How long a save waits for another window's save to finish.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The lock file of a data folder, kept (empty) between sessions.
pub const LOCK_FILE: &str = ".agent-trace.lock";

fn lock_dir(dir: &std::path::Path) -> Result<Option<std::fs::File>, String> {
    use std::fs::TryLockError;
    let path = dir.join(LOCK_FILE);
    let said = |e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(dir).map_err(said)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(said)?;
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(format!(
                    "{}: another window has been saving for {} s",
                    path.display(),
                    LOCK_WAIT.as_secs()
                ));
            }
            // A file system without locks (some network shares): save unlocked, as before
            // locks existed, rather than not at all.
            Err(TryLockError::Error(_)) => return Ok(None),
        }
    }
}

/// Writes `bytes` to `path` atomically, creating the store's folder on first use.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::core::files::write_atomic(path, bytes)
}

/// `$XDG_DATA_HOME/agent-trace`, `~/.local/share/agent-trace`, `%APPDATA%\agent-trace`, or
/// `~/Library/Application Support/agent-trace`; the browser's storage on the web.
pub fn default_store() -> Option<Store> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(Store::Browser)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let dir = if cfg!(target_os = "windows") {
            env("APPDATA").map(|p| p.join("agent-trace"))
        } else if cfg!(target_os = "macos") {
            env("HOME").map(|h| h.join("Library/Application Support/agent-trace"))
        } else {
            env("XDG_DATA_HOME")
                .or_else(|| env("HOME").map(|h| h.join(".local/share")))
                .map(|d| d.join("agent-trace"))
        };
        dir.map(Store::Dir)
    }
}
