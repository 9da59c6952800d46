//! Assembles the program: parses the command line, then runs a subcommand or the game.

use agent_trace::cli::{self, Cli};
use clap::Parser;

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    let args = Cli::parse();
    // In a browser the options come from the page's address: `?lang=en&seed=LYNX-42`; a bad
    // one is reported in the console and the defaults are used.
    #[cfg(target_arch = "wasm32")]
    let args = Cli::try_parse_from(agent_trace::game::web::url_args()).unwrap_or_else(|e| {
        agent_trace::game::web::console_warn(&e.to_string());
        Cli::parse_from(["agent-trace"])
    });
    match args.command {
        Some(command) => std::process::exit(cli::run(
            &command,
            args.lang.unwrap_or_default(),
            args.levels.as_deref(),
        )),
        None => play(args),
    }
}

#[cfg(feature = "game")]
fn play(args: Cli) {
    agent_trace::game::run(args.launch, args.levels, args.lang);
}

#[cfg(not(feature = "game"))]
fn play(_: Cli) {
    eprintln!(
        "This build has no game (built with --no-default-features). Try `agent-trace check levels/`."
    );
    std::process::exit(2);
}
