//! What reaches the app ([`Msg`]) and what it asks the runtime to do ([`Effect`]).

use super::ChartWindow;
use crate::model::{CosmosBackupStatus, ResourceUsage, SqlBackupStatus};
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::action::Action;
use crate::model::{Alert, Env, ServiceStatus};
use crate::mutation::{Attempt, MutationOutcome, MutationRequest};

/// Backup facts of one environment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Backups {
    pub sql: Option<Result<SqlBackupStatus, String>>,
    pub cosmos: Option<Result<CosmosBackupStatus, String>>,
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
