//! Request accounting: counts per Azure operation and a bounded request log, so tests can
//! assert what a refresh costs, that read-only mode made no mutating call, or that a client
//! waited for `Retry-After`.

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Entries kept in the request log; older ones are dropped (memory stays flat).
pub const LOG_CAP: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    /// Path and query, as received.
    pub path: String,
    pub operation: String,
    pub status: u16,
    pub virtual_time: DateTime<Utc>,
    pub real_time: DateTime<Utc>,
    /// Real milliseconds since the simulator started (for measuring waits precisely).
    pub elapsed_ms: f64,
    pub mutating: bool,
    /// Delay added by latency faults before answering.
    #[serde(default)]
    pub latency_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SimStats {
    /// Requests per Azure operationId (`Unknown` for paths the simulator does not serve).
    pub counts: BTreeMap<String, u64>,
    /// Requests to operations that change something (restart, start, stop, alert state,
    /// database or account restore), whatever their outcome.
    pub mutating: u64,
    pub total: u64,
    /// The most recent requests, oldest first (at most [`LOG_CAP`]).
    pub requests: VecDeque<RequestRecord>,
}

impl SimStats {
    pub fn record(&mut self, r: RequestRecord) {
        *self.counts.entry(r.operation.clone()).or_default() += 1;
        self.total += 1;
        if r.mutating {
            self.mutating += 1;
        }
        if self.requests.len() >= LOG_CAP {
            self.requests.pop_front();
        }
        self.requests.push_back(r);
    }

    pub fn count(&self, operation: &str) -> u64 {
        self.counts.get(operation).copied().unwrap_or(0)
    }
}
