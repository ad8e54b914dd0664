//! Domain types the dashboard, `eduops check` and the checklists work with.
//!
//! They sit above the wire models in `azure::models`: the client converts Azure's JSON into
//! these, so the UI never reads a raw ARM document and the simulator never needs to know them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The six services of the platform, in the ops guide's order.
pub const SERVICES: [&str; 6] = [
    "gateway",
    "lesson-plan-ai",
    "content-gen-ai",
    "assessment-ai",
    "teaching-agent",
    "streaming-ai",
];

/// A deployment environment of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Env {
    Dev,
    Staging,
    Prod,
}

impl Env {
    pub const ALL: [Env; 3] = [Env::Dev, Env::Staging, Env::Prod];

    pub fn as_str(self) -> &'static str {
        match self {
            Env::Dev => "dev",
            Env::Staging => "staging",
            Env::Prod => "prod",
        }
    }

    /// The next environment in `dev → staging → prod → dev` order (the `e` key).
    pub fn next(self) -> Env {
        match self {
            Env::Dev => Env::Staging,
            Env::Staging => Env::Prod,
            Env::Prod => Env::Dev,
        }
    }
}

impl fmt::Display for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Env {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "dev" => Ok(Env::Dev),
            "staging" | "stage" => Ok(Env::Staging),
            "prod" | "production" => Ok(Env::Prod),
            other => Err(format!(
                "unknown environment `{other}`: expected dev, staging or prod"
            )),
        }
    }
}

/// What a container group is doing, as an operator thinks of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceState {
    Running,
    Pending,
    Restarting,
    Stopped,
    Failed,
    Unknown,
}

impl ServiceState {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceState::Running => "Running",
            ServiceState::Pending => "Pending",
            ServiceState::Restarting => "Restarting",
            ServiceState::Stopped => "Stopped",
            ServiceState::Failed => "Failed",
            ServiceState::Unknown => "Unknown",
        }
    }

    /// A symbol that carries the state without colour (NO_COLOR, monochrome, screen readers).
    pub fn symbol(self) -> &'static str {
        match self {
            ServiceState::Running => "●",
            ServiceState::Pending => "◌",
            ServiceState::Restarting => "↻",
            ServiceState::Stopped => "■",
            ServiceState::Failed => "✖",
            ServiceState::Unknown => "?",
        }
    }

    /// ASCII fallback of [`ServiceState::symbol`].
    pub fn ascii_symbol(self) -> &'static str {
        match self {
            ServiceState::Running => "+",
            ServiceState::Pending => "~",
            ServiceState::Restarting => "@",
            ServiceState::Stopped => "-",
            ServiceState::Failed => "x",
            ServiceState::Unknown => "?",
        }
    }

    /// Sort key: what needs attention first.
    pub fn attention_rank(self) -> u8 {
        match self {
            ServiceState::Failed => 0,
            ServiceState::Restarting => 1,
            ServiceState::Unknown => 2,
            ServiceState::Pending => 3,
            ServiceState::Stopped => 4,
            ServiceState::Running => 5,
        }
    }
}

impl fmt::Display for ServiceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One event of a container group or container (`instanceView.events[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerEvent {
    pub name: String,
    pub kind: String,
    pub message: String,
    pub count: u32,
    pub first_timestamp: Option<DateTime<Utc>>,
    pub last_timestamp: Option<DateTime<Utc>>,
}

/// The state of one service's container group, from a container group Get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub service: String,
    pub container_group: String,
    pub resource_id: String,
    pub state: ServiceState,
    /// Why the state is what it is (detailStatus, a failed provisioning state, an event).
    pub reason: Option<String>,
    pub provisioning_state: Option<String>,
    pub restart_count: u32,
    /// When the current container started (uptime is measured from here).
    pub started_at: Option<DateTime<Utc>>,
    /// Requested resources of the group, summed over its containers.
    pub cpu_request_cores: f64,
    pub memory_request_gb: f64,
    pub image: Option<String>,
    pub ip_address: Option<String>,
    /// Group and container events, newest last.
    pub events: Vec<ContainerEvent>,
}

/// One sample of a metric; `value` is `None` where Azure had no data (a gap, not zero).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricPoint {
    pub time: DateTime<Utc>,
    pub value: Option<f64>,
}

/// CPU and memory of one container group, as percent of what it requested.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResourceUsage {
    pub resource_id: String,
    pub cpu_percent: Vec<MetricPoint>,
    pub memory_percent: Vec<MetricPoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Sev0,
    Sev1,
    Sev2,
    Sev3,
    Sev4,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertState {
    New,
    Acknowledged,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MonitorCondition {
    Fired,
    Resolved,
}

/// An Azure Monitor alert (AlertsManagement), reduced to what on-call needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Full ARM id of the alert (used for change-state).
    pub id: String,
    /// Alert name (usually the rule's name).
    pub name: String,
    pub severity: Severity,
    pub state: AlertState,
    pub condition: MonitorCondition,
    pub target_resource: String,
    /// The service whose container group the alert targets, when it targets one.
    pub target_service: Option<String>,
    pub fired_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub signal_type: Option<String>,
    pub monitor_service: Option<String>,
    pub description: Option<String>,
}

/// Azure SQL backup facts for one database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlBackupStatus {
    pub server: String,
    pub database: String,
    pub database_id: String,
    pub status: Option<String>,
    pub earliest_restore: Option<DateTime<Utc>>,
    pub latest_ltr_backup: Option<DateTime<Utc>>,
    pub ltr_backup_count: usize,
}

/// Cosmos DB backup facts for one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CosmosBackupStatus {
    pub account: String,
    pub account_id: String,
    /// `Continuous` or `Periodic`.
    pub policy_type: Option<String>,
    /// `Continuous7Days` / `Continuous30Days` for continuous backup.
    pub tier: Option<String>,
    pub earliest_restorable: Option<DateTime<Utc>>,
}

/// A Key Vault secret's metadata (never its value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecretInfo {
    pub name: String,
    pub enabled: bool,
    pub expires: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
}
