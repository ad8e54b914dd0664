//! Microsoft.DocumentDB (api-version 2025-04-15): account backup policy and restore.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "2025-04-15";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct DatabaseAccount {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    pub properties: DatabaseAccountProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseAccountProperties {
    #[serde(default)]
    pub provisioning_state: Option<String>,
    #[serde(default)]
    pub instance_id: Option<String>,
    #[serde(default)]
    pub create_mode: Option<String>,
    #[serde(default)]
    pub backup_policy: Option<BackupPolicy>,
    #[serde(default)]
    pub locations: Vec<AccountLocation>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupPolicy {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub continuous_mode_properties: Option<ContinuousModeProperties>,
    #[serde(default)]
    pub periodic_mode_properties: Option<PeriodicModeProperties>,
    #[serde(default)]
    pub migration_state: Option<MigrationState>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ContinuousModeProperties {
    #[serde(default)]
    pub tier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodicModeProperties {
    #[serde(default)]
    pub backup_interval_in_minutes: Option<u32>,
    #[serde(default)]
    pub backup_retention_interval_in_hours: Option<u32>,
    #[serde(default)]
    pub backup_storage_redundancy: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationState {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub target_type: Option<String>,
    #[serde(default)]
    pub start_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountLocation {
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub failover_priority: Option<u32>,
    #[serde(default)]
    pub is_zone_redundant: Option<bool>,
}

/// `RestorableDatabaseAccounts_ListByLocation` item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RestorableAccount {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub location: Option<String>,
    pub properties: RestorableAccountProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestorableAccountProperties {
    pub account_name: String,
    #[serde(default)]
    pub creation_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub deletion_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub oldest_restorable_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub api_type: Option<String>,
}

/// PUT body creating a new account restored from a continuous-backup source.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RestoreAccountRequest {
    pub location: String,
    pub kind: String,
    pub properties: RestoreAccountProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreAccountProperties {
    pub database_account_offer_type: String,
    pub locations: Vec<AccountLocation>,
    pub create_mode: String,
    pub restore_parameters: RestoreParameters,
    pub backup_policy: BackupPolicy,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreParameters {
    pub restore_mode: String,
    pub restore_source: String,
    pub restore_timestamp_in_utc: DateTime<Utc>,
}
