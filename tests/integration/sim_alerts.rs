//! Alerts (AlertsManagement) and metric alert rules: the start scenario, history, state
//! changes, time-driven firing and resolving, filters and injected alerts.

use crate::support::sim_http as sim_support;

use chrono::Duration;
use eduops::model::Env;
use eduops::sim::{AlertMetric, Scenario};
use serde_json::Value;
use sim_support::*;

const A: &str = "api-version=2019-03-01";

async fn alerts(c: &Client, extra: &str) -> Vec<Value> {
    c.get_all(&format!(
        "/subscriptions/{}/providers/Microsoft.AlertsManagement/alerts?{A}{extra}",
        c.sub
    ))
    .await
    .0
}

fn ess(a: &Value) -> &Value {
    &a["properties"]["essentials"]
}

#[tokio::test]
async fn prod_starts_with_a_fired_new_cpu_alert_on_gateway_and_closed_history() {
    let (_h, c) = start(frozen(1)).await;
    let all = alerts(&c, "").await;
    let fired: Vec<&Value> = all
        .iter()
        .filter(|a| ess(a)["monitorCondition"] == "Fired")
        .collect();
    let gw = fired
        .iter()
        .find(|a| ess(a)["targetResourceName"] == "ci-gateway-prod")
        .expect("a fired alert on ci-gateway-prod");
    assert_eq!(gw["name"], "high-cpu-usage");
    assert_eq!(ess(gw)["alertState"], "New");
    assert_eq!(ess(gw)["severity"], "Sev2");
    assert_eq!(ess(gw)["signalType"], "Metric");
    assert_eq!(
        ess(gw)["targetResourceGroup"],
        "rg-ai-education-platform-prod"
    );
    assert!(
        gw["id"]
            .as_str()
            .unwrap()
            .contains("/providers/Microsoft.AlertsManagement/alerts/")
    );
    let resolved: Vec<&Value> = all
        .iter()
        .filter(|a| ess(a)["monitorCondition"] == "Resolved")
        .collect();
    assert!(!resolved.is_empty(), "the last day has resolved alerts");
    for a in resolved {
        assert!(ess(a)["monitorConditionResolvedDateTime"].is_string());
        assert_eq!(ess(a)["alertState"], "Closed");
    }
}

#[tokio::test]
async fn acknowledge_then_close_is_seen_by_everyone() {
    let (h, c) = start(frozen(1)).await;
    let gw = alerts(
        &c,
        "&targetResourceGroup=rg-ai-education-platform-prod&monitorCondition=Fired",
    )
    .await
    .into_iter()
    .find(|a| ess(a)["targetResourceName"] == "ci-gateway-prod")
    .unwrap();
    let id = gw["id"].as_str().unwrap().to_string();
    let r = c
        .post(&format!("{id}/changestate?{A}&newState=Acknowledged"), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(ess(&r.json())["alertState"], "Acknowledged");
    let again = c.get(&format!("{id}?{A}")).await.json();
    assert_eq!(ess(&again)["alertState"], "Acknowledged");
    assert_ne!(ess(&again)["lastModifiedUserName"], "System");
    let r = c
        .post(&format!("{id}/changestate?{A}&newState=Closed"), None)
        .await;
    assert_eq!(ess(&r.json())["alertState"], "Closed");
    let new = alerts(
        &c,
        "&alertState=New&targetResourceGroup=rg-ai-education-platform-prod",
    )
    .await;
    assert!(new.iter().all(|a| a["id"] != gw["id"]));
    let r = c
        .post(&format!("{id}/changestate?{A}&newState=Snoozed"), None)
        .await;
    assert_eq!(r.status, 400);
    let r = c
        .post(&format!("/subscriptions/{}/providers/Microsoft.AlertsManagement/alerts/00000000-0000-4000-8000-000000000000/changestate?{A}&newState=Closed", c.sub), None)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(h.stats().count("Alerts_ChangeState"), 4);
    assert_eq!(h.stats().mutating, 4);
}

#[tokio::test]
async fn alerts_fire_and_resolve_as_the_clock_moves() {
    let (h, c) = start(frozen(1)).await;
    let staging_memory = |all: &[Value]| {
        all.iter()
            .filter(|a| {
                ess(a)["targetResourceGroup"] == "rg-ai-education-platform-staging"
                    && a["name"] == "high-memory-usage"
            })
            .filter(|a| ess(a)["monitorCondition"] == "Fired")
            .count()
    };
    assert_eq!(
        staging_memory(&alerts(&c, "").await),
        0,
        "the leak has not crossed 85 % yet"
    );
    h.advance(Duration::minutes(60));
    assert_eq!(
        staging_memory(&alerts(&c, "").await),
        1,
        "the leak crossed 85 % within the hour"
    );
    // The gateway spike is over within 95 minutes of start (plus the 5-minute window).
    h.advance(Duration::minutes(45));
    let gw: Vec<Value> = alerts(&c, "")
        .await
        .into_iter()
        .filter(|a| {
            ess(a)["targetResourceName"] == "ci-gateway-prod" && a["name"] == "high-cpu-usage"
        })
        .collect();
    assert!(!gw.is_empty());
    assert!(
        gw.iter().all(|a| ess(a)["monitorCondition"] == "Resolved"),
        "{gw:?}"
    );
}

#[tokio::test]
async fn injected_alerts_and_spikes_appear() {
    let (h, c) = start(frozen(1)).await;
    h.inject(Scenario::FireAlert {
        env: Env::Dev,
        service: "teaching-agent".into(),
        metric: AlertMetric::Memory,
        minutes: 10,
    })
    .unwrap();
    let dev = alerts(
        &c,
        "&targetResourceGroup=rg-ai-education-platform-dev&monitorCondition=Fired",
    )
    .await;
    assert!(
        dev.iter()
            .any(|a| ess(a)["targetResourceName"] == "ci-teaching-agent-dev"
                && a["name"] == "high-memory-usage")
    );
    h.inject(Scenario::CpuSpike {
        env: Env::Staging,
        service: "ci-gateway-staging".into(),
        minutes: 30,
    })
    .unwrap();
    h.advance(Duration::minutes(4));
    let early = alerts(&c, "&targetResourceGroup=rg-ai-education-platform-staging").await;
    assert!(
        !early
            .iter()
            .any(|a| ess(a)["targetResourceName"] == "ci-gateway-staging"),
        "a spike must hold over the 5-minute window before the alert fires"
    );
    h.advance(Duration::minutes(6));
    let st = alerts(
        &c,
        "&targetResourceGroup=rg-ai-education-platform-staging&monitorCondition=Fired",
    )
    .await;
    assert!(
        st.iter()
            .any(|a| ess(a)["targetResourceName"] == "ci-gateway-staging"
                && a["name"] == "high-cpu-usage")
    );
    assert!(
        h.inject(Scenario::Stop {
            env: Env::Prod,
            service: "nope".into()
        })
        .is_err()
    );
}

#[tokio::test]
async fn metric_alert_rules_follow_the_ops_guide() {
    let (_h, c) = start(frozen(1)).await;
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metricAlerts?api-version=2018-03-01",
            c.rg_path("prod")
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let rules = r.json()["value"].as_array().unwrap().clone();
    let names: Vec<&str> = rules.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["high-cpu-usage", "high-memory-usage"]);
    let cpu = &rules[0]["properties"];
    assert_eq!(cpu["criteria"]["allOf"][0]["metricName"], "CpuUsage");
    assert_eq!(
        cpu["criteria"]["allOf"][0]["threshold"].as_f64(),
        Some(1600.0)
    );
    assert_eq!(cpu["scopes"].as_array().unwrap().len(), 6);
    let mem = &rules[1]["properties"]["criteria"]["allOf"][0];
    let pct = mem["threshold"].as_f64().unwrap() / (4.0 * 1024.0 * 1024.0 * 1024.0);
    assert!((pct - 0.85).abs() < 1e-6);
    let one = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metricAlerts/high-cpu-usage?api-version=2018-03-01",
            c.rg_path("dev")
        ))
        .await;
    assert_eq!(one.status, 200);
}

