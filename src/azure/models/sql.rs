//! Microsoft.Sql: databases, point-in-time restore, long-term retention backups.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Newest stable: database Get and LTR list by database.
pub const API_VERSION: &str = "2025-01-01";
/// The version of the official point-in-time restore example.
pub const RESTORE_API_VERSION: &str = "2023-08-01";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub properties: DatabaseProperties,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseProperties {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub database_id: Option<String>,
    #[serde(default)]
    pub creation_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub earliest_restore_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub provisioning_state: Option<String>,
    #[serde(default)]
    pub create_mode: Option<String>,
    #[serde(default)]
    pub current_backup_storage_redundancy: Option<String>,
}

/// PUT body of a point-in-time restore: a NEW database from a source database.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RestoreRequest {
    pub location: String,
    pub properties: RestoreRequestProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRequestProperties {
    pub create_mode: String,
    pub source_database_id: String,
    pub restore_point_in_time: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct LtrBackup {
    pub id: String,
    pub name: String,
    pub properties: LtrBackupProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LtrBackupProperties {
    pub backup_time: DateTime<Utc>,
    #[serde(default)]
    pub server_name: Option<String>,
    #[serde(default)]
    pub database_name: Option<String>,
    #[serde(default)]
    pub database_deletion_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub backup_expiration_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub backup_storage_redundancy: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RestorableDroppedDatabase {
    pub id: String,
    pub name: String,
    pub properties: RestorableDroppedDatabaseProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestorableDroppedDatabaseProperties {
    #[serde(default)]
    pub database_name: Option<String>,
    #[serde(default)]
    pub creation_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub deletion_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub earliest_restore_date: Option<DateTime<Utc>>,
}
