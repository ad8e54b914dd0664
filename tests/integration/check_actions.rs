//! `eduops check --restart-unhealthy` and `--notify`: what is sent to the simulator (its
//! stats), what lands in the audit log, and what a webhook receiver gets.

use crate::support::check as check_support;

use check_support::*;
use eduops::audit::AuditLog;
use eduops::model::Env;
use eduops::sim::Scenario;
use serde_json::Value;

fn fail(sim: &eduops::sim::SimHandle, env: Env, service: &str) {
    sim.inject(Scenario::Fail {
        env,
        service: service.into(),
    })
    .unwrap();
}

/// Container groups named in the simulator's restart/start requests, sorted.
fn acted_on(sim: &eduops::sim::SimHandle, action: &str) -> Vec<String> {
    let mut v: Vec<String> = sim
        .stats()
        .requests
        .iter()
        .filter(|r| r.mutating && r.path.contains(&format!("/{action}?")))
        .map(|r| {
            let before = r.path.split(&format!("/{action}?")).next().unwrap();
            before.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_unhealthy_restarts_exactly_the_unhealthy_ones_and_audits_them() {
    let sim = frozen_sim().await;
    fail(&sim, Env::Dev, "lesson-plan-ai");
    fail(&sim, Env::Dev, "streaming-ai");
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--restart-unhealthy", "--output", "json"])
        .await;
    // They were unhealthy when checked; the restart is reported, not hidden.
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(unhealthy(&j), ["dev/lesson-plan-ai", "dev/streaming-ai"]);
    let st = sim.stats();
    assert_eq!(st.count("ContainerGroups_Restart"), 2);
    assert_eq!(st.mutating, 2, "nothing else was changed");
    assert_eq!(
        acted_on(&sim, "restart"),
        ["ci-lesson-plan-ai-dev", "ci-streaming-ai-dev"]
    );
    for s in j["environments"][0]["services"].as_array().unwrap() {
        if s["health"] == "unhealthy" {
            assert_eq!(s["action"]["operation"], "restart");
            assert_eq!(s["action"]["outcome"], "succeeded");
        } else {
            assert!(s["action"].is_null(), "{s}");
        }
    }
    assert_eq!(j["summary"]["restarts_succeeded"], 2);

    let audit = sb.audit();
    assert_eq!(audit.len(), 2, "{audit:?}");
    let mut targets: Vec<&str> = audit
        .iter()
        .map(|a| a["target"].as_str().unwrap())
        .collect();
    targets.sort();
    assert!(targets[0].ends_with("/containerGroups/ci-lesson-plan-ai-dev"));
    assert!(targets[1].ends_with("/containerGroups/ci-streaming-ai-dev"));
    for a in &audit {
        assert_eq!(a["action"], "restart");
        assert_eq!(a["env"], "dev");
        assert_eq!(a["outcome"], "succeeded");
        assert_eq!(a["operator"], "cron-test");
        assert!(
            a["params"]["comment"]
                .as_str()
                .unwrap()
                .contains("was Failed")
        );
    }
    let raw = std::fs::read_to_string(sb.data_dir().join("audit.jsonl")).unwrap();
    assert!(!raw.contains(&sim.token), "no token in the audit log");

    // Now Pending (restarting): a second run restarts nothing more.
    let r = sb.check(&["--env", "dev", "--restart-unhealthy"]).await;
    assert_eq!(
        sim.stats().count("ContainerGroups_Restart"),
        2,
        "{}",
        r.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_group_is_started_not_restarted() {
    let sim = frozen_sim().await;
    sim.inject(Scenario::Stop {
        env: Env::Staging,
        service: "assessment-ai".into(),
    })
    .unwrap();
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "staging", "--restart-unhealthy", "--timeout", "3s"])
        .await;
    assert!(r.code == 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(acted_on(&sim, "start"), ["ci-assessment-ai-staging"]);
    assert_eq!(sim.stats().count("ContainerGroups_Restart"), 0);
    let audit = sb.audit();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["action"], "start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prod_without_yes_refuses_and_audits_the_refusal() {
    let sim = frozen_sim().await;
    fail(&sim, Env::Prod, "gateway");
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "prod", "--restart-unhealthy", "--output", "json"])
        .await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("prod requires --yes"), "{}", r.stderr);
    assert_eq!(sim.stats().mutating, 0, "nothing was sent");
    let j = r.json();
    assert_eq!(j["summary"]["status"], "refused");
    assert!(j["summary"]["restarts_refused"].as_u64().unwrap() >= 1);
    let audit = sb.audit();
    let gw = audit
        .iter()
        .find(|a| a["target"].as_str().unwrap().ends_with("ci-gateway-prod"))
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert!(
        gw["outcome"]
            .as_str()
            .unwrap()
            .starts_with("refused: prod requires --yes")
    );
    assert!(gw["duration_ms"].is_null());

    // With --yes the same check restarts exactly what it found unhealthy.
    let r = sb
        .check(&[
            "--env",
            "prod",
            "--restart-unhealthy",
            "--yes",
            "--output",
            "json",
        ])
        .await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    let mut expected: Vec<String> = unhealthy(&j)
        .iter()
        .map(|s| format!("ci-{}-prod", s.trim_start_matches("prod/")))
        .collect();
    expected.sort();
    assert!(expected.contains(&"ci-gateway-prod".to_string()));
    let mut acted = acted_on(&sim, "restart");
    acted.extend(acted_on(&sim, "start"));
    acted.sort();
    assert_eq!(acted, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_from_the_flag_and_from_the_config() {
    let sim = frozen_sim().await;
    fail(&sim, Env::Dev, "gateway");
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--read-only", "--restart-unhealthy"])
        .await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("refused: read-only (--read-only)"),
        "{}",
        r.stderr
    );

    sb.write_config("[env.dev]\nread_only = true\n");
    let r = sb.check(&["--env", "dev", "--restart-unhealthy"]).await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("read_only = true for dev"),
        "{}",
        r.stderr
    );

    assert_eq!(sim.stats().mutating, 0);
    let audit = sb.audit();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|a| {
        a["outcome"]
            .as_str()
            .unwrap()
            .starts_with("refused: read-only")
    }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_posts_a_slack_message_naming_the_unhealthy_service() {
    let sim = frozen_sim().await;
    fail(&sim, Env::Dev, "assessment-ai");
    let (url, rx) = start_receiver(vec![]).await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--notify", &url, "--output", "json"])
        .await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let bodies = rx.bodies();
    assert_eq!(bodies.len(), 1);
    let msg: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    let text = msg["text"].as_str().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "🚨 eduops check: 1 unhealthy of 6 services");
    assert_eq!(
        lines.len(),
        7,
        "a headline and one line per service:\n{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("❌ dev/assessment-ai: Failed (restarts 0) — ")),
        "{text}"
    );
    assert!(
        lines.contains(&"✅ dev/gateway: Running (restarts 0)"),
        "{text}"
    );
    assert!(!bodies[0].contains(&sim.token), "no token in the message");
    let j = r.json();
    assert_eq!(j["notification"]["delivered"], true);
    assert_eq!(j["notification"]["attempts"], 1);
    assert_eq!(j["notification"]["host"], url.split('/').nth(2).unwrap());
    assert!(
        !r.stdout.contains("secret"),
        "the webhook path stays out of the output"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_stays_quiet_when_healthy_unless_always() {
    let sim = frozen_sim().await;
    let (url, rx) = start_receiver(vec![]).await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb.check(&["--env", "dev", "--notify", &url]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(rx.bodies().is_empty());
    let r = sb
        .check(&["--env", "dev", "--notify", &url, "--notify-always"])
        .await;
    assert_eq!(r.code, 0);
    let bodies = rx.bodies();
    assert_eq!(bodies.len(), 1);
    assert!(
        bodies[0].contains("all 6 services healthy"),
        "{}",
        bodies[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_retries_on_a_500() {
    let sim = frozen_sim().await;
    fail(&sim, Env::Dev, "gateway");
    let (url, rx) = start_receiver(vec![500]).await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--notify", &url, "--output", "json"])
        .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    let bodies = rx.bodies();
    assert_eq!(bodies.len(), 2, "one retry after the 500");
    assert_eq!(bodies[0], bodies[1], "the same message again");
    let j = r.json();
    assert_eq!(j["notification"]["delivered"], true);
    assert_eq!(j["notification"]["attempts"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_notification_changes_the_exit_code_only_when_required() {
    let sim = frozen_sim().await;
    let (url, rx) = start_receiver(vec![500, 500, 500, 500, 500, 500]).await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--notify", &url, "--notify-always"])
        .await;
    assert_eq!(r.code, 0, "reported, not fatal: {}", r.stderr);
    assert!(
        r.stderr.contains("notification to 127.0.0.1") && r.stderr.contains("after 3 attempt(s)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("secret"), "{}", r.stderr);
    assert_eq!(rx.bodies().len(), 3);
    let r = sb
        .check(&[
            "--env",
            "dev",
            "--notify",
            &url,
            "--notify-always",
            "--notify-required",
        ])
        .await;
    assert_eq!(r.code, 2, "{}", r.stderr);

    // Nothing listening: still bounded, still reported.
    let dead = format!("http://127.0.0.1:{}/services/T0/B0/secret", closed_port());
    let r = sb
        .check(&["--env", "dev", "--notify", &dead, "--notify-always"])
        .await;
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("could not connect"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_http_webhook_off_this_machine_is_refused_before_checking() {
    let sim = frozen_sim().await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&[
            "--env",
            "dev",
            "--notify",
            "http://hooks.example.com/services/T/B/secret",
        ])
        .await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing plain http"), "{}", r.stderr);
    assert!(!r.stderr.contains("secret"));
    assert_eq!(sim.stats().total, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_says_so_when_it_could_not_check() {
    let (url, rx) = start_receiver(vec![]).await;
    let sb = Sandbox::new(&format!("http://127.0.0.1:{}", closed_port()), "tok");
    let r = sb
        .check(&["--env", "prod", "--notify", &url, "--timeout", "3s"])
        .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    let bodies = rx.bodies();
    assert_eq!(bodies.len(), 1);
    let text = serde_json::from_str::<serde_json::Value>(&bodies[0]).unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.starts_with("⚠️ eduops check: could not check everything"),
        "{text}"
    );
    assert!(
        text.contains("• prod: could not check: network error"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_restart_in_azure_is_reported_and_audited_as_failed() {
    let sim = frozen_sim().await;
    fail(&sim, Env::Dev, "gateway");
    sim.set_faults(eduops::sim::FaultSet::new(vec![
        eduops::sim::FaultRule::new(eduops::sim::FaultKind::Forbidden)
            .on_operation("ContainerGroups_Restart"),
    ]));
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--restart-unhealthy", "--output", "json"])
        .await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    let gw = &j["environments"][0]["services"][0];
    let outcome = gw["action"]["outcome"].as_str().unwrap();
    assert!(
        outcome.starts_with("failed: 403 AuthorizationFailed"),
        "{outcome}"
    );
    assert_eq!(j["summary"]["restarts_failed"], 1);
    assert_eq!(
        sim.stats().count("ContainerGroups_Restart"),
        1,
        "a mutation is sent once, never retried blindly"
    );
    let audit = sb.audit();
    assert_eq!(audit.len(), 1);
    assert!(
        audit[0]["outcome"]
            .as_str()
            .unwrap()
            .starts_with("failed: 403")
    );
}

/// The JSON type of each field of an audit record, for comparing shapes.
fn shape(record: &Value) -> Vec<(String, &'static str)> {
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let mut fields: Vec<(String, &'static str)> = record
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), kind(v)))
        .collect();
    fields.sort();
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_and_check_write_the_same_record_and_refusal_wording() {
    use crate::support::sim::{app_for, client_for, drive, keys, refresh};
    let sim = frozen_sim().await;
    fail(&sim, Env::Dev, "gateway");
    let sb = Sandbox::for_sim(&sim);
    // The dashboard writes to the same audit log as the check, one after the other.
    let audit = AuditLog::new(sb.data_dir().join("audit.jsonl"));
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Dev);
    refresh(&mut app, &client, &sim).await;
    app.select_service("gateway");

    // 1. --read-only.
    let r = sb
        .check(&["--env", "dev", "--read-only", "--restart-unhealthy"])
        .await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    app.set_read_only(true);
    let e = keys(&mut app, "r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 0);
    let toast = &app.toasts().last().unwrap().text;
    assert_eq!(
        toast,
        "read-only (--read-only): restart ci-gateway-dev refused — nothing was sent"
    );
    assert!(
        r.stderr
            .contains("restart ci-gateway-dev in dev refused: read-only (--read-only)"),
        "{}",
        r.stderr
    );

    // 2. read_only = true for the environment, from the same configuration file.
    sb.write_config("[env.dev]\nread_only = true\n");
    let r = sb.check(&["--env", "dev", "--restart-unhealthy"]).await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    let mut settings =
        eduops::config::Settings::load(&sb.config_dir().join("config.toml")).unwrap();
    settings.subscription_id = Some(sim.subscription_id.clone());
    let mut app = eduops::testing::app_with(Env::Dev, settings, sim.now());
    refresh(&mut app, &client, &sim).await;
    app.select_service("gateway");
    let e = keys(&mut app, "r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 0);

    // 3. Sent: the check restarts the failed gateway, the dashboard a running service.
    sb.write_config("");
    let r = sb.check(&["--env", "dev", "--restart-unhealthy"]).await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let mut app = app_for(&sim, Env::Dev);
    refresh(&mut app, &client, &sim).await;
    app.select_service("lesson-plan-ai");
    let e = keys(&mut app, "r\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);

    let records = sb.audit();
    assert_eq!(records.len(), 6, "{records:#?}");
    let outcomes: Vec<&str> = records
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "refused: read-only (--read-only)",
            "refused: read-only (--read-only)",
            "refused: read-only (read_only = true for dev in the configuration)",
            "refused: read-only (read_only = true for dev in the configuration)",
            "succeeded",
            "succeeded",
        ]
    );
    for pair in records.chunks(2) {
        let (check, dashboard) = (&pair[0], &pair[1]);
        assert_eq!(check["operator"], "cron-test", "{check}");
        assert_eq!(dashboard["operator"], "tester", "{dashboard}");
        assert_eq!(shape(check), shape(dashboard), "{check}\n{dashboard}");
        for field in ["env", "action"] {
            assert_eq!(check[field], dashboard[field], "{field}");
        }
        assert_eq!(check["params"]["kind"], dashboard["params"]["kind"]);
    }
    // Refusals name the same target and carry no request id or duration, from either side.
    for r in &records[..4] {
        assert!(
            r["target"]
                .as_str()
                .unwrap()
                .ends_with("/containerGroups/ci-gateway-dev"),
            "{r}"
        );
        assert!(
            r["request_id"].is_null() && r["duration_ms"].is_null(),
            "{r}"
        );
    }
    for r in &records[4..] {
        assert!(
            r["request_id"].is_string() && r["duration_ms"].is_u64(),
            "{r}"
        );
    }
    assert_eq!(sim.stats().count("ContainerGroups_Restart"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_not_answered_in_time_is_audited_as_unknown_once() {
    use eduops::mutation::{Executor, MutationRequest, Operation, ReadOnly};
    let sim = frozen_sim().await;
    sim.set_faults(eduops::sim::FaultSet::new(vec![
        eduops::sim::FaultRule::new(eduops::sim::FaultKind::Latency)
            .on_operation("ContainerGroups_Restart")
            .latency(30_000),
    ]));
    let dir = tempfile::tempdir().unwrap();
    let audit = AuditLog::new(dir.path().join("audit.jsonl"));
    let client = crate::support::sim::client_for(&sim);
    let settings = crate::support::sim::settings_for(&sim);
    let t = settings.targets(Env::Dev);
    let req = MutationRequest::new(
        1,
        Env::Dev,
        Operation::Restart,
        "ci-gateway-dev".into(),
        t.container_group_id("ci-gateway-dev"),
    );
    let executor = Executor {
        client: &client,
        settings: &settings,
        audit: &audit,
        operator: "cron-test",
    };
    let outcome = executor
        .submit_headless(
            req,
            ReadOnly::default(),
            false,
            std::time::Duration::from_millis(300),
        )
        .await;
    assert_eq!(
        outcome.to_string(),
        "unknown: stopped waiting after 300ms; the request may have been sent"
    );
    let lines = audit.tail(10).unwrap();
    assert_eq!(lines.len(), 1, "one record, written by the executor");
    let rec = lines[0].as_ref().unwrap();
    assert_eq!(rec.outcome, outcome.to_string());
    assert_eq!(rec.action, "restart");
    assert!(rec.duration_ms.is_some());
}
