//! `eduops check` end to end: the real binary against an in-process simulator — exit codes,
//! the JSON schema, the table, and what happens when the endpoint is down, silent or refuses us.

use crate::support::check as check_support;

use check_support::*;
use eduops::model::{Env, SERVICES};
use eduops::sim::Scenario;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthy_fleet_exits_0_with_the_documented_json() {
    let sim = frozen_sim().await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb.check(&["--env", "dev", "--output", "json"]).await;
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(j["schema"], "eduops.check/v1");
    assert_eq!(j["source"], "simulator");
    assert!(j["checked_at"].as_str().is_some());
    assert_eq!(j["deep"], false);
    let envs = j["environments"].as_array().unwrap();
    assert_eq!(envs.len(), 1);
    let dev = &envs[0];
    assert_eq!(dev["env"], "dev");
    assert_eq!(dev["resource_group"], "rg-ai-education-platform-dev");
    assert!(dev["error"].is_null());
    assert!(dev["alerts"].is_null(), "alerts only with --deep");
    let services = dev["services"].as_array().unwrap();
    let names: Vec<&str> = services
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(names, SERVICES);
    for s in services {
        assert_eq!(s["state"], "Running", "{s}");
        assert_eq!(s["health"], "healthy");
        assert!(s["restart_count"].is_u64());
        assert!(
            s.get("reason").is_some(),
            "reason is always present (maybe null)"
        );
        assert_eq!(
            s["container_group"],
            format!("ci-{}-dev", s["service"].as_str().unwrap())
        );
        assert!(s["action"].is_null());
    }
    let sum = &j["summary"];
    assert_eq!(sum["status"], "healthy");
    assert_eq!(sum["exit_code"], 0);
    assert_eq!(sum["services"], 6);
    assert_eq!(sum["healthy"], 6);
    assert_eq!(sum["unhealthy"], 0);
    assert!(j["notification"].is_null());
    // Six Gets, nothing else, nothing mutating: one per container group, in parallel.
    let st = sim.stats();
    assert_eq!(st.count("ContainerGroups_Get"), 6);
    assert_eq!(st.mutating, 0);
    assert!(!r.stdout.contains(&sim.token) && !r.stderr.contains(&sim.token));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_service_exits_1_and_is_named() {
    let sim = frozen_sim().await;
    sim.inject(Scenario::Fail {
        env: Env::Dev,
        service: "content-gen-ai".into(),
    })
    .unwrap();
    let sb = Sandbox::for_sim(&sim);
    let r = sb.check(&["--env", "dev", "--output", "json"]).await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(unhealthy(&j), vec!["dev/content-gen-ai"]);
    let s = &j["environments"][0]["services"][2];
    assert_eq!(s["state"], "Failed");
    assert!(
        s["reason"].as_str().unwrap().contains("Terminated"),
        "the reason says why: {s}"
    );
    assert_eq!(j["summary"]["status"], "unhealthy");
    assert_eq!(j["summary"]["unhealthy"], 1);

    // The table names it too, without colour when stdout is not a terminal.
    let r = sb.check(&["--env", "dev"]).await;
    assert_eq!(r.code, 1);
    let row = r
        .stdout
        .lines()
        .find(|l| l.contains("content-gen-ai"))
        .unwrap_or_else(|| panic!("no row:\n{}", r.stdout));
    assert!(row.contains("Failed"), "{row}");
    assert!(!r.stdout.contains('\x1b'), "no colour on a pipe");
    assert!(r.stdout.contains("unhealthy (exit 1)"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_envs_checks_three_environments() {
    let sim = frozen_sim().await;
    sim.inject(Scenario::Stop {
        env: Env::Staging,
        service: "gateway".into(),
    })
    .unwrap();
    let sb = Sandbox::for_sim(&sim);
    let r = sb.check(&["--all-envs", "--output", "json"]).await;
    let j = r.json();
    let envs: Vec<&str> = j["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["env"].as_str().unwrap())
        .collect();
    assert_eq!(envs, ["dev", "staging", "prod"]);
    assert_eq!(j["summary"]["services"], 18);
    assert!(unhealthy(&j).contains(&"staging/gateway".to_string()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(sim.stats().count("ContainerGroups_Get"), 18);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoint_down_exits_2_with_a_clear_message_within_the_timeout() {
    let port = closed_port();
    let sb = Sandbox::new(&format!("http://127.0.0.1:{port}"), "sim-secret-token-xyz");
    let r = sb.check(&["--env", "prod", "--timeout", "4s"]).await;
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("could not check prod") && r.stderr.contains("network error"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("127.0.0.1:{port}")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("sim-secret-token-xyz"));
    assert!(!r.stdout.contains("sim-secret-token-xyz"));

    let r = sb
        .check(&["--env", "prod", "--output", "json", "--timeout", "4s"])
        .await;
    assert_eq!(r.code, 2);
    let j = r.json();
    assert_eq!(j["summary"]["status"], "could-not-check");
    assert_eq!(j["summary"]["environments_unchecked"], 1);
    assert!(j["environments"][0]["error"].as_str().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_endpoint_ends_within_the_timeout() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut conns = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            conns.push(s);
        }
    });
    let sb = Sandbox::new(&format!("http://127.0.0.1:{port}"), "tok");
    let r = sb.check(&["--env", "dev", "--timeout", "2s"]).await;
    held.abort();
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("could not check dev"), "{}", r.stderr);
    // It gave up because of --timeout, not after its own retries ran out.
    assert!(r.stderr.contains("no answer from"), "{}", r.stderr);
    assert!(r.stderr.contains("within 2s"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_exits_2_without_echoing_it() {
    let sim = frozen_sim().await;
    let sb = Sandbox::new(&sim.base_url, "not-the-simulators-token-123");
    let r = sb.check(&["--env", "dev"]).await;
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("could not check dev"), "{}", r.stderr);
    assert!(r.stderr.contains("401"), "{}", r.stderr);
    assert!(!r.stderr.contains("not-the-simulators-token-123"));
    assert!(!r.stdout.contains("not-the-simulators-token-123"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_config_exits_2_with_its_location() {
    let sim = frozen_sim().await;
    let sb = Sandbox::for_sim(&sim);
    sb.write_config("default_env = \"prod\"\nrefresh_typo = 3\n");
    let r = sb.check(&[]).await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("config.toml:2"), "{}", r.stderr);
    assert_eq!(sim.stats().total, 0, "nothing is sent with a bad config");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_reports_firing_alerts() {
    let sim = frozen_sim().await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "prod", "--deep", "--output", "json"])
        .await;
    let j = r.json();
    let prod = &j["environments"][0];
    let alerts = prod["alerts"].as_array().unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a["name"] == "high-cpu-usage" && a["target_service"] == "gateway"),
        "the story's gateway CPU alert: {alerts:?}"
    );
    assert!(j["summary"]["alerts_firing"].as_u64().unwrap() >= 1);
    assert!(prod["backups"].is_array());
    // A firing alert is unhealthy; an unreadable backup is a check that could not be made.
    let expected = if prod["deep_errors"].as_array().unwrap().is_empty() {
        1
    } else {
        2
    };
    assert_eq!(r.code, expected, "{}", r.stderr);
    assert_eq!(j["summary"]["exit_code"], expected);
    assert!(sim.stats().count("Alerts_GetAll") >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_documents_the_exit_codes() {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_eduops"))
        .args(["check", "--help"])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "0  every service checked is Running",
        "1  something is unhealthy",
        "2  could not check",
        "3  --restart-unhealthy was refused",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sim = rt.block_on(frozen_sim());
    sim.inject(Scenario::Fail {
        env: Env::Dev,
        service: "gateway".into(),
    })
    .unwrap();
    let sb = Sandbox::for_sim(&sim);
    let (out, code) = on_a_terminal(&sb, &["check", "--env", "dev"], &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("\x1b[32m● Running"),
        "green Running on a terminal:\n{out:?}"
    );
    assert!(out.contains("\x1b[1;31m✖ Failed"), "{out:?}");
    let (out, code) = on_a_terminal(&sb, &["check", "--env", "dev"], &[("NO_COLOR", "1")]);
    assert_eq!(code, 1);
    assert!(
        !out.contains("\x1b["),
        "NO_COLOR: no escape codes:\n{out:?}"
    );
    assert!(
        out.contains("✖ Failed"),
        "the state stays in words and symbol"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_container_group_is_unhealthy_not_unknown() {
    let sim = frozen_sim().await;
    let sb = Sandbox::for_sim(&sim);
    sb.write_config("[env.dev.container_groups]\ngateway = \"ci-gateway-gone-dev\"\n");
    let r = sb.check(&["--env", "dev", "--output", "json"]).await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    let gw = &j["environments"][0]["services"][0];
    assert_eq!(gw["container_group"], "ci-gateway-gone-dev");
    assert_eq!(gw["state"], "Unknown");
    assert_eq!(gw["health"], "unhealthy");
    assert!(gw["reason"].as_str().unwrap().contains("not found"), "{gw}");
    assert_eq!(j["summary"]["unknown"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_unreadable_group_is_unknown_and_exits_2() {
    let sim = frozen_sim().await;
    // Every Get of one group answers 500, retries included.
    let faults = eduops::sim::FaultSet::new(vec![
        eduops::sim::FaultRule::new(eduops::sim::FaultKind::ServerError)
            .on_operation("ContainerGroups_Get")
            .on_path("*/ci-teaching-agent-dev"),
    ]);
    sim.set_faults(faults);
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--output", "json", "--timeout", "10s"])
        .await;
    let j = r.json();
    let ta = &j["environments"][0]["services"][4];
    assert_eq!(ta["service"], "teaching-agent");
    assert_eq!(ta["health"], "unknown", "{ta}");
    assert_eq!(j["summary"]["healthy"], 5);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_go_to_the_log_file_without_the_token() {
    let sim = frozen_sim().await;
    let sb = Sandbox::for_sim(&sim);
    let r = sb
        .check(&["--env", "dev", "--log-level", "trace", "--output", "json"])
        .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let logs: String = std::fs::read_dir(sb.state_dir())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(logs.contains("check started"), "{logs}");
    assert!(logs.contains("check finished"), "{logs}");
    assert!(
        !logs.contains(&sim.token),
        "the token never reaches the log"
    );
    assert!(
        r.stderr.is_empty(),
        "a healthy check is quiet on stderr: {}",
        r.stderr
    );
}
