//! Azure SQL: database get, point-in-time restore (a PUT of a new database, validated and
//! long-running), its operation status and results, and long-term-retention backup lists.

use axum::http::StatusCode;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use serde_json::{Value, json};

use crate::model::Env;
use crate::sim::http::arm::{self, ArmError, ArmResult, ts, ts_ms};
use crate::sim::http::route::Route;
use crate::sim::http::state::Ctx;
use crate::sim::platform::databases::Database;
use crate::sim::platform::fleet::LOCATION;
use crate::sim::platform::noise::{guid, hash3};
use crate::sim::platform::operations::{OpKind, Operation};
use crate::sim::platform::world::World;

/// Virtual minutes a point-in-time restore takes before the new database is Online.
pub const RESTORE_MINUTES: i64 = 6;
const RTYPE: &str = "Microsoft.Sql/servers/databases";
const LTR_TYPE: &str = "Microsoft.Sql/locations/longTermRetentionServers/longTermRetentionDatabases/longTermRetentionBackups";

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    match ctx.route {
        Route::SqlServerGet { rg, server } => server_get(ctx, rg, server),
        Route::SqlDbGet { rg, server, db } => {
            let world = ctx.world();
            let d = find_db(&world, rg, server, db, ctx.now)?;
            Ok(arm::json_response(
                StatusCode::OK,
                &db_json(d, ctx.sub(), ctx.now),
                &[],
            ))
        }
        Route::SqlDbPut { rg, server, db } => restore(ctx, rg, server, db),
        Route::SqlLtrByDatabase { server, db } => ltr_list(ctx, server, Some(db)),
        Route::SqlLtrByServer { server } => ltr_list(ctx, server, None),
        Route::SqlOperation { id } => {
            let world = ctx.world();
            let op = find_op(&world, id)?;
            Ok(arm::operation_response(op, ctx.now))
        }
        Route::SqlOperationResult { id } => operation_result(ctx, id),
        _ => Err(ArmError::not_found("NotFound", "unsupported operation")),
    }
}

fn find_op<'w>(world: &'w World, id: &str) -> Result<&'w Operation, ArmError> {
    world
        .operations
        .get(id)
        .filter(|o| o.kind == OpKind::SqlRestore)
        .ok_or_else(|| {
            ArmError::not_found(
                "OperationIdNotFound",
                format!("The operation with Id '{id}' does not exist."),
            )
        })
}

fn server_exists(world: &World, rg: &str, server: &str) -> bool {
    world
        .databases
        .iter()
        .any(|d| d.resource_group.eq_ignore_ascii_case(rg) && d.server.eq_ignore_ascii_case(server))
}

fn find_db<'w>(
    world: &'w World,
    rg: &str,
    server: &str,
    db: &str,
    now: DateTime<Utc>,
) -> Result<&'w Database, ArmError> {
    if !server_exists(world, rg, server) {
        return Err(ArmError::not_found(
            "ParentResourceNotFound",
            format!(
                "Can not perform requested operation on nested resource. Parent resource '{server}' not found."
            ),
        ));
    }
    world
        .databases
        .iter()
        .find(|d| {
            d.resource_group.eq_ignore_ascii_case(rg)
                && d.server.eq_ignore_ascii_case(server)
                && d.name.eq_ignore_ascii_case(db)
                && d.visible(now)
        })
        .ok_or_else(|| ArmError::resource_not_found(RTYPE, &format!("{server}/{db}"), rg))
}

fn bad(message: impl Into<String>) -> ArmError {
    ArmError::bad_request("InvalidParameterValue", message)
}

