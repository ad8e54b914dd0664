//! `eduops sim` standalone: prints url, subscription and token lines that work with curl-like
//! requests, loads a fault file, and stops on its signal.

use std::sync::{Arc, Mutex};

use eduops::sim::{SimArgs, run_until};

/// A writer the test can read while the server runs.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn args(faults: Option<std::path::PathBuf>) -> SimArgs {
    SimArgs {
        port: 0,
        seed: 4,
        speed: 1.0,
        start: Some(eduops::testing::fixed_now()),
        faults,
        page_size: 100,
        accept_any_token: false,
    }
}

#[tokio::test]
async fn prints_what_curl_needs_and_serves_until_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faults.toml");
    std::fs::write(&file, "[[rule]]\noperation = \"ContainerGroups_List\"\nkind = \"throttle\"\nretry_after_secs = 7\ntimes = 1\n").unwrap();
    let out = Shared::default();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let mut w = out.clone();
    let server = tokio::spawn(async move {
        run_until(args(Some(file)), &mut w, async {
            let _ = rx.await;
        })
        .await
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let text = loop {
        let t = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        if t.contains("token: ") {
            break t;
        }
        assert!(std::time::Instant::now() < deadline, "no token line: {t}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no `{name}:` line in {text}"))
            .to_string()
    };
    let (url, sub, token) = (field("url"), field("subscription"), field("token"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let http = reqwest::Client::new();
    let clock: serde_json::Value = http
        .get(format!("{url}/_sim/clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        clock["start"], "2026-11-27T01:30:00Z",
        "--start pins the story"
    );
    let list = format!(
        "{url}/subscriptions/{sub}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2026-05-01"
    );
    let r = http.get(&list).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 429, "the fault file applies");
    assert_eq!(r.headers()["retry-after"], "7");
    let r = http.get(&list).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(v["value"].as_array().unwrap().len(), 18);
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(
        http.get(&list).bearer_auth(&token).send().await.is_err(),
        "stopped"
    );
}

#[tokio::test]
async fn a_bad_fault_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faults.toml");
    std::fs::write(&file, "[[rule]]\nkind = \"teleport\"\n").unwrap();
    let mut sink = Vec::new();
    let err = run_until(args(Some(file)), &mut sink, async {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("faults.toml"), "{err}");
}

#[test]
fn start_is_an_rfc3339_instant() {
    use clap::Parser;
    let cli =
        eduops::cli::Cli::try_parse_from(["eduops", "sim", "--start", "2026-12-31T23:59:00Z"])
            .unwrap();
    let Ok(eduops::cli::Invocation::Sim(args)) = cli.invocation() else {
        panic!("not the sim subcommand: {cli:?}");
    };
    assert_eq!(
        args.start.map(|t| t.to_rfc3339()),
        Some("2026-12-31T23:59:00+00:00".to_string())
    );
    assert!(eduops::cli::Cli::try_parse_from(["eduops", "sim", "--start", "yesterday"]).is_err());
}
