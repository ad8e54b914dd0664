//! Azure Monitor metrics from the simulator: shapes, intervals, aggregations, batch, history,
//! the school-day curve and bad parameters.

use crate::support::sim_http as sim_support;

use chrono::Duration;
use serde_json::{Value, json};
use sim_support::*;

const M: &str = "api-version=2024-02-01";

fn points(v: &Value, metric: usize) -> Vec<Value> {
    v["value"][metric]["timeseries"][0]["data"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_full_day_of_one_minute_history_is_there_at_start() {
    let (h, c) = start(frozen(1)).await;
    let end = h.now();
    let begin = end - Duration::hours(24);
    let ts = format!("{}/{}", begin.to_rfc3339(), end.to_rfc3339()).replace('+', "%2B");
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metrics?{M}&timespan={ts}&interval=PT1M&metricnames=CpuUsage,MemoryUsage&aggregation=Average,Maximum",
            c.cg_path("lesson-plan-ai", "prod")
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    assert_eq!(v["interval"], "PT1M");
    assert_eq!(v["value"][0]["name"]["value"], "CpuUsage");
    assert_eq!(v["value"][1]["name"]["value"], "MemoryUsage");
    assert_eq!(v["value"][1]["unit"], "Bytes");
    let cpu = points(&v, 0);
    assert_eq!(cpu.len(), 1440);
    let with_data = cpu.iter().filter(|p| p.get("average").is_some()).count();
    assert!(with_data >= 1430, "only {with_data} minutes have data");
    for p in &cpu {
        if let (Some(a), Some(m)) = (p["average"].as_f64(), p["maximum"].as_f64()) {
            assert!((0.0..=2000.0).contains(&a) && m >= a, "{p}");
        }
    }
    // A minute still being collected has a timeStamp only.
    h.advance(Duration::seconds(30));
    let v = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metrics?{M}&timespan=PT3M&interval=PT1M",
            c.cg_path("lesson-plan-ai", "prod")
        ))
        .await
        .json();
    let recent = points(&v, 0);
    let last = recent.last().unwrap();
    assert!(last.get("average").is_none(), "{last}");
    assert!(recent[0].get("average").is_some(), "{}", recent[0]);
}

#[tokio::test]
async fn class_hours_are_busier_than_the_night() {
    let (_h, c) = start(frozen(1)).await;
    let path = c.cg_path("assessment-ai", "prod");
    let avg = |v: &Value| {
        let d = points(v, 0);
        let xs: Vec<f64> = d.iter().filter_map(|p| p["average"].as_f64()).collect();
        xs.iter().sum::<f64>() / xs.len() as f64
    };
    // 2026-11-26 00:30–01:30 UTC is 09:30–10:30 KST; 17:00–18:00 UTC the day before is 02:00–03:00 KST.
    let class = c
        .get(&format!("{path}/providers/Microsoft.Insights/metrics?{M}&timespan=2026-11-26T00:30:00Z/2026-11-26T01:29:00Z&interval=PT5M"))
        .await
        .json();
    let night = c
        .get(&format!("{path}/providers/Microsoft.Insights/metrics?{M}&timespan=2026-11-25T17:00:00Z/2026-11-25T18:00:00Z&interval=PT5M"))
        .await
        .json();
    assert_eq!(points(&class, 0).len(), 12);
    assert!(
        avg(&class) > 2.5 * avg(&night),
        "class {} night {}",
        avg(&class),
        avg(&night)
    );
}

#[tokio::test]
async fn gateway_cpu_is_over_the_alert_threshold_at_start() {
    let (_h, c) = start(frozen(1)).await;
    let v = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metrics?{M}&timespan=PT10M&interval=PT5M&aggregation=Average",
            c.cg_path("gateway", "prod")
        ))
        .await
        .json();
    let latest = points(&v, 0)
        .iter()
        .rev()
        .find_map(|p| p["average"].as_f64())
        .unwrap();
    assert!(
        latest > 1600.0,
        "gateway CPU {latest} millicores should exceed 80 % of 2000"
    );
}

