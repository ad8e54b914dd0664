//! Application state and the only place it changes: [`App::update`].
//!
//! `update` takes a [`Msg`] (a key, a tick, data from a poller, the result of an operation)
//! and returns [`Effect`]s for the runtime to carry out (retarget pollers, copy to the
//! clipboard, send a request). It does no I/O itself, so every behaviour here is testable
//! without a terminal or a network.

pub mod checklist;
pub mod feed;
pub mod gate;
pub mod history;
pub mod pane;
pub mod restore;

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::config::{Context, EnvTargets, KeyChord, Keymap, Settings, Theme};
pub use crate::connect::DataSource;
use crate::health::alerts::is_open;
use crate::model::{Alert, CosmosBackupStatus, Env, ResourceUsage, ServiceStatus, SqlBackupStatus};
use crate::mutation::{Attempt, Cancelled, MutationOutcome, MutationRequest, Operation, Outcome};
pub use feed::Feed;
pub use gate::{ConfirmField, ConfirmState};
pub use pane::{ChartWindow, Pane};
pub use restore::{RestoreField, RestoreForm, RestoreKind, RestoreProgress};

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

/// Backup facts of one environment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Backups {
    pub sql: Option<Result<SqlBackupStatus, String>>,
    pub cosmos: Option<Result<CosmosBackupStatus, String>>,
}

/// A bounded log buffer for the Logs pane.
#[derive(Debug, Clone, Default)]
pub struct LogView {
    pub service: String,
    pub lines: VecDeque<String>,
    pub follow: bool,
    pub wrap: bool,
    pub search: Option<String>,
    /// Index of the first visible line when not following.
    pub scroll: usize,
    /// Index into the matching lines of the current search.
    pub match_cursor: usize,
}

/// Most lines kept per log view: a day of chatty logs must not grow memory without bound.
pub const LOG_LINES_CAP: usize = 5_000;

impl LogView {
    /// Replaces the buffer with the newest tail, keeping at most [`LOG_LINES_CAP`] lines.
    pub fn set_content(&mut self, content: &str) {
        self.lines.clear();
        for line in content.lines() {
            if self.lines.len() == LOG_LINES_CAP {
                self.lines.pop_front();
            }
            self.lines.push_back(line.to_string());
        }
    }

    pub fn matches(&self) -> Vec<usize> {
        match &self.search {
            Some(q) if !q.is_empty() => {
                let q = q.to_ascii_lowercase();
                self.lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.to_ascii_lowercase().contains(&q))
                    .map(|(i, _)| i)
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastLevel {
    Info,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub level: ToastLevel,
    pub text: String,
    pub until: DateTime<Utc>,
}

/// What is drawn over the panes and takes the keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    CommandLine {
        input: String,
    },
    Filter {
        input: String,
    },
    ServiceDetail {
        service: String,
        scroll: usize,
    },
    Message {
        title: String,
        text: String,
    },
    Confirm(ConfirmState),
    Restore(RestoreForm),
    /// An unfinished checklist run was found at start.
    ResumeOffer {
        run_id: String,
        text: String,
    },
    /// The audit log, newest first.
    Audit {
        lines: Vec<String>,
        scroll: usize,
    },
}

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Action(Action),
    Resize(u16, u16),
    /// The clock moved (once a second).
    Tick(DateTime<Utc>),
    Services(Env, Result<Vec<ServiceStatus>, String>),
    Usage(Env, ChartWindow, Result<Vec<ResourceUsage>, String>),
    Alerts(Env, Result<Vec<Alert>, String>),
    Backups(Env, Backups),
    Logs {
        env: Env,
        service: String,
        result: Result<String, String>,
    },
    /// A long-running mutation moved on (LRO status).
    MutationProgress {
        request_id: u64,
        status: String,
    },
    MutationDone(MutationOutcome),
    ChecklistsLoaded {
        catalog: crate::checklist::model::Catalog,
        /// Every run in the store, newest first.
        runs: Vec<crate::checklist::run::Run>,
        /// Run files that could not be read.
        run_errors: Vec<String>,
        open_picker: bool,
    },
    /// `eduops checklist run NAME`: open this walkthrough at start.
    StartChecklist {
        checklist: Box<crate::checklist::model::Checklist>,
        env: Env,
        resume: Option<Box<crate::checklist::run::Run>>,
    },
    Evidence {
        env: Env,
        snapshot: Box<crate::checklist::auto::Snapshot>,
    },
    /// A run file was written (`id` may differ from the one sent if it was taken).
    RunSaved {
        id: String,
        result: Result<(), String>,
    },
    AuditLoaded(Vec<String>),
    /// The client signed in (or tried): which credential worked, and who the token names.
    SignedIn {
        identity: String,
        operator: Option<String>,
    },
    /// SIGTERM / SIGHUP / SIGINT.
    Signal(&'static str),
}

/// What the pollers should be fetching.
#[derive(Debug, Clone, PartialEq)]
pub struct PollTarget {
    pub env: Env,
    pub window: ChartWindow,
    /// Service whose logs are followed, while the Logs pane is visible.
    pub logs: Option<String>,
}

/// I/O the runtime performs for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Pollers switch to a new target (environment, chart window, logs).
    Retarget(PollTarget),
    /// Every poller fetches now.
    RefreshNow,
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Send a confirmed mutation (and audit its outcome).
    Mutate(MutationRequest),
    /// Record an attempt decided here (refused, cancelled, cut off by exiting).
    Audit(Attempt),
    /// Read the checklist catalog and the past runs (and open the picker).
    LoadChecklists { open_picker: bool },
    /// Write a checklist run file now (atomically); `create` gives it a unique id first.
    SaveRun {
        run: Box<crate::checklist::run::Run>,
        create: bool,
    },
    /// Fetch what the checklist auto-checks judge (24 h metrics, every log tail, secrets).
    GatherEvidence { env: Env },
    /// Read the newest audit lines for the audit view.
    LoadAudit,
}

