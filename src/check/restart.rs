//! `--restart-unhealthy`: what to do about each unhealthy service, put through the same gate
//! and executor as the dashboard (`mutation`): read-only refuses, prod needs `--yes` (there is
//! no one to type the name), and every attempt — refusals included — is one audit line.

use std::time::Duration;

use super::report::{ActionResult, ServiceLine};
use crate::config::EnvTargets;
use crate::health::service::Health;
use crate::model::{Env, ServiceState};
use crate::mutation::{Executor, MutationRequest, Operation, ReadOnly};

pub struct Restarts<'a> {
    pub executor: Executor<'a>,
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

impl Restarts<'_> {
    /// Acts on every unhealthy line of one environment and records what happened on it.
    pub async fn restart_unhealthy(&self, env: Env, t: &EnvTargets, lines: &mut [ServiceLine]) {
        let read_only = ReadOnly {
            flag: self.read_only,
            env: t.read_only,
        };
        let mut requests = Vec::new();
        for (i, line) in lines.iter_mut().enumerate() {
            if line.health != Health::Unhealthy {
                continue;
            }
            match remedy(line.state) {
                Ok(op) => {
                    let mut req = MutationRequest::new(
                        i as u64 + 1,
                        env,
                        op,
                        line.container_group.clone(),
                        t.container_group_id(&line.container_group),
                    );
                    req.comment = Some(format!(
                        "eduops check --restart-unhealthy: {} was {}",
                        line.service, line.state
                    ));
                    requests.push((i, req));
                }
                Err(skip) => {
                    line.action = Some(ActionResult {
                        operation: "none".into(),
                        outcome: skip.into(),
                    });
                }
            }
        }
        let runs = requests.into_iter().map(|(i, req)| async move {
            let operation = req.op.name().to_string();
            let outcome = self
                .executor
                .submit_headless(req, read_only, self.yes, self.timeout)
                .await;
            (
                i,
                ActionResult {
                    operation,
                    outcome: outcome.to_string(),
                },
            )
        });
        for (i, result) in futures::future::join_all(runs).await {
            if let Some(line) = lines.get_mut(i) {
                line.action = Some(result);
            }
        }
    }
}
