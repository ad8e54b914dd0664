//! The built-in Azure simulator: ARM over HTTP on loopback.
//!
//! `eduops sim`, `eduops --demo` and the integration tests talk to it with the same client code
//! as to Azure: same paths, api-versions, JSON shapes (those of Microsoft's official examples in
//! `azure-rest-examples/`), status codes, paging, long-running operations and errors.
//!
//! # Endpoints (base URL `http://127.0.0.1:PORT`)
//!
//! | Azure operation | Path (ARM, matched without case) | api-version |
//! |---|---|---|
//! | Subscriptions_List (the one subscription; clients learn the server's clock from it) | `/subscriptions` | 2022-12-01 |
//! | ContainerGroups_List / _ListByResourceGroup / _Get | `/subscriptions/{s}[/resourceGroups/{rg}]/providers/Microsoft.ContainerInstance/containerGroups[/{name}]` | 2026-05-01 (also 2023-05-01, 2021-10-01) |
//! | ContainerGroups_Restart / _Stop (204), _Start (202 + `Azure-AsyncOperation`, or 204 when running) | `…/containerGroups/{name}/restart\|stop\|start` | same |
//! | start operation status (InProgress → Succeeded) | `…/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/locations/{loc}/operations/{id}` | same |
//! | Containers_ListLogs (`tail`, `timestamps`) | `…/containerGroups/{name}/containers/{name}/logs` | same |
//! | Metrics_List (`CpuUsage` millicores, `MemoryUsage` bytes) | `{resourceId}/providers/Microsoft.Insights/metrics` | 2024-02-01 |
//! | MetricsBatch_Batch (≤ 50 ids) | `POST /subscriptions/{s}/metrics:getBatch` — **the same base URL** stands for `https://{region}.metrics.monitor.azure.com` | 2024-02-01 |
//! | Alerts_GetAll / _GetById / _ChangeState | `/subscriptions/{s}/providers/Microsoft.AlertsManagement/alerts[/{id}[/changestate?newState=]]` | 2019-03-01 |
//! | MetricAlerts_ListByResourceGroup / _Get | `…/resourceGroups/{rg}/providers/Microsoft.Insights/metricAlerts[/{rule}]` | 2018-03-01 |
//! | Databases_Get / _CreateOrUpdate (PointInTimeRestore) | `…/providers/Microsoft.Sql/servers/{server}/databases/{db}` | 2025-01-01, 2023-08-01 |
//! | LongTermRetentionBackups_ListByDatabase / _ListByServer | `/subscriptions/{s}/providers/Microsoft.Sql/locations/{loc}/longTermRetentionServers/{server}[/longTermRetentionDatabases/{db}]/longTermRetentionBackups` | same |
//! | DatabaseAccounts_Get / _CreateOrUpdate (createMode Restore) | `…/providers/Microsoft.DocumentDB/databaseAccounts/{account}` | 2025-04-15 |
//! | RestorableDatabaseAccounts_List[ByLocation] | `/subscriptions/{s}/providers/Microsoft.DocumentDB[/locations/{loc}]/restorableDatabaseAccounts` | same |
//! | Resource Graph `Resources` | `POST /providers/Microsoft.ResourceGraph/resources` | 2024-04-01 |
//! | Key Vault GetSecrets (metadata only) | `GET /_vault/{vaultName}/secrets` — the vault base URL is `{base_url}/_vault/{vaultName}` (stands for `https://{vaultName}.vault.azure.net`) | 7.6 |
//!
//! Errors are ARM's `{"error":{"code","message"}}`: 401 `AuthenticationFailed` without the
//! handle's bearer token (any non-empty bearer with [`SimOptions::accept_any_token`]), 404
//! `ResourceNotFound`/`ResourceGroupNotFound`/`SubscriptionNotFound`, 400 for unknown
//! api-versions (`NoRegisteredProviderFound`) and bad parameters, 409 for conflicts. Lists
//! longer than [`SimOptions::page_size`] carry a full-URL `nextLink` (`$skiptoken`).
//!
//! Admin endpoints live under `/_sim/` (see [`admin`]); fault injection in [`faults`].
//!
//! # The platform and its story
//!
//! Per environment (`dev`, `staging`, `prod`): resource group `rg-ai-education-platform-{env}`,
//! six container groups `ci-{service}-{env}` in `koreacentral` (one container named like the
//! group, image `acraieducationplatform{env}.azurecr.io/{service}:latest`, 2 CPU / 4 GB, port
//! 8000, restart policy Always), SQL server `sql-ai-education-platform-{env}` with database
//! `sqldb-education-{env}` (PITR window 7 days, 1 in dev), Cosmos DB account
//! `cosmos-ai-education-platform-{env}` with continuous backup (30 days in prod, 7 elsewhere),
//! metric alert rules `high-cpu-usage` (CpuUsage > 1600 millicores, 80 % of 2 vCPU, Sev2) and
//! `high-memory-usage` (MemoryUsage > 85 % of 4 GiB, Sev1), and a vault
//! `kv-ai-education-platform-{env}` with six secrets.
//!
//! Load follows a Korean school day (09:00–17:00 KST, lunch dip, an evening homework bump,
//! quiet nights, lighter weekends); prod carries the full load, staging 30 %, dev 12 %.
//! Metrics are computed per minute from the seed, the resource, the minute and the incidents,
//! so 24 hours (and more) of PT1M history exist from the first request and memory stays flat.
//!
//! At start, deterministically per seed:
//! - **prod**: `gateway` has had its CPU pinned at 88–95 % for 14–26 minutes: `high-cpu-usage`
//!   is Fired and New; it resolves 50–90 minutes after start. One AI service (chosen by the
//!   seed, never the gateway) is crash-looping: it crashes every 6–9 minutes (Warning
//!   `BackOff` event, restart count climbing, `CrashLoopBackOff` for 90 s after each crash,
//!   a Python traceback in its logs) for 3–5 hours; a restart does not cure it.
//!   The other four services are Running.
//! - **staging**: a memory leak in one service has been creeping for about 5 hours; it is
//!   below 85 % at start and passes it within the hour (`high-memory-usage` fires), and the
//!   container is OOM-killed when the leak ends about 2 hours after start, unless a restart
//!   cures it earlier.
//! - **history** (last 24 h): a resolved CPU spike in prod, a crash loop in staging's
//!   gateway, a memory leak in dev; their alerts are Resolved and Closed.
//! - **later**: one incident every 3–7 virtual hours for two weeks (CPU spike, memory leak or
//!   crash loop, environment and service chosen by the seed).
//! - **backups**: prod's latest LTR backup is 1–7 days old; staging's is 10+ days old (stale);
//!   dev has none.
//! - **secrets**: prod's `openai-api-key` expires within 3–7 days; staging's `acr-password`
//!   expired 2–5 days ago and its `azure-sql-connection` expires in 12–21 days.
//!
//! Metric alerts fire when the metric's 5-minute average first exceeds the rule's threshold,
//! evaluated on the same load model the metrics come from (charts and alerts agree), and
//! resolve 5 minutes after the incident ends. Past alerts were closed by
//! `oncall@ai-education.example`; state changes through the API are made as
//! `sre@ai-education.example`.
//!
//! Restart, start and stop requests change state (Pending for 20 virtual seconds after a
//! restart or start, restart count +1, events), and metrics have gaps while a group is down.