fn restore(ctx: &Ctx<'_>, rg: &str, server: &str, name: &str) -> ArmResult {
    let body: Value = serde_json::from_slice(ctx.body).map_err(|e| {
        ArmError::bad_request(
            "InvalidRequestContent",
            format!("The request content was invalid and could not be deserialized: {e}"),
        )
    })?;
    let props = &body["properties"];
    let mode = props["createMode"].as_str().unwrap_or("Default");
    if !mode.eq_ignore_ascii_case("PointInTimeRestore") {
        return Err(bad(format!(
            "createMode '{mode}' is not supported here: eduops restores with createMode 'PointInTimeRestore' into a new database."
        )));
    }
    let source_id = props["sourceDatabaseId"].as_str().ok_or_else(|| {
        bad("'sourceDatabaseId' must be specified for createMode 'PointInTimeRestore'.")
    })?;
    let point_text = props["restorePointInTime"].as_str().ok_or_else(|| {
        bad("'restorePointInTime' must be specified for createMode 'PointInTimeRestore'.")
    })?;
    let point = DateTime::parse_from_rfc3339(point_text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            bad(format!(
                "'restorePointInTime' value '{point_text}' is not a valid ISO 8601 date-time."
            ))
        })?;

    let mut world = ctx.world();
    if !server_exists(&world, rg, server) {
        return Err(ArmError::not_found(
            "ParentResourceNotFound",
            format!(
                "Can not perform requested operation on nested resource. Parent resource '{server}' not found."
            ),
        ));
    }
    let sub = ctx.sub().to_string();
    let source = world
        .databases
        .iter()
        .find(|d| {
            d.id(&sub)
                .eq_ignore_ascii_case(source_id.trim_end_matches('/'))
                && d.visible(ctx.now)
        })
        .cloned()
        .ok_or_else(|| {
            ArmError::not_found(
                "DatabaseDoesNotExist",
                format!(
                    "The source database '{source_id}' does not exist on this server instance."
                ),
            )
        })?;
    if !source.server.eq_ignore_ascii_case(server)
        || !source.resource_group.eq_ignore_ascii_case(rg)
    {
        return Err(bad(format!(
            "A point-in-time restore must target the source database's server '{}'.",
            source.server
        )));
    }
    if source.status(ctx.now) != "Online" {
        return Err(ArmError::conflict(
            "DatabaseNotOnline",
            format!(
                "The source database '{}' is not online; try again once its creation completes.",
                source.name
            ),
        ));
    }
    let earliest = source.earliest_restore(ctx.now);
    if point < earliest || point > ctx.now {
        return Err(ArmError::bad_request(
            "InvalidRestorePointInTime",
            format!(
                "The restore point in time '{}' is outside the restore window of database '{}': it must lie between '{}' and '{}'.",
                ts(point),
                source.name,
                ts(earliest),
                ts(ctx.now)
            ),
        ));
    }
    if world.databases.iter().any(|d| {
        d.resource_group.eq_ignore_ascii_case(rg)
            && d.server.eq_ignore_ascii_case(server)
            && d.name.eq_ignore_ascii_case(name)
            && d.visible(ctx.now)
    }) {
        return Err(ArmError::conflict(
            "DatabaseAlreadyExists",
            format!(
                "The database '{name}' already exists on server '{server}'. A restore must create a new database: choose another name."
            ),
        ));
    }
    let op_id = world.operations.next_id(0x5b1);
    let ready = ctx.now + Duration::minutes(RESTORE_MINUTES);
    let db = Database {
        env: source.env,
        resource_group: source.resource_group.clone(),
        server: source.server.clone(),
        name: name.to_string(),
        database_id: guid(hash3(world.seed, 0xdb2, world.databases.len() as u64)),
        created: ctx.now,
        ready_at: Some(ready),
        failed: ctx.lro_fail,
        retention_days: source.retention_days,
        source_id: Some(source.id(&sub)),
        restore_point: Some(point),
    };
    let resource_id = db.id(&sub);
    world.databases.push(db);
    world.operations.track(Operation {
        id: op_id.clone(),
        kind: OpKind::SqlRestore,
        started: ctx.now,
        done_at: ready,
        fails: ctx.lro_fail,
        resource_id,
    });
    let version = ctx.query.get("api-version").unwrap_or("2023-08-01");
    let base = format!(
        "{}/subscriptions/{sub}/providers/Microsoft.Sql/locations/{LOCATION}",
        ctx.base_url()
    );
    let headers = [
        (
            "azure-asyncoperation",
            format!("{base}/databaseAzureAsyncOperation/{op_id}?api-version={version}"),
        ),
        (
            "location",
            format!("{base}/databaseOperationResults/{op_id}?api-version={version}"),
        ),
        ("retry-after", "1".to_string()),
    ];
    Ok(arm::empty_response(StatusCode::ACCEPTED, &headers))
}

