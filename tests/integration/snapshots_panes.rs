//! Every pane, zoomed, at 80x24 and 120x40, and the whole dashboard, on the simulator with a
//! fixed seed and a frozen clock (2026-11-27 10:30 KST).

use crate::support;

use eduops::action::Action;
use eduops::app::{App, Msg, Pane};
use eduops::model::Env;
use support::sim::{app_for, client_for, refresh, start_sim};

async fn loaded(env: Env) -> (App, eduops::sim::SimHandle) {
    let sim = start_sim(42).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, env);
    // The logs poller only fetches while logs are visible: show them first.
    app.update(Msg::Action(Action::FocusLogs));
    refresh(&mut app, &client, &sim).await;
    app.update(Msg::Action(Action::FocusServices));
    (app, sim)
}

#[tokio::test]
async fn whole_dashboard() {
    let (mut app, _sim) = loaded(Env::Prod).await;
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(
            format!("dashboard_{w}x{h}"),
            eduops::testing::render_text(&mut app, w, h)
        );
    }
}

#[tokio::test]
async fn each_pane_zoomed() {
    let (mut app, _sim) = loaded(Env::Prod).await;
    app.update(Msg::Action(Action::Zoom));
    for pane in Pane::ALL {
        app.focus_pane(pane);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!(
                    "pane_{}_{w}x{h}",
                    pane.title().replace('/', "_").to_lowercase()
                ),
                eduops::testing::render_text(&mut app, w, h)
            );
        }
    }
}

#[tokio::test]
async fn all_services_chart_and_24h_window() {
    let sim = start_sim(42).await;
    let client = client_for(&sim);
    let mut app = app_for(&sim, Env::Prod);
    app.update(Msg::Action(Action::FocusCharts));
    app.update(Msg::Action(Action::ChartAll));
    for _ in 0..3 {
        app.update(Msg::Action(Action::ChartWindow)); // 1h → 6h → 24h → 15m
    }
    app.update(Msg::Action(Action::ChartWindow)); // → 1h
    app.update(Msg::Action(Action::ChartWindow)); // → 6h
    app.update(Msg::Action(Action::ChartWindow)); // → 24h
    refresh(&mut app, &client, &sim).await;
    app.update(Msg::Action(Action::Zoom));
    insta::assert_snapshot!(
        "chart_all_24h_120x40",
        eduops::testing::render_text(&mut app, 120, 40)
    );
}

#[tokio::test]
async fn service_detail_and_logs_search() {
    let (mut app, _sim) = loaded(Env::Prod).await;
    app.update(Msg::Action(Action::Enter));
    insta::assert_snapshot!(
        "detail_120x40",
        eduops::testing::render_text(&mut app, 120, 40)
    );
    app.update(Msg::Action(Action::Back));
    app.update(Msg::Action(Action::FocusLogs));
    app.update(Msg::Action(Action::Filter));
    for c in "post".chars() {
        app.update(Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        )));
    }
    app.update(Msg::Key(crossterm::event::KeyEvent::from(
        crossterm::event::KeyCode::Enter,
    )));
    app.update(Msg::Action(Action::Zoom));
    insta::assert_snapshot!(
        "logs_search_80x24",
        eduops::testing::render_text(&mut app, 80, 24)
    );
}
