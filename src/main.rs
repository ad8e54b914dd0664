use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use eduops::cli::{Cli, ConfigCommand, Invocation};
use eduops::config::{Paths, Settings, settings::EXAMPLE};
use eduops::startup::{self, GlobalOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let paths = Paths::discover();
    let invocation = match cli.invocation() {
        Ok(i) => i,
        Err(e) => {
            let mut cmd = Cli::command();
            cmd.error(clap::error::ErrorKind::ArgumentConflict, e)
                .exit();
        }
    };
    match &invocation {
        Invocation::Version => {
            println!("eduops {}", env!("CARGO_PKG_VERSION"));
            println!("config: {}", paths.config_file().display());
            println!("data:   {}", paths.data_dir.display());
            println!("logs:   {}", paths.log_dir().display());
            return ExitCode::SUCCESS;
        }
        Invocation::Completions(shell) => {
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "eduops", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Invocation::Man { dir } => return man(dir.as_deref()),
        _ => {}
    }
    if let Err(e) = eduops::tui::install_hooks() {
        eprintln!("eduops: {e}");
    }
    let _log_guard = eduops::logging::init(&paths.log_dir(), cli.log_level());
    match run(invocation, paths) {
        Ok(code) => code,
        Err(e) => {
            eduops::tui::restore();
            eprintln!("eduops: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(invocation: Invocation, paths: Paths) -> color_eyre::Result<ExitCode> {
    match invocation {
        Invocation::Config(opts, command) => config_command(&opts, &paths, &command),
        Invocation::Sim(args) => {
            runtime()?.block_on(eduops::sim::run_standalone(args))?;
            Ok(ExitCode::SUCCESS)
        }
        Invocation::Check(opts, args) => Ok(eduops::check::run(&opts, &args, &paths)),
        Invocation::Checklist(opts, command) => checklist_command(&opts, &paths, &command),
        Invocation::Dashboard(opts) => dashboard(&opts, &paths, None),
        // Answered before logging starts.
        Invocation::Version | Invocation::Completions(_) | Invocation::Man { .. } => {
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `eduops man`: the page of `eduops` on standard output, or one page per command in `dir`.
fn man(dir: Option<&std::path::Path>) -> ExitCode {
    let cmd = Cli::command();
    let result = match dir {
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout()),
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(cmd, dir))
            .map(|()| println!("wrote man pages to {}", dir.display())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eduops: cannot write the man page: {e}");
            ExitCode::from(2)
        }
    }
}

fn config_command(
    opts: &GlobalOptions,
    paths: &Paths,
    command: &ConfigCommand,
) -> color_eyre::Result<ExitCode> {
    let path = opts.config.clone().unwrap_or_else(|| paths.config_file());
    match command {
        ConfigCommand::Path { json: false } => {
            println!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Path { json: true } => {
            let doc = serde_json::json!({
                "schema": "eduops.paths/v1",
                "config_file": path,
                "exists": path.is_file(),
                "config_dir": paths.config_dir,
                "data_dir": paths.data_dir,
                "log_dir": paths.log_dir(),
                "audit_log": paths.audit_log(),
                "checklist_runs_dir": paths.checklist_runs_dir(),
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Init { force } => {
            if path.exists() && !force {
                eprintln!(
                    "eduops: {} already exists; use --force to overwrite it",
                    path.display()
                );
                return Ok(ExitCode::from(1));
            }
            eduops::fsutil::write_atomic(&path, EXAMPLE.as_bytes())?;
            println!("wrote {}", path.display());
            println!("next: set subscription_id, run `az login`, then `eduops`");
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Validate { file } => {
            let file = file.clone().unwrap_or(path);
            let mut ok = true;
            match Settings::load_checked(&file) {
                Ok(settings) => {
                    println!("{}: ok", file.display());
                    if let Err(e) = startup::load_keymap(opts, &settings, paths) {
                        eprintln!("{e}");
                        ok = false;
                    }
                    if let Err(e) = startup::load_theme(opts, &settings, paths) {
                        eprintln!("{e}");
                        ok = false;
                    }
                }
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{e}");
                    }
                    let n = errors.len();
                    eprintln!(
                        "{}: {n} problem{}",
                        file.display(),
                        if n == 1 { "" } else { "s" }
                    );
                    ok = false;
                }
            }
            if let Err(e) = std::io::stdout().flush() {
                eprintln!("eduops: cannot write to standard output: {e}");
                ok = false;
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn checklist_command(
    opts: &GlobalOptions,
    paths: &Paths,
    command: &eduops::checklist::cli::ChecklistCommand,
) -> color_eyre::Result<ExitCode> {
    use eduops::checklist::cli::{Execution, execute};
    let (settings, _) = startup::load_settings(opts, paths)?;
    let mut out = std::io::stdout();
    match execute(command, opts.env, paths, &settings, &mut out) {
        Ok(Execution::Exit(code)) => Ok(ExitCode::from(u8::try_from(code).unwrap_or(1))),
        Ok(Execution::StartTui {
            checklist,
            env,
            resume,
        }) => dashboard(
            opts,
            paths,
            Some(eduops::app::Msg::StartChecklist {
                checklist,
                env,
                resume,
            }),
        ),
        Err(e) => {
            eprintln!("eduops: {e}");
            Ok(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
        }
    }
}

fn dashboard(
    opts: &GlobalOptions,
    paths: &Paths,
    start_checklist: Option<eduops::app::Msg>,
) -> color_eyre::Result<ExitCode> {
    // Everything that can fail on a user's file fails here, before the terminal goes raw.
    let (settings, config_file) = startup::load_settings(opts, paths)?;
    let keymap = startup::load_keymap(opts, &settings, paths)?;
    let theme = startup::load_theme(opts, &settings, paths)?;
    runtime()?.block_on(eduops::dashboard::start(
        opts,
        settings,
        config_file,
        keymap,
        theme,
        start_checklist,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Two workers: the machine eduops runs on is often a small jump host.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
