//! Container groups over HTTP: list, get, restart/start/stop, logs, auth and ARM errors.

use crate::support::sim_http as sim_support;

use chrono::Duration;
use serde_json::json;
use sim_support::*;

#[tokio::test]
async fn requests_without_the_token_get_arms_401() {
    let (h, c) = start(frozen(1)).await;
    let path = format!(
        "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
        c.rg_path("prod")
    );
    let anon = Client {
        token: None,
        ..c.clone()
    };
    let r = anon.get(&path).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.error_code(), "AuthenticationFailed");
    assert!(r.header("www-authenticate").is_some());
    let wrong = Client {
        token: Some("not-the-token".into()),
        ..c.clone()
    };
    let r = wrong.get(&path).await;
    assert_eq!(r.status, 401);
    assert!(!r.text.contains(&h.token), "the token must never be echoed");
    assert_eq!(c.get(&path).await.status, 200);
}

#[tokio::test]
async fn any_bearer_is_accepted_when_asked() {
    let (_h, c) = start(eduops::sim::SimOptions {
        accept_any_token: true,
        ..frozen(1)
    })
    .await;
    let path = format!(
        "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
        c.rg_path("dev")
    );
    let other = Client {
        token: Some("eyJ0eXAiOiJKV1QifQ.from-az-cli".into()),
        ..c.clone()
    };
    assert_eq!(other.get(&path).await.status, 200);
    let anon = Client { token: None, ..c };
    assert_eq!(anon.get(&path).await.status, 401);
}

