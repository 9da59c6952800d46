//! Files read and written safely, for the checker, the game's saves and the command line's
//! pages: reading never blocks nor runs away (a FIFO, a device, an endless file), writing is
//! never half done. One reader and one writer for all, so a fix reaches every caller.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing there (the system's words).
    Missing(String),
    /// A folder, a FIFO, a device…: not a regular file (never read).
    NotAFile,
    /// Larger than the cap (`size` as far as it was seen).
    TooBig { size: u64, limit: u64 },
    /// The system refused (permissions, I/O error), in its words.
    Unreadable(String),
}

/// Reads a regular file of at most `limit` bytes. The file is opened without blocking and the
/// *opened handle* is checked, so a file swapped for a FIFO between a check and the open can
/// neither block nor be read; reading stops past the cap even if the file grows meanwhile.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(|e| match e.kind() {
        // No such file, or a path through something that is not a folder: nothing is there.
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
            ReadError::Missing(e.to_string())
        }
        _ => ReadError::Unreadable(e.to_string()),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooBig {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK returns at once (and
    // changes nothing for a regular file).
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Writes `bytes` to `path` through a temporary file beside it, synced to disk, and a rename
/// (then the folder is synced): a reader sees the old file or the new one, never half. The temporary name carries the process id, so two
/// windows writing the same file never share one; it is removed when the rename fails. The
/// folder must exist (callers that own their folder create it first).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    // Unique per process and per call: two threads of one process writing the same file at
    // once must not share (and rename away) each other's temporary file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()));
    write_synced(&tmp, bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    // The rename itself is on disk only once the folder is (a power cut could otherwise bring
    // the old file back). Not every system lets a folder be opened: best effort.
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Writes the bytes and waits until they are on disk, so a rename never points at a file the
/// disk has not got yet.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("agent-trace-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("progress.ron");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "only the file itself remains");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reading_refuses_folders_devices_fifos_and_big_files_without_blocking() {
        assert_eq!(read_capped(Path::new("."), 100), Err(ReadError::NotAFile));
        assert!(matches!(
            read_capped(Path::new("/nonexistent/agent-trace"), 100),
            Err(ReadError::Missing(_))
        ));
        #[cfg(unix)]
        {
            assert_eq!(
                read_capped(Path::new("/dev/zero"), 100),
                Err(ReadError::NotAFile)
            );
            let dir = std::env::temp_dir().join(format!("agent-trace-fifo-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let fifo = dir.join("progress.ron");
            let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
            // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert_eq!(read_capped(&fifo, 100), Err(ReadError::NotAFile));
            std::fs::remove_dir_all(&dir).unwrap();
        }
        let dir = std::env::temp_dir().join(format!("agent-trace-big-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.ron");
        std::fs::write(&big, vec![b'x'; 101]).unwrap();
        assert_eq!(
            read_capped(&big, 100),
            Err(ReadError::TooBig {
                size: 101,
                limit: 100
            })
        );
        assert_eq!(read_capped(&big, 101).unwrap().len(), 101);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_creation() {
        let path = std::env::temp_dir()
            .join(format!("agent-trace-missing-{}", std::process::id()))
            .join("page.html");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.parent().unwrap().exists());
    }
}
