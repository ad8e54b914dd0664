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

mod actions;
mod keys;
mod log_view;
mod msg;
mod operations;
mod overlay;
mod restarts;
mod rows;
mod update;

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};

use crate::config::{EnvTargets, Keymap, Settings, Theme};
pub use crate::connect::DataSource;
use crate::model::{Alert, Env, ServiceStatus};
pub use feed::Feed;
pub use gate::{ConfirmField, ConfirmState};
pub use log_view::{LOG_LINES_CAP, LogView};
pub use msg::{Backups, Effect, Msg, PollTarget};
pub use operations::{InFlight, TRANSITION_TIMEOUT_MINUTES};
pub use overlay::{Overlay, Toast, ToastLevel};
pub use pane::{ChartWindow, Pane};
pub use restore::{RestoreField, RestoreForm, RestoreKind, RestoreProgress};

pub struct App {
    settings: Settings,
    env: Env,
    targets: EnvTargets,
    source: DataSource,
    /// Mutations refused everywhere (`--read-only`); environments may add their own.
    read_only: bool,
    keymap: Keymap,
    theme: Theme,
    ascii: bool,
    now: DateTime<Utc>,
    /// When the shown environment's data was first asked for: how long a pane still waiting
    /// for its first answer has waited.
    asked_at: DateTime<Utc>,
    focus: Pane,
    /// The pane shown beside Services when the screen is too small for the grid.
    last_side_pane: Pane,
    zoomed: bool,
    overlay: Option<Overlay>,
    services: Feed<Vec<ServiceStatus>>,
    /// Freshness and errors of the metrics; the points are in `history`.
    usage: Feed<()>,
    history: history::History,
    alerts: Feed<Vec<Alert>>,
    backups: Feed<Backups>,
    logs: Feed<()>,
    log_view: LogView,
    window: ChartWindow,
    chart_all: bool,
    /// Selected service by name, so the selection survives re-sorting.
    selected_service: Option<String>,
    selected_alert: usize,
    selected_event: usize,
    selected_backup: usize,
    filter: String,
    toasts: Vec<Toast>,
    /// A one-line hint under the status bar (e.g. how to connect to Azure).
    banner: Option<String>,
    size: (u16, u16),
    checklist: checklist::ChecklistState,
    /// Quit was pressed once while operations were still running.
    quit_armed: bool,
    /// Who is at the keyboard (audit log, checklist runs).
    operator: String,
    next_request_id: u64,
    /// Mutations sent and not finished, by target resource id.
    in_flight: HashMap<String, InFlight>,
    /// Restores started this session (kept after they end, for the record).
    restores: Vec<RestoreProgress>,
    /// Local time zone for display, fixed at start (tests pin it).
    tz: chrono::FixedOffset,
    /// Restart counts seen over the last hour, per service, to show recent restarts.
    restart_history: HashMap<String, VecDeque<(DateTime<Utc>, u32)>>,
    should_quit: bool,
    /// Something visible changed since the last frame.
    dirty: bool,
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
            asked_at: now,
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
            in_flight: HashMap::new(),
            restores: Vec::new(),
            tz: *chrono::Local::now().offset(),
            restart_history: HashMap::new(),
            should_quit: false,
            dirty: true,
            settings,
        }
    }

    // ----- read access for the drawing side and the runtime -----

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn env(&self) -> Env {
        self.env
    }
    pub fn targets(&self) -> &EnvTargets {
        &self.targets
    }
    pub fn source(&self) -> &DataSource {
        &self.source
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn theme(&self) -> &Theme {
        &self.theme
    }
    /// ASCII markers instead of braille and symbols.
    pub fn ascii(&self) -> bool {
        self.ascii
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
    /// The sign-in failure every feed ran into, said once above the panes instead of in each.
    pub fn sign_in_failure(&self) -> Option<&str> {
        [
            self.services.error.as_deref(),
            self.alerts.error.as_deref(),
            self.backups.error.as_deref(),
            self.usage.error.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find(|e| e.starts_with(crate::azure::error::AUTH_PREFIX))
    }

    /// How long the shown environment's first answers have been awaited.
    pub fn waiting_for(&self) -> chrono::Duration {
        self.now - self.asked_at
    }
    pub fn focus(&self) -> Pane {
        self.focus
    }
    /// The pane shown beside Services when the screen is too small for the grid.
    pub fn last_side_pane(&self) -> Pane {
        self.last_side_pane
    }
    pub fn zoomed(&self) -> bool {
        self.zoomed
    }
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }
    pub fn services(&self) -> &Feed<Vec<ServiceStatus>> {
        &self.services
    }
    /// Freshness and errors of the metrics; the points are in [`App::history`].
    pub fn usage(&self) -> &Feed<()> {
        &self.usage
    }
    pub fn history(&self) -> &history::History {
        &self.history
    }
    pub fn alerts(&self) -> &Feed<Vec<Alert>> {
        &self.alerts
    }
    pub fn backups(&self) -> &Feed<Backups> {
        &self.backups
    }
    pub fn logs(&self) -> &Feed<()> {
        &self.logs
    }
    pub fn log_view(&self) -> &LogView {
        &self.log_view
    }
    pub fn window(&self) -> ChartWindow {
        self.window
    }
    /// Every service on one chart instead of the selected one.
    pub fn chart_all(&self) -> bool {
        self.chart_all
    }
    pub fn selected_alert(&self) -> usize {
        self.selected_alert
    }
    pub fn selected_event(&self) -> usize {
        self.selected_event
    }
    pub fn selected_backup(&self) -> usize {
        self.selected_backup
    }
    pub fn filter(&self) -> &str {
        &self.filter
    }
    pub fn toasts(&self) -> &[Toast] {
        &self.toasts
    }
    pub fn banner(&self) -> Option<&str> {
        self.banner.as_deref()
    }
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
    pub fn checklist(&self) -> &checklist::ChecklistState {
        &self.checklist
    }
    /// Who is at the keyboard (audit log, checklist runs).
    pub fn operator(&self) -> &str {
        &self.operator
    }
    pub fn in_flight(&self) -> &HashMap<String, InFlight> {
        &self.in_flight
    }
    pub fn restores(&self) -> &[RestoreProgress] {
        &self.restores
    }
    pub fn should_quit(&self) -> bool {
        self.should_quit
    }
    /// Something visible changed since the last frame.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    // ----- what the runtime and start-up set -----

    /// The frame was drawn: nothing new to show until the next change.
    pub fn mark_drawn(&mut self) {
        self.dirty = false;
    }
    /// `--read-only`: mutations refused everywhere (environments may add their own).
    pub fn set_read_only(&mut self, on: bool) {
        self.read_only = on;
        self.dirty = true;
    }
    /// A one-line hint under the status bar (e.g. how to connect to Azure).
    pub fn set_banner(&mut self, text: Option<String>) {
        self.banner = text;
        self.dirty = true;
    }
    /// The time zone dates are shown in (tests pin it).
    pub fn set_tz(&mut self, tz: chrono::FixedOffset) {
        self.tz = tz;
        self.dirty = true;
    }

    pub fn tz(&self) -> chrono::FixedOffset {
        self.tz
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
}
