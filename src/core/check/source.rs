//! Reading a file a teacher points us at, whatever it is: never panic, never block.

use crate::core::check::diagnostic::Problem;
use crate::core::check::diagnostic::Span;
use crate::core::files::{ReadError, read_capped};
use std::path::Path;

/// The largest file read. A big level is a few hundred kB; a 10 000-scene generated one
/// about 3 MB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a text file, or says precisely why it cannot be a level.
pub fn read_text(path: &Path) -> Result<String, (Problem, Option<Span>)> {
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|e| {
        let problem = match e {
            ReadError::Missing(why) | ReadError::Unreadable(why) => Problem::Unreadable(why),
            ReadError::NotAFile => Problem::NotAFile,
            ReadError::TooBig { size, limit } => Problem::TooBig { size, limit },
        };
        (problem, None)
    })?;
    text_from_bytes(bytes)
}

/// Checks that bytes are UTF-8 text (the web build gets bytes over HTTP and calls this too).
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, (Problem, Option<Span>)> {
    // A NUL byte means a binary file, even when it comes before any invalid UTF-8.
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        return Err((Problem::NotUtf8, Some(end_of(&prefix))));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
            return Err((Problem::NotUtf8, Some(end_of(&prefix))));
        }
    };
    // Windows Notepad saves UTF-8 with a byte order mark: invisible to the teacher, so it is
    // dropped (and columns on line 1 stay as the teacher sees them).
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err((Problem::Empty, Some(Span::at(1, 1))));
    }
    Ok(text)
}

/// The position just after `prefix`.
fn end_of(prefix: &str) -> Span {
    let line = 1 + prefix.matches('\n').count();
    let col = 1 + prefix.rsplit('\n').next().map_or(0, |l| l.chars().count());
    Span::at(line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_bad_bytes() {
        let (p, span) = text_from_bytes(b"Level(\n  id: \xff".to_vec()).unwrap_err();
        assert_eq!(p, Problem::NotUtf8);
        assert_eq!(span, Some(Span::at(2, 7)));
        let (p, _) = text_from_bytes(b"  \n ".to_vec()).unwrap_err();
        assert_eq!(p, Problem::Empty);
        let (p, span) = text_from_bytes(b"ab\0".to_vec()).unwrap_err();
        assert_eq!((p, span), (Problem::NotUtf8, Some(Span::at(1, 3))));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let text = text_from_bytes(b"\xef\xbb\xbfLevel(".to_vec()).unwrap();
        assert_eq!(text, "Level(");
        let (p, _) = text_from_bytes(b"\xef\xbb\xbf \n".to_vec()).unwrap_err();
        assert_eq!(p, Problem::Empty);
    }

    #[test]
    fn refuses_directories_and_devices_without_blocking() {
        let (p, _) = read_text(Path::new(".")).unwrap_err();
        assert_eq!(p, Problem::NotAFile);
        #[cfg(unix)]
        {
            let (p, _) = read_text(Path::new("/dev/zero")).unwrap_err();
            assert_eq!(p, Problem::NotAFile);
        }
    }
}
