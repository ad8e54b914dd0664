//! The one place state changes: every [`Msg`] goes through [`App::update`].

use super::{App, DataSource, Effect, Msg, Overlay, ToastLevel};

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        // Whatever changed the selection, the window or the layout — a key, fresh data that
        // re-sorted the rows, a resize — the pollers follow: one place, so none is missed.
        let before = self.poll_target();
        let mut effects = self.apply(msg);
        let after = self.poll_target();
        if after != before && !effects.iter().any(|e| matches!(e, Effect::Retarget(_))) {
            effects.push(Effect::Retarget(after));
        }
        effects
    }

    pub(super) fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Action(a) => self.on_action(a),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
                Vec::new()
            }
            Msg::Tick(now) => {
                self.now = now;
                self.toasts.retain(|t| t.until > now);
                // Ages and the clock are on screen: a tick is a visible change. The terminal
                // backend only writes the cells that differ.
                self.dirty = true;
                Vec::new()
            }
            Msg::Services(env, result) => {
                if env == self.env {
                    self.services.apply(result, self.now);
                    self.record_restarts();
                    self.settle_transitions();
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::Usage(env, window, result) => {
                if env == self.env {
                    // Any window's answer is history worth keeping; only the shown window's
                    // answer says whether the chart is fresh.
                    if let Ok(usage) = &result {
                        self.history.merge(window.grain_minutes(), usage, self.now);
                    }
                    if window == self.window {
                        self.usage.apply(result.map(|_| ()), self.now);
                    }
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::Alerts(env, result) => {
                if env == self.env {
                    self.alerts.apply(result, self.now);
                    let n = self.alert_rows().len();
                    self.selected_alert = self.selected_alert.min(n.saturating_sub(1));
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::Backups(env, backups) => {
                if env == self.env {
                    self.backups.apply(Ok(backups), self.now);
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::Logs {
                env,
                service,
                result,
            } => {
                if env == self.env && service == self.selected_service_name() {
                    match result {
                        Ok(text) => {
                            if self.log_view.service != service {
                                self.log_view.scroll = 0;
                            }
                            self.log_view.service = service;
                            self.log_view.set_content(&text);
                            self.logs.apply(Ok(()), self.now);
                        }
                        Err(e) => self.logs.apply(Err(e), self.now),
                    }
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::MutationProgress { request_id, status } => {
                if let Some(r) = self
                    .restores
                    .iter_mut()
                    .find(|r| r.request_id == request_id)
                {
                    r.status = status;
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::MutationDone(outcome) => self.on_mutation_done(outcome),
            Msg::ChecklistsLoaded {
                catalog,
                runs,
                run_errors,
                open_picker,
            } => self.on_checklists_loaded(catalog, runs, run_errors, open_picker),
            Msg::StartChecklist {
                checklist,
                env,
                resume,
            } => self.open_walk(*checklist, env, resume.map(|r| *r)),
            Msg::Evidence { env, snapshot } => self.on_evidence(env, *snapshot),
            Msg::RunSaved { id, result } => {
                match result {
                    Ok(()) => {
                        self.checklist.save_error = None;
                        if let Some(w) = &mut self.checklist.walk
                            && w.run().id != id
                        {
                            w.run_mut().id = id;
                        }
                    }
                    Err(e) => {
                        self.toast(ToastLevel::Error, format!("checklist run not saved: {e}"));
                        self.checklist.save_error = Some(e);
                    }
                }
                self.dirty = true;
                Vec::new()
            }
            Msg::SignedIn { identity, operator } => {
                if let DataSource::Azure {
                    identity: shown, ..
                } = &mut self.source
                {
                    *shown = identity;
                }
                if let Some(name) = operator {
                    self.operator = name;
                }
                self.dirty = true;
                Vec::new()
            }
            Msg::AuditLoaded(lines) => {
                self.overlay = Some(Overlay::Audit { lines, scroll: 0 });
                self.dirty = true;
                Vec::new()
            }
            Msg::Signal(_) => {
                self.should_quit = true;
                self.exit_audit()
            }
        }
    }
}
