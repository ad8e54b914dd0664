//! The one gate for every mutation — restart, start, stop, alert state, restore — whether it
//! comes from a key in the dashboard, a checklist step or `eduops check --restart-unhealthy`.
//!
//! - [`request`]: what is asked ([`MutationRequest`], [`Operation`]) and its effect in words;
//! - [`policy`]: the one decision — refuse (read-only), confirm (a person: dialog, typed name in
//!   prod) or proceed (headless: `--yes` stands for the typed name) — and the refusal wording;
//! - [`execute`]: sending once, following long-running operations, progress;
//! - [`audit`]: how an attempt ended, and the one function that writes its audit line.
//!
//! The dashboard keeps only its dialog (`app::gate`); what is decided and written is here.

pub mod audit;
pub mod execute;
pub mod policy;
pub mod request;

pub use audit::{Attempt, Cancelled, Outcome};
pub use execute::{Executor, MutationOutcome};
pub use policy::{Decision, Mode, ReadOnly, Refusal, decide};
pub use request::{ChecklistItemRef, MutationRequest, Operation};