pub struct App {
    pub settings: Settings,
    pub env: Env,
    pub targets: EnvTargets,
    pub source: DataSource,
    /// Mutations refused everywhere (`--read-only`); environments may add their own.
    pub read_only: bool,
    pub keymap: Keymap,
    pub theme: Theme,
    pub ascii: bool,
    pub now: DateTime<Utc>,
    pub focus: Pane,
    /// The pane shown beside Services when the screen is too small for the grid.
    pub last_side_pane: Pane,
    pub zoomed: bool,
    pub overlay: Option<Overlay>,
    pub services: Feed<Vec<ServiceStatus>>,
    /// Freshness and errors of the metrics; the points are in `history`.
    pub usage: Feed<()>,
    pub history: history::History,
    pub alerts: Feed<Vec<Alert>>,
    pub backups: Feed<Backups>,
    pub logs: Feed<()>,
    pub log_view: LogView,
    pub window: ChartWindow,
    pub chart_all: bool,
    /// Selected service by name, so the selection survives re-sorting.
    pub selected_service: Option<String>,
    pub selected_alert: usize,
    pub selected_event: usize,
    pub selected_backup: usize,
    pub filter: String,
    pub toasts: Vec<Toast>,
    /// A one-line hint under the status bar (e.g. how to connect to Azure).
    pub banner: Option<String>,
    pub size: (u16, u16),
    pub checklist: checklist::ChecklistState,
    /// Quit was pressed once while operations were still running.
    pub quit_armed: bool,
    /// Who is at the keyboard (audit log, checklist runs).
    pub operator: String,
    pub next_request_id: u64,
    /// Mutations sent and not finished, by target resource id.
    pub in_flight: std::collections::HashMap<String, InFlight>,
    /// Restores started this session (kept after they end, for the record).
    pub restores: Vec<RestoreProgress>,
    /// Local time zone for display, fixed at start (tests pin it).
    pub tz: chrono::FixedOffset,
    /// Restart counts seen over the last hour, per service, to show recent restarts.
    pub restart_history: std::collections::HashMap<String, VecDeque<(DateTime<Utc>, u32)>>,
    pub should_quit: bool,
    /// Something visible changed since the last frame.
    pub dirty: bool,
}

