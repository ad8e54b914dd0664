//! Carrying out a request the gate let through: send it once (never a blind retry), follow a
//! long-running operation to its end, report progress, and write the one audit record.

use std::time::{Duration, Instant};

use super::audit::{self, Attempt, Outcome};
use super::policy::{self, Decision, Mode, ReadOnly, Refusal};
use super::request::{MutationRequest, Operation};
use crate::audit::AuditLog;
use crate::azure::{AzureClient, AzureError, CancellationToken, Mutation, OperationStatus};
use crate::config::{EnvTargets, Settings};
use crate::model::AlertState;

/// How a sent mutation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct MutationOutcome {
    pub request: MutationRequest,
    /// A one-line summary of success, or Azure's error with what to do.
    pub result: Result<String, String>,
    pub duration_ms: u64,
    /// Azure's request id, once Azure answered.
    pub request_id: Option<String>,
    /// eduops stopped waiting before the end: the request may have been carried out.
    pub cut_off: bool,
}

impl MutationOutcome {
    pub fn outcome(&self) -> Outcome {
        match &self.result {
            Ok(_) => Outcome::Succeeded,
            Err(e) if self.cut_off => Outcome::Unknown(e.clone()),
            Err(e) => Outcome::Failed(e.clone()),
        }
    }
}

/// What sending needs: the client, where the environments are, and whom to audit as.
pub struct Executor<'a> {
    pub client: &'a AzureClient,
    pub settings: &'a Settings,
    pub audit: &'a AuditLog,
    /// Who acts: the token's claim, else the OS user.
    pub operator: &'a str,
}

impl Executor<'_> {
    /// Sends `req`, follows it to its end (or until `limit`), writes its audit record and
    /// reports how it ended. `progress` hears about long-running steps (restore progress).
    pub async fn run(
        &self,
        req: MutationRequest,
        limit: Option<Duration>,
        progress: impl Fn(String),
    ) -> MutationOutcome {
        let started = Instant::now();
        let targets = self.settings.targets(req.env);
        let mut request_id = None;
        let send = send(self.client, &targets, &req, &mut request_id, &progress);
        let (result, cut_off) = match limit {
            None => (send.await, false),
            Some(limit) => match tokio::time::timeout(limit, send).await {
                Ok(result) => (result, false),
                Err(_) => (
                    Err(format!(
                        "stopped waiting after {limit:?}; the request may have been sent"
                    )),
                    true,
                ),
            },
        };
        let outcome = MutationOutcome {
            request: req,
            result,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            request_id,
            cut_off,
        };
        audit::record(
            self.audit,
            self.operator,
            &Attempt {
                request: outcome.request.clone(),
                outcome: outcome.outcome(),
                request_id: outcome.request_id.clone(),
                duration_ms: Some(outcome.duration_ms),
            },
        );
        outcome
    }

    /// A headless command's request (`eduops check --restart-unhealthy`): the gate decides
    /// without a prompt, then the request is refused or carried out, audited either way.
    pub async fn submit_headless(
        &self,
        req: MutationRequest,
        read_only: ReadOnly,
        yes: bool,
        limit: Duration,
    ) -> Outcome {
        let refusal = match policy::decide(&req, read_only, Mode::Headless { yes }) {
            Decision::Proceed => None,
            Decision::Refuse(why) => Some(why),
            // `decide` never asks in headless mode; were it to, with no one to answer, the
            // request is not sent.
            Decision::Confirm { .. } => Some(Refusal::ProdNeedsYes),
        };
        match refusal {
            Some(why) => {
                tracing::warn!(env = %req.env, op = req.op.name(), target = %req.target_name, "refused: {why}");
                let outcome = Outcome::Refused(why);
                audit::record(
                    self.audit,
                    self.operator,
                    &Attempt::unsent(req, outcome.clone()),
                );
                outcome
            }
            None => {
                tracing::info!(env = %req.env, op = req.op.name(), target = %req.target_name, "sending");
                self.run(req, Some(limit), |_| {}).await.outcome()
            }
        }
    }
}

async fn send(
    client: &AzureClient,
    t: &EnvTargets,
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
