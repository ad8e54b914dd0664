//! Carrying out a confirmed mutation: the request, the long-running operation to its end,
//! and the audit line. Called only with requests that passed the gate (`app::gate`) — the
//! dashboard's dialog or `eduops check`'s `--yes` rules.

use std::time::Instant;

use crate::app::{MutationOutcome, MutationRequest, Operation};
use crate::audit::{AuditLog, AuditRecord};
use crate::azure::{AzureClient, AzureError, CancellationToken, Mutation, OperationStatus};
use crate::config::Settings;
use crate::model::AlertState;

/// Sends `req`, follows it to the end, appends the audit record, and reports the outcome.
/// `progress` hears about long-running steps (for the restore progress view).
pub async fn execute(
    client: &AzureClient,
    settings: &Settings,
    audit: &AuditLog,
    operator: &str,
    req: MutationRequest,
    progress: impl Fn(String),
) -> MutationOutcome {
    let started = Instant::now();
    let targets = settings.targets(req.env);
    let mut request_id = None;
    let result = run(client, &targets, &req, &mut request_id, &progress).await;
    let duration_ms = started.elapsed().as_millis() as u64;
    let outcome = match &result {
        Ok(_) => "succeeded".to_string(),
        Err(e) => format!("failed: {e}"),
    };
    record(
        audit,
        operator,
        &req,
        outcome,
        request_id,
        Some(duration_ms),
    );
    MutationOutcome {
        request: req,
        result,
        duration_ms,
    }
}

/// Appends one audit line; a failure to write is logged and shown, never fatal.
pub fn record(
    audit: &AuditLog,
    operator: &str,
    req: &MutationRequest,
    outcome: String,
    request_id: Option<String>,
    duration_ms: Option<u64>,
) {
    let mut params = serde_json::to_value(&req.op).unwrap_or_default();
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
        outcome,
        request_id,
        duration_ms,
    };
    if let Err(e) = audit.append(&rec) {
        tracing::error!(path = %audit.path().display(), error = %e, "audit log write failed");
    }
}

async fn run(
    client: &AzureClient,
    t: &crate::config::EnvTargets,
    req: &MutationRequest,
    request_id: &mut Option<String>,
    progress: &impl Fn(String),
) -> Result<String, String> {
    let err = |e: AzureError| e.to_string();
    let cancel = CancellationToken::new();
    let follow = |m: Mutation| async move {
        match client.wait_operation(&m, cancel.clone()).await {
            Ok(OperationStatus::Succeeded) => Ok(m),
            Ok(OperationStatus::Failed { code, message }) => Err(format!(
                "Azure reported the operation failed: {code}: {message}"
            )),
            Ok(OperationStatus::Canceled) => Err("the operation was cancelled in Azure".into()),
            Err(e) => Err(e.to_string()),
        }
    };
    match &req.op {
        Operation::Restart | Operation::Start | Operation::Stop => {
            let m = match req.op {
                Operation::Restart => client.restart_container_group(t, &req.target_name).await,
                Operation::Start => client.start_container_group(t, &req.target_name).await,
                _ => client.stop_container_group(t, &req.target_name).await,
            }
            .map_err(err)?;
            *request_id = m.request_id.clone();
            follow(m).await?;
            Ok("done".into())
        }
        Operation::Acknowledge | Operation::CloseAlert => {
            let state = if req.op == Operation::Acknowledge {
                AlertState::Acknowledged
            } else {
                AlertState::Closed
            };
            let a = client
                .change_alert_state(&req.target_id, state, req.comment.as_deref())
                .await
                .map_err(err)?;
            Ok(format!("now {:?}", a.state))
        }
        Operation::RestoreSql {
            target_database,
            restore_point,
            ..
        } => {
            progress(format!("checking {target_database} does not exist"));
            if client
                .sql_database_exists(t, target_database)
                .await
                .map_err(err)?
            {
                return Err(format!(
                    "database {target_database} already exists on {}; choose another name (nothing was sent)",
                    t.sql_server
                ));
            }
            progress("sending restore request".into());
            let m = client
                .restore_sql_database(t, target_database, *restore_point)
                .await
                .map_err(err)?;
            *request_id = m.request_id.clone();
            progress("Azure is restoring (this takes minutes)".into());
            follow(m).await?;
            let db = client.sql_database(t, target_database).await.map_err(err)?;
            let status = db.properties.status.unwrap_or_else(|| "unknown".into());
            if status.eq_ignore_ascii_case("online") {
                Ok(format!("{target_database} is Online"))
            } else {
                Err(format!(
                    "restore finished but {target_database} is {status}"
                ))
            }
        }
        Operation::RestoreCosmos {
            target_account,
            restore_point,
            ..
        } => {
            progress(format!("checking {target_account} does not exist"));
            match client.cosmos_account(t, target_account).await {
                Ok(_) => {
                    return Err(format!(
                        "Cosmos DB account {target_account} already exists; choose another name (nothing was sent)"
                    ));
                }
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e.to_string()),
            }
            progress("sending restore request".into());
            let m = client
                .restore_cosmos_account(t, target_account, *restore_point)
                .await
                .map_err(err)?;
            *request_id = m.request_id.clone();
            progress("Azure is restoring (this takes minutes)".into());
            follow(m).await?;
            Ok(format!("{target_account} restored"))
        }
    }
}
