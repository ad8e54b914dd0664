//! Command-line interface: the dashboard by default, and the headless subcommands.
//!
//! Only `main` reads [`Cli`]; every mode gets plain options ([`Cli::global_options`]) so none
//! depends on the argument parser.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::model::Env;
use crate::startup::GlobalOptions;

#[derive(Debug, Parser)]
#[command(
    name = "eduops",
    about = "Operations dashboard for the AI education platform on Azure",
    disable_version_flag = true
)]
pub struct Cli {
    /// Environment to show first (dev, staging, prod).
    #[arg(long, global = true, value_parser = parse_env)]
    pub env: Option<Env>,
    /// Run against the built-in Azure simulator instead of Azure.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Refuse every mutation (restart, start, stop, acknowledge, restore).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Theme name (default, light, high-contrast, monochrome) or a theme file in the config dir.
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// Keymap preset (default, vim) or a keymap file in the config dir.
    #[arg(long, global = true)]
    pub keymap: Option<String>,
    /// Configuration file to use instead of the one in the config directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Log level for the log file (error, warn, info, debug, trace).
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
    /// Azure subscription id (overrides the configuration).
    #[arg(long, global = true, value_name = "ID")]
    pub subscription: Option<String>,
    /// Resource Manager base URL (sovereign clouds, or a separately started `eduops sim`).
    #[arg(long, global = true, value_name = "URL")]
    pub arm_url: Option<String>,
    /// ASCII chart markers and symbols (for terminals without Unicode fonts).
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Print version and the config, data and log paths.
    #[arg(short = 'V', long)]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The global flags, as every mode takes them.
    pub fn global_options(&self) -> GlobalOptions {
        GlobalOptions {
            env: self.env,
            demo: self.demo,
            read_only: self.read_only,
            theme: self.theme.clone(),
            keymap: self.keymap.clone(),
            config: self.config.clone(),
            subscription: self.subscription.clone(),
            arm_url: self.arm_url.clone(),
            ascii: self.ascii,
        }
    }
}

fn parse_env(s: &str) -> Result<Env, String> {
    s.parse()
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show, create or check the configuration file.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print shell completions.
    Completions { shell: clap_complete::Shell },
    /// Run the built-in Azure simulator as a standalone HTTP server.
    Sim(crate::sim::SimArgs),
    /// Headless health check for cron and CI (exit 0 healthy, 1 unhealthy, 2 could not check).
    Check(crate::check::CheckArgs),
    /// Operations checklists: run, list past runs, export a run as Markdown.
    Checklist {
        #[command(subcommand)]
        command: crate::checklist::cli::ChecklistCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the configuration file.
    Path,
    /// Write a commented example configuration (refuses to overwrite).
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Check a configuration file; exits non-zero with located errors.
    Validate {
        /// File to check (default: the configuration file in use).
        file: Option<PathBuf>,
    },
}
