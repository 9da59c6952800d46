//! The command line: a thin layer over the core.

pub mod bench;
pub mod check;

use crate::core::text::Lang;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "agent-trace",
    version,
    about = "Agent Trace — un jeu sérieux sur les données personnelles / a serious game about personal data"
)]
pub struct Cli {
    /// Language of the game and of messages: fr or en.
    #[arg(long, global = true, default_value = "fr", value_parser = parse_lang)]
    pub lang: Lang,
    /// Play the missions of this folder (its campaign.ron, or every level file in it).
    #[arg(long)]
    pub levels: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check level files like a compiler (default: levels/). Exit code 1 if there are errors.
    Check {
        /// Files or folders (a folder with campaign.ron is checked as a campaign).
        paths: Vec<PathBuf>,
    },
    /// Time the checker on generated levels of 1k, 10k and 100k scenes.
    Bench {
        /// Sizes to generate (scenes per level).
        #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000, 100_000])]
        sizes: Vec<usize>,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}`: use fr or en"))
}

/// Runs a CLI subcommand; returns the process exit code.
pub fn run(command: &Command, lang: Lang) -> i32 {
    match command {
        Command::Check { paths } => {
            let outcome = check::run(paths, lang, &mut std::io::stdout().lock());
            i32::from(outcome.errors > 0)
        }
        Command::Bench { sizes } => {
            bench::run(sizes, &mut std::io::stdout().lock());
            0
        }
    }
}