/// `Location` polling: 202 while running, then the database (or the failure).
fn operation_result(ctx: &Ctx<'_>, id: &str) -> ArmResult {
    let world = ctx.world();
    let op = find_op(&world, id)?;
    match op.status(ctx.now) {
        "InProgress" => {
            let url = format!(
                "{}{}?{}",
                ctx.base_url(),
                ctx.path,
                ctx.query.without_skiptoken()
            );
            Ok(arm::empty_response(
                StatusCode::ACCEPTED,
                &[("location", url), ("retry-after", "1".to_string())],
            ))
        }
        "Failed" => Err(ArmError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "OperationFailed",
            format!(
                "The restore operation '{id}' failed: the platform could not complete it. Retry the restore."
            ),
        )),
        _ => {
            let sub = ctx.sub();
            let d = world
                .databases
                .iter()
                .find(|d| d.id(sub).eq_ignore_ascii_case(&op.resource_id))
                .ok_or_else(|| {
                    ArmError::not_found("ResourceNotFound", "the restored database is gone")
                })?;
            Ok(arm::json_response(
                StatusCode::OK,
                &db_json(d, sub, ctx.now),
                &[],
            ))
        }
    }
}

pub fn db_json(d: &Database, sub: &str, now: DateTime<Utc>) -> Value {
    let sku = json!({"name": "GP_Gen5", "tier": "GeneralPurpose", "capacity": 2});
    let status = d.status(now);
    let mut props = json!({
        "collation": "SQL_Latin1_General_CP1_CI_AS",
        "maxSizeBytes": 34_359_738_368_u64,
        "status": status,
        "databaseId": d.database_id,
        "creationDate": ts_ms(d.created),
        "currentServiceObjectiveName": "GP_Gen5_2",
        "requestedServiceObjectiveName": "GP_Gen5_2",
        "defaultSecondaryLocation": "koreasouth",
        "catalogCollation": "SQL_Latin1_General_CP1_CI_AS",
        "licenseType": "LicenseIncluded",
        "maxLogSizeBytes": 68_719_476_736_u64,
        "isInfraEncryptionEnabled": false,
        "zoneRedundant": false,
        "readScale": "Disabled",
        "currentSku": sku,
        "currentBackupStorageRedundancy": "Geo",
        "requestedBackupStorageRedundancy": "Geo",
        "isLedgerOn": false,
    });
    if status == "Online" {
        props["earliestRestoreDate"] = json!(ts(d.earliest_restore(now)));
    }
    json!({
        "sku": sku,
        "kind": "v12.0,user,vcore",
        "properties": props,
        "location": LOCATION,
        "id": d.id(sub),
        "name": d.name,
        "type": RTYPE,
    })
}

/// Weekly LTR backups (Sundays 18:00 UTC, 12 weeks kept). Prod is current; staging's job
/// stopped 10–13 days ago (a stale backup to warn about); dev has no LTR policy.
fn ltr_backups(world: &World, env: Env, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let last_allowed = match env {
        Env::Prod => now,
        Env::Staging => world.start - Duration::days(10 + (hash3(world.seed, 0x17e, 1) % 4) as i64),
        Env::Dev => return Vec::new(),
    };
    let mut day = last_allowed.date_naive();
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap_or(day);
    }
    let mut latest = Utc.from_utc_datetime(&day.and_hms_opt(18, 0, 0).unwrap_or_default());
    if latest > last_allowed {
        latest -= Duration::days(7);
    }
    let mut out: Vec<DateTime<Utc>> = (0..12).map(|k| latest - Duration::days(7 * k)).collect();
    out.reverse();
    out
}