#[tokio::test]
async fn alert_lists_page() {
    let (h, c) = start(eduops::sim::SimOptions {
        page_size: 1,
        ..frozen(1)
    })
    .await;
    h.advance(Duration::days(2));
    let (items, pages) = c
        .get_all(&format!(
            "/subscriptions/{}/providers/Microsoft.AlertsManagement/alerts?{A}&timeRange=7d",
            c.sub
        ))
        .await;
    assert!(items.len() >= 3, "{}", items.len());
    assert_eq!(pages, items.len());
}

/// Alerts agree with the metrics they are about: over the 5 minutes before an alert fires the
/// metric is above the rule's threshold, and well before the incident it is not.
#[tokio::test]
async fn alerts_agree_with_their_metrics() {
    let (h, c) = start(frozen(5)).await;
    h.advance(Duration::minutes(90));
    let all = alerts(&c, "").await;
    let mut checked = 0;
    for a in &all {
        let fired: chrono::DateTime<chrono::Utc> =
            ess(a)["startDateTime"].as_str().unwrap().parse().unwrap();
        let (metric, threshold) = if a["name"] == "high-cpu-usage" {
            ("CpuUsage", 1600.0)
        } else {
            ("MemoryUsage", 0.85 * 4.0 * 1024.0 * 1024.0 * 1024.0)
        };
        let target = ess(a)["targetResource"].as_str().unwrap();
        let window = |end: chrono::DateTime<chrono::Utc>| {
            format!(
                "{target}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&metricnames={metric}&interval=PT1M&aggregation=Average&timespan={}/{}",
                (end - Duration::minutes(5)).format("%Y-%m-%dT%H:%M:%SZ"),
                end.format("%Y-%m-%dT%H:%M:%SZ")
            )
        };
        // Five one-minute averages: the rule's window, whatever the bucket alignment.
        let avg = |v: Value| {
            let xs: Vec<f64> = v["value"][0]["timeseries"][0]["data"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|p| p["average"].as_f64())
                .collect();
            assert_eq!(xs.len(), 5);
            xs.iter().sum::<f64>() / 5.0
        };
        let at_fire = avg(c.get(&window(fired)).await.json());
        assert!(
            at_fire > threshold,
            "{} on {target}: {at_fire} at {fired}",
            a["name"]
        );
        let before = avg(c.get(&window(fired - Duration::hours(7))).await.json());
        assert!(
            before < threshold,
            "{} on {target}: {before} seven hours before",
            a["name"]
        );
        checked += 1;
    }
    assert!(checked >= 4, "checked {checked}");
}
