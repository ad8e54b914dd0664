//! The HTTP layer: one handler that authenticates, counts, injects faults and dispatches each
//! request to the provider that serves its route.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration as StdDuration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::admin;
use super::arm::{self, ArmError, ArmResult, Query};
use super::clock::Clock;
use super::faults::{FaultKind, FaultSet};
use super::routes::{self, Route};
use super::stats::{RequestRecord, SimStats};
use super::world::World;

pub struct Shared {
    pub clock: Clock,
    pub world: Mutex<World>,
    pub faults: Mutex<FaultSet>,
    pub stats: Mutex<SimStats>,
    pub token: String,
    pub accept_any_token: bool,
    pub page_size: usize,
    pub subscription: String,
    pub base_url: OnceLock<String>,
    started: Instant,
    request_counter: AtomicU64,
}

/// Locks a mutex even if a panicking request poisoned it: the data is still consistent
/// enough for a simulator, and one bad request must not take the server down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(
        clock: Clock,
        world: World,
        faults: FaultSet,
        token: String,
        accept_any_token: bool,
        page_size: usize,
    ) -> Shared {
        let subscription = world.subscription.clone();
        Shared {
            clock,
            world: Mutex::new(world),
            faults: Mutex::new(faults),
            stats: Mutex::new(SimStats::default()),
            token,
            accept_any_token,
            page_size: page_size.max(1),
            subscription,
            base_url: OnceLock::new(),
            started: Instant::now(),
            request_counter: AtomicU64::new(0),
        }
    }

    pub fn base_url(&self) -> &str {
        self.base_url
            .get()
            .map_or("http://127.0.0.1", String::as_str)
    }
}

/// What a provider handler gets for one request.
pub struct Ctx<'a> {
    pub shared: &'a Shared,
    pub method: &'a Method,
    pub route: &'a Route,
    pub query: &'a Query,
    /// The path as received (still percent-encoded), without the query.
    pub path: &'a str,
    pub body: &'a Bytes,
    pub now: DateTime<Utc>,
    /// A fault rule asked for the long-running operation started here to fail.
    pub lro_fail: bool,
}

impl Ctx<'_> {
    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.shared.world)
    }

    pub fn base_url(&self) -> &str {
        self.shared.base_url()
    }

    pub fn sub(&self) -> &str {
        &self.shared.subscription
    }

    pub fn page_size(&self) -> usize {
        self.shared.page_size
    }
}

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
    let parsed = routes::parse(&method, &segs);
    let operation = parsed.as_ref().map_or("Unknown", |(r, _)| r.operation());
    let mutating = parsed.as_ref().is_some_and(|(r, _)| r.is_mutating());
    let is_vault = parsed.as_ref().is_some_and(|(r, _)| r.is_vault())
        || segs.first().map(String::as_str) == Some("_vault");

    let (mut response, status, latency_ms) = serve(
        &shared, &method, &headers, &raw_path, parsed, &uri, &body, is_vault,
    )
    .await;
    let n = shared.request_counter.fetch_add(1, Ordering::Relaxed);
    let request_id = super::noise::guid(super::noise::hash3(
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
    if let Some(rule) = applied.outcome {
        if rule.kind == FaultKind::LroFail {
            lro_fail = true;
        } else {
            let (r, status) = fault_response(
                &rule.kind,
                rule.retry_after_secs,
                parsed.as_ref().map(|p| &p.0),
                raw_path,
            );
            return (r, status, applied.latency_ms);
        }
    }
    let result = dispatch(shared, method, raw_path, parsed, uri, body, lro_fail);
    match result {
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
    arm::check_api_version(&query, versions, rtype)?;
    let ctx = Ctx {
        shared,
        method,
        route: &route,
        query: &query,
        path,
        body,
        now: shared.clock.now(),
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
        | Route::MetricAlertGet { .. } => alerts::handle(&ctx),
        Route::SqlDbGet { .. }
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

fn fault_response(
    kind: &FaultKind,
    retry_after: Option<u64>,
    route: Option<&Route>,
    raw_path: &str,
) -> (Response, u16) {
    let retry = retry_after.unwrap_or(1).to_string();
    let err = match kind {
        FaultKind::Throttle => ArmError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits",
        )
        .with_header("retry-after", retry)
        .with_header("x-ms-ratelimit-remaining-subscription-reads", "0".to_string()),
        FaultKind::ServerError => ArmError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "Encountered internal server error. Diagnostic information: timestamp '', subscription id '', tracking id '', request correlation id ''.",
        ),
        FaultKind::Unavailable => ArmError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please try again later.",
        )
        .with_header("retry-after", retry),
        FaultKind::Unauthorized => ArmError::new(
            StatusCode::UNAUTHORIZED,
            "ExpiredAuthenticationToken",
            format!(
                "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                Utc::now().format("%-m/%-d/%Y %-I:%M:%S %p"),
                Utc::now().format("%-m/%-d/%Y %-I:%M:%S %p")
            ),
        )
        .with_header(
            "www-authenticate",
            "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token has expired.\"".to_string(),
        ),
        FaultKind::Forbidden => {
            let action = route.map_or("Microsoft.Resources/read".to_string(), action_of);
            let scope = scope_of(raw_path);
            ArmError::new(
                StatusCode::FORBIDDEN,
                "AuthorizationFailed",
                format!(
                    "The client 'sre@ai-education.example' with object id '7f3c2a91-5d1e-4b6a-9c0f-2e8d4a6b1c35' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."
                ),
            )
        }
        FaultKind::Conflict => ArmError::new(
            StatusCode::CONFLICT,
            "Conflict",
            format!(
                "The operation cannot be performed on resource '{}' because another operation is in progress. Please retry after it completes.",
                scope_of(raw_path)
            ),
        ),
        FaultKind::MalformedJson => {
            let mut r = (StatusCode::OK, "{\"value\": [{\"id\": \"/subscriptions/").into_response();
            r.headers_mut().insert(
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            return (r, 200);
        }
        FaultKind::Drop => {
            let stream = futures::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "simulated dropped connection",
                ))
            });
            let mut r = Response::new(Body::from_stream(stream));
            *r.status_mut() = StatusCode::OK;
            return (r, 0);
        }
        FaultKind::Latency | FaultKind::LroFail => {
            // Never an outcome (handled before); answer as the server would fail anyway.
            ArmError::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError", "unexpected fault")
        }
    };
    let status = err.status.as_u16();
    (err.into_response(), status)
}

