//! Operator actions through the one safety gate, against the simulator: what is sent, what
//! is refused, what is audited.

use crate::support;

use chrono::Duration;
use eduops::action::Action;
use eduops::app::{Msg, Overlay, RestoreField};
use eduops::audit::AuditLog;
use eduops::model::{AlertState, Env};
use eduops::sim::{FaultKind, FaultRule, FaultSet, SimOptions};
use support::sim::{app_for, client_for, drive, keys, refresh, restore_field, start_sim};

fn audit_log() -> (tempfile::TempDir, AuditLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path().join("audit.jsonl"));
    (dir, log)
}

fn audit_lines(log: &AuditLog) -> Vec<eduops::audit::AuditRecord> {
    let mut v: Vec<_> = log
        .tail(100)
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    v.reverse();
    v
}

fn select(app: &mut eduops::app::App, service: &str) {
    app.select_service(service);
}

#[tokio::test]
async fn restart_in_staging_changes_restart_count_and_is_audited() {
    let sim = start_sim(5).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Staging);
    refresh(&mut app, &client, &sim).await;
    select(&mut app, "gateway");
    let before = app.selected_status().unwrap().restart_count;
    let e = keys(&mut app, "r");
    assert!(e.is_empty(), "nothing sent before confirmation");
    assert!(matches!(app.overlay(), Some(Overlay::Confirm(_))));
    let e = keys(&mut app, "\t\r"); // Cancel → Confirm, Enter
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    // Accepted by Azure; the row says Restarting… until the group runs again.
    let f = app
        .in_flight()
        .values()
        .next()
        .expect("row still in transition");
    assert_eq!(f.awaiting, Some(eduops::model::ServiceState::Running));
    for _ in 0..20 {
        sim.advance(Duration::seconds(15));
        refresh(&mut app, &client, &sim).await;
        if app.in_flight().is_empty() {
            break;
        }
    }
    assert!(
        app.in_flight().is_empty(),
        "gateway never came back to Running"
    );
    let after = app.selected_status().unwrap();
    assert_eq!(after.state, eduops::model::ServiceState::Running);
    assert!(
        after.restart_count > before,
        "{before} -> {}",
        after.restart_count
    );
    let stats = sim.stats();
    assert_eq!(stats.counts.get("ContainerGroups_Restart"), Some(&1));
    let lines = audit_lines(&audit);
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert_eq!(
        (l.action.as_str(), l.env.as_str(), l.outcome.as_str()),
        ("restart", "staging", "succeeded")
    );
    assert!(
        l.target.ends_with("/containerGroups/ci-gateway-staging"),
        "{}",
        l.target
    );
    assert!(l.request_id.is_some() && l.duration_ms.is_some());
}

#[tokio::test]
async fn read_only_sends_nothing_for_any_mutation_key() {
    let sim = start_sim(5).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Prod);
    app.set_read_only(true);
    refresh(&mut app, &client, &sim).await;
    sim.reset_stats();
    let mut sent = 0;
    for (pane, key) in [
        (Action::FocusServices, "r"),
        (Action::FocusServices, "s"),
        (Action::FocusServices, "x"),
        (Action::FocusAlerts, "a"),
        (Action::FocusAlerts, "C"),
    ] {
        app.update(Msg::Action(pane));
        let e = keys(&mut app, key);
        // Read-only refuses at the gate: no dialog ever opens to be confirmed.
        assert!(!matches!(app.overlay(), Some(Overlay::Confirm(_))), "{key}");
        sent += drive(&mut app, e, &client, &audit).await;
    }
    // Restore: the form itself, then Review, must still end at the gate's refusal.
    app.update(Msg::Action(Action::FocusBackups));
    let mut e = keys(&mut app, "R");
    e.extend(keys(&mut app, "\t\t\t\r"));
    sent += drive(&mut app, e, &client, &audit).await;
    assert_eq!(sent, 0);
    assert_eq!(sim.stats().mutating, 0, "no mutating request reached Azure");
    let lines = audit_lines(&audit);
    let actions: Vec<&str> = lines.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "restart",
            "start",
            "stop",
            "acknowledge",
            "close-alert",
            "restore-sql"
        ],
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.outcome == "refused: read-only (--read-only)"),
        "{lines:#?}"
    );
}

