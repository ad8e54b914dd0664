//! The simulator's HTTP dialect: ARM, Azure Monitor, Resource Graph and Key Vault over axum on
//! loopback. `server` authenticates, counts, applies faults, checks the resource group once
//! and dispatches each request to its provider (`route` names the operation, `routes/*` answer
//! it); `state` is what handlers share; `arm` holds ARM's wire conventions (error bodies,
//! api-versions, paging, operation status); `faults` and `fault_replies` inject failures;
//! `stats` logs requests; `admin` serves `/_sim/`. Every answer is read from the platform at
//! the virtual clock's `now`.
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
//! | MetricAlertsStatus_List (Healthy, or Unhealthy while its alert is unresolved) | `…/metricAlerts/{rule}/status` | same |
//! | Servers_Get | `…/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{server}` | 2025-01-01, 2023-08-01 |
//! | Databases_Get / _CreateOrUpdate (PointInTimeRestore) | `…/providers/Microsoft.Sql/servers/{server}/databases/{db}` | 2025-01-01, 2023-08-01 |
//! | LongTermRetentionBackups_ListByDatabase / _ListByServer (`onlyLatestPerDatabase`) | `/subscriptions/{s}/providers/Microsoft.Sql/locations/{loc}/longTermRetentionServers/{server}[/longTermRetentionDatabases/{db}]/longTermRetentionBackups` | same |
//! | DatabaseAccounts_Get / _CreateOrUpdate (createMode Restore) | `…/providers/Microsoft.DocumentDB/databaseAccounts/{account}` | 2026-07-15 back to 2023-04-15 (see `versions`) |
//! | RestorableDatabaseAccounts_List\[ByLocation\] | `/subscriptions/{s}/providers/Microsoft.DocumentDB[/locations/{loc}]/restorableDatabaseAccounts` | same |
//! | Resource Graph `Resources` (`options.resultFormat`: objectArray or table) | `POST /providers/Microsoft.ResourceGraph/resources` | 2024-04-01 |
//! | Key Vault GetSecrets (metadata only) | `GET /_vault/{vaultName}/secrets` — the vault base URL is `{base_url}/_vault/{vaultName}` (stands for `https://{vaultName}.vault.azure.net`) | 7.0–7.6, 2025-07-01, 2026-04-01; unknown ones get Key Vault's `BadParameter` |
//!
//! Operation status answers carry `Retry-After` while the operation runs.
//!
//! Errors are ARM's `{"error":{"code","message"}}`: 401 `AuthenticationFailed` without the
//! handle's bearer token (any non-empty bearer with [`crate::sim::SimOptions::accept_any_token`]), 404
//! `ResourceNotFound`/`ResourceGroupNotFound`/`SubscriptionNotFound`, 400 for unknown
//! api-versions (`NoRegisteredProviderFound`) and bad parameters, 409 for conflicts. Lists
//! longer than [`crate::sim::SimOptions::page_size`] carry a full-URL `nextLink` (`$skiptoken`).
//!
//! Admin endpoints live under `/_sim/` (see [`admin`]); fault injection in [`faults`] and
//! [`fault_replies`].
//!

pub mod admin;
pub mod arm;
pub mod fault_replies;
pub mod faults;
pub mod route;
pub mod routes;
pub mod server;
pub mod state;
pub mod stats;
pub mod versions;
