//! SQL and Cosmos DB backups and restores: database and account facts, LTR lists, and the
//! restore validation cases (window, existing name, missing source) and long-running flow.

use crate::support::sim_http as sim_support;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use sim_support::*;

const SQL: &str = "api-version=2023-08-01";
const COSMOS: &str = "api-version=2025-04-15";

fn db_path(c: &Client, env: &str, db: &str) -> String {
    format!(
        "{}/providers/Microsoft.Sql/servers/sql-ai-education-platform-{env}/databases/{db}",
        c.rg_path(env)
    )
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn databases_show_status_and_a_seven_day_restore_window() {
    let (h, c) = start(frozen(1)).await;
    let r = c
        .get(&format!(
            "{}?api-version=2025-01-01",
            db_path(&c, "prod", "sqldb-education-prod")
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    assert_eq!(v["properties"]["status"], "Online");
    assert_eq!(v["type"], "Microsoft.Sql/servers/databases");
    let earliest = time(&v["properties"]["earliestRestoreDate"]);
    assert_eq!(h.now() - earliest, Duration::days(7));
    let dev = c
        .get(&format!(
            "{}?{SQL}",
            db_path(&c, "dev", "sqldb-education-dev")
        ))
        .await
        .json();
    assert_eq!(
        h.now() - time(&dev["properties"]["earliestRestoreDate"]),
        Duration::days(1)
    );
    let r = c
        .get(&format!("{}?{SQL}", db_path(&c, "prod", "nope")))
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn ltr_backups_are_fresh_in_prod_stale_in_staging_absent_in_dev() {
    let (h, c) = start(frozen(1)).await;
    let ltr = |env: &str| {
        format!(
            "/subscriptions/{}/providers/Microsoft.Sql/locations/koreacentral/longTermRetentionServers/sql-ai-education-platform-{env}/longTermRetentionDatabases/sqldb-education-{env}/longTermRetentionBackups?api-version=2025-01-01",
            c.sub
        )
    };
    let (prod, _) = c.get_all(&ltr("prod")).await;
    assert_eq!(prod.len(), 12);
    let newest = prod
        .iter()
        .map(|b| time(&b["properties"]["backupTime"]))
        .max()
        .unwrap();
    assert!(h.now() - newest <= Duration::days(7));
    assert!(
        prod[0]["name"].as_str().unwrap().contains(';'),
        "LTR names carry ';'"
    );
    let (staging, _) = c.get_all(&ltr("staging")).await;
    let newest = staging
        .iter()
        .map(|b| time(&b["properties"]["backupTime"]))
        .max()
        .unwrap();
    assert!(
        h.now() - newest >= Duration::days(10),
        "staging's LTR job stopped"
    );
    let (dev, _) = c.get_all(&ltr("dev")).await;
    assert!(dev.is_empty());
    let by_server = format!(
        "/subscriptions/{}/providers/Microsoft.Sql/locations/koreacentral/longTermRetentionServers/sql-ai-education-platform-prod/longTermRetentionBackups?{SQL}",
        c.sub
    );
    assert_eq!(c.get_all(&by_server).await.0.len(), 12);
    // As the clock passes another Sunday, a new backup appears in prod.
    h.advance(Duration::days(8));
    assert_eq!(c.get_all(&ltr("prod")).await.0.len(), 12);
    let newest_later = c
        .get_all(&ltr("prod"))
        .await
        .0
        .iter()
        .map(|b| time(&b["properties"]["backupTime"]))
        .max()
        .unwrap();
    assert!(newest_later > newest);
}

fn pitr(c: &Client, env: &str, point: DateTime<Utc>) -> Value {
    json!({
        "location": "koreacentral",
        "properties": {
            "createMode": "PointInTimeRestore",
            "sourceDatabaseId": db_path(c, env, &format!("sqldb-education-{env}")),
            "restorePointInTime": point.to_rfc3339(),
        }
    })
}

#[tokio::test]
async fn point_in_time_restore_creates_a_new_database_after_some_minutes() {
    let (h, c) = start(frozen(1)).await;
    let target = db_path(&c, "prod", "sqldb-education-restored");
    let r = c
        .put(
            &format!("{target}?{SQL}"),
            &pitr(&c, "prod", h.now() - Duration::hours(3)),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let op = r.header("azure-asyncoperation").unwrap();
    let location = r.header("location").unwrap();
    assert_eq!(c.get(&op).await.json()["status"], "InProgress");
    assert_eq!(c.get(&location).await.status, 202);
    let during = c.get(&format!("{target}?{SQL}")).await.json();
    assert_eq!(during["properties"]["status"], "Creating");
    h.advance(Duration::minutes(7));
    assert_eq!(c.get(&op).await.json()["status"], "Succeeded");
    let done = c.get(&location).await;
    assert_eq!(done.status, 200);
    assert_eq!(done.json()["name"], "sqldb-education-restored");
    let after = c.get(&format!("{target}?{SQL}")).await.json();
    assert_eq!(after["properties"]["status"], "Online");
    assert_eq!(h.stats().mutating, 1);
}

#[tokio::test]
async fn restore_validation_window_existing_name_and_missing_source() {
    let (h, c) = start(frozen(1)).await;
    let target = format!("{}?{SQL}", db_path(&c, "prod", "sqldb-education-copy"));
    // Before the window.
    let r = c
        .put(&target, &pitr(&c, "prod", h.now() - Duration::days(8)))
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (400, "InvalidRestorePointInTime"),
        "{}",
        r.text
    );
    // In the future.
    let r = c
        .put(&target, &pitr(&c, "prod", h.now() + Duration::hours(1)))
        .await;
    assert_eq!(r.status, 400);
    // Onto the source's own name (or any existing database).
    let r = c
        .put(
            &format!("{}?{SQL}", db_path(&c, "prod", "sqldb-education-prod")),
            &pitr(&c, "prod", h.now() - Duration::hours(1)),
        )
        .await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (409, "DatabaseAlreadyExists")
    );
    // A source that does not exist.
    let mut body = pitr(&c, "prod", h.now() - Duration::hours(1));
    body["properties"]["sourceDatabaseId"] = json!(db_path(&c, "prod", "sqldb-gone"));
    let r = c.put(&target, &body).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (404, "DatabaseDoesNotExist")
    );
    // Missing fields and other create modes.
    let r = c.put(&target, &json!({"location": "koreacentral", "properties": {"createMode": "PointInTimeRestore"}})).await;
    assert_eq!(r.status, 400);
    let r = c
        .put(
            &target,
            &json!({"location": "koreacentral", "properties": {}}),
        )
        .await;
    assert_eq!(r.status, 400);
    // None of these created anything; a second restore to the same new name conflicts.
    assert_eq!(c.get(&target).await.status, 404);
    assert_eq!(
        c.put(&target, &pitr(&c, "prod", h.now() - Duration::hours(1)))
            .await
            .status,
        202
    );
    let r = c
        .put(&target, &pitr(&c, "prod", h.now() - Duration::hours(1)))
        .await;
    assert_eq!(r.status, 409);
}

#[tokio::test]
async fn a_failing_restore_leaves_no_database() {
    use eduops::sim::{FaultKind, FaultRule, FaultSet};
    let (h, c) = start(frozen(1)).await;
    h.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::LroFail).on_operation("Databases_CreateOrUpdate"),
    ]));
    let target = format!("{}?{SQL}", db_path(&c, "staging", "sqldb-education-r1"));
    let r = c
        .put(&target, &pitr(&c, "staging", h.now() - Duration::hours(2)))
        .await;
    assert_eq!(r.status, 202);
    let op = r.header("azure-asyncoperation").unwrap();
    h.advance(Duration::minutes(10));
    let s = c.get(&op).await.json();
    assert_eq!(s["status"], "Failed");
    assert!(s["error"]["message"].is_string());
    assert_eq!(c.get(&target).await.status, 404);
}

