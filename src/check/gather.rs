//! The run of one `eduops check`: configuration, connection, the checks in parallel under the
//! timeout, restarts, notification, output, exit status.

use std::io::{IsTerminal, Write};

use super::args::{CheckArgs, OutputFormat};
use super::report::{CheckReport, EnvReport, ExitStatus, SCHEMA, ServiceLine, Summary};
use super::restart::Restarts;
use super::{deep, notify, table};
use crate::audit::AuditLog;
use crate::azure::AzureClient;
use crate::config::{Paths, Settings};
use crate::connect::DataSource;
use crate::model::Env;
use crate::mutation::Executor;
use crate::startup::GlobalOptions;

pub async fn run(opts: &GlobalOptions, args: &CheckArgs, paths: &Paths) -> ExitStatus {
    // Everything the operator can get wrong is refused before any request is sent.
    let webhook = match args
        .notify
        .as_deref()
        .map(notify::parse_webhook)
        .transpose()
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("eduops check: {e}");
            return ExitStatus::CouldNotCheck;
        }
    };
    let (mut settings, config_file) = match crate::startup::load_settings(opts, paths) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitStatus::CouldNotCheck;
        }
    };
    // One attempt may not outlast the whole check.
    let whole = args.timeout.as_secs().max(1);
    settings.azure.timeout_secs = settings.azure.timeout_secs.clamp(1, whole);
    let envs: Vec<Env> = if args.all_envs {
        Env::ALL.to_vec()
    } else {
        vec![opts.env.unwrap_or(settings.default_env)]
    };
    let conn = match crate::connect::connect(opts, settings, config_file.as_deref()).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("eduops check: could not check: {e}");
            return ExitStatus::CouldNotCheck;
        }
    };
    tracing::info!(envs = ?envs, endpoint = %conn.client.endpoint(), deep = args.deep, "check started");
    let client = &conn.client;
    let settings = &conn.settings;

    let checks = envs
        .iter()
        .map(|&env| check_env(client, settings, env, args));
    let environments = futures::future::join_all(checks).await;
    let mut report = CheckReport {
        schema: SCHEMA,
        checked_at: chrono::Utc::now(),
        source: match conn.source {
            DataSource::Azure { .. } => "azure".into(),
            DataSource::Simulated { .. } => "simulator".into(),
        },
        endpoint: client.endpoint(),
        deep: args.deep,
        environments,
        summary: Summary::default(),
        notification: None,
    };

    if args.restart_unhealthy {
        let audit = AuditLog::new(paths.audit_log());
        // The identity Azure will see: the token's claim, else the OS user.
        let operator = match client.operator().await {
            Some(o) => o,
            None => crate::audit::os_user(),
        };
        let restarts = Restarts {
            executor: Executor {
                client,
                settings,
                audit: &audit,
                operator: &operator,
            },
            read_only: opts.read_only,
            yes: args.yes,
            timeout: args.timeout,
        };
        for e in report.environments.iter_mut() {
            if e.error.is_none() {
                let t = settings.targets(e.env);
                restarts.restart_unhealthy(e.env, &t, &mut e.services).await;
            }
        }
    }

    let mut status = report.summarize();
    if let Some(url) = &webhook
        && (args.notify_always || report.needs_attention())
    {
        let result = notify::post(url, &notify::message(&report)).await;
        if !result.delivered {
            let why = result.error.as_deref().unwrap_or("unknown error");
            eprintln!(
                "eduops check: notification to {} failed after {} attempt(s): {why}",
                result.host, result.attempts
            );
            tracing::error!(host = %result.host, "notification failed: {why}");
            if args.notify_required {
                status = status.max(ExitStatus::CouldNotCheck);
                report.set_status(status);
            }
        }
        report.notification = Some(result);
    }

    explain_on_stderr(&report);
    print(&report, args, settings);
    tracing::info!(status = ?status, "check finished");
    status
}

async fn check_env(
    client: &AzureClient,
    settings: &Settings,
    env: Env,
    args: &CheckArgs,
) -> EnvReport {
    let t = settings.targets(env);
    let mut report = EnvReport {
        env,
        resource_group: t.resource_group.clone(),
        error: None,
        services: Vec::new(),
        alerts: None,
        backups: None,
        deep_errors: Vec::new(),
    };
    let work = async {
        let deep_work = async {
            if args.deep {
                Some(deep::gather(client, &t, &settings.thresholds).await)
            } else {
                None
            }
        };
        tokio::join!(client.service_statuses(&t), deep_work)
    };
    match tokio::time::timeout(args.timeout, work).await {
        Err(_) => {
            report.error = Some(format!(
                "no answer from {} within {:?}",
                client.endpoint(),
                args.timeout
            ));
        }
        Ok((statuses, deep)) => {
            match statuses {
                Ok(list) => report.services = list.iter().map(ServiceLine::from_status).collect(),
                Err(e) => report.error = Some(format!("{e} (endpoint {})", client.endpoint())),
            }
            if let Some(d) = deep {
                report.alerts = Some(d.alerts);
                report.backups = Some(d.backups);
                report.deep_errors = d.errors;
            }
        }
    }
    if let Some(e) = &report.error {
        tracing::error!(env = %env, "could not check: {e}");
    }
    report
}

/// What a scheduler's mail should say even when stdout is JSON piped elsewhere.
fn explain_on_stderr(r: &CheckReport) {
    for e in &r.environments {
        if let Some(err) = &e.error {
            eprintln!("eduops check: could not check {}: {err}", e.env);
        }
        for l in &e.services {
            if let Some(a) = &l.action
                && a.is_refused()
            {
                eprintln!(
                    "eduops check: {} {} in {} {}",
                    a.operation, l.container_group, e.env, a.outcome
                );
            }
        }
    }
}

fn print(r: &CheckReport, args: &CheckArgs, settings: &Settings) {
    let mut out = std::io::stdout().lock();
    let text = match args.output {
        OutputFormat::Json => match serde_json::to_string_pretty(r) {
            Ok(mut j) => {
                j.push('\n');
                j
            }
            Err(e) => {
                eprintln!("eduops check: could not write JSON: {e}");
                return;
            }
        },
        OutputFormat::Table => {
            let style = table::Style {
                color: std::io::stdout().is_terminal() && !crate::startup::no_color(),
                ascii: settings.ui.ascii,
            };
            table::render(r, &style)
        }
    };
    // A closed pipe (`| head`) is not worth a panic; the exit code still tells.
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        tracing::warn!(error = %e, "check report not fully written to stdout");
    }
}
