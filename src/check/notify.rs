//! `--notify URL`: a Slack-compatible incoming-webhook message (`{"text": …}`), retried.
//!
//! The message is built from the report only — service names, states, reasons — so no token
//! or header can end up in it. The webhook URL itself is a secret (Slack's path is the key):
//! only its host is ever logged or printed.

use std::time::Duration;

use super::report::{CheckReport, NotifyResult};
use crate::format::text::truncate;
use crate::health::service::Health;

/// Attempts in all (the first and two retries).
pub const ATTEMPTS: u32 = 3;
/// Per attempt, connection to last byte.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
const BACKOFF: Duration = Duration::from_millis(300);
/// Longest `Retry-After` honoured before giving up.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// The message: a headline, then one short line per service and per finding.
pub fn message(r: &CheckReport) -> serde_json::Value {
    let s = &r.summary;
    let head = match s.exit_code {
        0 => format!("✅ eduops check: all {} services healthy", s.healthy),
        1 => format!(
            "🚨 eduops check: {} unhealthy of {} services",
            s.unhealthy, s.services
        ),
        3 => format!(
            "🚨 eduops check: {} unhealthy of {} services; restart refused",
            s.unhealthy, s.services
        ),
        _ => "⚠️ eduops check: could not check everything".to_string(),
    };
    let mut lines = vec![head];
    for e in &r.environments {
        if let Some(err) = &e.error {
            lines.push(format!("• {}: could not check: {}", e.env, short(err)));
            continue;
        }
        for l in &e.services {
            let mark = match l.health {
                Health::Healthy => "✅",
                Health::Unhealthy => "❌",
                Health::Unknown => "❔",
            };
            let mut line = format!(
                "{mark} {}/{}: {} (restarts {})",
                e.env, l.service, l.state, l.restart_count
            );
            if l.health != Health::Healthy
                && let Some(reason) = &l.reason
            {
                line.push_str(&format!(" — {}", short(reason)));
            }
            if let Some(a) = &l.action {
                line.push_str(&format!(" [{}: {}]", a.operation, short(&a.outcome)));
            }
            lines.push(line);
        }
        for a in e.alerts.iter().flatten() {
            lines.push(format!(
                "🔔 {}: alert {} {:?} {:?}",
                e.env, a.name, a.severity, a.state
            ));
        }
        for b in e.backups.iter().flatten() {
            if b.verdict != super::Verdict::Ok {
                lines.push(format!(
                    "💾 {}: {} {} {:?}: {}",
                    e.env,
                    b.kind,
                    b.resource,
                    b.verdict,
                    short(&b.detail)
                ));
            }
        }
        for d in &e.deep_errors {
            lines.push(format!("❔ {}: could not read {}", e.env, short(d)));
        }
    }
    serde_json::json!({ "text": lines.join("\n") })
}

/// The first line of `s`, cut to fit a chat message line.
fn short(s: &str) -> String {
    truncate(s.lines().next().unwrap_or(""), 160)
}

/// Host (and port) of the webhook, the only part of it that may be shown.
pub fn host_of(url: &url::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => "?".into(),
    }
}

/// Checks the webhook before anything else runs: https, or http on this machine only.
pub fn parse_webhook(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw.trim()).map_err(|e| format!("--notify: not a URL ({e})"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if crate::azure::endpoint::is_loopback(&url) => Ok(url),
        "http" => Err(format!(
            "--notify: refusing plain http to {}: the webhook URL carries its key; use https",
            host_of(&url)
        )),
        other => Err(format!("--notify: unsupported scheme `{other}`")),
    }
}

/// POSTs `body`; retries network errors, timeouts, 429 and 5xx, never other 4xx.
pub async fn post(url: &url::Url, body: &serde_json::Value) -> NotifyResult {
    let host = host_of(url);
    let client = match reqwest::Client::builder()
        .timeout(ATTEMPT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            return NotifyResult {
                host,
                delivered: false,
                attempts: 0,
                error: Some(format!("could not build the HTTP client: {e}")),
            };
        }
    };
    let mut last_error = String::new();
    for attempt in 1..=ATTEMPTS {
        let mut wait = BACKOFF * 2u32.pow(attempt - 1);
        match client.post(url.clone()).json(body).send().await {
            Ok(resp) if resp.status().is_success() => {
                tracing::info!(host = %host, attempt, "notification delivered");
                return NotifyResult {
                    host,
                    delivered: true,
                    attempts: attempt,
                    error: None,
                };
            }
            Ok(resp) => {
                let status = resp.status();
                let retry_after = resp
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                // The receiver's body can say why (Slack: `invalid_payload`, `no_text`).
                let text = resp.text().await.unwrap_or_default();
                last_error = format!("HTTP {}: {}", status.as_u16(), short(text.trim()));
                tracing::warn!(host = %host, attempt, status = status.as_u16(), "notification refused");
                let retryable = status.is_server_error() || status.as_u16() == 429;
                if !retryable {
                    return NotifyResult {
                        host,
                        delivered: false,
                        attempts: attempt,
                        error: Some(last_error),
                    };
                }
                if let Some(ra) = retry_after {
                    wait = ra.min(MAX_RETRY_AFTER);
                }
            }
            Err(e) => {
                // reqwest's error names the URL; keep only the kind, the URL holds the secret.
                let kind = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "request failed"
                };
                last_error = format!("{kind} to {host}");
                tracing::warn!(host = %host, attempt, "notification: {kind}");
            }
        }
        if attempt < ATTEMPTS {
            tokio::time::sleep(wait).await;
        }
    }
    NotifyResult {
        host,
        delivered: false,
        attempts: ATTEMPTS,
        error: Some(last_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_must_be_https_unless_loopback() {
        assert!(parse_webhook("https://hooks.slack.com/services/T/B/x").is_ok());
        assert!(parse_webhook("http://127.0.0.1:9/hook").is_ok());
        let e = parse_webhook("http://hooks.example.com/services/T/B/secret").unwrap_err();
        assert!(!e.contains("secret"), "{e}");
        assert!(parse_webhook("ftp://x").is_err());
    }
}
