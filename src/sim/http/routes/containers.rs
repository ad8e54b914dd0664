//! Microsoft.ContainerInstance: container groups list/get/restart/start/stop, logs, and the
//! async-operation status of a start.

use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{Value, json};

use crate::sim::http::arm::{self, ArmError, ArmResult, ts};
use crate::sim::http::route::Route;
use crate::sim::http::state::Ctx;
use crate::sim::platform::fleet::{CPU_CORES, Event, Group, LOCATION, MEMORY_GB, START_SECS};
use crate::sim::platform::logs;
use crate::sim::platform::operations::{OpKind, Operation};
use crate::sim::platform::view::{ContainerState, GroupView};
use crate::sim::platform::world::World;

const RTYPE: &str = "Microsoft.ContainerInstance/containerGroups";

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    match ctx.route {
        Route::CgListBySubscription => list(ctx, None),
        Route::CgListByResourceGroup { rg } => list(ctx, Some(rg)),
        Route::CgGet { rg, name } => {
            let world = ctx.world();
            let i = find(&world, rg, name)?;
            let view = world.view(i, ctx.now);
            let doc = group_json(&world.groups[i], ctx.sub(), Some(&view));
            Ok(arm::json_response(StatusCode::OK, &doc, &[]))
        }
        Route::CgRestart { rg, name } => {
            let mut world = ctx.world();
            let i = find(&world, rg, name)?;
            if ctx.lro_fail {
                return Ok(failing_lro(ctx, &mut world, i, OpKind::ContainerRestart));
            }
            world.restart(i, ctx.now);
            Ok(arm::empty_response(StatusCode::NO_CONTENT, &[]))
        }
        Route::CgStop { rg, name } => {
            let mut world = ctx.world();
            let i = find(&world, rg, name)?;
            world.stop(i, ctx.now);
            Ok(arm::empty_response(StatusCode::NO_CONTENT, &[]))
        }
        Route::CgStart { rg, name } => {
            let mut world = ctx.world();
            let i = find(&world, rg, name)?;
            if ctx.lro_fail {
                return Ok(failing_lro(ctx, &mut world, i, OpKind::ContainerStart));
            }
            if !world.start(i, ctx.now) {
                return Ok(arm::empty_response(StatusCode::NO_CONTENT, &[]));
            }
            let headers = start_lro(ctx, &mut world, i, OpKind::ContainerStart, false);
            Ok(arm::empty_response(StatusCode::ACCEPTED, &headers))
        }
        Route::CgLogs {
            rg,
            name,
            container,
        } => {
            let world = ctx.world();
            let i = find(&world, rg, name)?;
            let g = &world.groups[i];
            if !container.eq_ignore_ascii_case(&g.name) {
                return Err(ArmError::not_found(
                    "ContainerNotFound",
                    format!(
                        "The container '{container}' is not found in container group '{}'.",
                        g.name
                    ),
                ));
            }
            let tail = match ctx.query.get("tail") {
                None => None,
                Some(t) => Some(t.parse::<usize>().map_err(|_| {
                    ArmError::bad_request(
                        "InvalidParameter",
                        format!("The value '{t}' of parameter 'tail' is not valid. It must be a non-negative integer."),
                    )
                })?),
            };
            let timestamps = ctx
                .query
                .get("timestamps")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            let content = logs::content(&world, i, ctx.now, tail, timestamps);
            Ok(arm::json_response(
                StatusCode::OK,
                &json!({ "content": content }),
                &[],
            ))
        }
        Route::CgOperation { id } => {
            let world = ctx.world();
            let op = world.operations.get(id).ok_or_else(|| {
                ArmError::not_found(
                    "OperationNotFound",
                    format!("The operation '{id}' could not be found."),
                )
            })?;
            Ok(arm::operation_response(op, ctx.now))
        }
        _ => Err(ArmError::not_found("NotFound", "unsupported operation")),
    }
}

fn list(ctx: &Ctx<'_>, rg: Option<&String>) -> ArmResult {
    let world = ctx.world();
    // Page first, then build documents: a 1,000-group fleet costs one page, not the fleet.
    let indices: Vec<usize> = world
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| rg.is_none_or(|rg| g.resource_group.eq_ignore_ascii_case(rg)))
        .map(|(i, _)| i)
        .collect();
    let (page, next) = arm::page(
        indices,
        ctx.query,
        ctx.page_size(),
        ctx.base_url(),
        ctx.path,
    )?;
    let page: Vec<Value> = page
        .into_iter()
        .map(|i| group_json(&world.groups[i], ctx.sub(), None))
        .collect();
    drop(world);
    Ok(arm::json_response(
        StatusCode::OK,
        &arm::list_body(page, next),
        &[],
    ))
}

