//! Every official Azure REST example in `../shared/azure-rest-examples/` parses into the client's
//! models, and the domain conversions read the values eduops shows from it.
//!
//! The folder is walked, not listed: an example added later without a model here fails, unless
//! `azure_examples_pending.toml` names it with the issue that will read it.

use std::path::{Path, PathBuf};

use eduops::azure::convert;
use eduops::azure::models::Page;
use eduops::azure::models::alerts::{AlertResource, ChangeStateBody};
use eduops::azure::models::containers::{ContainerGroup, Logs};
use eduops::azure::models::cosmos::{DatabaseAccount, RestorableAccount, RestoreAccountRequest};
use eduops::azure::models::graph::{QueryRequest, QueryResponse, ResourceRow};
use eduops::azure::models::keyvault::SecretItem;
use eduops::azure::models::monitor::{
    ActivityLogEvent, BatchRequest, BatchResponse, MetricAlertRule, MetricAlertStatusCollection,
    MetricDefinitions, MetricsResponse,
};
use eduops::azure::models::registry::{ImportImageRequest, Repositories, RepositoryAttributes};
use eduops::azure::models::sql::{Database, LtrBackup, RestorableDroppedDatabase, RestoreRequest};
use eduops::model::{AlertState, MonitorCondition, ServiceState, Severity};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn examples_dir() -> PathBuf {
    std::env::var_os("EDUOPS_AZURE_EXAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/azure-rest-examples")
        })
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read examples folder {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn parse<T: DeserializeOwned>(v: &Value, what: &str) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn body<'a>(ex: &'a Value, status: &str) -> &'a Value {
    ex.pointer(&format!("/responses/{status}/body"))
        .unwrap_or_else(|| panic!("no body for {status}"))
}

/// Header of an example response, by case-insensitive name (the examples mix cases).
fn header<'a>(ex: &'a Value, status: &str, name: &str) -> Option<&'a str> {
    ex.pointer(&format!("/responses/{status}/headers"))?
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
}

