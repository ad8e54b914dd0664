//! Auto-checks: pure judgements of live data for the items a machine can check.
//!
//! The dashboard collects the data; these functions only read a [`Snapshot`] of it and apply
//! the shared rules of [`crate::health`], so the walkthrough says what the panes and
//! `eduops check` say.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::model::AutoCheck;
use crate::config::settings::Thresholds;
use crate::format::duration::words;
use crate::format::text::truncate;
use crate::health::Verdict;
use crate::health::alerts::{is_open, is_security_alert};
use crate::health::backups::backup_verdicts;
use crate::health::logs::{is_error_line, is_fatal_line};
use crate::health::service::{Health, service_health};
use crate::model::{
    Alert, CosmosBackupStatus, MetricPoint, ResourceUsage, SERVICES, SecretInfo, ServiceStatus,
    SqlBackupStatus,
};

/// What the dashboard knows at one moment. `None` means "not loaded (yet)", never "empty".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub services: Option<Vec<ServiceStatus>>,
    pub usage: Option<Vec<ResourceUsage>>,
    pub alerts: Option<Vec<Alert>>,
    pub sql: Option<SqlBackupStatus>,
    pub cosmos: Option<CosmosBackupStatus>,
    pub secrets: Option<Vec<SecretInfo>>,
    /// Service name → the tail of its container log.
    pub logs: BTreeMap<String, String>,
    pub now: DateTime<Utc>,
    pub thresholds: Thresholds,
    /// Why a part is missing when reading it failed ("usage" → Azure's error): a check then
    /// says what failed, not "not loaded yet".
    pub failures: BTreeMap<String, String>,
}

impl Snapshot {
    /// Why `part` (`services`, `usage`, `alerts`, `secrets`, `logs`, …) is not there, in words.
    pub fn missing(&self, part: &str, what: &str) -> String {
        match self.failures.get(part) {
            Some(e) => format!("{what} could not be read: {e}"),
            None => format!("{what} not loaded yet"),
        }
    }
}

/// The outcome of an auto-check: a verdict and the facts it rests on, one per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub check: AutoCheck,
    pub verdict: Verdict,
    pub lines: Vec<String>,
    /// Services the evidence points at (failed, erroring, hot), so the UI can link to them.
    #[serde(default)]
    pub services: Vec<String>,
    pub checked_at: DateTime<Utc>,
}

/// Runs the auto-check `kind` against `snap`.
pub fn evaluate(kind: AutoCheck, snap: &Snapshot) -> Evidence {
    let (verdict, lines, services) = match kind {
        AutoCheck::Health => health(snap),
        AutoCheck::ErrorLogs => error_logs(snap),
        AutoCheck::Performance => performance(snap),
        AutoCheck::Backups => backups(snap),
        AutoCheck::Security => security(snap),
    };
    Evidence {
        check: kind,
        verdict,
        lines,
        services,
        checked_at: snap.now,
    }
}

type Judged = (Verdict, Vec<String>, Vec<String>);

fn health(snap: &Snapshot) -> Judged {
    let Some(services) = &snap.services else {
        return unknown(&snap.missing("services", "container group states"));
    };
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    let mut ordered: Vec<&ServiceStatus> = services.iter().collect();
    ordered.sort_by_key(|s| (s.state.attention_rank(), service_rank(&s.service)));
    for s in ordered {
        let reason = s
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        lines.push(format!(
            "{} {} {} (restarts {}){reason}",
            s.state.symbol(),
            s.service,
            s.state,
            s.restart_count
        ));
        if service_health(s) != Health::Healthy {
            bad.push(s.service.clone());
        }
    }
    for missing in SERVICES
        .iter()
        .filter(|name| !services.iter().any(|s| s.service == **name))
    {
        lines.push(format!("✖ {missing} has no container group"));
        bad.push(missing.to_string());
    }
    let verdict = if bad.is_empty() {
        lines.insert(0, format!("all {} services Running", services.len()));
        Verdict::Pass
    } else {
        lines.insert(0, format!("not running: {}", bad.join(", ")));
        Verdict::Fail
    };
    (verdict, lines, bad)
}

fn service_rank(name: &str) -> usize {
    SERVICES
        .iter()
        .position(|s| *s == name)
        .unwrap_or(SERVICES.len())
}

fn error_logs(snap: &Snapshot) -> Judged {
    if snap.logs.is_empty() {
        return unknown(&snap.missing("logs", "log tails"));
    }
    let mut lines = Vec::new();
    let mut pointed = Vec::new();
    let mut verdicts = Vec::new();
    let mut names: Vec<&String> = snap.logs.keys().collect();
    names.sort_by_key(|n| service_rank(n));
    for name in names {
        let tail = &snap.logs[name];
        let total = tail.lines().count();
        let errors: Vec<&str> = tail.lines().filter(|l| is_error_line(l)).collect();
        let fatal = errors.iter().any(|l| is_fatal_line(l));
        match errors.last() {
            None => {
                lines.push(format!("✔ {name}: 0 error lines in the last {total}"));
                verdicts.push(Verdict::Pass);
            }
            Some(last) => {
                let mark = if fatal { "✖" } else { "▲" };
                lines.push(format!(
                    "{mark} {name}: {} in the last {total}; latest: {}",
                    plural(errors.len(), "error line"),
                    truncate(&redact(last.trim()), 120)
                ));
                pointed.push(name.clone());
                verdicts.push(if fatal { Verdict::Fail } else { Verdict::Warn });
            }
        }
    }
    for missing in SERVICES.iter().filter(|s| !snap.logs.contains_key(**s)) {
        lines.push(format!("? {missing}: no log tail"));
        verdicts.push(Verdict::Unknown(format!("no log tail for {missing}")));
    }
    let verdict = Verdict::worst(verdicts);
    if !pointed.is_empty() {
        lines.insert(0, format!("errors logged by: {}", pointed.join(", ")));
    }
    (verdict, lines, pointed)
}

