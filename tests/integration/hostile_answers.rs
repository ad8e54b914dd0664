//! A hostile world's answers: one far too large, one with a malformed item. The dashboard keeps
//! what it can, bounds what it reads, and names what it could not read.

use eduops::model::{Env, ServiceState};
use eduops::sim::{FaultKind, FaultRule, FaultSet};

use crate::support::sim::{app_for, client_for, refresh, settings_for, start_sim};

#[tokio::test]
async fn a_20_mb_log_answer_keeps_only_the_tail_it_asked_for() {
    let sim = start_sim(3).await;
    sim.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Oversized)
            .on_operation("Containers_ListLogs")
            .size_mb(20),
    ]));
    let client = client_for(&sim);
    let t = settings_for(&sim).targets(Env::Prod);
    let text = client
        .container_logs(&t, "ci-gateway-prod", 500)
        .await
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 500, "the tail asked for, not 400,000 lines");
    assert!(
        lines[499].contains("request served line="),
        "{}",
        lines[499]
    );
    // The last line of the whole answer is the last one kept.
    let n = |l: &str| l.rsplit('=').next().unwrap().parse::<u64>().unwrap();
    assert_eq!(n(lines[499]) - n(lines[0]), 499);
    assert!(n(lines[499]) > 350_000, "from the end of the answer");
    assert_eq!(
        sim.stats().count("Containers_ListLogs"),
        1,
        "read once, no retry"
    );
}

#[tokio::test]
async fn an_answer_past_its_limit_is_a_clear_error_and_the_rest_stays() {
    let sim = start_sim(3).await;
    sim.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Oversized)
            .on_operation("ContainerGroups_Get")
            .on_path("*/ci-gateway-prod")
            .size_mb(20),
    ]));
    let client = client_for(&sim);
    let t = settings_for(&sim).targets(Env::Prod);
    let err = client
        .container_group(&t, "ci-gateway-prod")
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("answer too large for container group") && shown.contains("8 MB limit"),
        "{shown}"
    );
    assert_eq!(
        sim.stats().count("ContainerGroups_Get"),
        1,
        "too large is not retried"
    );
    // The dashboard keeps the other five services.
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    let rows = app.service_rows();
    assert_eq!(rows.len(), 6);
    let gw = rows.iter().find(|s| s.service == "gateway").unwrap();
    assert_eq!(gw.state, ServiceState::Unknown);
    assert!(
        gw.reason
            .as_deref()
            .unwrap_or("")
            .contains("answer too large"),
        "{gw:?}"
    );
    assert_eq!(
        rows.iter()
            .filter(|s| s.state != ServiceState::Unknown)
            .count(),
        5
    );
}

#[tokio::test]
async fn one_malformed_item_does_not_blank_a_list() {
    let sim = start_sim(7).await;
    sim.inject(eduops::sim::Scenario::CpuSpike {
        env: Env::Prod,
        service: "gateway".into(),
        minutes: 60,
    })
    .unwrap();
    sim.advance(chrono::Duration::minutes(10));
    let client = client_for(&sim);
    let t = settings_for(&sim).targets(Env::Prod);
    let all = client.alerts(&t).await.unwrap();
    assert!(all.len() >= 2, "{all:?}");
    sim.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::BadItem).on_operation("Alerts_GetAll"),
    ]));
    let some = client.alerts(&t).await.unwrap();
    assert_eq!(some.len(), all.len() - 1, "the good alerts stay");

    // A container group whose answer does not parse is one marked row, not a blank pane.
    sim.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::BadItem)
            .on_operation("ContainerGroups_Get")
            .on_path("*/ci-content-gen-ai-prod"),
    ]));
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    let rows = app.service_rows();
    assert_eq!(rows.len(), 6);
    let bad = rows.iter().find(|s| s.service == "content-gen-ai").unwrap();
    assert_eq!(bad.state, ServiceState::Unknown);
    assert!(
        bad.reason.as_deref().unwrap_or("").contains("invalid type"),
        "{bad:?}"
    );
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(screen.contains("need attention"), "{screen}");
    assert!(
        screen.contains("gateway") && screen.contains("streaming-ai"),
        "{screen}"
    );
}