impl App {
    pub fn new(
        settings: Settings,
        env: Env,
        source: DataSource,
        keymap: Keymap,
        theme: Theme,
        now: DateTime<Utc>,
    ) -> App {
        let targets = settings.targets(env);
        let r = settings.refresh.clone();
        let ascii = settings.ui.ascii;
        App {
            env,
            targets,
            source,
            read_only: false,
            keymap,
            theme,
            ascii,
            now,
            focus: Pane::Services,
            last_side_pane: Pane::Charts,
            zoomed: false,
            overlay: None,
            services: Feed::new(r.state_secs),
            usage: Feed::new(r.metrics_secs),
            history: history::History::default(),
            alerts: Feed::new(r.alerts_secs),
            backups: Feed::new(r.backups_secs),
            logs: Feed::new(r.logs_secs),
            log_view: LogView {
                follow: true,
                ..LogView::default()
            },
            window: ChartWindow::H1,
            chart_all: false,
            selected_service: None,
            selected_alert: 0,
            selected_event: 0,
            selected_backup: 0,
            filter: String::new(),
            toasts: Vec::new(),
            banner: None,
            size: (0, 0),
            checklist: checklist::ChecklistState::default(),
            quit_armed: false,
            operator: crate::audit::os_user(),
            next_request_id: 0,
            in_flight: std::collections::HashMap::new(),
            restores: Vec::new(),
            tz: *chrono::Local::now().offset(),
            restart_history: std::collections::HashMap::new(),
            should_quit: false,
            dirty: true,
            settings,
        }
    }

    pub fn tz(&self) -> chrono::FixedOffset {
        self.tz
    }

    /// Restarts observed during the last hour (from successive refreshes).
    pub fn restarts_last_hour(&self, service: &str) -> Option<u32> {
        let h = self.restart_history.get(service)?;
        let (first_t, first) = h.front()?;
        let (_, last) = h.back()?;
        // Only meaningful once we have watched for a while; say nothing rather than 0.
        if self.now - *first_t < chrono::Duration::minutes(1) && h.len() < 2 {
            return None;
        }
        Some(last.saturating_sub(*first))
    }

