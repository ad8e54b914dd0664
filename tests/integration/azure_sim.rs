//! The client end to end against the built-in simulator: reads of every kind, faults (429 with
//! Retry-After, 500, malformed JSON, 401), mutations and long-running operations, paging, and
//! what a refresh costs in requests.

use std::time::Duration;

use eduops::azure::{
    AzureClient, AzureError, CancellationToken, ClientOptions, MetricInterval, OperationStatus,
};
use eduops::config::{EnvTargets, Settings};
use eduops::model::{AlertState, Env, MonitorCondition, ServiceState};
use eduops::sim::{FaultKind, FaultRule, FaultSet};
use eduops::sim::{SimHandle, SimOptions};

async fn sim(opts: SimOptions) -> (SimHandle, AzureClient) {
    let h = eduops::sim::start(opts).await.unwrap();
    let mut o = ClientOptions::for_simulator(&h.base_url, &h.token);
    o.retry.base_delay = Duration::from_millis(20);
    o.lro_poll_delay = Duration::from_millis(50);
    let c = AzureClient::new(o).unwrap();
    (h, c)
}

fn targets(h: &SimHandle, env: Env) -> EnvTargets {
    Settings {
        subscription_id: Some(h.subscription_id.clone()),
        ..Settings::default()
    }
    .targets(env)
}

fn frozen() -> SimOptions {
    SimOptions {
        seed: 1,
        speed: 0.0,
        start: Some(eduops::testing::fixed_now()),
        ..SimOptions::default()
    }
}

/// Requests the simulator logged for `operation`, as (status, real ms since start).
fn logged(h: &SimHandle, operation: &str) -> Vec<(u16, f64)> {
    h.stats()
        .requests
        .iter()
        .filter(|r| r.operation == operation)
        .map(|r| (r.status, r.elapsed_ms))
        .collect()
}

#[tokio::test]
async fn reads_everything_the_dashboard_shows() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);

    let st = c.service_statuses(&t).await.unwrap();
    assert_eq!(st.len(), 6);
    assert_eq!(
        st.iter().map(|s| s.service.as_str()).collect::<Vec<_>>(),
        eduops::model::SERVICES
    );
    let running = st
        .iter()
        .filter(|s| s.state == ServiceState::Running)
        .count();
    assert!(running >= 4, "{st:#?}");
    assert!(
        st.iter()
            .all(|s| s.cpu_request_cores == 2.0 && s.memory_request_gb == 4.0)
    );
    // The seed's story: one AI service crash-looping in prod, with restarts and a reason.
    let looping: Vec<_> = st
        .iter()
        .filter(|s| s.state == ServiceState::Restarting)
        .collect();
    assert_eq!(looping.len(), 1, "{st:#?}");
    assert_ne!(looping[0].service, "gateway");
    assert!(looping[0].restart_count > 0);
    assert!(
        looping[0]
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("crashed")
    );
    assert!(looping[0].events.iter().any(|e| e.kind == "Warning"));

    let usage = c
        .usage(&t, chrono::Duration::hours(1), MetricInterval::OneMinute)
        .await
        .unwrap();
    assert_eq!(usage.len(), 6);
    for u in &usage {
        assert!(
            u.cpu_percent.len() >= 55,
            "{}: {} points",
            u.resource_id,
            u.cpu_percent.len()
        );
        assert!(u.memory_percent.len() >= 55);
        assert!(
            u.cpu_percent
                .iter()
                .filter_map(|p| p.value)
                .all(|v| (0.0..=150.0).contains(&v))
        );
    }
    // gateway runs hot at start (CPU past 80 % of 2 vCPU).
    let gw = usage[0]
        .cpu_percent
        .iter()
        .rev()
        .find_map(|p| p.value)
        .unwrap();
    assert!(gw > 80.0, "gateway cpu {gw}");

    let alerts = c.alerts(&t).await.unwrap();
    let cpu = alerts
        .iter()
        .find(|a| a.target_service.as_deref() == Some("gateway"))
        .expect("a gateway alert");
    assert_eq!(cpu.condition, MonitorCondition::Fired);
    assert_eq!(cpu.state, AlertState::New);

    let rules = c.metric_alert_rules(&t).await.unwrap();
    assert_eq!(rules.len(), 2);

    let logs = c.container_logs(&t, "ci-gateway-prod", 20).await.unwrap();
    assert!(!logs.is_empty());
    assert!(logs.lines().count() <= 20);

    let list = c.list_container_groups(&t).await.unwrap();
    assert_eq!(list.len(), 6);
    assert!(list.iter().all(|g| g.properties.instance_view.is_none()));
}

