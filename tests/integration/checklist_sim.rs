//! The daily checklist's auto-checks judge what the simulator (through the real client)
//! says: a failed service fails the health check by name; a healthy fleet passes it.

use crate::support;

use eduops::checklist::auto::evaluate;
use eduops::checklist::model::AutoCheck;
use eduops::health::Verdict;
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
