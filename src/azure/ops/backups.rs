//! Azure SQL and Cosmos DB backups: what can be restored, and restoring to a NEW resource.

use azure_core::http::Method;
use chrono::{DateTime, Utc};

use crate::azure::client::{AzureClient, subscription};
use crate::azure::endpoint::segment;
use crate::azure::error::AzureError;
use crate::azure::lro::Mutation;
use crate::azure::models::cosmos::{
    self, AccountLocation, BackupPolicy, ContinuousModeProperties, DatabaseAccount,
    RestorableAccount, RestoreAccountProperties, RestoreAccountRequest, RestoreParameters,
};
use crate::azure::models::sql::{
    self, Database, LtrBackup, RestoreRequest, RestoreRequestProperties,
};
use crate::config::EnvTargets;
use crate::model::{CosmosBackupStatus, SqlBackupStatus};

impl AzureClient {
    fn database_path(t: &EnvTargets, name: &str) -> Result<String, AzureError> {
        Ok(format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Sql/servers/{}/databases/{}",
            subscription(&t.subscription_id)?,
            segment(&t.resource_group),
            segment(&t.sql_server),
            segment(name)
        ))
    }

    fn cosmos_path(t: &EnvTargets, account: &str) -> Result<String, AzureError> {
        Ok(format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DocumentDB/databaseAccounts/{}",
            subscription(&t.subscription_id)?,
            segment(&t.resource_group),
            segment(account)
        ))
    }

    pub async fn sql_database(&self, t: &EnvTargets, name: &str) -> Result<Database, AzureError> {
        let url = self.arm_url(
            &Self::database_path(t, name)?,
            &[("api-version", sql::API_VERSION)],
        )?;
        self.arm_get(url, "SQL database").await
    }

    /// Long-term retention backups of the environment's database, every page.
    pub async fn sql_ltr_backups(&self, t: &EnvTargets) -> Result<Vec<LtrBackup>, AzureError> {
        let path = format!(
            "/subscriptions/{}/providers/Microsoft.Sql/locations/{}/longTermRetentionServers/{}/longTermRetentionDatabases/{}/longTermRetentionBackups",
            subscription(&t.subscription_id)?,
            segment(&t.location),
            segment(&t.sql_server),
            segment(&t.sql_database)
        );
        let url = self.arm_url(&path, &[("api-version", sql::API_VERSION)])?;
        match self.arm_get_all(url, "LTR backup list").await {
            Ok(v) => Ok(v),
            // No LTR policy yet: Azure answers 404 for the database's LTR container.
            Err(e) if e.is_not_found() => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Earliest point-in-time restore and the latest long-term backup.
    pub async fn sql_backup_status(&self, t: &EnvTargets) -> Result<SqlBackupStatus, AzureError> {
        let (db, ltr) = tokio::join!(
            self.sql_database(t, &t.sql_database),
            self.sql_ltr_backups(t)
        );
        let db = db?;
        let ltr = ltr?;
        Ok(SqlBackupStatus {
            server: t.sql_server.clone(),
            database: db.name.clone(),
            database_id: db.id.clone(),
            status: db.properties.status.clone(),
            earliest_restore: db.properties.earliest_restore_date,
            latest_ltr_backup: ltr.iter().map(|b| b.properties.backup_time).max(),
            ltr_backup_count: ltr.len(),
        })
    }

    /// Whether a database of that name exists on the environment's server (restore targets).
    pub async fn sql_database_exists(
        &self,
        t: &EnvTargets,
        name: &str,
    ) -> Result<bool, AzureError> {
        match self.sql_database(t, name).await {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Point-in-time restore into a NEW database `target_name` (never over the source).
    pub async fn restore_sql_database(
        &self,
        t: &EnvTargets,
        target_name: &str,
        point: DateTime<Utc>,
    ) -> Result<Mutation, AzureError> {
        let target = target_name.trim();
        if target.is_empty() || target.eq_ignore_ascii_case(&t.sql_database) {
            return Err(AzureError::Invalid(format!(
                "a restore creates a new database; `{target}` must differ from the source `{}`",
                t.sql_database
            )));
        }
        if point > self.server_now().await {
            return Err(AzureError::Invalid(
                "the restore point lies in the future".into(),
            ));
        }
        let body = RestoreRequest {
            location: t.location.clone(),
            properties: RestoreRequestProperties {
                create_mode: "PointInTimeRestore".into(),
                source_database_id: t.sql_database_id(),
                restore_point_in_time: point,
            },
        };
        let url = self.arm_url(
            &Self::database_path(t, target)?,
            &[("api-version", sql::RESTORE_API_VERSION)],
        )?;
        self.mutate(
            Method::Put,
            url,
            Some(&body),
            &format!("restore SQL to {target}"),
        )
        .await
    }

    pub async fn cosmos_account(
        &self,
        t: &EnvTargets,
        account: &str,
    ) -> Result<DatabaseAccount, AzureError> {
        let url = self.arm_url(
            &Self::cosmos_path(t, account)?,
            &[("api-version", cosmos::API_VERSION)],
        )?;
        self.arm_get(url, "Cosmos DB account").await
    }

    /// Restorable (continuous backup) accounts of a region.
    pub async fn cosmos_restorable_accounts(
        &self,
        t: &EnvTargets,
        location: &str,
    ) -> Result<Vec<RestorableAccount>, AzureError> {
        let path = format!(
            "/subscriptions/{}/providers/Microsoft.DocumentDB/locations/{}/restorableDatabaseAccounts",
            subscription(&t.subscription_id)?,
            segment(location)
        );
        let url = self.arm_url(&path, &[("api-version", cosmos::API_VERSION)])?;
        self.arm_get_all(url, "restorable Cosmos DB accounts").await
    }

    fn live_restorable<'a>(
        list: &'a [RestorableAccount],
        account: &str,
    ) -> Option<&'a RestorableAccount> {
        list.iter().find(|r| {
            r.properties.account_name.eq_ignore_ascii_case(account)
                && r.properties.deletion_time.is_none()
        })
    }

    pub async fn cosmos_backup_status(
        &self,
        t: &EnvTargets,
    ) -> Result<CosmosBackupStatus, AzureError> {
        let account = self.cosmos_account(t, &t.cosmos_account).await?;
        let policy = account.properties.backup_policy.as_ref();
        let continuous = policy.is_some_and(|p| p.kind.eq_ignore_ascii_case("Continuous"));
        let earliest_restorable = if continuous {
            let location = account
                .location
                .clone()
                .unwrap_or_else(|| t.location.clone());
            let list = self.cosmos_restorable_accounts(t, &location).await?;
            Self::live_restorable(&list, &t.cosmos_account)
                .and_then(|r| r.properties.oldest_restorable_time)
        } else {
            None
        };
        Ok(CosmosBackupStatus {
            account: account
                .name
                .clone()
                .unwrap_or_else(|| t.cosmos_account.clone()),
            account_id: account.id.clone().unwrap_or_else(|| t.cosmos_account_id()),
            policy_type: policy.map(|p| p.kind.clone()),
            tier: policy
                .and_then(|p| p.continuous_mode_properties.as_ref())
                .and_then(|c| c.tier.clone()),
            earliest_restorable,
        })
    }

    /// Point-in-time restore of the environment's account into a NEW account.
    pub async fn restore_cosmos_account(
        &self,
        t: &EnvTargets,
        target_account: &str,
        point: DateTime<Utc>,
    ) -> Result<Mutation, AzureError> {
        let target = target_account.trim();
        if target.is_empty() || target.eq_ignore_ascii_case(&t.cosmos_account) {
            return Err(AzureError::Invalid(format!(
                "a restore creates a new account; `{target}` must differ from the source `{}`",
                t.cosmos_account
            )));
        }
        let account = self.cosmos_account(t, &t.cosmos_account).await?;
        let location = account
            .location
            .clone()
            .unwrap_or_else(|| t.location.clone());
        let list = self.cosmos_restorable_accounts(t, &location).await?;
        let source = Self::live_restorable(&list, &t.cosmos_account).ok_or_else(|| {
            AzureError::Invalid(format!(
                "{} has no continuous backup to restore from in {location}",
                t.cosmos_account
            ))
        })?;
        if let Some(oldest) = source.properties.oldest_restorable_time
            && point < oldest
        {
            return Err(AzureError::Invalid(format!(
                "the restore point is before the oldest restorable time {oldest}"
            )));
        }
        let tier = account
            .properties
            .backup_policy
            .as_ref()
            .and_then(|p| p.continuous_mode_properties.as_ref())
            .and_then(|c| c.tier.clone())
            .unwrap_or_else(|| "Continuous7Days".into());
        let body = RestoreAccountRequest {
            location: location.clone(),
            kind: "GlobalDocumentDB".into(),
            properties: RestoreAccountProperties {
                database_account_offer_type: "Standard".into(),
                locations: vec![AccountLocation {
                    location_name: Some(location),
                    failover_priority: Some(0),
                    is_zone_redundant: Some(false),
                }],
                create_mode: "Restore".into(),
                restore_parameters: RestoreParameters {
                    restore_mode: "PointInTime".into(),
                    restore_source: source.id.clone(),
                    restore_timestamp_in_utc: point,
                },
                backup_policy: BackupPolicy {
                    kind: "Continuous".into(),
                    continuous_mode_properties: Some(ContinuousModeProperties { tier: Some(tier) }),
                    periodic_mode_properties: None,
                    migration_state: None,
                },
            },
        };
        let url = self.arm_url(
            &Self::cosmos_path(t, target)?,
            &[("api-version", cosmos::API_VERSION)],
        )?;
        self.mutate(
            Method::Put,
            url,
            Some(&body),
            &format!("restore Cosmos DB to {target}"),
        )
        .await
    }
}
