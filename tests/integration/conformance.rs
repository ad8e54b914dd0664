//! Conformance of the simulator to Azure: for every operation the simulator serves, its answer
//! parses into the same model type that parses Microsoft's official example of that operation,
//! and the JSON key paths eduops reads exist in both.
//!
//! Key paths are JSON pointers; `*` stands for "some element of this array" (a path exists when
//! at least one element has it). The paths listed per operation are exactly what
//! `src/azure/convert.rs` and `src/azure/ops/` read.

use std::path::{Path, PathBuf};

use azure_core::http::{Method, Request, Url};
use eduops::azure::models::Page;
use eduops::azure::models::alerts::AlertResource;
use eduops::azure::models::containers::{ContainerGroup, Logs};
use eduops::azure::models::cosmos::{DatabaseAccount, RestorableAccount};
use eduops::azure::models::graph::{ContainerGroupRow, QueryResponse};
use eduops::azure::models::keyvault::SecretItem;
use eduops::azure::models::monitor::{BatchResponse, MetricAlertRule, MetricsResponse};
use eduops::azure::models::sql::{Database, LtrBackup};
use eduops::sim::{SimHandle, SimOptions};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn examples() -> PathBuf {
    std::env::var_os("EDUOPS_AZURE_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/azure-rest-examples")
        })
}

fn example(rel: &str) -> Value {
    let p = examples().join(rel);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap()
}

/// Whether `pointer` (with `*` for any array element) leads somewhere in `v`.
fn has_path(v: &Value, pointer: &str) -> bool {
    fn walk(v: &Value, parts: &[&str]) -> bool {
        let Some((head, rest)) = parts.split_first() else {
            return !v.is_null();
        };
        match (head, v) {
            (&"*", Value::Array(items)) => items.iter().any(|i| walk(i, rest)),
            (key, Value::Object(map)) => map.get(*key).is_some_and(|c| walk(c, rest)),
            (idx, Value::Array(items)) => idx
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .is_some_and(|c| walk(c, rest)),
            _ => false,
        }
    }
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    walk(v, &parts)
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn call(h: &SimHandle, method: Method, path_and_query: &str, body: Option<Value>) -> Answer {
    let http = azure_core::http::new_http_client(None);
    let url = Url::parse(&format!("{}{}", h.base_url, path_and_query)).unwrap();
    let mut req = Request::new(url, method);
    req.insert_header("authorization", format!("Bearer {}", h.token));
    if let Some(b) = body {
        req.insert_header("content-type", "application/json");
        req.set_body(serde_json::to_vec(&b).unwrap());
    } else if method != Method::Get {
        req.insert_header("content-length", "0");
    }
    let resp = http.execute_request(&req).await.unwrap();
    let status = u16::from(resp.status());
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.as_str().to_string()))
        .collect();
    let bytes = resp.into_body().collect().await.unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{path_and_query}: not JSON ({e})"))
    };
    Answer {
        status,
        headers,
        body,
    }
}

/// The simulator's and the example's bodies both parse as `T` and both have every key path.
fn conform<T: DeserializeOwned>(op: &str, sim: &Value, ex: &Value, paths: &[&str]) {
    serde_json::from_value::<T>(sim.clone())
        .unwrap_or_else(|e| panic!("{op}: simulator answer does not parse: {e}\n{sim:#}"));
    serde_json::from_value::<T>(ex.clone())
        .unwrap_or_else(|e| panic!("{op}: official example does not parse: {e}"));
    for p in paths {
        assert!(has_path(ex, p), "{op}: official example lacks {p}");
        assert!(
            has_path(sim, p),
            "{op}: simulator answer lacks {p}\n{sim:#}"
        );
    }
}

const CG_PATHS: &[&str] = &[
    "/id",
    "/name",
    "/properties/provisioningState",
    "/properties/containers/*/name",
    "/properties/containers/*/properties/image",
    "/properties/containers/*/properties/resources/requests/cpu",
    "/properties/containers/*/properties/resources/requests/memoryInGB",
    "/properties/ipAddress/ip",
];

