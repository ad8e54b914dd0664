//! What is drawn over the panes: overlays that take the keys first, and toasts.

use super::{ConfirmState, RestoreForm};
use chrono::{DateTime, Utc};

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
