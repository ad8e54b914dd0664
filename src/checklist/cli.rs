//! `eduops checklist …` subcommands.
//!
//! `run` needs the TUI, which this module does not own: [`execute`] returns
//! [`Execution::StartTui`] and the caller opens the walkthrough.

use std::io::Write;
use std::path::PathBuf;

use super::export::to_markdown;
use super::model::{Catalog, Checklist, Origin};
use super::run::Run;
use super::store::{RunStore, StoreError};
use crate::config::{Paths, Settings};
use crate::format::duration::hms;
use crate::model::Env;

/// A `checklist` subcommand (the command line fills it in `cli`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistCommand {
    /// The checklists and past runs (exit 1 when a user checklist file has errors).
    List { json: bool },
    /// A past run: id, unique id prefix, `last`, or a run file path.
    Show { run: String, json: bool },
    /// A run as Markdown, to standard output or to `file`.
    Export { run: String, file: Option<PathBuf> },
    /// Walk a checklist in the TUI (resumes an unfinished run of it).
    Run { name: String },
}

/// What the caller does after [`execute`].
#[derive(Debug)]
pub enum Execution {
    /// Done; exit with this code.
    Exit(i32),
    /// Open the walkthrough of `checklist` on `env`; `resume` is the unfinished run of the same
    /// checklist and environment, if there is one, to continue instead of starting anew.
    StartTui {
        checklist: Box<Checklist>,
        env: Env,
        resume: Option<Box<Run>>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ChecklistCliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    UnknownChecklist(String),
    #[error("cannot write {}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ChecklistCliError {
    /// 2: the request could not be carried out (bad name, missing or corrupt run, I/O).
    pub fn exit_code(&self) -> i32 {
        2
    }
}

/// Runs a non-TUI checklist subcommand, writing its output to `out`. `env` is the global `--env`.
pub fn execute(
    cmd: &ChecklistCommand,
    env: Option<Env>,
    paths: &Paths,
    settings: &Settings,
    out: &mut dyn Write,
) -> Result<Execution, ChecklistCliError> {
    let store = RunStore::new(paths.checklist_runs_dir());
    let stdout_err = |source| ChecklistCliError::Output {
        path: PathBuf::from("<stdout>"),
        source,
    };
    match cmd {
        ChecklistCommand::List { json } => {
            let catalog = Catalog::load(&paths.user_checklists_dir());
            if *json {
                list_json(&catalog, &store, out).map_err(stdout_err)?;
            } else {
                list(&catalog, &store, out).map_err(stdout_err)?;
            }
            let bad = !catalog.errors.is_empty();
            Ok(Execution::Exit(if bad { 1 } else { 0 }))
        }
        ChecklistCommand::Show { run, json } => {
            let run = store.resolve(run)?;
            if *json {
                let text = serde_json::to_string_pretty(&run).map_err(std::io::Error::other);
                text.and_then(|t| writeln!(out, "{t}"))
                    .map_err(stdout_err)?;
            } else {
                show(&run, out).map_err(stdout_err)?;
            }
            Ok(Execution::Exit(0))
        }
        ChecklistCommand::Export { run, file } => {
            let run = store.resolve(run)?;
            let md = to_markdown(&run);
            match file {
                Some(path) => {
                    std::fs::write(path, md).map_err(|source| ChecklistCliError::Output {
                        path: path.clone(),
                        source,
                    })?;
                    writeln!(out, "wrote {}", path.display()).map_err(stdout_err)?;
                }
                None => out.write_all(md.as_bytes()).map_err(stdout_err)?,
            }
            Ok(Execution::Exit(0))
        }
        ChecklistCommand::Run { name } => {
            let catalog = Catalog::load(&paths.user_checklists_dir());
            let checklist = match catalog.find(name) {
                Ok(c) => c.clone(),
                Err(msg) => {
                    // A broken user file may be the checklist asked for: say why it is missing.
                    let mut msg = msg;
                    for e in &catalog.errors {
                        msg.push_str(&format!("\n  skipped {e}"));
                    }
                    return Err(ChecklistCliError::UnknownChecklist(msg));
                }
            };
            let env = env.unwrap_or(settings.default_env);
            let resume = store
                .list()
                .runs
                .into_iter()
                .find(|r| !r.is_finished() && r.checklist == checklist.name && r.env == env);
            Ok(Execution::StartTui {
                checklist: Box::new(checklist),
                env,
                resume: resume.map(Box::new),
            })
        }
    }
}

fn list(catalog: &Catalog, store: &RunStore, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Checklists:")?;
    for c in &catalog.checklists {
        let origin = match &c.origin {
            Origin::Shipped => "shipped".to_string(),
            Origin::User(p) => p.display().to_string(),
        };
        let autos = c.items.iter().filter(|i| i.auto.is_some()).count();
        writeln!(
            out,
            "  {:<10} {} — {} ({} items, {autos} auto-checked; {origin})",
            c.name,
            c.title,
            c.title_en,
            c.items.len()
        )?;
    }
    for e in &catalog.errors {
        writeln!(out, "  error: {e}")?;
    }
    let runs = store.list();
    writeln!(out, "\nRuns in {}:", store.dir().display())?;
    if runs.runs.is_empty() && runs.errors.is_empty() {
        writeln!(out, "  none yet")?;
    }
    for r in &runs.runs {
        let (done, total) = r.progress();
        let state = if r.is_finished() {
            "finished"
        } else {
            "UNFINISHED"
        };
        writeln!(
            out,
            "  {:<32} {:<8} {:<7} {:<12} {done}/{total}  {} fail  {:<10} {}",
            r.id,
            r.checklist,
            r.env.as_str(),
            r.operator,
            r.count(super::run::Outcome::Fail),
            state,
            r.started_at.format("%Y-%m-%d %H:%M UTC"),
        )?;
    }
    for e in &runs.errors {
        writeln!(out, "  error: {e}")?;
    }
    Ok(())
}

/// `checklist list --output json`: schema `eduops.checklists/v1`.
fn list_json(catalog: &Catalog, store: &RunStore, out: &mut dyn Write) -> std::io::Result<()> {
    let checklists: Vec<serde_json::Value> = catalog
        .checklists
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name,
                "title": c.title,
                "title_en": c.title_en,
                "items": c.items.len(),
                "auto_checked": c.items.iter().filter(|i| i.auto.is_some()).count(),
                "origin": match &c.origin {
                    Origin::Shipped => "shipped".to_string(),
                    Origin::User(p) => p.display().to_string(),
                },
            })
        })
        .collect();
    let listing = store.list();
    let runs: Vec<serde_json::Value> = listing
        .runs
        .iter()
        .map(|r| {
            let (answered, total) = r.progress();
            serde_json::json!({
                "id": r.id,
                "checklist": r.checklist,
                "env": r.env.as_str(),
                "operator": r.operator,
                "answered": answered,
                "items": total,
                "failed": r.count(super::run::Outcome::Fail),
                "finished": r.is_finished(),
                "started_at": r.started_at,
                "finished_at": r.finished_at,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "schema": "eduops.checklists/v1",
        "checklists": checklists,
        "checklist_errors": catalog.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "runs_dir": store.dir(),
        "runs": runs,
        "run_errors": listing.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    writeln!(out, "{text}")
}

fn show(run: &Run, out: &mut dyn Write) -> std::io::Result<()> {
    let (done, total) = run.progress();
    writeln!(out, "{} — {} ({})", run.title, run.title_en, run.env)?;
    writeln!(out, "run {}  operator {}", run.id, run.operator)?;
    let end = run
        .finished_at
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "unfinished".to_string());
    writeln!(
        out,
        "started {}  finished {end}  {done}/{total} answered  {} spent",
        run.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
        hms(run.seconds_spent())
    )?;
    for (i, item) in run.items.iter().enumerate() {
        let mark = item
            .outcome
            .map(|o| format!("{} {}", o.symbol(), o.label()))
            .unwrap_or_else(|| "· ----".to_string());
        let flag = if item.overridden { "  [override]" } else { "" };
        writeln!(
            out,
            "\n{:>2}. {mark:<7} {} / {}{flag}",
            i + 1,
            item.ko,
            item.en
        )?;
        if let Some(e) = &item.evidence {
            writeln!(
                out,
                "    auto-check {}: {} {}",
                e.check.as_str(),
                e.verdict.symbol(),
                e.verdict.label()
            )?;
            for line in &e.lines {
                writeln!(out, "      {line}")?;
            }
        }
        if let Some(a) = &item.action_result {
            writeln!(
                out,
                "    action {}: {} {}",
                a.action.as_str(),
                a.verdict.symbol(),
                a.verdict.label()
            )?;
            for line in &a.lines {
                writeln!(out, "      {line}")?;
            }
        }
        for line in item.note.lines() {
            writeln!(out, "    note: {line}")?;
        }
    }
    Ok(())
}
