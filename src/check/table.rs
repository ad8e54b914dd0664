//! The table for people: one row per service, state by word and symbol (never colour alone),
//! colour only when asked for (a terminal without `NO_COLOR`).

use std::fmt::Write;

use super::report::CheckReport;
use crate::health::service::Health;
use crate::model::ServiceState;

pub struct Style {
    pub color: bool,
    pub ascii: bool,
}

fn paint(style: &Style, code: &str, s: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn state_color(s: ServiceState) -> &'static str {
    match s {
        ServiceState::Running => "32",
        ServiceState::Pending | ServiceState::Restarting => "33",
        ServiceState::Failed => "1;31",
        ServiceState::Stopped => "31",
        ServiceState::Unknown => "35",
    }
}

pub fn render(r: &CheckReport, style: &Style) -> String {
    let mut out = String::new();
    let width = r
        .environments
        .iter()
        .flat_map(|e| e.services.iter().map(|s| s.service.len()))
        .max()
        .unwrap_or(7)
        .max(7);
    let _ = writeln!(
        out,
        "{:<8} {:<width$} {:<12} {:>8}  REASON / ACTION",
        "ENV", "SERVICE", "STATE", "RESTARTS"
    );
    for e in &r.environments {
        if let Some(err) = &e.error {
            let _ = writeln!(
                out,
                "{:<8} {}",
                e.env.as_str(),
                paint(style, "35", &format!("could not check: {err}"))
            );
            continue;
        }
        for l in &e.services {
            let sym = if style.ascii {
                l.state.ascii_symbol()
            } else {
                l.state.symbol()
            };
            let state = format!("{sym} {}", l.state);
            let state = format!("{state:<12}");
            let mut note = String::new();
            if l.health != Health::Healthy
                && let Some(reason) = &l.reason
            {
                note.push_str(reason.lines().next().unwrap_or(""));
            }
            if let Some(a) = &l.action {
                if !note.is_empty() {
                    note.push_str(" · ");
                }
                let _ = write!(note, "{} → {}", a.operation, a.outcome);
            }
            let _ = writeln!(
                out,
                "{:<8} {:<width$} {} {:>8}  {}",
                e.env.as_str(),
                l.service,
                paint(style, state_color(l.state), &state),
                l.restart_count,
                note
            );
        }
        for a in e.alerts.iter().flatten() {
            let _ = writeln!(
                out,
                "{:<8} alert {} {:?} {:?} (fired {}){}",
                e.env.as_str(),
                a.name,
                a.severity,
                a.state,
                a.fired_at.format("%Y-%m-%d %H:%M UTC"),
                a.target_service
                    .as_deref()
                    .map(|s| format!(" on {s}"))
                    .unwrap_or_default()
            );
        }
        for b in e.backups.iter().flatten() {
            let v = format!("{:?}", b.verdict).to_uppercase();
            let code = match b.verdict {
                super::Verdict::Ok => "32",
                super::Verdict::Warn => "33",
                super::Verdict::Fail => "1;31",
            };
            let _ = writeln!(
                out,
                "{:<8} backup {} {} {}: {}",
                e.env.as_str(),
                b.kind,
                b.resource,
                paint(style, code, &v),
                b.detail
            );
        }
        for d in &e.deep_errors {
            let _ = writeln!(
                out,
                "{:<8} {}",
                e.env.as_str(),
                paint(style, "35", &format!("could not read {d}"))
            );
        }
    }
    let s = &r.summary;
    let mut line = format!(
        "{} of {} services healthy, {} unhealthy, {} unknown",
        s.healthy, s.services, s.unhealthy, s.unknown
    );
    if r.deep {
        let _ = write!(
            line,
            "; {} alert(s) firing, {} backup FAIL, {} WARN",
            s.alerts_firing, s.backup_failures, s.backup_warnings
        );
    }
    if s.environments_unchecked > 0 {
        let _ = write!(
            line,
            "; {} environment(s) not checked",
            s.environments_unchecked
        );
    }
    if let Some(n) = &r.notification {
        match &n.error {
            None => {
                let _ = write!(line, "; notified {}", n.host);
            }
            Some(e) => {
                let _ = write!(line, "; notification to {} FAILED: {e}", n.host);
            }
        }
    }
    let _ = writeln!(out, "{line} — {} (exit {})", s.status, s.exit_code);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::{EnvReport, ServiceLine, Summary};
    use crate::model::{Env, ServiceStatus};

    fn report(state: ServiceState) -> CheckReport {
        let status = ServiceStatus {
            service: "gateway".into(),
            container_group: "ci-gateway-prod".into(),
            resource_id: "/x".into(),
            state,
            reason: Some("Failed: exit code 1".into()),
            provisioning_state: None,
            restart_count: 4,
            started_at: None,
            cpu_request_cores: 2.0,
            memory_request_gb: 4.0,
            image: None,
            ip_address: None,
            events: Vec::new(),
        };
        let mut r = CheckReport {
            schema: crate::check::SCHEMA,
            checked_at: chrono::Utc::now(),
            source: "simulator".into(),
            endpoint: "http://127.0.0.1:1".into(),
            deep: false,
            environments: vec![EnvReport {
                env: Env::Prod,
                resource_group: "rg".into(),
                error: None,
                services: vec![ServiceLine::from_status(&status)],
                alerts: None,
                backups: None,
                deep_errors: Vec::new(),
            }],
            summary: Summary::default(),
            notification: None,
        };
        r.summarize();
        r
    }

    #[test]
    fn colour_only_when_asked_and_state_always_in_words() {
        let r = report(ServiceState::Failed);
        let plain = render(
            &r,
            &Style {
                color: false,
                ascii: false,
            },
        );
        assert!(!plain.contains('\x1b'));
        assert!(plain.contains("✖ Failed"), "{plain}");
        assert!(plain.contains("Failed: exit code 1"));
        assert!(plain.contains("unhealthy (exit 1)"));
        let coloured = render(
            &r,
            &Style {
                color: true,
                ascii: true,
            },
        );
        assert!(coloured.contains("\x1b[1;31mx Failed"), "{coloured}");
    }

    #[test]
    fn healthy_rows_carry_no_reason() {
        let plain = render(
            &report(ServiceState::Running),
            &Style {
                color: false,
                ascii: true,
            },
        );
        assert!(plain.contains("+ Running"));
        assert!(!plain.contains("exit code 1"), "{plain}");
        assert!(plain.contains("healthy (exit 0)"));
    }
}
