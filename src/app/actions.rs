//! What each [`Action`] does to the app: focus, selection, drill-in, copy, environment, and the
//! requests that go to the mutation gate.

use super::{App, Effect, LogView, Overlay, Pane, ToastLevel};

use crate::action::Action;
use crate::model::Env;
use crate::mutation::Operation;

impl App {
    pub fn switch_env(&mut self, env: Env) -> Vec<Effect> {
        if env == self.env {
            return Vec::new();
        }
        self.env = env;
        self.asked_at = self.now;
        self.targets = self.settings.targets(env);
        self.services.clear();
        self.usage.clear();
        self.history.clear();
        self.alerts.clear();
        self.backups.clear();
        self.logs.clear();
        self.log_view = LogView {
            follow: true,
            ..LogView::default()
        };
        self.selected_service = None;
        self.selected_alert = 0;
        self.selected_event = 0;
        self.restart_history.clear();
        self.dirty = true;
        vec![Effect::Retarget(self.poll_target())]
    }

    pub fn focus_pane(&mut self, pane: Pane) {
        self.focus = pane;
        if pane != Pane::Services {
            self.last_side_pane = pane;
        }
    }

    pub fn on_action(&mut self, action: Action) -> Vec<Effect> {
        self.dirty = true;
        match action {
            Action::Quit => {
                let waiting = self
                    .in_flight
                    .values()
                    .filter(|f| f.awaiting.is_none())
                    .count();
                if waiting > 0 && !self.quit_armed {
                    self.quit_armed = true;
                    self.toast(
                        ToastLevel::Error,
                        format!("{waiting} operation(s) still waiting for Azure — quit again to leave anyway"),
                    );
                } else {
                    self.should_quit = true;
                    return self.exit_audit();
                }
            }
            Action::Help => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                }
            }
            Action::CommandLine => {
                self.overlay = Some(Overlay::CommandLine {
                    input: String::new(),
                })
            }
            Action::Filter => {
                let input = if self.focus == Pane::Logs {
                    self.log_view.search.clone().unwrap_or_default()
                } else {
                    self.filter.clone()
                };
                self.overlay = Some(Overlay::Filter { input })
            }
            Action::Back => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else if self.zoomed {
                    self.zoomed = false;
                } else if !self.filter.is_empty() || self.log_view.search.is_some() {
                    self.filter.clear();
                    self.log_view.search = None;
                } else if self.focus != Pane::Services {
                    self.focus = Pane::Services;
                }
            }
            Action::NextPane => self.focus_pane(self.focus.next()),
            Action::PrevPane => self.focus_pane(self.focus.prev()),
            Action::FocusServices => self.focus_pane(Pane::Services),
            Action::FocusCharts => self.focus_pane(Pane::Charts),
            Action::FocusAlerts => self.focus_pane(Pane::Alerts),
            Action::FocusBackups => self.focus_pane(Pane::Backups),
            Action::FocusLogs => self.focus_pane(Pane::Logs),
            Action::FocusEvents => self.focus_pane(Pane::Events),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-10),
            Action::PageDown => self.move_selection(10),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::Enter => self.drill_in(),
            Action::Zoom => self.zoomed = !self.zoomed,
            Action::ChartWindow => {
                self.window = self.window.next();
                // Freshness is per window; the history of each grain stays.
                self.usage.clear();
            }
            Action::ChartAll => self.chart_all = !self.chart_all,
            Action::NextEnv => return self.switch_env(self.env.next()),
            Action::Logs => {
                self.focus_pane(Pane::Logs);
                self.log_view.follow = true;
            }
            Action::Copy => {
                if let Some(text) = self.copy_text() {
                    self.toast(ToastLevel::Info, "copied to clipboard (OSC 52)");
                    return vec![Effect::Copy(text)];
                }
            }
            Action::Refresh => return vec![Effect::RefreshNow],
            Action::SearchNext | Action::SearchPrev => {
                let n = self.log_view.matches().len();
                if n > 0 {
                    self.log_view.match_cursor = if action == Action::SearchNext {
                        (self.log_view.match_cursor + 1) % n
                    } else {
                        (self.log_view.match_cursor + n - 1) % n
                    };
                    self.log_view.follow = false;
                    self.jump_to_match();
                }
            }
            Action::Follow => self.log_view.follow = !self.log_view.follow,
            Action::Wrap => self.log_view.wrap = !self.log_view.wrap,
            Action::Restart | Action::Start | Action::Stop => {
                let op = match action {
                    Action::Restart => Operation::Restart,
                    Action::Start => Operation::Start,
                    _ => Operation::Stop,
                };
                let name = self.selected_service_name();
                let (cg, id) = match self.selected_status() {
                    Some(s) => (s.container_group.clone(), s.resource_id.clone()),
                    None => {
                        let cg = self
                            .targets
                            .services
                            .iter()
                            .find(|(s, _)| *s == name)
                            .map(|(_, cg)| cg.clone())
                            .unwrap_or_default();
                        let id = self.targets.container_group_id(&cg);
                        (cg, id)
                    }
                };
                return self.request_mutation(op, cg, id, None);
            }
            Action::Acknowledge | Action::CloseAlert => {
                let selected = self
                    .alert_rows()
                    .get(self.selected_alert)
                    .map(|a| (a.name.clone(), a.id.clone()));
                match selected {
                    Some((name, id)) if self.focus == Pane::Alerts => {
                        let op = if action == Action::Acknowledge {
                            Operation::Acknowledge
                        } else {
                            Operation::CloseAlert
                        };
                        return self.request_mutation(op, name, id, None);
                    }
                    Some(_) => self.toast(
                        ToastLevel::Info,
                        "select an alert in the Alerts pane (3) first",
                    ),
                    None => self.toast(ToastLevel::Info, "no alert selected"),
                }
            }
            Action::Restore => self.open_restore_form(None),
            Action::Checklists => return self.open_checklists(),
            Action::Audit => return vec![Effect::LoadAudit],
            Action::MarkPass
            | Action::MarkFail
            | Action::MarkSkip
            | Action::MarkNa
            | Action::Note
            | Action::Finish
            | Action::PastRuns => {
                self.toast(
                    ToastLevel::Info,
                    format!("{}: open a checklist first (c)", action.name()),
                );
            }
        }
        Vec::new()
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        let step = |cur: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            let next = cur as isize + delta;
            next.clamp(0, len as isize - 1) as usize
        };
        match self.focus {
            Pane::Services | Pane::Charts => {
                let rows: Vec<String> = self
                    .service_rows()
                    .iter()
                    .map(|s| s.service.clone())
                    .collect();
                let i = step(self.selected_service_index(), rows.len());
                self.selected_service = rows.get(i).cloned();
            }
            Pane::Alerts => {
                self.selected_alert = step(self.selected_alert, self.alert_rows().len());
            }
            Pane::Events => {
                self.selected_event = step(self.selected_event, self.event_rows().len());
            }
            Pane::Backups => self.selected_backup = step(self.selected_backup, 2),
            Pane::Logs => {
                let len = self.log_view.lines.len();
                self.log_view.follow = false;
                self.log_view.scroll = step(self.log_view.scroll, len);
            }
        }
    }

    pub(super) fn drill_in(&mut self) {
        match self.focus {
            Pane::Services | Pane::Charts => {
                self.overlay = Some(Overlay::ServiceDetail {
                    service: self.selected_service_name(),
                    scroll: 0,
                });
            }
            Pane::Alerts => {
                let target = self
                    .alert_rows()
                    .get(self.selected_alert)
                    .and_then(|a| a.target_service.clone());
                match target {
                    Some(service) => {
                        self.selected_service = Some(service);
                        self.chart_all = false;
                        self.focus_pane(Pane::Services);
                    }
                    None => self.toast(ToastLevel::Info, "this alert targets no service"),
                }
            }
            Pane::Events => {
                let service = self
                    .event_rows()
                    .get(self.selected_event)
                    .map(|(s, _)| s.to_string());
                if let Some(service) = service {
                    self.selected_service = Some(service);
                    self.focus_pane(Pane::Services);
                }
            }
            Pane::Backups | Pane::Logs => {}
        }
    }

    /// The focused row as text, for the clipboard.
    pub(super) fn copy_text(&self) -> Option<String> {
        match self.focus {
            Pane::Services | Pane::Charts => self.selected_status().map(|s| {
                format!(
                    "{} {} {} restarts={} {}",
                    self.env, s.service, s.state, s.restart_count, s.resource_id
                )
            }),
            Pane::Alerts => self.alert_rows().get(self.selected_alert).map(|a| {
                format!(
                    "{:?} {} {:?}/{:?} fired {} {}",
                    a.severity, a.name, a.state, a.condition, a.fired_at, a.target_resource
                )
            }),
            Pane::Events => self
                .event_rows()
                .get(self.selected_event)
                .map(|(s, e)| format!("{s} {} {}", e.name, e.message)),
            Pane::Logs => {
                let i = if self.log_view.follow {
                    self.log_view.lines.len().saturating_sub(1)
                } else {
                    self.log_view.scroll
                };
                self.log_view.lines.get(i).cloned()
            }
            Pane::Backups => None,
        }
    }
}
