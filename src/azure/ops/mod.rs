//! The operations eduops performs, one module per area; each is an `impl AzureClient` block.

pub mod alerts;
pub mod backups;
pub mod clock;
pub mod containers;
pub mod graph;
pub mod metrics;
pub mod secrets;