/// The RBAC action a route needs, for `AuthorizationFailed` messages.
fn action_of(route: &Route) -> String {
    let s = match route {
        Route::CgRestart { .. } => "Microsoft.ContainerInstance/containerGroups/restart/action",
        Route::CgStart { .. } => "Microsoft.ContainerInstance/containerGroups/start/action",
        Route::CgStop { .. } => "Microsoft.ContainerInstance/containerGroups/stop/action",
        Route::CgLogs { .. } => "Microsoft.ContainerInstance/containerGroups/containers/logs/read",
        Route::AlertChangeState { .. } => "Microsoft.AlertsManagement/alerts/changestate/action",
        Route::SqlDbPut { .. } => "Microsoft.Sql/servers/databases/write",
        Route::CosmosPut { .. } => "Microsoft.DocumentDB/databaseAccounts/write",
        Route::Metrics { .. } | Route::MetricsBatch => "Microsoft.Insights/metrics/read",
        Route::AlertsList | Route::AlertGet { .. } => "Microsoft.AlertsManagement/alerts/read",
        Route::SqlDbGet { .. } => "Microsoft.Sql/servers/databases/read",
        Route::CosmosGet { .. } => "Microsoft.DocumentDB/databaseAccounts/read",
        _ => "Microsoft.ContainerInstance/containerGroups/read",
    };
    s.to_string()
}

/// The resource a path addresses (the path without a trailing action segment).
fn scope_of(raw_path: &str) -> String {
    let p = raw_path.trim_end_matches('/');
    for action in ["/restart", "/start", "/stop", "/changestate"] {
        if let Some(s) = p.strip_suffix(action) {
            return s.to_string();
        }
    }
    p.to_string()
}

/// `{"status": ...}` of an ARM async operation.
pub fn operation_body(op: &super::world::Operation, now: DateTime<Utc>) -> serde_json::Value {
    let status = op.status(now);
    let mut body = json!({
        "id": op.resource_id.clone() + "/operations/" + &op.id,
        "name": op.id,
        "status": status,
        "startTime": arm::ts(op.started),
    });
    if status != "InProgress" {
        body["endTime"] = json!(arm::ts(op.done_at));
    }
    if status == "Failed" {
        body["error"] = json!({
            "code": "OperationFailed",
            "message": format!("The operation '{}' on '{}' failed: the platform could not complete it. Retry the operation; if it fails again, contact support.", op.id, op.resource_id)
        });
    }
    body
}
