//! The dashboard's side of the safety gate: the confirmation dialog. Every mutation — restart,
//! start, stop, alert state, restore — is built as a [`MutationRequest`] and goes through
//! [`App::request_mutation`], which asks the one policy (`mutation::policy`): read-only refuses
//! it, otherwise this dialog opens, defaulting to Cancel and, in prod, needing the target's name
//! typed. Only a confirmed request becomes an [`Effect::Mutate`]; refusals and cancellations
//! become [`Effect::Audit`], so the runtime audits every outcome.

use super::{App, Effect, Overlay, ToastLevel};
use crate::mutation::{
    Attempt, Cancelled, ChecklistItemRef, Decision, Mode, MutationRequest, Operation, Outcome,
    ReadOnly,
};

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

impl App {
    /// The one entry point for every mutation of the dashboard. `origin` is the checklist item
    /// that asked for it, when its outcome is to be recorded there.
    pub fn request_mutation(
        &mut self,
        op: Operation,
        target_name: String,
        target_id: String,
        origin: Option<ChecklistItemRef>,
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
        let mut request =
            MutationRequest::new(self.next_request_id, self.env, op, target_name, target_id);
        request.origin = origin;
        let read_only = ReadOnly {
            flag: self.read_only,
            env: self.targets.read_only,
        };
        let typed_name = match crate::mutation::decide(&request, read_only, Mode::Interactive) {
            Decision::Refuse(why) => {
                self.toast(
                    ToastLevel::Error,
                    format!(
                        "{why}: {} {} refused — nothing was sent",
                        request.op.name(),
                        request.target_name
                    ),
                );
                return vec![Effect::Audit(Attempt::unsent(
                    request,
                    Outcome::Refused(why),
                ))];
            }
            Decision::Confirm { typed_name } => typed_name,
            // A person is always asked; should the policy ever wave a request through, the
            // dialog still shows what will happen, without the typed name.
            Decision::Proceed => false,
        };
        if self.in_flight.contains_key(&request.target_id) && !request.op.leaves_target_unchanged()
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
        let with_comment = request.op.takes_comment();
        let field = if typed_name {
            ConfirmField::TypedName
        } else if with_comment {
            ConfirmField::Comment
        } else {
            ConfirmField::Cancel
        };
        self.overlay = Some(Overlay::Confirm(ConfirmState {
            request,
            require_typed: typed_name,
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
                    if let Some(target) = request.op.creates() {
                        self.restores
                            .push(super::RestoreProgress::new(&request, target, self.now));
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
        vec![Effect::Audit(Attempt::unsent(
            state.request,
            Outcome::Cancelled(Cancelled::ByOperator),
        ))]
    }
}
