//! The HTTP layer: one handler that authenticates, counts, injects faults, checks the
//! subscription, api-version and resource group once for every route, and dispatches each
//! request to the provider that serves its route.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration as StdDuration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::admin;
use super::arm::{self, ArmError, ArmResult, Query};
use super::fault_replies::fault_response;
use super::faults::FaultKind;
use super::route::{self, Route};
use super::routes;
use super::state::{Ctx, Shared, lock};
use super::stats::RequestRecord;
use crate::sim::platform::noise;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_path = uri.path().to_string();
    let segs: Vec<String> = raw_path
        .trim_start_matches('/')
        .split('/')
        .map(arm::percent_decode)
        .collect();
    if segs.first().map(String::as_str) == Some("_sim") {
        return admin::handle(&shared, &method, &segs, &body);
    }
    let path_and_query = uri
        .path_and_query()
        .map_or(raw_path.clone(), |pq| pq.as_str().to_string());
    let parsed = route::parse(&method, &segs);
    let operation = parsed.as_ref().map_or("Unknown", |(r, _)| r.operation());
    let mutating = parsed.as_ref().is_some_and(|(r, _)| r.is_mutating());
    let is_vault = parsed.as_ref().is_some_and(|(r, _)| r.is_vault())
        || segs.first().map(String::as_str) == Some("_vault");

    let (mut response, status, latency_ms) = serve(
        &shared, &method, &headers, &raw_path, parsed, &uri, &body, is_vault,
    )
    .await;
    let n = shared.request_counter.fetch_add(1, Ordering::Relaxed);
    let request_id = noise::guid(noise::hash3(
        0x7e9,
        n,
        shared.started.elapsed().as_nanos() as u64,
    ));
    let h = response.headers_mut();
    // Azure's `Date` header is how a client learns the server's clock; here it is the virtual
    // clock, so a client asking for "the last hour" of metrics asks for the simulated hour.
    let date = shared
        .clock
        .now()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    if let Ok(v) = HeaderValue::from_str(&date) {
        h.insert("date", v);
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-ms-request-id", v.clone());
        h.insert("x-ms-correlation-request-id", v);
    }
    // A throttling fault has already said how many reads are left (none).
    if method != Method::GET {
        let left = 1_200 - (n % 1_200);
        h.insert(
            "x-ms-ratelimit-remaining-subscription-writes",
            HeaderValue::from(left),
        );
    } else if !h.contains_key("x-ms-ratelimit-remaining-subscription-reads") {
        let left = 12_000 - (n % 12_000);
        h.insert(
            "x-ms-ratelimit-remaining-subscription-reads",
            HeaderValue::from(left),
        );
    }
    lock(&shared.stats).record(RequestRecord {
        method: method.to_string(),
        path: path_and_query,
        operation: operation.to_string(),
        status,
        virtual_time: shared.clock.now(),
        real_time: Utc::now(),
        elapsed_ms: shared.started.elapsed().as_secs_f64() * 1000.0,
        mutating,
        latency_ms,
    });
    response
}

/// The response, the status to record (0 for a dropped connection) and the latency added.
#[allow(clippy::too_many_arguments)]
async fn serve(
    shared: &Shared,
    method: &Method,
    headers: &HeaderMap,
    raw_path: &str,
    parsed: Option<(Route, Option<String>)>,
    uri: &Uri,
    body: &Bytes,
    is_vault: bool,
) -> (Response, u16, u64) {
    if let Err(e) = authenticate(shared, headers, is_vault) {
        let status = e.status.as_u16();
        return (e.into_response(), status, 0);
    }
    let operation = parsed.as_ref().map_or("Unknown", |(r, _)| r.operation());
    let applied = lock(&shared.faults).take(method.as_str(), raw_path, operation);
    if applied.latency_ms > 0 {
        tokio::time::sleep(StdDuration::from_millis(applied.latency_ms)).await;
    }
    let mut lro_fail = false;
    let mut bad_item = false;
    if let Some(rule) = applied.outcome {
        if rule.kind == FaultKind::LroFail {
            lro_fail = true;
        } else if rule.kind == FaultKind::BadItem {
            bad_item = true;
        } else {
            let (r, status) = fault_response(
                &rule,
                parsed.as_ref().map(|p| &p.0),
                raw_path,
                shared.clock.now(),
            );
            return (r, status, applied.latency_ms);
        }
    }
    let result = dispatch(shared, method, raw_path, parsed, uri, body, lro_fail);
    match result {
        Ok(r) if bad_item => {
            let r = spoil_one_item(r).await;
            let status = r.status().as_u16();
            (r, status, applied.latency_ms)
        }
        Ok(r) => {
            let status = r.status().as_u16();
            (r, status, applied.latency_ms)
        }
        Err(e) => {
            let status = e.status.as_u16();
            (e.into_response(), status, applied.latency_ms)
        }
    }
}

