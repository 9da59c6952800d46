//! Bounded fuzzing: a fixed number of random mutations of the shipped levels, drawn from a
//! fixed seed, go through the whole check pipeline, so every run (on any machine) tries the
//! same cases. Nothing may panic; every rejected file must say where.

use agent_trace::core::check;
use agent_trace::core::check::source::text_from_bytes;
use agent_trace::core::check::validate::Context;
use agent_trace::core::play::rng::ClassCode;
use std::time::{Duration, Instant};

/// Enough to try every mutation kind many times on every file, small enough for CI (about six
/// seconds in a debug build on two cores). Every case always runs.
const ITERATIONS: usize = 3_000;
/// A safety net only: far above what the cases take; a run still going then has hit a hang
/// or a blow-up in the checker, and the test fails saying so.
const TIME_CAP: Duration = Duration::from_secs(180);

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<String> = std::fs::read_dir("levels")
        .unwrap()
        .flatten()
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| {
            p.ends_with(".ron") && !p.ends_with("campaign.ron") && !p.ends_with("glossary.ron")
        })
        .collect();
    files.push("docs/template.ron".into());
    files.push("tests/fixtures/valid-minimal.ron".into());
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let b = std::fs::read(&f).unwrap();
            (f, b)
        })
        .collect()
}

const SPICE: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"\"",
    b"'",
    b"//",
    b"/*",
    b"#",
    b"\\",
    b"r#\"",
    b"\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"-",
    b"9999999999999999999999",
    b"Some(",
    b"None",
    b"true",
    b"next: \"nowhere\"",
    b"when: Flag(\"zz\"), ",
    b"Not(",
    b"\xe2\x80\xa6",
    b"Story(",
    b"End(",
];

fn mutate(bytes: &[u8], d: &mut agent_trace::core::play::rng::Draws) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let rounds = 1 + d.below(4);
    for _ in 0..rounds {
        let len = out.len().max(1) as u32;
        let at = d.below(len) as usize;
        match d.below(6) {
            0 => {
                let n = (d.below(64) as usize).min(out.len() - at.min(out.len()));
                out.drain(at..at + n);
            }
            1 => {
                let spice = SPICE[d.below(SPICE.len() as u32) as usize];
                let at = at.min(out.len());
                out.splice(at..at, spice.iter().copied());
            }
            2 => {
                let end = (at + d.below(200) as usize).min(out.len());
                let chunk: Vec<u8> = out[at.min(end)..end].to_vec();
                out.splice(end..end, chunk);
            }
            3 => out.truncate(at),
            4 => {
                if at < out.len() {
                    out[at] = d.next_u32() as u8;
                }
            }
            _ => {
                // Swap two lines.
                let text = String::from_utf8_lossy(&out).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 2 {
                    let a = d.below(lines.len() as u32) as usize;
                    let b = d.below(lines.len() as u32) as usize;
                    lines.swap(a, b);
                }
                out = lines.join("\n").into_bytes();
            }
        }
    }
    out
}

/// What checking one mutated file gave: `None` when it is not text at all (refused before
/// parsing), otherwise every error with its code, whether it has a position, and both renderings.
type Found = Option<Vec<(&'static str, bool, [String; 2])>>;

/// The whole pipeline on one file, as `agent-trace check` runs it: bytes → text → parse →
/// validate → render (both languages). Only this runs under `catch_unwind`.
fn check_bytes(file: &str, bytes: Vec<u8>) -> Found {
    use agent_trace::core::model::text::Lang;
    let text = text_from_bytes(bytes).ok()?;
    let parsed = check::parse_level_text(file, text);
    let checked = check::validate_level(parsed, Context::default());
    let source = checked.checked.source.as_deref();
    Some(
        checked
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|e| {
                (
                    e.problem.code(),
                    e.span.is_some(),
                    [e.render(source, Lang::Fr), e.render(source, Lang::En)],
                )
            })
            .collect(),
    )
}

#[test]
fn mutated_levels_never_crash_the_checker() {
    let corpus = corpus();
    assert!(corpus.len() >= 2);
    let mut d = ClassCode::parse("FUZZ-1").unwrap().draws("fuzz");
    let started = Instant::now();
    let mut rejected = 0;
    for i in 0..ITERATIONS {
        assert!(
            started.elapsed() <= TIME_CAP,
            "only {i} of {ITERATIONS} mutations checked in {TIME_CAP:?}: the checker is stuck \
             or far too slow on a mutation of {}",
            corpus[i % corpus.len()].0
        );
        let (name, bytes) = &corpus[i % corpus.len()];
        let mutated = mutate(bytes, &mut d);
        let file = format!("{name}#{i}");
        let outcome = std::panic::catch_unwind(|| check_bytes(&file, mutated.clone()))
            .unwrap_or_else(|_| {
                let path = std::env::temp_dir().join("agent-trace-fuzz-crash.ron");
                std::fs::write(&path, &mutated).unwrap();
                panic!(
                    "the checker panicked on a mutation of {name} (iteration {i}), saved to {}",
                    path.display()
                )
            });
        let Some(errors) = outcome else {
            rejected += 1;
            continue;
        };
        for (code, located, [fr, en]) in &errors {
            assert!(
                !fr.is_empty() && !en.is_empty(),
                "{file}: {code} renders empty"
            );
            // A parse or reference error always says where.
            if *code < "E040" && *code != "E020" && *code != "E021" {
                assert!(located, "{file}: {code} has no position:\n{en}");
            }
        }
        rejected += usize::from(!errors.is_empty());
    }
    assert!(
        rejected > ITERATIONS / 4,
        "mutations should mostly break files: {rejected}/{ITERATIONS}"
    );
    eprintln!(
        "fuzz: {ITERATIONS} mutations in {:?}, {rejected} rejected with located errors",
        started.elapsed()
    );
}
