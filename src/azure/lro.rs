//! Long-running operations: what a mutation answered, and polling it to the end.

use std::time::Duration;

use azure_core::http::{Method, Url};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::error::AzureError;
use super::http::{Call, Reply, Transport};
use super::models::OperationStatusBody;

/// How Azure said to follow an accepted operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PollKind {
    /// `Azure-AsyncOperation`: a status document `{"status": …}`.
    AsyncOperation,
    /// `Location`: 202 while running, 200/201/204 when done.
    Location,
    /// No header but a resource still provisioning: poll its `provisioningState`.
    Resource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingOperation {
    pub kind: PollKind,
    pub url: String,
    /// First wait Azure asked for.
    pub retry_after: Option<Duration>,
}

/// The immediate answer to a mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutation {
    pub status: u16,
    pub request_id: Option<String>,
    /// `None` when the operation finished in the answer itself (e.g. 204).
    pub operation: Option<PendingOperation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OperationStatus {
    Succeeded,
    Failed { code: String, message: String },
    Canceled,
}

impl Mutation {
    pub(crate) fn from_reply(reply: &Reply, resource_url: Option<&Url>) -> Mutation {
        let retry_after = reply.retry_after();
        let header = |name: &str| {
            reply
                .header(name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let operation = if let Some(url) = header("azure-asyncoperation") {
            Some(PendingOperation {
                kind: PollKind::AsyncOperation,
                url,
                retry_after,
            })
        } else if let Some(url) = header("location").filter(|_| reply.status == 202) {
            Some(PendingOperation {
                kind: PollKind::Location,
                url,
                retry_after,
            })
        } else if reply.status == 201 || reply.status == 202 {
            // Created or accepted without a header: the resource itself tells when it is ready.
            provisioning_state(&reply.body)
                .filter(|s| !is_terminal(s))
                .and(resource_url)
                .map(|u| PendingOperation {
                    kind: PollKind::Resource,
                    url: u.to_string(),
                    retry_after,
                })
        } else {
            None
        };
        Mutation {
            status: reply.status,
            request_id: reply.request_id(),
            operation,
        }
    }

    pub fn is_done(&self) -> bool {
        self.operation.is_none()
    }
}

fn provisioning_state(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.pointer("/properties/provisioningState")
        .and_then(|s| s.as_str())
        .map(str::to_string)
}

fn is_terminal(state: &str) -> bool {
    ["succeeded", "failed", "canceled", "cancelled"]
        .iter()
        .any(|t| state.eq_ignore_ascii_case(t))
}

fn terminal_status(state: &str, error: Option<(String, String)>) -> Option<OperationStatus> {
    if state.eq_ignore_ascii_case("succeeded") {
        Some(OperationStatus::Succeeded)
    } else if state.eq_ignore_ascii_case("failed") {
        let (code, message) = error.unwrap_or_else(|| ("Failed".into(), String::new()));
        Some(OperationStatus::Failed { code, message })
    } else if state.eq_ignore_ascii_case("canceled") || state.eq_ignore_ascii_case("cancelled") {
        Some(OperationStatus::Canceled)
    } else {
        None
    }
}

impl Transport {
    /// Polls `op` until it ends, honouring `Retry-After`, until `cancel` fires.
    pub async fn wait_operation(
        &self,
        op: &PendingOperation,
        base: &Url,
        scope: &str,
        cancel: &CancellationToken,
    ) -> Result<OperationStatus, AzureError> {
        let url =
            Url::parse(&op.url).map_err(|e| AzureError::parse("operation URL", format!("{e}")))?;
        let mut wait = op.retry_after.unwrap_or(self.opts.lro_poll_delay);
        loop {
            let wait_now = self.poll_interval(wait).min(self.opts.max_retry_after);
            tokio::select! {
                _ = cancel.cancelled() => return Err(AzureError::Cancelled),
                _ = tokio::time::sleep(wait_now) => {}
            }
            let call = Call {
                method: Method::Get,
                url: url.clone(),
                base: base.clone(),
                scope: scope.to_string(),
                body: None,
                idempotent: true,
                what: "operation status".to_string(),
                limit: super::http::limits::ARM,
            };
            let reply = tokio::select! {
                _ = cancel.cancelled() => return Err(AzureError::Cancelled),
                r = self.send(call) => r,
            };
            let reply = match (reply, &op.kind) {
                (Ok(r), _) => r,
                // A Location poll answers the operation's own failure as an error status.
                (Err(AzureError::Api { code, message, .. }), PollKind::Location) => {
                    return Ok(OperationStatus::Failed { code, message });
                }
                (Err(e), _) => return Err(e),
            };
            wait = reply.retry_after().unwrap_or(self.opts.lro_poll_delay);
            let done = match op.kind {
                PollKind::AsyncOperation => {
                    let body: OperationStatusBody = reply.json("operation status")?;
                    let error = body.error.map(|e| {
                        (
                            e.code.unwrap_or_else(|| "Failed".into()),
                            e.message.unwrap_or_default(),
                        )
                    });
                    terminal_status(&body.status, error)
                }
                PollKind::Location => {
                    if reply.status == 202 {
                        None
                    } else {
                        Some(OperationStatus::Succeeded)
                    }
                }
                PollKind::Resource => {
                    let state = provisioning_state(&reply.body).ok_or_else(|| {
                        AzureError::parse("resource", "no properties.provisioningState")
                    })?;
                    terminal_status(&state, None)
                }
            };
            if let Some(status) = done {
                return Ok(status);
            }
        }
    }
}
