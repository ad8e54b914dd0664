//! Terminal manners: alert order for on-call, the one credential banner, slow answers that say
//! how long they take.

use chrono::Duration;
use eduops::app::Msg;
use eduops::model::{Alert, AlertState, Env, MonitorCondition, Severity};
use eduops::testing::{app, fixed_now};

fn alert(name: &str, severity: Severity, state: AlertState) -> Alert {
    Alert {
        id: format!("/alerts/{name}"),
        name: name.into(),
        severity,
        state,
        condition: MonitorCondition::Fired,
        target_resource: String::new(),
        target_service: Some("gateway".into()),
        fired_at: fixed_now() - Duration::minutes(5),
        resolved_at: None,
        signal_type: None,
        monitor_service: None,
        description: None,
    }
}

#[test]
fn unowned_alerts_sort_before_acknowledged_then_by_severity() {
    let mut a = app(Env::Prod);
    let mut closed = alert("closed-sev0", Severity::Sev0, AlertState::Closed);
    closed.condition = MonitorCondition::Resolved;
    a.update(Msg::Alerts(
        Env::Prod,
        Ok(vec![
            alert("held-sev1", Severity::Sev1, AlertState::Acknowledged),
            closed,
            alert("new-sev3", Severity::Sev3, AlertState::New),
            alert("new-sev2", Severity::Sev2, AlertState::New),
        ]),
    ));
    let order: Vec<&str> = a.alert_rows().iter().map(|x| x.name.as_str()).collect();
    assert_eq!(order, ["new-sev2", "new-sev3", "held-sev1", "closed-sev0"]);
}

#[test]
fn a_slow_first_answer_says_how_long_it_has_waited() {
    let mut a = app(Env::Prod);
    let screen = eduops::testing::render_text(&mut a, 120, 40);
    assert!(screen.contains("… loading container groups"), "{screen}");
    assert!(!screen.contains("slow"), "{screen}");
    a.update(Msg::Tick(fixed_now() + Duration::seconds(12)));
    let screen = eduops::testing::render_text(&mut a, 120, 40);
    assert!(
        screen.contains("loading container groups — 12 s, Azure is slow to answer"),
        "{screen}"
    );
}
