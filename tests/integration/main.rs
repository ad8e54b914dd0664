//! Every integration test in one binary, so the crate is linked once, not once per file.
//! `support/` holds the shared helpers: simulators with pinned clocks, a scripted HTTP server,
//! a pseudo-terminal driver, checklist fixtures.

// Test helpers panic on a broken fixture: that is a failed test, not a crashed dashboard.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod actions_sim;
mod audit_operator;
mod azure_examples;
mod azure_http;
mod azure_secrets;
mod azure_sim;
mod check_actions;
mod check_cli;
mod checklist_auto;
mod checklist_cli;
mod checklist_definitions;
mod checklist_export;
mod checklist_session;
mod checklist_sim;
mod checklist_store;
mod checklist_view;
mod cli_manners;
mod config_files;
mod conformance;
mod dashboard_sim;
mod hostile_answers;
mod pty_checklist;
mod pty_dashboard;
mod pty_shell;
mod pty_tmux;
mod sim_alerts;
mod sim_clock;
mod sim_containers;
mod sim_faults;
mod sim_fidelity;
mod sim_graph_vault;
mod sim_layout;
mod sim_life;
mod sim_metrics;
mod sim_restore;
mod sim_shapes;
mod sim_standalone;
mod snapshots_dialogs;
mod snapshots_panes;
mod snapshots_shell;
mod ui_manners;