#[tokio::test]
async fn reads_backups_and_secrets() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    let sql = c.sql_backup_status(&t).await.unwrap();
    assert_eq!(sql.database, "sqldb-education-prod");
    let earliest = sql.earliest_restore.expect("earliest restore");
    assert!(earliest < h.now());
    assert!(sql.ltr_backup_count > 0 && sql.latest_ltr_backup.is_some());

    let cosmos = c.cosmos_backup_status(&t).await.unwrap();
    assert_eq!(cosmos.policy_type.as_deref(), Some("Continuous"));
    assert_eq!(cosmos.tier.as_deref(), Some("Continuous30Days"));
    assert!(cosmos.earliest_restorable.is_some());

    let secrets = c.secrets(&t).await.unwrap();
    assert_eq!(secrets.len(), 6);
    assert!(secrets.iter().all(|s| !s.name.is_empty()));

    assert!(
        c.sql_database_exists(&t, "sqldb-education-prod")
            .await
            .unwrap()
    );
    assert!(!c.sql_database_exists(&t, "no-such-db").await.unwrap());
}

#[tokio::test]
async fn throttled_with_retry_after_2_waits_then_succeeds() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Throttle)
            .on_operation("ContainerGroups_Get")
            .retry_after(2)
            .times(1),
    ]));
    c.container_group(&t, "ci-gateway-prod").await.unwrap();
    let log = logged(&h, "ContainerGroups_Get");
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!((log[0].0, log[1].0), (429, 200));
    // At least what Retry-After asked (a lower bound the client's own sleep guarantees; how
    // much longer is scheduling, not behaviour).
    let waited = log[1].1 - log[0].1;
    assert!(waited >= 2000.0, "waited {waited} ms");
    assert_eq!(c.stats().throttled, 1);
}

#[tokio::test]
async fn server_error_is_retried_then_succeeds() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::ServerError)
            .on_operation("ContainerGroups_Get")
            .times(2),
    ]));
    c.container_group(&t, "ci-gateway-prod").await.unwrap();
    let statuses: Vec<u16> = logged(&h, "ContainerGroups_Get")
        .iter()
        .map(|l| l.0)
        .collect();
    assert_eq!(statuses, vec![500, 500, 200]);
    assert_eq!(c.stats().retries, 2);
}

#[tokio::test]
async fn malformed_json_is_a_typed_error() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::MalformedJson).on_operation("ContainerGroups_Get"),
    ]));
    let err = c.container_group(&t, "ci-gateway-prod").await.unwrap_err();
    assert!(matches!(err, AzureError::Parse { .. }), "{err:?}");
    let st = c.service_statuses(&t).await;
    assert!(matches!(st, Err(AzureError::Parse { .. })), "{st:?}");
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::MalformedJson).on_operation("Alerts_GetAll"),
    ]));
    assert!(matches!(c.alerts(&t).await, Err(AzureError::Parse { .. })));
}

#[tokio::test]
async fn unauthorized_gets_one_token_refresh_then_retry() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Unauthorized)
            .on_operation("ContainerGroups_Get")
            .times(1),
    ]));
    c.container_group(&t, "ci-gateway-prod").await.unwrap();
    let statuses: Vec<u16> = logged(&h, "ContainerGroups_Get")
        .iter()
        .map(|l| l.0)
        .collect();
    assert_eq!(statuses, vec![401, 200]);
    assert_eq!(c.stats().token_refreshes, 1);

    // Always unauthorized: one refresh, then a clear authentication error.
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Unauthorized).on_operation("ContainerGroups_Get"),
    ]));
    let err = c.container_group(&t, "ci-gateway-prod").await.unwrap_err();
    assert!(matches!(err, AzureError::Auth(_)), "{err:?}");
    assert_eq!(logged(&h, "ContainerGroups_Get").len(), 4);
}

