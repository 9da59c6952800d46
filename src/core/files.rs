//! Writing files so that nothing is ever half written: the game's saves and results, the
//! command line's pages. One writer for both, so a fix to it (fsync, clean-up) reaches all.

use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it and a rename: a reader sees the
/// old file or the new one, never half. The temporary name carries the process id, so two
/// windows writing the same file never share one; it is removed when the rename fails. The
/// folder must exist (callers that own their folder create it first).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
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
    fn a_missing_folder_is_an_error_not_a_creation() {
        let path = std::env::temp_dir()
            .join(format!("agent-trace-missing-{}", std::process::id()))
            .join("page.html");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.parent().unwrap().exists());
    }
}
