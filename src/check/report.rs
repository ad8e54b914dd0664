//! What a check found, as the JSON document `--output json` prints (schema [`SCHEMA`]), and
//! the exit code it implies.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::deep::{AlertLine, BackupVerdict, Verdict};
use crate::health::service::{Health, service_health};
use crate::model::{AlertState, Env, ServiceState, ServiceStatus};

/// Name and version of the JSON document; bumped on any incompatible change.
pub const SCHEMA: &str = "eduops.check/v1";

/// The process exit codes; when several apply, the highest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExitStatus {
    Healthy = 0,
    Unhealthy = 1,
    CouldNotCheck = 2,
    Refused = 3,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(s.code())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub schema: &'static str,
    pub checked_at: DateTime<Utc>,
    /// `azure` or `simulator`.
    pub source: String,
    /// Origin of the Resource Manager endpoint used.
    pub endpoint: String,
    pub deep: bool,
    pub environments: Vec<EnvReport>,
    pub summary: Summary,
    /// `null` when no `--notify` was given or nothing called for a notification.
    pub notification: Option<NotifyResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvReport {
    pub env: Env,
    pub resource_group: String,
    /// Why this environment could not be checked; `services` is then empty.
    pub error: Option<String>,
    pub services: Vec<ServiceLine>,
    /// With `--deep`: alerts currently Fired (New or Acknowledged).
    pub alerts: Option<Vec<AlertLine>>,
    /// With `--deep`: SQL and Cosmos DB backup verdicts.
    pub backups: Option<Vec<BackupVerdict>>,
    /// With `--deep`: what could not be read (alerts, a backup).
    pub deep_errors: Vec<String>,
}

/// One service, as the JSON schema documents it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceLine {
    pub service: String,
    pub container_group: String,
    pub state: ServiceState,
    /// `healthy`, `unhealthy` or `unknown` (could not be read).
    pub health: Health,
    pub restart_count: u32,
    pub reason: Option<String>,
    pub provisioning_state: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    /// What `--restart-unhealthy` did about it; `null` when it was not asked or not needed.
    pub action: Option<ActionResult>,
}

impl ServiceLine {
    pub fn from_status(s: &ServiceStatus) -> ServiceLine {
        let health = service_health(s);
        ServiceLine {
            service: s.service.clone(),
            container_group: s.container_group.clone(),
            state: s.state,
            health,
            restart_count: s.restart_count,
            reason: s.reason.clone(),
            provisioning_state: s.provisioning_state.clone(),
            started_at: s.started_at,
            action: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionResult {
    /// `restart` or `start`; `none` when skipped.
    pub operation: String,
    /// `succeeded`, `failed: …`, `refused: …`, `skipped: …`, `unknown: …`.
    pub outcome: String,
}

impl ActionResult {
    pub fn is_refused(&self) -> bool {
        self.outcome.starts_with("refused")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// `healthy`, `unhealthy`, `could-not-check` or `refused`, as the exit code.
    pub status: String,
    pub exit_code: u8,
    pub environments: usize,
    pub environments_unchecked: usize,
    pub services: usize,
    pub healthy: usize,
    pub unhealthy: usize,
    pub unknown: usize,
    /// With `--deep`: alerts Fired and New.
    pub alerts_firing: usize,
    pub backup_failures: usize,
    pub backup_warnings: usize,
    pub restarts_succeeded: usize,
    pub restarts_failed: usize,
    pub restarts_refused: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotifyResult {
    /// Host of the webhook only: the rest of a Slack webhook URL is its secret.
    pub host: String,
    pub delivered: bool,
    pub attempts: u32,
    pub error: Option<String>,
}

impl CheckReport {
    /// Fills `summary` from the environments and returns the exit status before notifying.
    pub fn summarize(&mut self) -> ExitStatus {
        let mut s = Summary {
            environments: self.environments.len(),
            ..Summary::default()
        };
        for e in &self.environments {
            if e.error.is_some() {
                s.environments_unchecked += 1;
            }
            for l in &e.services {
                s.services += 1;
                match l.health {
                    Health::Healthy => s.healthy += 1,
                    Health::Unhealthy => s.unhealthy += 1,
                    Health::Unknown => s.unknown += 1,
                }
                if let Some(a) = &l.action {
                    if a.outcome == "succeeded" {
                        s.restarts_succeeded += 1;
                    } else if a.is_refused() {
                        s.restarts_refused += 1;
                    } else if a.outcome.starts_with("failed") || a.outcome.starts_with("unknown") {
                        s.restarts_failed += 1;
                    }
                }
            }
            if let Some(alerts) = &e.alerts {
                s.alerts_firing += alerts.iter().filter(|a| a.state == AlertState::New).count();
            }
            if let Some(b) = &e.backups {
                s.backup_failures += b.iter().filter(|v| v.verdict == Verdict::Fail).count();
                s.backup_warnings += b.iter().filter(|v| v.verdict == Verdict::Warn).count();
            }
        }
        let mut status = ExitStatus::Healthy;
        if s.unhealthy > 0 || s.alerts_firing > 0 || s.backup_failures > 0 {
            status = status.max(ExitStatus::Unhealthy);
        }
        let deep_unread = self.environments.iter().any(|e| !e.deep_errors.is_empty());
        if s.environments_unchecked > 0 || s.unknown > 0 || deep_unread {
            status = status.max(ExitStatus::CouldNotCheck);
        }
        if s.restarts_refused > 0 {
            status = status.max(ExitStatus::Refused);
        }
        self.summary = s;
        self.set_status(status);
        status
    }

    pub fn set_status(&mut self, status: ExitStatus) {
        self.summary.exit_code = status.code();
        self.summary.status = match status {
            ExitStatus::Healthy => "healthy",
            ExitStatus::Unhealthy => "unhealthy",
            ExitStatus::CouldNotCheck => "could-not-check",
            ExitStatus::Refused => "refused",
        }
        .to_string();
    }

    /// Whether anything calls for a notification (without `--notify-always`).
    pub fn needs_attention(&self) -> bool {
        self.summary.exit_code != ExitStatus::Healthy.code()
    }
}
