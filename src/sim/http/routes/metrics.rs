//! Azure Monitor metrics of container groups: `Metrics_List` per resource and the batch API
//! (`metrics:getBatch`), computed from the load model.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::sim::http::arm::{self, ArmError, ArmResult, parse_iso_duration, ts};
use crate::sim::http::route::Route;
use crate::sim::http::state::Ctx;
use crate::sim::platform::fleet::LOCATION;
use crate::sim::platform::load::{self, Sample};
use crate::sim::platform::world::World;

const NAMESPACE: &str = "Microsoft.ContainerInstance/containerGroups";
const METRICS: &[(&str, &str, &str, &str)] = &[
    (
        "CpuUsage",
        "CPU Usage",
        "Count",
        "CPU usage on all cores in millicores.",
    ),
    (
        "MemoryUsage",
        "Memory Usage",
        "Bytes",
        "Total memory usage in byte.",
    ),
    (
        "NetworkBytesReceivedPerSecond",
        "Network Bytes Received Per Second",
        "Bytes",
        "The network bytes received per second.",
    ),
    (
        "NetworkBytesTransmittedPerSecond",
        "Network Bytes Transmitted Per Second",
        "Bytes",
        "The network bytes transmitted per second.",
    ),
];
const INTERVALS: &[&str] = &[
    "PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "P1D",
];
const MAX_SPAN_DAYS: i64 = 93;
pub const MAX_BATCH_IDS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agg {
    Average,
    Maximum,
    Minimum,
    Total,
    Count,
}

impl Agg {
    fn key(self) -> &'static str {
        match self {
            Agg::Average => "average",
            Agg::Maximum => "maximum",
            Agg::Minimum => "minimum",
            Agg::Total => "total",
            Agg::Count => "count",
        }
    }
}

struct Request {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    interval: Duration,
    interval_text: String,
    metrics: Vec<usize>,
    aggs: Vec<Agg>,
}

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    match ctx.route {
        Route::Metrics { resource } => single(ctx, resource),
        Route::MetricsBatch => batch(ctx),
        _ => Err(ArmError::not_found("NotFound", "unsupported operation")),
    }
}

fn single(ctx: &Ctx<'_>, resource: &str) -> ArmResult {
    let world = ctx.world();
    let group = group_of_resource(&world, resource, ctx.sub()).ok_or_else(|| {
        ArmError::not_found(
            "ResourceNotFound",
            format!("The Resource '{resource}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
        )
    })?;
    check_namespace(ctx.query.get("metricnamespace"))?;
    let (start, end) = parse_timespan(ctx.query.get("timespan"), ctx.now)?;
    let req = parse_common(ctx, start, end)?;
    let resource_id = world.groups[group].id(ctx.sub());
    let value = metric_values(&world, group, &resource_id, &req, ctx.now);
    let points = value_points(&req);
    let body = json!({
        "cost": points * req.metrics.len() as i64,
        "timespan": format!("{}/{}", ts(req.start), ts(req.end)),
        "interval": req.interval_text,
        "value": value,
        "namespace": NAMESPACE,
        "resourceregion": LOCATION,
    });
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}

fn batch(ctx: &Ctx<'_>) -> ArmResult {
    let body: Value = serde_json::from_slice(ctx.body).map_err(|e| {
        ArmError::bad_request(
            "BadRequest",
            format!("The request body is not valid JSON: {e}"),
        )
    })?;
    let ids: Vec<String> = body
        .get("resourceids")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ArmError::bad_request("BadRequest", "The request body must contain 'resourceids'.")
        })?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if ids.is_empty() {
        return Err(ArmError::bad_request(
            "BadRequest",
            "'resourceids' must contain at least one resource id.",
        ));
    }
    if ids.len() > MAX_BATCH_IDS {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!(
                "The number of resource ids ({}) exceeds the limit of {MAX_BATCH_IDS}.",
                ids.len()
            ),
        ));
    }
    let Some(ns) = ctx.query.get("metricnamespace") else {
        return Err(ArmError::bad_request(
            "BadRequest",
            "The 'metricnamespace' query parameter is required.",
        ));
    };
    check_namespace(Some(ns))?;
    let end_text = ctx.query.get("endtime");
    let start_text = ctx.query.get("starttime");
    let end = match end_text {
        Some(t) => parse_time(t)?,
        None => ctx.now,
    };
    let start = match start_text {
        Some(t) => parse_time(t)?,
        None => end - Duration::hours(1),
    };
    if start >= end {
        return Err(ArmError::bad_request(
            "BadRequest",
            "'starttime' must be earlier than 'endtime'.",
        ));
    }
    let req = parse_common(ctx, start, end)?;
    let world = ctx.world();
    let values: Vec<Value> = ids
        .iter()
        .map(|id| {
            let value = match group_of_resource(&world, id, ctx.sub()) {
                Some(g) => metric_values(&world, g, id, &req, ctx.now),
                None => Vec::new(),
            };
            json!({
                "starttime": start_text.map_or_else(|| arm::ts_ms(start), str::to_string),
                "endtime": end_text.map_or_else(|| arm::ts_ms(end), str::to_string),
                "interval": req.interval_text,
                "value": value,
                "namespace": NAMESPACE.to_ascii_lowercase(),
                "resourceregion": LOCATION,
                "resourceid": id,
            })
        })
        .collect();
    Ok(arm::json_response(
        StatusCode::OK,
        &json!({ "values": values }),
        &[],
    ))
}

