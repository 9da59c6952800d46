//! A generated corpus of hostile inputs, one family per way files broke the game or the
//! tools before: thousands of mistakes of one kind, text as other editors save it, special
//! files in a file's place, damaged results files. Every case runs the real binary under a
//! deadline, so a hang fails the test instead of blocking CI; the corpus is generated from a
//! fixed seed, so a failure is reproduced by running the test again.

mod common;

use agent_trace::core::play::results::{Record, csv_row, csv_start, parse_csv};
use agent_trace::core::play::rng::{ClassCode, Draws};
use common::{VALID_MINIMAL, scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what any case takes in a debug build (the slowest, 20,000 mistakes of three
/// kinds, takes about a second); a case still running then is stuck.
const DEADLINE: Duration = Duration::from_secs(60);

/// The binary with `args` (English messages), killed at [`DEADLINE`]: (exit code, stdout and
/// stderr together).
fn bounded(args: &[&str]) -> (i32, String) {
    let out_file = tempfile("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_agent-trace"))
        .args(args)
        .arg("--lang")
        .arg("en")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!(
                "`agent-trace {}` still running after {DEADLINE:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    let out = std::fs::read_to_string(&out_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    (status.code().unwrap_or(-1), out + &err)
}

/// A fixed stream of draws, one per family of cases.
fn seeded(family: &str) -> Draws {
    ClassCode::parse("CORPUS-1").unwrap().draws(family)
}

fn tempfile(what: &str) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!(
        "agent-trace-corpus-{}-{what}-{n}",
        std::process::id()
    ))
}

/// The minimal level with `extra` scenes before its ending.
fn level_with(extra: &str) -> String {
    let valid = std::fs::read_to_string(VALID_MINIMAL).unwrap();
    let at = valid.find("        End(id: \"fin\"").unwrap();
    format!("{}{extra}{}", &valid[..at], &valid[at..])
}

/// `n` copies of a scene with one mistake, numbered.
fn many(n: usize, scene: impl Fn(usize) -> String) -> String {
    (0..n).map(|i| scene(i) + "\n").collect()
}

