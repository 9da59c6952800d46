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
    /// Open this mission directly (its id, e.g. `concours`).
    #[arg(long)]
    pub level: Option<String>,
    /// Teacher preview: open the mission at this scene, with every option's effects shown.
    #[arg(long, requires = "level")]
    pub scene: Option<String>,
    /// Class code fixing every random draw, e.g. LYNX-42.
    #[arg(long)]
    pub seed: Option<String>,
    /// Show this screen (title, map, mission, debrief, dossier, settings, diagnostics); with
    /// debrief or dossier the mission is first played the careful way.
    #[arg(long, value_parser = parse_screen)]
    pub screen: Option<ScreenArg>,
    /// Render the chosen screen, save it as a PNG here, and exit.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
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

/// A screen named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenArg {
    Title,
    Map,
    Mission,
    Debrief,
    Dossier,
    Settings,
    Diagnostics,
}

fn parse_screen(s: &str) -> Result<ScreenArg, String> {
    Ok(match s {
        "title" => ScreenArg::Title,
        "map" => ScreenArg::Map,
        "mission" => ScreenArg::Mission,
        "debrief" => ScreenArg::Debrief,
        "dossier" => ScreenArg::Dossier,
        "settings" => ScreenArg::Settings,
        "diagnostics" => ScreenArg::Diagnostics,
        _ => {
            return Err(format!(
                "`{s}`: title, map, mission, debrief, dossier, settings or diagnostics"
            ));
        }
    })
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
