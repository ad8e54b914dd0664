//! Operations checklists from the ops guide: model, auto-checks, run store, export.

pub mod auto;
pub mod cli;
pub mod model;
