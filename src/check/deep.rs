//! `--deep`: alerts firing and backup verdicts of one environment.
//!
//! The verdicts are judged here until the shared checklist judgement exists; the rules follow
//! the ops guide's thresholds in `[thresholds]` (`ltr_max_age_days`, `pitr_min_days`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::report::AlertLine;
use crate::azure::AzureClient;
use crate::config::EnvTargets;
use crate::config::settings::Thresholds;
use crate::model::{AlertState, CosmosBackupStatus, MonitorCondition, SqlBackupStatus};

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

/// FAIL: the database is not Online or has no restore point. WARN: the point-in-time window is
/// shorter than `pitr_min_days`, or the newest long-term backup is missing or older than
/// `ltr_max_age_days`.
pub fn judge_sql(s: &SqlBackupStatus, th: &Thresholds, now: DateTime<Utc>) -> BackupVerdict {
    let v = |verdict, detail: String| BackupVerdict {
        kind: "sql",
        resource: format!("{}/{}", s.server, s.database),
        verdict,
        detail,
    };
    let status = s.status.as_deref().unwrap_or("unknown");
    if !status.eq_ignore_ascii_case("online") {
        return v(Verdict::Fail, format!("database is {status}"));
    }
    let Some(earliest) = s.earliest_restore else {
        return v(Verdict::Fail, "no point-in-time restore point".into());
    };
    let window_h = (now - earliest).num_hours();
    let mut warnings = Vec::new();
    if window_h < th.pitr_min_days * 24 {
        warnings.push(format!(
            "point-in-time window {window_h}h is under {} day(s)",
            th.pitr_min_days
        ));
    }
    match s.latest_ltr_backup {
        None => warnings.push("no long-term retention backup".into()),
        Some(t) if (now - t).num_days() > th.ltr_max_age_days => warnings.push(format!(
            "latest long-term backup is {} days old (limit {})",
            (now - t).num_days(),
            th.ltr_max_age_days
        )),
        Some(_) => {}
    }
    if warnings.is_empty() {
        let ltr_age = s
            .latest_ltr_backup
            .map(|t| format!(", latest LTR {}d ago", (now - t).num_days()))
            .unwrap_or_default();
        v(
            Verdict::Ok,
            format!("PITR window {}d{ltr_age}", window_h / 24),
        )
    } else {
        v(Verdict::Warn, warnings.join("; "))
    }
}

/// FAIL: continuous backup with no restorable point. WARN: periodic backup (no point-in-time
/// restore) or a window shorter than `pitr_min_days`.
pub fn judge_cosmos(c: &CosmosBackupStatus, th: &Thresholds, now: DateTime<Utc>) -> BackupVerdict {
    let v = |verdict, detail: String| BackupVerdict {
        kind: "cosmos",
        resource: c.account.clone(),
        verdict,
        detail,
    };
    let policy = c.policy_type.as_deref().unwrap_or("none");
    if !policy.eq_ignore_ascii_case("continuous") {
        return v(
            Verdict::Warn,
            format!("backup policy is {policy}: no point-in-time restore"),
        );
    }
    let Some(earliest) = c.earliest_restorable else {
        return v(
            Verdict::Fail,
            "continuous backup has no restorable point".into(),
        );
    };
    let window_h = (now - earliest).num_hours();
    if window_h < th.pitr_min_days * 24 {
        return v(
            Verdict::Warn,
            format!(
                "restorable window {window_h}h is under {} day(s)",
                th.pitr_min_days
            ),
        );
    }
    let tier = c.tier.as_deref().unwrap_or("continuous");
    v(
        Verdict::Ok,
        format!("{tier}, restorable window {}d", window_h / 24),
    )
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
    let now = client.server_now();
    let mut f = DeepFindings {
        alerts: Vec::new(),
        backups: Vec::new(),
        errors: Vec::new(),
    };
    match alerts {
        Ok(list) => {
            f.alerts = list
                .into_iter()
                .filter(|a| a.condition == MonitorCondition::Fired && a.state != AlertState::Closed)
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
        assert!(stale.detail.contains("12 days old"), "{}", stale.detail);
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