#[tokio::test]
async fn list_has_six_groups_per_environment_without_instance_view() {
    let (_h, c) = start(frozen(1)).await;
    for env in ["dev", "staging", "prod"] {
        let (items, _) = c
            .get_all(&format!(
                "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
                c.rg_path(env)
            ))
            .await;
        let names: Vec<&str> = items.iter().map(|g| g["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            eduops::model::SERVICES
                .iter()
                .map(|s| format!("ci-{s}-{env}"))
                .collect::<Vec<_>>()
        );
        for g in &items {
            assert!(
                g["properties"].get("instanceView").is_none(),
                "list must omit instanceView"
            );
            let c0 = &g["properties"]["containers"][0]["properties"];
            assert!(c0.get("instanceView").is_none());
            assert_eq!(c0["resources"]["requests"]["cpu"], json!(2.0));
            assert_eq!(c0["resources"]["requests"]["memoryInGB"], json!(4.0));
            assert_eq!(c0["ports"][0]["port"], json!(8000));
            assert_eq!(g["properties"]["restartPolicy"], "Always");
            assert_eq!(g["type"], "Microsoft.ContainerInstance/containerGroups");
        }
    }
    let (all, _) = c
        .get_all(&format!(
            "/subscriptions/{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
            c.sub
        ))
        .await;
    assert_eq!(all.len(), 18);
}

#[tokio::test]
async fn paging_follows_full_url_next_links() {
    let (_h, c) = start(eduops::sim::SimOptions {
        page_size: 4,
        extra_container_groups: 30,
        ..frozen(1)
    })
    .await;
    let first = c
        .get(&format!(
            "/subscriptions/{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
            c.sub
        ))
        .await
        .json();
    assert_eq!(first["value"].as_array().unwrap().len(), 4);
    let next = first["nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&c.base),
        "nextLink must be a full URL: {next}"
    );
    let (all, pages) = c
        .get_all(&format!(
            "/subscriptions/{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
            c.sub
        ))
        .await;
    assert_eq!(all.len(), 48);
    assert_eq!(pages, 12);
    let mut names: Vec<&str> = all.iter().map(|g| g["name"].as_str().unwrap()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 48, "pages must not overlap");
}

#[tokio::test]
async fn prod_starts_with_a_crash_looping_service_and_others_running() {
    let (_h, c) = start(frozen(1)).await;
    let mut restarting = Vec::new();
    for s in eduops::model::SERVICES {
        let g = c.get(&format!("{}?{ACI}", c.cg_path(s, "prod"))).await;
        assert_eq!(g.status, 200);
        let g = g.json();
        assert_eq!(g["properties"]["instanceView"]["state"], "Running", "{s}");
        let iv = &g["properties"]["containers"][0]["properties"]["instanceView"];
        assert!(iv["currentState"]["state"].is_string());
        if iv["restartCount"].as_u64().unwrap() > 0 {
            assert_eq!(iv["previousState"]["state"], "Terminated");
            let warning = iv["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["type"] == "Warning");
            assert!(warning, "a restarting service shows a Warning event");
            restarting.push(s);
        }
    }
    assert_eq!(
        restarting.len(),
        1,
        "exactly one prod service restarting: {restarting:?}"
    );
    assert_ne!(restarting[0], "gateway");
}

#[tokio::test]
async fn restart_makes_the_group_pending_then_running_with_one_more_restart() {
    let (h, c) = start(frozen(3)).await;
    let path = c.cg_path("lesson-plan-ai", "dev");
    let before = c.get(&format!("{path}?{ACI}")).await.json();
    let count = |g: &serde_json::Value| {
        g["properties"]["containers"][0]["properties"]["instanceView"]["restartCount"]
            .as_u64()
            .unwrap()
    };
    let n0 = count(&before);
    let r = c.post(&format!("{path}/restart?{ACI}"), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let during = c.get(&format!("{path}?{ACI}")).await.json();
    assert_eq!(during["properties"]["instanceView"]["state"], "Pending");
    assert_eq!(count(&during), n0 + 1);
    h.advance(Duration::seconds(30));
    let after = c.get(&format!("{path}?{ACI}")).await.json();
    assert_eq!(after["properties"]["instanceView"]["state"], "Running");
    let cur = &after["properties"]["containers"][0]["properties"]["instanceView"]["currentState"];
    assert_eq!(cur["state"], "Running");
    let started: chrono::DateTime<chrono::Utc> =
        cur["startTime"].as_str().unwrap().parse().unwrap();
    assert!(
        started > super_t0(),
        "the container started again after the restart"
    );
    let stats = h.stats();
    assert_eq!(stats.count("ContainerGroups_Restart"), 1);
    assert_eq!(stats.mutating, 1);
}

fn super_t0() -> chrono::DateTime<chrono::Utc> {
    t0()
}

#[tokio::test]
async fn stop_then_start_runs_an_async_operation_to_success() {
    let (h, c) = start(frozen(1)).await;
    let path = c.cg_path("assessment-ai", "staging");
    assert_eq!(
        c.post(&format!("{path}/stop?{ACI}"), None).await.status,
        204
    );
    let g = c.get(&format!("{path}?{ACI}")).await.json();
    assert_eq!(g["properties"]["instanceView"]["state"], "Stopped");
    let r = c.post(&format!("{path}/start?{ACI}"), None).await;
    assert_eq!(r.status, 202);
    let op = r
        .header("azure-asyncoperation")
        .expect("Azure-AsyncOperation header");
    assert!(
        op.starts_with(&c.base)
            && op.contains(
                "/providers/Microsoft.ContainerInstance/locations/koreacentral/operations/"
            ),
        "{op}"
    );
    assert_eq!(c.get(&op).await.json()["status"], "InProgress");
    h.advance(Duration::seconds(25));
    assert_eq!(c.get(&op).await.json()["status"], "Succeeded");
    let g = c.get(&format!("{path}?{ACI}")).await.json();
    assert_eq!(g["properties"]["instanceView"]["state"], "Running");
    // Starting a running group has nothing to wait for.
    assert_eq!(
        c.post(&format!("{path}/start?{ACI}"), None).await.status,
        204
    );
}

#[tokio::test]
async fn logs_are_realistic_and_honour_tail_and_timestamps() {
    let (_h, c) = start(frozen(1)).await;
    let path = c.cg_path("gateway", "prod");
    let r = c
        .get(&format!(
            "{path}/containers/ci-gateway-prod/logs?{ACI}&tail=20"
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let content = r.json()["content"].as_str().unwrap().to_string();
    assert_eq!(content.lines().count(), 20);
    assert!(content.contains("HTTP/1.1"), "{content}");
    let r = c
        .get(&format!(
            "{path}/containers/ci-gateway-prod/logs?{ACI}&tail=5&timestamps=true"
        ))
        .await;
    for line in r.json()["content"].as_str().unwrap().lines() {
        let stamp = line.split(' ').next().unwrap();
        assert!(
            stamp.parse::<chrono::DateTime<chrono::Utc>>().is_ok(),
            "{line}"
        );
    }
    let r = c.get(&format!("{path}/containers/nope/logs?{ACI}")).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn arm_errors_for_unknown_things() {
    let (_h, c) = start(frozen(1)).await;
    let r = c.get(&format!("{}?{ACI}", c.cg_path("nope", "prod"))).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (404, "ResourceNotFound")
    );
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
            c.rg_path("qa")
        ))
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (404, "ResourceGroupNotFound")
    );
    let r = c
        .get(&format!(
            "{}?api-version=1999-01-01",
            c.cg_path("gateway", "prod")
        ))
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "NoRegisteredProviderFound")
    );
    let r = c.get(&c.cg_path("gateway", "prod")).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "MissingApiVersionParameter")
    );
    let r = c.get(&format!("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.ContainerInstance/containerGroups?{ACI}")).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (404, "SubscriptionNotFound")
    );
    // ARM paths match without case.
    let lower = c.cg_path("gateway", "prod").to_lowercase();
    assert_eq!(c.get(&format!("{lower}?{ACI}")).await.status, 200);
}