/// Keys whose values are masked when a log line is kept as evidence.
const SECRET_KEYS: [&str; 9] = [
    "password",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "accountkey",
    "sig",
    "authorization",
];

/// Masks credentials an application may have logged (`Bearer …`, `password=…`,
/// `"token": "…"`), since evidence is written to run files and pasted into hand-off notes.
pub fn redact(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut mask_next = false;
    for (i, token) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // The scheme word stays; the credential after it goes.
        if token.eq_ignore_ascii_case("bearer") || token.eq_ignore_ascii_case("basic") {
            out.push_str(token);
            mask_next = true;
            continue;
        }
        if mask_next && !token.is_empty() {
            out.push_str("***");
            mask_next = false;
            continue;
        }
        out.push_str(&redact_pairs(token, &mut mask_next));
    }
    out
}

/// Masks `key=value` / `key:value` / `"key":"value"` pairs inside one space-free token; a key
/// with its value in the next token sets `mask_next`.
fn redact_pairs(token: &str, mask_next: &mut bool) -> String {
    let lower = token.to_ascii_lowercase();
    let hit = SECRET_KEYS
        .iter()
        .flat_map(|key| lower.match_indices(key))
        .filter_map(|(at, key)| {
            let after = &token[at + key.len()..];
            let sep_len = after
                .char_indices()
                .take_while(|(_, c)| matches!(c, '"' | '\'' | '=' | ':'))
                .map(|(i, c)| i + c.len_utf8())
                .last()?;
            after[..sep_len]
                .contains(['=', ':'])
                .then_some(at + key.len() + sep_len)
        })
        .min();
    if let Some(value_start) = hit {
        if value_start >= token.len() {
            *mask_next = true;
            return token.to_string();
        }
        // The value ends at the next separator of a list of pairs.
        let value_len = token[value_start..]
            .find([';', '&', ',', '"', '\''])
            .unwrap_or(token.len() - value_start);
        let rest = redact_pairs(&token[value_start + value_len..], mask_next);
        return format!("{}***{rest}", &token[..value_start]);
    }
    token.to_string()
}

