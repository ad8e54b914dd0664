//! Whose clock a query window is measured on: the simulator's, from the very first request of
//! a fresh client, whatever this machine's date and hour.

use crate::support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use eduops::azure::{ClientOptions, MetricInterval};
use eduops::model::Env;
use support::sim::{client_for, settings_for, start_sim_at};

/// Far from any date these tests will run on, in both directions.
fn future() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2031, 3, 4, 5, 6, 0).unwrap()
}

fn past() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2019, 7, 1, 23, 40, 0).unwrap()
}

/// The request log's operations, in order.
fn operations(sim: &eduops::sim::SimHandle) -> Vec<String> {
    sim.stats()
        .requests
        .iter()
        .map(|r| r.operation.clone())
        .collect()
}

#[tokio::test]
async fn a_fresh_clients_first_metrics_window_ends_at_the_simulators_now() {
    for start in [future(), past()] {
        let sim = start_sim_at(3, start).await;
        let client = client_for(&sim);
        let t = settings_for(&sim).targets(Env::Prod);
        let usage = client
            .usage(&t, Duration::hours(24), MetricInterval::FiveMinutes)
            .await
            .unwrap();
        assert_eq!(
            operations(&sim),
            ["Subscriptions_List", "MetricsBatch_Batch"],
            "the clock is asked once, before the window is computed"
        );
        let batch = &sim.stats().requests[1];
        let end = start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        assert!(
            batch
                .path
                .contains(&format!("endtime={}", end.replace(':', "%3A"))),
            "{start}: {}",
            batch.path
        );
        assert_eq!(usage.len(), 6);
        for u in &usage {
            let last = u.cpu_percent.iter().rev().find(|p| p.value.is_some());
            let last = last.unwrap_or_else(|| panic!("{start}: no data for {}", u.resource_id));
            assert!(
                last.time <= start && last.time > start - Duration::minutes(15),
                "{start}: latest point {} of {}",
                last.time,
                u.resource_id
            );
        }
        // Known now: the next window costs no clock request.
        client
            .usage(&t, Duration::hours(1), MetricInterval::OneMinute)
            .await
            .unwrap();
        assert_eq!(sim.stats().count("Subscriptions_List"), 1);
    }
}

#[tokio::test]
async fn per_resource_metrics_ask_for_the_simulated_timespan_too() {
    let sim = start_sim_at(3, future()).await;
    let mut o = ClientOptions::for_simulator(&sim.base_url, &sim.token);
    o.metrics_batch_url = None;
    let client = eduops::azure::AzureClient::new(o).unwrap();
    let t = settings_for(&sim).targets(Env::Dev);
    client
        .usage(&t, Duration::minutes(30), MetricInterval::OneMinute)
        .await
        .unwrap();
    let end = future().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let lists: Vec<String> = sim
        .stats()
        .requests
        .iter()
        .filter(|r| r.operation == "Metrics_List")
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(lists.len(), 6);
    for path in lists {
        let decoded = path.replace("%3A", ":").replace("%2F", "/");
        assert!(decoded.contains(&format!("/{end}")), "{path}");
    }
}

#[tokio::test]
async fn a_restore_point_is_in_the_future_only_by_the_servers_clock() {
    // The simulator lives years ahead of this machine: an hour before its now is valid.
    let sim = start_sim_at(3, future()).await;
    let client = client_for(&sim);
    let t = settings_for(&sim).targets(Env::Prod);
    let m = client
        .restore_sql_database(&t, "sqldb-restored", future() - Duration::hours(1))
        .await
        .unwrap();
    assert!([200, 201, 202].contains(&m.status), "{m:?}");

    // Years behind: a point after its now is refused before anything is sent.
    let sim = start_sim_at(3, past()).await;
    let client = client_for(&sim);
    let t = settings_for(&sim).targets(Env::Prod);
    let err = client
        .restore_sql_database(&t, "sqldb-restored", past() + Duration::hours(1))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("future"), "{err}");
    assert_eq!(operations(&sim), ["Subscriptions_List"]);
}

#[tokio::test]
async fn subscriptions_list_names_the_one_subscription_and_carries_the_virtual_date() {
    let (h, c) = support::sim_http::start(support::sim_http::frozen(1)).await;
    let r = c.get("/subscriptions?api-version=2022-12-01").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    let subs = v["value"].as_array().unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["subscriptionId"], h.subscription_id.as_str());
    assert_eq!(
        subs[0]["id"],
        format!("/subscriptions/{}", h.subscription_id)
    );
    assert_eq!(subs[0]["state"], "Enabled");
    assert!(subs[0]["tenantId"].is_string());
    assert!(subs[0]["subscriptionPolicies"]["spendingLimit"].is_string());
    assert_eq!(
        r.header("date").as_deref(),
        Some("Thu, 26 Nov 2026 01:30:00 GMT")
    );
    assert_eq!(
        c.get("/subscriptions?api-version=1999-01-01").await.status,
        400
    );
}