fn check_namespace(ns: Option<&str>) -> Result<(), ArmError> {
    match ns {
        Some(ns) if !ns.eq_ignore_ascii_case(NAMESPACE) => Err(ArmError::bad_request(
            "BadRequest",
            format!(
                "Metric namespace '{ns}' is not valid for resource type '{NAMESPACE}'. Valid namespaces: {NAMESPACE}"
            ),
        )),
        _ => Ok(()),
    }
}

fn parse_common(
    ctx: &Ctx<'_>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Request, ArmError> {
    let interval_text = ctx
        .query
        .get("interval")
        .unwrap_or("PT1M")
        .to_ascii_uppercase();
    if !INTERVALS.contains(&interval_text.as_str()) {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!(
                "Invalid interval '{interval_text}'. Supported intervals: {}",
                INTERVALS.join(", ")
            ),
        ));
    }
    let interval = parse_iso_duration(&interval_text).ok_or_else(|| {
        ArmError::bad_request("BadRequest", format!("Invalid interval '{interval_text}'."))
    })?;
    if end - start > Duration::days(MAX_SPAN_DAYS) {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!("The timespan exceeds the maximum of {MAX_SPAN_DAYS} days."),
        ));
    }
    let mut metrics = Vec::new();
    for name in ctx
        .query
        .get("metricnames")
        .unwrap_or("CpuUsage")
        .split(',')
    {
        let name = name.trim();
        let i = METRICS.iter().position(|m| m.0.eq_ignore_ascii_case(name)).ok_or_else(|| {
            ArmError::bad_request(
                "BadRequest",
                format!(
                    "Failed to find metric configuration for provider: Microsoft.ContainerInstance, resource Type: containerGroups, metric: {name}, Valid metrics: {}",
                    METRICS.iter().map(|m| m.0).collect::<Vec<_>>().join(",")
                ),
            )
        })?;
        metrics.push(i);
    }
    let mut aggs = Vec::new();
    for a in ctx.query.get("aggregation").unwrap_or("Average").split(',') {
        let agg = match a.trim().to_ascii_lowercase().as_str() {
            "average" => Agg::Average,
            "maximum" => Agg::Maximum,
            "minimum" => Agg::Minimum,
            "total" => Agg::Total,
            "count" => Agg::Count,
            other => {
                return Err(ArmError::bad_request(
                    "BadRequest",
                    format!(
                        "Invalid aggregation '{other}'. Supported aggregations: Average, Count, Maximum, Minimum, Total"
                    ),
                ));
            }
        };
        if !aggs.contains(&agg) {
            aggs.push(agg);
        }
    }
    Ok(Request {
        start,
        end,
        interval,
        interval_text,
        metrics,
        aggs,
    })
}

fn bad_timespan(t: &str) -> ArmError {
    ArmError::bad_request(
        "BadRequest",
        format!(
            "Invalid timespan '{t}'. Timespan must be of format 'startDateTime_ISO/endDateTime_ISO' or 'startDateTime_ISO/duration_ISO'."
        ),
    )
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, ArmError> {
    // A '+' offset arrives as a space when the client did not encode it.
    let s = s.trim().replace(' ', "+");
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ArmError::bad_request(
                "BadRequest",
                format!("Invalid date-time '{s}'. Expected ISO 8601, e.g. 2026-11-27T09:00:00Z."),
            )
        })
}

