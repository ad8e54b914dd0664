//! Auto-checks against fleet scenarios: each check passes on a healthy platform and fails (or
//! warns) on the fault it exists to catch, naming what is wrong.

use crate::support::checklist as support;

use chrono::Duration;
use eduops::checklist::auto::{Snapshot, evaluate};
use eduops::checklist::model::AutoCheck;
use eduops::health::Verdict;
use eduops::health::backups::{BackupKind, backup_verdicts};
use eduops::health::logs::is_error_line;
use eduops::model::{AlertState, ServiceState};
use support::*;

const ALL: [AutoCheck; 5] = [
    AutoCheck::Health,
    AutoCheck::ErrorLogs,
    AutoCheck::Performance,
    AutoCheck::Backups,
    AutoCheck::Security,
];

#[test]
fn a_healthy_platform_passes_every_check() {
    let snap = healthy();
    for kind in ALL {
        let e = evaluate(kind, &snap);
        assert_eq!(e.verdict, Verdict::Pass, "{kind:?}: {:#?}", e.lines);
        assert!(!e.lines.is_empty(), "{kind:?} gives evidence");
        assert_eq!(e.checked_at, now());
    }
}

#[test]
fn a_failed_service_fails_the_health_check_by_name() {
    let e = evaluate(AutoCheck::Health, &failed_service());
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.services, ["content-gen-ai"]);
    assert_eq!(e.lines[0], "not running: content-gen-ai");
    // The failed one is listed first, with its state, restarts and reason.
    assert_eq!(
        e.lines[1],
        "✖ content-gen-ai Failed (restarts 7) — Container exited with code 137 (OOMKilled)"
    );
    assert!(
        e.lines
            .iter()
            .any(|l| l == "● gateway Running (restarts 0)")
    );
}

#[test]
fn a_missing_container_group_fails_the_health_check() {
    let mut snap = healthy();
    snap.services
        .as_mut()
        .unwrap()
        .retain(|s| s.service != "streaming-ai");
    let e = evaluate(AutoCheck::Health, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.services, ["streaming-ai"]);
}

#[test]
fn checks_without_data_say_unknown_and_why() {
    let snap = Snapshot {
        now: now(),
        ..Snapshot::default()
    };
    for kind in ALL {
        let e = evaluate(kind, &snap);
        match &e.verdict {
            Verdict::Unknown(why) => assert!(why.contains("not loaded") || why.contains("no log")),
            other => panic!("{kind:?} judged {other:?} without data"),
        }
    }
}

#[test]
fn error_lines_are_counted_per_service() {
    let mut snap = healthy();
    snap.logs.insert(
        "assessment-ai".to_string(),
        "INFO ok\nERROR upstream timeout calling openai\n{\"level\":\"error\",\"msg\":\"retry failed\"}\nINFO ok\n".to_string(),
    );
    let e = evaluate(AutoCheck::ErrorLogs, &snap);
    assert_eq!(e.verdict, Verdict::Warn);
    assert_eq!(e.services, ["assessment-ai"]);
    assert!(
        e.lines.iter().any(|l| l.starts_with(
            "▲ assessment-ai: 2 error lines in the last 4; latest: {\"level\":\"error\""
        )),
        "{:#?}",
        e.lines
    );
    assert!(
        e.lines
            .iter()
            .any(|l| l == "✔ gateway: 0 error lines in the last 2")
    );

    snap.logs.insert(
        "teaching-agent".to_string(),
        "thread 'main' panicked at src/main.rs:10:5\n".to_string(),
    );
    let e = evaluate(AutoCheck::ErrorLogs, &snap);
    assert_eq!(
        e.verdict,
        Verdict::Fail,
        "a panic is worse than an error line"
    );
    assert_eq!(e.services, ["assessment-ai", "teaching-agent"]);
}

#[test]
fn error_words_match_whole_words_only() {
    assert!(is_error_line("2026-11-27 ERROR db down"));
    assert!(is_error_line("level=error msg=x"));
    assert!(is_error_line("java.lang.NullPointerException: x"));
    assert!(!is_error_line("INFO 0 errors since start"));
    assert!(!is_error_line("INFO terror of the night (a film title)"));
}

