//! Fault injection: every kind, by operation and by path, limited counts, the admin endpoint
//! and fault files.

use crate::support::sim_http as sim_support;

use chrono::Duration;
use eduops::sim::{FaultKind, FaultRule, FaultSet};
use serde_json::json;
use sim_support::*;

fn one(rule: FaultRule) -> FaultSet {
    FaultSet::new(vec![rule])
}

#[tokio::test]
async fn throttle_answers_429_with_retry_after_once() {
    let (h, c) = start(frozen(1)).await;
    h.set_faults(one(FaultRule::new(FaultKind::Throttle)
        .on_operation("ContainerGroups_Get")
        .retry_after(2)
        .times(1)));
    let path = format!("{}?{ACI}", c.cg_path("gateway", "prod"));
    let r = c.get(&path).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.error_code(), "TooManyRequests");
    assert_eq!(r.header("retry-after").as_deref(), Some("2"));
    assert_eq!(
        r.header("x-ms-ratelimit-remaining-subscription-reads")
            .as_deref(),
        Some("0")
    );
    assert_eq!(c.get(&path).await.status, 200);
    // The log shows both attempts, so a client's wait between them can be measured.
    let log: Vec<_> = h.stats().requests.iter().map(|r| r.status).collect();
    assert_eq!(log, [429, 200]);
}

#[tokio::test]
async fn server_errors_unavailable_conflict_forbidden_and_expired_tokens() {
    let (h, c) = start(frozen(1)).await;
    let get = format!("{}?{ACI}", c.cg_path("gateway", "prod"));
    let restart = format!("{}/restart?{ACI}", c.cg_path("gateway", "prod"));
    let cases = [
        (FaultKind::ServerError, 500, "InternalServerError"),
        (FaultKind::Unavailable, 503, "ServiceUnavailable"),
        (FaultKind::Unauthorized, 401, "ExpiredAuthenticationToken"),
    ];
    for (kind, status, code) in cases {
        h.set_faults(one(FaultRule::new(kind)
            .on_path("*/containerGroups/ci-gateway-prod")
            .times(1)));
        let r = c.get(&get).await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (status, code),
            "{kind:?}"
        );
        if kind == FaultKind::Unauthorized {
            // Expired by the simulator's clock, like everything else it says about time.
            assert!(
                r.text.contains("current UTC time '11/26/2026 1:30:00 AM'"),
                "{}",
                r.text
            );
        }
        assert_eq!(
            c.get(&get).await.status,
            200,
            "{kind:?} was limited to once"
        );
    }
    h.set_faults(one(
        FaultRule::new(FaultKind::Unavailable).on_operation("ContainerGroups_Get")
    ));
    assert!(c.get(&get).await.header("retry-after").is_some());

    h.set_faults(one(
        FaultRule::new(FaultKind::Forbidden).on_path("*/restart")
    ));
    let r = c.post(&restart, None).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (403, "AuthorizationFailed")
    );
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("Microsoft.ContainerInstance/containerGroups/restart/action"),
        "{msg}"
    );
    assert!(msg.contains("/containerGroups/ci-gateway-prod'"), "{msg}");
    h.set_faults(one(
        FaultRule::new(FaultKind::Conflict).on_operation("ContainerGroups_Restart")
    ));
    let r = c.post(&restart, None).await;
    assert_eq!((r.status, r.error_code().as_str()), (409, "Conflict"));
    // Refused mutations changed nothing.
    let g = c.get(&get).await.json();
    assert_eq!(g["properties"]["instanceView"]["state"], "Running");
    assert_eq!(
        h.stats().mutating,
        2,
        "refused mutations are still counted as attempted"
    );
}

#[tokio::test]
async fn malformed_json_and_dropped_connections() {
    let (h, c) = start(frozen(1)).await;
    let list = format!(
        "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
        c.rg_path("prod")
    );
    h.set_faults(one(FaultRule::new(FaultKind::MalformedJson)
        .on_operation("ContainerGroups_ListByResourceGroup")
        .times(1)));
    let r = c.get(&list).await;
    assert_eq!(r.status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&r.text).is_err(),
        "{}",
        r.text
    );
    h.set_faults(one(FaultRule::new(FaultKind::Drop)
        .on_operation("ContainerGroups_ListByResourceGroup")
        .times(1)));
    let sent = c
        .http
        .get(format!("{}{list}", c.base))
        .bearer_auth(&h.token)
        .send()
        .await;
    let failed = match sent {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(
        failed,
        "a dropped connection must surface as a transport error"
    );
    assert_eq!(c.get(&list).await.status, 200);
    assert_eq!(
        h.stats().requests.iter().filter(|r| r.status == 0).count(),
        1
    );
}