#[tokio::test]
async fn a_wrong_token_is_an_authentication_error() {
    let h = eduops::sim::start(frozen()).await.unwrap();
    let c = AzureClient::new(ClientOptions::for_simulator(&h.base_url, "not-the-token")).unwrap();
    let t = targets(&h, Env::Prod);
    let err = c.container_group(&t, "ci-gateway-prod").await.unwrap_err();
    assert!(matches!(err, AzureError::Auth(_)), "{err:?}");
    assert!(!err.to_string().contains("not-the-token"));
}

#[tokio::test]
async fn mutations_are_not_retried_on_500() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::ServerError).on_operation("ContainerGroups_Restart"),
    ]));
    let err = c
        .restart_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(h.stats().count("ContainerGroups_Restart"), 1);
    assert_eq!(h.stats().mutating, 1);
}

#[tokio::test]
async fn forbidden_and_conflict_keep_azure_code_and_message() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Forbidden).on_operation("ContainerGroups_Stop"),
        FaultRule::new(FaultKind::Conflict).on_operation("ContainerGroups_Restart"),
    ]));
    let err = c
        .stop_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AuthorizationFailed"));
    let text = err.to_string();
    assert!(text.contains("ci-gateway-prod"), "{text}");
    let err = c
        .restart_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(h.stats().mutating, 2);
}

#[tokio::test]
async fn restart_stop_and_start_change_state() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    let m = c.stop_container_group(&t, "ci-gateway-prod").await.unwrap();
    assert_eq!(m.status, 204);
    assert!(m.is_done());
    let cg = c.container_group(&t, "ci-gateway-prod").await.unwrap();
    assert_eq!(
        eduops::azure::convert::service_status_at("gateway", &cg, h.now()).state,
        ServiceState::Stopped
    );

    let m = c
        .start_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap();
    assert_eq!(m.status, 202);
    assert!(m.operation.is_some());
    let waiter = {
        let c = c.clone();
        let m = m.clone();
        tokio::spawn(async move { c.wait_operation(&m, CancellationToken::new()).await })
    };
    // The simulator's clock is frozen: move it so the operation can finish.
    for _ in 0..100 {
        if waiter.is_finished() {
            break;
        }
        h.advance(chrono::Duration::seconds(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = tokio::time::timeout(Duration::from_secs(10), waiter)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, OperationStatus::Succeeded);

    let before = c.container_group(&t, "ci-gateway-prod").await.unwrap();
    let before = eduops::azure::convert::service_status_at("gateway", &before, h.now());
    let m = c
        .restart_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap();
    assert_eq!(m.status, 204);
    let after = c.container_group(&t, "ci-gateway-prod").await.unwrap();
    let after = eduops::azure::convert::service_status_at("gateway", &after, h.now());
    assert!(
        after.restart_count > before.restart_count || after.state != ServiceState::Running,
        "{before:?} -> {after:?}"
    );
}

#[tokio::test]
async fn long_running_operation_polled_to_failure() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    c.stop_container_group(&t, "ci-gateway-prod").await.unwrap();
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::LroFail).on_operation("ContainerGroups_Start"),
    ]));
    let m = c
        .start_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap();
    let waiter = {
        let c = c.clone();
        tokio::spawn(async move { c.wait_operation(&m, CancellationToken::new()).await })
    };
    for _ in 0..100 {
        if waiter.is_finished() {
            break;
        }
        h.advance(chrono::Duration::seconds(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = tokio::time::timeout(Duration::from_secs(10), waiter)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        matches!(status, OperationStatus::Failed { .. }),
        "{status:?}"
    );
}

#[tokio::test]
async fn sql_restore_runs_to_a_new_online_database() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    let point = h.now() - chrono::Duration::hours(2);
    let m = c
        .restore_sql_database(&t, "sqldb-education-restored", point)
        .await
        .unwrap();
    assert!([200, 201, 202].contains(&m.status), "{m:?}");
    let waiter = {
        let c = c.clone();
        tokio::spawn(async move { c.wait_operation(&m, CancellationToken::new()).await })
    };
    for _ in 0..200 {
        if waiter.is_finished() {
            break;
        }
        h.advance(chrono::Duration::seconds(30));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = tokio::time::timeout(Duration::from_secs(10), waiter)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, OperationStatus::Succeeded);
    assert!(
        c.sql_database_exists(&t, "sqldb-education-restored")
            .await
            .unwrap()
    );

    // Again to the same name: Azure's conflict, sent once.
    let err = c
        .restore_sql_database(&t, "sqldb-education-restored", point)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err}");
    // Before the window: refused by Azure with its reason.
    let err = c
        .restore_sql_database(
            &t,
            "sqldb-education-old",
            h.now() - chrono::Duration::days(60),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[tokio::test]
async fn cosmos_restore_is_accepted() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    let m = c
        .restore_cosmos_account(
            &t,
            "cosmos-restored-1",
            h.now() - chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    assert!([200, 201, 202].contains(&m.status), "{m:?}");
    assert_eq!(h.stats().count("DatabaseAccounts_CreateOrUpdate"), 1);
}

#[tokio::test]
async fn alert_state_changes_reach_azure() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    let alerts = c.alerts(&t).await.unwrap();
    let a = alerts
        .iter()
        .find(|a| a.state == AlertState::New)
        .expect("a new alert");
    let changed = c
        .change_alert_state(&a.id, AlertState::Acknowledged, Some("on it"))
        .await
        .unwrap();
    assert_eq!(changed.state, AlertState::Acknowledged);
    assert_eq!(changed.id, a.id);
    let again = c.alerts(&t).await.unwrap();
    let same = again.iter().find(|x| x.id == a.id).unwrap();
    assert_eq!(same.state, AlertState::Acknowledged);
}