fn find(world: &World, rg: &str, name: &str) -> Result<usize, ArmError> {
    world
        .group_index(name)
        .filter(|&i| world.groups[i].resource_group.eq_ignore_ascii_case(rg))
        .ok_or_else(|| ArmError::resource_not_found(RTYPE, name, rg))
}

/// Starts tracking an async operation and returns the headers that point at it.
fn start_lro(
    ctx: &Ctx<'_>,
    world: &mut World,
    i: usize,
    kind: OpKind,
    fails: bool,
) -> Vec<(&'static str, String)> {
    let id = world.operations.next_id(0x0c1);
    let g = &world.groups[i];
    let resource_id = g.id(ctx.sub());
    let url = format!(
        "{}/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerInstance/locations/{LOCATION}/operations/{id}?api-version={}",
        ctx.base_url(),
        ctx.sub(),
        g.resource_group,
        ctx.query.get("api-version").unwrap_or("2026-05-01")
    );
    world.operations.track(Operation {
        id,
        kind,
        started: ctx.now,
        done_at: ctx.now + Duration::seconds(START_SECS),
        fails,
        resource_id,
    });
    vec![
        ("azure-asyncoperation", url),
        ("retry-after", "1".to_string()),
    ]
}

/// A `lro-fail` fault: accept the request, change nothing, and let the operation end Failed.
fn failing_lro(
    ctx: &Ctx<'_>,
    world: &mut World,
    i: usize,
    kind: OpKind,
) -> axum::response::Response {
    let headers = start_lro(ctx, world, i, kind, true);
    arm::empty_response(StatusCode::ACCEPTED, &headers)
}

fn event_json(e: &Event) -> Value {
    json!({
        "name": e.name,
        "type": e.kind,
        "count": e.count,
        "firstTimestamp": ts(e.first),
        "lastTimestamp": ts(e.last),
        "message": e.message,
    })
}

fn state_json(s: &ContainerState) -> Value {
    let mut v = json!({
        "state": s.state,
        "startTime": ts(s.start_time),
        "detailStatus": s.detail,
    });
    if let Some(code) = s.exit_code {
        v["exitCode"] = json!(code);
    }
    if let Some(f) = s.finish_time {
        v["finishTime"] = json!(ts(f));
    }
    v
}

fn env_name(g: &Group) -> &'static str {
    match g.env {
        crate::model::Env::Prod => "production",
        crate::model::Env::Staging => "staging",
        crate::model::Env::Dev => "development",
    }
}

/// A container group document; `view` adds the instance views (Get only, as in Azure).
pub fn group_json(g: &Group, sub: &str, view: Option<&GroupView>) -> Value {
    let registry = format!("acraieducationplatform{}", g.env);
    let mut container = json!({
        "name": g.name,
        "properties": {
            "command": [],
            "environmentVariables": [
                {"name": "ENVIRONMENT", "value": env_name(g)},
                {"name": "SERVICE_NAME", "value": g.service},
                {"name": "REDIS_URL"},
                {"name": "POSTGRES_URL"},
                {"name": "OPENAI_API_KEY"}
            ],
            "image": g.image(),
            "ports": [{"port": 8000}],
            "resources": {"requests": {"cpu": CPU_CORES, "memoryInGB": MEMORY_GB}},
            "volumeMounts": []
        }
    });
    let mut properties = json!({
        "containers": [],
        "imageRegistryCredentials": [
            {"server": format!("{registry}.azurecr.io"), "username": registry}
        ],
        "ipAddress": {
            "type": "Public",
            "ip": g.ip,
            "ports": [{"port": 8000, "protocol": "TCP"}]
        },
        "osType": "Linux",
        "provisioningState": view.map_or("Succeeded", |v| v.provisioning_state),
        "restartPolicy": "Always",
        "sku": "Standard",
        "volumes": []
    });
    if let Some(v) = view {
        let mut iv = json!({
            "currentState": state_json(&v.current),
            "restartCount": v.restart_count,
            "events": v.container_events.iter().map(event_json).collect::<Vec<_>>(),
        });
        if let Some(p) = &v.previous {
            iv["previousState"] = state_json(p);
        }
        container["properties"]["instanceView"] = iv;
        properties["instanceView"] = json!({
            "events": v.group_events.iter().map(event_json).collect::<Vec<_>>(),
            "state": v.state,
        });
    }
    properties["containers"] = json!([container]);
    json!({
        "name": g.name,
        "type": RTYPE,
        "id": g.id(sub),
        "location": LOCATION,
        "tags": {"environment": g.env.as_str(), "service": g.service},
        "properties": properties,
        "zones": ["1"]
    })
}
