//! Azure Monitor alerts (AlertsManagement 2019-03-01: list, get, change state) and metric alert
//! rules (Microsoft.Insights/metricAlerts 2018-03-01).

use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{Value, json};

use crate::model::{Env, SERVICES};
use crate::sim::http::arm::{self, ArmError, ArmResult, ts};
use crate::sim::http::route::Route;
use crate::sim::http::state::Ctx;
use crate::sim::platform::alerts::{AlertChange, AlertUserState, AlertView};
use crate::sim::platform::fleet::{CPU_CORES, LOCATION, MEMORY_GB, resource_group};
use crate::sim::platform::incident::AlertMetric;
use crate::sim::platform::load::GIB;
use crate::sim::platform::world::World;

/// Who changes alert states through the simulator (Azure records the caller's UPN).
pub const CALLER: &str = "sre@ai-education.example";

pub fn cpu_threshold_millicores() -> f64 {
    CPU_CORES * 1000.0 * 0.80
}

pub fn memory_threshold_bytes() -> f64 {
    (MEMORY_GB * GIB * 0.85).round()
}

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    match ctx.route {
        Route::AlertsList => list(ctx),
        Route::AlertGet { id } => {
            let world = ctx.world();
            let alert = find(&world, ctx, id)?;
            let body = alert_json(&world, &alert, ctx.sub(), true);
            Ok(arm::json_response(StatusCode::OK, &body, &[]))
        }
        Route::AlertChangeState { id } => change_state(ctx, id),
        Route::MetricAlertsList { .. } => {
            // Under a resource group: its environment only (the server checked it exists).
            let envs: Vec<Env> = match ctx.env {
                Some(env) => vec![env],
                None => Env::ALL.to_vec(),
            };
            let start = ctx.world().start;
            let value: Vec<Value> = envs
                .into_iter()
                .flat_map(|e| {
                    [AlertMetric::Cpu, AlertMetric::Memory]
                        .map(|m| rule_json(ctx.sub(), e, m, &start))
                })
                .collect();
            Ok(arm::json_response(
                StatusCode::OK,
                &json!({ "value": value }),
                &[],
            ))
        }
        Route::MetricAlertGet { rg, name } => {
            let env = ctx.env.ok_or_else(|| {
                ArmError::not_found(
                    "ResourceGroupNotFound",
                    format!("Resource group '{rg}' could not be found."),
                )
            })?;
            let metric = [AlertMetric::Cpu, AlertMetric::Memory]
                .into_iter()
                .find(|m| m.rule_name().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    ArmError::resource_not_found("Microsoft.Insights/metricAlerts", name, rg)
                })?;
            let body = rule_json(ctx.sub(), env, metric, &ctx.world().start);
            Ok(arm::json_response(StatusCode::OK, &body, &[]))
        }
        Route::MetricAlertStatus { rg, name } => metric_alert_status(ctx, rg, name),
        _ => Err(ArmError::not_found("NotFound", "unsupported operation")),
    }
}

/// `MetricAlertsStatus_List`: the rule's current status, Unhealthy while one of its alerts on
/// the environment is unresolved.
fn metric_alert_status(ctx: &Ctx<'_>, rg: &str, name: &str) -> ArmResult {
    let env = ctx.env.ok_or_else(|| {
        ArmError::not_found(
            "ResourceGroupNotFound",
            format!("Resource group '{rg}' could not be found."),
        )
    })?;
    let metric = [AlertMetric::Cpu, AlertMetric::Memory]
        .into_iter()
        .find(|m| m.rule_name().eq_ignore_ascii_case(name))
        .ok_or_else(|| ArmError::resource_not_found("Microsoft.Insights/metricAlerts", name, rg))?;
    let world = ctx.world();
    let firing = world.alerts(ctx.now).iter().any(|a| {
        a.metric == metric
            && a.resolved.is_none()
            && world.groups.get(a.group).is_some_and(|g| g.env == env)
    });
    let rule = rule_json(ctx.sub(), env, metric, &world.start);
    drop(world);
    let body = json!({
        "value": [{
            "id": rule["id"],
            // base64 of "currentStatus", as Azure names the one status entry.
            "name": "Y3VycmVudFN0YXR1cw==",
            "type": "Microsoft.Insights/metricAlerts/status",
            "properties": {
                "dimensions": {},
                "status": if firing { "Unhealthy" } else { "Healthy" },
                "timestamp": ctx.now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            }
        }]
    });
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}

