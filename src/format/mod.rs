//! Text formatting shared by the screens, the checklists and the command-line reports:
//! durations, local times, and widths measured in terminal columns. Pure: no I/O, no ratatui.

pub mod duration;
pub mod text;

use chrono::{DateTime, FixedOffset, Utc};

/// `t` in the operator's time zone, formatted with chrono's `fmt`.
pub fn local_time(t: DateTime<Utc>, tz: FixedOffset, fmt: &str) -> String {
    t.with_timezone(&tz).format(fmt).to_string()
}
