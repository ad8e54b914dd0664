//! The built-in Azure simulator: ARM over HTTP on loopback.
//!
//! `eduops sim`, `eduops --demo` and the integration tests talk to it with the same client code
//! as to Azure: same paths, api-versions, JSON shapes (those of Microsoft's official examples in
//! `azure-rest-examples/`), status codes, paging, long-running operations and errors.
//!
//! It has two halves, and the platform never imports the HTTP side:
//! - [`platform`]: the simulated platform — fleet and world state, incidents, the school-day
//!   load curve, the seeded story, the virtual clock, logs, backups, secrets, scenarios. A
//!   function of (seed, start instant) and of what was done to it.
//! - [`http`]: its HTTP dialect — the axum server, one module per provider under `routes/`,
//!   ARM's error shapes and paging, fault injection, request stats and the `/_sim/` admin
//!   endpoints (the endpoint table is there).
//!
//! How the simulator decides an alert fires (the metric's 5-minute average first over the
//! rule's threshold, on the same load model as the charts) is in `src/sim/platform/alerts.rs`.
//!
//! This module is the public face: [`start`] with [`SimOptions`] gives a [`SimHandle`];
//! [`run_standalone`] serves `eduops sim` ([`SimArgs`]); [`Scenario`]s make things happen.

pub mod http;
pub mod platform;

use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, Utc};

pub use http::faults::{FaultKind, FaultRule, FaultSet};
pub use http::stats::{RequestRecord, SimStats};
pub use platform::fleet::{SIM_SUBSCRIPTION_ID, SIM_TENANT_ID};
pub use platform::incident::AlertMetric;
pub use platform::scenario::Scenario;

use http::state::{Shared, lock};

/// `eduops sim` options (the command line fills them in `cli`).
#[derive(Debug, Clone, PartialEq)]
pub struct SimArgs {
    /// Port to listen on (0: any free port).
    pub port: u16,
    /// Seed of the fleet's life (same seed, same story).
    pub seed: u64,
    /// Virtual clock speed (1 = real time).
    pub speed: f64,
    /// Virtual clock start; default now. With the seed it fixes the whole story.
    pub start: Option<DateTime<Utc>>,
    /// Fault injection rules (TOML).
    pub faults: Option<std::path::PathBuf>,
    /// Items per page of list responses before a `nextLink`.
    pub page_size: usize,
    /// Accept any non-empty bearer token (e.g. one from `az account get-access-token`).
    pub accept_any_token: bool,
}

#[derive(Debug, Clone)]
pub struct SimOptions {
    pub seed: u64,
    /// Virtual clock speed; 1 = real time, 0 = frozen (tests move it with `advance`).
    pub speed: f64,
    pub page_size: usize,
    pub faults: Option<FaultSet>,
    /// Virtual clock start; `None` = now.
    pub start: Option<DateTime<Utc>>,
    /// Extra container groups `ci-extra-NNNN-dev` in dev's resource group (fleet-size tests).
    pub extra_container_groups: usize,
    /// 0 = any free port.
    pub port: u16,
    /// Accept any non-empty bearer token instead of only [`SimHandle::token`].
    pub accept_any_token: bool,
    /// The token to require; `None` = a fresh random one.
    pub token: Option<String>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: 1,
            speed: 1.0,
            page_size: 100,
            faults: None,
            start: None,
            extra_container_groups: 0,
            port: 0,
            accept_any_token: false,
            token: None,
        }
    }
}

/// A running simulator. Dropping it shuts the server down.
pub struct SimHandle {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base_url: String,
    pub subscription_id: String,
    pub token: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token stays out of debug output.
        f.debug_struct("SimHandle")
            .field("base_url", &self.base_url)
            .field("subscription_id", &self.subscription_id)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    /// The virtual clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    /// The virtual clock as a function, for a dashboard that shows this simulator: its ages and
    /// "now" then follow the story's time, also when it started in the past or runs fast.
    pub fn clock(&self) -> Arc<dyn Fn() -> DateTime<Utc> + Send + Sync> {
        let shared = self.shared.clone();
        Arc::new(move || shared.clock.now())
    }

