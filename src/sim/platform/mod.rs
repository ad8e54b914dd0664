//! The simulated platform: the fleet of container groups, what happens to it, and when.
//!
//! Everything here is a function of (seed, start instant, what the API and scenarios did): the
//! story of incidents placed by the seed (`story`), the school-day load and the metrics it causes
//! (`load`, `noise`), container states and events (`view`), alerts (`alerts`), logs (`logs`),
//! backups (`databases`), secrets and long-running operations. It knows nothing of HTTP: the
//! `http` half asks it questions at the virtual clock's `now` and shapes the answers as ARM JSON.
//!
//! # The story
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

pub mod alerts;
pub mod clock;
pub mod databases;
pub mod fleet;
pub mod incident;
pub mod load;
pub mod logs;
pub mod noise;
pub mod operations;
pub mod scenario;
pub mod secrets;
pub mod story;
pub mod view;
pub mod world;
