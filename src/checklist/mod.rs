//! Operations checklists from the ops guide: model, auto-checks, run store, export.

pub mod cli;
