//! The daily checklist's auto-checks judge what the simulator (through the real client)
//! says: a failed service fails the health check by name; a healthy fleet passes it; a service
//! without metrics is named; and every check judges at any hour the simulator starts at.

use crate::support;

use chrono::{Duration, TimeZone, Utc};
use eduops::checklist::auto::evaluate;
use eduops::checklist::model::AutoCheck;
use eduops::health::Verdict;
use eduops::model::Env;
use eduops::sim::Scenario;
use support::sim::{client_for, settings_for, start_sim, start_sim_at};

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
    sim.advance(Duration::hours(25));
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

const DAILY: [AutoCheck; 5] = [
    AutoCheck::Health,
    AutoCheck::ErrorLogs,
    AutoCheck::Performance,
    AutoCheck::Backups,
    AutoCheck::Security,
];

/// What could not be judged in every environment of `sim` at its current instant, as
/// "2026-11-26 03:00 prod Performance: Unknown(..)" lines.
async fn unjudged(sim: &eduops::sim::SimHandle, seed: u64) -> Vec<String> {
    let client = client_for(sim);
    let settings = settings_for(sim);
    let mut out = Vec::new();
    for env in Env::ALL {
        let snap = eduops::poll::gather_evidence(&client, &settings, env).await;
        for kind in DAILY {
            let e = evaluate(kind, &snap);
            if let Verdict::Unknown(why) = &e.verdict {
                out.push(format!(
                    "seed {seed} {} {env} {kind:?}: {why} {:?}",
                    sim.now().format("%Y-%m-%d %H:%M:%S"),
                    e.lines
                ));
            }
        }
    }
    out
}

/// The daily checks judge at every hour of a day, across midnight and across a new year: what
/// they see depends on the simulator's (seed, start), never on this machine's clock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_daily_check_judges_at_every_hour_and_across_midnight() {
    let day = Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap();
    // A different story each hour: the seed is pinned too, and 24 of them cover more ground.
    let hours = (0..24u32).map(|h| (u64::from(h) + 1, day + Duration::hours(i64::from(h))));
    let runs = hours.map(|(seed, start)| async move {
        let sim = start_sim_at(seed, start).await;
        unjudged(&sim, seed).await
    });
    let crossings = [
        Utc.with_ymd_and_hms(2026, 11, 26, 23, 59, 30).unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 0).unwrap(),
    ]
    .map(|before| async move {
        let sim = start_sim_at(11, before).await;
        let mut out = unjudged(&sim, 11).await;
        sim.advance(Duration::seconds(90));
        assert_eq!(
            sim.now().date_naive(),
            (before + Duration::days(1)).date_naive()
        );
        out.extend(unjudged(&sim, 11).await);
        out
    });
    // Two simulators at a time: the test is about what each one says, and 26 at once on a busy
    // 2-core machine only measure how long a debug build takes to answer (the client gives up).
    use futures::StreamExt;
    let mut failures: Vec<String> = futures::stream::iter(runs)
        .buffer_unordered(2)
        .collect::<Vec<_>>()
        .await
        .concat();
    failures.extend(
        futures::stream::iter(crossings)
            .buffer_unordered(2)
            .collect::<Vec<_>>()
            .await
            .concat(),
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Metrics Azure refuses to give: the Performance check says it could not judge and why (the
/// permission Azure names), not "not loaded yet", and never a pass.
#[tokio::test]
async fn a_metrics_refusal_is_named_in_the_performance_evidence() {
    use eduops::sim::{FaultKind, FaultRule, FaultSet};
    let sim = start_sim(11).await;
    sim.set_faults(FaultSet::new(vec![
        FaultRule::new(FaultKind::Forbidden).on_operation("MetricsBatch_Batch"),
        FaultRule::new(FaultKind::Forbidden).on_operation("Metrics_List"),
    ]));
    let client = client_for(&sim);
    let settings = settings_for(&sim);
    let snap = eduops::poll::gather_evidence(&client, &settings, Env::Prod).await;
    let e = evaluate(AutoCheck::Performance, &snap);
    let Verdict::Unknown(why) = &e.verdict else {
        panic!("judged without metrics: {e:?}");
    };
    assert!(
        why.starts_with("CPU and memory metrics could not be read: "),
        "{why}"
    );
    assert!(
        why.contains("AuthorizationFailed") || why.contains("permission"),
        "{why}"
    );
    // The other checks still judge from what did load.
    assert_ne!(
        std::mem::discriminant(&evaluate(AutoCheck::Health, &snap).verdict),
        std::mem::discriminant(&Verdict::Unknown(String::new()))
    );
}
