//! The panes of the dashboard.

use crate::config::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Services,
    Charts,
    Alerts,
    Backups,
    Logs,
    Events,
}

impl Pane {
    pub const ALL: [Pane; 6] = [
        Pane::Services,
        Pane::Charts,
        Pane::Alerts,
        Pane::Backups,
        Pane::Logs,
        Pane::Events,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Services => "Services",
            Pane::Charts => "CPU/Memory",
            Pane::Alerts => "Alerts",
            Pane::Backups => "Backups",
            Pane::Logs => "Logs",
            Pane::Events => "Events",
        }
    }

    /// The number key that jumps here (1-6).
    pub fn number(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1
    }

    pub fn context(self) -> Context {
        match self {
            Pane::Services => Context::Services,
            Pane::Charts => Context::Charts,
            Pane::Alerts => Context::Alerts,
            Pane::Backups => Context::Backups,
            Pane::Logs => Context::Logs,
            Pane::Events => Context::Events,
        }
    }

    pub fn next(self) -> Pane {
        Pane::ALL[self.number() % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.number() + Pane::ALL.len() - 2) % Pane::ALL.len()]
    }
}

/// Chart time windows, cycled with `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartWindow {
    M15,
    H1,
    H6,
    H24,
}

impl ChartWindow {
    pub fn label(self) -> &'static str {
        match self {
            ChartWindow::M15 => "15m",
            ChartWindow::H1 => "1h",
            ChartWindow::H6 => "6h",
            ChartWindow::H24 => "24h",
        }
    }

    pub fn duration(self) -> chrono::Duration {
        match self {
            ChartWindow::M15 => chrono::Duration::minutes(15),
            ChartWindow::H1 => chrono::Duration::hours(1),
            ChartWindow::H6 => chrono::Duration::hours(6),
            ChartWindow::H24 => chrono::Duration::hours(24),
        }
    }

    /// Metric grain: one minute up to 6 h, five minutes for a day (288 points, not 1,440).
    pub fn grain_minutes(self) -> i64 {
        match self {
            ChartWindow::H24 => 5,
            _ => 1,
        }
    }

    pub fn next(self) -> ChartWindow {
        match self {
            ChartWindow::M15 => ChartWindow::H1,
            ChartWindow::H1 => ChartWindow::H6,
            ChartWindow::H6 => ChartWindow::H24,
            ChartWindow::H24 => ChartWindow::M15,
        }
    }
}