/// The highest value of `points` within the 24 hours before `now`, and when it was.
fn peak_24h(points: &[MetricPoint], now: DateTime<Utc>) -> Option<(f64, DateTime<Utc>)> {
    let since = now - Duration::hours(24);
    points
        .iter()
        .filter(|p| p.time >= since && p.time <= now)
        .filter_map(|p| p.value.map(|v| (v, p.time)))
        .filter(|(v, _)| v.is_finite())
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// 24-hour CPU and memory peaks of every service against the thresholds.
///
/// FAIL when any service's peak is over a threshold (named in "over threshold: …"), else PASS.
/// A service with no metric data in the window (crash-looping, stopped, not yet created) is
/// *named* — "no metric data for streaming-ai" — and pointed at, but it does not make the fleet
/// "could not judge": the services that do have data are judged. Only when no service at all
/// has data (or metrics did not load) is the verdict UNKNOWN.
fn performance(snap: &Snapshot) -> Judged {
    let Some(usage) = &snap.usage else {
        return unknown(&snap.missing("usage", "CPU and memory metrics"));
    };
    let t = &snap.thresholds;
    let mut lines = vec![format!(
        "24 h peaks against CPU {:.0} % and memory {:.0} %",
        t.cpu_percent, t.memory_percent
    )];
    let mut verdicts = Vec::new();
    let mut hot = Vec::new();
    let mut silent = Vec::new();
    let mut rows: Vec<(String, &ResourceUsage)> = usage
        .iter()
        .map(|u| (service_of(&u.resource_id, snap.services.as_deref()), u))
        .collect();
    rows.sort_by_key(|(name, _)| service_rank(name));
    for (name, u) in rows {
        let cpu = peak_24h(&u.cpu_percent, snap.now);
        let mem = peak_24h(&u.memory_percent, snap.now);
        let (Some(cpu), Some(mem)) = (cpu, mem) else {
            lines.push(format!("? {name}: no CPU or memory data in the last 24 h"));
            silent.push(name);
            continue;
        };
        let over_cpu = cpu.0 > t.cpu_percent;
        let over_mem = mem.0 > t.memory_percent;
        let mark = if over_cpu || over_mem { "✖" } else { "✔" };
        lines.push(format!(
            "{mark} {name}: CPU peak {:.0} % at {}, memory peak {:.0} % at {}",
            cpu.0,
            cpu.1.format("%H:%M"),
            mem.0,
            mem.1.format("%H:%M")
        ));
        if over_cpu || over_mem {
            hot.push(name);
            verdicts.push(Verdict::Fail);
        } else {
            verdicts.push(Verdict::Pass);
        }
    }
    if verdicts.is_empty() {
        let why = if usage.is_empty() {
            "no metrics returned".to_string()
        } else {
            format!("no metric data for any service ({})", silent.join(", "))
        };
        lines.insert(0, format!("? {why}"));
        return (Verdict::Unknown(why), lines, silent);
    }
    let verdict = Verdict::worst(verdicts);
    if !silent.is_empty() {
        lines.insert(0, format!("no metric data for {}", silent.join(", ")));
    }
    if !hot.is_empty() {
        lines.insert(0, format!("over threshold: {}", hot.join(", ")));
    }
    hot.extend(silent);
    (verdict, lines, hot)
}

/// The service a metrics resource id belongs to: by the known statuses, else by the guide's
/// naming `ci-<service>-<env>`, else the container group name itself.
fn service_of(resource_id: &str, services: Option<&[ServiceStatus]>) -> String {
    if let Some(s) = services
        .into_iter()
        .flatten()
        .find(|s| s.resource_id.eq_ignore_ascii_case(resource_id))
    {
        return s.service.clone();
    }
    let group = resource_id.rsplit('/').next().unwrap_or(resource_id);
    SERVICES
        .iter()
        .find(|s| {
            group
                .strip_prefix("ci-")
                .and_then(|rest| rest.strip_prefix(**s))
                .is_some_and(|rest| rest.starts_with('-'))
        })
        .map(|s| s.to_string())
        .unwrap_or_else(|| group.to_string())
}

fn backups(snap: &Snapshot) -> Judged {
    let verdicts = backup_verdicts(
        snap.sql.as_ref(),
        snap.cosmos.as_ref(),
        snap.now,
        &snap.thresholds,
    );
    let lines = verdicts
        .iter()
        .map(|v| format!("{} {}: {}", v.verdict.symbol(), v.label, v.reason))
        .collect();
    (
        Verdict::worst(verdicts.into_iter().map(|v| v.verdict)),
        lines,
        Vec::new(),
    )
}

fn security(snap: &Snapshot) -> Judged {
    let mut lines = Vec::new();
    let mut verdicts = Vec::new();
    match &snap.alerts {
        None => {
            let why = snap.missing("alerts", "alerts");
            lines.push(format!("? {why}"));
            verdicts.push(Verdict::Unknown(why));
        }
        Some(alerts) => {
            let open: Vec<&Alert> = alerts
                .iter()
                .filter(|a| is_security_alert(a) && is_open(a))
                .collect();
            if open.is_empty() {
                lines.push("✔ no open security alerts".to_string());
                verdicts.push(Verdict::Pass);
            } else {
                lines.push(format!("✖ {} open", plural(open.len(), "security alert")));
                for a in open {
                    lines.push(format!(
                        "  {:?} {} ({:?}, fired {})",
                        a.severity,
                        a.name,
                        a.state,
                        a.fired_at.format("%Y-%m-%d %H:%M UTC")
                    ));
                }
                verdicts.push(Verdict::Fail);
            }
        }
    }
    match &snap.secrets {
        None => {
            let why = snap.missing("secrets", "Key Vault secrets");
            lines.push(format!("? {why}"));
            verdicts.push(Verdict::Unknown(why));
        }
        Some(secrets) => {
            let warn_before = Duration::days(snap.thresholds.secret_expiry_warn_days);
            let mut fine = 0;
            let mut no_expiry = Vec::new();
            for s in secrets.iter().filter(|s| s.enabled) {
                match s.expires {
                    Some(exp) if exp <= snap.now => {
                        lines.push(format!(
                            "✖ secret {} expired {} ago ({})",
                            s.name,
                            words(snap.now - exp),
                            exp.format("%Y-%m-%d")
                        ));
                        verdicts.push(Verdict::Fail);
                    }
                    Some(exp) if exp - snap.now <= warn_before => {
                        lines.push(format!(
                            "▲ secret {} expires in {} ({})",
                            s.name,
                            words(exp - snap.now),
                            exp.format("%Y-%m-%d")
                        ));
                        verdicts.push(Verdict::Warn);
                    }
                    Some(_) => fine += 1,
                    None => no_expiry.push(s.name.as_str()),
                }
            }
            lines.push(format!(
                "✔ {fine} secrets valid for more than {} d",
                snap.thresholds.secret_expiry_warn_days
            ));
            if !no_expiry.is_empty() {
                lines.push(format!("  no expiry set: {}", no_expiry.join(", ")));
            }
            verdicts.push(Verdict::Pass);
        }
    }
    (Verdict::worst(verdicts), lines, Vec::new())
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn unknown(why: &str) -> Judged {
    (
        Verdict::Unknown(why.to_string()),
        vec![format!("? {why}")],
        Vec::new(),
    )
}
