//! The providers: one handler per Azure resource provider, each answering the [`Route`]s that
//! are its own from the platform's state at the request's `now`.
//!
//! [`Route`]: super::route::Route

pub mod alerts;
pub mod containers;
pub mod cosmos;
pub mod graph;
pub mod metrics;
pub mod sql;
pub mod subscriptions;
pub mod vault;
