//! The fleet's life: determinism per seed, the virtual clock, incidents over time, injected
//! scenarios, stats over HTTP and the standalone handle's lifecycle.

use crate::support::sim_http as sim_support;

use chrono::Duration;
use eduops::model::{Env, SERVICES};
use eduops::sim::Scenario;
use serde_json::{Value, json};
use sim_support::*;

const M: &str = "api-version=2024-02-01";

/// Everything a dashboard reads at start, as one document.
async fn snapshot(c: &Client) -> Value {
    let mut out = Vec::new();
    for env in ["dev", "staging", "prod"] {
        for s in SERVICES {
            out.push(c.get(&format!("{}?{ACI}", c.cg_path(s, env))).await.json());
            out.push(
                c.get(&format!(
                    "{}/providers/Microsoft.Insights/metrics?{M}&timespan=PT6H&interval=PT5M&metricnames=CpuUsage,MemoryUsage&aggregation=Average,Maximum",
                    c.cg_path(s, env)
                ))
                .await
                .json(),
            );
            out.push(json!(
                c.get(&format!(
                    "{}/containers/ci-{s}-{env}/logs?{ACI}&tail=50",
                    c.cg_path(s, env)
                ))
                .await
                .json()
            ));
        }
    }
    out.push(
        c.get(&format!(
            "/subscriptions/{}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-03-01",
            c.sub
        ))
        .await
        .json(),
    );
    Value::Array(out)
}

#[tokio::test]
async fn the_same_seed_tells_the_same_story_and_another_seed_another() {
    let (_a, ca) = start(frozen(7)).await;
    let (_b, cb) = start(frozen(7)).await;
    let (_c, cc) = start(frozen(8)).await;
    let sa = snapshot(&ca).await;
    assert_eq!(sa, snapshot(&cb).await, "same seed, same answers");
    assert_ne!(sa, snapshot(&cc).await, "another seed, another story");
}

