//! `--deep`: alerts firing and backup verdicts of one environment.
//!
//! Backup verdicts come from the one shared judgement (`health::backups`),
//! following the ops guide's thresholds in `[thresholds]`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::azure::AzureClient;
use crate::config::EnvTargets;
use crate::config::settings::Thresholds;
use crate::health::alerts::is_open;
use crate::health::backups::{cosmos_verdict, sql_verdicts};
use crate::model::{AlertState, CosmosBackupStatus, Severity, SqlBackupStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Verdict {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupVerdict {
    /// `sql` or `cosmos`.
    pub kind: &'static str,
    /// Database or account name.
    pub resource: String,
    pub verdict: Verdict,
    pub detail: String,
}

/// The shared backup judgement (`health::backups`, also the Backups pane's
/// and the daily checklist's), folded to one verdict per store for the report: the worst of
/// its aspects, with every aspect's reason. Unknown (data missing) counts as FAIL here: a
/// health check that cannot see a backup must not call it healthy.
fn fold(
    kind: &'static str,
    resource: String,
    verdicts: Vec<crate::health::backups::BackupVerdict>,
) -> BackupVerdict {
    use crate::health::Verdict as Shared;
    let worst = Shared::worst(verdicts.iter().map(|v| v.verdict.clone()));
    let verdict = match worst {
        Shared::Pass => Verdict::Ok,
        Shared::Warn => Verdict::Warn,
        Shared::Fail | Shared::Unknown(_) => Verdict::Fail,
    };
    let detail = verdicts
        .iter()
        .map(|v| format!("{}: {}", v.label, v.reason))
        .collect::<Vec<_>>()
        .join("; ");
    BackupVerdict {
        kind,
        resource,
        verdict,
        detail,
    }
}

pub fn judge_sql(s: &SqlBackupStatus, th: &Thresholds, now: DateTime<Utc>) -> BackupVerdict {
    fold("sql", s.database.clone(), sql_verdicts(Some(s), now, th))
}

pub fn judge_cosmos(c: &CosmosBackupStatus, th: &Thresholds, now: DateTime<Utc>) -> BackupVerdict {
    fold(
        "cosmos",
        c.account.clone(),
        vec![cosmos_verdict(Some(c), now, th)],
    )
}

/// An alert firing, as the JSON schema documents it.
#[derive(Debug, Clone, Serialize)]
pub struct AlertLine {
    pub name: String,
    pub severity: Severity,
    pub state: AlertState,
    pub target_service: Option<String>,
    pub fired_at: DateTime<Utc>,
    pub description: Option<String>,
}

/// What `--deep` learned about one environment: firing alerts, verdicts, and what failed.
pub struct DeepFindings {
    pub alerts: Vec<AlertLine>,
    pub backups: Vec<BackupVerdict>,
    pub errors: Vec<String>,
}

pub async fn gather(client: &AzureClient, t: &EnvTargets, th: &Thresholds) -> DeepFindings {
    let (alerts, sql, cosmos) = tokio::join!(
        client.alerts(t),
        client.sql_backup_status(t),
        client.cosmos_backup_status(t)
    );
    let now = client.server_now().await;
    let mut f = DeepFindings {
        alerts: Vec::new(),
        backups: Vec::new(),
        errors: Vec::new(),
    };
    match alerts {
        Ok(list) => {
            f.alerts = list
                .into_iter()
                .filter(is_open)
                .map(|a| AlertLine {
                    name: a.name,
                    severity: a.severity,
                    state: a.state,
                    target_service: a.target_service,
                    fired_at: a.fired_at,
                    description: a.description,
                })
                .collect();
        }
        Err(e) => f.errors.push(format!("alerts: {e}")),
    }
    match sql {
        Ok(s) => f.backups.push(judge_sql(&s, th, now)),
        Err(e) => f
            .errors
            .push(format!("SQL backups of {}: {e}", t.sql_database)),
    }
    match cosmos {
        Ok(c) => f.backups.push(judge_cosmos(&c, th, now)),
        Err(e) => f
            .errors
            .push(format!("Cosmos DB backups of {}: {e}", t.cosmos_account)),
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0).unwrap()
    }

    fn sql(status: &str, pitr_days: i64, ltr_days: Option<i64>) -> SqlBackupStatus {
        SqlBackupStatus {
            server: "sql-x".into(),
            database: "db".into(),
            database_id: "/x".into(),
            status: Some(status.into()),
            earliest_restore: Some(now() - Duration::days(pitr_days)),
            latest_ltr_backup: ltr_days.map(|d| now() - Duration::days(d)),
            ltr_backup_count: usize::from(ltr_days.is_some()),
        }
    }

    #[test]
    fn sql_verdicts_follow_thresholds() {
        let th = Thresholds::default();
        assert_eq!(
            judge_sql(&sql("Online", 7, Some(2)), &th, now()).verdict,
            Verdict::Ok
        );
        let stale = judge_sql(&sql("Online", 7, Some(12)), &th, now());
        assert_eq!(stale.verdict, Verdict::Warn);
        assert!(stale.detail.contains("12 d 0 h ago"), "{}", stale.detail);
        assert_eq!(
            judge_sql(&sql("Online", 7, None), &th, now()).verdict,
            Verdict::Warn
        );
        assert_eq!(
            judge_sql(&sql("Offline", 7, Some(1)), &th, now()).verdict,
            Verdict::Fail
        );
        let mut none = sql("Online", 7, Some(1));
        none.earliest_restore = None;
        assert_eq!(judge_sql(&none, &th, now()).verdict, Verdict::Fail);
    }

    #[test]
    fn cosmos_verdicts() {
        let th = Thresholds::default();
        let mut c = CosmosBackupStatus {
            account: "cosmos-x".into(),
            account_id: "/x".into(),
            policy_type: Some("Continuous".into()),
            tier: Some("Continuous30Days".into()),
            earliest_restorable: Some(now() - Duration::days(30)),
        };
        assert_eq!(judge_cosmos(&c, &th, now()).verdict, Verdict::Ok);
        c.earliest_restorable = None;
        assert_eq!(judge_cosmos(&c, &th, now()).verdict, Verdict::Fail);
        c.policy_type = Some("Periodic".into());
        assert_eq!(judge_cosmos(&c, &th, now()).verdict, Verdict::Warn);
    }
}
