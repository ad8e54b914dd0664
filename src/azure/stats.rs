//! Counters of what the client sent, for the status bar, `eduops check` and tests.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent (every attempt counts).
    pub requests: u64,
    /// Attempts after the first of a request (5xx, timeouts, connection errors, 429).
    pub retries: u64,
    /// 429 answers received.
    pub throttled: u64,
    /// Tokens acquired again after a 401.
    pub token_refreshes: u64,
    /// Mutating requests sent (restart, start, stop, change state, restore).
    pub mutations: u64,
    /// Last `x-ms-ratelimit-remaining-subscription-reads` seen.
    pub ratelimit_remaining_reads: Option<u32>,
}

#[derive(Debug)]
pub(crate) struct Counters {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    pub throttled: AtomicU64,
    pub token_refreshes: AtomicU64,
    pub mutations: AtomicU64,
    /// -1 until Azure has told us.
    pub remaining_reads: AtomicI64,
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            requests: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
            token_refreshes: AtomicU64::new(0),
            mutations: AtomicU64::new(0),
            remaining_reads: AtomicI64::new(-1),
        }
    }
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn remaining_reads(&self) -> Option<u32> {
        u32::try_from(self.remaining_reads.load(Ordering::Relaxed)).ok()
    }

    pub fn snapshot(&self) -> ClientStats {
        ClientStats {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            throttled: self.throttled.load(Ordering::Relaxed),
            token_refreshes: self.token_refreshes.load(Ordering::Relaxed),
            mutations: self.mutations.load(Ordering::Relaxed),
            ratelimit_remaining_reads: self.remaining_reads(),
        }
    }
}