const CG_GET_PATHS: &[&str] = &[
    "/properties/instanceView/state",
    "/properties/instanceView/events",
    "/properties/containers/*/properties/instanceView/restartCount",
    "/properties/containers/*/properties/instanceView/currentState/state",
    "/properties/containers/*/properties/instanceView/currentState/startTime",
    "/properties/containers/*/properties/instanceView/events",
];

const ALERT_PATHS: &[&str] = &[
    "/id",
    "/name",
    "/properties/essentials/severity",
    "/properties/essentials/alertState",
    "/properties/essentials/monitorCondition",
    "/properties/essentials/targetResource",
    "/properties/essentials/targetResourceName",
    "/properties/essentials/targetResourceGroup",
    "/properties/essentials/startDateTime",
];

fn each(prefix: &str, paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| format!("{prefix}{p}")).collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn containers_metrics_and_alerts_answer_like_the_official_examples() {
    let h = eduops::sim::start(SimOptions {
        seed: 1,
        speed: 0.0,
        start: Some(eduops::testing::fixed_now()),
        page_size: 4,
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let sub = h.subscription_id.clone();
    let rg = format!("/subscriptions/{sub}/resourceGroups/rg-ai-education-platform-prod");
    let cg = format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-gateway-prod");
    let aci = "api-version=2026-05-01";

    // ContainerGroups_List, _ListByResourceGroup: no instanceView; paged with nextLink.
    let ex = example("Microsoft.ContainerInstance/2026-05-01/ContainerGroupsList.json");
    let a = call(
        &h,
        Method::Get,
        &format!(
            "/subscriptions/{sub}/providers/Microsoft.ContainerInstance/containerGroups?{aci}"
        ),
        None,
    )
    .await;
    assert_eq!(a.status, 200);
    conform::<Page<ContainerGroup>>(
        "ContainerGroups_List",
        &a.body,
        &ex["responses"]["200"]["body"],
        &refs(&each("/value/*", CG_PATHS)),
    );
    assert!(
        has_path(&a.body, "/nextLink"),
        "18 groups at 4 a page must page"
    );
    assert!(
        a.body["value"][0]["properties"]
            .get("instanceView")
            .is_none()
    );

    let ex =
        example("Microsoft.ContainerInstance/2026-05-01/ContainerGroupsListByResourceGroup.json");
    let a = call(
        &h,
        Method::Get,
        &format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups?{aci}"),
        None,
    )
    .await;
    conform::<Page<ContainerGroup>>(
        "ContainerGroups_ListByResourceGroup",
        &a.body,
        &ex["responses"]["200"]["body"],
        &refs(&each("/value/*", CG_PATHS)),
    );

    // ContainerGroups_Get: the instance view eduops reads state, restarts and events from.
    let ex = example("Microsoft.ContainerInstance/2026-05-01/ContainerGroupsGet_Failed.json");
    let a = call(&h, Method::Get, &format!("{cg}?{aci}"), None).await;
    let mut paths: Vec<&str> = CG_PATHS.to_vec();
    paths.extend(CG_GET_PATHS);
    conform::<ContainerGroup>(
        "ContainerGroups_Get",
        &a.body,
        &ex["responses"]["200"]["body"],
        &paths,
    );

    // Containers_ListLogs.
    let ex = example("Microsoft.ContainerInstance/2026-05-01/ContainerListLogs.json");
    let a = call(
        &h,
        Method::Get,
        &format!("{cg}/containers/ci-gateway-prod/logs?{aci}&tail=10"),
        None,
    )
    .await;
    conform::<Logs>(
        "Containers_ListLogs",
        &a.body,
        &ex["responses"]["200"]["body"],
        &["/content"],
    );

    // Restart and Stop: 204, no body, as the examples.
    for (op, file) in [
        ("restart", "ContainerGroupsRestart.json"),
        ("stop", "ContainerGroupsStop.json"),
    ] {
        let ex = example(&format!("Microsoft.ContainerInstance/2026-05-01/{file}"));
        let a = call(&h, Method::Post, &format!("{cg}/{op}?{aci}"), None).await;
        assert!(
            ex["responses"].get(a.status.to_string()).is_some(),
            "{op}: status {} not in the example",
            a.status
        );
        assert_eq!(a.body, Value::Null);
    }
    // Start of a stopped group: 202 with Azure-AsyncOperation, as the example.
    let ex = example("Microsoft.ContainerInstance/2026-05-01/ContainerGroupsStart.json");
    let a = call(&h, Method::Post, &format!("{cg}/start?{aci}"), None).await;
    assert_eq!(a.status, 202);
    assert!(ex["responses"]["202"]["headers"]["azure-asyncoperation"].is_string());
    let op_url = a
        .header("azure-asyncoperation")
        .expect("Azure-AsyncOperation")
        .to_string();
    let op_path = op_url
        .strip_prefix(&h.base_url)
        .expect("operation on the same host");
    let st = call(&h, Method::Get, op_path, None).await;
    serde_json::from_value::<eduops::azure::models::OperationStatusBody>(st.body.clone())
        .unwrap_or_else(|e| panic!("operation status: {e}: {:#}", st.body));

    // Metrics_List.
    let ex = example("Microsoft.Insights/2024-02-01/GetMetric.json");
    let end = h.now();
    let start = end - chrono::Duration::minutes(30);
    let span = format!(
        "{}/{}",
        start.format("%Y-%m-%dT%H:%M:%SZ"),
        end.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let a = call(&h, Method::Get, &format!("{cg}/providers/Microsoft.Insights/metrics?timespan={span}&interval=PT1M&metricnames=CpuUsage,MemoryUsage&aggregation=Average&api-version=2024-02-01"), None).await;
    conform::<MetricsResponse>(
        "Metrics_List",
        &a.body,
        &ex["responses"]["200"]["body"],
        &[
            "/timespan",
            "/interval",
            "/value/*/name/value",
            "/value/*/unit",
            "/value/*/timeseries/*/data/*/timeStamp",
            "/value/*/timeseries/*/data/*/average",
        ],
    );

    // MetricsBatch_Batch (data plane, lowercase fields).
    let ex = example("Microsoft.Insights.DataPlane/2024-02-01/MetricBatchExample.json");
    let ids: Vec<String> = ["gateway", "lesson-plan-ai"]
        .iter()
        .map(|s| format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-{s}-prod"))
        .collect();
    let a = call(&h, Method::Post, &format!("/subscriptions/{sub}/metrics:getBatch?starttime={}&endtime={}&interval=PT1M&metricnamespace=Microsoft.ContainerInstance/containerGroups&metricnames=CpuUsage,MemoryUsage&aggregation=average&api-version=2024-02-01", start.format("%Y-%m-%dT%H:%M:%SZ"), end.format("%Y-%m-%dT%H:%M:%SZ")), Some(json!({"resourceids": ids}))).await;
    conform::<BatchResponse>(
        "MetricsBatch_Batch",
        &a.body,
        &ex["responses"]["200"]["body"],
        &[
            "/values/*/resourceid",
            "/values/*/value/*/name/value",
            "/values/*/value/*/timeseries/*/data/*/timeStamp",
            "/values/*/value/*/timeseries/*/data/*/average",
        ],
    );

    // Alerts_GetAll and Alerts_ChangeState.
    let ex = example("Microsoft.AlertsManagement/2019-03-01/Alerts_List.json");
    let a = call(&h, Method::Get, &format!("/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-03-01"), None).await;
    conform::<Page<AlertResource>>(
        "Alerts_GetAll",
        &a.body,
        &ex["responses"]["200"]["body"],
        &refs(&each("/value/*", ALERT_PATHS)),
    );
    let alert_id = a.body["value"][0]["id"]
        .as_str()
        .expect("an alert")
        .to_string();
    // Alerts_GetById: one item of the list's shape.
    let a = call(
        &h,
        Method::Get,
        &format!("{alert_id}?api-version=2019-03-01"),
        None,
    )
    .await;
    conform::<AlertResource>(
        "Alerts_GetById",
        &a.body,
        &ex["responses"]["200"]["body"]["value"][0],
        ALERT_PATHS,
    );
    let ex = example("Microsoft.AlertsManagement/2019-03-01/Alerts_ChangeState.json");
    let a = call(
        &h,
        Method::Post,
        &format!("{alert_id}/changestate?api-version=2019-03-01&newState=Acknowledged"),
        Some(json!({"comments": "conformance"})),
    )
    .await;
    conform::<AlertResource>(
        "Alerts_ChangeState",
        &a.body,
        &ex["responses"]["200"]["body"],
        ALERT_PATHS,
    );
    assert_eq!(
        a.body["properties"]["essentials"]["alertState"],
        "Acknowledged"
    );

    // MetricAlerts_ListByResourceGroup and _Get.
    let rule_paths = [
        "/id",
        "/properties/severity",
        "/properties/enabled",
        "/properties/scopes",
        "/properties/criteria/allOf/*/metricName",
        "/properties/criteria/allOf/*/threshold",
    ];
    let ex = example("Microsoft.Insights/2018-03-01/listMetricAlert.json");
    let a = call(
        &h,
        Method::Get,
        &format!("{rg}/providers/Microsoft.Insights/metricAlerts?api-version=2018-03-01"),
        None,
    )
    .await;
    conform::<Page<MetricAlertRule>>(
        "MetricAlerts_ListByResourceGroup",
        &a.body,
        &ex["responses"]["200"]["body"],
        &refs(&each("/value/*", &rule_paths)),
    );
    let ex = example("Microsoft.Insights/2018-03-01/getMetricAlertSingleResource.json");
    let a = call(
        &h,
        Method::Get,
        &format!(
            "{rg}/providers/Microsoft.Insights/metricAlerts/high-cpu-usage?api-version=2018-03-01"
        ),
        None,
    )
    .await;
    conform::<MetricAlertRule>(
        "MetricAlerts_Get",
        &a.body,
        &ex["responses"]["200"]["body"],
        &rule_paths,
    );
}

#[tokio::test]
async fn backups_graph_and_vault_answer_like_the_official_examples() {
    let h = eduops::sim::start(SimOptions {
        seed: 1,
        speed: 0.0,
        start: Some(eduops::testing::fixed_now()),
        page_size: 4,
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let sub = h.subscription_id.clone();
    let rg = format!("/subscriptions/{sub}/resourceGroups/rg-ai-education-platform-prod");

    // Databases_Get.
    let db =
        format!("{rg}/providers/Microsoft.Sql/servers/sql-ai-education-platform-prod/databases");
    let ex = example("Microsoft.Sql/2025-01-01/GetVCoreDatabase.json");
    let a = call(
        &h,
        Method::Get,
        &format!("{db}/sqldb-education-prod?api-version=2025-01-01"),
        None,
    )
    .await;
    let db_paths = [
        "/id",
        "/name",
        "/location",
        "/properties/status",
        "/properties/earliestRestoreDate",
    ];
    conform::<Database>(
        "Databases_Get",
        &a.body,
        &ex["responses"]["200"]["body"],
        &db_paths,
    );

    // LongTermRetentionBackups_ListByDatabase / _ListByServer (names with `;`).
    let ltr = format!(
        "/subscriptions/{sub}/providers/Microsoft.Sql/locations/koreacentral/longTermRetentionServers/sql-ai-education-platform-prod"
    );
    let ltr_paths = [
        "/value/*/id",
        "/value/*/name",
        "/value/*/properties/backupTime",
        "/value/*/properties/databaseName",
    ];
    let ex = example("Microsoft.Sql/2025-01-01/LongTermRetentionBackupListByDatabase.json");
    let a = call(&h, Method::Get, &format!("{ltr}/longTermRetentionDatabases/sqldb-education-prod/longTermRetentionBackups?api-version=2025-01-01"), None).await;
    conform::<Page<LtrBackup>>(
        "LongTermRetentionBackups_ListByDatabase",
        &a.body,
        &ex["responses"]["200"]["body"],
        &ltr_paths,
    );
    assert!(
        a.body["value"][0]["name"]
            .as_str()
            .unwrap_or("")
            .contains(';')
    );
    let ex = example("Microsoft.Sql/2023-08-01/LongTermRetentionBackupListByServer.json");
    let a = call(
        &h,
        Method::Get,
        &format!("{ltr}/longTermRetentionBackups?api-version=2023-08-01"),
        None,
    )
    .await;
    conform::<Page<LtrBackup>>(
        "LongTermRetentionBackups_ListByServer",
        &a.body,
        &ex["responses"]["200"]["body"],
        &ltr_paths,
    );

    // Databases_CreateOrUpdate with createMode PointInTimeRestore.
    let ex = example("Microsoft.Sql/2023-08-01/CreateDatabasePITRMode.json");
    let point = (h.now() - chrono::Duration::hours(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let a = call(&h, Method::Put, &format!("{db}/sqldb-conformance?api-version=2023-08-01"), Some(json!({
        "location": "koreacentral",
        "properties": {"createMode": "PointInTimeRestore", "sourceDatabaseId": format!("{db}/sqldb-education-prod"), "restorePointInTime": point}
    }))).await;
    assert!(
        ex["responses"].get(a.status.to_string()).is_some(),
        "PITR status {} not in the example",
        a.status
    );
    if a.body != Value::Null {
        conform::<Database>(
            "Databases_CreateOrUpdate",
            &a.body,
            &ex["responses"]["201"]["body"],
            &["/id", "/name"],
        );
    }

    // DatabaseAccounts_Get: the backup policy; continuous shape as in the restore example.
    let acct = format!("{rg}/providers/Microsoft.DocumentDB/databaseAccounts");
    let a = call(
        &h,
        Method::Get,
        &format!("{acct}/cosmos-ai-education-platform-prod?api-version=2025-04-15"),
        None,
    )
    .await;
    let ex = example("Microsoft.DocumentDB/2025-04-15/CosmosDBDatabaseAccountGet.json");
    conform::<DatabaseAccount>(
        "DatabaseAccounts_Get",
        &a.body,
        &ex["responses"]["200"]["body"],
        &["/id", "/name", "/location", "/properties/backupPolicy/type"],
    );
    let ex =
        example("Microsoft.DocumentDB/2025-04-15/CosmosDBRestoreDatabaseAccountCreateUpdate.json");
    conform::<DatabaseAccount>(
        "DatabaseAccounts_Get (continuous)",
        &a.body,
        &ex["responses"]["200"]["body"],
        &["/properties/backupPolicy/continuousModeProperties/tier"],
    );

    // RestorableDatabaseAccounts_ListByLocation.
    let ex = example("Microsoft.DocumentDB/2025-04-15/CosmosDBRestorableDatabaseAccountList.json");
    let a = call(&h, Method::Get, &format!("/subscriptions/{sub}/providers/Microsoft.DocumentDB/locations/koreacentral/restorableDatabaseAccounts?api-version=2025-04-15"), None).await;
    conform::<Page<RestorableAccount>>(
        "RestorableDatabaseAccounts_ListByLocation",
        &a.body,
        &ex["responses"]["200"]["body"],
        &[
            "/value/*/id",
            "/value/*/properties/accountName",
            "/value/*/properties/oldestRestorableTime",
            "/value/*/properties/creationTime",
        ],
    );
    // RestorableDatabaseAccounts_List (whole subscription): the same shape.
    let all = call(&h, Method::Get, &format!("/subscriptions/{sub}/providers/Microsoft.DocumentDB/restorableDatabaseAccounts?api-version=2025-04-15"), None).await;
    conform::<Page<RestorableAccount>>(
        "RestorableDatabaseAccounts_List",
        &all.body,
        &ex["responses"]["200"]["body"],
        &[
            "/value/*/id",
            "/value/*/properties/accountName",
            "/value/*/properties/oldestRestorableTime",
        ],
    );
    let source = a.body["value"]
        .as_array()
        .and_then(|v| {
            v.iter()
                .find(|r| r["properties"]["accountName"] == "cosmos-ai-education-platform-prod")
        })
        .map(|r| r["id"].clone())
        .expect("prod account restorable");

    // DatabaseAccounts_CreateOrUpdate with createMode Restore.
    let a = call(&h, Method::Put, &format!("{acct}/cosmos-conformance?api-version=2025-04-15"), Some(json!({
        "location": "koreacentral", "kind": "GlobalDocumentDB",
        "properties": {
            "databaseAccountOfferType": "Standard",
            "locations": [{"locationName": "koreacentral", "failoverPriority": 0, "isZoneRedundant": false}],
            "createMode": "Restore",
            "restoreParameters": {"restoreMode": "PointInTime", "restoreSource": source, "restoreTimestampInUtc": point},
            "backupPolicy": {"type": "Continuous", "continuousModeProperties": {"tier": "Continuous30Days"}}
        }
    }))).await;
    assert!(
        [200, 201, 202].contains(&a.status),
        "cosmos restore: {} {:#}",
        a.status,
        a.body
    );
    let ex =
        example("Microsoft.DocumentDB/2025-04-15/CosmosDBRestoreDatabaseAccountCreateUpdate.json");
    if a.body != Value::Null {
        conform::<DatabaseAccount>(
            "DatabaseAccounts_CreateOrUpdate",
            &a.body,
            &ex["responses"]["200"]["body"],
            &["/id", "/properties/provisioningState"],
        );
    }

    // Resource Graph: one query for the fleet, paged with $skipToken.
    let ex = example("Microsoft.ResourceGraph/2024-04-01/ResourcesNextPageQuery.json");
    let q = eduops::azure::ops::graph::container_groups_query(None);
    let a = call(
        &h,
        Method::Post,
        "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01",
        Some(json!({"subscriptions": [sub], "query": q})),
    )
    .await;
    conform::<QueryResponse<ContainerGroupRow>>(
        "Resources",
        &a.body,
        &ex["responses"]["200"]["body"],
        &[
            "/totalRecords",
            "/count",
            "/data/*/id",
            "/data/*/name",
            "/$skipToken",
        ],
    );
    assert!(
        has_path(&a.body, "/data/*/state"),
        "projected state: {:#}",
        a.body
    );

    // Key Vault GetSecrets (metadata only, never a value).
    let ex = example("Microsoft.KeyVault.DataPlane/7.6/GetSecrets-example.json");
    let a = call(
        &h,
        Method::Get,
        "/_vault/kv-ai-education-platform-prod/secrets?api-version=7.6",
        None,
    )
    .await;
    conform::<Page<SecretItem>>(
        "GetSecrets",
        &a.body,
        &ex["responses"]["200"]["body"],
        &[
            "/value/*/id",
            "/value/*/attributes/enabled",
            "/value/*/attributes/updated",
        ],
    );
    assert!(
        !a.body.to_string().contains("\"value\":\""),
        "a secret value leaked: {}",
        a.body
    );
}

#[test]
fn has_path_understands_wildcards() {
    let v = json!({"a": [{"b": 1}, {"c": {"d": null}}], "e": {"f": "x"}});
    assert!(has_path(&v, "/a/*/b"));
    assert!(!has_path(&v, "/a/*/c/d"));
    assert!(has_path(&v, "/e/f"));
    assert!(!has_path(&v, "/e/g"));
    assert!(has_path(&v, "/a/0/b"));
}
