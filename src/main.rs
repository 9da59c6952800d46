//! Assembles the program: parses the command line, then runs a subcommand or the game.

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
