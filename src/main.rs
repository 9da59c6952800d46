//! Assembles the program: parses the command line, then runs a subcommand or the game.

// On Windows the game opens no console window behind it; the commands (`check`, `report`…)
// write to the console they were typed in (`attach_console`).
#![cfg_attr(all(windows, feature = "game"), windows_subsystem = "windows")]

#[cfg(not(target_arch = "wasm32"))]
use agent_trace::cli::{self, Cli};
#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;

/// In a browser: no command line, no commands; the options come from the page's address.
#[cfg(target_arch = "wasm32")]
fn main() {
    let (launch, lang) = agent_trace::game::web::launch_from_url();
    agent_trace::game::run(launch, None, lang);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    attach_console();
    let args = Cli::parse();
    match args.command {
        Some(command) => std::process::exit(cli::run(
            &command,
            args.lang.unwrap_or_default(),
            args.levels.as_deref(),
        )),
        None => play(args),
    }
}

#[cfg(all(feature = "game", not(target_arch = "wasm32")))]
fn play(args: Cli) {
    agent_trace::game::run(args.launch, args.levels, args.lang);
}

#[cfg(all(not(feature = "game"), not(target_arch = "wasm32")))]
fn play(_: Cli) {
    eprintln!(
        "This build has no game (built with --no-default-features). Try `agent-trace check levels/`."
    );
    std::process::exit(2);
}

/// A Windows program without a console of its own writes nowhere: take the console of the
/// command prompt it was started from, if any (a double-click has none, and needs none).
#[cfg(all(windows, feature = "game"))]
fn attach_console() {
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    unsafe extern "system" {
        fn AttachConsole(process: u32) -> i32;
    }
    // SAFETY: a plain Win32 call with no pointers; failing (no parent console) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(all(not(all(windows, feature = "game")), not(target_arch = "wasm32")))]
fn attach_console() {}
