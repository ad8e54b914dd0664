//! Operations checklists from the ops guide: model, auto-checks, run store, export.
//!
//! How the pieces fit (the app owns keys and state, the runtime the files, `ui::checklist` the
//! drawing; nothing here draws):
//!
//! - [`model`]: checklist definitions. [`model::Catalog::load`] gives the shipped daily, weekly
//!   and monthly lists (`checklists/*.toml`, embedded) with the user's files from
//!   `Paths::user_checklists_dir()` layered over them, plus located errors for bad files.
//! - [`picker`]: state of the "which checklist, which environment" picker, with the unfinished
//!   run it would resume.
//! - [`walk`]: a run being walked. The app maps keys to [`walk::WalkAction`]s; every change
//!   leaves `App::update` as an `Effect::SaveRun`, which the runtime writes through [`store`]
//!   (temp file, fsync, rename, fsync dir) before it handles the next key. When an item with an
//!   auto-check is open, [`auto::evaluate`] judges an [`auto::Snapshot`] of live data.
//! - [`auto`]: the auto-checks, pure, over the shared rules of `crate::health`.
//! - [`store`], [`export`], [`cli`]: run files, Markdown, and `eduops checklist …`.
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
pub mod store;
pub mod walk;