fn account_path(c: &Client, env: &str, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.DocumentDB/databaseAccounts/{name}",
        c.rg_path(env)
    )
}

#[tokio::test]
async fn cosmos_accounts_have_continuous_backup_and_restorable_windows() {
    let (h, c) = start(frozen(1)).await;
    let a = c
        .get(&format!(
            "{}?{COSMOS}",
            account_path(&c, "prod", "cosmos-ai-education-platform-prod")
        ))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = a.json();
    assert_eq!(a["properties"]["backupPolicy"]["type"], "Continuous");
    assert_eq!(
        a["properties"]["backupPolicy"]["continuousModeProperties"]["tier"],
        "Continuous30Days"
    );
    let staging = c
        .get(&format!(
            "{}?{COSMOS}",
            account_path(&c, "staging", "cosmos-ai-education-platform-staging")
        ))
        .await
        .json();
    assert_eq!(
        staging["properties"]["backupPolicy"]["continuousModeProperties"]["tier"],
        "Continuous7Days"
    );
    let list = c
        .get(&format!("/subscriptions/{}/providers/Microsoft.DocumentDB/locations/koreacentral/restorableDatabaseAccounts?{COSMOS}", c.sub))
        .await
        .json();
    let prod = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["properties"]["accountName"] == "cosmos-ai-education-platform-prod")
        .unwrap();
    assert_eq!(prod["name"], a["properties"]["instanceId"]);
    assert_eq!(
        h.now() - time(&prod["properties"]["oldestRestorableTime"]),
        Duration::days(30)
    );
    let elsewhere = c
        .get(&format!("/subscriptions/{}/providers/Microsoft.DocumentDB/locations/westus/restorableDatabaseAccounts?{COSMOS}", c.sub))
        .await
        .json();
    assert!(elsewhere["value"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn cosmos_restore_is_validated_and_long_running() {
    let (h, c) = start(frozen(1)).await;
    let list = c
        .get(&format!(
            "/subscriptions/{}/providers/Microsoft.DocumentDB/restorableDatabaseAccounts?{COSMOS}",
            c.sub
        ))
        .await
        .json();
    let src = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["properties"]["accountName"] == "cosmos-ai-education-platform-staging")
        .unwrap();
    let body = |source: &str, at: DateTime<Utc>| {
        json!({
            "location": "koreacentral",
            "kind": "GlobalDocumentDB",
            "properties": {
                "databaseAccountOfferType": "Standard",
                "locations": [{"locationName": "koreacentral", "failoverPriority": 0}],
                "createMode": "Restore",
                "restoreParameters": {"restoreMode": "PointInTime", "restoreSource": source, "restoreTimestampInUtc": at.to_rfc3339()},
                "backupPolicy": {"type": "Continuous", "continuousModeProperties": {"tier": "Continuous7Days"}}
            }
        })
    };
    let source = src["id"].as_str().unwrap();
    let new = format!(
        "{}?{COSMOS}",
        account_path(&c, "staging", "cosmos-restored-staging")
    );
    let r = c
        .put(&new, &body(source, h.now() - Duration::days(8)))
        .await;
    assert_eq!(r.status, 400, "outside the 7-day window: {}", r.text);
    let r = c.put(&new, &body("/subscriptions/x/providers/Microsoft.DocumentDB/locations/Korea Central/restorableDatabaseAccounts/00000000-0000-0000-0000-000000000000", h.now() - Duration::hours(1))).await;
    assert_eq!(r.status, 404, "missing source");
    let existing = format!(
        "{}?{COSMOS}",
        account_path(&c, "staging", "cosmos-ai-education-platform-staging")
    );
    let r = c
        .put(&existing, &body(source, h.now() - Duration::hours(1)))
        .await;
    assert_eq!(r.status, 409, "existing name");
    let r = c
        .put(&new, &body(source, h.now() - Duration::hours(1)))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["properties"]["provisioningState"], "Creating");
    assert_eq!(r.json()["properties"]["createMode"], "Restore");
    let op = r.header("azure-asyncoperation").unwrap();
    assert_eq!(c.get(&op).await.json()["status"], "InProgress");
    h.advance(Duration::minutes(16));
    assert_eq!(c.get(&op).await.json()["status"], "Succeeded");
    let a = c.get(&new).await.json();
    assert_eq!(a["properties"]["provisioningState"], "Succeeded");
}
