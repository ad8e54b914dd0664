//! Resource Graph queries (KQL subset, `$skipToken` paging) and Key Vault secret metadata.

use crate::support::sim_http as sim_support;

use serde_json::{Value, json};
use sim_support::*;

const RG: &str = "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";

async fn query(c: &Client, q: &str, options: Value) -> Value {
    let r = c
        .post(
            RG,
            Some(&json!({"subscriptions": [c.sub], "query": q, "options": options})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()
}

#[tokio::test]
async fn container_group_states_by_resource_graph() {
    let (_h, c) = start(frozen(1)).await;
    let v = query(
        &c,
        "Resources | where type =~ 'Microsoft.ContainerInstance/containerGroups' and resourceGroup =~ 'rg-ai-education-platform-prod' | project name, resourceGroup, state = properties.instanceView.state | order by name asc",
        json!({}),
    )
    .await;
    assert_eq!(v["totalRecords"], 6);
    assert_eq!(v["count"], 6);
    let rows = v["data"].as_array().unwrap();
    assert_eq!(
        rows[0],
        json!({"name": "ci-assessment-ai-prod", "resourceGroup": "rg-ai-education-platform-prod", "state": "Running"})
    );
    assert_eq!(v["resultTruncated"], "false");
    assert!(v.get("$skipToken").is_none());
}

#[tokio::test]
async fn resource_graph_pages_with_skip_tokens() {
    let (_h, c) = start(eduops::sim::SimOptions {
        extra_container_groups: 20,
        ..frozen(1)
    })
    .await;
    let q = "Resources | where type =~ 'microsoft.containerinstance/containergroups' | project id, name";
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let options = match &token {
            Some(t) => json!({"$top": 15, "$skipToken": t}),
            None => json!({"$top": 15}),
        };
        let v = query(&c, q, options).await;
        assert_eq!(v["totalRecords"], 38);
        names.extend(
            v["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_string()),
        );
        pages += 1;
        match v["$skipToken"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!((names.len(), pages), (38, 3));
    let bad = c
        .post(
            RG,
            Some(&json!({"query": "Resources | summarize count() by type"})),
        )
        .await;
    assert_eq!(bad.status, 400);
    let bad = c
        .post(
            RG,
            Some(&json!({"query": "Resources", "options": {"$skipToken": "%%%"}})),
        )
        .await;
    assert_eq!(bad.status, 400);
    let other = query(&c, "Resources | where name in~ ('CI-GATEWAY-PROD', 'sqldb-education-dev') | project name, type", json!({})).await;
    assert_eq!(other["totalRecords"], 2);
}

#[tokio::test]
async fn vault_lists_secret_metadata_with_expiries() {
    let (h, c) = start(eduops::sim::SimOptions {
        page_size: 4,
        ..frozen(1)
    })
    .await;
    let vault = h.vault_url("kv-ai-education-platform-staging");
    let (items, pages) = c.get_all(&format!("{vault}/secrets?api-version=7.6")).await;
    assert_eq!((items.len(), pages), (6, 2));
    let now = h.now().timestamp();
    let expired: Vec<&Value> = items
        .iter()
        .filter(|s| s["attributes"]["exp"].as_i64().is_some_and(|e| e < now))
        .collect();
    assert_eq!(expired.len(), 1);
    assert!(
        expired[0]["id"]
            .as_str()
            .unwrap()
            .ends_with("/secrets/acr-password")
    );
    for s in &items {
        assert!(s.get("value").is_none(), "never a secret value");
        assert!(s["attributes"]["created"].is_i64() && s["attributes"]["updated"].is_i64());
    }
    let prod = c
        .get(&format!(
            "{}/secrets?api-version=7.6&maxresults=25",
            h.vault_url("kv-ai-education-platform-prod")
        ))
        .await
        .json();
    let soon = prod["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"].as_str().unwrap().ends_with("/openai-api-key"))
        .unwrap()["attributes"]["exp"]
        .as_i64()
        .unwrap();
    let days = (soon - now) as f64 / 86_400.0;
    assert!((3.0..8.0).contains(&days), "{days}");
    let r = c
        .get(&format!("{vault}/secrets?api-version=7.6&maxresults=26"))
        .await;
    assert_eq!(r.status, 400);
    let anon = Client {
        token: None,
        ..c.clone()
    };
    let r = anon.get(&format!("{vault}/secrets?api-version=7.6")).await;
    assert_eq!((r.status, r.error_code().as_str()), (401, "Unauthorized"));
}