fn list(ctx: &Ctx<'_>) -> ArmResult {
    let q = ctx.query;
    let range = match q
        .get("timeRange")
        .unwrap_or("1d")
        .to_ascii_lowercase()
        .as_str()
    {
        "1h" => Duration::hours(1),
        "1d" => Duration::days(1),
        "7d" => Duration::days(7),
        "30d" => Duration::days(30),
        other => {
            return Err(ArmError::bad_request(
                "BadRequest",
                format!(
                    "Invalid value '{other}' for parameter 'timeRange'. Allowed values: 1h, 1d, 7d, 30d."
                ),
            ));
        }
    };
    let include_context = q
        .get("includeContext")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let world = ctx.world();
    let sub = ctx.sub();
    let eq = |param: &str, actual: &str| {
        q.get(param)
            .is_none_or(|want| want.eq_ignore_ascii_case(actual))
    };
    let items: Vec<Value> = world
        .alerts(ctx.now)
        .into_iter()
        .filter(|a| a.modified >= ctx.now - range || a.fired >= ctx.now - range)
        .filter(|a| {
            let g = &world.groups[a.group];
            eq("targetResourceGroup", &g.resource_group)
                && eq("targetResource", &g.id(sub))
                && eq(
                    "targetResourceType",
                    "microsoft.containerinstance/containergroups",
                )
                && eq(
                    "monitorCondition",
                    if a.resolved.is_some() {
                        "Resolved"
                    } else {
                        "Fired"
                    },
                )
                && eq("alertState", a.state.as_str())
                && eq("severity", severity(a.metric))
                && eq("monitorService", "Platform")
                && eq("alertRule", &rule_id(sub, g.env, a.metric))
        })
        .map(|a| alert_json(&world, &a, sub, include_context))
        .collect();
    drop(world);
    let (page, next) = arm::page(items, q, ctx.page_size(), ctx.base_url(), ctx.path)?;
    Ok(arm::json_response(
        StatusCode::OK,
        &arm::list_body(page, next),
        &[],
    ))
}

fn find(world: &World, ctx: &Ctx<'_>, id: &str) -> Result<AlertView, ArmError> {
    world
        .alerts(ctx.now)
        .into_iter()
        .find(|a| a.guid.eq_ignore_ascii_case(id))
        .ok_or_else(|| {
            ArmError::not_found(
                "ResourceNotFound",
                format!("The alert '{id}' was not found."),
            )
        })
}

fn change_state(ctx: &Ctx<'_>, id: &str) -> ArmResult {
    let raw = ctx.query.get("newState").unwrap_or("");
    let Some(state) = AlertUserState::parse(raw) else {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!(
                "Invalid value '{raw}' for parameter 'newState'. Allowed values: New, Acknowledged, Closed."
            ),
        ));
    };
    let mut world = ctx.world();
    let alert = find(&world, ctx, id)?;
    world.alert_changes.insert(
        alert.incident,
        AlertChange {
            state,
            at: ctx.now,
            by: CALLER.to_string(),
        },
    );
    let alert = find(&world, ctx, id)?;
    let body = alert_json(&world, &alert, ctx.sub(), false);
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}

fn severity(m: AlertMetric) -> &'static str {
    match m {
        AlertMetric::Cpu => "Sev2",
        AlertMetric::Memory => "Sev1",
    }
}

fn rule_id(sub: &str, env: Env, m: AlertMetric) -> String {
    format!(
        "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.Insights/metricAlerts/{}",
        resource_group(env),
        m.rule_name()
    )
}

