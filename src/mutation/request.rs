//! A mutation, fully described before anything is sent: what is done ([`Operation`]), to which
//! resource, in which environment, and — for the confirmation and the audit log — in words.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::Env;

/// Everything eduops can change in Azure. Adding one means a variant here (its name, label and
/// effect text below) and its execution in `execute.rs`; the gate and the audit log follow.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Operation {
    Restart,
    Start,
    Stop,
    Acknowledge,
    CloseAlert,
    RestoreSql {
        source_database: String,
        target_database: String,
        restore_point: DateTime<Utc>,
    },
    RestoreCosmos {
        source_account: String,
        target_account: String,
        restore_point: DateTime<Utc>,
    },
}

impl Operation {
    /// The audit log's `action`, and the word in messages.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Restart => "restart",
            Operation::Start => "start",
            Operation::Stop => "stop",
            Operation::Acknowledge => "acknowledge",
            Operation::CloseAlert => "close-alert",
            Operation::RestoreSql { .. } => "restore-sql",
            Operation::RestoreCosmos { .. } => "restore-cosmos",
        }
    }

    /// The row label while it runs ("Restarting…").
    pub fn in_progress(&self) -> &'static str {
        match self {
            Operation::Restart => "Restarting…",
            Operation::Start => "Starting…",
            Operation::Stop => "Stopping…",
            Operation::Acknowledge => "Acknowledging…",
            Operation::CloseAlert => "Closing…",
            Operation::RestoreSql { .. } | Operation::RestoreCosmos { .. } => "Restoring…",
        }
    }

    /// Alert state changes are seen by the whole team: a comment says why.
    pub fn takes_comment(&self) -> bool {
        matches!(self, Operation::Acknowledge | Operation::CloseAlert)
    }

    /// A restore creates a new resource and leaves its source alone, so several may run from
    /// one source; every other operation changes its target and waits for the previous one.
    pub fn leaves_target_unchanged(&self) -> bool {
        matches!(
            self,
            Operation::RestoreSql { .. } | Operation::RestoreCosmos { .. }
        )
    }

    /// The new resource a restore creates.
    pub fn creates(&self) -> Option<&str> {
        match self {
            Operation::RestoreSql {
                target_database, ..
            } => Some(target_database),
            Operation::RestoreCosmos { target_account, .. } => Some(target_account),
            _ => None,
        }
    }
}

/// The checklist item a request was started from (the monthly DR test's restore), so its
/// outcome is recorded on that item and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItemRef {
    pub run_id: String,
    pub item_id: String,
}

/// One mutation, fully described before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct MutationRequest {
    /// Distinguishes requests of one session (progress messages find their restore by it).
    pub id: u64,
    pub env: Env,
    pub op: Operation,
    /// What the operator reads, and types in prod (container group, alert, database name).
    pub target_name: String,
    /// The ARM resource id acted on (for restores: the source).
    pub target_id: String,
    pub comment: Option<String>,
    /// Where the request came from, when its outcome belongs somewhere (a checklist item).
    pub origin: Option<ChecklistItemRef>,
}

impl MutationRequest {
    pub fn new(
        id: u64,
        env: Env,
        op: Operation,
        target_name: String,
        target_id: String,
    ) -> MutationRequest {
        MutationRequest {
            id,
            env,
            op,
            target_name,
            target_id,
            comment: None,
            origin: None,
        }
    }

    /// What will happen, in words, for the confirmation dialog.
    pub fn effect_text(&self) -> String {
        let env = self.env.as_str().to_uppercase();
        match &self.op {
            Operation::Restart => format!(
                "Restart container group {} in {env}. Its containers stop and start again in place; requests to it fail until it is back.",
                self.target_name
            ),
            Operation::Start => format!(
                "Start container group {} in {env}. Billing resumes; the containers are created again.",
                self.target_name
            ),
            Operation::Stop => format!(
                "STOP container group {} in {env}. Its containers are terminated and the service is DOWN until started again.",
                self.target_name
            ),
            Operation::Acknowledge => format!(
                "Acknowledge alert {} in Azure Monitor (the whole on-call team sees it).",
                self.target_name
            ),
            Operation::CloseAlert => format!(
                "Close alert {} in Azure Monitor (the whole on-call team sees it).",
                self.target_name
            ),
            Operation::RestoreSql {
                source_database,
                target_database,
                restore_point,
            } => format!(
                "Create NEW database {target_database} in {env} from {source_database} as of {} UTC (point-in-time restore). The source database is not modified.",
                restore_point.format("%Y-%m-%d %H:%M:%S")
            ),
            Operation::RestoreCosmos {
                source_account,
                target_account,
                restore_point,
            } => format!(
                "Create NEW Cosmos DB account {target_account} in {env} from {source_account} as of {} UTC. The source account is not modified.",
                restore_point.format("%Y-%m-%d %H:%M:%S")
            ),
        }
    }
}
