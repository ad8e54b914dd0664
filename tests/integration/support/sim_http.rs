//! Shared helpers of the simulator's integration tests: a started simulator with a frozen
//! clock at a fixed instant, and a small HTTP client that speaks to it.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use eduops::sim::{self, SimHandle, SimOptions};
use serde_json::Value;

pub const ACI: &str = "api-version=2026-05-01";

/// Thursday 2026-11-26 10:30 KST: class time.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap()
}

pub fn frozen(seed: u64) -> SimOptions {
    SimOptions {
        seed,
        speed: 0.0,
        start: Some(t0()),
        ..SimOptions::default()
    }
}

pub async fn start(opts: SimOptions) -> (SimHandle, Client) {
    let h = sim::start(opts).await.unwrap();
    let c = Client::new(&h);
    (h, c)
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub token: Option<String>,
    pub sub: String,
}

impl Client {
    pub fn new(h: &SimHandle) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: h.base_url.clone(),
            token: Some(h.token.clone()),
            sub: h.subscription_id.clone(),
        }
    }

    pub fn rg_path(&self, env: &str) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/rg-ai-education-platform-{env}",
            self.sub
        )
    }

    pub fn cg_path(&self, service: &str, env: &str) -> String {
        format!(
            "{}/providers/Microsoft.ContainerInstance/containerGroups/ci-{service}-{env}",
            self.rg_path(env)
        )
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        }
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Resp {
        let mut rb = self.http.request(method, self.url(path));
        if let Some(t) = &self.token {
            rb = rb.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            rb = rb
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let r = rb.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        Resp {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Option<&Value>) -> Resp {
        self.send(reqwest::Method::POST, path, body).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Resp {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    /// Follows `nextLink` to the end; returns every item and the number of pages.
    pub async fn get_all(&self, path: &str) -> (Vec<Value>, usize) {
        let mut items = Vec::new();
        let mut next = Some(path.to_string());
        let mut pages = 0;
        while let Some(p) = next {
            let r = self.get(&p).await;
            assert_eq!(r.status, 200, "{}", r.text);
            let v = r.json();
            items.extend(v["value"].as_array().unwrap().iter().cloned());
            next = v["nextLink"].as_str().map(str::to_string);
            pages += 1;
            assert!(pages < 1000, "paging does not end");
        }
        (items, pages)
    }
}