#[test]
fn thousands_of_mistakes_are_checked_folded_and_counted() {
    let dir = scratch("corpus-mistakes");
    const N: usize = 20_000;
    let cases = [
        (
            "dangling-next",
            "E024",
            many(N, |i| {
                format!(r#"Story(id: "s{i}", text: (fr: "a", en: "a"), next: "nulle-part-{i}"),"#)
            }),
        ),
        (
            "bad-ids",
            "E022",
            many(N, |i| {
                format!(r#"Story(id: "Mauvais id {i}", text: (fr: "a", en: "a"), next: "fin"),"#)
            }),
        ),
        (
            "unset-flags",
            "W004",
            many(N, |i| {
                format!(
                    r#"Story(id: "f{i}", text: (fr: "a", en: "a"), branches: [(when: Flag("jamais-{i}"), next: "fin")], next: "fin"),"#
                )
            }),
        ),
    ];
    for (name, code, scenes) in &cases {
        let file = dir.join(format!("{name}.ron"));
        std::fs::write(&file, level_with(scenes)).unwrap();
        let (exit, out) = bounded(&["check", &file.to_string_lossy()]);
        assert_eq!(
            exit,
            i32::from(code.starts_with('E')),
            "{name}: {out:.2000}"
        );
        assert_folded(name, code, &out);
    }
    // Unknown glossary terms, and 40,000 warnings on one single line (no line breaks at all).
    let terms = level_with("").replace(
        "lesson: (",
        &format!(
            "glossary: [{}],\n        lesson: (",
            (0..N)
                .map(|i| format!("\"terme-{i}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let one_line = level_with(&many(40_000, |i| {
        format!(r#"Story(id: "orphelin-{i}", text: (fr: "a", en: "a"), next: "fin"),"#)
    }))
    .replace('\n', " ");
    for (name, text, code) in [("terms", terms, "E031"), ("one-line", one_line, "W002")] {
        let file = dir.join(format!("{name}.ron"));
        std::fs::write(&file, text).unwrap();
        let (_, out) = bounded(&["check", &file.to_string_lossy()]);
        assert_folded(name, code, &out);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A few of `code` shown, the rest counted: the output stays readable whatever their number.
fn assert_folded(name: &str, code: &str, out: &str) {
    assert!(out.matches(&format!("[{code}]")).count() <= 10, "{name}");
    assert!(
        out.contains(&format!("more {code} in this file")),
        "{name}: {out:.3000}"
    );
    assert!(
        out.len() < 64 * 1024,
        "{name}: {} bytes of output",
        out.len()
    );
}

#[test]
fn files_as_other_editors_and_systems_leave_them() {
    let dir = scratch("corpus-editors");
    // A campaign saved by Windows Notepad: a byte-order mark on every file, CRLF line ends.
    let windows = dir.join("windows");
    std::fs::create_dir_all(&windows).unwrap();
    for entry in std::fs::read_dir("levels").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let notepad = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        std::fs::write(windows.join(path.file_name().unwrap()), notepad).unwrap();
    }
    let (exit, out) = bounded(&["check", &windows.to_string_lossy()]);
    assert_eq!(exit, 0, "{out}");
    assert!(out.contains("12 valid level"), "{out}");
    // Special files where a level is expected: refused at once, the others still checked.
    #[cfg(unix)]
    {
        let odd = dir.join("odd");
        std::fs::create_dir_all(&odd).unwrap();
        std::fs::copy(VALID_MINIMAL, odd.join("a-good.ron")).unwrap();
        let fifo = odd.join("fifo.ron");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        std::os::unix::fs::symlink("/dev/zero", odd.join("zero.ron")).unwrap();
        std::os::unix::fs::symlink("/dev/urandom", odd.join("random.ron")).unwrap();
        let (exit, out) = bounded(&["check", &odd.to_string_lossy()]);
        assert_eq!(exit, 1, "{out}");
        for name in ["fifo.ron", "zero.ron", "random.ron"] {
            assert!(
                out.contains(&format!("{name}: error[E002]")),
                "{name}: {out}"
            );
        }
        assert!(out.contains("✓ fixture"), "{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn record(i: usize) -> Record {
    Record {
        level: "concours".into(),
        class_code: "LYNX-42".into(),
        label: format!("Élève {i}"),
        choices: "offre=1".into(),
        outcome: "success".into(),
        score: 50 + (i % 40) as i32,
        stars: (i % 4) as u8,
        duration_s: 300,
    }
}

/// A class's results file of `rows` rows as the game writes it.
fn results_text(rows: usize) -> String {
    csv_start() + &(0..rows).map(|i| csv_row(&record(i))).collect::<String>()
}

#[test]
fn damaged_results_files_cost_only_their_damaged_lines() {
    let dir = scratch("corpus-results");
    let mut draws = seeded("results");
    const ROWS: usize = 100;
    // One bad byte (NUL, a lone UTF-8 continuation, a truncated character) at a random row.
    for (n, byte) in [b'\0', 0x80, 0xC3].iter().cycle().take(12).enumerate() {
        let row = 1 + draws.below(ROWS as u32) as usize;
        let mut lines: Vec<Vec<u8>> = results_text(ROWS)
            .split_inclusive('\n')
            .map(|l| l.as_bytes().to_vec())
            .collect();
        let at = 2 + draws.below(lines[row].len() as u32 - 4) as usize;
        lines[row].insert(at, *byte);
        let file = dir.join(format!("bad-byte-{n}.csv"));
        std::fs::write(&file, lines.concat()).unwrap();
        let (exit, out) = report(&dir, &[&file]);
        assert_eq!(exit, 0, "{out}");
        assert!(
            out.contains(&format!("({} result(s)", ROWS - 1)),
            "{n}: {out}"
        );
        assert!(
            out.contains(&format!("bad-byte-{n}.csv:{}:", row + 1)),
            "line {}: {out}",
            row + 1
        );
    }
    // The same rows as French Excel saves them (Windows-1252, `;`), with lone-CR line ends,
    // and the game's own file given twice under two names.
    let excel: Vec<u8> = results_text(ROWS)
        .trim_start_matches('\u{feff}')
        .replace(',', ";")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect();
    let cr_only = results_text(ROWS).replace("\r\n", "\r");
    let files = [
        ("excel.csv", excel),
        ("cr-only.csv", cr_only.into_bytes()),
        ("a.csv", results_text(ROWS).into_bytes()),
        ("copy-of-a.csv", results_text(ROWS).into_bytes()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    for (name, _) in &files[..2] {
        let (exit, out) = report(&dir, &[&dir.join(name)]);
        assert_eq!(exit, 0, "{out}");
        assert!(out.contains(&format!("({ROWS} result(s)")), "{name}: {out}");
        let html = std::fs::read_to_string(dir.join("out.html")).unwrap();
        assert!(html.contains("LYNX-42"), "{name}");
    }
    let (_, out) = report(&dir, &[&dir.join("a.csv"), &dir.join("copy-of-a.csv")]);
    assert!(out.contains(&format!("({ROWS} result(s)")), "{out}");
    assert!(out.contains("same content as"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn report(dir: &Path, files: &[&Path]) -> (i32, String) {
    let out = dir.join("out.html");
    let mut args = vec!["report".to_string()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    args.extend(["-o".into(), out.to_string_lossy().into_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    bounded(&args)
}

#[test]
fn nothing_a_pupil_types_runs_as_a_spreadsheet_formula() {
    let mut draws = seeded("formulas");
    let starts = ["=", "+", "-", "@", "\t", "\r", "\t=", "\r+", "-+", "@@"];
    for i in 0..200 {
        let start = starts[draws.below(starts.len() as u32) as usize];
        let label = format!("{start}HYPERLINK(\"http://x\";\"{i}\")");
        let code = format!("{start}1+{i}");
        let row = csv_row(&Record {
            label: label.clone(),
            class_code: code.clone(),
            ..record(i)
        });
        // Every field of the written row, as a spreadsheet reads it, starts harmlessly; the
        // report reads the texts back as they were typed.
        for field in spreadsheet_fields(&row) {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{field:?} from {row:?}"
            );
        }
        let (read, bad) = parse_csv(&(csv_start() + &row));
        assert!(bad.is_empty(), "{row:?}");
        assert_eq!((&read[0].label, &read[0].class_code), (&label, &code));
    }
}

/// The fields of one CSV line as a spreadsheet splits them: quotes removed, `""` → `"`.
fn spreadsheet_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.trim_end_matches("\r\n").chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}
