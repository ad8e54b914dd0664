//! Backup verdicts: the SQL restore window, SQL long-term retention, the Cosmos DB policy.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::config::settings::Thresholds;
use crate::format::duration::words;
use crate::model::{CosmosBackupStatus, SqlBackupStatus};

/// Which store a backup verdict is about, so the Backups pane can put it in its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackupKind {
    Sql,
    Cosmos,
}

/// One judged aspect of the backups, as the Backups pane and the checklist show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupVerdict {
    pub kind: BackupKind,
    pub label: String,
    pub verdict: Verdict,
    pub reason: String,
}

fn bv(label: &str, verdict: Verdict, reason: String) -> BackupVerdict {
    BackupVerdict {
        kind: if label.starts_with("SQL") {
            BackupKind::Sql
        } else {
            BackupKind::Cosmos
        },
        label: label.to_string(),
        verdict,
        reason,
    }
}

/// The one way eduops judges backups: SQL restore window, SQL long-term retention, Cosmos DB.
///
/// - SQL point-in-time: FAIL when the database is not Online or has no restore point; WARN
///   when the window is shorter than `pitr_min_days`.
/// - SQL long-term retention: WARN when there is none or the newest is older than
///   `ltr_max_age_days`.
/// - Cosmos DB: WARN on periodic (or no) backup policy, FAIL on continuous backup without a
///   restorable point, WARN when its window is shorter than `pitr_min_days`.
/// - Data not loaded: UNKNOWN, never PASS.
pub fn backup_verdicts(
    sql: Option<&SqlBackupStatus>,
    cosmos: Option<&CosmosBackupStatus>,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Vec<BackupVerdict> {
    let mut out = sql_verdicts(sql, now, t);
    out.push(cosmos_verdict(cosmos, now, t));
    out
}

const PITR: &str = "SQL point-in-time restore";
const LTR: &str = "SQL long-term retention";
const COSMOS: &str = "Cosmos DB backup";

/// The SQL database's two verdicts: point-in-time restore window, then long-term retention.
pub fn sql_verdicts(
    sql: Option<&SqlBackupStatus>,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Vec<BackupVerdict> {
    let mut out = Vec::new();
    match sql {
        None => {
            let why = "SQL database not loaded yet".to_string();
            out.push(bv(PITR, Verdict::Unknown(why.clone()), why.clone()));
            out.push(bv(LTR, Verdict::Unknown(why.clone()), why));
        }
        Some(sql) => {
            let db = format!("{}/{}", sql.server, sql.database);
            let offline = sql
                .status
                .as_deref()
                .filter(|s| !s.eq_ignore_ascii_case("online"));
            out.push(match (offline, sql.earliest_restore) {
                (Some(status), _) => {
                    bv(PITR, Verdict::Fail, format!("{db} is {status}, not Online"))
                }
                (None, None) => bv(
                    PITR,
                    Verdict::Fail,
                    format!("{db} reports no earliest restore point"),
                ),
                (None, Some(earliest)) => {
                    let window = now - earliest;
                    let text = format!(
                        "{db} restorable from {} ({} window)",
                        earliest.format("%Y-%m-%d %H:%M UTC"),
                        words(window)
                    );
                    if window < Duration::days(t.pitr_min_days) {
                        bv(
                            PITR,
                            Verdict::Warn,
                            format!("{text}; shorter than {} d", t.pitr_min_days),
                        )
                    } else {
                        bv(PITR, Verdict::Pass, text)
                    }
                }
            });
            out.push(match sql.latest_ltr_backup {
                None => bv(
                    LTR,
                    Verdict::Warn,
                    format!("{db} has no long-term retention backup"),
                ),
                Some(latest) => {
                    let age = now - latest;
                    let text = format!(
                        "latest LTR backup {} ago ({}), {} kept",
                        words(age),
                        latest.format("%Y-%m-%d"),
                        sql.ltr_backup_count
                    );
                    if age > Duration::days(t.ltr_max_age_days) {
                        bv(
                            LTR,
                            Verdict::Warn,
                            format!("{text}; older than {} d", t.ltr_max_age_days),
                        )
                    } else {
                        bv(LTR, Verdict::Pass, text)
                    }
                }
            });
        }
    }
    out
}

/// The Cosmos DB account's verdict: its backup policy and restore window.
pub fn cosmos_verdict(
    cosmos: Option<&CosmosBackupStatus>,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> BackupVerdict {
    match cosmos {
        None => {
            let why = "Cosmos DB account not loaded yet".to_string();
            bv(COSMOS, Verdict::Unknown(why.clone()), why)
        }
        Some(c) => match c.policy_type.as_deref() {
            Some(p) if p.eq_ignore_ascii_case("continuous") => {
                let tier = c.tier.as_deref().unwrap_or("tier not reported");
                match c.earliest_restorable {
                    None => bv(
                        COSMOS,
                        Verdict::Fail,
                        format!(
                            "{} continuous backup ({tier}) has no restorable point",
                            c.account
                        ),
                    ),
                    Some(e) => {
                        let window = now - e;
                        let text = format!(
                            "{} continuous backup ({tier}), restorable from {} ({} window)",
                            c.account,
                            e.format("%Y-%m-%d %H:%M UTC"),
                            words(window)
                        );
                        if window < Duration::days(t.pitr_min_days) {
                            bv(
                                COSMOS,
                                Verdict::Warn,
                                format!("{text}; shorter than {} d", t.pitr_min_days),
                            )
                        } else {
                            bv(COSMOS, Verdict::Pass, text)
                        }
                    }
                }
            }
            Some(p) => bv(
                COSMOS,
                Verdict::Warn,
                format!(
                    "{} uses {p} backup; the guide enables Continuous (point-in-time restore)",
                    c.account
                ),
            ),
            None => bv(
                COSMOS,
                Verdict::Warn,
                format!("{} reports no backup policy", c.account),
            ),
        },
    }
}