fn ltr_list(ctx: &Ctx<'_>, server: &str, db: Option<&String>) -> ArmResult {
    let world = ctx.world();
    let sources: Vec<&Database> = world
        .databases
        .iter()
        .filter(|d| d.server.eq_ignore_ascii_case(server) && d.source_id.is_none())
        .collect();
    if sources.is_empty() {
        return Err(ArmError::not_found(
            "SubscriptionDoesNotHaveServer",
            format!("The requested server '{server}' was not found."),
        ));
    }
    let location_ok = ctx
        .path
        .split('/')
        .skip_while(|s| !s.eq_ignore_ascii_case("locations"))
        .nth(1)
        .is_some_and(|l| {
            arm::percent_decode(l)
                .replace(' ', "")
                .eq_ignore_ascii_case(LOCATION)
        });
    let sub = ctx.sub();
    // `onlyLatestPerDatabase=true`: the newest backup of each database only.
    let only_latest = ctx
        .query
        .get("onlyLatestPerDatabase")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let mut items = Vec::new();
    for d in sources
        .iter()
        .filter(|d| db.is_none_or(|n| d.name.eq_ignore_ascii_case(n)))
    {
        if !location_ok {
            continue;
        }
        let server_created = d.created - Duration::days(2);
        let mut backups = ltr_backups(&world, d.env, ctx.now);
        if only_latest {
            backups = backups.pop().into_iter().collect();
        }
        for t in backups {
            let filetime = (t.timestamp() + 11_644_473_600) * 10_000_000;
            let name = format!(
                "{};{filetime};Hot",
                guid(hash3(world.seed, 0x17b, d.env as u64))
            );
            items.push(json!({
                "id": format!(
                    "/subscriptions/{sub}/providers/Microsoft.Sql/locations/{LOCATION}/longTermRetentionServers/{}/longTermRetentionDatabases/{}/longTermRetentionBackups/{name}",
                    d.server, d.name
                ),
                "name": name,
                "type": LTR_TYPE,
                "properties": {
                    "serverName": d.server,
                    "serverCreateTime": ts(server_created),
                    "databaseName": d.name,
                    "databaseDeletionTime": null,
                    "backupTime": ts(t),
                    "backupExpirationTime": ts(t + Duration::weeks(12)),
                    "backupStorageRedundancy": "Geo",
                    "isBackupImmutable": false,
                    "timeBasedImmutability": "Disabled",
                    "timeBasedImmutabilityMode": "Unlocked",
                    "legalHoldImmutability": "Disabled",
                    "backupStorageAccessTier": "Hot",
                }
            }));
        }
    }
    if let Some(n) = db
        && items.is_empty()
        && !sources.iter().any(|d| d.name.eq_ignore_ascii_case(n))
    {
        return Err(ArmError::not_found(
            "DatabaseDoesNotExist",
            format!(
                "User has specified a database name '{n}' that does not exist on this server instance."
            ),
        ));
    }
    drop(world);
    let (page, next) = arm::page(items, ctx.query, ctx.page_size(), ctx.base_url(), ctx.path)?;
    Ok(arm::json_response(
        StatusCode::OK,
        &arm::list_body(page, next),
        &[],
    ))
}

/// `Servers_Get`, in the shape of `ServerGet.json` (2025-01-01).
fn server_get(ctx: &Ctx<'_>, rg: &str, server: &str) -> ArmResult {
    let world = ctx.world();
    let env = ctx.env;
    let found = world
        .databases
        .iter()
        .find(|d| d.server.eq_ignore_ascii_case(server) && Some(d.env) == env)
        .map(|d| d.server.clone());
    drop(world);
    let Some(name) = found else {
        return Err(ArmError::resource_not_found(
            "Microsoft.Sql/servers",
            server,
            rg,
        ));
    };
    let body = json!({
        "id": format!(
            "/subscriptions/{}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{name}",
            ctx.sub()
        ),
        "name": name,
        "type": "Microsoft.Sql/servers",
        "location": LOCATION,
        "kind": "v12.0",
        "tags": {"environment": env.map(|e| e.as_str()).unwrap_or_default()},
        "properties": {
            "fullyQualifiedDomainName": format!("{name}.database.windows.net"),
            "administratorLogin": "sqladmin",
            "version": "12.0",
            "state": "Ready",
            "publicNetworkAccess": "Disabled",
            "restrictOutboundNetworkAccess": "Disabled",
            "isIPv6Enabled": "Disabled",
            "retentionDays": 7,
            "externalGovernanceStatus": "Disabled",
            "privateEndpointConnections": [],
        }
    });
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}