fn dispatch(
    shared: &Shared,
    method: &Method,
    path: &str,
    parsed: Option<(Route, Option<String>)>,
    uri: &Uri,
    body: &Bytes,
    lro_fail: bool,
) -> ArmResult {
    let Some((route, sub)) = parsed else {
        return Err(ArmError::not_found(
            "NotFound",
            format!(
                "No HTTP resource was found that matches the request URI '{}{}'.",
                shared.base_url(),
                uri
            ),
        ));
    };
    if let Some(sub) = sub
        && !sub.eq_ignore_ascii_case(&shared.subscription)
    {
        return Err(ArmError::not_found(
            "SubscriptionNotFound",
            format!("The subscription '{sub}' could not be found."),
        ));
    }
    let query = Query::parse(uri.query());
    let (versions, rtype) = route.api_versions();
    if route.is_vault() {
        arm::check_vault_api_version(&query, versions)?;
    } else {
        arm::check_api_version(&query, versions, rtype)?;
    }
    // One check for every route under a resource group, as ARM makes it before any provider.
    let env = match route.resource_group() {
        Some(rg) => Some(
            lock(&shared.world)
                .env_of_resource_group(rg)
                .ok_or_else(|| {
                    ArmError::not_found(
                        "ResourceGroupNotFound",
                        format!("Resource group '{rg}' could not be found."),
                    )
                })?,
        ),
        None => None,
    };
    let ctx = Ctx {
        shared,
        method,
        route: &route,
        query: &query,
        path,
        body,
        now: shared.clock.now(),
        env,
        lro_fail,
    };
    use routes::*;
    match &route {
        Route::SubscriptionsList => subscriptions::handle(&ctx),
        Route::CgListBySubscription
        | Route::CgListByResourceGroup { .. }
        | Route::CgGet { .. }
        | Route::CgRestart { .. }
        | Route::CgStart { .. }
        | Route::CgStop { .. }
        | Route::CgLogs { .. }
        | Route::CgOperation { .. } => containers::handle(&ctx),
        Route::Metrics { .. } | Route::MetricsBatch => metrics::handle(&ctx),
        Route::AlertsList
        | Route::AlertGet { .. }
        | Route::AlertChangeState { .. }
        | Route::MetricAlertsList { .. }
        | Route::MetricAlertGet { .. }
        | Route::MetricAlertStatus { .. } => alerts::handle(&ctx),
        Route::SqlServerGet { .. }
        | Route::SqlDbGet { .. }
        | Route::SqlDbPut { .. }
        | Route::SqlLtrByDatabase { .. }
        | Route::SqlLtrByServer { .. }
        | Route::SqlOperation { .. }
        | Route::SqlOperationResult { .. } => sql::handle(&ctx),
        Route::CosmosGet { .. }
        | Route::CosmosPut { .. }
        | Route::CosmosRestorableList
        | Route::CosmosOperation { .. } => cosmos::handle(&ctx),
        Route::GraphResources => graph::handle(&ctx),
        Route::VaultSecrets { .. } => vault::handle(&ctx),
    }
}

fn authenticate(shared: &Shared, headers: &HeaderMap, is_vault: bool) -> Result<(), ArmError> {
    let presented = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    let ok = match presented {
        Some(t) if shared.accept_any_token => !t.is_empty(),
        Some(t) => constant_time_eq(t.as_bytes(), shared.token.as_bytes()),
        None => false,
    };
    if ok {
        return Ok(());
    }
    let missing = presented.is_none();
    if is_vault {
        return Err(ArmError::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            if missing {
                "AKV10000: Request is missing a Bearer or PoP token."
            } else {
                "AKV10022: Invalid audience or token."
            },
        )
        .with_header(
            "www-authenticate",
            "Bearer authorization=\"https://login.microsoftonline.com/common\", resource=\"https://vault.azure.net\"".to_string(),
        ));
    }
    let message = if missing {
        "Authentication failed. The 'Authorization' header is missing."
    } else {
        "Authentication failed. The 'Authorization' header is provided in an invalid format or the access token is not valid."
    };
    Err(ArmError::new(StatusCode::UNAUTHORIZED, "AuthenticationFailed", message).with_header(
        "www-authenticate",
        format!(
            "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"{message}\""
        ),
    ))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `BadItem` fault: the first item of a list (or the resource) loses its properties.
async fn spoil_one_item(r: Response) -> Response {
    let (parts, body) = r.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    let mut v: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    let target = match v.get_mut("value").and_then(|l| l.as_array_mut()) {
        Some(items) => items.first_mut(),
        None => Some(&mut v),
    };
    if let Some(item) = target.and_then(|t| t.as_object_mut()) {
        item.insert("properties".into(), serde_json::json!("unreadable"));
    }
    let body = serde_json::to_vec(&v).unwrap_or_default();
    let mut parts = parts;
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}
