//! Cosmos DB: account get (continuous backup policy), restorable accounts (with the oldest
//! restorable time), and restore into a new account (`createMode: Restore`, long-running).

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::sim::http::arm::{self, ArmError, ArmResult, ts};
use crate::sim::http::route::Route;
use crate::sim::http::state::Ctx;
use crate::sim::platform::databases::CosmosAccount;
use crate::sim::platform::fleet::LOCATION;
use crate::sim::platform::noise::{guid, hash3};
use crate::sim::platform::operations::{OpKind, Operation};
use crate::sim::platform::world::World;

/// Virtual minutes a restore takes before the new account is Succeeded.
pub const RESTORE_MINUTES: i64 = 15;
const DISPLAY_LOCATION: &str = "Korea Central";
const RTYPE: &str = "Microsoft.DocumentDB/databaseAccounts";

fn same_location(a: &str) -> bool {
    arm::percent_decode(a)
        .replace(' ', "")
        .eq_ignore_ascii_case(LOCATION)
}

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    match ctx.route {
        Route::CosmosGet { rg, name } => {
            let world = ctx.world();
            let a = find(&world, rg, name, ctx.now)?;
            Ok(arm::json_response(
                StatusCode::OK,
                &account_json(a, ctx.sub(), ctx.now),
                &[],
            ))
        }
        Route::CosmosPut { rg, name } => restore(ctx, rg, name),
        Route::CosmosRestorableList => {
            let by_location = ctx
                .path
                .split('/')
                .skip_while(|s| !s.eq_ignore_ascii_case("locations"))
                .nth(1);
            let world = ctx.world();
            let value: Vec<Value> = if by_location.is_some_and(|l| !same_location(l)) {
                Vec::new()
            } else {
                world
                    .accounts
                    .iter()
                    .filter(|a| a.provisioning_state(ctx.now) == "Succeeded")
                    .map(|a| restorable_json(a, ctx.sub(), ctx.now))
                    .collect()
            };
            Ok(arm::json_response(
                StatusCode::OK,
                &json!({ "value": value }),
                &[],
            ))
        }
        Route::CosmosOperation { id } => {
            let world = ctx.world();
            let op = world
                .operations
                .get(id)
                .filter(|o| o.kind == OpKind::CosmosRestore)
                .ok_or_else(|| {
                    ArmError::not_found("NotFound", format!("The operation '{id}' was not found."))
                })?;
            Ok(arm::operation_response(op, ctx.now))
        }
        _ => Err(ArmError::not_found("NotFound", "unsupported operation")),
    }
}

fn find<'w>(
    world: &'w World,
    rg: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<&'w CosmosAccount, ArmError> {
    world
        .accounts
        .iter()
        .find(|a| {
            a.resource_group.eq_ignore_ascii_case(rg)
                && a.name.eq_ignore_ascii_case(name)
                && a.visible(now)
        })
        .ok_or_else(|| ArmError::resource_not_found(RTYPE, name, rg))
}

fn restore(ctx: &Ctx<'_>, rg: &str, name: &str) -> ArmResult {
    let body: Value = serde_json::from_slice(ctx.body).map_err(|e| {
        ArmError::bad_request(
            "BadRequest",
            format!("The request body is not valid JSON: {e}"),
        )
    })?;
    let props = &body["properties"];
    let mode = props["createMode"].as_str().unwrap_or("Default");
    if !mode.eq_ignore_ascii_case("Restore") {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!(
                "createMode '{mode}' is not supported here: eduops restores with createMode 'Restore' into a new account."
            ),
        ));
    }
    let params = &props["restoreParameters"];
    let source = params["restoreSource"].as_str().ok_or_else(|| {
        ArmError::bad_request(
            "BadRequest",
            "restoreParameters.restoreSource is required for createMode 'Restore'.",
        )
    })?;
    let when_text = params["restoreTimestampInUtc"].as_str().ok_or_else(|| {
        ArmError::bad_request(
            "BadRequest",
            "restoreParameters.restoreTimestampInUtc is required for createMode 'Restore'.",
        )
    })?;
    let when = DateTime::parse_from_rfc3339(when_text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ArmError::bad_request(
                "BadRequest",
                format!("restoreTimestampInUtc '{when_text}' is not a valid ISO 8601 date-time."),
            )
        })?;

    let mut world = ctx.world();
    let instance = source
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let src = world
        .accounts
        .iter()
        .find(|a| a.instance_id.eq_ignore_ascii_case(instance) && a.provisioning_state(ctx.now) == "Succeeded")
        .cloned()
        .ok_or_else(|| {
            ArmError::not_found(
                "NotFound",
                format!("Restorable database account '{source}' was not found. List restorable accounts to find its id."),
            )
        })?;
    let oldest = src.oldest_restorable(ctx.now);
    if when < oldest || when > ctx.now {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!(
                "The restore timestamp '{}' is outside the restorable window of account '{}': it must lie between '{}' and '{}'.",
                ts(when),
                src.name,
                ts(oldest),
                ts(ctx.now)
            ),
        ));
    }
    if world
        .accounts
        .iter()
        .any(|a| a.name.eq_ignore_ascii_case(name) && a.visible(ctx.now))
    {
        return Err(ArmError::conflict(
            "Conflict",
            format!(
                "Database account '{name}' already exists. A restore must create a new account: choose another name."
            ),
        ));
    }
    let ready = ctx.now + Duration::minutes(RESTORE_MINUTES);
    let account = CosmosAccount {
        env: src.env,
        resource_group: rg.to_string(),
        name: name.to_string(),
        instance_id: guid(hash3(world.seed, 0xc02, world.accounts.len() as u64)),
        created: ctx.now,
        tier_days: src.tier_days,
        ready_at: Some(ready),
        failed: ctx.lro_fail,
        restored_from: Some(source.to_string()),
        restore_point: Some(when),
    };
    let sub = ctx.sub().to_string();
    let op_id = world.operations.next_id(0xc05);
    world.operations.track(Operation {
        id: op_id.clone(),
        kind: OpKind::CosmosRestore,
        started: ctx.now,
        done_at: ready,
        fails: ctx.lro_fail,
        resource_id: account.id(&sub),
    });
    let doc = account_json(&account, &sub, ctx.now);
    world.accounts.push(account);
    let version = ctx.query.get("api-version").unwrap_or("2025-04-15");
    let headers = [
        (
            "azure-asyncoperation",
            format!(
                "{}/subscriptions/{sub}/providers/Microsoft.DocumentDB/locations/{LOCATION}/operationsStatus/{op_id}?api-version={version}",
                ctx.base_url()
            ),
        ),
        ("retry-after", "1".to_string()),
    ];
    Ok(arm::json_response(StatusCode::OK, &doc, &headers))
}

