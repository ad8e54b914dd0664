//! A bearer token never reaches the log file, errors or debug output, even at trace level and
//! through retries, 401 refreshes, failures and throttling.

use crate::support::script_server as azure_support;

use std::io::Read;
use std::sync::Mutex;
use std::time::Duration;

use azure_support::{Reply, ScriptServer};
use eduops::azure::{AzureClient, ClientOptions};
use eduops::config::Settings;
use eduops::model::Env;

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";

#[tokio::test]
async fn token_never_appears_in_a_trace_level_log() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("eduops.log");
    let file = std::fs::File::create(&log_path).unwrap();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .unwrap();

    let srv = ScriptServer::start().await;
    let t = Settings {
        subscription_id: Some("sub-1".into()),
        ..Settings::default()
    }
    .targets(Env::Prod);
    let rg = "/subscriptions/sub-1/resourceGroups/rg-ai-education-platform-prod";
    let cg = format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-gateway-prod");
    srv.on(
        "GET",
        &cg,
        vec![
            Reply::json(
                401,
                r#"{"error":{"code":"ExpiredAuthenticationToken","message":"expired"}}"#,
            ),
            Reply::json(500, "{}"),
            Reply::json(429, "{}").header("Retry-After", "0"),
            Reply::json(200, r#"{"id": broken"#),
        ],
    );
    srv.on(
        "POST",
        &format!("{cg}/restart"),
        vec![Reply::json(
            403,
            r#"{"error":{"code":"AuthorizationFailed","message":"no"}}"#,
        )],
    );

    let mut o = ClientOptions::for_simulator(&srv.base, TOKEN);
    o.retry.base_delay = Duration::from_millis(5);
    let c = AzureClient::new(o.clone()).unwrap();
    let mut shown = Vec::new();
    shown.push(format!("{:?}", c));
    shown.push(format!("{:?}", o));
    let e = c.container_group(&t, "ci-gateway-prod").await.unwrap_err();
    shown.push(format!("{e} {e:?}"));
    let e = c
        .restart_container_group(&t, "ci-gateway-prod")
        .await
        .unwrap_err();
    shown.push(format!("{e} {e:?}"));
    let e = c.container_logs(&t, "ci-missing", 10).await.unwrap_err();
    shown.push(format!("{e} {e:?}"));

    // A whole refresh against the simulator, with a 401 refresh and a throttle on the way.
    let h = eduops::sim::start(eduops::sim::SimOptions {
        seed: 1,
        speed: 0.0,
        start: Some(eduops::testing::fixed_now()),
        token: Some(TOKEN.to_string()),
        faults: Some(eduops::sim::FaultSet::new(vec![
            eduops::sim::FaultRule::new(eduops::sim::FaultKind::Unauthorized).times(1),
            eduops::sim::FaultRule::new(eduops::sim::FaultKind::Throttle)
                .on_operation("Alerts_GetAll")
                .retry_after(0)
                .times(1),
        ])),
        ..Default::default()
    })
    .await
    .unwrap();
    let sc = AzureClient::new(ClientOptions::for_simulator(&h.base_url, TOKEN)).unwrap();
    let st = Settings {
        subscription_id: Some(h.subscription_id.clone()),
        ..Settings::default()
    }
    .targets(Env::Prod);
    assert_eq!(sc.service_statuses(&st).await.unwrap().len(), 6);
    sc.usage(
        &st,
        chrono::Duration::minutes(30),
        eduops::azure::MetricInterval::OneMinute,
    )
    .await
    .unwrap();
    sc.alerts(&st).await.unwrap();
    sc.sql_backup_status(&st).await.unwrap();
    sc.cosmos_backup_status(&st).await.unwrap();
    sc.secrets(&st).await.unwrap();
    sc.container_logs(&st, "ci-gateway-prod", 50).await.unwrap();
    assert_eq!(sc.stats().token_refreshes, 1);
    assert_eq!(sc.stats().throttled, 1);

    // The token did travel, in the header only.
    assert!(
        srv.log()
            .iter()
            .all(|l| l.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..]))
    );

    let mut text = String::new();
    std::fs::File::open(&log_path)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    if std::env::var_os("EDUOPS_SHOW_LOG").is_some() {
        eprintln!("{text}");
    }
    assert!(
        text.contains("container group"),
        "the log recorded nothing:\n{text}"
    );
    assert!(
        text.contains("TRACE") || text.contains("DEBUG"),
        "not a verbose log"
    );
    for (i, s) in shown.iter().enumerate() {
        assert!(!s.contains(TOKEN), "shown text {i} leaks the token: {s}");
    }
    assert!(!text.contains(TOKEN), "the log file leaks the token");
    // Nor any recognisable part of it, nor the header itself with a value.
    assert!(!text.contains("c2VjcmV0LXBheWxvYWQ"));
    assert!(!text.to_ascii_lowercase().contains("bearer ey"));
}
