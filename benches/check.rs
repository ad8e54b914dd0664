//! A whole `eduops check --output json` process against an in-process simulator, run N times,
//! beside the ops guide's loop shape measured the same way (wall clock, N runs, median):
//!
//! - `guide loop, one client`: six sequential container-group GETs with one HTTP client
//!   (in this process, keep-alive) — the loop without any process start;
//! - `guide loop, six processes`: six sequential `curl` launches, one GET each — the shape of
//!   `health-check.sh`, which starts one `az container show` per service.
//!
//! `CHECK_BENCH_RUNS` sets N (default 15). Run: `cargo bench --bench check`.
// A benchmark that cannot set up has nothing to measure: failing loudly is right here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use eduops::model::SERVICES;
use eduops::sim::{self, SimOptions};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn show(label: &str, v: &[Duration]) {
    let min = v.iter().min().copied().unwrap_or_default();
    let max = v.iter().max().copied().unwrap_or_default();
    println!(
        "{label:<34} median {:>8.1} ms   min {:>8.1} ms   max {:>8.1} ms   ({} runs)",
        median(v.to_vec()).as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        v.len()
    );
}

fn main() {
    let runs: usize = std::env::var("CHECK_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15)
        .max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sim = rt
        .block_on(sim::start(SimOptions {
            seed: 1,
            speed: 0.0,
            start: Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).single(),
            ..SimOptions::default()
        }))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_eduops");
    println!("eduops check benchmark: {bin}");
    println!(
        "simulator {} (frozen clock), prod fleet of six",
        sim.base_url
    );

    let check = || {
        let started = Instant::now();
        let out = Command::new(bin)
            .args(["--arm-url", &sim.base_url, "check", "--env", "prod"])
            .args(["--output", "json"])
            .env("EDUOPS_CONFIG_DIR", dir.path().join("config"))
            .env("EDUOPS_DATA_DIR", dir.path().join("data"))
            .env("EDUOPS_STATE_DIR", dir.path().join("state"))
            .env("EDUOPS_ACCESS_TOKEN", &sim.token)
            .output()
            .unwrap();
        let took = started.elapsed();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "check failed ({code}): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(j["summary"]["services"], 6);
        took
    };
    check(); // warm-up: page cache, first exec
    let eduops: Vec<Duration> = (0..runs).map(|_| check()).collect();

    let urls: Vec<String> = SERVICES
        .iter()
        .map(|s| {
            format!(
                "{}/subscriptions/{}/resourceGroups/rg-ai-education-platform-prod/providers/Microsoft.ContainerInstance/containerGroups/ci-{s}-prod?api-version=2026-05-01",
                sim.base_url, sim.subscription_id
            )
        })
        .collect();

    let client = reqwest::Client::new();
    let one_client = || {
        rt.block_on(async {
            let started = Instant::now();
            for u in &urls {
                let r = client.get(u).bearer_auth(&sim.token).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 200);
                let _ = r.bytes().await.unwrap();
            }
            started.elapsed()
        })
    };
    one_client();
    let loop_client: Vec<Duration> = (0..runs).map(|_| one_client()).collect();

    // The token goes to curl through a header file, not its command line.
    let header = dir.path().join("auth-header");
    {
        let mut f = std::fs::File::create(&header).unwrap();
        writeln!(f, "Authorization: Bearer {}", sim.token).unwrap();
    }
    let curl_ok = Command::new("curl").arg("--version").output().is_ok();
    let six_processes = || {
        let started = Instant::now();
        for u in &urls {
            let out = Command::new("curl")
                .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H"])
                .arg(format!("@{}", header.display()))
                .arg(u)
                .output()
                .unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), "200");
        }
        started.elapsed()
    };
    let loop_procs: Option<Vec<Duration>> = curl_ok.then(|| {
        six_processes();
        (0..runs).map(|_| six_processes()).collect()
    });

    println!();
    show("eduops check (whole process)", &eduops);
    show("guide loop, one client (6 GETs)", &loop_client);
    match &loop_procs {
        Some(v) => show("guide loop, six curl processes", v),
        None => println!("guide loop, six curl processes     skipped: curl not found"),
    }
}
