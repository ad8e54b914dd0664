//! `--restart-unhealthy`: the dashboard's safety gate, applied without a terminal.
//!
//! Read-only (the flag or `read_only = true` for the environment) refuses; prod refuses unless
//! `--yes` was given, since there is no one to type the name. Refusals are audited like the
//! dashboard's, and what is sent goes through `mutate::execute`, which audits the outcome.

use std::time::Duration;

use super::report::{ActionResult, ServiceLine};
use crate::app::{MutationRequest, Operation};
use crate::audit::AuditLog;
use crate::azure::AzureClient;
use crate::config::{EnvTargets, Settings};
use crate::health::service::Health;
use crate::model::{Env, ServiceState};

pub struct Gate<'a> {
    pub client: &'a AzureClient,
    pub settings: &'a Settings,
    pub audit: &'a AuditLog,
    pub operator: &'a str,
    /// `--read-only` on the command line.
    pub read_only: bool,
    /// `--yes`: the operator confirmed prod mutations up front.
    pub yes: bool,
    /// How long to follow one mutation before reporting its outcome as unknown.
    pub timeout: Duration,
}

/// The operation that brings a service of this state back, if any.
fn remedy(state: ServiceState) -> Result<Operation, &'static str> {
    match state {
        ServiceState::Failed | ServiceState::Restarting => Ok(Operation::Restart),
        // Restart of a stopped group is not what Azure offers: it has to be started.
        ServiceState::Stopped => Ok(Operation::Start),
        ServiceState::Pending => Err("skipped: already starting"),
        ServiceState::Unknown => Err("skipped: state unknown, not acting blind"),
        ServiceState::Running => Err("skipped: running"),
    }
}

impl Gate<'_> {
    fn refusal(&self, env: Env, t: &EnvTargets) -> Option<String> {
        if self.read_only {
            return Some("refused: read-only (--read-only)".into());
        }
        if t.read_only {
            return Some(format!(
                "refused: read-only (read_only = true for {env} in the configuration)"
            ));
        }
        if env == Env::Prod && !self.yes {
            return Some("refused: prod requires --yes (no prompt without a terminal)".into());
        }
        None
    }

    /// Acts on every unhealthy line of one environment and records what happened on it.
    pub async fn restart_unhealthy(&self, env: Env, t: &EnvTargets, lines: &mut [ServiceLine]) {
        let refusal = self.refusal(env, t);
        let mut sends = Vec::new();
        for (i, line) in lines.iter_mut().enumerate() {
            if line.health != Health::Unhealthy {
                continue;
            }
            let op = match remedy(line.state) {
                Ok(op) => op,
                Err(skip) => {
                    line.action = Some(ActionResult {
                        operation: "none".into(),
                        outcome: skip.into(),
                    });
                    continue;
                }
            };
            let req = MutationRequest {
                id: i as u64 + 1,
                env,
                op,
                target_name: line.container_group.clone(),
                target_id: t.container_group_id(&line.container_group),
                comment: Some(format!(
                    "eduops check --restart-unhealthy: {} was {}",
                    line.service, line.state
                )),
            };
            if let Some(why) = &refusal {
                crate::mutate::record(self.audit, self.operator, &req, why.clone(), None, None);
                tracing::warn!(env = %env, target = %req.target_name, "{why}");
                line.action = Some(ActionResult {
                    operation: req.op.name().into(),
                    outcome: why.clone(),
                });
                continue;
            }
            sends.push((i, req));
        }
        let runs = sends.into_iter().map(|(i, req)| async move {
            let name = req.op.name().to_string();
            let outcome = self.send(req).await;
            (
                i,
                ActionResult {
                    operation: name,
                    outcome,
                },
            )
        });
        for (i, result) in futures::future::join_all(runs).await {
            if let Some(line) = lines.get_mut(i) {
                line.action = Some(result);
            }
        }
    }

    async fn send(&self, req: MutationRequest) -> String {
        tracing::info!(env = %req.env, op = req.op.name(), target = %req.target_name, "check: sending");
        let exec = crate::mutate::execute(
            self.client,
            self.settings,
            self.audit,
            self.operator,
            req.clone(),
            |_| {},
        );
        match tokio::time::timeout(self.timeout, exec).await {
            Ok(outcome) => match outcome.result {
                Ok(_) => "succeeded".into(),
                Err(e) => format!("failed: {e}"),
            },
            Err(_) => {
                // `execute` was cut short before its audit line: write one, saying what we know.
                let why = format!(
                    "unknown: stopped waiting after {:?}; the request may have been sent",
                    self.timeout
                );
                crate::mutate::record(self.audit, self.operator, &req, why.clone(), None, None);
                why
            }
        }
    }
}
