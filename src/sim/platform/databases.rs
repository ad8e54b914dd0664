//! The data stores and their backups: SQL databases (point-in-time restore window) and Cosmos DB
//! accounts (continuous backup), including the ones restores create.

use chrono::{DateTime, Duration, Utc};

use crate::model::Env;

#[derive(Debug, Clone)]
pub struct Database {
    pub env: Env,
    pub resource_group: String,
    pub server: String,
    pub name: String,
    pub database_id: String,
    pub created: DateTime<Utc>,
    /// Restores come Online only here; `None` for databases that always existed.
    pub ready_at: Option<DateTime<Utc>>,
    /// A restore that ends Failed: the database never appears.
    pub failed: bool,
    pub retention_days: i64,
    pub source_id: Option<String>,
    pub restore_point: Option<DateTime<Utc>>,
}

impl Database {
    pub fn id(&self, sub: &str) -> String {
        format!(
            "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.Sql/servers/{}/databases/{}",
            self.resource_group, self.server, self.name
        )
    }

    pub fn visible(&self, now: DateTime<Utc>) -> bool {
        !(self.failed && self.ready_at.is_some_and(|r| now >= r))
    }

    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        match self.ready_at {
            Some(r) if now < r => "Creating",
            _ => "Online",
        }
    }

    /// The oldest point a point-in-time restore can target.
    pub fn earliest_restore(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let born = self.ready_at.unwrap_or(self.created);
        born.max(now - Duration::days(self.retention_days))
    }
}

#[derive(Debug, Clone)]
pub struct CosmosAccount {
    pub env: Env,
    pub resource_group: String,
    pub name: String,
    pub instance_id: String,
    pub created: DateTime<Utc>,
    pub tier_days: i64,
    pub ready_at: Option<DateTime<Utc>>,
    pub failed: bool,
    pub restored_from: Option<String>,
    pub restore_point: Option<DateTime<Utc>>,
}

impl CosmosAccount {
    pub fn id(&self, sub: &str) -> String {
        format!(
            "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.DocumentDB/databaseAccounts/{}",
            self.resource_group, self.name
        )
    }

    pub fn tier(&self) -> &'static str {
        if self.tier_days >= 30 {
            "Continuous30Days"
        } else {
            "Continuous7Days"
        }
    }

    pub fn provisioning_state(&self, now: DateTime<Utc>) -> &'static str {
        match self.ready_at {
            Some(r) if now < r => "Creating",
            Some(_) if self.failed => "Failed",
            _ => "Succeeded",
        }
    }

    pub fn oldest_restorable(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.ready_at
            .unwrap_or(self.created)
            .max(now - Duration::days(self.tier_days))
    }

    /// A restore that ended Failed leaves no account behind.
    pub fn visible(&self, now: DateTime<Utc>) -> bool {
        !(self.failed && self.ready_at.is_some_and(|r| now >= r))
    }
}
