//! The dashboard's state driven by the simulator through the real client: what on-call sees
//! when things break.

use crate::support;

use chrono::Duration;
use eduops::action::Action;
use eduops::app::{Msg, Pane};
use eduops::model::{Env, ServiceState, Severity};
use eduops::sim::{FaultKind, FaultRule, FaultSet, Scenario};
use support::sim::{app_for, client_for, refresh, start_sim};

#[tokio::test]
async fn crashed_container_shows_restarting_or_failed_with_restart_count() {
    let sim = start_sim(7).await;
    let client = client_for(&sim);
    sim.inject(Scenario::Crash {
        env: Env::Prod,
        service: "content-gen-ai".into(),
        minutes: 60,
    })
    .unwrap();
    let mut app = app_for(&sim, Env::Prod);
    // A crash loop alternates between up and down: watch it like on-call would, every 30 s.
    let mut seen = None;
    for _ in 0..40 {
        sim.advance(Duration::seconds(30));
        refresh(&mut app, &client, &sim).await;
        let s = app
            .services()
            .data
            .as_ref()
            .unwrap()
            .iter()
            .find(|s| s.service == "content-gen-ai")
            .unwrap()
            .clone();
        if s.state != ServiceState::Running {
            seen = Some(s);
            break;
        }
    }
    let s = seen.expect("content-gen-ai never showed as down while crash-looping");
    assert!(
        matches!(
            s.state,
            ServiceState::Restarting | ServiceState::Failed | ServiceState::Pending
        ),
        "state {:?}",
        s.state
    );
    assert!(s.restart_count > 0, "restart count {}", s.restart_count);
    // Attention first: the crashing service is the first row.
    assert_eq!(app.service_rows()[0].service, "content-gen-ai");
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(screen.contains("content-gen-ai"), "{screen}");
    assert!(screen.contains(s.state.as_str()), "{screen}");
}

#[tokio::test]
async fn cpu_spike_alert_appears_and_enter_selects_gateway() {
    let sim = start_sim(7).await;
    let client = client_for(&sim);
    sim.inject(Scenario::CpuSpike {
        env: Env::Staging,
        service: "gateway".into(),
        minutes: 60,
    })
    .unwrap();
    sim.advance(Duration::minutes(10));
    let mut app = app_for(&sim, Env::Staging);
    app.select_service("streaming-ai");
    refresh(&mut app, &client, &sim).await;
    let rows = app.alert_rows();
    let alert = rows
        .iter()
        .find(|a| a.target_service.as_deref() == Some("gateway") && a.name.contains("cpu"))
        .unwrap_or_else(|| panic!("no cpu alert on gateway: {rows:#?}"));
    assert!(alert.severity <= Severity::Sev2, "{alert:?}");
    let index = rows.iter().position(|a| a.id == alert.id).unwrap();
    app.update(Msg::Action(Action::FocusAlerts));
    for _ in 0..index {
        app.update(Msg::Action(Action::Down));
    }
    app.update(Msg::Action(Action::Enter));
    assert_eq!(app.selected_service_name(), "gateway");
    assert_eq!(app.focus(), Pane::Services);
    // The chart follows the selection.
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(screen.contains("CPU/Memory · gateway"), "{screen}");
}

#[tokio::test]
async fn refresh_error_keeps_old_data_and_goes_stale() {
    let sim = start_sim(3).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    let before = app.services().data.clone().unwrap();
    sim.set_faults(FaultSet {
        rules: vec![FaultRule::new(FaultKind::ServerError).on_operation("ContainerGroups_Get")],
    });
    sim.advance(Duration::seconds(45));
    refresh(&mut app, &client, &sim).await;
    assert_eq!(app.services().data.as_ref(), Some(&before), "old data kept");
    let err = app.services().error.clone().expect("error recorded");
    assert!(
        err.contains("500") || err.to_lowercase().contains("internal"),
        "{err}"
    );
    assert!(
        app.services().is_stale(app.now()),
        "45 s > 3 × 10 s refresh interval"
    );
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(
        screen.contains("refresh failed, showing last good data"),
        "{screen}"
    );
    assert!(screen.contains("STALE"), "{screen}");
    // Azure recovers: the error goes away.
    sim.set_faults(FaultSet::default());
    refresh(&mut app, &client, &sim).await;
    assert!(app.services().error.is_none());
    assert!(!app.services().is_stale(app.now()));
}

#[tokio::test]
async fn switching_environment_shows_its_container_groups() {
    let sim = start_sim(1).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    let effects = app.update(Msg::Action(Action::NextEnv));
    assert_eq!(app.env(), Env::Dev);
    assert!(
        app.services().data.is_none(),
        "prod data must not linger under dev"
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, eduops::app::Effect::Retarget(t) if t.env == Env::Dev))
    );
    refresh(&mut app, &client, &sim).await;
    let groups: Vec<String> = app
        .services()
        .data
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.container_group.clone())
        .collect();
    assert_eq!(groups.len(), 6);
    assert!(groups.iter().all(|g| g.ends_with("-dev")), "{groups:?}");
    // A late answer for prod is ignored.
    app.update(Msg::Services(Env::Prod, Ok(vec![])));
    assert_eq!(app.services().data.as_ref().unwrap().len(), 6);
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(screen.contains(" DEV "), "{screen}");
    assert!(screen.contains("rg-ai-education-platform-dev"), "{screen}");
}

#[tokio::test]
async fn logs_follow_the_selection_when_data_reorders_the_rows() {
    let sim = start_sim(1).await;
    let client = client_for(&sim);
    sim.inject(Scenario::Fail {
        env: Env::Prod,
        service: "streaming-ai".into(),
    })
    .unwrap();
    let mut app = app_for(&sim, Env::Prod);
    app.update(Msg::Resize(120, 40)); // the grid shows logs of the selected service
    assert_eq!(app.poll_target().logs.as_deref(), Some("gateway"));
    let target = app.poll_target();
    let msgs = eduops::poll::refresh_all(&client, app.settings(), &target).await;
    let services = msgs
        .into_iter()
        .find(|m| matches!(m, Msg::Services(..)))
        .unwrap();
    let effects = app.update(services);
    // The failed service sorts first and is now the selection: the logs poller must follow.
    assert_eq!(app.selected_service_name(), "streaming-ai");
    assert!(
        effects.iter().any(|e| matches!(e,
            eduops::app::Effect::Retarget(t) if t.logs.as_deref() == Some("streaming-ai"))),
        "{effects:?}"
    );
}

#[tokio::test]
async fn metric_history_is_merged_and_bounded_over_a_long_watch() {
    let sim = start_sim(2).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Prod);
    // Twelve simulated hours of refreshes, one every 30 minutes.
    for _ in 0..24 {
        refresh(&mut app, &client, &sim).await;
        sim.advance(Duration::minutes(30));
    }
    // One-minute history is kept for the longest one-minute window (6 h) and no longer.
    let per_group_limit = 6 * 60 + 1;
    let groups = app.targets().services.len();
    assert!(
        app.history().len() <= per_group_limit * groups,
        "{}",
        app.history().len()
    );
    // Refreshes every 30 min with a 1 h window overlap and merge: the chart has no holes
    // between fetches, and the newest point is recent.
    let gw = app.services().data.as_ref().unwrap()[0].resource_id.clone();
    let s = app.usage_of(&gw).unwrap();
    assert!(s.times.windows(2).all(|w| w[0] < w[1]));
    assert!(s.times.len() > 5 * 60, "{} points kept", s.times.len());
}