#[tokio::test]
async fn prod_needs_the_exact_name_and_cancel_is_the_default() {
    let sim = start_sim(5).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    select(&mut app, "gateway");
    sim.reset_stats();
    // Wrong name: Enter does not move on, Confirm stays disabled.
    let mut e = keys(&mut app, "rci-gateway-pro\r\t\t\r\r");
    e.extend(keys(&mut app, "\t\r"));
    assert_eq!(drive(&mut app, e, &client, &audit).await, 0);
    assert_eq!(sim.stats().mutating, 0);
    let e = keys(&mut app, "\x1b");
    drive(&mut app, e, &client, &audit).await;
    assert!(app.overlay().is_none());
    // Staging: Enter right away lands on Cancel.
    app.update(Msg::Action(Action::NextEnv)); // prod → dev
    refresh(&mut app, &client, &sim).await;
    let e = keys(&mut app, "r\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 0);
    assert!(app.overlay().is_none());
    assert_eq!(sim.stats().mutating, 0);
    let outcomes: Vec<String> = audit_lines(&audit).into_iter().map(|l| l.outcome).collect();
    assert_eq!(outcomes, vec!["cancelled", "cancelled"]);
}

#[tokio::test]
async fn prod_restart_with_typed_name_is_sent() {
    let sim = start_sim(5).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    select(&mut app, "gateway");
    let e = keys(&mut app, "rci-gateway-prod\r\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    assert_eq!(sim.stats().counts.get("ContainerGroups_Restart"), Some(&1));
}

#[tokio::test]
async fn forbidden_restart_shows_the_missing_permission() {
    let sim = start_sim(5).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    sim.set_faults(FaultSet {
        rules: vec![FaultRule::new(FaultKind::Forbidden).on_operation("ContainerGroups_Restart")],
    });
    let mut app = app_for(&sim, Env::Dev);
    refresh(&mut app, &client, &sim).await;
    let e = keys(&mut app, "r\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    let Some(Overlay::Message { text, .. }) = app.overlay() else {
        panic!("no error dialog: {:?}", app.overlay());
    };
    assert!(text.contains("AuthorizationFailed"), "{text}");
    assert!(
        text.contains("Microsoft.ContainerInstance/containerGroups/restart/action"),
        "the missing permission is named: {text}"
    );
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(screen.contains("restart ci-gateway-dev failed"), "{screen}");
    assert!(audit_lines(&audit)[0].outcome.starts_with("failed: "));
}

#[tokio::test]
async fn acknowledge_changes_the_alert_in_azure() {
    let sim = start_sim(42).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Prod);
    refresh(&mut app, &client, &sim).await;
    app.update(Msg::Action(Action::FocusAlerts));
    let alert = app.alert_rows()[0].clone();
    assert_eq!(alert.state, AlertState::New);
    // Prod: type the alert's name, then a comment, then Confirm.
    let typed = format!("a{}\rinvestigating\r\r", alert.name);
    let e = keys(&mut app, &typed);
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    refresh(&mut app, &client, &sim).await;
    let now = app
        .alerts()
        .data
        .as_ref()
        .unwrap()
        .iter()
        .find(|a| a.id == alert.id)
        .unwrap()
        .clone();
    assert_eq!(now.state, AlertState::Acknowledged);
    let l = &audit_lines(&audit)[0];
    assert_eq!(l.action, "acknowledge");
    assert_eq!(l.params["comment"], "investigating");
}

/// A simulator whose clock runs 600× (ten minutes a second) from a pinned instant, so restores
/// finish in seconds; what is asserted does not depend on how fast they do.
async fn fast_sim() -> eduops::sim::SimHandle {
    eduops::sim::start(SimOptions {
        seed: 9,
        speed: 600.0,
        start: Some(eduops::testing::fixed_now()),
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

/// Paths of the PUT requests the simulator received (restores are PUTs of a new resource).
fn put_paths(sim: &eduops::sim::SimHandle) -> Vec<String> {
    sim.stats()
        .requests
        .into_iter()
        .filter(|q| q.method == "PUT")
        .map(|q| q.path)
        .collect()
}

/// A refreshed app on `env` with the restore form open on backup row `row` (0 SQL, 1 Cosmos).
async fn open_restore_form(
    sim: &eduops::sim::SimHandle,
    env: Env,
    row: usize,
) -> (
    eduops::azure::AzureClient,
    tempfile::TempDir,
    AuditLog,
    eduops::app::App,
) {
    let client = client_for(sim);
    let (dir, audit) = audit_log();
    let mut app = app_for(sim, env);
    refresh(&mut app, &client, sim).await;
    app.update(Msg::Action(Action::FocusBackups));
    for _ in 0..row {
        app.update(Msg::Action(Action::Down));
    }
    keys(&mut app, "R");
    assert!(
        matches!(app.overlay(), Some(Overlay::Restore(_))),
        "{:?}",
        app.overlay()
    );
    (client, dir, audit, app)
}

fn restore_form(app: &eduops::app::App) -> eduops::app::RestoreForm {
    match app.overlay() {
        Some(Overlay::Restore(f)) => f.clone(),
        other => panic!("no restore form: {other:?}"),
    }
}

#[tokio::test]
async fn sql_restore_runs_to_online_and_the_database_appears() {
    let sim = fast_sim().await;
    let (client, _d, audit, mut app) = open_restore_form(&sim, Env::Staging, 0).await;
    let target = restore_form(&app).target_input;
    assert!(target.starts_with("sqldb-education-restored-"), "{target}");
    // Point (default -10m) → name → Cancel → Review, Enter: the confirmation opens.
    let e = keys(&mut app, "\t\t\t\r");
    assert!(e.is_empty());
    assert!(
        matches!(app.overlay(), Some(Overlay::Confirm(_))),
        "{:?}",
        app.overlay()
    );
    let e = keys(&mut app, "\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    let r = app.restores().last().unwrap();
    assert!(matches!(&r.done, Some(Ok(_))), "{r:?}");
    assert_eq!(r.status, "Online");
    assert!(
        client
            .sql_database_exists(app.targets(), &target)
            .await
            .unwrap()
    );
    // The source was never written to: one PUT, to the new name.
    let puts = put_paths(&sim);
    assert_eq!(puts.len(), 1);
    assert!(
        puts[0].contains(&format!("/databases/{target}?")),
        "{}",
        puts[0]
    );
    let screen = eduops::testing::render_text(&mut app, 120, 40);
    assert!(screen.contains("✔ Online"), "{screen}");
    assert!(screen.contains(&target), "{screen}");
}

#[tokio::test]
async fn restore_outside_window_or_over_a_name_is_refused_before_any_request() {
    let sim = fast_sim().await;
    let (client, _d, audit, mut app) = open_restore_form(&sim, Env::Dev, 0).await;
    sim.reset_stats();
    // Outside the window: Review does nothing.
    restore_field(&mut app, RestoreField::Point, "-400d");
    let e = keys(&mut app, "\t\t\t\r");
    assert!(e.is_empty() && matches!(app.overlay(), Some(Overlay::Restore(_))));
    // Over the source: refused in the form.
    let source = app.targets().sql_database.clone();
    restore_field(&mut app, RestoreField::Point, "-1h");
    restore_field(&mut app, RestoreField::Target, &source);
    let e = keys(&mut app, "\t\t\r");
    assert!(e.is_empty() && matches!(app.overlay(), Some(Overlay::Restore(_))));
    assert_eq!(sim.stats().total, 0, "the form sends nothing");
    // A name that exists in Azure (a first restore made it): checked before the PUT.
    keys(&mut app, "\x1b");
    keys(&mut app, "R");
    let first = restore_form(&app).target_input;
    let e = keys(&mut app, "\t\t\t\r\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    let mut fresh = app_for(&sim, Env::Dev);
    refresh(&mut fresh, &client, &sim).await;
    fresh.update(Msg::Action(Action::FocusBackups));
    keys(&mut fresh, "R");
    restore_field(&mut fresh, RestoreField::Target, &first);
    let e = keys(&mut fresh, "\t\t\r\t\r");
    drive(&mut fresh, e, &client, &audit).await;
    let r = fresh.restores().last().unwrap();
    let err = r.done.clone().unwrap().unwrap_err();
    assert!(err.contains("already exists"), "{err}");
    let puts = put_paths(&sim).len();
    assert_eq!(puts, 1, "only the first restore was sent");
}

#[tokio::test]
async fn restore_that_fails_in_azure_is_shown() {
    let sim = fast_sim().await;
    sim.set_faults(FaultSet {
        rules: vec![FaultRule::new(FaultKind::LroFail).on_operation("Databases_CreateOrUpdate")],
    });
    let (client, _d, audit, mut app) = open_restore_form(&sim, Env::Dev, 0).await;
    let e = keys(&mut app, "\t\t\t\r\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    let r = app.restores().last().unwrap();
    assert_eq!(r.status, "Failed");
    let err = r.done.clone().unwrap().unwrap_err();
    assert!(err.contains("failed"), "{err}");
    assert!(matches!(app.overlay(), Some(Overlay::Message { .. })));
    assert!(audit_lines(&audit)[0].outcome.starts_with("failed: "));
}

#[tokio::test]
async fn cosmos_restore_creates_a_new_account() {
    let sim = fast_sim().await;
    let (client, _d, audit, mut app) = open_restore_form(&sim, Env::Dev, 1).await;
    let target = restore_form(&app).target_input;
    assert_ne!(target, app.targets().cosmos_account);
    assert!(target.len() <= 44, "{target}");
    let e = keys(&mut app, "\t\t\t\r\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    let r = app.restores().last().unwrap();
    assert!(matches!(&r.done, Some(Ok(_))), "{r:?}");
    let puts = put_paths(&sim);
    assert_eq!(puts.len(), 1);
    assert!(
        puts[0].contains(&format!("/databaseAccounts/{target}?")),
        "{}",
        puts[0]
    );
    let l = &audit_lines(&audit)[0];
    assert_eq!(
        (l.action.as_str(), l.outcome.as_str()),
        ("restore-cosmos", "succeeded")
    );
}

/// Opens the monthly checklist on `env` at its first item, the DR test (`R` is its restore
/// step in the shipped keymaps).
fn walk_monthly(app: &mut eduops::app::App, env: Env) {
    let monthly = eduops::checklist::model::shipped().unwrap().remove(2);
    assert_eq!(monthly.name, "monthly");
    app.update(Msg::StartChecklist {
        checklist: Box::new(monthly),
        env,
        resume: None,
    });
    let walk = app.checklist().walk.as_ref().unwrap();
    assert_eq!(walk.current_record().unwrap().id, "dr-test");
}

/// What the DR-test item of the open walkthrough has recorded from its restore.
fn dr_result(app: &eduops::app::App) -> Option<eduops::checklist::run::ActionResult> {
    let walk = app.checklist().walk.as_ref().unwrap();
    walk.run()
        .items
        .iter()
        .find(|i| i.id == "dr-test")
        .unwrap()
        .action_result
        .clone()
}

#[tokio::test]
async fn a_restart_after_a_cancelled_dr_restore_is_not_the_dr_result() {
    let sim = start_sim(5).await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Staging);
    refresh(&mut app, &client, &sim).await;
    walk_monthly(&mut app, Env::Staging);
    // The DR item opens the restore form; the operator cancels it.
    keys(&mut app, "R");
    let Some(Overlay::Restore(form)) = app.overlay() else {
        panic!("no restore form: {:?}", app.overlay());
    };
    assert!(form.origin.is_some(), "the form knows its checklist item");
    keys(&mut app, "\x1b");
    assert!(app.overlay().is_none());
    // Then restarts a service (`r` works everywhere) and confirms it.
    select(&mut app, "gateway");
    let e = keys(&mut app, "r\t\r");
    assert_eq!(drive(&mut app, e, &client, &audit).await, 1);
    let lines = audit_lines(&audit);
    assert_eq!(
        (lines[0].action.as_str(), lines[0].outcome.as_str()),
        ("restart", "succeeded")
    );
    assert_eq!(
        dr_result(&app),
        None,
        "the restart is not the DR test's result"
    );
}

#[tokio::test]
async fn a_dr_restore_is_recorded_on_its_item_after_the_walk_moved_on() {
    let sim = fast_sim().await;
    let client = client_for(&sim);
    let (_d, audit) = audit_log();
    let mut app = app_for(&sim, Env::Dev);
    refresh(&mut app, &client, &sim).await;
    walk_monthly(&mut app, Env::Dev);
    keys(&mut app, "R");
    // Point → name → Cancel → Review, Enter; then Confirm in the dialog.
    keys(&mut app, "\t\t\t\r");
    let sent = keys(&mut app, "\t\r");
    assert!(matches!(sent.as_slice(), [eduops::app::Effect::Mutate(r)] if r.origin.is_some()));
    // The operator moves to the next item while Azure restores.
    keys(&mut app, "j");
    let walk = app.checklist().walk.as_ref().unwrap();
    assert_eq!(walk.current_record().unwrap().id, "security-audit");
    assert_eq!(drive(&mut app, sent, &client, &audit).await, 1);
    let r = dr_result(&app).expect("the DR item has its restore's outcome");
    assert_eq!(r.verdict, eduops::health::Verdict::Pass);
    assert!(r.lines[0].starts_with("restore test: "), "{:?}", r.lines);
    assert!(r.lines[0].ends_with(" is Online"), "{:?}", r.lines);
    let walk = app.checklist().walk.as_ref().unwrap();
    let others = walk.run().items.iter().filter(|i| i.id != "dr-test");
    assert!(others.into_iter().all(|i| i.action_result.is_none()));
}
