//! Wire models: the JSON Azure sends, one module per resource provider.
//!
//! Tolerant by design: unknown fields are ignored and everything Azure may leave out is an
//! `Option` or defaults to empty (a metric point without values, a Get without instanceView).
//! Fields eduops cannot work without (ids, alert essentials, metric timestamps) are required, so
//! a response missing them is a parse error rather than a silently wrong screen.

pub mod alerts;
pub mod common;
pub mod containers;
pub mod cosmos;
pub mod graph;
pub mod keyvault;
pub mod monitor;
pub mod registry;
pub mod sql;

pub use common::{ArmErrorBody, ArmErrorDetail, OperationStatusBody, Page};
