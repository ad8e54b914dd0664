//! Mutations the app sent and has not seen end: row labels ("Restarting…") until the group
//! reaches the state it was sent to, outcomes as toasts, and what an exit leaves unfinished.

use super::{App, Effect, Overlay, ToastLevel};
use chrono::{DateTime, Utc};

use crate::mutation::{Attempt, Cancelled, MutationOutcome, MutationRequest, Operation, Outcome};

/// A mutation sent and not finished, shown on its row ("Restarting…").
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    pub label: &'static str,
    pub since: DateTime<Utc>,
    pub request_id: u64,
    /// Azure accepted the request; the row keeps its label until the group reaches this state.
    pub awaiting: Option<crate::model::ServiceState>,
    /// What was sent, to audit its outcome as unknown if eduops exits before the end.
    pub request: MutationRequest,
}

/// How long a row may say "Restarting…" after Azure accepted the restart before eduops says
/// that the group did not come back.
pub const TRANSITION_TIMEOUT_MINUTES: i64 = 10;

impl App {
    /// Ends "Restarting…"/"Stopping…" labels once the group reached the state it was sent to.
    pub(super) fn settle_transitions(&mut self) {
        let Some(all) = &self.services.data else {
            return;
        };
        let mut settled = Vec::new();
        for s in all {
            if let Some(f) = self.in_flight.get(&s.resource_id)
                && let Some(want) = f.awaiting
            {
                let secs = (self.now - f.since).num_seconds();
                if s.state == want {
                    settled.push((
                        s.resource_id.clone(),
                        ToastLevel::Success,
                        format!(
                            "{} is {} ({secs}s after the request)",
                            s.container_group, want
                        ),
                    ));
                } else if self.now - f.since > chrono::Duration::minutes(TRANSITION_TIMEOUT_MINUTES)
                {
                    settled.push((s.resource_id.clone(), ToastLevel::Error, format!("{} is {} — not {} after {TRANSITION_TIMEOUT_MINUTES} min; check its events (Enter)", s.container_group, s.state, want)));
                }
            }
        }
        for (id, level, text) in settled {
            self.in_flight.remove(&id);
            self.toast(level, text);
        }
    }

    pub(super) fn on_mutation_done(&mut self, outcome: MutationOutcome) -> Vec<Effect> {
        let req = &outcome.request;
        // A restart or start that Azure accepted is not over until the group runs again:
        // the row keeps saying so, and the next state refreshes settle it.
        let awaiting = match (&req.op, &outcome.result) {
            (Operation::Restart | Operation::Start, Ok(_)) => {
                Some(crate::model::ServiceState::Running)
            }
            (Operation::Stop, Ok(_)) => Some(crate::model::ServiceState::Stopped),
            _ => None,
        };
        match (awaiting, self.in_flight.get_mut(&req.target_id)) {
            (Some(state), Some(f)) => f.awaiting = Some(state),
            _ => {
                self.in_flight.remove(&req.target_id);
            }
        }
        let secs = outcome.duration_ms as f64 / 1000.0;
        if let Some(r) = self.restores.iter_mut().find(|r| r.request_id == req.id) {
            r.done = Some(outcome.result.clone());
            r.finished = Some(self.now);
            r.status = match &outcome.result {
                Ok(_) => "Online".into(),
                Err(_) => "Failed".into(),
            };
        }
        match &outcome.result {
            Ok(summary) => self.toast(
                ToastLevel::Success,
                format!(
                    "{} {}: {summary} ({secs:.1}s)",
                    req.op.name(),
                    req.target_name
                ),
            ),
            Err(e) => {
                self.toast(
                    ToastLevel::Error,
                    format!("{} {} failed: {e}", req.op.name(), req.target_name),
                );
                self.overlay = Some(Overlay::Message {
                    title: format!("{} {} failed", req.op.name(), req.target_name),
                    text: e.clone(),
                });
            }
        }
        let mut effects = vec![Effect::RefreshNow];
        effects.extend(self.record_origin_outcome(&outcome.request, &outcome.result));
        effects
    }

    /// Leaving with a dialog open or requests still running: say so in the audit log, so no
    /// attempt goes unrecorded because the SSH link dropped.
    pub(super) fn exit_audit(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(Overlay::Confirm(c)) = self.overlay.take() {
            effects.push(Effect::Audit(Attempt::unsent(
                c.request,
                Outcome::Cancelled(Cancelled::ByExit),
            )));
        }
        let now = self.now;
        if let Some(walk) = &mut self.checklist.walk {
            // Keep the time spent on the open item too.
            walk.settle(now);
            effects.push(Effect::SaveRun {
                run: Box::new(walk.run().clone()),
                create: false,
            });
        }
        for f in self.in_flight.values() {
            // A request whose answer came is audited by the runner; these are still waiting.
            if f.awaiting.is_none() {
                effects.push(Effect::Audit(Attempt::unsent(
                    f.request.clone(),
                    Outcome::Unknown(
                        "eduops exited while waiting for Azure (the request was sent)".into(),
                    ),
                )));
            }
        }
        effects
    }
}
