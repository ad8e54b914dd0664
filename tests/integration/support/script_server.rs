//! A scripted ARM endpoint on loopback for transport tests: each (method, path) answers from a
//! queue of canned replies, and every request is logged (method, path, query, whether a bearer
//! token came, when).

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// `{base}` is replaced by the server's base URL (for nextLink and operation URLs).
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.to_string(), v.to_string()));
        self
    }

    pub fn delayed(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub body: String,
    pub at: Instant,
}

#[derive(Default)]
struct Script {
    routes: HashMap<(String, String), VecDeque<Reply>>,
    /// Answer used once a route's queue is down to its last reply (it repeats).
    log: Vec<Logged>,
}

#[derive(Clone)]
pub struct ScriptServer {
    pub base: String,
    script: Arc<Mutex<Script>>,
}

impl ScriptServer {
    pub async fn start() -> ScriptServer {
        let script = Arc::new(Mutex::new(Script::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = (script.clone(), base.clone());
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let (script, base) = state.clone();
                async move { answer(script, base, method, uri, headers, body).await }
            },
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ScriptServer { base, script }
    }

    /// Queue replies for `method path`; the last one repeats.
    pub fn on(&self, method: &str, path: &str, replies: Vec<Reply>) {
        self.script
            .lock()
            .unwrap()
            .routes
            .insert((method.to_string(), path.to_string()), replies.into());
    }

    pub fn log(&self) -> Vec<Logged> {
        self.script.lock().unwrap().log.clone()
    }

    pub fn hits(&self, method: &str, path: &str) -> Vec<Logged> {
        self.log()
            .into_iter()
            .filter(|l| l.method == method && l.path == path)
            .collect()
    }
}

async fn answer(
    script: Arc<Mutex<Script>>,
    base: String,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let reply = {
        let mut s = script.lock().unwrap();
        s.log.push(Logged {
            method: method.to_string(),
            path: path.clone(),
            query: uri.query().unwrap_or("").to_string(),
            authorization: headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: String::from_utf8_lossy(&body).to_string(),
            at: Instant::now(),
        });
        match s.routes.get_mut(&(method.to_string(), path.clone())) {
            Some(q) if q.len() > 1 => q.pop_front(),
            Some(q) => q.front().cloned(),
            None => None,
        }
    };
    let Some(reply) = reply else {
        return (
            StatusCode::NOT_FOUND,
            r#"{"error":{"code":"ResourceNotFound","message":"not scripted"}}"#,
        )
            .into_response();
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut resp = Response::new(axum::body::Body::from(reply.body.replace("{base}", &base)));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (k, v) in reply.headers {
        resp.headers_mut().insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(&v.replace("{base}", &base)).unwrap(),
        );
    }
    resp
}
