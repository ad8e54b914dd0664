//! The daily checklist's auto-checks judge what the simulator (through the real client)
//! says: a failed service fails the health check by name; a healthy fleet passes it.

use crate::support;

use eduops::checklist::auto::{Verdict, evaluate};
use eduops::checklist::model::AutoCheck;
use eduops::model::Env;
use eduops::sim::Scenario;
use support::sim::{client_for, settings_for, start_sim};

#[tokio::test]
async fn failed_service_fails_the_health_check_by_name() {
    let sim = start_sim(11).await;
    let client = client_for(&sim);
    let settings = settings_for(&sim);
    let healthy = eduops::poll::gather_evidence(&client, &settings, Env::Dev).await;
    let e = evaluate(AutoCheck::Health, &healthy);
    assert_eq!(e.verdict, Verdict::Pass, "{:?}", e.lines);

    sim.inject(Scenario::Fail {
        env: Env::Dev,
        service: "assessment-ai".into(),
    })
    .unwrap();
    let snap = eduops::poll::gather_evidence(&client, &settings, Env::Dev).await;
    let e = evaluate(AutoCheck::Health, &snap);
    assert_eq!(e.verdict, Verdict::Fail, "{:?}", e.lines);
    assert!(e.services.contains(&"assessment-ai".to_string()), "{e:?}");
    assert!(
        e.lines.iter().any(|l| l.contains("assessment-ai")),
        "{:?}",
        e.lines
    );
}

#[tokio::test]
async fn evidence_covers_every_daily_check() {
    let sim = start_sim(11).await;
    let client = client_for(&sim);
    let settings = settings_for(&sim);
    let snap = eduops::poll::gather_evidence(&client, &settings, Env::Prod).await;
    assert!(snap.services.is_some() && snap.usage.is_some() && snap.alerts.is_some());
    assert!(snap.sql.is_some() && snap.cosmos.is_some() && snap.secrets.is_some());
    assert_eq!(snap.logs.len(), 6, "a log tail for every service");
    for kind in [
        AutoCheck::Health,
        AutoCheck::ErrorLogs,
        AutoCheck::Performance,
        AutoCheck::Backups,
        AutoCheck::Security,
    ] {
        let e = evaluate(kind, &snap);
        assert!(
            !matches!(e.verdict, Verdict::Unknown(_)),
            "{kind:?} could not judge: {:?}",
            e.verdict
        );
    }
}

/// The Performance rule: a service without metric data is named, the others are judged; only
/// a fleet without any data is "could not judge".
#[test]
fn a_service_without_metric_data_is_named_and_the_rest_judged() {
    use support::checklist::{healthy, usage};
    let mut snap = healthy();
    let all = snap.usage.as_mut().unwrap();
    let silent = all
        .iter_mut()
        .find(|u| u.resource_id.ends_with("ci-streaming-ai-prod"))
        .unwrap();
    silent.cpu_percent.clear();
    silent.memory_percent.clear();
    let e = evaluate(AutoCheck::Performance, &snap);
    assert_eq!(e.verdict, Verdict::Pass, "{:#?}", e.lines);
    assert_eq!(
        e.lines[0], "no metric data for streaming-ai",
        "{:#?}",
        e.lines
    );
    assert_eq!(e.services, ["streaming-ai"]);

    // A hot service still fails the check next to a silent one, and both are pointed at.
    let all = snap.usage.as_mut().unwrap();
    all[0] = usage("gateway", 97.0, 50.0);
    let e = evaluate(AutoCheck::Performance, &snap);
    assert_eq!(e.verdict, Verdict::Fail, "{:#?}", e.lines);
    assert_eq!(e.lines[0], "over threshold: gateway");
    assert_eq!(e.lines[1], "no metric data for streaming-ai");
    assert_eq!(e.services, ["gateway", "streaming-ai"]);

    // Nobody has data: nothing to judge.
    for u in snap.usage.as_mut().unwrap() {
        u.cpu_percent.clear();
        u.memory_percent.clear();
    }
    let e = evaluate(AutoCheck::Performance, &snap);
    assert!(
        matches!(&e.verdict, Verdict::Unknown(why) if why.starts_with("no metric data for any service")),
        "{:?}",
        e.verdict
    );
    snap.usage = Some(Vec::new());
    let e = evaluate(AutoCheck::Performance, &snap);
    assert_eq!(e.verdict, Verdict::Unknown("no metrics returned".into()));
}

/// End to end: a service stopped for more than a day has no metrics in the 24-hour window.
#[tokio::test]
async fn a_service_stopped_for_a_day_is_named_in_the_performance_evidence() {
    let sim = start_sim(11).await;
    sim.inject(Scenario::Stop {
        env: Env::Dev,
        service: "content-gen-ai".into(),
    })
    .unwrap();
    sim.advance(chrono::Duration::hours(25));
    let client = client_for(&sim);
    let snap = eduops::poll::gather_evidence(&client, &settings_for(&sim), Env::Dev).await;
    let e = evaluate(AutoCheck::Performance, &snap);
    assert!(
        !matches!(e.verdict, Verdict::Unknown(_)),
        "{:?} {:#?}",
        e.verdict,
        e.lines
    );
    assert!(
        e.lines
            .iter()
            .any(|l| l == "no metric data for content-gen-ai"),
        "{:#?}",
        e.lines
    );
    assert!(e.services.contains(&"content-gen-ai".to_string()), "{e:?}");
}
