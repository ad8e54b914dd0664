//! The ARM layer over `azure_core`'s transport: auth header, timeouts, retries, throttling.
//!
//! `azure_core`'s own pipeline is not used because its policies cannot do what eduops needs:
//! its bearer policy refuses plain http even to the loopback simulator, its retry policy retries
//! every method (a restart must never be repeated blindly) and cannot force one token refresh
//! after a 401, and nothing in it reads `x-ms-ratelimit-remaining-subscription-reads`. So requests
//! go straight to its `HttpClient` and this module does the rest.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use azure_core::http::{HttpClient, Method, Request, Url};
use serde::de::DeserializeOwned;

use super::auth::TokenProvider;
use super::endpoint::{check_url, origin, same_origin};
use super::error::AzureError;
use super::options::ClientOptions;
use super::server_clock::ServerClock;
use super::stats::Counters;

const REMAINING_READS: &str = "x-ms-ratelimit-remaining-subscription-reads";
/// Below this many remaining reads, each read waits before it leaves.
const PACE_BELOW: u32 = 25;

/// A request about to be sent.
pub(crate) struct Call {
    pub method: Method,
    pub url: Url,
    /// The configured base this URL belongs to; followed links must keep its origin.
    pub base: Url,
    pub scope: String,
    pub body: Option<Vec<u8>>,
    /// Safe to send twice: reads, and POSTs that only query (metrics batch, Resource Graph).
    pub idempotent: bool,
    /// Operation name for logs and errors.
    pub what: String,
    /// Most bytes of answer read before giving up with [`AzureError::TooLarge`].
    pub limit: usize,
}

/// How much of an answer is read, per kind: far above what Azure sends for what eduops asks,
/// far below what would hurt a small jump host. Past it the request fails with a clear error;
/// nothing of it is kept.
pub(crate) mod limits {
    const MB: usize = 1024 * 1024;
    /// One ARM resource or page of a list.
    pub const ARM: usize = 8 * MB;
    /// Metrics batch and Resource Graph answers (up to 50 resources or 1,000 rows a page).
    pub const QUERY: usize = 16 * MB;
    /// A container log answer streamed through [`super::super::log_tail::LogTail`]: only its
    /// last lines stay in memory, so this only bounds the time spent reading.
    pub const LOG_STREAM: usize = 256 * MB;
    /// Error bodies, whatever the call.
    pub const ERROR: usize = 64 * 1024;
}

/// Where the bytes of a successful answer go when they are not kept whole.
pub(crate) trait BodySink: Send {
    /// Forget what was fed (the request is sent again).
    fn reset(&mut self);
    fn feed(&mut self, chunk: &[u8]) -> Result<(), String>;
}

/// A fully read answer.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: bytes::Bytes,
}

impl Reply {
    /// Header names compared case-insensitively (Azure is inconsistent about their case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn request_id(&self) -> Option<String> {
        self.header("x-ms-request-id")
            .or_else(|| self.header("x-ms-correlation-request-id"))
            .map(str::to_string)
    }

    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, AzureError> {
        serde_json::from_slice(&self.body).map_err(|e| AzureError::parse(what, e))
    }

    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(self)
    }
}

pub(crate) struct Transport {
    http: Arc<dyn HttpClient>,
    pub auth: TokenProvider,
    pub opts: ClientOptions,
    pub counters: Counters,
    hasher: RandomState,
    /// What the replies said about the server's clock; query windows follow it.
    pub clock: ServerClock,
}

impl Transport {
    pub fn new(opts: ClientOptions) -> Transport {
        Transport {
            http: azure_core::http::new_http_client(None),
            auth: TokenProvider::new(&opts.credential),
            opts,
            counters: Counters::default(),
            hasher: RandomState::new(),
            clock: ServerClock::default(),
        }
    }