    /// Ends "Restarting…"/"Stopping…" labels once the group reached the state it was sent to.
    fn settle_transitions(&mut self) {
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

    fn record_restarts(&mut self) {
        let now = self.now;
        let Some(all) = &self.services.data else {
            return;
        };
        for s in all {
            let h = self.restart_history.entry(s.service.clone()).or_default();
            // A restart count that went down means the group was recreated: start over.
            if h.back().is_some_and(|(_, c)| *c > s.restart_count) {
                h.clear();
            }
            h.push_back((now, s.restart_count));
            while h
                .front()
                .is_some_and(|(t, _)| now - *t > chrono::Duration::hours(1))
            {
                h.pop_front();
            }
            // Bounded: one entry per refresh for an hour is a few hundred at most.
            while h.len() > 720 {
                h.pop_front();
            }
        }
    }

    /// What the pollers should fetch for the current state.
    pub fn poll_target(&self) -> PollTarget {
        PollTarget {
            env: self.env,
            window: self.window,
            logs: self.logs_wanted().then(|| self.selected_service_name()),
        }
    }

    fn logs_wanted(&self) -> bool {
        self.focus == Pane::Logs || self.last_side_pane == Pane::Logs || self.size.0 >= 120
    }

    /// Is a mutation refused in the current environment?
    pub fn is_read_only(&self) -> bool {
        self.read_only || self.targets.read_only
    }

    // ----- derived views used by the UI -----

    /// Service rows in display order: attention first (if configured), then guide order,
    /// narrowed by the filter.
    pub fn service_rows(&self) -> Vec<&ServiceStatus> {
        let Some(all) = &self.services.data else {
            return Vec::new();
        };
        let f = self.filter.to_lowercase();
        let mut rows: Vec<&ServiceStatus> = all
            .iter()
            .filter(|s| {
                f.is_empty()
                    || s.service.to_lowercase().contains(&f)
                    || s.state.as_str().to_lowercase().contains(&f)
                    || s.container_group.to_lowercase().contains(&f)
            })
            .collect();
        if self.settings.ui.attention_first {
            rows.sort_by_key(|s| s.state.attention_rank());
        }
        rows
    }

    pub fn selected_service_name(&self) -> String {
        if let Some(s) = &self.selected_service {
            return s.clone();
        }
        self.service_rows()
            .first()
            .map(|s| s.service.clone())
            .unwrap_or_else(|| self.targets.services[0].0.clone())
    }

    pub fn selected_service_index(&self) -> usize {
        let name = self.selected_service_name();
        self.service_rows()
            .iter()
            .position(|s| s.service == name)
            .unwrap_or(0)
    }

    pub fn selected_status(&self) -> Option<&ServiceStatus> {
        let name = self.selected_service_name();
        self.services
            .data
            .as_ref()?
            .iter()
            .find(|s| s.service == name)
    }

    /// Alerts newest and most severe first: open ones before closed/resolved.
    pub fn alert_rows(&self) -> Vec<&Alert> {
        let Some(all) = &self.alerts.data else {
            return Vec::new();
        };
        let f = self.filter.to_lowercase();
        let mut rows: Vec<&Alert> = all
            .iter()
            .filter(|a| {
                f.is_empty()
                    || a.name.to_lowercase().contains(&f)
                    || a.target_service
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&f))
            })
            .collect();
        rows.sort_by(|a, b| {
            is_open(b)
                .cmp(&is_open(a))
                .then(a.severity.cmp(&b.severity))
                .then(b.fired_at.cmp(&a.fired_at))
        });
        rows
    }

    /// Every container event of the environment, newest first, with its service.
    pub fn event_rows(&self) -> Vec<(&str, &crate::model::ContainerEvent)> {
        let Some(all) = &self.services.data else {
            return Vec::new();
        };
        let mut rows: Vec<(&str, &crate::model::ContainerEvent)> = all
            .iter()
            .flat_map(|s| s.events.iter().map(move |e| (s.service.as_str(), e)))
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.1.last_timestamp));
        rows
    }

    /// The history of a group at the current window's grain.
    pub fn usage_of(&self, resource_id: &str) -> Option<&history::Series> {
        self.history
            .series(self.window.grain_minutes(), resource_id)
    }

    /// Latest CPU and memory percent of a service (the last point with a value).
    pub fn latest_usage(&self, status: &ServiceStatus) -> (Option<f64>, Option<f64>) {
        self.usage_of(&status.resource_id)
            .map(|s| s.latest())
            .unwrap_or((None, None))
    }

    // ----- the one place state changes -----

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

    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
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
                let n = self.toasts.len();
                self.toasts.retain(|t| t.until > now);
                // Ages and the clock are on screen: a tick is a visible change. The terminal
                // backend only writes the cells that differ.
                self.dirty = true;
                let _ = n;
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

    /// Leaving with a dialog open or requests still running: say so in the audit log, so no
    /// attempt goes unrecorded because the SSH link dropped.
    fn exit_audit(&mut self) -> Vec<Effect> {
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

    fn on_mutation_done(&mut self, outcome: MutationOutcome) -> Vec<Effect> {
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

    pub fn toast(&mut self, level: ToastLevel, text: impl Into<String>) {
        self.toasts.push(Toast {
            level,
            text: text.into(),
            until: self.now + chrono::Duration::seconds(6),
        });
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
        self.dirty = true;
    }

    fn context(&self) -> Context {
        self.focus.context()
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind != crossterm::event::KeyEventKind::Press {
            return Vec::new();
        }
        if let Some(effects) = self.on_overlay_key(&key) {
            self.dirty = true;
            return effects;
        }
        if let Some(effects) = self.on_checklist_key(&key) {
            return effects;
        }
        let Some(chord) = KeyChord::from_event(&key) else {
            return Vec::new();
        };
        match self.keymap.lookup(self.context(), &chord) {
            Some(action) => self.on_action(action),
            None => Vec::new(),
        }
    }

    /// Overlays with text input take raw keys; others let the keymap through for navigation.
    fn on_overlay_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        if matches!(self.overlay, Some(Overlay::Confirm(_))) {
            return Some(self.on_confirm_key(key));
        }
        if matches!(self.overlay, Some(Overlay::Restore(_))) {
            return Some(self.on_restore_key(key));
        }
        let is_filter = matches!(self.overlay, Some(Overlay::Filter { .. }));
        let overlay = self.overlay.as_mut()?;
        match overlay {
            Overlay::CommandLine { input } | Overlay::Filter { input } => {
                match key.code {
                    KeyCode::Esc => {
                        if is_filter {
                            self.filter.clear();
                            self.log_view.search = None;
                        }
                        self.overlay = None;
                    }
                    KeyCode::Enter => {
                        let text = std::mem::take(input);
                        self.overlay = None;
                        if !is_filter {
                            return Some(self.run_command(&text));
                        }
                    }
                    KeyCode::Backspace => {
                        input.pop();
                        if is_filter {
                            let t = input.clone();
                            self.apply_filter(t);
                        }
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        input.push(c);
                        if is_filter {
                            let t = input.clone();
                            self.apply_filter(t);
                        }
                    }
                    KeyCode::Char('c') => self.overlay = None,
                    _ => {}
                }
                Some(Vec::new())
            }
            Overlay::Help { .. } | Overlay::ServiceDetail { .. } | Overlay::Audit { .. } => {
                let context = if matches!(overlay, Overlay::Audit { .. }) {
                    Context::Audit
                } else {
                    Context::Global
                };
                let action = self.keymap.lookup(context, &KeyChord::from_event(key)?);
                self.scroll_overlay(action);
                Some(Vec::new())
            }
            Overlay::Message { .. } => {
                self.overlay = None;
                Some(Vec::new())
            }
            Overlay::Confirm(_) | Overlay::Restore(_) => Some(Vec::new()),
            Overlay::ResumeOffer { run_id, .. } => {
                let id = run_id.clone();
                match key.code {
                    KeyCode::Enter => {
                        self.overlay = None;
                        Some(self.resume_run(&id))
                    }
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.overlay = None;
                        Some(Vec::new())
                    }
                    _ => Some(Vec::new()),
                }
            }
        }
    }

    /// Scrolling overlays (help, details, audit): movement keys scroll, `quit` quits, any
    /// other key closes.
    fn scroll_overlay(&mut self, action: Option<Action>) {
        let scroll = match &mut self.overlay {
            Some(Overlay::Help { scroll })
            | Some(Overlay::ServiceDetail { scroll, .. })
            | Some(Overlay::Audit { scroll, .. }) => scroll,
            _ => return,
        };
        match action {
            Some(Action::Down) => *scroll += 1,
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::PageDown) => *scroll += 10,
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
            Some(Action::Top) => *scroll = 0,
            Some(Action::Quit) => self.should_quit = true,
            _ => self.overlay = None,
        }
    }

    fn apply_filter(&mut self, text: String) {
        if self.focus == Pane::Logs {
            self.log_view.search = Some(text);
            self.log_view.match_cursor = 0;
            self.log_view.follow = false;
            self.jump_to_match();
        } else {
            self.filter = text;
            self.selected_alert = 0;
        }
    }

    fn jump_to_match(&mut self) {
        let m = self.log_view.matches();
        if let Some(&line) = m.get(self.log_view.match_cursor % m.len().max(1)) {
            self.log_view.scroll = line;
        }
    }

    fn run_command(&mut self, text: &str) -> Vec<Effect> {
        let mut words = text.split_whitespace();
        let Some(cmd) = words.next() else {
            return Vec::new();
        };
        match cmd {
            "q" | "quit" => {
                self.should_quit = true;
                Vec::new()
            }
            "env" => match words.next().map(str::parse::<Env>) {
                Some(Ok(env)) => self.switch_env(env),
                Some(Err(e)) => {
                    self.toast(ToastLevel::Error, e);
                    Vec::new()
                }
                None => {
                    self.toast(ToastLevel::Error, "usage: :env dev|staging|prod");
                    Vec::new()
                }
            },
            other => match Action::from_name(other) {
                Some(a) => self.on_action(a),
                None => {
                    let names = Action::ALL.iter().map(|a| a.name()).chain(["env", "quit"]);
                    let hint = crate::config::error::did_you_mean(other, names)
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.toast(
                        ToastLevel::Error,
                        format!("unknown command `{other}`{hint}"),
                    );
                    Vec::new()
                }
            },
        }
    }

    pub fn switch_env(&mut self, env: Env) -> Vec<Effect> {
        if env == self.env {
            return Vec::new();
        }
        self.env = env;
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

    fn focus_pane(&mut self, pane: Pane) {
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

    fn move_selection(&mut self, delta: isize) {
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

    fn drill_in(&mut self) {
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
    fn copy_text(&self) -> Option<String> {
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