    /// Moves the virtual clock forward.
    pub fn advance(&self, d: Duration) {
        self.shared.clock.advance(d);
    }

    pub fn stats(&self) -> SimStats {
        lock(&self.shared.stats).clone()
    }

    pub fn reset_stats(&self) {
        *lock(&self.shared.stats) = SimStats::default();
    }

    pub fn set_faults(&self, f: FaultSet) {
        *lock(&self.shared.faults) = f;
    }

    /// Makes something happen now; returns the incident id (0 for state changes).
    pub fn inject(&self, s: Scenario) -> Result<u32, String> {
        lock(&self.shared.world).apply(&s, self.shared.clock.now())
    }

    /// The base URL of a vault, standing for `https://{vault}.vault.azure.net`.
    pub fn vault_url(&self, vault: &str) -> String {
        format!("{}/_vault/{vault}", self.base_url)
    }

    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            // Keep-alive connections may hold graceful shutdown open; don't wait forever.
            if tokio::time::timeout(std::time::Duration::from_secs(2), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Starts the simulator on 127.0.0.1 (only).
pub async fn start(opts: SimOptions) -> std::io::Result<SimHandle> {
    let start = opts.start.unwrap_or_else(|| {
        let now = Utc::now();
        now.duration_trunc(Duration::seconds(1)).unwrap_or(now)
    });
    let world = platform::world::World::new(
        opts.seed,
        SIM_SUBSCRIPTION_ID,
        start,
        opts.extra_container_groups,
    );
    let token = opts.token.clone().unwrap_or_else(random_token);
    let shared = Arc::new(Shared::new(
        platform::clock::Clock::new(start, opts.speed),
        world,
        opts.faults.clone().unwrap_or_default(),
        token.clone(),
        opts.accept_any_token,
        opts.page_size,
    ));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
    let port = listener.local_addr()?.port();
    let base_url = format!("http://127.0.0.1:{port}");
    let _ = shared.base_url.set(base_url.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = http::server::router(shared.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(SimHandle {
        base_url,
        subscription_id: SIM_SUBSCRIPTION_ID.to_string(),
        token,
        shared,
        shutdown: Some(tx),
        task: Some(task),
    })
}

/// `eduops sim`: serves until Ctrl-C or SIGTERM.
pub async fn run_standalone(args: SimArgs) -> color_eyre::Result<()> {
    run_until(args, &mut std::io::stdout(), wait_for_signal()).await
}

/// [`run_standalone`] with its output and its stop signal given (tests drive it in-process).
pub async fn run_until(
    args: SimArgs,
    out: &mut (dyn std::io::Write + Send),
    stop: impl std::future::Future<Output = ()>,
) -> color_eyre::Result<()> {
    let faults = match &args.faults {
        Some(path) => Some(FaultSet::load(path)?),
        None => None,
    };
    let handle = start(SimOptions {
        seed: args.seed,
        speed: args.speed,
        start: args.start,
        page_size: args.page_size,
        faults,
        port: args.port,
        accept_any_token: args.accept_any_token,
        ..SimOptions::default()
    })
    .await?;
    writeln!(out, "url: {}", handle.base_url)?;
    writeln!(out, "subscription: {}", handle.subscription_id)?;
    writeln!(out, "token: {}", handle.token)?;
    writeln!(out, "vault: {}/_vault/{{vaultName}}", handle.base_url)?;
    writeln!(
        out,
        "try: curl -H \"Authorization: Bearer {}\" \"{}/subscriptions/{}/resourceGroups/rg-ai-education-platform-prod/providers/Microsoft.ContainerInstance/containerGroups?api-version=2026-05-01\"",
        handle.token, handle.base_url, handle.subscription_id
    )?;
    out.flush()?;
    stop.await;
    handle.shutdown().await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn random_token() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let part = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(salt);
        h.write_u32(std::process::id());
        h.finish()
    };
    format!("sim-{:016x}{:016x}", part(1), part(2))
}
