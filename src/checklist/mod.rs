//! Operations checklists from the ops guide: model, auto-checks, run store, export.

pub mod auto;
pub mod cli;
pub mod export;
pub mod model;
pub mod picker;
pub mod run;
pub mod session;
pub mod store;
pub mod view;
pub mod walk;
