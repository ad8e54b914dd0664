//! ARM's wire conventions: error bodies, api-version checks, query parameters, paging.

use std::collections::HashMap;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::sim::platform::operations::Operation;

/// An error answered in ARM's `{"error":{"code","message"}}` shape.
#[derive(Debug, Clone)]
pub struct ArmError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub headers: Vec<(&'static str, String)>,
}

impl ArmError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ArmError {
        ArmError {
            status,
            code: code.to_string(),
            message: message.into(),
            headers: Vec::new(),
        }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> ArmError {
        ArmError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &str, message: impl Into<String>) -> ArmError {
        ArmError::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> ArmError {
        ArmError::new(StatusCode::CONFLICT, code, message)
    }

    pub fn resource_not_found(rtype: &str, name: &str, rg: &str) -> ArmError {
        ArmError::not_found(
            "ResourceNotFound",
            format!(
                "The Resource '{rtype}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
            ),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> ArmError {
        self.headers.push((name, value));
        self
    }

    pub fn body(&self) -> Value {
        json!({"error": {"code": self.code, "message": self.message}})
    }
}

impl IntoResponse for ArmError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.body())).into_response();
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                resp.headers_mut().insert(HeaderName::from_static(name), v);
            }
        }
        resp
    }
}

pub type ArmResult = Result<Response, ArmError>;

