//! Command-line interface: the dashboard by default, and the headless subcommands.
//!
//! Only `main` reads [`Cli`]: [`Cli::invocation`] turns it into plain options for each mode
//! ([`Invocation`]), so no mode depends on the argument parser. Each subcommand shows only the
//! flags it uses; `--config` and `--log-level` are global.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{CheckArgs, OutputFormat};
use crate::checklist::cli::ChecklistCommand;
use crate::model::Env;
use crate::sim::SimArgs;
use crate::startup::GlobalOptions;

const GLOBAL: &str = "Global options";
const CONNECTION: &str = "Connection";
const DISPLAY: &str = "Display";

// Lines kept under 78 columns: clap wraps this text without indenting the rest.
const AFTER_HELP: &str = "\
Environment:
  EDUOPS_CONFIG_DIR    config dir: config.toml, keymap.toml, themes/, ...
  EDUOPS_DATA_DIR      data dir: audit.jsonl, checklist runs
  EDUOPS_STATE_DIR     log dir (default ~/.local/state/eduops)
  EDUOPS_ACCESS_TOKEN  a bearer token instead of the Azure sign-in chain
  EDUOPS_NOTIFY_URL    webhook of `eduops check` (keeps it out of argv)
  EDUOPS_LOG           log filter when --log-level is not given
  AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID
                       sign in as a service principal
  NO_COLOR             no colours (monochrome theme, plain check tables)

Files: `eduops --version` prints where they are.

Examples:
  eduops                        the dashboard (a simulator without config)
  eduops --env prod --read-only prod, every mutation refused
  eduops check --all-envs --deep --output json
  eduops checklist run daily --env prod
  eduops config validate
  eduops sim --port 8080 --seed 1";

#[derive(Debug, Parser)]
#[command(
    name = "eduops",
    about = "Operations dashboard for the AI education platform on Azure",
    disable_version_flag = true,
    max_term_width = 100,
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub display: DisplayArgs,
    /// Print the version and the config, data and log paths.
    #[arg(short = 'V', long, help_heading = GLOBAL)]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Configuration file instead of the one in the config directory.
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,
    /// How much goes to the log file.
    #[arg(long, global = true, value_name = "LEVEL", help_heading = GLOBAL)]
    pub log_level: Option<LogLevel>,
}

/// Where the data comes from and what may be changed: the dashboard, `check`, `checklist run`.
#[derive(Debug, Clone, Default, Args)]
pub struct ConnectionArgs {
    /// Environment to show or check first.
    #[arg(long, value_name = "ENV", help_heading = CONNECTION)]
    pub env: Option<Env>,
    /// Run against the built-in Azure simulator instead of Azure.
    #[arg(long, help_heading = CONNECTION)]
    pub demo: bool,
    /// Refuse every mutation (restart, start, stop, acknowledge, restore).
    #[arg(long, help_heading = CONNECTION)]
    pub read_only: bool,
    /// Azure subscription id (overrides the configuration).
    #[arg(long, value_name = "ID", help_heading = CONNECTION)]
    pub subscription: Option<String>,
    /// Resource Manager base URL (sovereign clouds, or a separately started `eduops sim`).
    #[arg(long, value_name = "URL", help_heading = CONNECTION)]
    pub arm_url: Option<String>,
}