/// `start/end`, `start/duration` or a bare duration ending now. Default: the last hour.
fn parse_timespan(
    t: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ArmError> {
    let Some(t) = t else {
        return Ok((now - Duration::hours(1), now));
    };
    let (start, end) = match t.split_once('/') {
        Some((a, b)) => {
            let start = parse_time(a).map_err(|_| bad_timespan(t))?;
            let end = if b.trim_start().starts_with(['P', 'p']) {
                start + parse_iso_duration(b).ok_or_else(|| bad_timespan(t))?
            } else {
                parse_time(b).map_err(|_| bad_timespan(t))?
            };
            (start, end)
        }
        None => {
            let d = parse_iso_duration(t).ok_or_else(|| bad_timespan(t))?;
            (now - d, now)
        }
    };
    if start >= end {
        return Err(ArmError::bad_request(
            "BadRequest",
            format!("Invalid timespan '{t}': the start time must be earlier than the end time."),
        ));
    }
    Ok((start, end))
}

fn group_of_resource(world: &World, resource: &str, sub: &str) -> Option<usize> {
    let name = resource.trim_end_matches('/').rsplit('/').next()?;
    let i = world.group_index(name)?;
    world.groups[i]
        .id(sub)
        .eq_ignore_ascii_case(resource.trim_end_matches('/'))
        .then_some(i)
}

fn value_points(req: &Request) -> i64 {
    let secs = req.interval.num_seconds().max(60);
    (req.end - req.start).num_seconds() / secs + 1
}

fn metric_values(
    world: &World,
    group: usize,
    resource_id: &str,
    req: &Request,
    now: DateTime<Utc>,
) -> Vec<Value> {
    let incidents = world.incidents_of(group);
    let subject = world.subject(group, &incidents);
    let g = &world.groups[group];
    let step = req.interval.num_seconds().max(60);
    let first_bucket = req.start.timestamp().div_euclid(step) * step;
    // Per-minute samples once, shared by all metrics and aggregations.
    let mut buckets: Vec<(i64, Vec<Sample>)> = Vec::new();
    let mut b = first_bucket;
    while b < req.end.timestamp() {
        let mut samples = Vec::new();
        let mut m = b.max(req.start.timestamp().div_euclid(60) * 60);
        while m < b + step && m < req.end.timestamp() {
            let t = DateTime::<Utc>::from_timestamp(m, 0).unwrap_or(now);
            // A minute is published once it is over; stopped or restarting minutes have none.
            if t + Duration::minutes(1) <= now && !g.is_down(t) {
                samples.push(load::sample(&subject, t));
            }
            m += 60;
        }
        buckets.push((b, samples));
        b += step;
    }
    req.metrics
        .iter()
        .map(|&mi| {
            let (name, localized, unit, description) = METRICS[mi];
            let data: Vec<Value> = buckets
                .iter()
                .map(|(b, samples)| point(*b, samples, mi, &req.aggs))
                .collect();
            json!({
                "id": format!("{resource_id}/providers/Microsoft.Insights/metrics/{name}"),
                "type": "Microsoft.Insights/metrics",
                "name": {"value": name, "localizedValue": localized},
                "displayDescription": description,
                "unit": unit,
                "timeseries": [{"metadatavalues": [], "data": data}],
                "errorCode": "Success",
            })
        })
        .collect()
}

fn point(bucket: i64, samples: &[Sample], metric: usize, aggs: &[Agg]) -> Value {
    let stamp = DateTime::<Utc>::from_timestamp(bucket, 0)
        .map(ts)
        .unwrap_or_default();
    let mut p = json!({ "timeStamp": stamp });
    if samples.is_empty() {
        return p;
    }
    let (avg, max): (Vec<f64>, Vec<f64>) = samples
        .iter()
        .map(|s| match metric {
            0 => (s.cpu_avg, s.cpu_max),
            1 => (s.mem_avg, s.mem_max),
            // Network: proportional to CPU (requests in and out), in bytes per second.
            2 => (s.cpu_avg * 180.0, s.cpu_max * 180.0),
            _ => (s.cpu_avg * 420.0, s.cpu_max * 420.0),
        })
        .unzip();
    let n = avg.len() as f64;
    for agg in aggs {
        let v = match agg {
            Agg::Average => avg.iter().sum::<f64>() / n,
            Agg::Maximum => max.iter().cloned().fold(f64::MIN, f64::max),
            Agg::Minimum => avg.iter().map(|v| v * 0.85).fold(f64::MAX, f64::min),
            Agg::Total => avg.iter().sum::<f64>(),
            Agg::Count => n,
        };
        let v = if metric == 1 {
            v.round()
        } else {
            (v * 100.0).round() / 100.0
        };
        p[agg.key()] = json!(v);
    }
    p
}
