//! Rendering and update costs of the dashboard.
//!
//! - `render_full_200x60`: one full frame, every pane filled from the simulator (seed 42).
//! - `update_1000_groups`: one state + metrics refresh for a fleet of 1,000 container groups
//!   applied to the app, with the derived rows the panes read.
//! - `render_1000_groups_120x40`: a frame of that fleet.
// A benchmark that cannot set up has nothing to measure: failing loudly is right here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};
use eduops::app::{App, ChartWindow, Msg};
use eduops::azure::{AzureClient, ClientOptions};
use eduops::model::{ContainerEvent, Env, MetricPoint, ResourceUsage, ServiceState, ServiceStatus};
use ratatui::{Terminal, backend::TestBackend};

fn loaded_app() -> App {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let sim = eduops::sim::start(eduops::sim::SimOptions {
            seed: 42,
            speed: 0.0,
            start: Some(eduops::testing::fixed_now()),
            ..Default::default()
        })
        .await
        .expect("sim");
        let client = AzureClient::new(ClientOptions::for_simulator(&sim.base_url, &sim.token))
            .expect("client");
        let settings = eduops::config::Settings {
            subscription_id: Some(sim.subscription_id.clone()),
            ..Default::default()
        };
        let mut app = eduops::testing::app_with(Env::Prod, settings, sim.now());
        app.update(Msg::Action(eduops::action::Action::FocusLogs));
        let target = app.poll_target();
        for m in eduops::poll::refresh_all(&client, app.settings(), &target).await {
            app.update(m);
        }
        app
    })
}

fn fleet(n: usize, now: chrono::DateTime<chrono::Utc>) -> (Vec<ServiceStatus>, Vec<ResourceUsage>) {
    let mut statuses = Vec::with_capacity(n);
    let mut usage = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/ci-extra-{i:04}-prod"
        );
        statuses.push(ServiceStatus {
            service: format!("svc-{i:04}"),
            container_group: format!("ci-extra-{i:04}-prod"),
            resource_id: id.clone(),
            state: if i % 97 == 0 {
                ServiceState::Failed
            } else {
                ServiceState::Running
            },
            reason: None,
            provisioning_state: Some("Succeeded".into()),
            restart_count: (i % 5) as u32,
            started_at: Some(now - Duration::hours(3)),
            cpu_request_cores: 2.0,
            memory_request_gb: 4.0,
            image: None,
            ip_address: None,
            events: vec![ContainerEvent {
                name: "Started".into(),
                kind: "Normal".into(),
                message: "Started container".into(),
                count: 1,
                first_timestamp: Some(now - Duration::hours(3)),
                last_timestamp: Some(now - Duration::hours(3)),
            }],
        });
        let pts = |base: f64| -> Vec<MetricPoint> {
            (0..60)
                .map(|m| MetricPoint {
                    time: now - Duration::minutes(60 - m),
                    value: Some(base + (m % 7) as f64),
                })
                .collect()
        };
        usage.push(ResourceUsage {
            resource_id: id,
            cpu_percent: pts(30.0),
            memory_percent: pts(50.0),
        });
    }
    (statuses, usage)
}

fn bench(c: &mut Criterion) {
    let mut app = loaded_app();
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    app.update(Msg::Resize(200, 60));
    c.bench_function("render_full_200x60", |b| {
        b.iter(|| {
            term.draw(|f| eduops::ui::render(f, black_box(&app)))
                .expect("draw");
        })
    });

    let now = app.now();
    let (statuses, usage) = fleet(1000, now);
    c.bench_function("update_1000_groups", |b| {
        b.iter(|| {
            app.update(Msg::Services(Env::Prod, Ok(statuses.clone())));
            app.update(Msg::Usage(Env::Prod, ChartWindow::H1, Ok(usage.clone())));
            black_box(app.service_rows().len());
        })
    });
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    app.update(Msg::Resize(120, 40));
    c.bench_function("render_1000_groups_120x40", |b| {
        b.iter(|| {
            term.draw(|f| eduops::ui::render(f, black_box(&app)))
                .expect("draw");
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
