//! How every attempt ends, and the one function that writes it to the audit log.
//!
//! [`record`] is the only place an [`AuditRecord`] is built and appended: sent or not, from the
//! dashboard or a headless command, every outcome goes through it, so the lines all have one
//! shape and one wording.

use super::policy::Refusal;
use super::request::MutationRequest;
use crate::audit::{AuditLog, AuditRecord};

/// How an attempt ended. Its `Display` is the audit log's `outcome`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    /// Azure (or eduops, before sending) said no: why, with what to do.
    Failed(String),
    Refused(Refusal),
    Cancelled(Cancelled),
    /// Sent, and its end was not seen: why.
    Unknown(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelled {
    /// The operator chose Cancel.
    ByOperator,
    /// eduops exited (quit, signal, SSH dropped) with the dialog open.
    ByExit,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Succeeded => write!(f, "succeeded"),
            Outcome::Failed(e) => write!(f, "failed: {e}"),
            Outcome::Refused(why) => write!(f, "refused: {why}"),
            Outcome::Cancelled(Cancelled::ByOperator) => write!(f, "cancelled"),
            Outcome::Cancelled(Cancelled::ByExit) => {
                write!(f, "cancelled: eduops exited with the dialog open")
            }
            Outcome::Unknown(why) => write!(f, "unknown: {why}"),
        }
    }
}

/// One attempt, as the audit log records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub request: MutationRequest,
    pub outcome: Outcome,
    /// Azure's request id, once Azure answered.
    pub request_id: Option<String>,
    /// How long it took, when it was sent.
    pub duration_ms: Option<u64>,
}

impl Attempt {
    /// An attempt that ended before anything was sent (refused, cancelled), or whose end
    /// eduops will not see (it exits while waiting).
    pub fn unsent(request: MutationRequest, outcome: Outcome) -> Attempt {
        Attempt {
            request,
            outcome,
            request_id: None,
            duration_ms: None,
        }
    }
}

/// Appends the attempt's line to the audit log. A failure to write is logged, never fatal: the
/// operation has happened (or not) either way.
pub fn record(audit: &AuditLog, operator: &str, attempt: &Attempt) {
    let req = &attempt.request;
    let mut params = match serde_json::to_value(&req.op) {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, op = req.op.name(), "audit params not serializable");
            serde_json::Value::Null
        }
    };
    if let (Some(c), Some(obj)) = (&req.comment, params.as_object_mut()) {
        obj.insert("comment".into(), serde_json::Value::String(c.clone()));
    }
    let rec = AuditRecord {
        time: chrono::Utc::now(),
        operator: operator.to_string(),
        env: req.env.as_str().to_string(),
        action: req.op.name().to_string(),
        target: req.target_id.clone(),
        params,
        outcome: attempt.outcome.to_string(),
        request_id: attempt.request_id.clone(),
        duration_ms: attempt.duration_ms,
    };
    if let Err(e) = audit.append(&rec) {
        tracing::error!(path = %audit.path().display(), error = %e, "audit log write failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Env;
    use crate::mutation::Operation;

    #[test]
    fn every_outcome_has_its_wording() {
        let texts: Vec<String> = [
            Outcome::Succeeded,
            Outcome::Failed("403 AuthorizationFailed".into()),
            Outcome::Refused(Refusal::ReadOnlyFlag),
            Outcome::Cancelled(Cancelled::ByOperator),
            Outcome::Cancelled(Cancelled::ByExit),
            Outcome::Unknown("stopped waiting".into()),
        ]
        .iter()
        .map(Outcome::to_string)
        .collect();
        assert_eq!(
            texts,
            [
                "succeeded",
                "failed: 403 AuthorizationFailed",
                "refused: read-only (--read-only)",
                "cancelled",
                "cancelled: eduops exited with the dialog open",
                "unknown: stopped waiting",
            ]
        );
    }

    #[test]
    fn the_record_carries_the_request_and_its_comment_as_params() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        let mut req = MutationRequest::new(
            3,
            Env::Prod,
            Operation::Acknowledge,
            "high-cpu".into(),
            "/alerts/high-cpu".into(),
        );
        req.comment = Some("looking".into());
        record(
            &log,
            "kim",
            &Attempt {
                request: req,
                outcome: Outcome::Succeeded,
                request_id: Some("rid".into()),
                duration_ms: Some(12),
            },
        );
        let r = log.tail(1).unwrap().remove(0).unwrap();
        assert_eq!(
            (r.operator.as_str(), r.env.as_str(), r.action.as_str()),
            ("kim", "prod", "acknowledge")
        );
        assert_eq!(r.target, "/alerts/high-cpu");
        assert_eq!(
            r.params,
            serde_json::json!({"kind": "acknowledge", "comment": "looking"})
        );
        assert_eq!(r.outcome, "succeeded");
        assert_eq!(
            (r.request_id.as_deref(), r.duration_ms),
            (Some("rid"), Some(12))
        );
    }
}