#[tokio::test]
async fn a_running_clock_moves_by_itself_and_the_admin_clock_advances() {
    let (h, c) = start(eduops::sim::SimOptions {
        speed: 3600.0,
        ..frozen(1)
    })
    .await;
    let clock = c.get("/_sim/clock").await.json();
    assert_eq!(clock["speed"], 3600.0);
    assert_eq!(clock["start"], "2026-11-26T01:30:00Z");
    // It moves without being advanced (how fast per real second is the clock's unit test).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while h.now() == t0() {
        assert!(
            std::time::Instant::now() < deadline,
            "the clock never moved"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = h.now();
    let r = c
        .http
        .post(format!("{}/_sim/clock", c.base))
        .body(r#"{"advance":"PT2H"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(h.now() - before >= Duration::hours(2));
    let r = c
        .http
        .post(format!("{}/_sim/clock", c.base))
        .body(r#"{"advance_secs":-5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn the_crash_loop_keeps_restarting_as_time_passes() {
    let (h, c) = start(frozen(1)).await;
    let mut crashing = None;
    for s in SERVICES {
        let g = c
            .get(&format!("{}?{ACI}", c.cg_path(s, "prod")))
            .await
            .json();
        let n = g["properties"]["containers"][0]["properties"]["instanceView"]["restartCount"]
            .as_u64()
            .unwrap();
        if n > 0 {
            crashing = Some((s, n));
        }
    }
    let (s, n0) = crashing.unwrap();
    h.advance(Duration::minutes(30));
    let g = c
        .get(&format!("{}?{ACI}", c.cg_path(s, "prod")))
        .await
        .json();
    let iv = &g["properties"]["containers"][0]["properties"]["instanceView"];
    let n1 = iv["restartCount"].as_u64().unwrap();
    assert!(n1 >= n0 + 3, "{n0} -> {n1}");
    let backoff = iv["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "BackOff")
        .unwrap();
    assert_eq!(backoff["type"], "Warning");
    assert!(backoff["count"].as_u64().unwrap() >= 3);
}

#[tokio::test]
async fn a_restart_cures_a_memory_leak() {
    let (h, c) = start(frozen(1)).await;
    h.inject(Scenario::MemoryLeak {
        env: Env::Dev,
        service: "gateway".into(),
        minutes: 60,
    })
    .unwrap();
    h.advance(Duration::minutes(50));
    let path = c.cg_path("gateway", "dev");
    let mem = |v: &Value| {
        v["value"][0]["timeseries"][0]["data"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find_map(|p| p["average"].as_f64())
            .unwrap()
            / (4.0 * 1024.0 * 1024.0 * 1024.0)
    };
    let q = format!(
        "{path}/providers/Microsoft.Insights/metrics?{M}&timespan=PT5M&metricnames=MemoryUsage"
    );
    let high = mem(&c.get(&q).await.json());
    assert!(high > 0.85, "leaked memory {high}");
    assert_eq!(
        c.post(&format!("{path}/restart?{ACI}"), None).await.status,
        204
    );
    h.advance(Duration::minutes(3));
    let low = mem(&c.get(&q).await.json());
    assert!(low < 0.6, "after restart {low}");
}

#[tokio::test]
async fn scenarios_over_http_fail_and_crash_services() {
    let (_h, c) = start(frozen(1)).await;
    let post = |body: Value| {
        let c = c.clone();
        async move {
            c.http
                .post(format!("{}/_sim/scenario", c.base))
                .body(body.to_string())
                .send()
                .await
                .unwrap()
        }
    };
    let r = post(json!({"kind": "fail", "env": "staging", "service": "streaming-ai"})).await;
    assert_eq!(r.status(), 200);
    let g = c
        .get(&format!("{}?{ACI}", c.cg_path("streaming-ai", "staging")))
        .await
        .json();
    assert_eq!(g["properties"]["instanceView"]["state"], "Failed");
    assert_eq!(
        g["properties"]["containers"][0]["properties"]["instanceView"]["currentState"]["state"],
        "Terminated"
    );
    let r = post(json!({"kind": "crash", "env": "dev", "service": "gateway", "minutes": 30})).await;
    assert_eq!(r.status(), 200);
    let g = c
        .get(&format!("{}?{ACI}", c.cg_path("gateway", "dev")))
        .await
        .json();
    let cur = &g["properties"]["containers"][0]["properties"]["instanceView"]["currentState"];
    assert_eq!(cur["detailStatus"], "CrashLoopBackOff");
    let r = post(json!({"kind": "meteor", "env": "dev", "service": "gateway"})).await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn stats_over_http_count_operations_and_log_requests() {
    let (h, c) = start(frozen(1)).await;
    c.get(&format!("{}?{ACI}", c.cg_path("gateway", "prod")))
        .await;
    c.get(&format!("{}?{ACI}", c.cg_path("gateway", "dev")))
        .await;
    c.post(&format!("{}/stop?{ACI}", c.cg_path("gateway", "dev")), None)
        .await;
    c.get("/subscriptions/x/nothing/here").await;
    let v: Value = serde_json::from_str(
        &c.http
            .get(format!("{}/_sim/stats", c.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["counts"]["ContainerGroups_Get"], 2);
    assert_eq!(v["counts"]["ContainerGroups_Stop"], 1);
    assert_eq!(v["counts"]["Unknown"], 1);
    assert_eq!(v["mutating"], 1);
    assert_eq!(v["total"], 4);
    let log = v["requests"].as_array().unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(log[2]["method"], "POST");
    assert_eq!(log[3]["status"], 404);
    assert!(log[0]["virtual_time"].is_string() && log[0]["real_time"].is_string());
    assert!(log[0]["path"].as_str().unwrap().contains("api-version="));
    h.reset_stats();
    assert_eq!(h.stats().total, 0);
}

#[tokio::test]
async fn shutdown_frees_the_port() {
    let (h, c) = start(frozen(1)).await;
    let url = format!("{}/_sim/clock", c.base);
    assert!(c.http.get(&url).send().await.is_ok());
    h.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err());
}