pub mod admin;
pub mod arm;
pub mod clock;
pub mod faults;
pub mod incident;
pub mod load;
pub mod logs;
pub mod noise;
pub mod routes;
pub mod scenario;
pub mod server;
pub mod stats;
pub mod story;
pub mod world;

use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, Utc};

pub use faults::{FaultKind, FaultRule, FaultSet};
pub use incident::AlertMetric;
pub use scenario::Scenario;
pub use stats::{RequestRecord, SimStats};

use arm::ArmError;
use incident::IncidentKind;
use server::{Shared, lock};

/// The subscription the simulator serves.
pub const SIM_SUBSCRIPTION_ID: &str = "5b1e0c2a-9d3f-4e8a-b6c1-7a2d4f9e0c31";

/// The tenant that subscription belongs to.
pub const SIM_TENANT_ID: &str = "9b3c1a4e-2f6d-4c8b-a1e7-5d0f3b2c6a91";

/// `eduops sim` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct SimArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed of the fleet's life (same seed, same story).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Virtual clock speed (1 = real time).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Virtual clock start, RFC 3339 (`2026-11-27T01:30:00Z`); default now. With the seed it
    /// fixes the whole story, for a demo or a bug report anyone can replay.
    #[arg(long, value_name = "TIME")]
    pub start: Option<DateTime<Utc>>,
    /// Fault injection rules (TOML).
    #[arg(long, value_name = "FILE")]
    pub faults: Option<std::path::PathBuf>,
    /// Items per page of list responses before a `nextLink`.
    #[arg(long, default_value_t = 100)]
    pub page_size: usize,
    /// Accept any non-empty bearer token (e.g. one from `az account get-access-token`).
    #[arg(long)]
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
        inject(&self.shared, &s).map_err(|e| e.message)
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
    let world = world::World::new(
        opts.seed,
        SIM_SUBSCRIPTION_ID,
        start,
        opts.extra_container_groups,
    );
    let token = opts.token.clone().unwrap_or_else(random_token);
    let shared = Arc::new(Shared::new(
        clock::Clock::new(start, opts.speed),
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
    let app = server::router(shared.clone());
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

/// Applies a scenario to the world now.
pub(crate) fn inject(shared: &Shared, s: &Scenario) -> Result<u32, ArmError> {
    let now = shared.clock.now();
    let (env, service) = s.target();
    let mut world = lock(&shared.world);
    let group = world
        .group_index(service)
        .or_else(|| world.group_index(&format!("ci-{service}-{env}")))
        .filter(|&i| world.groups[i].env == env)
        .ok_or_else(|| {
            ArmError::not_found(
                "NotFound",
                format!("no service or container group '{service}' in {env}"),
            )
        })?;
    let id = match s {
        Scenario::Crash { minutes, .. } => {
            world.add_incident(IncidentKind::CrashLoop, group, now, *minutes, 0.0, 6)
        }
        Scenario::Fail { .. } => {
            world.fail(group, now);
            0
        }
        Scenario::Stop { .. } => {
            world.stop(group, now);
            0
        }
        Scenario::CpuSpike { minutes, .. } => {
            world.add_incident(IncidentKind::CpuSpike, group, now, *minutes, 0.92, 0)
        }
        Scenario::MemoryLeak { minutes, .. } => {
            world.add_incident(IncidentKind::MemoryLeak, group, now, *minutes, 0.97, 0)
        }
        Scenario::FireAlert {
            metric, minutes, ..
        } => world.add_incident(IncidentKind::Alert(*metric), group, now, *minutes, 0.0, 0),
    };
    Ok(id)
}
