//! Everything a person can ask eduops to do, by name.
//!
//! Each action is registered once, with its kebab-case name (used in keymap files and the `:`
//! command line) and a one-line description (used by the help overlay), so keymaps, help and
//! the command line can never disagree.

macro_rules! actions {
    ($($variant:ident => $name:literal, $desc:literal;)*) => {
        /// A command bound to a key or typed on the `:` line.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant),*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The kebab-case name used in keymaps and on the command line.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name),*
                }
            }

            /// One line for the help overlay.
            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => $desc),*
                }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name {
                    $($name => Some(Action::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    Quit => "quit", "Quit eduops";
    Help => "help", "Show or hide this help";
    CommandLine => "command-line", "Open the command line (:env prod, :audit, :quit)";
    Filter => "filter", "Filter rows or search the log";
    Back => "back", "Close the overlay, clear the filter, or leave the view";
    NextPane => "next-pane", "Focus the next pane";
    PrevPane => "prev-pane", "Focus the previous pane";
    FocusServices => "focus-services", "Jump to the Services pane";
    FocusCharts => "focus-charts", "Jump to the CPU/Memory pane";
    FocusAlerts => "focus-alerts", "Jump to the Alerts pane";
    FocusBackups => "focus-backups", "Jump to the Backups pane";
    FocusLogs => "focus-logs", "Jump to the Logs pane";
    FocusEvents => "focus-events", "Jump to the Events pane";
    Up => "up", "Move the selection up";
    Down => "down", "Move the selection down";
    Top => "top", "Go to the first row";
    Bottom => "bottom", "Go to the last row";
    PageUp => "page-up", "Scroll a page up";
    PageDown => "page-down", "Scroll a page down";
    Enter => "enter", "Drill in: details of the service, jump to an alert's service";
    Zoom => "zoom", "Zoom the focused pane to full screen, or back";
    Restart => "restart", "Restart the selected service's container group";
    Start => "start", "Start the selected service's container group";
    Stop => "stop", "Stop the selected service's container group";
    Restore => "restore", "Restore a database copy (Backups pane)";
    Acknowledge => "acknowledge", "Acknowledge the selected alert";
    CloseAlert => "close-alert", "Close the selected alert";
    Logs => "logs", "Open the selected service's container logs";
    ChartWindow => "chart-window", "Cycle the chart time window (15m, 1h, 6h, 24h)";
    ChartAll => "chart-all", "Chart the selected service or all services overlaid";
    NextEnv => "next-env", "Switch to the next environment (dev, staging, prod)";
    Checklists => "checklists", "Open the operations checklists";
    Copy => "copy", "Copy the selection to the clipboard (OSC 52, works over SSH)";
    Refresh => "refresh", "Refresh every pane now";
    Audit => "audit", "Show the audit log of actions taken";
    SearchNext => "search-next", "Next search match";
    SearchPrev => "search-prev", "Previous search match";
    Follow => "follow", "Follow the log as it grows";
    Wrap => "wrap", "Wrap long log lines";
    MarkPass => "mark-pass", "Checklist: mark the item passed";
    MarkFail => "mark-fail", "Checklist: mark the item failed";
    MarkSkip => "mark-skip", "Checklist: mark the item skipped";
    MarkNa => "mark-na", "Checklist: mark the item not applicable";
    Note => "note", "Checklist: write a note on the item";
    Finish => "finish", "Checklist: end the run (unanswered items stay unanswered)";
    PastRuns => "past-runs", "Checklist picker: list past runs (Enter resumes an unfinished one)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_kebab_case() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(a.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(!a.description().is_empty());
        }
    }
}