    /// Sends `call`, retrying what is safe to retry. Any non-2xx status ends as an error, except
    /// that callers see 404 as `AzureError::Api { status: 404, .. }` to decide for themselves.
    pub async fn send(&self, call: Call) -> Result<Reply, AzureError> {
        self.send_to(call, None).await
    }

    /// [`Transport::send`], with a successful answer's body streamed into `sink` (the reply's
    /// body is then empty).
    pub async fn send_to(
        &self,
        call: Call,
        mut sink: Option<&mut dyn BodySink>,
    ) -> Result<Reply, AzureError> {
        check_url(&call.url)?;
        if !same_origin(&call.url, &call.base) {
            // A nextLink or operation URL on another host must not receive our token.
            return Err(AzureError::Invalid(format!(
                "{} pointed to {}, outside {}; not following it with credentials",
                call.what,
                origin(&call.url),
                origin(&call.base)
            )));
        }
        if !call.idempotent {
            Counters::bump(&self.counters.mutations);
        }
        let retry = self.opts.retry;
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        let mut force_token = false;
        loop {
            if call.idempotent && attempt == 0 {
                self.pace().await;
            }
            let token = self.auth.token(&call.scope, force_token).await?;
            force_token = false;
            let mut req = Request::new(call.url.clone(), call.method);
            req.insert_header("authorization", format!("Bearer {}", token.secret()));
            req.insert_header("accept", "application/json");
            req.insert_header("user-agent", concat!("eduops/", env!("CARGO_PKG_VERSION")));
            if let Some(body) = &call.body {
                req.insert_header("content-type", "application/json");
                req.set_body(body.clone());
            } else if call.method != Method::Get {
                req.insert_header("content-length", "0");
            }
            Counters::bump(&self.counters.requests);
            let started = Instant::now();
            if let Some(s) = sink.as_deref_mut() {
                s.reset();
            }
            let outcome = tokio::time::timeout(
                self.opts.timeout,
                self.execute(&req, call.limit, sink.as_deref_mut()),
            )
            .await;
            let elapsed = started.elapsed().as_millis();
            let retryable_left = call.idempotent && attempt < retry.max_retries;

            let reply = match outcome {
                Err(_) => {
                    tracing::warn!(what = %call.what, method = %call.method, path = %call.url.path(), attempt, "timed out after {elapsed} ms");
                    if retryable_left {
                        self.backoff(&mut attempt, None).await;
                        continue;
                    }
                    return Err(AzureError::Timeout);
                }
                Ok(Err(SendError::TooLarge { size, announced })) => {
                    tracing::warn!(what = %call.what, path = %call.url.path(), size, announced, limit = call.limit, "answer too large");
                    return Err(AzureError::TooLarge {
                        what: call.what.clone(),
                        size,
                        announced,
                        limit: call.limit as u64,
                    });
                }
                Ok(Err(SendError::Malformed(detail))) => {
                    return Err(AzureError::parse(&call.what, detail));
                }
                Ok(Err(e)) => {
                    tracing::warn!(what = %call.what, method = %call.method, path = %call.url.path(), attempt, error = %e, "request failed");
                    // A refused connection never reached Azure, so even a mutation may go again.
                    let never_sent = matches!(e, SendError::Connect(_));
                    if retryable_left || (never_sent && attempt < retry.max_retries) {
                        self.backoff(&mut attempt, None).await;
                        continue;
                    }
                    return Err(AzureError::Network(e.to_string()));
                }
                Ok(Ok(reply)) => reply,
            };
            tracing::debug!(what = %call.what, method = %call.method, path = %call.url.path(), status = reply.status, attempt, "{elapsed} ms");
            self.note_ratelimit(&reply);
            self.clock.note(reply.header("date"));

            match reply.status {
                200..=299 => return Ok(reply),
                401 if !refreshed => {
                    // The token may have expired or been revoked early: one fresh token, once.
                    refreshed = true;
                    force_token = true;
                    Counters::bump(&self.counters.token_refreshes);
                    continue;
                }
                401 => {
                    let e = AzureError::from_response(401, &reply.body, reply.request_id());
                    let identity = self.auth.identity();
                    let hint = if identity.contains(super::auth::TOKEN_ENV) {
                        "set a fresh one (`az account get-access-token --query accessToken -o tsv`) or unset it to use `az login`"
                    } else {
                        "sign in again (`az login`) or check the tenant"
                    };
                    return Err(AzureError::Auth(format!(
                        "Azure rejected the {identity} ({e}); {hint}"
                    )));
                }
                429 => {
                    Counters::bump(&self.counters.throttled);
                    let wait = reply.retry_after().unwrap_or_else(|| self.delay(attempt));
                    if retryable_left && wait <= self.opts.max_retry_after {
                        tracing::info!(what = %call.what, "throttled; waiting {} ms as Retry-After asks", wait.as_millis());
                        Counters::bump(&self.counters.retries);
                        attempt += 1;
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(AzureError::Throttled { retry_after: wait });
                }
                408 | 500 | 502 | 503 | 504 if retryable_left => {
                    self.backoff(&mut attempt, reply.retry_after()).await;
                    continue;
                }
                status => {
                    return Err(AzureError::from_response(
                        status,
                        &reply.body,
                        reply.request_id(),
                    ));
                }
            }
        }
    }

    /// Sends `req` and reads its answer: at most `limit` bytes, into `sink` when there is one
    /// and the status is a success, else into the reply.
    async fn execute<'s>(
        &self,
        req: &Request,
        limit: usize,
        sink: Option<&mut (dyn BodySink + 's)>,
    ) -> Result<Reply, SendError> {
        use futures::StreamExt;
        let resp = self
            .http
            .execute_request(req)
            .await
            .map_err(SendError::from)?;
        let status = u16::from(resp.status());
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.as_str().to_string()))
            .collect();
        let success = (200..300).contains(&status);
        let limit = if success { limit } else { limits::ERROR };
        let announced = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse::<u64>().ok());
        if let Some(n) = announced
            && n > limit as u64
            && success
        {
            // Said up front: not a byte of it is read.
            return Err(SendError::TooLarge {
                size: n,
                announced: true,
            });
        }
        let mut sink = sink.filter(|_| success);
        let mut body = bytes::BytesMut::with_capacity(match (&sink, announced) {
            (None, Some(n)) => usize::try_from(n).unwrap_or(0).min(limit),
            _ => 0,
        });
        let mut read: u64 = 0;
        let mut stream = resp.into_body();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| SendError::Io(chain(&e)))?;
            read += chunk.len() as u64;
            if read > limit as u64 {
                if !success {
                    // An error page is only read for its message: its start is enough.
                    let room = limit.saturating_sub(body.len());
                    body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                    break;
                }
                return Err(SendError::TooLarge {
                    size: read,
                    announced: false,
                });
            }
            match sink.as_deref_mut() {
                Some(s) => s.feed(&chunk).map_err(SendError::Malformed)?,
                None => body.extend_from_slice(&chunk),
            }
        }
        Ok(Reply {
            status,
            headers,
            body: body.freeze(),
        })
    }

    fn note_ratelimit(&self, reply: &Reply) {
        if let Some(n) = reply
            .header(REMAINING_READS)
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            self.counters.remaining_reads.store(n, Ordering::Relaxed);
        }
    }

    /// Spreads reads out when Azure says few are left, before it starts answering 429.
    async fn pace(&self) {
        if let Some(left) = self.counters.remaining_reads()
            && left < PACE_BELOW
        {
            let wait = Duration::from_millis(u64::from(PACE_BELOW - left) * 40);
            tracing::debug!(
                "{left} reads left in the ARM budget; pacing {} ms",
                wait.as_millis()
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// How much longer than `base` pollers should wait, given the remaining read budget.
    pub fn poll_interval(&self, base: Duration) -> Duration {
        let factor = match self.counters.remaining_reads() {
            Some(n) if n < 25 => 8,
            Some(n) if n < 100 => 4,
            Some(n) if n < 500 => 2,
            _ => 1,
        };
        base * factor
    }

    /// Exponential with full jitter in [d/2, d], at most `max_delay`.
    fn delay(&self, attempt: u32) -> Duration {
        let p = self.opts.retry;
        let exp = p
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.min(16)))
            .min(p.max_delay);
        let mut h = self.hasher.build_hasher();
        h.write_u32(attempt);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        h.write_u128(now.as_nanos());
        let frac = (h.finish() % 1000) as f64 / 1000.0;
        exp.mul_f64(0.5 + 0.5 * frac)
    }

    async fn backoff(&self, attempt: &mut u32, retry_after: Option<Duration>) {
        let wait = retry_after
            .map(|r| r.min(self.opts.max_retry_after))
            .unwrap_or_else(|| self.delay(*attempt));
        Counters::bump(&self.counters.retries);
        *attempt += 1;
        tokio::time::sleep(wait).await;
    }

    /// GETs `url` (relative to `base`) and parses it.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        base: &Url,
        url: Url,
        scope: &str,
        what: &str,
    ) -> Result<T, AzureError> {
        let reply = self
            .send(Call {
                method: Method::Get,
                url,
                base: base.clone(),
                scope: scope.to_string(),
                body: None,
                idempotent: true,
                what: what.to_string(),
                limit: limits::ARM,
            })
            .await?;
        reply.json(what)
    }
}

