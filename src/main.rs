use agent_trace::cli::{self, Cli};
#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    let args = Cli::parse();
    // In a browser the options come from the page's address: `?lang=en&seed=LYNX-42`.
    #[cfg(target_arch = "wasm32")]
    let args = agent_trace::game::web::args_from_url();
    match &args.command {
        Some(command) => std::process::exit(cli::run(command, args.lang, args.levels.as_deref())),
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
