//! The command line: a thin layer over the core.

pub mod bench;
pub mod check;
pub mod debrief;
pub mod report;

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
    /// Show this screen (title, map, mission, debrief, dossier, settings, diagnostics,
    /// duel-setup, duel); with debrief or dossier the mission is first played the careful way,
    /// with duel five cards are played by two scripted teams.
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
    DuelSetup,
    Duel,
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
        "duel-setup" => ScreenArg::DuelSetup,
        "duel" => ScreenArg::Duel,
        _ => {
            return Err(format!(
                "`{s}`: title, map, mission, debrief, dossier, settings, diagnostics, duel-setup or duel"
            ));
        }
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}`: use fr or en"))
}

/// Runs a CLI subcommand; returns the process exit code. `levels` is the top-level
/// `--levels` (a subcommand's own `--levels` wins).
pub fn run(command: &Command, lang: Lang, levels: Option<&std::path::Path>) -> i32 {
    let top_levels = levels;
    match command {
        Command::Check { paths } => {
            let outcome = check::run(paths, lang, &mut std::io::stdout().lock());
            i32::from(outcome.errors > 0)
        }
        Command::Bench { sizes } => {
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
    }
}
