//! What every request handler shares: the virtual clock, the platform, the fault rules, the
//! request log; and what one handler gets for one request ([`Ctx`]).

use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use axum::body::Bytes;
use axum::http::Method;
use chrono::{DateTime, Utc};

use super::arm::Query;
use super::faults::FaultSet;
use super::route::Route;
use super::stats::SimStats;
use crate::model::Env;
use crate::sim::platform::clock::Clock;
use crate::sim::platform::world::World;

pub struct Shared {
    pub clock: Clock,
    pub world: Mutex<World>,
    pub faults: Mutex<FaultSet>,
    pub stats: Mutex<SimStats>,
    pub token: String,
    pub accept_any_token: bool,
    pub page_size: usize,
    pub subscription: String,
    pub base_url: OnceLock<String>,
    pub(super) started: Instant,
    pub(super) request_counter: AtomicU64,
}

/// Locks a mutex even if a panicking request poisoned it: the data is still consistent
/// enough for a simulator, and one bad request must not take the server down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(
        clock: Clock,
        world: World,
        faults: FaultSet,
        token: String,
        accept_any_token: bool,
        page_size: usize,
    ) -> Shared {
        let subscription = world.subscription.clone();
        Shared {
            clock,
            world: Mutex::new(world),
            faults: Mutex::new(faults),
            stats: Mutex::new(SimStats::default()),
            token,
            accept_any_token,
            page_size: page_size.max(1),
            subscription,
            base_url: OnceLock::new(),
            started: Instant::now(),
            request_counter: AtomicU64::new(0),
        }
    }

    pub fn base_url(&self) -> &str {
        self.base_url
            .get()
            .map_or("http://127.0.0.1", String::as_str)
    }
}

/// What a provider handler gets for one request.
pub struct Ctx<'a> {
    pub shared: &'a Shared,
    pub method: &'a Method,
    pub route: &'a Route,
    pub query: &'a Query,
    /// The path as received (still percent-encoded), without the query.
    pub path: &'a str,
    pub body: &'a Bytes,
    pub now: DateTime<Utc>,
    /// The environment of the resource group in the path, once the server has checked that it
    /// exists; `None` for routes not under a resource group.
    pub env: Option<Env>,
    /// A fault rule asked for the long-running operation started here to fail.
    pub lro_fail: bool,
}

impl Ctx<'_> {
    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.shared.world)
    }

    pub fn base_url(&self) -> &str {
        self.shared.base_url()
    }

    pub fn sub(&self) -> &str {
        &self.shared.subscription
    }

    pub fn page_size(&self) -> usize {
        self.shared.page_size
    }
}
