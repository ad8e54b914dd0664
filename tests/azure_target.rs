//! `--arm-url` (here: `azure.arm_url`) plus `EDUOPS_ACCESS_TOKEN` point eduops at a separately
//! started simulator, the way an SRE would run `eduops sim` in one terminal and eduops in
//! another. This file holds one test because it sets a process environment variable.

// Test helpers panic on a broken fixture: that is a failed test, not a crashed dashboard.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use eduops::azure::{AzureClient, ClientOptions, TOKEN_ENV};
use eduops::config::Settings;
use eduops::model::{Env, ServiceState};
use eduops::sim::SimOptions;

#[tokio::test]
async fn arm_url_and_access_token_from_the_environment_reach_the_simulator() {
    let h = eduops::sim::start(SimOptions {
        seed: 1,
        speed: 0.0,
        start: Some(eduops::testing::fixed_now()),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    // SAFETY: the only test in this binary, and no other thread reads the environment yet.
    unsafe { std::env::set_var(TOKEN_ENV, &h.token) };

    let mut settings = Settings {
        subscription_id: Some(h.subscription_id.clone()),
        ..Settings::default()
    };
    settings.azure.arm_url = format!("{}/", h.base_url);
    let client = AzureClient::new(ClientOptions::from_settings(&settings)).unwrap();
    assert_eq!(client.identity(), format!("token from {TOKEN_ENV}"));
    assert_eq!(client.endpoint(), h.base_url);

    let t = settings.targets(Env::Prod);
    let st = client.service_statuses(&t).await.unwrap();
    assert_eq!(st.len(), 6);
    assert!(
        st.iter()
            .filter(|s| s.state == ServiceState::Running)
            .count()
            >= 4
    );
    let usage = client
        .usage(
            &t,
            chrono::Duration::minutes(30),
            eduops::azure::MetricInterval::OneMinute,
        )
        .await
        .unwrap();
    assert!(usage.iter().all(|u| !u.cpu_percent.is_empty()));
    assert_eq!(h.stats().count("MetricsBatch_Batch"), 1);

    // A remote http endpoint is refused before any token is read or sent.
    settings.azure.arm_url = "http://sim.example.com:8080".into();
    let err = AzureClient::new(ClientOptions::from_settings(&settings)).unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
}
