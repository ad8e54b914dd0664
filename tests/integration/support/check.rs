//! Shared by the `check_*` tests: an in-process simulator with a frozen clock, the real
//! `eduops` binary pointed at it through `--arm-url` and `EDUOPS_ACCESS_TOKEN`, with config and
//! data in a temp dir, and a Slack-like webhook receiver on loopback.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use eduops::sim::{self, SimHandle, SimOptions};

/// Thursday 2026-11-26 10:30 KST: class time.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap()
}

pub async fn frozen_sim() -> SimHandle {
    sim::start(SimOptions {
        seed: 1,
        speed: 0.0,
        start: Some(t0()),
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A place for eduops' config and data, and the endpoint and token it should use.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub arm_url: String,
    pub token: String,
}

impl Sandbox {
    pub fn for_sim(sim: &SimHandle) -> Sandbox {
        Sandbox::new(&sim.base_url, &sim.token)
    }

    pub fn new(arm_url: &str, token: &str) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        Sandbox {
            dir,
            arm_url: arm_url.to_string(),
            token: token.to_string(),
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    pub fn write_config(&self, toml: &str) {
        std::fs::write(self.config_dir().join("config.toml"), toml).unwrap();
    }

    /// Audit records written so far, oldest first.
    pub fn audit(&self) -> Vec<serde_json::Value> {
        match std::fs::read_to_string(self.data_dir().join("audit.jsonl")) {
            Ok(t) => t
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Runs `eduops --arm-url URL check ARGS` and waits for it.
    pub async fn check(&self, args: &[&str]) -> Run {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_eduops"));
        cmd.arg("--arm-url")
            .arg(&self.arm_url)
            .arg("check")
            .args(args)
            .env("EDUOPS_CONFIG_DIR", self.config_dir())
            .env("EDUOPS_DATA_DIR", self.data_dir())
            .env("EDUOPS_STATE_DIR", self.state_dir())
            .env("EDUOPS_ACCESS_TOKEN", &self.token)
            .env("USER", "cron-test")
            .env_remove("EDUOPS_NOTIFY_URL")
            .env_remove("NO_COLOR")
            .kill_on_drop(true);
        let out = tokio::time::timeout(Duration::from_secs(60), cmd.output())
            .await
            .expect("eduops check did not end within 60s")
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// What a webhook receiver saw, and how it answers: the statuses in `replies`, in order, then
/// 200 for every later request.
#[derive(Clone, Default)]
pub struct Receiver {
    pub bodies: Arc<Mutex<Vec<String>>>,
    pub replies: Arc<Mutex<Vec<u16>>>,
}

impl Receiver {
    pub fn bodies(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }
}

/// A Slack-like incoming webhook on 127.0.0.1: `POST /services/T0/B0/secret`.
pub async fn start_receiver(replies: Vec<u16>) -> (String, Receiver) {
    use axum::{Router, extract::State, http::StatusCode, routing::post};
    let rx = Receiver {
        bodies: Arc::default(),
        replies: Arc::new(Mutex::new(replies)),
    };
    async fn hook(State(rx): State<Receiver>, body: String) -> (StatusCode, &'static str) {
        rx.bodies.lock().unwrap().push(body);
        let next = {
            let mut r = rx.replies.lock().unwrap();
            if r.is_empty() { 200 } else { r.remove(0) }
        };
        let status = StatusCode::from_u16(next).unwrap();
        (status, if next == 200 { "ok" } else { "server_error" })
    }
    let app = Router::new()
        .route("/services/T0/B0/secret", post(hook))
        .with_state(rx.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://127.0.0.1:{port}/services/T0/B0/secret"), rx)
}

/// A loopback port nothing listens on.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Unhealthy service names in a check's JSON, as `env/service`.
pub fn unhealthy(j: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for e in j["environments"].as_array().unwrap() {
        for s in e["services"].as_array().unwrap() {
            if s["health"] == "unhealthy" {
                out.push(format!(
                    "{}/{}",
                    e["env"].as_str().unwrap(),
                    s["service"].as_str().unwrap()
                ));
            }
        }
    }
    out
}

/// Runs `eduops ARGS` on a pseudo-terminal and returns its raw output (escape codes included)
/// and exit code.
pub fn on_a_terminal(sb: &Sandbox, args: &[&str], envs: &[(&str, &str)]) -> (String, u32) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_eduops"));
    cmd.arg("--arm-url");
    cmd.arg(&sb.arm_url);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("EDUOPS_CONFIG_DIR", sb.config_dir());
    cmd.env("EDUOPS_DATA_DIR", sb.data_dir());
    cmd.env("EDUOPS_STATE_DIR", sb.state_dir());
    cmd.env("EDUOPS_ACCESS_TOKEN", &sb.token);
    cmd.env_remove("NO_COLOR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let collected = Arc::new(Mutex::new(Vec::new()));
    let sink = collected.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => sink.lock().unwrap().extend_from_slice(&buf[..n]),
            }
        }
    });
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            std::thread::sleep(Duration::from_millis(150));
            break status.exit_code();
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("eduops check on a terminal did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(pair.master);
    let out = String::from_utf8_lossy(&collected.lock().unwrap()).into_owned();
    (out, code)
}
