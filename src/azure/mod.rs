//! Azure client: credentials, resilient HTTP, typed models, operations.
//!
//! One client serves the dashboard, `eduops check` and the tests, against Azure or the
//! simulator. Layers, bottom up: `endpoint` (where a token may go, path encoding), `auth`
//! (credential chain, token cache), `http` (timeouts, retries, throttling over `azure_core`'s
//! transport), `server_clock` (the server's time, on which every query window is measured),
//! `paging` and `lro`, `models` (wire JSON), `convert` (wire → `crate::model`), and `ops` (the
//! operations, as `impl AzureClient` blocks).
//!
//! # Dependency notes
//!
//! - `azure_identity` 1.x and `azure_core` 1.x (the official SDK's stable line) provide the
//!   credentials and the HTTP transport. `azure_identity` 1.x has no `DefaultAzureCredential`,
//!   so [`auth`] composes the chain: `EDUOPS_ACCESS_TOKEN`, environment service principal,
//!   workload identity, managed identity, Azure CLI.
//! - The ARM layer is written here, on `azure_core`'s `HttpClient`, because `azure_core`'s
//!   bearer policy refuses plain http even to a loopback simulator, its retry policy would
//!   repeat mutations, and nothing in it reads ARM's rate-limit headers (see `http.rs`).
//! - Not the `azure_mgmt_*` crates: they are the unmaintained legacy generated line (0.21 is
//!   the final publish); `azure_mgmt_monitor` 0.21 does not compile with the feature tag that
//!   holds metrics and metric alerts; their credential trait is incompatible with
//!   `azure_identity` 1.x; and the new line has no management crates for SQL, Cosmos DB restore
//!   or AlertsManagement.

pub mod auth;
mod client;
pub mod convert;
pub mod endpoint;
pub mod error;
mod http;
pub mod log_tail;
pub mod lro;
pub mod models;
pub mod ops;
pub mod options;
mod paging;
mod server_clock;
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