#[test]
fn a_missing_log_tail_is_not_a_pass() {
    let mut snap = healthy();
    snap.logs.remove("gateway");
    let e = evaluate(AutoCheck::ErrorLogs, &snap);
    assert!(matches!(e.verdict, Verdict::Unknown(_)), "{:?}", e.verdict);
    assert!(e.lines.iter().any(|l| l == "? gateway: no log tail"));
}

#[test]
fn peaks_over_the_thresholds_fail_the_performance_check() {
    let mut snap = healthy();
    let usage = snap.usage.as_mut().unwrap();
    usage[1] = usage_for("lesson-plan-ai", 93.5, 60.0);
    usage[4] = usage_for("teaching-agent", 50.0, 86.0);
    let e = evaluate(AutoCheck::Performance, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.services, ["lesson-plan-ai", "teaching-agent"]);
    assert!(
        e.lines
            .iter()
            .any(|l| l == "✖ lesson-plan-ai: CPU peak 94 % at 03:01, memory peak 60 % at 03:01"),
        "{:#?}",
        e.lines
    );
}

fn usage_for(service: &str, cpu: f64, mem: f64) -> eduops::model::ResourceUsage {
    usage(service, cpu, mem)
}

#[test]
fn peaks_older_than_a_day_do_not_count() {
    let mut snap = healthy();
    let u = &mut snap.usage.as_mut().unwrap()[0];
    u.cpu_percent.insert(
        0,
        eduops::model::MetricPoint {
            time: now() - Duration::hours(25),
            value: Some(99.0),
        },
    );
    assert_eq!(
        evaluate(AutoCheck::Performance, &snap).verdict,
        Verdict::Pass
    );
}

#[test]
fn thresholds_come_from_the_settings() {
    let mut snap = healthy();
    snap.thresholds.cpu_percent = 50.0;
    let e = evaluate(AutoCheck::Performance, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.services.len(), 6);
}

#[test]
fn backup_verdicts_judge_sql_and_cosmos() {
    let snap = healthy();
    let v = backup_verdicts(
        snap.sql.as_ref(),
        snap.cosmos.as_ref(),
        now(),
        &snap.thresholds,
    );
    let labels: Vec<(&str, &Verdict)> = v.iter().map(|b| (b.label.as_str(), &b.verdict)).collect();
    assert_eq!(
        labels,
        [
            ("SQL point-in-time restore", &Verdict::Pass),
            ("SQL long-term retention", &Verdict::Pass),
            ("Cosmos DB backup", &Verdict::Pass),
        ]
    );
    assert_eq!(
        v[1].reason,
        "latest LTR backup 2 d 0 h ago (2026-11-25), 12 kept"
    );

    let mut sql = snap.sql.clone().unwrap();
    sql.latest_ltr_backup = Some(now() - Duration::days(9));
    let mut cosmos = snap.cosmos.clone().unwrap();
    cosmos.policy_type = Some("Periodic".to_string());
    let v = backup_verdicts(Some(&sql), Some(&cosmos), now(), &snap.thresholds);
    assert_eq!(v[1].verdict, Verdict::Warn);
    assert!(v[1].reason.ends_with("older than 8 d"), "{}", v[1].reason);
    assert_eq!(v[2].verdict, Verdict::Warn);
    assert!(v[2].reason.contains("Periodic"));

    sql.earliest_restore = None;
    let v = backup_verdicts(Some(&sql), None, now(), &snap.thresholds);
    assert_eq!(v[0].verdict, Verdict::Fail);
    assert!(matches!(v[2].verdict, Verdict::Unknown(_)));

    let mut cosmos = snap.cosmos.clone().unwrap();
    cosmos.earliest_restorable = None;
    let v = backup_verdicts(None, Some(&cosmos), now(), &snap.thresholds);
    assert_eq!(v[2].verdict, Verdict::Fail);
    assert_eq!(v[2].kind, BackupKind::Cosmos);
    assert_eq!(v[0].kind, BackupKind::Sql);
    cosmos.earliest_restorable = Some(now() - Duration::hours(5));
    let v = backup_verdicts(None, Some(&cosmos), now(), &snap.thresholds);
    assert_eq!(v[2].verdict, Verdict::Warn, "{}", v[2].reason);

    sql.status = Some("Paused".to_string());
    let v = backup_verdicts(Some(&sql), None, now(), &snap.thresholds);
    assert!(v[0].reason.contains("Paused"), "{}", v[0].reason);
}

