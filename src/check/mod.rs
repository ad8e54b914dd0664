//! `eduops check`: the ops guide's `health-check.sh`, headless, for cron and CI.
//!
//! One process checks every service of one environment (or all three) in parallel through the
//! same client as the dashboard, prints a table or JSON, optionally restarts what is down
//! (through the same gate rules and audit log as the TUI) and posts to a Slack webhook. The exit
//! code is what a scheduler acts on; see [`ExitStatus`].

mod args;
mod deep;
mod gather;
mod notify;
mod report;
mod restart;
mod table;

use std::process::ExitCode;

use crate::config::Paths;
use crate::startup::GlobalOptions;

pub use args::{CheckArgs, EXIT_CODES_HELP, OutputFormat, parse_timeout};
pub use deep::{AlertLine, BackupVerdict, Verdict, judge_cosmos, judge_sql};
pub use report::{
    ActionResult, CheckReport, EnvReport, ExitStatus, NotifyResult, SCHEMA, ServiceLine, Summary,
};

/// Runs `eduops check` to its end and returns the process exit code (see [`ExitStatus`]).
pub fn run(opts: &GlobalOptions, args: &CheckArgs, paths: &Paths) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("eduops check: could not start the async runtime: {e}");
            return ExitStatus::CouldNotCheck.into();
        }
    };
    let status = rt.block_on(gather::run(opts, args, paths));
    // Pending keep-alive connections of the embedded simulator must not hold the exit.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    status.into()
}
