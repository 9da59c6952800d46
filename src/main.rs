use agent_trace::cli::{self, Cli};
use clap::Parser;

fn main() {
    let args = Cli::parse();
    match &args.command {
        Some(command) => std::process::exit(cli::run(command, args.lang)),
        None => play(&args),
    }
}

#[cfg(feature = "game")]
fn play(args: &Cli) {
    agent_trace::game::run(args);
}

#[cfg(not(feature = "game"))]
fn play(_: &Cli) {
    eprintln!(
        "This build has no game (built with --no-default-features). Try `agent-trace check levels/`."
    );
    std::process::exit(2);
}
