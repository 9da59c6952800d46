//! Hostile files: the checker never panics nor hangs, gives each bad file its own located
//! diagnostic, still checks the good ones, and exits 1.

mod common;

use common::{check_en as check, scratch};
use std::path::Path;

#[test]
fn each_hostile_file_gets_its_own_located_diagnostic() {
    let dir = scratch("files");
    let valid = std::fs::read_to_string("tests/fixtures/valid-minimal.ron").unwrap();
    std::fs::write(dir.join("a-valid.ron"), &valid).unwrap();
    std::fs::write(dir.join("empty.ron"), "").unwrap();
    std::fs::write(
        dir.join("binary.ron"),
        [0x7f, b'E', b'L', b'F', 0, 1, 2, 0xff, 0xfe],
    )
    .unwrap();
    std::fs::write(dir.join("latin1.ron"), b"Level(\n  id: \"caf\xe9\",\n)").unwrap();
    std::fs::write(dir.join("truncated.ron"), &valid[..valid.len() / 2]).unwrap();
    std::fs::write(dir.join("nested.ron"), "[".repeat(100_000)).unwrap();
    std::fs::write(
        dir.join("nested-parens.ron"),
        format!("Level(id: {}", "(".repeat(100_000)),
    )
    .unwrap();
    let deep_condition = valid.replace(
        "(text: (fr: \"Ne rien donner du tout\"",
        &format!(
            "(when: {}Flag(\"x\"){}, text: (fr: \"Ne rien donner du tout\"",
            "Not(".repeat(100_000),
            ")".repeat(100_000)
        ),
    );
    assert_ne!(deep_condition, valid);
    std::fs::write(dir.join("nested-condition.ron"), deep_condition).unwrap();
    let huge = format!("// {}\n", "x".repeat(9 * 1024 * 1024));
    std::fs::write(dir.join("huge.ron"), huge).unwrap();
    // A folder named like a level is searched, not read.
    std::fs::create_dir(dir.join("folder.ron")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", dir.join("device.ron")).unwrap();
        std::os::unix::fs::symlink(dir.join("missing-target"), dir.join("dangling.ron")).unwrap();
    }

    let (code, out) = check(&[&dir]);
    assert_eq!(code, 1, "{out}");
    let d = dir.to_string_lossy();
    let expect = [
        format!("{d}/empty.ron:1:1: error[E005]: the file is empty"),
        format!("{d}/binary.ron:1:5: error[E004]"),
        format!("{d}/latin1.ron:2:11: error[E004]"),
        format!("{d}/truncated.ron:"),
        format!("{d}/nested.ron:1:1: error[E010]"),
        format!("{d}/nested-parens.ron:1:10: error[E010]"),
        format!("{d}/nested-condition.ron:11:"),
        format!("{d}/huge.ron: error[E003]: file too big"),
        format!("{d}/device.ron: error[E002]: this is not a regular file"),
        format!("{d}/dangling.ron: error[E001]: cannot read the file"),
        "✓ fixture: 4 scenes".to_string(),
    ];
    for e in &expect {
        assert!(out.contains(e.as_str()), "missing `{e}` in:\n{out}");
    }
    assert!(
        out.contains("error[E011]: too many nested brackets"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn paths_given_one_by_one_and_missing_paths() {
    let dir = scratch("args");
    let (code, out) = check(&[&dir.join("nope.ron")]);
    assert_eq!(code, 1);
    assert!(out.contains("nope.ron: error[E001]"), "{out}");
    let (code, out) = check(&[&dir]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[E053]: no .ron file in this folder"),
        "{out}"
    );
    let (code, out) = check(&[Path::new("tests/fixtures/valid-minimal.ron")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("1 valid level(s), 0 error(s), 0 warning(s)"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_level_saved_with_a_byte_order_mark_is_valid() {
    // Windows Notepad saves "UTF-8" with a byte order mark.
    let dir = scratch("bom");
    let valid = std::fs::read(common::VALID_MINIMAL).unwrap();
    let path = dir.join("notepad.ron");
    std::fs::write(&path, [b"\xef\xbb\xbf".as_slice(), &valid].concat()).unwrap();
    let (code, out) = check(&[&path]);
    assert_eq!(code, 0, "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn many_mistakes_of_one_kind_are_shown_a_few_times_then_counted() {
    let dir = scratch("many");
    let stories: String = (0..30)
        .map(|i| {
            format!("        Story(id: \"s{i}\", text: (fr: \"x\", en: \"x\"), next: \"sx{i}\"),\n")
        })
        .collect();
    let valid = std::fs::read_to_string(common::VALID_MINIMAL).unwrap();
    let text = valid.replacen("    scenes: [\n", &format!("    scenes: [\n{stories}"), 1);
    let path = dir.join("many.ron");
    std::fs::write(&path, text).unwrap();
    let (code, out) = check(&[&path]);
    assert_eq!(code, 1, "{out}");
    let shown = out.matches("error[E024]").count();
    assert_eq!(
        shown,
        agent_trace::core::check::diagnostic::SHOWN_PER_CODE,
        "{out}"
    );
    let rest = 30 - agent_trace::core::check::diagnostic::SHOWN_PER_CODE;
    assert!(
        out.contains(&format!("… and {rest} more E024 in this file, not shown.")),
        "{out}"
    );
    assert!(out.contains("30 error(s)"), "every error is counted: {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