#[test]
fn the_backup_check_is_the_worst_backup_verdict() {
    let mut snap = healthy();
    snap.sql.as_mut().unwrap().earliest_restore = None;
    let e = evaluate(AutoCheck::Backups, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.lines.len(), 3);
    assert!(e.lines[0].starts_with("✖ SQL point-in-time restore: "));
}

#[test]
fn open_security_alerts_fail_the_security_check() {
    let mut snap = healthy();
    snap.alerts.as_mut().unwrap().push(alert(
        "suspicious-keyvault-access",
        "ActivityLog Security",
        AlertState::New,
    ));
    snap.alerts.as_mut().unwrap().push(alert(
        "old-defender-finding",
        "Microsoft Defender for Cloud",
        AlertState::Closed,
    ));
    let e = evaluate(AutoCheck::Security, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.lines[0], "✖ 1 security alert open");
    assert!(e.lines[1].contains("suspicious-keyvault-access"));
    assert!(!e.lines.iter().any(|l| l.contains("old-defender-finding")));
}

#[test]
fn secrets_past_or_near_expiry_are_flagged_by_metadata_only() {
    let mut snap = healthy();
    let secrets = snap.secrets.as_mut().unwrap();
    secrets.push(secret("acr-password", Some(-3)));
    secrets.push(secret("cosmos-key", Some(10)));
    secrets.push(secret("legacy-token", None));
    let mut disabled = secret("disabled-one", Some(-100));
    disabled.enabled = false;
    secrets.push(disabled);
    let e = evaluate(AutoCheck::Security, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert!(
        e.lines
            .contains(&"✖ secret acr-password expired 3 d 0 h ago (2026-11-24)".to_string())
    );
    assert!(
        e.lines
            .contains(&"▲ secret cosmos-key expires in 10 d 0 h (2026-12-07)".to_string())
    );
    assert!(
        e.lines
            .contains(&"  no expiry set: legacy-token".to_string())
    );
    assert!(!e.lines.iter().any(|l| l.contains("disabled-one")));

    snap.secrets
        .as_mut()
        .unwrap()
        .retain(|s| s.name != "acr-password");
    assert_eq!(evaluate(AutoCheck::Security, &snap).verdict, Verdict::Warn);
}

#[test]
fn a_restarting_service_is_not_running() {
    let mut snap = healthy();
    snap.services.as_mut().unwrap()[0].state = ServiceState::Restarting;
    let e = evaluate(AutoCheck::Health, &snap);
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.services, ["gateway"]);
}

#[test]
fn credentials_in_log_lines_are_masked_in_evidence() {
    use eduops::checklist::auto::redact;
    assert_eq!(
        redact("ERROR call failed Authorization: Bearer eyJ0eXAi.abc.def status=401"),
        "ERROR call failed Authorization: Bearer *** status=401"
    );
    assert_eq!(
        redact("ERROR conn Server=tcp:sql;User ID=app;Password=hunter2;Encrypt=true"),
        "ERROR conn Server=tcp:sql;User ID=app;Password=***;Encrypt=true"
    );
    assert_eq!(
        redact(r#"{"level":"error","api_key":"sk-123","msg":"quota"}"#),
        r#"{"level":"error","api_key":"***","msg":"quota"}"#
    );
    assert_eq!(
        redact("ERROR blob https://x.blob.core.windows.net/c?sv=1&sig=AbC%2B&se=2"),
        "ERROR blob https://x.blob.core.windows.net/c?sv=1&sig=***&se=2"
    );
    assert_eq!(
        redact("ERROR token: abc123 expired"),
        "ERROR token: *** expired"
    );
    assert_eq!(
        redact("ERROR nothing secret here"),
        "ERROR nothing secret here"
    );

    let mut snap = healthy();
    snap.logs.insert(
        "gateway".to_string(),
        "ERROR upstream 401 Authorization: Bearer eyJhbGciOi.secret.sig\n".to_string(),
    );
    let e = evaluate(AutoCheck::ErrorLogs, &snap);
    let all = e.lines.join("\n");
    assert!(!all.contains("eyJhbGciOi"), "{all}");
    assert!(all.contains("Bearer ***"), "{all}");
}