fn description(m: AlertMetric) -> &'static str {
    match m {
        AlertMetric::Cpu => {
            "High CPU usage detected (average CpuUsage above 80 % of the 2 vCPU request over 5 minutes)"
        }
        AlertMetric::Memory => {
            "High memory usage detected (average MemoryUsage above 85 % of the 4 GB request over 5 minutes)"
        }
    }
}

fn metric_criterion(m: AlertMetric) -> Value {
    let (metric, threshold) = match m {
        AlertMetric::Cpu => ("CpuUsage", cpu_threshold_millicores()),
        AlertMetric::Memory => ("MemoryUsage", memory_threshold_bytes()),
    };
    json!({
        "criterionType": "StaticThresholdCriterion",
        "name": "Metric1",
        "metricName": metric,
        "metricNamespace": "Microsoft.ContainerInstance/containerGroups",
        "dimensions": [],
        "operator": "GreaterThan",
        "threshold": threshold,
        "timeAggregation": "Average",
    })
}

fn alert_json(world: &World, a: &AlertView, sub: &str, include_context: bool) -> Value {
    let g = &world.groups[a.group];
    let mut essentials = json!({
        "severity": severity(a.metric),
        "signalType": "Metric",
        "alertState": a.state.as_str(),
        "monitorCondition": if a.resolved.is_some() { "Resolved" } else { "Fired" },
        "monitorService": "Platform",
        "targetResource": g.id(sub),
        "targetResourceName": g.name,
        "targetResourceGroup": g.resource_group,
        "targetResourceType": "microsoft.containerinstance/containergroups",
        "sourceCreatedId": crate::sim::platform::noise::guid(crate::sim::platform::noise::hash3(world.seed, 0x5c1d, u64::from(a.incident))),
        "smartGroupId": crate::sim::platform::noise::guid(crate::sim::platform::noise::hash3(world.seed, 0x5a11, a.group as u64)),
        "smartGroupingReason": "Alerts that frequently occur together have been grouped.",
        "alertRule": rule_id(sub, g.env, a.metric),
        "startDateTime": ts(a.fired),
        "lastModifiedDateTime": ts(a.modified),
        "lastModifiedUserName": a.modified_by,
        "actionStatus": {"isSuppressed": false},
        "description": description(a.metric),
    });
    if let Some(r) = a.resolved {
        essentials["monitorConditionResolvedDateTime"] = json!(ts(r));
    }
    let mut properties = json!({ "essentials": essentials, "egressConfig": {} });
    if include_context {
        properties["context"] = json!({
            "conditionType": "MultipleResourceMultipleMetricCriteria",
            "condition": {
                "windowSize": "PT5M",
                "allOf": [metric_criterion(a.metric)]
            }
        });
    } else {
        properties["context"] = json!({});
    }
    json!({
        "properties": properties,
        "id": format!("/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts/{}", a.guid),
        "type": "Microsoft.AlertsManagement/alerts",
        "name": a.metric.rule_name(),
    })
}

fn rule_json(sub: &str, env: Env, m: AlertMetric, start: &chrono::DateTime<chrono::Utc>) -> Value {
    let rg = resource_group(env);
    let scopes: Vec<String> = SERVICES
        .iter()
        .map(|s| format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-{s}-{env}"))
        .collect();
    json!({
        "id": rule_id(sub, env, m),
        "type": "Microsoft.Insights/metricAlerts",
        "name": m.rule_name(),
        "location": "global",
        "tags": {},
        "properties": {
            "description": description(m),
            "severity": if m == AlertMetric::Cpu { 2 } else { 1 },
            "enabled": true,
            "scopes": scopes,
            "evaluationFrequency": "PT1M",
            "windowSize": "PT5M",
            "targetResourceType": "Microsoft.ContainerInstance/containerGroups",
            "targetResourceRegion": LOCATION,
            "criteria": {
                "odata.type": "Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria",
                "allOf": [metric_criterion(m)]
            },
            "autoMitigate": true,
            "actions": [{
                "actionGroupId": format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/microsoft.insights/actionGroups/ai-education-platform-alerts"),
                "webHookProperties": {}
            }],
            "lastUpdatedTime": ts(*start - Duration::days(45)),
        }
    })
}
