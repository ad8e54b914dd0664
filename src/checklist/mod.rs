//! Operations checklists from the ops guide: model, auto-checks, run store, export.
//!
//! How the pieces fit (the TUI owns keys, polling and the event loop):
//!
//! - [`model`]: checklist definitions. [`model::Catalog::load`] gives the shipped daily, weekly
//!   and monthly lists (`checklists/*.toml`, embedded) with the user's files from
//!   `Paths::user_checklists_dir()` layered over them, plus located errors for bad files.
//! - [`picker`]: state of the "which checklist, which environment" picker, with the unfinished
//!   run it would resume; [`view::draw_picker`] draws it.
//! - [`session::Session`]: a [`walk::Walkthrough`] bound to its run file. The TUI maps keys to
//!   [`walk::WalkAction`]s and calls [`session::Session::apply`]; each change is on disk (temp
//!   file, fsync, rename, fsync dir) before it returns. When an item with an auto-check is open
//!   and fresh data arrives, it calls [`session::Session::auto_check`] with an [`auto::Snapshot`]
//!   built from the dashboard's state. On SIGHUP/SIGTERM, [`session::Session::flush`].
//! - [`auto`]: pure verdicts over a [`auto::Snapshot`]; [`auto::backup_verdicts`] is also the
//!   Backups pane's judgement.
//! - [`view::draw_walkthrough`]: the walkthrough, from `&Walkthrough` and [`view::ChecklistStyles`].
//! - [`store`], [`export`], [`cli`]: history, resume, Markdown, and `eduops checklist …`.
//!
//! Checklist file format (TOML, unknown keys are errors):
//!
//! ```toml
//! name = "oncall"                 # typed on the command line: lowercase, digits, `-`
//! title = "온콜 인수인계"
//! title_en = "On-call hand-over"
//!
//! [[items]]
//! id = "services"                 # unique in the file; runs refer to items by it
//! ko = "서비스 상태 확인"
//! en = "Check service states"
//! look = "What to look at."
//! good = "What good looks like."
//! if_not = "What to do if it is not good."
//! auto = "health"                 # optional: health, error-logs, performance, backups, security
//! action = "restore-form"         # optional: a screen the item leads to
//! ```

pub mod auto;
pub mod cli;
pub mod export;
pub mod history;
pub mod model;
pub mod picker;
pub mod run;
pub mod session;
pub mod store;
pub mod view;
pub mod walk;
