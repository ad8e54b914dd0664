//! The real binary on the embedded default (built-in simulator), in a pseudo-terminal.

use crate::support;

use std::time::Duration;

use support::pty::Pty;

const SERVICES: [&str; 6] = [
    "gateway",
    "lesson-plan-ai",
    "content-gen-ai",
    "assessment-ai",
    "teaching-agent",
    "streaming-ai",
];

fn all_services_with_state(screen: &str) -> bool {
    SERVICES.iter().all(|s| {
        screen.lines().any(|l| {
            l.contains(s)
                && [
                    "Running",
                    "Pending",
                    "Restarting",
                    "Stopped",
                    "Failed",
                    "Unknown",
                ]
                .iter()
                .any(|st| l.contains(st))
        })
    })
}

/// How fast they appear is measured (benches/dashboard.rs, ptymeter), not asserted here.
#[test]
fn six_prod_services_with_states_appear() {
    let mut p = Pty::spawn(&[], &[], 120, 40);
    p.wait_until(
        "six services with states",
        Duration::from_secs(60),
        all_services_with_state,
    );
    let screen = p.screen();
    assert!(screen.contains(" PROD "), "{screen}");
    assert!(screen.contains("SIMULATED"), "{screen}");
    p.send("q");
    assert_eq!(p.wait_exit(Duration::from_secs(10)), 0);
    p.assert_restored();
}

#[test]
fn restart_gateway_in_prod_with_typed_name() {
    let mut p = Pty::spawn(&[], &[], 120, 40);
    let t = Duration::from_secs(15);
    p.wait_until("services", t, all_services_with_state);
    // Narrow the table to gateway, so the selection is certain.
    p.send("/gateway\r");
    p.wait_for("filter /gateway", t);
    p.send("r");
    p.wait_for("Type `ci-gateway-prod` to enable Confirm", t);
    p.send("ci-gateway-prod");
    p.wait_for("✔ name matches", t);
    p.send("\r"); // to Confirm
    p.send("\r"); // send
    p.wait_until("the row shows the restart", t, |s| {
        s.lines()
            .any(|l| l.contains("gateway") && (l.contains("Restarting")))
    });
    p.wait_until("the restart finishes", Duration::from_secs(30), |s| {
        s.contains("restart ci-gateway-prod: done")
            || s.lines()
                .any(|l| l.contains("ci-gateway-prod") && l.contains("● Running"))
    });
    p.wait_until("gateway back to Running", Duration::from_secs(30), |s| {
        s.lines()
            .any(|l| l.contains("ci-gateway-prod") && l.contains("● Running"))
    });
    p.send("q");
    assert_eq!(p.wait_exit(t), 0);
    p.assert_restored();
    let audit = std::fs::read_to_string(p.dirs.path().join("data/audit.jsonl")).unwrap();
    assert!(audit.contains("\"action\":\"restart\""), "{audit}");
    assert!(audit.contains("ci-gateway-prod"), "{audit}");
    assert!(audit.contains("\"outcome\":\"succeeded\""), "{audit}");
}

#[test]
fn read_only_flag_shows_and_refuses() {
    let mut p = Pty::spawn(&["--read-only"], &[], 120, 40);
    let t = Duration::from_secs(15);
    p.wait_until("services", t, all_services_with_state);
    p.wait_for("READ-ONLY", t);
    p.send("x");
    p.wait_for("refused — nothing was sent", t);
    p.send("q");
    assert_eq!(p.wait_exit(t), 0);
    let audit = std::fs::read_to_string(p.dirs.path().join("data/audit.jsonl")).unwrap();
    assert!(audit.contains("\"action\":\"stop\""), "{audit}");
    assert!(audit.contains("refused: read-only"), "{audit}");
}

/// `--arm-url` + `EDUOPS_ACCESS_TOKEN` drive the dashboard against a separately running
/// simulator (here started by the test), exactly as they would against another endpoint.
#[test]
fn arm_url_and_token_drive_the_dashboard() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt
        .block_on(eduops::sim::start(eduops::sim::SimOptions {
            seed: 1,
            start: Some(eduops::testing::fixed_now()),
            ..eduops::sim::SimOptions::default()
        }))
        .unwrap();
    let mut p = Pty::spawn(
        &["--arm-url", &sim.base_url, "--env", "staging"],
        &[("EDUOPS_ACCESS_TOKEN", &sim.token)],
        120,
        40,
    );
    let t = Duration::from_secs(15);
    p.wait_until("staging services", t, |s| {
        s.contains(" STAGING ") && s.contains("ci-gateway-staging") && all_services_with_state(s)
    });
    // Not the embedded simulator: no "no config" banner, but still flagged as simulated.
    let screen = p.screen();
    assert!(screen.contains("SIMULATED"), "{screen}");
    assert!(!screen.contains("No config file"), "{screen}");
    assert!(
        sim.stats().total > 0,
        "the dashboard talked to this simulator"
    );
    p.send("q");
    assert_eq!(p.wait_exit(t), 0);
    // A wrong token is refused by the simulator and said on screen, not hidden.
    let mut bad = Pty::spawn(
        &["--arm-url", &sim.base_url],
        &[("EDUOPS_ACCESS_TOKEN", "not-the-token")],
        120,
        40,
    );
    bad.wait_until("the auth error", t, |s| {
        s.contains("AuthenticationFailed") || s.contains("401")
    });
    bad.send("q");
    assert_eq!(bad.wait_exit(t), 0);
}

#[test]
fn usable_at_80x24() {
    let mut p = Pty::spawn(&[], &[], 80, 24);
    let t = Duration::from_secs(15);
    p.wait_until("services at 80x24", t, all_services_with_state);
    p.wait_for("2 CPU/Memory │ 3 Alerts │ 4 Backups", t);
    // Tab to the alerts pane: it replaces the lower pane, the services stay.
    p.send("3");
    p.wait_until("alerts below the services", t, |s| {
        s.contains("3 Alerts ·") && all_services_with_state(s)
    });
    p.send("q");
    assert_eq!(p.wait_exit(t), 0);
    p.assert_restored();
}
