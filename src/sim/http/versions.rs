//! The api-versions the simulator accepts, per provider: those current Azure accepts for the
//! operations it serves (newest first), so SDKs on their defaults are answered.

pub const ACI_VERSIONS: &[&str] = &["2026-05-01", "2023-05-01", "2021-10-01"];
pub const METRICS_VERSIONS: &[&str] = &["2024-02-01", "2023-10-01", "2021-05-01", "2018-01-01"];
pub const BATCH_VERSIONS: &[&str] = &["2024-02-01", "2023-10-01"];
pub const ALERTS_VERSIONS: &[&str] = &["2019-03-01", "2019-05-05-preview"];
pub const METRIC_ALERTS_VERSIONS: &[&str] = &["2018-03-01"];
pub const SQL_VERSIONS: &[&str] = &["2025-01-01", "2023-08-01", "2021-11-01"];
/// Stable Microsoft.DocumentDB versions (readme tags `package-2026-07-15` back to 2023-04).
pub const COSMOS_VERSIONS: &[&str] = &[
    "2026-07-15",
    "2026-03-15",
    "2025-10-15",
    "2025-04-15",
    "2024-11-15",
    "2024-08-15",
    "2024-05-15",
    "2023-11-15",
    "2023-09-15",
    "2023-04-15",
];
pub const GRAPH_VERSIONS: &[&str] = &["2024-04-01", "2022-10-01", "2021-03-01"];
/// Key Vault data plane: the stable 7.x line, 2025-07-01, and 2026-04-01 (what current SDKs
/// send by default).
pub const VAULT_VERSIONS: &[&str] = &[
    "2026-04-01",
    "2025-07-01",
    "7.6",
    "7.5",
    "7.4",
    "7.3",
    "7.2",
    "7.1",
    "7.0",
];
pub const SUBSCRIPTIONS_VERSIONS: &[&str] = &["2022-12-01", "2021-01-01", "2020-01-01"];
