//! Fault injection: rules that match requests by method, path pattern or operation name and
//! make them slow, throttled, failing, malformed, dropped or unauthorized.
//!
//! A fault file (`eduops sim --faults FILE`, or `PUT /_sim/faults` with the same shape as JSON):
//!
//! ```toml
//! [[rule]]
//! operation = "ContainerGroups_Get"   # Azure operationId (see /_sim/stats), or:
//! path = "*/containerGroups/*"        # glob over the path, `*` matches anything, no case
//! method = "GET"                      # optional
//! kind = "throttle"                   # see FaultKind
//! retry_after_secs = 1                # throttle, unavailable
//! latency_ms = 250                    # latency
//! size_mb = 20                        # oversized
//! times = 1                           # apply to this many matching requests, then stop
//! ```

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// Wait `latency_ms` before answering normally.
    Latency,
    /// 429 `TooManyRequests` with `Retry-After`.
    Throttle,
    /// 500 `InternalServerError`.
    ServerError,
    /// 503 `ServiceUnavailable` with `Retry-After`.
    Unavailable,
    /// 200 with a truncated JSON body.
    MalformedJson,
    /// The connection is closed before a complete response.
    Drop,
    /// 401 `ExpiredAuthenticationToken`.
    Unauthorized,
    /// 403 `AuthorizationFailed`.
    Forbidden,
    /// 409 `Conflict`.
    Conflict,
    /// The long-running operation the request starts ends `Failed`.
    LroFail,
    /// The normal answer with one item spoiled: the first of a list's `value` (or the
    /// resource itself) gets `"properties": "unreadable"`, as a service bug would send.
    BadItem,
    /// 200 with a valid answer of `size_mb` megabytes (default 20), streamed without a
    /// Content-Length: a container log tail that ignores `tail`, or a list padded out.
    Oversized,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    pub kind: FaultKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_mb: Option<u64>,
    /// Remaining applications; `None` applies forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

impl FaultRule {
    pub fn new(kind: FaultKind) -> FaultRule {
        FaultRule {
            method: None,
            path: None,
            operation: None,
            kind,
            latency_ms: None,
            retry_after_secs: None,
            size_mb: None,
            times: None,
        }
    }

    pub fn on_operation(mut self, op: &str) -> FaultRule {
        self.operation = Some(op.to_string());
        self
    }

    pub fn on_path(mut self, pattern: &str) -> FaultRule {
        self.path = Some(pattern.to_string());
        self
    }

    pub fn times(mut self, n: u32) -> FaultRule {
        self.times = Some(n);
        self
    }

    pub fn retry_after(mut self, secs: u64) -> FaultRule {
        self.retry_after_secs = Some(secs);
        self
    }

    pub fn size_mb(mut self, mb: u64) -> FaultRule {
        self.size_mb = Some(mb);
        self
    }

    pub fn latency(mut self, ms: u64) -> FaultRule {
        self.latency_ms = Some(ms);
        self
    }

    fn matches(&self, method: &str, path: &str, operation: &str) -> bool {
        if self.times == Some(0) {
            return false;
        }
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .operation
                .as_deref()
                .is_none_or(|o| o.eq_ignore_ascii_case(operation))
            && self.path.as_deref().is_none_or(|p| glob(p, path))
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSet {
    #[serde(default, rename = "rule")]
    pub rules: Vec<FaultRule>,
}

#[derive(Debug, thiserror::Error)]
pub enum FaultFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
}

impl FaultSet {
    pub fn new(rules: Vec<FaultRule>) -> FaultSet {
        FaultSet { rules }
    }

    pub fn from_toml(source: &str) -> Result<FaultSet, String> {
        toml::from_str(source).map_err(|e| e.to_string())
    }

    pub fn load(path: &std::path::Path) -> Result<FaultSet, FaultFileError> {
        let shown = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|source| FaultFileError::Read {
            path: shown.clone(),
            source,
        })?;
        FaultSet::from_toml(&source).map_err(|message| FaultFileError::Parse {
            path: shown,
            message,
        })
    }

    /// The faults that apply to this request: latency rules add up, and the first other rule
    /// decides the outcome. Counts of limited rules go down.
    pub fn take(&mut self, method: &str, path: &str, operation: &str) -> Applied {
        let mut applied = Applied::default();
        for rule in &mut self.rules {
            if !rule.matches(method, path, operation) {
                continue;
            }
            if rule.kind == FaultKind::Latency {
                applied.latency_ms += rule.latency_ms.unwrap_or(500);
            } else if applied.outcome.is_none() {
                applied.outcome = Some(rule.clone());
            } else {
                continue;
            }
            if let Some(n) = rule.times.as_mut() {
                *n = n.saturating_sub(1);
            }
        }
        applied
    }
}

#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub latency_ms: u64,
    pub outcome: Option<FaultRule>,
}

/// Case-insensitive glob where `*` matches any run of characters, `/` included.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_like_a_shell_without_case() {
        assert!(glob(
            "*/containerGroups/*",
            "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerInstance/containergroups/ci-gateway-prod"
        ));
        assert!(glob("*/restart", "/a/b/restart"));
        assert!(!glob("*/restart", "/a/b/restart/x"));
        assert!(glob("*", ""));
        assert!(!glob("/a", "/b"));
    }

    #[test]
    fn limited_rules_run_out() {
        let mut set = FaultSet::new(vec![
            FaultRule::new(FaultKind::Throttle)
                .on_operation("ContainerGroups_Get")
                .times(1),
        ]);
        assert!(
            set.take("GET", "/x", "ContainerGroups_Get")
                .outcome
                .is_some()
        );
        assert!(
            set.take("GET", "/x", "ContainerGroups_Get")
                .outcome
                .is_none()
        );
        assert!(
            set.take("GET", "/x", "ContainerGroups_List")
                .outcome
                .is_none()
        );
    }

    #[test]
    fn toml_file_shape_parses_and_typos_are_refused() {
        let set = FaultSet::from_toml(
            "[[rule]]\npath = \"*/restart\"\nkind = \"forbidden\"\n\n[[rule]]\nkind = \"latency\"\nlatency_ms = 20\n",
        )
        .unwrap();
        assert_eq!(set.rules.len(), 2);
        assert_eq!(set.rules[0].kind, FaultKind::Forbidden);
        assert!(FaultSet::from_toml("[[rule]]\nkind = \"throttle\"\ntimez = 1\n").is_err());
        assert!(FaultSet::from_toml("[[rule]]\nkind = \"slow\"\n").is_err());
    }
}