#[tokio::test]
async fn paging_across_several_pages() {
    let (h, c) = sim(SimOptions {
        page_size: 2,
        ..frozen()
    })
    .await;
    let t = targets(&h, Env::Prod);
    let list = c.list_container_groups(&t).await.unwrap();
    assert_eq!(list.len(), 6);
    assert_eq!(h.stats().count("ContainerGroups_ListByResourceGroup"), 3);
    let names: std::collections::BTreeSet<_> = list.iter().map(|g| g.name.clone()).collect();
    assert_eq!(names.len(), 6);
    let secrets = c.secrets(&t).await.unwrap();
    assert_eq!(secrets.len(), 6);
}

/// One full refresh of an environment: states, metrics, alerts, backups, secrets.
async fn full_refresh(c: &AzureClient, t: &EnvTargets) {
    c.service_statuses(t).await.unwrap();
    c.usage(t, chrono::Duration::hours(1), MetricInterval::OneMinute)
        .await
        .unwrap();
    c.alerts(t).await.unwrap();
    c.sql_backup_status(t).await.unwrap();
    c.cosmos_backup_status(t).await.unwrap();
    c.secrets(t).await.unwrap();
}

#[tokio::test]
async fn a_full_refresh_of_the_default_fleet_costs_13_requests() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.reset_stats();
    full_refresh(&c, &t).await;
    let s = h.stats();
    println!(
        "default fleet, one full refresh: {} requests {:?}",
        s.total, s.counts
    );
    assert_eq!(s.count("ContainerGroups_Get"), 6);
    assert_eq!(s.count("MetricsBatch_Batch"), 1);
    assert_eq!(s.mutating, 0);
    assert_eq!(s.total, 13, "{:?}", s.counts);
    assert_eq!(c.stats().requests, 13);
}

