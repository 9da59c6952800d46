//! The command line: a thin layer over the core.

pub mod bench;
pub mod check;
pub mod debrief;
pub mod map;
pub mod report;
pub mod stats;
pub mod strings;
pub mod watch;

use crate::core::model::text::Lang;
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
    /// (Default: French for commands; the game keeps the language saved in its settings.)
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Play the missions of this folder (its campaign.ron, or every level file in it).
    #[arg(long)]
    pub levels: Option<PathBuf>,
    /// What the game opens with: a mission, a scene, a class code, a screen, a screenshot.
    #[cfg(feature = "game")]
    #[command(flatten)]
    pub launch: crate::game::launch::Launch,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check level files like a compiler (default: levels/). Exit code 1 if there are errors.
    Check {
        /// Files or folders (a folder with campaign.ron is checked as a campaign).
        paths: Vec<PathBuf>,
        /// Also print, per mission, the figures that say whether the right answer must be
        /// thought out (best option the longest, best option sharing, refuse-all outcome,
        /// minutes).
        #[arg(long)]
        stats: bool,
        /// Keep watching: check again each time a file is saved, clear the screen and print
        /// the result, the summary first (stop with Ctrl+C).
        #[arg(long)]
        watch: bool,
    },
    /// Time the checker on generated levels of 1k, 10k and 100k scenes.
    Bench {
        /// Sizes to generate (scenes per level).
        #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000, 100_000])]
        sizes: Vec<usize>,
        /// Instead: time levels with this many errors (wrong scene names, glossary terms, flags),
        /// checked and printed as `check` does, e.g. 10000,20000,100000.
        #[arg(long, value_delimiter = ',')]
        errors: Vec<usize>,
    },
    /// Merge a class's results files (CSV) into one printable HTML page (no JavaScript).
    Report {
        /// Results files exported by the game (results.csv), one or more.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The HTML page to write (never one of the results files).
        #[arg(short, long)]
        output: PathBuf,
        /// The campaign the results were played on: a folder or its campaign.ron
        /// (default: levels/).
        #[arg(long)]
        levels: Option<PathBuf>,
    },
    /// Write a mission's printable debrief sheet (HTML) for the class.
    Debrief {
        /// A mission id of the campaign (e.g. concours) or a level file (.ron).
        level: String,
        /// The HTML page to write.
        #[arg(short, long)]
        output: PathBuf,
        /// The campaign's folder or its campaign.ron (default: levels/).
        #[arg(long)]
        levels: Option<PathBuf>,
    },
    /// Draw a mission's map (HTML + SVG, no JavaScript, prints on A4): every scene, where
    /// each option leads, the careful and careless paths, unreachable scenes and traps.
    Map {
        /// A level file (.ron) or a mission id of the campaign (e.g. concours).
        level: String,
        /// The HTML page to write.
        #[arg(short, long)]
        output: PathBuf,
        /// The campaign's folder or its campaign.ron, for a mission id (default: levels/).
        #[arg(long)]
        levels: Option<PathBuf>,
    },
    /// Every text pupils read in a spreadsheet (CSV) for proofreading and translation, and
    /// back into the level files: `strings export [PATHS…] -o textes.csv`, `strings import
    /// textes.csv`.
    Strings {
        #[command(subcommand)]
        action: strings::Action,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}`: use fr or en"))
}

/// Runs a CLI subcommand; returns the process exit code. `levels` is the top-level
/// `--levels` (a subcommand's own `--levels` wins).
pub fn run(command: &Command, lang: Lang, levels: Option<&std::path::Path>) -> i32 {
    let top_levels = levels;
    match command {
        Command::Check {
            paths,
            stats,
            watch: true,
        } => watch::run(paths, lang, *stats, &mut std::io::stdout()),
        Command::Check { paths, stats, .. } => {
            let outcome = check::run(paths, lang, *stats, &mut std::io::stdout().lock());
            i32::from(outcome.errors > 0)
        }
        Command::Bench { sizes, errors } if !errors.is_empty() => {
            let _ = sizes;
            bench::run_errors(errors, &mut std::io::stdout().lock());
            0
        }
        Command::Bench { sizes, .. } => {
            bench::run(sizes, &mut std::io::stdout().lock());
            0
        }
        Command::Report {
            files,
            output,
            levels,
        } => report::run(
            files,
            output,
            levels.as_deref().or(top_levels),
            lang,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Command::Debrief {
            level,
            output,
            levels,
        } => debrief::run(
            level,
            output,
            levels.as_deref().or(top_levels),
            lang,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Command::Map {
            level,
            output,
            levels,
        } => map::run(
            level,
            output,
            levels.as_deref().or(top_levels),
            lang,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Command::Strings { action } => strings::run(
            action,
            lang,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
    }
}