/// A JSON answer with extra headers.
pub fn json_response(
    status: StatusCode,
    body: &Value,
    headers: &[(&'static str, String)],
) -> Response {
    let mut resp = (status, axum::Json(body)).into_response();
    add_headers(resp.headers_mut(), headers);
    resp
}

pub fn empty_response(status: StatusCode, headers: &[(&'static str, String)]) -> Response {
    let mut resp = status.into_response();
    add_headers(resp.headers_mut(), headers);
    resp
}

fn add_headers(map: &mut HeaderMap, headers: &[(&'static str, String)]) {
    for (name, value) in headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            map.insert(HeaderName::from_static(name), v);
        }
    }
}

/// Query parameters with lower-cased names (ARM treats them case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct Query {
    pairs: HashMap<String, String>,
    raw: Vec<(String, String)>,
}

impl Query {
    pub fn parse(query: Option<&str>) -> Query {
        let raw: Vec<(String, String)> =
            url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        let pairs = raw
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        Query { pairs, raw }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The query again without `$skiptoken`, for building a `nextLink`.
    pub fn without_skiptoken(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.raw {
            if !k.eq_ignore_ascii_case("$skiptoken") {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }
}

/// Refuses a missing or unknown api-version with ARM's error.
pub fn check_api_version(q: &Query, supported: &[&str], rtype: &str) -> Result<(), ArmError> {
    let Some(v) = q.get("api-version") else {
        return Err(ArmError::bad_request(
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    };
    if supported.iter().any(|s| s.eq_ignore_ascii_case(v)) {
        return Ok(());
    }
    Err(ArmError::bad_request(
        "NoRegisteredProviderFound",
        format!(
            "No registered resource provider found for location 'koreacentral' and API version '{v}' for type '{rtype}'. The supported api-versions are '{}'. The supported locations are 'koreacentral, koreasouth, eastus, westeurope'.",
            supported.join(", ")
        ),
    ))
}

/// Key Vault's own answer to an api-version it does not know: 400 `BadParameter` in its
/// `{"error": {"code", "message"}}` envelope, naming the version to use instead (no ARM
/// provider registration is involved on a vault).
pub fn check_vault_api_version(q: &Query, supported: &[&str]) -> Result<(), ArmError> {
    let latest = supported.first().copied().unwrap_or("7.6");
    let Some(v) = q.get("api-version") else {
        return Err(ArmError::bad_request(
            "BadParameter",
            format!(
                "The api-version query parameter is required. Consider using the latest supported version ({latest})."
            ),
        ));
    };
    if supported.iter().any(|s| s.eq_ignore_ascii_case(v)) {
        return Ok(());
    }
    Err(ArmError::bad_request(
        "BadParameter",
        format!(
            "The specified version ({v}) is not recognized. Consider using the latest supported version ({latest})."
        ),
    ))
}

/// One page of `items` from `$skiptoken` on, and the `nextLink` of the rest.
pub fn page<T>(
    items: Vec<T>,
    q: &Query,
    page_size: usize,
    base_url: &str,
    path: &str,
) -> Result<(Vec<T>, Option<String>), ArmError> {
    let skip = match q.get("$skiptoken") {
        None => 0,
        Some(t) => t.parse::<usize>().map_err(|_| {
            ArmError::bad_request(
                "InvalidSkipToken",
                format!("The skip token '{t}' is not valid."),
            )
        })?,
    };
    let size = page_size.max(1);
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(skip).take(size).collect();
    let next = (skip + size < total).then(|| {
        let rest = q.without_skiptoken();
        let sep = if rest.is_empty() { "" } else { "&" };
        format!("{base_url}{path}?{rest}{sep}%24skiptoken={}", skip + size)
    });
    Ok((page, next))
}

/// `{"value": [...], "nextLink": ...}` (nextLink only when there is more).
pub fn list_body(value: Vec<Value>, next: Option<String>) -> Value {
    match next {
        Some(n) => json!({"value": value, "nextLink": n}),
        None => json!({"value": value}),
    }
}

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn ts_ms(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `{"status": ...}` of an ARM async operation.
/// An `Azure-AsyncOperation` status answer: while the operation runs it says, as Azure does,
/// when to ask again (`Retry-After`), so standard pollers do not fall back to their 30 s default.
pub fn operation_response(op: &Operation, now: DateTime<Utc>) -> Response {
    let body = operation_body(op, now);
    let headers: Vec<(&str, String)> = if body["status"] == "InProgress" {
        vec![("retry-after", "1".to_string())]
    } else {
        Vec::new()
    };
    json_response(StatusCode::OK, &body, &headers)
}

pub fn operation_body(op: &Operation, now: DateTime<Utc>) -> Value {
    let status = op.status(now);
    let mut body = json!({
        "id": op.resource_id.clone() + "/operations/" + &op.id,
        "name": op.id,
        "status": status,
        "startTime": ts(op.started),
    });
    if status != "InProgress" {
        body["endTime"] = json!(ts(op.done_at));
    }
    if status == "Failed" {
        body["error"] = json!({
            "code": "OperationFailed",
            "message": format!("The operation '{}' on '{}' failed: the platform could not complete it. Retry the operation; if it fails again, contact support.", op.id, op.resource_id)
        });
    }
    body
}

/// Decodes `%XX` escapes of one path segment (LTR backup names carry `;` and `,`).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_handles_ltr_names_and_stray_percents() {
        assert_eq!(percent_decode("a%3Bb%2Cc"), "a;b,c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%41"), "A");
    }

    #[test]
    fn paging_links_carry_the_query_and_the_next_offset() {
        let q = Query::parse(Some("api-version=2026-05-01"));
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let (p, next) = page(items.clone(), &q, 2, "http://h", "/x").unwrap();
        assert_eq!(p, vec![json!(0), json!(1)]);
        let next = next.unwrap();
        assert_eq!(next, "http://h/x?api-version=2026-05-01&%24skiptoken=2");
        let q2 = Query::parse(next.split_once('?').map(|x| x.1));
        let (p, next) = page(items, &q2, 2, "http://h", "/x").unwrap();
        assert_eq!(p, vec![json!(2), json!(3)]);
        assert!(next.unwrap().ends_with("skiptoken=4"));
    }
}

/// An ISO 8601 duration of the forms Azure uses (`PT1M`, `PT5M`, `PT1H`, `P1D`, `P1DT12H`, `PT30S`).
pub fn parse_iso_duration(s: &str) -> Option<chrono::Duration> {
    let s = s.trim().to_ascii_uppercase();
    let rest = s.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut secs: i64 = 0;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else {
                let (_, mult) = units.iter().find(|(u, _)| *u == c)?;
                let n: i64 = num.parse().ok()?;
                secs = secs.checked_add(n.checked_mul(*mult)?)?;
                num.clear();
                any = true;
            }
        }
        num.is_empty().then_some(())
    };
    take(date, &[('W', 7 * 86_400), ('D', 86_400)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        take(t, &[('H', 3600), ('M', 60), ('S', 1)])?;
    }
    any.then(|| chrono::Duration::seconds(secs))
}

#[cfg(test)]
mod duration_tests {
    use super::parse_iso_duration as d;

    #[test]
    fn iso_durations_azure_uses() {
        assert_eq!(d("PT1M").unwrap().num_seconds(), 60);
        assert_eq!(d("pt5m").unwrap().num_seconds(), 300);
        assert_eq!(d("PT1H").unwrap().num_seconds(), 3600);
        assert_eq!(d("P1D").unwrap().num_seconds(), 86_400);
        assert_eq!(d("P1DT12H").unwrap().num_seconds(), 129_600);
        assert!(d("PT").is_none());
        assert!(d("1H").is_none());
        assert!(d("PT5X").is_none());
        assert!(d("P").is_none());
    }
}