#[tokio::test]
async fn a_fleet_of_a_thousand_groups_uses_resource_graph_and_batches() {
    let (h, c) = sim(SimOptions {
        extra_container_groups: 1000,
        ..frozen()
    })
    .await;
    let t = targets(&h, Env::Dev);
    h.reset_stats();
    let fleet = c
        .fleet_states(&t.subscription_id, Some(&t.resource_group))
        .await
        .unwrap();
    assert_eq!(fleet.len(), 1006);
    let ids: Vec<String> = fleet.iter().map(|m| m.id.clone()).collect();
    let usage = c
        .usage_for(
            &t.subscription_id,
            &t.location,
            &ids,
            chrono::Duration::minutes(30),
            MetricInterval::OneMinute,
        )
        .await
        .unwrap();
    assert_eq!(usage.len(), 1006);
    assert!(usage.iter().all(|u| !u.cpu_percent.is_empty()));
    let s = h.stats();
    println!(
        "1006 container groups, states + metrics: {} requests {:?}",
        s.total, s.counts
    );
    assert_eq!(s.count("MetricsBatch_Batch"), 21);
    assert!(s.total <= 25, "{:?}", s.counts);

    // And the per-service view of a fleet past the threshold takes the Resource Graph path.
    let mut big = t.clone();
    big.services = fleet
        .iter()
        .map(|m| (m.name.clone(), m.name.clone()))
        .collect();
    h.reset_stats();
    let st = c.service_statuses(&big).await.unwrap();
    assert_eq!(st.len(), 1006);
    let s = h.stats();
    assert_eq!(
        s.count("ContainerGroups_Get") as usize,
        st.iter()
            .filter(|x| x.state != ServiceState::Running)
            .count()
    );
    println!(
        "1006 container groups, service statuses: {} requests {:?}",
        s.total, s.counts
    );
}

#[tokio::test]
async fn metrics_without_batch_go_through_arm_per_resource() {
    let h = eduops::sim::start(frozen()).await.unwrap();
    let mut o = ClientOptions::for_simulator(&h.base_url, &h.token);
    o.metrics_batch_url = None;
    let c = AzureClient::new(o).unwrap();
    let t = targets(&h, Env::Prod);
    let u = c
        .usage(
            &t,
            chrono::Duration::minutes(30),
            MetricInterval::FiveMinutes,
        )
        .await
        .unwrap();
    assert_eq!(u.len(), 6);
    assert!(
        u.iter().all(|x| (5..=7).contains(&x.cpu_percent.len())),
        "{u:?}"
    );
    assert_eq!(h.stats().count("Metrics_List"), 6);
}

#[tokio::test]
async fn dropped_connections_retry_reads_but_not_mutations() {
    let (h, c) = sim(frozen()).await;
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Drop)
            .on_operation("ContainerGroups_Get")
            .times(1),
        FaultRule::new(FaultKind::Drop).on_operation("ContainerGroups_Restart"),
    ]));
    c.container_group(&t, "ci-gateway-prod").await.unwrap();
    assert_eq!(h.stats().count("ContainerGroups_Get"), 2);
    let err = c
        .restart_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap_err();
    assert!(matches!(err, AzureError::Network(_)), "{err:?}");
    assert_eq!(h.stats().count("ContainerGroups_Restart"), 1);
}

#[tokio::test]
async fn slow_answers_time_out_and_reads_are_retried() {
    let h = eduops::sim::start(frozen()).await.unwrap();
    let mut o = ClientOptions::for_simulator(&h.base_url, &h.token);
    o.timeout = Duration::from_millis(300);
    o.retry.base_delay = Duration::from_millis(10);
    let c = AzureClient::new(o).unwrap();
    let t = targets(&h, Env::Prod);
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Latency)
            .on_operation("ContainerGroups_Get")
            .latency(1000)
            .times(1),
    ]));
    // The slow answer was not waited for: the attempt timed out and one retry answered.
    c.container_group(&t, "ci-gateway-prod").await.unwrap();
    assert_eq!(c.stats().retries, 1);
}
