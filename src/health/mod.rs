//! The one place eduops decides what is healthy: service states, backups, alerts, log lines.
//!
//! The panes, the checklist auto-checks and `eduops check` all ask these functions, so the
//! dashboard, the hand-off note and the cron job never disagree. Pure functions over
//! [`crate::model`] types: no I/O, no drawing.

pub mod alerts;
pub mod backups;
pub mod logs;
pub mod service;
mod verdict;

pub use verdict::Verdict;
