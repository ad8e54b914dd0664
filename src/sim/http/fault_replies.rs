//! The answers of injected faults, in the shapes Azure gives them (429 with `Retry-After`,
//! `AuthorizationFailed` naming the action, a truncated body, a dropped connection…).

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};

use super::arm::ArmError;
use super::faults::{FaultKind, FaultRule};
use super::route::Route;

/// The response of a fault at `now` (the virtual clock) and the status to record (0 for a
/// dropped connection).
pub fn fault_response(
    rule: &FaultRule,
    route: Option<&Route>,
    raw_path: &str,
    now: DateTime<Utc>,
) -> (Response, u16) {
    let kind = &rule.kind;
    let retry = rule.retry_after_secs.unwrap_or(1).to_string();
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
                (now - Duration::minutes(1)).format("%-m/%-d/%Y %-I:%M:%S %p"),
                now.format("%-m/%-d/%Y %-I:%M:%S %p")
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
        FaultKind::Oversized => {
            let bytes = rule.size_mb.unwrap_or(20).saturating_mul(1024 * 1024);
            let logs = matches!(route, Some(Route::CgLogs { .. }));
            let mut r = Response::new(Body::from_stream(oversized(bytes, logs)));
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
        FaultKind::Latency | FaultKind::LroFail | FaultKind::BadItem => {
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
        Route::SqlServerGet { .. } => "Microsoft.Sql/servers/read",
        Route::MetricAlertStatus { .. } => "Microsoft.Insights/MetricAlerts/Status/Read",
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

/// About `bytes` of valid JSON, made as it is sent (the simulator holds one chunk at a time):
/// `{"content": "…"}` of numbered log lines, or an empty `value` list with a long `padding`.
fn oversized(
    bytes: u64,
    logs: bool,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    const CHUNK: u64 = 64 * 1024;
    let head: &'static str = if logs {
        "{\"content\": \""
    } else {
        "{\"value\": [], \"padding\": \""
    };
    let chunks = bytes.div_ceil(CHUNK);
    let body = (0..chunks).map(move |i| {
        let mut s = String::with_capacity(CHUNK as usize + 64);
        let mut line = i * CHUNK / 52;
        while (s.len() as u64) < CHUNK {
            if logs {
                s.push_str(&format!(
                    "2026-11-27T01:30:00Z INFO request served line={line:09}\\n"
                ));
            } else {
                s.push_str("padding padding padding padding padding padding pad ");
            }
            line += 1;
        }
        Ok(Bytes::from(s))
    });
    futures::stream::iter(
        std::iter::once(Ok(Bytes::from_static(head.as_bytes())))
            .chain(body)
            .chain(std::iter::once(Ok(Bytes::from_static(b"\"}")))),
    )
}
