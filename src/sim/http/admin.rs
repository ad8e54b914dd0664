//! Admin endpoints under `/_sim/` (a prefix Azure never uses). They need no token, are not
//! counted in the stats and never see faults.
//!
//! - `GET /_sim/faults`, `PUT /_sim/faults` (JSON or TOML [`FaultSet`])
//! - `GET /_sim/stats`, `DELETE /_sim/stats` (reset)
//! - `POST /_sim/scenario` (JSON [`Scenario`])
//! - `GET /_sim/clock`, `POST /_sim/clock` with `{"advance_secs": 300}` or `{"advance": "PT5M"}`

use axum::body::Bytes;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use serde_json::{Value, json};

use super::arm::{ArmError, parse_iso_duration, ts};
use super::faults::FaultSet;
use super::state::{Shared, lock};
use super::stats::SimStats;
use crate::sim::platform::scenario::Scenario;

pub fn handle(shared: &Shared, method: &Method, segs: &[String], body: &Bytes) -> Response {
    let what = segs.get(1).map(String::as_str).unwrap_or("");
    let result = match (method.as_str(), what) {
        ("GET", "faults") => Ok(json_ok(&json!(*lock(&shared.faults)))),
        ("PUT", "faults") => parse_faults(body).map(|f| {
            *lock(&shared.faults) = f;
            json_ok(&json!(*lock(&shared.faults)))
        }),
        ("GET", "stats") => Ok(json_ok(&json!(*lock(&shared.stats)))),
        ("DELETE", "stats") => {
            *lock(&shared.stats) = SimStats::default();
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        ("POST", "scenario") => serde_json::from_slice::<Scenario>(body)
            .map_err(|e| ArmError::bad_request("BadRequest", format!("invalid scenario: {e}")))
            .and_then(|s| {
                lock(&shared.world)
                    .apply(&s, shared.clock.now())
                    .map_err(|why| ArmError::not_found("NotFound", why))
            })
            .map(|id| json_ok(&json!({ "incident": id }))),
        ("GET", "clock") => Ok(clock(shared)),
        ("POST", "clock") => advance(body).map(|d| {
            shared.clock.advance(d);
            clock(shared)
        }),
        _ => Err(ArmError::not_found(
            "NotFound",
            "unknown simulator endpoint; see /_sim/faults, /_sim/stats, /_sim/scenario, /_sim/clock",
        )),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

fn json_ok(v: &Value) -> Response {
    (StatusCode::OK, axum::Json(v)).into_response()
}

fn clock(shared: &Shared) -> Response {
    json_ok(&json!({
        "now": ts(shared.clock.now()),
        "start": ts(shared.clock.start()),
        "speed": shared.clock.speed(),
    }))
}

fn parse_faults(body: &Bytes) -> Result<FaultSet, ArmError> {
    if let Ok(f) = serde_json::from_slice::<FaultSet>(body) {
        return Ok(f);
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| ArmError::bad_request("BadRequest", "fault set must be UTF-8 JSON or TOML"))?;
    FaultSet::from_toml(text)
        .map_err(|e| ArmError::bad_request("BadRequest", format!("invalid fault set: {e}")))
}

fn advance(body: &Bytes) -> Result<Duration, ArmError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| ArmError::bad_request("BadRequest", format!("invalid JSON: {e}")))?;
    if let Some(secs) = v.get("advance_secs").and_then(Value::as_f64)
        && secs.is_finite()
        && secs >= 0.0
    {
        return Ok(Duration::milliseconds((secs * 1000.0) as i64));
    }
    if let Some(d) = v
        .get("advance")
        .and_then(Value::as_str)
        .and_then(parse_iso_duration)
    {
        return Ok(d);
    }
    Err(ArmError::bad_request(
        "BadRequest",
        "expected {\"advance_secs\": N} (N ≥ 0) or {\"advance\": \"PT5M\"}",
    ))
}
