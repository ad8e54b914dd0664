//! Background refresh: one task per kind of data, each with its own interval, all off the
//! render path. Results go to the app as messages; a failure is a message too, so the pane
//! keeps its last good data and says what failed.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::app::{Backups, ChartWindow, Msg, PollTarget};
use crate::azure::{AzureClient, MetricInterval};
use crate::config::Settings;

/// Lines of log tail fetched for the Logs pane.
pub const LOG_TAIL: u32 = 500;

/// Handles to steer the pollers: where to look, and "now, please".
pub struct Pollers {
    target: watch::Sender<PollTarget>,
    refresh: watch::Sender<u64>,
    tasks: Vec<JoinHandle<()>>,
}

impl Pollers {
    pub fn retarget(&self, t: PollTarget) {
        self.target.send_if_modified(|cur| {
            if *cur == t {
                false
            } else {
                *cur = t;
                true
            }
        });
    }

    pub fn refresh_now(&self) {
        self.refresh.send_modify(|n| *n += 1);
    }
}

impl Drop for Pollers {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

pub fn interval_of(window: ChartWindow) -> MetricInterval {
    match window.grain_minutes() {
        5 => MetricInterval::FiveMinutes,
        _ => MetricInterval::OneMinute,
    }
}

/// Starts the pollers; they run until the returned handle is dropped.
pub fn spawn(
    client: AzureClient,
    settings: Arc<Settings>,
    initial: PollTarget,
    tx: mpsc::UnboundedSender<Msg>,
) -> Pollers {
    let (target, target_rx) = watch::channel(initial);
    let (refresh, refresh_rx) = watch::channel(0u64);
    let r = &settings.refresh;
    let secs = Duration::from_secs;
    let mut tasks = Vec::new();

    for (kind, every) in [
        (Kind::Services, r.state_secs),
        (Kind::Metrics, r.metrics_secs),
        (Kind::Alerts, r.alerts_secs),
        (Kind::Backups, r.backups_secs),
        (Kind::Logs, r.logs_secs),
    ] {
        tasks.push(tokio::spawn(poll_loop(
            kind,
            secs(every),
            client.clone(),
            settings.clone(),
            target_rx.clone(),
            refresh_rx.clone(),
            tx.clone(),
        )));
    }
    Pollers {
        target,
        refresh,
        tasks,
    }
}

/// One refresh of every kind, in order, as the pollers would send them (tests, first frame).
pub async fn refresh_all(
    client: &AzureClient,
    settings: &Settings,
    target: &PollTarget,
) -> Vec<Msg> {
    let mut out = Vec::new();
    for kind in [
        Kind::Services,
        Kind::Metrics,
        Kind::Alerts,
        Kind::Backups,
        Kind::Logs,
    ] {
        if let Some(m) = fetch(kind, client, settings, target.clone()).await {
            out.push(m);
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Services,
    Metrics,
    Alerts,
    Backups,
    Logs,
}

/// One refresh of one kind; `None` when there is nothing to fetch (no log view open).
async fn fetch(kind: Kind, c: &AzureClient, s: &Settings, t: PollTarget) -> Option<Msg> {
    let targets = s.targets(t.env);
    let text = |e: crate::azure::AzureError| e.to_string();
    Some(match kind {
        Kind::Services => Msg::Services(t.env, c.service_statuses(&targets).await.map_err(text)),
        Kind::Metrics => Msg::Usage(
            t.env,
            t.window,
            c.usage(&targets, t.window.duration(), interval_of(t.window))
                .await
                .map_err(text),
        ),
        Kind::Alerts => Msg::Alerts(t.env, c.alerts(&targets).await.map_err(text)),
        Kind::Backups => {
            let (sql, cosmos) = tokio::join!(
                c.sql_backup_status(&targets),
                c.cosmos_backup_status(&targets)
            );
            Msg::Backups(
                t.env,
                Backups {
                    sql: Some(sql.map_err(text)),
                    cosmos: Some(cosmos.map_err(text)),
                },
            )
        }
        Kind::Logs => {
            // Logs cost a request each time: fetch them only while someone looks.
            let service = t.logs?;
            let cg = targets
                .services
                .iter()
                .find(|(svc, _)| *svc == service)
                .map(|(_, cg)| cg.clone())?;
            Msg::Logs {
                env: t.env,
                service,
                result: c
                    .container_logs(&targets, &cg, LOG_TAIL)
                    .await
                    .map_err(text),
            }
        }
    })
}

async fn poll_loop(
    kind: Kind,
    interval: Duration,
    client: AzureClient,
    settings: Arc<Settings>,
    mut target_rx: watch::Receiver<PollTarget>,
    mut refresh_rx: watch::Receiver<u64>,
    tx: mpsc::UnboundedSender<Msg>,
) {
    loop {
        let target = target_rx.borrow_and_update().clone();
        let fut = fetch(kind, &client, &settings, target);
        // A new target abandons the fetch for the old one: its answer would be dropped anyway.
        let result = tokio::select! {
            r = fut => r,
            changed = target_rx.changed() => {
                if changed.is_err() { return; }
                continue;
            }
        };
        if let Some(msg) = result
            && tx.send(msg).is_err()
        {
            return;
        }
        // Azure's own throttling hint stretches the wait before Azure has to say 429.
        let wait = client.poll_interval(interval);
        tracing::trace!(poller = ?kind, ?wait, "next refresh");
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            changed = target_rx.changed() => if changed.is_err() { return; },
            changed = refresh_rx.changed() => if changed.is_err() { return; },
        }
    }
}

/// The value of a part of the evidence, or its error noted under `part`.
fn kept<T>(
    failures: &mut std::collections::BTreeMap<String, String>,
    part: &str,
    r: Result<T, crate::azure::AzureError>,
) -> Option<T> {
    r.map_err(|e| failures.insert(part.to_string(), e.to_string()))
        .ok()
}

/// Everything the checklist auto-checks judge, fetched once for `env`: states, 24 hours of
/// CPU and memory, alerts, backups, Key Vault secret metadata and every service's log tail.
/// Each part that fails is left out (`None`) with its error in `failures`, so its check says
/// "could not judge" and why, never "pass".
pub async fn gather_evidence(
    client: &AzureClient,
    settings: &Settings,
    env: crate::model::Env,
) -> crate::checklist::auto::Snapshot {
    let t = settings.targets(env);
    let (services, usage, alerts, sql, cosmos, secrets) = tokio::join!(
        client.service_statuses(&t),
        client.usage(&t, chrono::Duration::hours(24), MetricInterval::FiveMinutes),
        client.alerts(&t),
        client.sql_backup_status(&t),
        client.cosmos_backup_status(&t),
        client.secrets(&t),
    );
    let tails = futures::future::join_all(t.services.iter().map(|(service, cg)| {
        let t = &t;
        async move {
            (
                service.clone(),
                client.container_logs(t, cg, LOG_TAIL).await,
            )
        }
    }))
    .await;
    let mut failures = std::collections::BTreeMap::new();
    let f = &mut failures;
    let (services, usage, alerts) = (
        kept(f, "services", services),
        kept(f, "usage", usage),
        kept(f, "alerts", alerts),
    );
    let (sql, cosmos, secrets) = (
        kept(f, "sql", sql),
        kept(f, "cosmos", cosmos),
        kept(f, "secrets", secrets),
    );
    let mut logs = std::collections::BTreeMap::new();
    for (service, tail) in tails {
        match tail {
            Ok(text) => {
                logs.insert(service, text);
            }
            Err(e) => {
                failures.insert("logs".into(), format!("{service}: {e}"));
            }
        }
    }
    crate::checklist::auto::Snapshot {
        services,
        usage,
        alerts,
        sql,
        cosmos,
        secrets,
        logs,
        now: client.server_now().await,
        thresholds: settings.thresholds.clone(),
        failures,
    }
}
