//! What the integration tests share: scratch folders, running the binary, the shipped
//! campaign and the fixtures' paths, the bots (moves and players), and (with the game) a
//! headless game.
//! Each test file keeps only its tests.

// Every test file is a crate of its own and uses only some of these.
#![allow(dead_code)]

pub mod bots;
#[cfg(feature = "game")]
pub mod game;

use agent_trace::core::check::{self, CampaignCheck, Disk, load};
use agent_trace::core::model::campaign::Glossary;
use agent_trace::core::model::level::Level;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

/// The shipped campaign's manifest and glossary (tests run from the crate's folder).
pub const CAMPAIGN: &str = "levels/campaign.ron";
pub const GLOSSARY: &str = "levels/glossary.ron";
/// The commented template level of the teachers' docs.
pub const TEMPLATE: &str = "docs/template.ron";
/// The smallest valid level, and the folder of broken ones (each with its expected message).
pub const VALID_MINIMAL: &str = "tests/fixtures/valid-minimal.ron";
pub const BROKEN: &str = "tests/fixtures/broken";

/// A new empty folder for one test, unique to this test binary (its process id).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agent-trace-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the `agent-trace` binary: (exit code, stdout, stderr).
pub fn agent_trace<S: AsRef<OsStr>>(args: &[S]) -> (i32, String, String) {
    agent_trace_env(args, &[])
}

/// Runs the `agent-trace` binary with these environment variables set (`Some`) or removed
/// (`None`): (exit code, stdout, stderr).
pub fn agent_trace_env<S: AsRef<OsStr>>(
    args: &[S],
    env: &[(&str, Option<&OsStr>)],
) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agent-trace"));
    command.args(args);
    for (name, value) in env {
        match value {
            Some(v) => command.env(name, v),
            None => command.env_remove(name),
        };
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shipped campaign, checked.
pub fn campaign() -> CampaignCheck {
    check::check_campaign(&Disk, CAMPAIGN)
}

/// The shipped levels in playing order; each must be playable.
pub fn campaign_levels() -> Vec<Arc<Level>> {
    campaign()
        .levels
        .iter()
        .map(|(_, l)| Arc::new(l.playable().expect("shipped levels pass check").clone()))
        .collect()
}

/// The shipped glossary.
pub fn glossary() -> Glossary {
    let src = std::fs::read_to_string(GLOSSARY).unwrap();
    load::parse(GLOSSARY, &src).unwrap()
}

/// The parsed levels of a checked campaign, in playing order.
pub fn parsed_levels(c: &CampaignCheck) -> Vec<&Level> {
    c.levels
        .iter()
        .map(|(_, l)| l.checked.value.as_ref().expect("parses"))
        .collect()
}

/// The shipped campaign's playable levels with their chapter, as the duel deals them; every
/// shipped level must be playable.
pub fn playable_levels() -> Vec<(usize, Arc<Level>)> {
    let c = campaign();
    let levels = c.playable_levels();
    assert_eq!(
        levels.len(),
        c.levels.len(),
        "every shipped level is playable"
    );
    levels
}

/// Runs `agent-trace --lang en check PATHS…`: (exit code, stdout followed by stderr).
pub fn check_en<P: AsRef<OsStr>>(paths: &[P]) -> (i32, String) {
    let mut args: Vec<&OsStr> = vec![OsStr::new("--lang"), OsStr::new("en"), OsStr::new("check")];
    args.extend(paths.iter().map(AsRef::as_ref));
    let (code, out, err) = agent_trace(&args);
    (code, out + &err)
}
