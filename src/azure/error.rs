//! What can go wrong talking to Azure, in words an operator can act on at 3 a.m.

use std::fmt;
use std::time::Duration;

use super::models::ArmErrorBody;

/// How an [`AzureError::Auth`] reads: the screen says it once, in a banner.
pub const AUTH_PREFIX: &str = "sign-in failed: ";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AzureError {
    /// Azure answered with an error status; `code` and `message` are ARM's own.
    #[error("{}", describe_api(*.status, .code, .message, .request_id))]
    Api {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// No credential worked, or Azure rejected the one we had.
    #[error("sign-in failed: {0}")]
    Auth(String),
    /// The request never got an answer (DNS, refused, reset, TLS).
    #[error("network error: {0}")]
    Network(String),
    #[error("Azure did not answer within the timeout")]
    Timeout,
    /// Azure answered, but not with what the API promises.
    #[error("unexpected response for {what}: {detail}")]
    Parse { what: String, detail: String },
    /// Plain http to a host that is not this machine: a token would travel in clear text.
    #[error(
        "refusing insecure endpoint {0}: plain http is allowed only for loopback (127.0.0.1, ::1, localhost); use https"
    )]
    InsecureEndpoint(String),
    /// Still throttled after the retries an idempotent read gets, or a throttled mutation
    /// (never retried blindly).
    #[error("Azure is throttling requests; retry after {}s", .retry_after.as_secs())]
    Throttled { retry_after: Duration },
    /// The caller asked for something eduops refuses to do (e.g. restore over the source).
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("cancelled")]
    Cancelled,
    /// More than eduops reads of this kind of answer (see `http::limits`).
    #[error("{}", describe_too_large(.what, *.size, *.announced, *.limit))]
    TooLarge {
        what: String,
        /// Bytes announced by Content-Length, or read before stopping.
        size: u64,
        announced: bool,
        limit: u64,
    },
}

/// "answer too large for container logs: 20.1 MB, limit 8 MB".
fn describe_too_large(what: &str, size: u64, announced: bool, limit: u64) -> String {
    let mb = |n: u64| {
        let v = n as f64 / (1024.0 * 1024.0);
        if v.fract() == 0.0 {
            format!("{v:.0} MB")
        } else {
            format!("{v:.1} MB")
        }
    };
    if announced {
        format!(
            "answer too large for {what}: {}, limit {}",
            mb(size),
            mb(limit)
        )
    } else {
        format!("answer too large for {what}: over the {} limit", mb(limit))
    }
}

impl AzureError {
    /// Builds an [`AzureError::Api`] from a response; the body is ARM's error envelope when it
    /// parses, otherwise its first line stands as the message.
    pub fn from_response(status: u16, body: &[u8], request_id: Option<String>) -> AzureError {
        let (code, message) = match serde_json::from_slice::<ArmErrorBody>(body) {
            Ok(env) => (
                env.error.code.unwrap_or_else(|| reason(status).to_string()),
                env.error.message.unwrap_or_default(),
            ),
            Err(_) => {
                let text = String::from_utf8_lossy(body);
                let first = text.lines().next().unwrap_or("").trim();
                (reason(status).to_string(), truncate(first, 200))
            }
        };
        AzureError::Api {
            status,
            code,
            message,
            request_id,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            AzureError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            AzureError::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Whether trying again later may help (the UI shows "will retry" rather than a fix).
    pub fn is_transient(&self) -> bool {
        match self {
            AzureError::Api { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            AzureError::Network(_) | AzureError::Timeout | AzureError::Throttled { .. } => true,
            _ => false,
        }
    }

    pub(crate) fn parse(what: impl Into<String>, detail: impl fmt::Display) -> AzureError {
        AzureError::Parse {
            what: what.into(),
            detail: truncate(&detail.to_string(), 300),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "HttpError",
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Text between `marker'` and the next `'`, as ARM quotes actions and scopes.
fn quoted_after<'a>(message: &'a str, marker: &str) -> Option<&'a str> {
    let start = message.find(marker)? + marker.len();
    let rest = message[start..].strip_prefix('\'')?;
    rest.find('\'').map(|end| &rest[..end])
}

fn describe_api(status: u16, code: &str, message: &str, request_id: &Option<String>) -> String {
    let rid = request_id
        .as_deref()
        .map(|r| format!(" (request id {r})"))
        .unwrap_or_default();
    if code.eq_ignore_ascii_case("AuthorizationFailed") {
        let action = quoted_after(message, "perform action ");
        let scope = quoted_after(message, "over scope ");
        if let (Some(action), Some(scope)) = (action, scope) {
            let resource = scope.rsplit('/').next().unwrap_or(scope);
            return format!(
                "{status} AuthorizationFailed: your identity lacks permission `{action}` on `{resource}` ({scope}); ask for a role granting it (e.g. Contributor on the resource group){rid}"
            );
        }
    }
    match code {
        "ResourceNotFound" | "ResourceGroupNotFound" | "NotFound" if message.is_empty() => {
            format!("{status} {code}: the resource does not exist{rid}")
        }
        _ if message.is_empty() => format!("{status} {code}{rid}"),
        _ => format!("{status} {code}: {message}{rid}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_failed_names_permission_and_resource() {
        let body = br#"{"error":{"code":"AuthorizationFailed","message":"The client 'sre@contoso.com' with object id '0000' does not have authorization to perform action 'Microsoft.ContainerInstance/containerGroups/restart/action' over scope '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/ci-gateway-prod' or the scope is invalid."}}"#;
        let e = AzureError::from_response(403, body, Some("abc".into()));
        let text = e.to_string();
        assert!(
            text.contains("`Microsoft.ContainerInstance/containerGroups/restart/action`"),
            "{text}"
        );
        assert!(text.contains("`ci-gateway-prod`"), "{text}");
        assert!(text.contains("request id abc"), "{text}");
        assert_eq!(e.code(), Some("AuthorizationFailed"));
    }

    #[test]
    fn non_json_error_body_keeps_status_and_first_line() {
        let e = AzureError::from_response(502, b"<html>Bad gateway</html>\nmore", None);
        assert_eq!(e.code(), Some("BadGateway"));
        assert_eq!(e.to_string(), "502 BadGateway: <html>Bad gateway</html>");
        assert!(e.is_transient());
    }
}