#[tokio::test]
async fn hourly_buckets_aggregate_minutes() {
    let (_h, c) = start(frozen(1)).await;
    let base = format!(
        "{}/providers/Microsoft.Insights/metrics?{M}",
        c.cg_path("content-gen-ai", "staging")
    );
    let span = "timespan=2026-11-25T20:00:00Z/2026-11-25T22:00:00Z";
    let hourly = c
        .get(&format!(
            "{base}&{span}&interval=PT1H&aggregation=Average,Maximum"
        ))
        .await
        .json();
    let minutes = c
        .get(&format!(
            "{base}&{span}&interval=PT1M&aggregation=Average,Maximum"
        ))
        .await
        .json();
    let h = points(&hourly, 0);
    let m = points(&minutes, 0);
    assert_eq!((h.len(), m.len()), (2, 120));
    let first_hour: Vec<f64> = m[..60]
        .iter()
        .map(|p| p["average"].as_f64().unwrap())
        .collect();
    let mean = first_hour.iter().sum::<f64>() / 60.0;
    assert!((h[0]["average"].as_f64().unwrap() - mean).abs() < 0.05);
    let max = m[..60]
        .iter()
        .map(|p| p["maximum"].as_f64().unwrap())
        .fold(0.0, f64::max);
    assert_eq!(h[0]["maximum"].as_f64().unwrap(), max);
}

#[tokio::test]
async fn bad_parameters_are_400() {
    let (_h, c) = start(frozen(1)).await;
    let base = format!(
        "{}/providers/Microsoft.Insights/metrics",
        c.cg_path("gateway", "prod")
    );
    for q in [
        "timespan=yesterday",
        "timespan=2026-11-26T01:00:00Z/2026-11-26T00:00:00Z",
        "interval=PT2M",
        "metricnames=Percentage%20CPU",
        "aggregation=Median",
    ] {
        let r = c.get(&format!("{base}?{M}&{q}")).await;
        assert_eq!(r.status, 400, "{q}: {}", r.text);
        assert!(!r.error_code().is_empty());
    }
    let r = c
        .get(&format!("{base}?api-version=2017-05-01-preview"))
        .await;
    assert_eq!(r.status, 400);
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metrics?{M}",
            c.cg_path("nope", "prod")
        ))
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn batch_answers_up_to_fifty_resources_with_lowercase_fields() {
    let (h, c) = start(eduops::sim::SimOptions {
        extra_container_groups: 60,
        ..frozen(1)
    })
    .await;
    let ids: Vec<String> = eduops::model::SERVICES
        .iter()
        .map(|s| c.cg_path(s, "prod"))
        .collect();
    let end = h.now();
    let q = format!(
        "{M}&starttime={}&endtime={}&interval=PT1M&metricnamespace=Microsoft.ContainerInstance/containerGroups&metricnames=CpuUsage,MemoryUsage&aggregation=average,maximum",
        (end - Duration::minutes(30)).format("%Y-%m-%dT%H:%M:%SZ"),
        end.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    let r = c
        .post(
            &format!("/subscriptions/{}/metrics:getBatch?{q}", c.sub),
            Some(&json!({ "resourceids": ids })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    let values = v["values"].as_array().unwrap();
    assert_eq!(values.len(), 6);
    for (val, id) in values.iter().zip(&ids) {
        assert_eq!(val["resourceid"].as_str().unwrap(), id);
        assert_eq!(
            val["namespace"],
            "microsoft.containerinstance/containergroups"
        );
        assert!(val["starttime"].is_string() && val["endtime"].is_string());
        assert_eq!(
            val["value"][0]["timeseries"][0]["data"]
                .as_array()
                .unwrap()
                .len(),
            30
        );
    }
    let many: Vec<String> = (0..51)
        .map(|i| c.cg_path(&format!("extra-{i:04}"), "dev"))
        .collect();
    let r = c
        .post(
            &format!("/subscriptions/{}/metrics:getBatch?{q}", c.sub),
            Some(&json!({ "resourceids": many })),
        )
        .await;
    assert_eq!(r.status, 400, "51 ids must be refused");
    let r = c
        .post(
            &format!("/subscriptions/{}/metrics:getBatch?{q}", c.sub),
            Some(&json!({ "resourceids": &many[..50] })),
        )
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn a_stopped_group_has_a_gap_in_its_metrics() {
    let (h, c) = start(frozen(1)).await;
    let path = c.cg_path("streaming-ai", "dev");
    assert_eq!(
        c.post(&format!("{path}/stop?api-version=2026-05-01"), None)
            .await
            .status,
        204
    );
    h.advance(Duration::minutes(10));
    let v = c
        .get(&format!(
            "{path}/providers/Microsoft.Insights/metrics?{M}&timespan=PT20M&interval=PT1M"
        ))
        .await
        .json();
    let d = points(&v, 0);
    let empty = d.iter().filter(|p| p.get("average").is_none()).count();
    let full = d.iter().filter(|p| p.get("average").is_some()).count();
    assert!((10..=11).contains(&empty), "{empty} empty minutes");
    assert!(full >= 9, "{full} minutes with data");
}