/// How the screen looks: the dashboard and `checklist run`.
#[derive(Debug, Clone, Default, Args)]
pub struct DisplayArgs {
    /// Theme: default, light, high-contrast, monochrome, or a file in the config dir.
    #[arg(long, value_name = "NAME", help_heading = DISPLAY)]
    pub theme: Option<String>,
    /// Keymap preset: default, vim, or a file in the config dir.
    #[arg(long, value_name = "NAME", help_heading = DISPLAY)]
    pub keymap: Option<String>,
    /// ASCII chart markers and symbols (terminals without Unicode fonts).
    #[arg(long, help_heading = DISPLAY)]
    pub ascii: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

/// `--env` takes the environments eduops knows, so completion offers them.
impl ValueEnum for Env {
    fn value_variants<'a>() -> &'a [Self] {
        &Env::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// For people.
    Text,
    /// For machines.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    /// For people (colour only on a terminal, NO_COLOR respected).
    Table,
    /// For machines (schema `eduops.check/v1`, see the README).
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Headless health check for cron and CI (exit 0 healthy, 1 unhealthy, 2 could not check).
    Check(CheckCli),
    /// Operations checklists: run, list past runs, show or export a run.
    Checklist {
        #[command(subcommand)]
        command: ChecklistCli,
    },
    /// Show, create or check the configuration file.
    Config {
        #[command(subcommand)]
        command: ConfigCli,
    },
    /// Run the built-in Azure simulator as a standalone HTTP server.
    Sim(SimCli),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Install, e.g.:
  eduops completions bash > ~/.local/share/bash-completion/completions/eduops
  eduops completions zsh > ~/.zfunc/_eduops     (with fpath+=(~/.zfunc))
  eduops completions fish > ~/.config/fish/completions/eduops.fish")]
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), or write one per command into a directory.
    #[command(after_help = "\
Install, e.g.:
  eduops man --dir ~/.local/share/man/man1     then `man eduops`, `man eduops-check`")]
    Man {
        /// Write eduops.1 and eduops-COMMAND.1 pages into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
#[command(after_help = crate::check::EXIT_CODES_HELP)]
pub struct CheckCli {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Check dev, staging and prod (default: --env, else `default_env`).
    #[arg(long)]
    pub all_envs: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub output: TableOrJson,
    /// Also check alerts firing (Fired and New is unhealthy) and backup verdicts (a FAIL is
    /// unhealthy; WARN is reported only).
    #[arg(long)]
    pub deep: bool,
    /// Restart what is not Running (Failed, crash-looping), start what is Stopped; through
    /// the dashboard's safety rules and audit log. Refused in read-only mode.
    #[arg(long)]
    pub restart_unhealthy: bool,
    /// Confirm mutations in prod (there is no prompt: without it, prod restarts are refused).
    #[arg(long)]
    pub yes: bool,
    /// Slack-compatible webhook to POST a summary to when anything is unhealthy or unchecked.
    #[arg(
        long,
        value_name = "URL",
        env = "EDUOPS_NOTIFY_URL",
        hide_env_values = true
    )]
    pub notify: Option<String>,
    /// Notify even when everything is healthy.
    #[arg(long, requires = "notify")]
    pub notify_always: bool,
    /// A notification that could not be delivered makes the exit code at least 2.
    #[arg(long, requires = "notify")]
    pub notify_required: bool,
    /// Longest time for the checks (and again for restarts): 30s, 1m30s, 1.5s, 500ms.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = crate::check::parse_timeout)]
    pub timeout: std::time::Duration,
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCli {
    /// List the checklists and past runs (exit 1 when a user checklist file has errors).
    List {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        output: TextOrJson,
    },
    /// Show a past run (id, unique id prefix, `last`, or a run file path).
    Show {
        run: String,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        output: TextOrJson,
    },
    /// Export a run as Markdown, for an incident or hand-off note.
    Export {
        /// Run id, unique id prefix, `last`, or a run file path.
        run: String,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'f', value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Walk a checklist in the TUI (resumes an unfinished run of it).
    Run {
        /// Checklist name: daily, weekly, monthly, or a user checklist.
        name: String,
        #[command(flatten)]
        connection: ConnectionArgs,
        #[command(flatten)]
        display: DisplayArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCli {
    /// Print the path of the configuration file.
    Path {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        output: TextOrJson,
    },
    /// Write a commented example configuration (refuses to overwrite).
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Check a configuration file and the keymap and theme it names; every problem is
    /// reported as FILE:LINE:COLUMN, and the exit code is 1 if there is any.
    Validate {
        /// File to check (default: the configuration file in use).
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct SimCli {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed of the fleet's life (same seed, same story).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Virtual clock speed (1 = real time).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Virtual clock start, RFC 3339 (`2026-11-27T01:30:00Z`); default now. With the seed it
    /// fixes the whole story, for a demo or a bug report anyone can replay.
    #[arg(long, value_name = "TIME")]
    pub start: Option<chrono::DateTime<chrono::Utc>>,
    /// Fault injection rules (TOML, see faults/ in the source).
    #[arg(long, value_name = "FILE")]
    pub faults: Option<PathBuf>,
    /// Items per page of list responses before a `nextLink`.
    #[arg(long, default_value_t = 100)]
    pub page_size: usize,
    /// Accept any non-empty bearer token (e.g. one from `az account get-access-token`).
    #[arg(long)]
    pub accept_any_token: bool,
}

/// What to run, as plain options.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    Version,
    Dashboard(GlobalOptions),
    Check(GlobalOptions, CheckArgs),
    Checklist(GlobalOptions, ChecklistCommand),
    Config(GlobalOptions, ConfigCommand),
    Sim(SimArgs),
    Completions(clap_complete::Shell),
    Man { dir: Option<PathBuf> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigCommand {
    Path { json: bool },
    Init { force: bool },
    Validate { file: Option<PathBuf> },
}

impl Cli {
    pub fn log_level(&self) -> Option<&'static str> {
        self.global.log_level.map(LogLevel::as_str)
    }

    /// The mode to run. Connection and display flags written before a subcommand that has no
    /// use for them (`eduops --demo sim`) are an error rather than silently ignored.
    pub fn invocation(&self) -> Result<Invocation, String> {
        if self.version {
            return Ok(Invocation::Version);
        }
        let root = options(&self.global, &self.connection, &self.display);
        let Some(command) = &self.command else {
            return Ok(Invocation::Dashboard(root));
        };
        let root_display = root.theme.is_some() || root.keymap.is_some() || root.ascii;
        let root_connection = root.env.is_some()
            || root.demo
            || root.read_only
            || root.subscription.is_some()
            || root.arm_url.is_some();
        let refuse = |what: &str, name: &str| {
            Err(format!(
                "{what} options (before `{name}`) do not apply to `eduops {name}`; see `eduops {name} --help`"
            ))
        };
        let plain = GlobalOptions {
            config: self.global.config.clone(),
            ..GlobalOptions::default()
        };
        match command {
            Command::Check(c) => {
                if root_display {
                    return refuse("display", "check");
                }
                let opts = merge(root, &c.connection, &DisplayArgs::default());
                Ok(Invocation::Check(opts, check_args(c)))
            }
            Command::Checklist { command } => match command {
                ChecklistCli::Run {
                    name,
                    connection,
                    display,
                } => Ok(Invocation::Checklist(
                    merge(root, connection, display),
                    ChecklistCommand::Run { name: name.clone() },
                )),
                other => {
                    if root_display || root_connection {
                        return refuse("connection and display", "checklist");
                    }
                    let cmd = match other {
                        ChecklistCli::List { output } => ChecklistCommand::List {
                            json: *output == TextOrJson::Json,
                        },
                        ChecklistCli::Show { run, output } => ChecklistCommand::Show {
                            run: run.clone(),
                            json: *output == TextOrJson::Json,
                        },
                        ChecklistCli::Export { run, file } => ChecklistCommand::Export {
                            run: run.clone(),
                            file: file.clone(),
                        },
                        ChecklistCli::Run { name, .. } => {
                            ChecklistCommand::Run { name: name.clone() }
                        }
                    };
                    Ok(Invocation::Checklist(plain, cmd))
                }
            },
            Command::Config { command } => {
                if root_connection || root.ascii {
                    return refuse("connection", "config");
                }
                // `config validate` checks the keymap and theme the command line would use.
                let opts = GlobalOptions {
                    theme: root.theme.clone(),
                    keymap: root.keymap.clone(),
                    ..plain
                };
                let cmd = match command {
                    ConfigCli::Path { output } => ConfigCommand::Path {
                        json: *output == TextOrJson::Json,
                    },
                    ConfigCli::Init { force } => ConfigCommand::Init { force: *force },
                    ConfigCli::Validate { file } => ConfigCommand::Validate { file: file.clone() },
                };
                Ok(Invocation::Config(opts, cmd))
            }
            Command::Sim(s) => {
                if root_connection || root_display {
                    return refuse("connection and display", "sim");
                }
                Ok(Invocation::Sim(SimArgs {
                    port: s.port,
                    seed: s.seed,
                    speed: s.speed,
                    start: s.start,
                    faults: s.faults.clone(),
                    page_size: s.page_size,
                    accept_any_token: s.accept_any_token,
                }))
            }
            Command::Completions { shell } => {
                if root_connection || root_display {
                    return refuse("connection and display", "completions");
                }
                Ok(Invocation::Completions(*shell))
            }
            Command::Man { dir } => Ok(Invocation::Man { dir: dir.clone() }),
        }
    }
}

fn options(global: &GlobalArgs, c: &ConnectionArgs, d: &DisplayArgs) -> GlobalOptions {
    GlobalOptions {
        env: c.env,
        demo: c.demo,
        read_only: c.read_only,
        theme: d.theme.clone(),
        keymap: d.keymap.clone(),
        config: global.config.clone(),
        subscription: c.subscription.clone(),
        arm_url: c.arm_url.clone(),
        ascii: d.ascii,
    }
}

/// Flags after the subcommand win over the same flags before it.
fn merge(root: GlobalOptions, c: &ConnectionArgs, d: &DisplayArgs) -> GlobalOptions {
    GlobalOptions {
        env: c.env.or(root.env),
        demo: c.demo || root.demo,
        read_only: c.read_only || root.read_only,
        theme: d.theme.clone().or(root.theme),
        keymap: d.keymap.clone().or(root.keymap),
        config: root.config,
        subscription: c.subscription.clone().or(root.subscription),
        arm_url: c.arm_url.clone().or(root.arm_url),
        ascii: d.ascii || root.ascii,
    }
}

fn check_args(c: &CheckCli) -> CheckArgs {
    CheckArgs {
        all_envs: c.all_envs,
        output: match c.output {
            TableOrJson::Table => OutputFormat::Table,
            TableOrJson::Json => OutputFormat::Json,
        },
        deep: c.deep,
        restart_unhealthy: c.restart_unhealthy,
        yes: c.yes,
        notify: c.notify.clone(),
        notify_always: c.notify_always,
        notify_required: c.notify_required,
        timeout: c.timeout,
    }
}