/// What the latency was is recorded; how long the wait really took is the benches' business.
#[tokio::test]
async fn latency_adds_up_and_applies_only_where_it_matches() {
    let (h, c) = start(frozen(1)).await;
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Latency)
            .on_operation("ContainerGroups_Get")
            .latency(150),
        FaultRule::new(FaultKind::Latency)
            .on_path("*ci-gateway-prod*")
            .latency(100),
    ]));
    assert_eq!(
        c.get(&format!("{}?{ACI}", c.cg_path("gateway", "prod")))
            .await
            .status,
        200,
        "a delayed answer is still a whole answer"
    );
    c.get(&format!("{}?{ACI}", c.cg_path("streaming-ai", "prod")))
        .await;
    c.get(&format!(
        "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
        c.rg_path("prod")
    ))
    .await;
    let added: Vec<(String, u64)> = h
        .stats()
        .requests
        .iter()
        .map(|r| (r.operation.clone(), r.latency_ms))
        .collect();
    assert_eq!(
        added,
        [
            ("ContainerGroups_Get".to_string(), 250),
            ("ContainerGroups_Get".to_string(), 150),
            ("ContainerGroups_ListByResourceGroup".to_string(), 0),
        ]
    );
}

#[tokio::test]
async fn lro_fail_makes_a_start_end_failed_and_changes_nothing() {
    let (h, c) = start(frozen(1)).await;
    let path = c.cg_path("teaching-agent", "prod");
    assert_eq!(
        c.post(&format!("{path}/stop?{ACI}"), None).await.status,
        204
    );
    h.set_faults(one(
        FaultRule::new(FaultKind::LroFail).on_operation("ContainerGroups_Start")
    ));
    let r = c.post(&format!("{path}/start?{ACI}"), None).await;
    assert_eq!(r.status, 202);
    let op = r.header("azure-asyncoperation").unwrap();
    assert_eq!(c.get(&op).await.json()["status"], "InProgress");
    h.advance(Duration::minutes(1));
    let status = c.get(&op).await.json();
    assert_eq!(status["status"], "Failed");
    assert!(status["error"]["code"].is_string() && status["error"]["message"].is_string());
    let g = c.get(&format!("{path}?{ACI}")).await.json();
    assert_eq!(g["properties"]["instanceView"]["state"], "Stopped");
    // A restart under the same kind of fault also answers 202 and fails.
    h.set_faults(one(FaultRule::new(FaultKind::LroFail).on_path("*/restart")));
    let r = c
        .post(
            &format!("{}/restart?{ACI}", c.cg_path("gateway", "prod")),
            None,
        )
        .await;
    assert_eq!(r.status, 202);
}

#[tokio::test]
async fn faults_can_be_set_over_http_as_toml_or_json() {
    let (h, c) = start(frozen(1)).await;
    let toml =
        "[[rule]]\noperation = \"ContainerGroups_Get\"\nkind = \"server-error\"\ntimes = 1\n";
    let r = c
        .http
        .put(format!("{}/_sim/faults", c.base))
        .body(toml)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.get(&format!("{}?{ACI}", c.cg_path("gateway", "prod")))
            .await
            .status,
        500
    );
    let j = json!({"rule": [{"path": "*/restart", "kind": "forbidden"}]});
    let r = c
        .http
        .put(format!("{}/_sim/faults", c.base))
        .body(j.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got: serde_json::Value = serde_json::from_str(
        &c.http
            .get(format!("{}/_sim/faults", c.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(got["rule"][0]["kind"], "forbidden");
    let r = c
        .http
        .put(format!("{}/_sim/faults", c.base))
        .body("[[rule]]\nkind = \"explode\"\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Admin calls are not counted as Azure calls.
    assert_eq!(h.stats().total, 1);
}

#[test]
fn fault_files_load_and_report_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("faults.toml");
    std::fs::write(
        &good,
        "[[rule]]\npath = \"*/metrics*\"\nkind = \"throttle\"\nretry_after_secs = 3\n",
    )
    .unwrap();
    let set = FaultSet::load(&good).unwrap();
    assert_eq!(set.rules[0].retry_after_secs, Some(3));
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[rule]]\nkind = 3\n").unwrap();
    let err = FaultSet::load(&bad).unwrap_err().to_string();
    assert!(err.contains("bad.toml"), "{err}");
    assert!(FaultSet::load(&dir.path().join("missing.toml")).is_err());
}

#[test]
fn shipped_fault_examples_parse() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("faults");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let set = FaultSet::load(&path).unwrap_or_else(|e| panic!("{e}"));
            assert!(!set.rules.is_empty(), "{}", path.display());
            n += 1;
        }
    }
    assert!(n >= 3);
}