fn location_json(a: &CosmosAccount, state: &str, with_endpoint: bool) -> Value {
    let mut v = json!({
        "id": format!("{}-{LOCATION}", a.name),
        "locationName": DISPLAY_LOCATION,
        "provisioningState": state,
        "failoverPriority": 0,
        "isZoneRedundant": false,
    });
    if with_endpoint {
        v["documentEndpoint"] = json!(format!(
            "https://{}-{LOCATION}.documents.azure.com:443/",
            a.name
        ));
    }
    v
}

pub fn account_json(a: &CosmosAccount, sub: &str, now: DateTime<Utc>) -> Value {
    let state = a.provisioning_state(now);
    let ready = state == "Succeeded";
    let loc = location_json(a, state, ready);
    let keys = json!({"generationTime": ts(a.created)});
    let mut props = json!({
        "provisioningState": state,
        "ipRules": [],
        "isVirtualNetworkFilterEnabled": false,
        "virtualNetworkRules": [],
        "databaseAccountOfferType": "Standard",
        "disableKeyBasedMetadataWriteAccess": false,
        "consistencyPolicy": {"defaultConsistencyLevel": "Session", "maxIntervalInSeconds": 5, "maxStalenessPrefix": 100},
        "writeLocations": [loc.clone()],
        "readLocations": [loc.clone()],
        "locations": [loc],
        "failoverPolicies": [{"id": format!("{}-{LOCATION}", a.name), "locationName": DISPLAY_LOCATION, "failoverPriority": 0}],
        "cors": [],
        "enableFreeTier": false,
        "apiProperties": {},
        "enableAnalyticalStorage": false,
        "instanceId": a.instance_id,
        "createMode": if a.restored_from.is_some() { "Restore" } else { "Default" },
        "backupPolicy": {"type": "Continuous", "continuousModeProperties": {"tier": a.tier()}},
        "networkAclBypass": "None",
        "networkAclBypassResourceIds": [],
        "keysMetadata": {
            "primaryMasterKey": keys.clone(),
            "secondaryMasterKey": keys.clone(),
            "primaryReadonlyMasterKey": keys.clone(),
            "secondaryReadonlyMasterKey": keys
        },
        "minimalTlsVersion": "Tls12",
    });
    if ready {
        props["documentEndpoint"] = json!(format!("https://{}.documents.azure.com:443/", a.name));
    }
    if let (Some(src), Some(at)) = (&a.restored_from, a.restore_point) {
        props["restoreParameters"] = json!({
            "restoreMode": "PointInTime",
            "restoreSource": src,
            "restoreTimestampInUtc": ts(at),
        });
    }
    json!({
        "id": a.id(sub),
        "name": a.name,
        "location": DISPLAY_LOCATION,
        "type": RTYPE,
        "kind": "GlobalDocumentDB",
        "tags": {"environment": a.env.as_str()},
        "properties": props,
        "systemData": {"createdAt": ts(a.created)},
    })
}

fn restorable_json(a: &CosmosAccount, sub: &str, now: DateTime<Utc>) -> Value {
    json!({
        "id": format!("/subscriptions/{sub}/providers/Microsoft.DocumentDB/locations/{DISPLAY_LOCATION}/restorableDatabaseAccounts/{}", a.instance_id),
        "name": a.instance_id,
        "location": DISPLAY_LOCATION,
        "type": "Microsoft.DocumentDB/locations/restorableDatabaseAccounts",
        "properties": {
            "accountName": a.name,
            "creationTime": ts(a.created),
            "oldestRestorableTime": ts(a.oldest_restorable(now)),
            "apiType": "Sql",
            "restorableLocations": [{
                "locationName": DISPLAY_LOCATION,
                "regionalDatabaseAccountInstanceId": guid(hash3(0xc0c0, a.created.timestamp() as u64, a.name.len() as u64)),
                "creationTime": ts(a.created),
            }]
        }
    })
}
