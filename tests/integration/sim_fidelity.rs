//! What clients that are not eduops met in the simulator: newer api-versions, Key Vault's own
//! error shape, `onlyLatestPerDatabase`, `resultFormat: table`, a SQL server Get, a metric alert
//! rule's status, and `Retry-After` on long-running operation status.

use crate::support::sim_http as sim_support;

use serde_json::json;
use sim_support::*;

#[tokio::test]
async fn current_api_versions_are_accepted() {
    let (h, c) = start(frozen(1)).await;
    for v in ["2026-07-15", "2026-03-15", "2025-10-15", "2025-04-15"] {
        let r = c
            .get(&format!(
                "{}/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-ai-education-platform-prod?api-version={v}",
                c.rg_path("prod")
            ))
            .await;
        assert_eq!(r.status, 200, "Cosmos DB {v}: {}", r.text);
    }
    let vault = h.vault_url("kv-ai-education-platform-prod");
    for v in ["2026-04-01", "2025-07-01", "7.6", "7.0"] {
        let r = c.get(&format!("{vault}/secrets?api-version={v}")).await;
        assert_eq!(r.status, 200, "Key Vault {v}: {}", r.text);
    }
}

#[tokio::test]
async fn key_vault_answers_an_unknown_version_in_its_own_words() {
    let (h, c) = start(frozen(1)).await;
    let vault = h.vault_url("kv-ai-education-platform-prod");
    let r = c
        .get(&format!("{vault}/secrets?api-version=1999-01-01"))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "BadParameter", "{}", r.text);
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("The specified version (1999-01-01) is not recognized"),
        "{msg}"
    );
    assert!(
        !r.text.contains("NoRegisteredProviderFound"),
        "not ARM's shape"
    );
    // ARM routes keep ARM's.
    let r = c
        .get(&format!(
            "{}?api-version=1999-01-01",
            c.cg_path("gateway", "prod")
        ))
        .await;
    assert_eq!(r.error_code(), "NoRegisteredProviderFound");
}

#[tokio::test]
async fn only_latest_per_database_keeps_one_backup() {
    let (_h, c) = start(frozen(1)).await;
    let path = format!(
        "/subscriptions/{}/providers/Microsoft.Sql/locations/koreacentral/longTermRetentionServers/sql-ai-education-platform-prod/longTermRetentionDatabases/sqldb-education-prod/longTermRetentionBackups?api-version=2025-01-01",
        c.sub
    );
    let all = c.get(&path).await.json()["value"]
        .as_array()
        .unwrap()
        .clone();
    assert!(all.len() > 1);
    let latest = c.get(&format!("{path}&onlyLatestPerDatabase=true")).await;
    assert_eq!(latest.status, 200, "{}", latest.text);
    let one = latest.json()["value"].as_array().unwrap().clone();
    assert_eq!(one.len(), 1);
    let newest = all
        .iter()
        .map(|b| b["properties"]["backupTime"].as_str().unwrap().to_string())
        .max()
        .unwrap();
    assert_eq!(one[0]["properties"]["backupTime"], newest.as_str());
}

#[tokio::test]
async fn resource_graph_answers_in_table_format_when_asked() {
    let (_h, c) = start(frozen(1)).await;
    let r = c
        .post(
            "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01",
            Some(&json!({
                "subscriptions": [c.sub],
                "query": "Resources | where type =~ 'Microsoft.ContainerInstance/containerGroups' and resourceGroup =~ 'rg-ai-education-platform-prod' | project name, resourceGroup | order by name asc",
                "options": {"resultFormat": "table"}
            })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    assert_eq!(v["totalRecords"], 6);
    assert_eq!(
        v["data"]["columns"],
        json!([{"name": "name", "type": "string"}, {"name": "resourceGroup", "type": "string"}])
    );
    assert_eq!(
        v["data"]["rows"][0],
        json!(["ci-assessment-ai-prod", "rg-ai-education-platform-prod"])
    );
}

#[tokio::test]
async fn sql_server_and_metric_alert_status_exist() {
    let (_h, c) = start(frozen(1)).await;
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.Sql/servers/sql-ai-education-platform-prod?api-version=2025-01-01",
            c.rg_path("prod")
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    assert_eq!(v["type"], "Microsoft.Sql/servers");
    assert_eq!(
        v["properties"]["fullyQualifiedDomainName"],
        "sql-ai-education-platform-prod.database.windows.net"
    );
    assert_eq!(v["properties"]["state"], "Ready");
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.Sql/servers/nope?api-version=2025-01-01",
            c.rg_path("prod")
        ))
        .await;
    assert_eq!(r.status, 404);

    let rules = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metricAlerts?api-version=2018-03-01",
            c.rg_path("prod")
        ))
        .await
        .json();
    let rule = rules["value"][0]["name"].as_str().unwrap().to_string();
    let r = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metricAlerts/{rule}/status?api-version=2018-03-01",
            c.rg_path("prod")
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let s = &r.json()["value"][0];
    assert_eq!(s["type"], "Microsoft.Insights/metricAlerts/status");
    assert!(
        ["Healthy", "Unhealthy"].contains(&s["properties"]["status"].as_str().unwrap()),
        "{s}"
    );
    assert!(
        s["id"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/metricAlerts/{rule}"))
    );
}

#[tokio::test]
async fn operation_status_says_when_to_ask_again() {
    let (h, c) = start(frozen(1)).await;
    h.inject(eduops::sim::Scenario::Stop {
        env: eduops::model::Env::Dev,
        service: "gateway".into(),
    })
    .unwrap();
    let r = c
        .post(
            &format!(
                "{}/start?api-version=2026-05-01",
                c.cg_path("gateway", "dev")
            ),
            None,
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let op = r.header("azure-asyncoperation").unwrap();
    let status = c.get(&op).await;
    assert_eq!(status.json()["status"], "InProgress", "{}", status.text);
    assert_eq!(status.header("retry-after").as_deref(), Some("1"));
}
