//! Azure client: credentials, resilient HTTP, typed models, operations.
//!
//! One client serves the dashboard, `eduops check` and the tests, against Azure or the
//! simulator. Layers, bottom up: `endpoint` (where a token may go, path encoding), `auth`
//! (credential chain, token cache), `http` (timeouts, retries, throttling over `azure_core`'s
//! transport), `paging` and `lro`, `models` (wire JSON), `convert` (wire → `crate::model`), and
//! `ops` (the operations, as `impl AzureClient` blocks).

pub mod auth;
mod client;
pub mod convert;
pub mod endpoint;
pub mod error;
mod http;
pub mod lro;
pub mod models;
pub mod ops;
pub mod options;
mod paging;
pub mod stats;

pub use auth::TOKEN_ENV;
pub use client::AzureClient;
pub use error::AzureError;
pub use lro::{Mutation, OperationStatus, PendingOperation, PollKind};
pub use ops::graph::FleetMember;
pub use ops::metrics::{BATCH_LIMIT, MetricInterval};
pub use options::{ClientOptions, CredentialSource, RetryPolicy};
pub use stats::ClientStats;
pub use tokio_util::sync::CancellationToken;
