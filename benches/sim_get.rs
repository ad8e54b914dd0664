//! Throughput of the simulator for container-group Get, and its memory with the default fleet.
//!
//! `cargo bench --bench sim_get` starts the simulator in-process (default options: 18
//! container groups, seed 1) and loads it for 10 s with `wrk` when installed (2 threads, 32
//! connections), or with a built-in client of 32 concurrent keep-alive connections otherwise.
//! It prints requests/s and the process's resident memory before and after the load.
//! Set `SIM_BENCH_SECS` to change the duration, `SIM_BENCH_EXTRA=1000` to add that many
//! container groups to dev (fleet-size runs; the time of a full paged list is printed too).
// A benchmark that cannot set up has nothing to measure: failing loudly is right here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use eduops::sim::{self, SimOptions};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let secs: u64 = std::env::var("SIM_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let extra: usize = std::env::var("SIM_BENCH_EXTRA")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let handle = rt
        .block_on(sim::start(SimOptions {
            seed: 1,
            // Pinned like the tests: the same story (and the same work per request) every run.
            start: Some(eduops::testing::fixed_now()),
            extra_container_groups: extra,
            ..SimOptions::default()
        }))
        .expect("simulator");
    let url = format!(
        "{}/subscriptions/{}/resourceGroups/rg-ai-education-platform-prod/providers/Microsoft.ContainerInstance/containerGroups/ci-gateway-prod?api-version=2026-05-01",
        handle.base_url, handle.subscription_id
    );
    let idle = rss_kib();
    println!(
        "simulator RSS idle ({} container groups, in-process): {:.1} MiB",
        18 + extra,
        idle as f64 / 1024.0
    );
    rt.block_on(async {
        let client = reqwest::Client::new();
        let mut next = Some(format!(
            "{}/subscriptions/{}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2026-05-01",
            handle.base_url, handle.subscription_id
        ));
        let (t, mut pages, mut items) = (Instant::now(), 0, 0);
        while let Some(url) = next.take() {
            let r = client.get(&url).bearer_auth(&handle.token).send().await.expect("list");
            let v: serde_json::Value = serde_json::from_str(&r.text().await.expect("body")).expect("json");
            items += v["value"].as_array().map_or(0, Vec::len);
            next = v["nextLink"].as_str().map(str::to_string);
            pages += 1;
        }
        println!(
            "full list: {items} groups in {pages} pages, {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    });

    let wrk = Command::new("wrk")
        .args(["-t2", "-c32", &format!("-d{secs}s"), "--latency", "-H"])
        .arg(format!("Authorization: Bearer {}", handle.token))
        .arg(&url)
        .output();
    match wrk {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            for line in text.lines().filter(|l| {
                [
                    "Requests/sec",
                    "Latency",
                    "50%",
                    "99%",
                    "requests in",
                    "Non-2xx",
                ]
                .iter()
                .any(|k| l.contains(k))
            }) {
                println!("wrk: {}", line.trim());
            }
        }
        _ => {
            println!("wrk not found: built-in client, 32 connections, {secs} s");
            let done = Arc::new(AtomicU64::new(0));
            let failed = Arc::new(AtomicU64::new(0));
            let start = Instant::now();
            rt.block_on(async {
                let client = reqwest::Client::new();
                let mut tasks = Vec::new();
                for _ in 0..32 {
                    let (client, url, token) = (client.clone(), url.clone(), handle.token.clone());
                    let (done, failed) = (done.clone(), failed.clone());
                    tasks.push(tokio::spawn(async move {
                        while start.elapsed() < Duration::from_secs(secs) {
                            match client.get(&url).bearer_auth(&token).send().await {
                                Ok(r) if r.status().is_success() => {
                                    let _ = r.bytes().await;
                                    done.fetch_add(1, Ordering::Relaxed);
                                }
                                _ => {
                                    failed.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                        }
                    }));
                }
                for t in tasks {
                    let _ = t.await;
                }
            });
            let n = done.load(Ordering::Relaxed);
            println!(
                "built-in: {n} requests in {:.1} s, {:.0} requests/s, {} failed",
                start.elapsed().as_secs_f64(),
                n as f64 / start.elapsed().as_secs_f64(),
                failed.load(Ordering::Relaxed)
            );
        }
    }
    let stats = handle.stats();
    println!(
        "simulator counted {} ContainerGroups_Get",
        stats.count("ContainerGroups_Get")
    );
    println!(
        "simulator RSS after load: {:.1} MiB",
        rss_kib() as f64 / 1024.0
    );
    rt.block_on(handle.shutdown());
}