/// Every route under a resource group goes through the one check, before its provider: an
/// unknown group is ResourceGroupNotFound whatever the provider, reads and writes alike.
#[tokio::test]
async fn an_unknown_resource_group_is_refused_the_same_way_by_every_provider() {
    let (h, c) = start(frozen(1)).await;
    let rg = c.rg_path("qa");
    let cg = format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-gateway-qa");
    let sql = format!(
        "{rg}/providers/Microsoft.Sql/servers/sql-ai-education-platform-qa/databases/sqldb-education-qa?api-version=2025-01-01"
    );
    let cosmos = format!(
        "{rg}/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-ai-education-platform-qa?api-version=2025-04-15"
    );
    let gets = [
        format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}"),
        format!("{cg}?{ACI}"),
        format!("{cg}/containers/ci-gateway-qa/logs?{ACI}"),
        format!("{rg}/providers/Microsoft.Insights/metricAlerts?api-version=2018-03-01"),
        format!(
            "{rg}/providers/Microsoft.Insights/metricAlerts/high-cpu-usage?api-version=2018-03-01"
        ),
        sql.clone(),
        cosmos.clone(),
    ];
    for path in &gets {
        let r = c.get(path).await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (404, "ResourceGroupNotFound"),
            "GET {path}: {}",
            r.text
        );
        assert!(
            r.text
                .contains("Resource group 'rg-ai-education-platform-qa' could not be found.")
        );
    }
    for action in ["restart", "start", "stop"] {
        let r = c.post(&format!("{cg}/{action}?{ACI}"), None).await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (404, "ResourceGroupNotFound"),
            "{action}"
        );
    }
    for path in [&sql, &cosmos] {
        let r = c
            .put(path, &json!({"location": "koreacentral", "properties": {}}))
            .await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (404, "ResourceGroupNotFound"),
            "PUT {path}"
        );
    }
    assert_eq!(
        h.stats().mutating,
        5,
        "refused writes still count as mutating requests"
    );
    // The check matches without case, like the rest of ARM.
    let upper = c.cg_path("gateway", "prod").replace(
        "rg-ai-education-platform-prod",
        "RG-AI-EDUCATION-PLATFORM-PROD",
    );
    assert_eq!(c.get(&format!("{upper}?{ACI}")).await.status, 200);
}