fn check(stem: &str, ex: &Value) -> Result<(), String> {
    match stem {
        "Alerts_List" => {
            let page: Page<AlertResource> = parse(body(ex, "200"), stem);
            assert_eq!(page.value.len(), 2);
            assert!(
                page.next_link
                    .as_deref()
                    .is_some_and(|l| l.starts_with("https://"))
            );
            let a = convert::alert(&page.value[1], None)?;
            assert_eq!(a.severity, Severity::Sev3);
            assert_eq!(a.state, AlertState::New);
            assert_eq!(a.condition, MonitorCondition::Fired);
            // Fired alerts have no resolved time even if the field is present.
            assert_eq!(a.resolved_at, None);
        }
        "Alerts_ChangeState" => {
            let _: ChangeStateBody = parse(&ex["parameters"]["body"], "request");
            let a: AlertResource = parse(body(ex, "200"), stem);
            let a = convert::alert(&a, None)?;
            assert_eq!(a.state, AlertState::Acknowledged);
            assert_eq!(a.name, "cpu alert");
        }
        "ContainerGroupsGet_Failed" => {
            let cg: ContainerGroup = parse(body(ex, "200"), stem);
            let s = convert::service_status_at("gateway", &cg, eduops::testing::fixed_now());
            assert_eq!(s.state, ServiceState::Failed);
            let reason = s.reason.unwrap_or_default();
            assert!(reason.contains("FailedMount"), "{reason}");
            assert_eq!(s.cpu_request_cores, 1.0);
            assert_eq!(s.memory_request_gb, 1.5);
            assert_eq!(s.events.len(), 3);
        }
        "ContainerGroupsGet_Succeeded" => {
            let cg: ContainerGroup = parse(body(ex, "200"), stem);
            // No instanceView in this example: state is unknown, not invented.
            let s = convert::service_status_at("gateway", &cg, eduops::testing::fixed_now());
            assert_eq!(s.state, ServiceState::Unknown);
            assert_eq!(s.ip_address.as_deref(), Some("10.0.0.1"));
        }
        "ContainerGroupsDelete" => {
            let _: ContainerGroup = parse(body(ex, "200"), stem);
            assert!(header(ex, "202", "Azure-AsyncOperation").is_some());
        }
        "ContainerGroupsList" | "ContainerGroupsListByResourceGroup" => {
            let page: Page<ContainerGroup> = parse(body(ex, "200"), stem);
            assert_eq!(page.value.len(), 1);
            assert!(page.value[0].properties.instance_view.is_none());
        }
        "ContainerGroupsRestart" | "ContainerGroupsStop" => {
            assert!(ex.pointer("/responses/204").is_some());
        }
        "ContainerGroupsStart" => {
            assert!(header(ex, "202", "azure-asyncoperation").is_some());
            assert!(ex.pointer("/responses/204").is_some());
        }
        "ContainerListLogs" => {
            let logs: Logs = parse(body(ex, "200"), stem);
            assert_eq!(logs.content, "log content");
        }
        "GetRepositoryAttributes" => {
            let r: RepositoryAttributes = parse(body(ex, "200"), stem);
            assert_eq!(r.image_name, "nanoserver");
        }
        "GetRepositoryList" => {
            let r: Repositories = parse(body(ex, "200"), stem);
            assert_eq!(r.repositories.len(), 2);
        }
        "ImportImageByManifestDigest" | "ImportImageFromPublicRegistry" => {
            let _: ImportImageRequest = parse(&ex["parameters"]["parameters"], stem);
            assert!(header(ex, "202", "location").is_some());
        }
        "CosmosDBDatabaseAccountGet" => {
            let a: DatabaseAccount = parse(body(ex, "200"), stem);
            let p = a.properties.backup_policy.expect("backupPolicy");
            assert_eq!(p.kind, "Periodic");
        }
        "CosmosDBRestorableDatabaseAccountList" => {
            let page: Page<RestorableAccount> = parse(body(ex, "200"), stem);
            let live = page
                .value
                .iter()
                .find(|r| r.properties.account_name == "ddb2")
                .expect("ddb2");
            assert!(live.properties.deletion_time.is_none());
            assert!(live.properties.oldest_restorable_time.is_some());
        }
        "CosmosDBRestoreDatabaseAccountCreateUpdate" => {
            let req: RestoreAccountRequest =
                parse(&ex["parameters"]["createUpdateParameters"], stem);
            assert_eq!(req.properties.create_mode, "Restore");
            let a: DatabaseAccount = parse(body(ex, "200"), stem);
            let p = a.properties.backup_policy.expect("backupPolicy");
            assert_eq!(p.kind, "Continuous");
            assert_eq!(
                p.continuous_mode_properties.and_then(|c| c.tier).as_deref(),
                Some("Continuous30Days")
            );
        }
        "MetricBatchExample" => {
            let req: BatchRequest = parse(&ex["parameters"]["batchRequest"], stem);
            assert_eq!(req.resourceids.len(), 2);
            let r: BatchResponse = parse(body(ex, "200"), stem);
            assert!(!r.values.is_empty());
            // Points without any aggregate are gaps, kept as None.
            let gaps = r.values[0].value[0].timeseries[1]
                .data
                .iter()
                .filter(|d| d.average.is_none())
                .count();
            assert!(gaps > 0);
        }
        "GetActivityLogsFiltered" => {
            let page: Page<ActivityLogEvent> = parse(body(ex, "200"), stem);
            assert!(!page.value.is_empty());
        }
        "getMetricAlertSingleResource" => {
            let r: MetricAlertRule = parse(body(ex, "200"), stem);
            assert_eq!(r.properties.severity, 3);
        }
        "getMetricAlertStatus" => {
            let s: MetricAlertStatusCollection = parse(body(ex, "200"), stem);
            assert_eq!(s.value[0].properties.status, "Healthy");
        }
        "listMetricAlert" => {
            let page: Page<MetricAlertRule> = parse(body(ex, "200"), stem);
            assert!(!page.value.is_empty());
        }
        "GetMetric" => {
            let m: MetricsResponse = parse(body(ex, "200"), stem);
            assert_eq!(m.value.len(), 2);
            assert!(m.value[0].timeseries[0].data[0].average.is_some());
        }
        "GetMetricDefinitionsMetricClass" => {
            let d: MetricDefinitions = parse(body(ex, "200"), stem);
            assert!(!d.value.is_empty());
        }
        "UpdateSecret-example" => {
            let s: SecretItem = parse(body(ex, "200"), stem);
            let info = convert::secret(&s).ok_or("no name")?;
            assert_eq!(info.name, "crpsecret");
            assert!(info.enabled);
        }
        "GetSecrets-example" => {
            let page: Page<SecretItem> = parse(body(ex, "200"), stem);
            assert!(page.next_link.is_some());
            let info = convert::secret(&page.value[0]).ok_or("no name")?;
            assert_eq!(info.name, "listsecrettest0");
            assert!(info.updated.is_some());
        }
        "ResourcesBasicQuery" | "ResourcesNextPageQuery" => {
            let _: QueryRequest = parse(&ex["parameters"]["query"], stem);
            let r: QueryResponse<ResourceRow> = parse(body(ex, "200"), stem);
            assert_eq!(r.count, 3);
            if stem == "ResourcesNextPageQuery" {
                assert!(r.skip_token.is_some());
            }
        }
        "CreateDatabasePITRMode" => {
            let req: RestoreRequest = parse(&ex["parameters"]["parameters"], stem);
            assert_eq!(req.properties.create_mode, "PointInTimeRestore");
            for status in ["200", "201"] {
                let db: Database = parse(body(ex, status), stem);
                assert!(db.properties.earliest_restore_date.is_some());
            }
        }
        "LongTermRetentionBackupListByServer" | "LongTermRetentionBackupListByDatabase" => {
            let page: Page<LtrBackup> = parse(body(ex, "200"), stem);
            assert!(!page.value.is_empty());
            assert!(page.value.iter().all(|b| b.name.contains(';')));
        }
        "GetRestorableDroppedDatabase" => {
            let d: RestorableDroppedDatabase = parse(body(ex, "200"), stem);
            assert!(d.name.contains(','));
        }
        "GetVCoreDatabase" => {
            let db: Database = parse(body(ex, "200"), stem);
            assert_eq!(db.properties.status.as_deref(), Some("Online"));
            assert!(db.properties.earliest_restore_date.is_some());
        }
        other => return Err(format!("no model registered for example `{other}`")),
    }
    Ok(())
}