#[derive(Debug)]
enum SendError {
    Connect(String),
    Io(String),
    /// More than the call's limit: `size` is what was announced, or read before stopping.
    TooLarge {
        size: u64,
        announced: bool,
    },
    /// The streamed body did not have the expected shape.
    Malformed(String),
}

impl From<azure_core::Error> for SendError {
    fn from(e: azure_core::Error) -> Self {
        match e.kind() {
            azure_core::error::ErrorKind::Connection => SendError::Connect(chain(&e)),
            _ => SendError::Io(chain(&e)),
        }
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Connect(m) => write!(f, "cannot connect: {m}"),
            SendError::Io(m) | SendError::Malformed(m) => f.write_str(m),
            SendError::TooLarge { size, .. } => write!(f, "answer of {size} bytes or more"),
        }
    }
}

/// An error and its causes on one line ("failed to execute request: connection refused").
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts.join(": ")
}

fn retry_after(reply: &Reply) -> Option<Duration> {
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = reply
            .header(name)
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            return Some(Duration::from_millis(ms));
        }
    }
    let v = reply.header("retry-after")?.trim();
    if let Ok(secs) = v.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Some(Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(headers: &[(&str, &str)]) -> Reply {
        Reply {
            status: 429,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: bytes::Bytes::new(),
        }
    }

    #[test]
    fn headers_are_case_insensitive() {
        let r = reply(&[("Azure-AsyncOperation", "https://x")]);
        assert_eq!(r.header("azure-asyncoperation"), Some("https://x"));
        assert_eq!(r.header("AZURE-ASYNCOPERATION"), Some("https://x"));
    }

    #[test]
    fn retry_after_in_seconds_ms_or_date() {
        assert_eq!(
            reply(&[("Retry-After", "2")]).retry_after(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            reply(&[("retry-after-ms", "150"), ("retry-after", "9")]).retry_after(),
            Some(Duration::from_millis(150))
        );
        let past = reply(&[("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")]).retry_after();
        assert_eq!(past, Some(Duration::ZERO));
        assert_eq!(reply(&[("Retry-After", "soon")]).retry_after(), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let t = Transport::new(ClientOptions::for_simulator("http://127.0.0.1:1", "t"));
        let d0 = t.delay(0);
        let d3 = t.delay(3);
        assert!(
            d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100),
            "{d0:?}"
        );
        assert!(
            d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(800),
            "{d3:?}"
        );
        assert!(t.delay(30) <= t.opts.retry.max_delay);
    }
}
