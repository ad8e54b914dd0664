//! The audit log: one JSON line per attempted mutation, appended and synced.
//!
//! It records who did what to which resource, with which parameters, and how it ended —
//! including refusals (read-only) and cancellations, so the log answers "did anyone try?".
//! It never holds a token: records are built from named fields only.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub time: DateTime<Utc>,
    pub operator: String,
    pub env: String,
    pub action: String,
    pub target: String,
    #[serde(default)]
    pub params: serde_json::Value,
    /// `succeeded`, `failed: …`, `refused: read-only`, `cancelled`, …
    pub outcome: String,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub duration_ms: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: PathBuf) -> AuditLog {
        AuditLog { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as a line and syncs it to disk before returning. Only
    /// `mutation::audit::record` calls it, so every line has the same shape.
    pub(crate) fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut line = serde_json::to_string(record).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        // One write call per line: appends from two eduops processes do not interleave.
        f.write_all(line.as_bytes())?;
        f.sync_data()
    }

    /// The newest `limit` records, newest first; unreadable lines are reported, not skipped
    /// silently.
    pub fn tail(&self, limit: usize) -> std::io::Result<Vec<Result<AuditRecord, String>>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let lines: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        Ok(lines
            .into_iter()
            .rev()
            .take(limit)
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|e| {
                    format!(
                        "{}:{}: unreadable audit line: {e}",
                        self.path.display(),
                        i + 1
                    )
                })
            })
            .collect())
    }
}

/// Who is acting: the token's `upn` / `unique_name` / `preferred_username` claim when there is
/// a JWT, else the OS user. Only the claim is read; the token itself goes nowhere.
pub fn operator(token: Option<&str>) -> String {
    token.and_then(operator_from_jwt).unwrap_or_else(os_user)
}

pub fn operator_from_jwt(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    ["upn", "unique_name", "preferred_username", "appid"]
        .iter()
        .find_map(|k| claims.get(k)?.as_str().map(str::to_string))
}

pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(user_from_uid)
        .unwrap_or_else(|| "unknown".into())
}

/// The login name of this process's uid, from `/proc` and `/etc/passwd` (cron and some SSH
/// setups run without `$USER`); `uid N` when the name is not found.
fn user_from_uid() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .find_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let _pw = f.next()?;
            (f.next()? == uid).then(|| name.to_string())
        })
        .or(Some(format!("uid {uid}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_lines_and_reads_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        for i in 0..3 {
            log.append(&AuditRecord {
                time: Utc::now(),
                operator: "sre@example.com".into(),
                env: "prod".into(),
                action: "restart".into(),
                target: format!("/subscriptions/x/cg/{i}"),
                params: serde_json::json!({}),
                outcome: "succeeded".into(),
                request_id: None,
                duration_ms: Some(10),
            })
            .unwrap();
        }
        let t = log.tail(2).unwrap();
        assert_eq!(t.len(), 2);
        assert!(t[0].as_ref().unwrap().target.ends_with("/2"));
    }

    #[test]
    fn os_user_without_environment_is_still_named() {
        // Whatever the environment, the answer is a name, never empty.
        assert!(!os_user().trim().is_empty());
        if std::path::Path::new("/proc/self/status").exists() {
            assert!(user_from_uid().is_some());
        }
    }

    #[test]
    fn operator_comes_from_jwt_claims() {
        use base64::Engine;
        let enc = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        let token = format!(
            "{}.{}.sig",
            enc(r#"{"alg":"none"}"#),
            enc(r#"{"upn":"kim@school.kr"}"#)
        );
        assert_eq!(operator_from_jwt(&token).as_deref(), Some("kim@school.kr"));
        assert_eq!(operator_from_jwt("not-a-jwt"), None);
    }
}