/// Stems of the examples no feature reads yet, with the issue that will (see the file).
fn pending() -> std::collections::BTreeMap<String, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/azure_examples_pending.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_official_example_parses_into_the_models() {
    let dir = examples_dir();
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    files.sort();
    assert!(
        files.len() >= 30,
        "only {} examples in {}",
        files.len(),
        dir.display()
    );
    let pending = pending();
    let mut failures = Vec::new();
    let mut checked = 0;
    for f in &files {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(f).unwrap();
        let ex: Value = serde_json::from_str(&text).unwrap();
        let result = std::panic::catch_unwind(|| check(&stem, &ex));
        let unregistered = matches!(&result, Ok(Err(e)) if e.starts_with("no model registered"));
        match (result, pending.get(&stem)) {
            (Ok(Ok(())), None) => checked += 1,
            (Ok(Ok(())), Some(_)) => failures.push(format!(
                "{}: checked here and still listed as pending: remove `{stem}` from azure_examples_pending.toml",
                f.display()
            )),
            (_, Some(_)) if unregistered => {}
            (Ok(Err(e)), _) => failures.push(format!("{}: {e}", f.display())),
            (Err(p), _) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: {msg}", f.display()));
            }
        }
    }
    let stems: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_stem()?.to_str().map(str::to_string))
        .collect();
    for stem in pending.keys() {
        if !stems.contains(stem) {
            failures.push(format!(
                "pending `{stem}` names no example in {}",
                dir.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "examples that do not parse:\n{}",
        failures.join("\n")
    );
    assert!(
        checked >= 30,
        "only {checked} examples checked against models"
    );
}

#[test]
fn an_unknown_example_is_a_failure() {
    assert!(check("SomethingNew", &Value::Null).is_err());
}
