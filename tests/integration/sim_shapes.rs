//! Shape conformance of the simulator against Microsoft's official examples
//! (`/work/shared/azure-rest-examples`, see SOURCES.md there).
//!
//! For each operation: (1) every key path present both in the example's response and in the
//! simulator's has the same JSON type, and (2) the key paths eduops reads exist in the
//! simulator's response and, where the example shows them, in the example too. The client's own
//! conformance test (deserializing both into `azure::models`) lives with the client.

use crate::support::sim_http as sim_support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::Duration;
use serde_json::{Value, json};
use sim_support::*;

fn examples_dir() -> PathBuf {
    std::env::var_os("EDUOPS_AZURE_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/azure-rest-examples")
        })
}

/// The response body of `status` in an example file; `None` when the examples are absent.
fn example(file: &str, status: &str) -> Option<Value> {
    let path = examples_dir().join(file);
    let text = std::fs::read_to_string(&path).ok()?;
    let v: Value = serde_json::from_str(&text).unwrap();
    Some(v["responses"][status]["body"].clone())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every key path with the types seen there (`[]` for array elements).
fn paths(v: &Value, prefix: &str, out: &mut BTreeMap<String, Vec<&'static str>>) {
    let k = kind(v);
    let e = out.entry(prefix.to_string()).or_default();
    if !e.contains(&k) {
        e.push(k);
    }
    match v {
        Value::Object(m) => {
            for (key, val) in m {
                // Free-form maps whose keys are data, not schema.
                if ["tags", "context", "userAssignedIdentities"]
                    .contains(&prefix.rsplit('.').next().unwrap_or(""))
                {
                    continue;
                }
                paths(val, &format!("{prefix}.{key}"), out);
            }
        }
        Value::Array(a) => {
            for val in a {
                paths(val, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

fn check(name: &str, file: &str, status: &str, sim: &Value, reads: &[&str]) {
    let mut s = BTreeMap::new();
    paths(sim, "", &mut s);
    for r in reads {
        assert!(
            s.contains_key(*r),
            "{name}: eduops reads `{r}` but the simulator does not send it"
        );
    }
    let Some(ex) = example(file, status) else {
        eprintln!(
            "{name}: examples not found at {}; checked the simulator's side only",
            examples_dir().display()
        );
        return;
    };
    let mut e = BTreeMap::new();
    paths(&ex, "", &mut e);
    for r in reads {
        // A path eduops reads that the example omits is fine only for optional parts the
        // example does not show (e.g. instanceView in a list-shaped example).
        if !e.contains_key(*r) {
            eprintln!("{name}: `{r}` is not in {file} (optional there)");
        }
    }
    let mut common = 0;
    for (path, sim_types) in &s {
        if let Some(ex_types) = e.get(path) {
            common += 1;
            let compatible = sim_types
                .iter()
                .all(|t| *t == "null" || ex_types.contains(t) || ex_types.contains(&"null"));
            assert!(
                compatible,
                "{name}: `{path}` is {sim_types:?} in the simulator but {ex_types:?} in {file}"
            );
        }
    }
    let wanted = e.len().min(3);
    assert!(
        common >= wanted,
        "{name}: almost nothing in common with {file} ({common} paths)"
    );
}

#[tokio::test]
async fn container_instance_shapes() {
    let (h, c) = start(frozen(1)).await;
    let get = c
        .get(&format!("{}?{ACI}", c.cg_path("gateway", "prod")))
        .await
        .json();
    let reads = [
        ".id",
        ".name",
        ".properties.provisioningState",
        ".properties.instanceView.state",
        ".properties.instanceView.events[].name",
        ".properties.containers[].name",
        ".properties.containers[].properties.image",
        ".properties.containers[].properties.resources.requests.cpu",
        ".properties.containers[].properties.resources.requests.memoryInGB",
        ".properties.containers[].properties.instanceView.currentState.state",
        ".properties.containers[].properties.instanceView.currentState.startTime",
        ".properties.containers[].properties.instanceView.currentState.detailStatus",
        ".properties.containers[].properties.instanceView.restartCount",
        ".properties.containers[].properties.instanceView.events[].type",
        ".properties.containers[].properties.instanceView.events[].message",
        ".properties.containers[].properties.instanceView.events[].count",
        ".properties.containers[].properties.instanceView.events[].firstTimestamp",
        ".properties.containers[].properties.instanceView.events[].lastTimestamp",
        ".properties.ipAddress.ip",
    ];
    // A stopped group carries group and container instance views, like the Failed example.
    h.inject(eduops::sim::Scenario::Stop {
        env: eduops::model::Env::Prod,
        service: "gateway".into(),
    })
    .unwrap();
    let stopped = c
        .get(&format!("{}?{ACI}", c.cg_path("gateway", "prod")))
        .await
        .json();
    check(
        "ContainerGroups_Get",
        "Microsoft.ContainerInstance/2026-05-01/ContainerGroupsGet_Failed.json",
        "200",
        &stopped,
        &reads,
    );
    check(
        "ContainerGroups_Get",
        "Microsoft.ContainerInstance/2026-05-01/ContainerGroupsGet_Succeeded.json",
        "200",
        &get,
        &reads[..4],
    );
    let list = c
        .get(&format!(
            "/subscriptions/{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
            c.sub
        ))
        .await
        .json();
    let list_reads = [
        ".value[].id",
        ".value[].name",
        ".value[].properties.provisioningState",
        ".value[].properties.containers[].name",
    ];
    check(
        "ContainerGroups_List",
        "Microsoft.ContainerInstance/2026-05-01/ContainerGroupsList.json",
        "200",
        &list,
        &list_reads,
    );
    let by_rg = c
        .get(&format!(
            "{}/providers/Microsoft.ContainerInstance/containerGroups?{ACI}",
            c.rg_path("prod")
        ))
        .await
        .json();
    check(
        "ContainerGroups_ListByResourceGroup",
        "Microsoft.ContainerInstance/2026-05-01/ContainerGroupsListByResourceGroup.json",
        "200",
        &by_rg,
        &list_reads,
    );
    let logs = c
        .get(&format!(
            "{}/containers/ci-gateway-prod/logs?{ACI}&tail=10",
            c.cg_path("gateway", "prod")
        ))
        .await
        .json();
    check(
        "Containers_ListLogs",
        "Microsoft.ContainerInstance/2026-05-01/ContainerListLogs.json",
        "200",
        &logs,
        &[".content"],
    );
}

#[tokio::test]
async fn monitor_shapes() {
    let (h, c) = start(frozen(1)).await;
    let m = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&timespan=PT1H&interval=PT5M&metricnames=CpuUsage,MemoryUsage&aggregation=Average,Maximum",
            c.cg_path("gateway", "prod")
        ))
        .await
        .json();
    let metric_reads = [
        ".value[].name.value",
        ".value[].unit",
        ".value[].timeseries[].data[].timeStamp",
        ".value[].timeseries[].data[].average",
        ".value[].timeseries[].data[].maximum",
    ];
    check(
        "Metrics_List",
        "Microsoft.Insights/2024-02-01/GetMetric.json",
        "200",
        &m,
        &metric_reads,
    );
    let end = h.now();
    let batch = c
        .post(
            &format!(
                "/subscriptions/{}/metrics:getBatch?api-version=2024-02-01&starttime={}&endtime={}&interval=PT5M&metricnamespace=Microsoft.ContainerInstance/containerGroups&metricnames=CpuUsage&aggregation=average,maximum",
                c.sub,
                (end - Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ"),
                end.format("%Y-%m-%dT%H:%M:%SZ")
            ),
            Some(&json!({"resourceids": [c.cg_path("gateway", "prod")]})),
        )
        .await
        .json();
    let batch_reads = [
        ".values[].resourceid",
        ".values[].value[].name.value",
        ".values[].value[].timeseries[].data[].timeStamp",
        ".values[].value[].timeseries[].data[].average",
    ];
    check(
        "MetricsBatch_Batch",
        "Microsoft.Insights.DataPlane/2024-02-01/MetricBatchExample.json",
        "200",
        &batch,
        &batch_reads,
    );

    let alerts = c
        .get(&format!(
            "/subscriptions/{}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-03-01",
            c.sub
        ))
        .await
        .json();
    let alert_reads = [
        ".value[].id",
        ".value[].name",
        ".value[].properties.essentials.severity",
        ".value[].properties.essentials.alertState",
        ".value[].properties.essentials.monitorCondition",
        ".value[].properties.essentials.targetResource",
        ".value[].properties.essentials.startDateTime",
        ".value[].properties.essentials.monitorConditionResolvedDateTime",
        ".value[].properties.essentials.signalType",
        ".value[].properties.essentials.monitorService",
        ".value[].properties.essentials.description",
    ];
    check(
        "Alerts_GetAll",
        "Microsoft.AlertsManagement/2019-03-01/Alerts_List.json",
        "200",
        &alerts,
        &alert_reads,
    );
    let id = alerts["value"][0]["id"].as_str().unwrap().to_string();
    let changed = c
        .post(
            &format!("{id}/changestate?api-version=2019-03-01&newState=Acknowledged"),
            None,
        )
        .await
        .json();
    check(
        "Alerts_ChangeState",
        "Microsoft.AlertsManagement/2019-03-01/Alerts_ChangeState.json",
        "200",
        &changed,
        &[".id", ".properties.essentials.alertState"],
    );

    let rules = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metricAlerts?api-version=2018-03-01",
            c.rg_path("prod")
        ))
        .await
        .json();
    let rule_reads = [
        ".value[].name",
        ".value[].properties.severity",
        ".value[].properties.enabled",
        ".value[].properties.scopes[]",
        ".value[].properties.criteria.allOf[].threshold",
        ".value[].properties.criteria.allOf[].metricName",
    ];
    check(
        "MetricAlerts_ListByResourceGroup",
        "Microsoft.Insights/2018-03-01/listMetricAlert.json",
        "200",
        &rules,
        &rule_reads,
    );
    let rule = c
        .get(&format!(
            "{}/providers/Microsoft.Insights/metricAlerts/high-cpu-usage?api-version=2018-03-01",
            c.rg_path("prod")
        ))
        .await
        .json();
    check(
        "MetricAlerts_Get",
        "Microsoft.Insights/2018-03-01/getMetricAlertSingleResource.json",
        "200",
        &rule,
        &[".name", ".properties.criteria.allOf[].threshold"],
    );
}

#[tokio::test]
async fn backup_shapes() {
    let (_h, c) = start(frozen(1)).await;
    let db = c
        .get(&format!("{}/providers/Microsoft.Sql/servers/sql-ai-education-platform-prod/databases/sqldb-education-prod?api-version=2025-01-01", c.rg_path("prod")))
        .await
        .json();
    check(
        "Databases_Get",
        "Microsoft.Sql/2025-01-01/GetVCoreDatabase.json",
        "200",
        &db,
        &[
            ".id",
            ".name",
            ".properties.status",
            ".properties.earliestRestoreDate",
        ],
    );
    let ltr = c
        .get(&format!("/subscriptions/{}/providers/Microsoft.Sql/locations/koreacentral/longTermRetentionServers/sql-ai-education-platform-prod/longTermRetentionDatabases/sqldb-education-prod/longTermRetentionBackups?api-version=2025-01-01", c.sub))
        .await
        .json();
    let ltr_reads = [
        ".value[].name",
        ".value[].properties.backupTime",
        ".value[].properties.databaseName",
    ];
    check(
        "LongTermRetentionBackups_ListByDatabase",
        "Microsoft.Sql/2025-01-01/LongTermRetentionBackupListByDatabase.json",
        "200",
        &ltr,
        &ltr_reads,
    );
    let ltr_server = c
        .get(&format!("/subscriptions/{}/providers/Microsoft.Sql/locations/koreacentral/longTermRetentionServers/sql-ai-education-platform-prod/longTermRetentionBackups?api-version=2023-08-01", c.sub))
        .await
        .json();
    check(
        "LongTermRetentionBackups_ListByServer",
        "Microsoft.Sql/2023-08-01/LongTermRetentionBackupListByServer.json",
        "200",
        &ltr_server,
        &ltr_reads,
    );

    let acct = c
        .get(&format!("{}/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-ai-education-platform-prod?api-version=2025-04-15", c.rg_path("prod")))
        .await
        .json();
    let acct_reads = [
        ".id",
        ".name",
        ".properties.backupPolicy.type",
        ".properties.instanceId",
        ".properties.provisioningState",
    ];
    check(
        "DatabaseAccounts_Get",
        "Microsoft.DocumentDB/2025-04-15/CosmosDBDatabaseAccountGet.json",
        "200",
        &acct,
        &acct_reads,
    );
    check(
        "DatabaseAccounts_Get (continuous)",
        "Microsoft.DocumentDB/2025-04-15/CosmosDBRestoreDatabaseAccountCreateUpdate.json",
        "200",
        &acct,
        &[".properties.backupPolicy.continuousModeProperties.tier"],
    );
    let restorable = c
        .get(&format!("/subscriptions/{}/providers/Microsoft.DocumentDB/locations/koreacentral/restorableDatabaseAccounts?api-version=2025-04-15", c.sub))
        .await
        .json();
    check(
        "RestorableDatabaseAccounts_ListByLocation",
        "Microsoft.DocumentDB/2025-04-15/CosmosDBRestorableDatabaseAccountList.json",
        "200",
        &restorable,
        &[
            ".value[].id",
            ".value[].properties.accountName",
            ".value[].properties.oldestRestorableTime",
        ],
    );
}

#[tokio::test]
async fn graph_and_vault_shapes() {
    let (h, c) = start(eduops::sim::SimOptions {
        page_size: 4,
        ..frozen(1)
    })
    .await;
    let rg = c
        .post(
            "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01",
            Some(&json!({"subscriptions": [c.sub], "query": "Resources | where type =~ 'microsoft.containerinstance/containergroups' | project id, name, type, location, tags"})),
        )
        .await
        .json();
    check(
        "Resources",
        "Microsoft.ResourceGraph/2024-04-01/ResourcesNextPageQuery.json",
        "200",
        &rg,
        &[".data[].name", ".totalRecords", ".count", ".$skipToken"],
    );
    check(
        "Resources",
        "Microsoft.ResourceGraph/2024-04-01/ResourcesBasicQuery.json",
        "200",
        &rg,
        &[".data[].id", ".resultTruncated"],
    );
    let secrets = c
        .get(&format!(
            "{}/secrets?api-version=7.6",
            h.vault_url("kv-ai-education-platform-prod")
        ))
        .await
        .json();
    check(
        "GetSecrets",
        "Microsoft.KeyVault.DataPlane/7.6/GetSecrets-example.json",
        "200",
        &secrets,
        &[
            ".value[].id",
            ".value[].attributes.enabled",
            ".value[].attributes.updated",
            ".value[].attributes.exp",
            ".nextLink",
        ],
    );
}
