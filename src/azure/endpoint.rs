//! Where requests may go: https anywhere, plain http only to this machine; and how ARM paths are
//! built with every segment percent-encoded.

use std::net::IpAddr;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use url::{Host, Url};

use super::error::AzureError;

/// Characters escaped in a path segment: everything that could end the segment or the path,
/// plus `;` and `,` which some ARM names contain (LTR backup names, restorable dropped
/// databases) and proxies treat specially.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b';')
    .add(b',')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// One path segment, percent-encoded.
pub fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// An ARM id (`/subscriptions/…/providers/…/name`) with each segment encoded; slashes kept.
pub fn encode_id(id: &str) -> String {
    id.split('/').map(segment).collect::<Vec<_>>().join("/")
}

pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Parses `raw` and refuses anything a bearer token must not be sent to.
pub fn checked_url(raw: &str) -> Result<Url, AzureError> {
    let url = Url::parse(raw)
        .map_err(|e| AzureError::Invalid(format!("bad URL `{}`: {e}", redact(raw))))?;
    check_url(&url)?;
    Ok(url)
}

/// A URL as it may be shown: no query (SAS signatures, webhook keys), no user:password.
pub fn redact(raw: &str) -> String {
    let cut = raw.find(['?', '#']).map_or(raw, |i| &raw[..i]);
    match (cut.find("://"), cut.find('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &cut[..s], &cut[at + 1..]),
        _ => cut.to_string(),
    }
}

pub fn check_url(url: &Url) -> Result<(), AzureError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        _ => Err(AzureError::InsecureEndpoint(origin(url))),
    }
}

/// `scheme://host:port`, for messages (never a path or query that could carry a token).
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Same scheme, host and port: a token obtained for one origin is only sent back to it.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_urls_keep_no_secrets() {
        assert_eq!(redact("https://u:p@h/x?sig=abc"), "https://…@h/x");
        assert_eq!(redact("ht tp://h/?code=1"), "ht tp://h/");
    }

    #[test]
    fn http_only_for_loopback() {
        for ok in [
            "https://management.azure.com",
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:3000",
            "http://localhost:1234",
        ] {
            assert!(checked_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://management.azure.com",
            "http://10.0.0.5:8080",
            "http://192.168.1.1",
            "http://localhost.evil.com",
            "http://[::2]",
            "ftp://127.0.0.1",
        ] {
            assert!(
                matches!(checked_url(bad), Err(AzureError::InsecureEndpoint(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(
            segment("55555555-6666;131637960820000000;Hot"),
            "55555555-6666%3B131637960820000000%3BHot"
        );
        assert_eq!(
            segment("testdb,131403269876900000"),
            "testdb%2C131403269876900000"
        );
        assert_eq!(segment("West US"), "West%20US");
        assert_eq!(segment("a/b"), "a%2Fb");
        assert_eq!(encode_id("/subscriptions/s/x y"), "/subscriptions/s/x%20y");
    }

    #[test]
    fn origin_comparison_ignores_default_port() {
        let a = Url::parse("https://management.azure.com/x").unwrap();
        let b = Url::parse("https://management.azure.com:443/y?z").unwrap();
        let c = Url::parse("https://evil.example/x").unwrap();
        assert!(same_origin(&a, &b));
        assert!(!same_origin(&a, &c));
    }
}
