//! The safety gate. Every mutation — restart, start, stop, alert state, restore — is built
//! as a [`MutationRequest`] and goes through [`App::request_mutation`]: read-only refuses it,
//! otherwise a confirmation dialog opens that defaults to Cancel and, in prod, needs the
//! target's name typed. Only a confirmed request becomes an [`Effect::Mutate`], and the
//! runtime audits every outcome, refusals and cancellations included.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{App, Effect, Overlay, ToastLevel};
use crate::model::Env;

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
}

/// One mutation, fully described before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MutationRequest {
    pub id: u64,
    pub env: Env,
    pub op: Operation,
    /// What the operator reads, and types in prod (container group, alert, database name).
    pub target_name: String,
    /// The ARM resource id acted on (for restores: the source).
    pub target_id: String,
    pub comment: Option<String>,
}

impl MutationRequest {
    /// What will happen, in words, for the dialog.
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

/// Which control of the confirmation dialog has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmField {
    TypedName,
    Comment,
    Cancel,
    Confirm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmState {
    pub request: MutationRequest,
    pub require_typed: bool,
    pub typed: String,
    pub with_comment: bool,
    pub comment: String,
    pub field: ConfirmField,
}

impl ConfirmState {
    pub fn fields(&self) -> Vec<ConfirmField> {
        let mut f = Vec::new();
        if self.require_typed {
            f.push(ConfirmField::TypedName);
        }
        if self.with_comment {
            f.push(ConfirmField::Comment);
        }
        f.extend([ConfirmField::Cancel, ConfirmField::Confirm]);
        f
    }

    /// Confirm is possible only once the typed name matches exactly (when it is required).
    pub fn can_confirm(&self) -> bool {
        !self.require_typed || self.typed == self.request.target_name
    }

    pub fn move_focus(&mut self, forward: bool) {
        let f = self.fields();
        let i = f.iter().position(|x| *x == self.field).unwrap_or(0);
        let n = f.len();
        self.field = f[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }
}

/// An audit line the runtime writes for an outcome decided without a request (refusal,
/// cancellation).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditNote {
    pub request: MutationRequest,
    pub outcome: String,
}

impl App {
    /// The one entry point for every mutation.
    pub fn request_mutation(
        &mut self,
        op: Operation,
        target_name: String,
        target_id: String,
    ) -> Vec<Effect> {
        if target_name.trim().is_empty() || target_id.trim().is_empty() {
            // Nothing to name means nothing to type in prod: refuse rather than confirm blind.
            self.toast(
                ToastLevel::Error,
                format!("{}: no target selected — nothing was sent", op.name()),
            );
            return Vec::new();
        }
        self.next_request_id += 1;
        let request = MutationRequest {
            id: self.next_request_id,
            env: self.env,
            op,
            target_name,
            target_id,
            comment: None,
        };
        if self.is_read_only() {
            let why = if self.read_only {
                "--read-only"
            } else {
                "read_only = true for this environment"
            };
            self.toast(
                ToastLevel::Error,
                format!(
                    "read-only ({why}): {} {} refused — nothing was sent",
                    request.op.name(),
                    request.target_name
                ),
            );
            return vec![Effect::Audit(AuditNote {
                request,
                outcome: "refused: read-only".into(),
            })];
        }
        if self.in_flight.contains_key(&request.target_id)
            && !matches!(
                request.op,
                Operation::RestoreSql { .. } | Operation::RestoreCosmos { .. }
            )
        {
            self.toast(
                ToastLevel::Error,
                format!(
                    "{} already has an operation in progress",
                    request.target_name
                ),
            );
            return Vec::new();
        }
        let require_typed = request.env == Env::Prod;
        let with_comment = matches!(request.op, Operation::Acknowledge | Operation::CloseAlert);
        let field = if require_typed {
            ConfirmField::TypedName
        } else if with_comment {
            ConfirmField::Comment
        } else {
            ConfirmField::Cancel
        };
        self.overlay = Some(Overlay::Confirm(ConfirmState {
            request,
            require_typed,
            typed: String::new(),
            with_comment,
            comment: String::new(),
            field,
        }));
        self.dirty = true;
        Vec::new()
    }

    /// Keys inside the confirmation dialog.
    pub(super) fn on_confirm_key(&mut self, key: &crossterm::event::KeyEvent) -> Vec<Effect> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let Some(Overlay::Confirm(state)) = &mut self.overlay else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => return self.cancel_confirm(),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return self.cancel_confirm();
            }
            KeyCode::Tab | KeyCode::Down => state.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => state.move_focus(false),
            KeyCode::Left | KeyCode::Right
                if matches!(state.field, ConfirmField::Cancel | ConfirmField::Confirm) =>
            {
                state.field = if state.field == ConfirmField::Cancel {
                    ConfirmField::Confirm
                } else {
                    ConfirmField::Cancel
                };
            }
            KeyCode::Enter => match state.field {
                ConfirmField::TypedName | ConfirmField::Comment => {
                    // Enter in a text field moves on; it never confirms by itself.
                    if state.field == ConfirmField::TypedName && !state.can_confirm() {
                        return Vec::new();
                    }
                    state.move_focus(true);
                    if state.field == ConfirmField::Cancel && state.can_confirm() {
                        state.field = ConfirmField::Confirm;
                    }
                }
                ConfirmField::Cancel => return self.cancel_confirm(),
                ConfirmField::Confirm => {
                    if !state.can_confirm() {
                        return Vec::new();
                    }
                    let mut request = state.request.clone();
                    let comment = state.comment.trim().to_string();
                    request.comment = (!comment.is_empty()).then_some(comment);
                    self.overlay = None;
                    self.in_flight.insert(
                        request.target_id.clone(),
                        super::InFlight {
                            label: request.op.in_progress(),
                            since: self.now,
                            request_id: request.id,
                            awaiting: None,
                            request: request.clone(),
                        },
                    );
                    if let Operation::RestoreSql {
                        target_database, ..
                    } = &request.op
                    {
                        self.restores.push(super::RestoreProgress::new(
                            &request,
                            target_database,
                            self.now,
                        ));
                    }
                    if let Operation::RestoreCosmos { target_account, .. } = &request.op {
                        self.restores.push(super::RestoreProgress::new(
                            &request,
                            target_account,
                            self.now,
                        ));
                    }
                    self.toast(
                        ToastLevel::Info,
                        format!("{} {}: sent", request.op.name(), request.target_name),
                    );
                    return vec![Effect::Mutate(request)];
                }
            },
            KeyCode::Backspace => match state.field {
                ConfirmField::TypedName => {
                    state.typed.pop();
                }
                ConfirmField::Comment => {
                    state.comment.pop();
                }
                _ => {}
            },
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => match state.field
            {
                ConfirmField::TypedName => state.typed.push(c),
                ConfirmField::Comment if state.comment.chars().count() < 200 => {
                    state.comment.push(c)
                }
                _ => {}
            },
            _ => {}
        }
        Vec::new()
    }

    fn cancel_confirm(&mut self) -> Vec<Effect> {
        let Some(Overlay::Confirm(state)) = self.overlay.take() else {
            return Vec::new();
        };
        self.toast(
            ToastLevel::Info,
            format!(
                "{} {}: cancelled, nothing sent",
                state.request.op.name(),
                state.request.target_name
            ),
        );
        vec![Effect::Audit(AuditNote {
            request: state.request,
            outcome: "cancelled".into(),
        })]
    }
}
