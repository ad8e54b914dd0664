//! The run store: atomic writes, history, resume, and corrupt files handled without loss.

use crate::support::checklist as support;

use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use eduops::app::{Msg, Overlay};
use eduops::checklist::auto::evaluate;
use eduops::checklist::model::{AutoCheck, Catalog, shipped};
use eduops::checklist::run::Outcome;
use eduops::checklist::store::{RunStore, StoreError, read_run};
use eduops::checklist::walk::Walkthrough;
use eduops::health::Verdict;
use eduops::model::Env;
use support::*;

fn walk(env: Env, minutes_after: i64) -> Walkthrough {
    Walkthrough::start(
        shipped().unwrap().remove(0),
        env,
        "kim",
        now() + Duration::minutes(minutes_after),
    )
}

/// Writes a new walk's run file as the dashboard does (`Effect::SaveRun { create: true }`).
fn create(store: &RunStore, w: &Walkthrough) -> std::path::PathBuf {
    let mut run = w.run().clone();
    let path = store.create(&mut run).unwrap();
    assert_eq!(run.id, w.run().id, "no other run holds the id");
    path
}

#[test]
fn every_change_round_trips_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path().join("checklist-runs"));
    let mut w = walk(Env::Prod, 0);
    let path = create(&store, &w);
    assert_eq!(
        path,
        dir.path()
            .join("checklist-runs/daily-prod-20261127T090000Z.json")
    );

    w.run_auto_check(&failed_service());
    w.mark(Outcome::Pass, now() + Duration::seconds(40));
    w.set_note(
        "content-gen-ai restarted by hand at 09:00; OOM again",
        now() + Duration::seconds(60),
    );
    store.save(w.run()).unwrap();

    let back = store.load(&w.run().id).unwrap();
    assert_eq!(&back, w.run());
    let first = &back.items[0];
    assert_eq!(first.outcome, Some(Outcome::Pass));
    assert!(
        first.overridden,
        "pass over a failed health check is an override"
    );
    assert_eq!(first.evidence.as_ref().unwrap().verdict, Verdict::Fail);
    assert_eq!(first.seconds_spent, 60);

    let leftovers: Vec<_> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        leftovers,
        ["daily-prod-20261127T090000Z.json"],
        "no temp files left"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "notes are the operator's only");
    }
}

#[test]
fn runs_started_in_the_same_second_get_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut a = walk(Env::Dev, 0).run().clone();
    let mut b = walk(Env::Dev, 0).run().clone();
    store.create(&mut a).unwrap();
    store.create(&mut b).unwrap();
    assert_eq!(b.id, format!("{}-2", a.id));
    assert_eq!(store.list().runs.len(), 2);
}

#[test]
fn history_is_newest_first_and_the_unfinished_run_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut old = walk(Env::Prod, 0);
    old.finish(now() + Duration::minutes(5));
    store.save(old.run()).unwrap();
    let open = walk(Env::Staging, 60);
    store.save(open.run()).unwrap();
    let newest = walk(Env::Prod, 120);
    let mut newest_run = newest.run().clone();
    newest_run.finished_at = Some(now() + Duration::minutes(130));
    store.save(&newest_run).unwrap();

    let ids: Vec<String> = store.list().runs.into_iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "daily-prod-20261127T110000Z",
            "daily-staging-20261127T100000Z",
            "daily-prod-20261127T090000Z"
        ]
    );
    // The dashboard offers the newest unfinished run when it starts.
    let mut app = eduops::testing::app(Env::Prod);
    app.update(Msg::ChecklistsLoaded {
        catalog: Catalog::load(dir.path()),
        runs: store.list().runs,
        run_errors: Vec::new(),
        open_picker: false,
    });
    match app.overlay() {
        Some(Overlay::ResumeOffer { run_id, .. }) => {
            assert_eq!(run_id, "daily-staging-20261127T100000Z")
        }
        other => panic!("no resume offer: {other:?}"),
    }
}

#[test]
fn the_dr_test_records_its_restore_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let monthly = shipped().unwrap().remove(2);
    let mut w = Walkthrough::start(monthly, Env::Staging, "lee", now());
    create(&store, &w);
    let lines = vec![
        "restored sqldb-education-staging to sqldb-education-drtest-20261127 at 2026-11-27T08:00:00Z".to_string(),
        "took 14 min; 1,204,332 rows in lessons".to_string(),
    ];
    assert!(w.record_action_result(Verdict::Pass, lines.clone(), now() + Duration::minutes(20)));
    w.mark(Outcome::Pass, now() + Duration::minutes(21));
    store.save(w.run()).unwrap();
    let on_disk = store.load(&w.run().id).unwrap();
    let result = on_disk.items[0].action_result.as_ref().unwrap();
    assert_eq!(result.lines, lines);
    let md = eduops::checklist::export::to_markdown(&on_disk);
    assert!(md.contains("| ✔ pass | ✔ pass (restore-form) |"), "{md}");
    assert!(md.contains("Action `restore-form`: **pass**"), "{md}");

    // Items without an action have nothing to record.
    w.next(now());
    assert!(!w.record_action_result(Verdict::Pass, vec![], now()));
}

#[test]
fn a_run_resumes_after_its_checklist_file_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut weekly = shipped().unwrap().remove(1);
    let mut w = Walkthrough::start(weekly.clone(), Env::Dev, "kim", now());
    create(&store, &w);
    w.select(4, now());
    w.mark(Outcome::Pass, now());
    store.save(w.run()).unwrap();

    // The user's copy of the list lost its last item meanwhile.
    weekly.items.truncate(3);
    let run = store.load(&w.run().id).unwrap();
    let w = Walkthrough::resume(weekly, run, now());
    assert_eq!(w.records().len(), 5, "the run keeps its own items");
    assert_eq!(w.current_index(), 4);
    assert!(w.current_item().is_none(), "no guidance for a removed item");
    assert_eq!(w.current_record().unwrap().ko, "사용자 피드백 검토");
    assert_eq!(w.current_record().unwrap().outcome, Some(Outcome::Pass));
}

#[test]
fn runs_resolve_by_id_prefix_last_or_path() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    store.save(walk(Env::Prod, 0).run()).unwrap();
    store.save(walk(Env::Dev, 1).run()).unwrap();

    assert_eq!(store.resolve("daily-prod").unwrap().env, Env::Prod);
    assert_eq!(store.resolve("last").unwrap().env, Env::Dev);
    let path = store.path_of("daily-dev-20261127T090100Z");
    assert_eq!(store.resolve(path.to_str().unwrap()).unwrap().env, Env::Dev);
    match store.resolve("daily-") {
        Err(StoreError::Ambiguous { matches, .. }) => assert_eq!(matches.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        store.resolve("weekly"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn a_corrupt_run_file_is_located_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let w = walk(Env::Prod, 0);
    store.save(w.run()).unwrap();
    let path = store.path_of(&w.run().id);
    let good = std::fs::read_to_string(&path).unwrap();
    // A torn write from some other tool: the file stops in the middle of the items.
    let torn = &good[..good.find("\"items\"").unwrap() + 20];
    std::fs::write(&path, torn).unwrap();

    let err = store.load(&w.run().id).unwrap_err();
    let StoreError::Corrupt(located) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(located.path, path);
    assert!(located.line > 1 && located.column > 0, "{located}");
    assert!(err.to_string().contains("corrupt run file"), "{err}");

    let list = store.list();
    assert!(list.runs.is_empty());
    assert_eq!(list.errors.len(), 1);

    let err = store.save(w.run()).unwrap_err();
    assert!(matches!(err, StoreError::WouldOverwrite(_)), "{err:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        torn,
        "left for a person to inspect"
    );

    // A new run with the same id goes elsewhere.
    let mut again = w.run().clone();
    store.create(&mut again).unwrap();
    assert_ne!(again.id, w.run().id);
}

#[test]
fn a_file_of_another_run_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let w = walk(Env::Prod, 0);
    let mut other = w.run().clone();
    other.id = "someone-else".to_string();
    std::fs::write(
        store.path_of(&w.run().id),
        serde_json::to_string(&other).unwrap(),
    )
    .unwrap();
    assert!(matches!(
        store.save(w.run()),
        Err(StoreError::WouldOverwrite(_))
    ));
}

const CHILD_ENV: &str = "EDUOPS_CHECKLIST_STORE_CHILD_DIR";

/// Kills the writer when the test ends, also when it fails half-way: it never stops by itself.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run as a child process by `a_killed_writer_never_leaves_a_torn_file`: marks and notes
/// forever, saving after each change, until killed.
#[test]
fn child_writer_loop() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let store = RunStore::new(dir);
    // Every round starts a run in the same second: the store gives each its own id, and the
    // walk goes on under that id, as the dashboard's does after `Msg::RunSaved`.
    let mut run = walk(Env::Prod, 0).run().clone();
    store.create(&mut run).unwrap();
    let mut w = Walkthrough::resume(shipped().unwrap().remove(0), run, now());
    let mut n: u64 = 0;
    loop {
        let t = now() + Duration::seconds(i64::try_from(n).unwrap());
        w.select(usize::try_from(n % 5).unwrap(), t);
        w.mark(Outcome::ALL[usize::try_from(n % 4).unwrap()], t);
        // Long notes make each write take long enough to be interrupted mid-way.
        w.set_note(&format!("{n} {}", "메모 ".repeat(2000)), t);
        store.save(w.run()).unwrap();
        n += 1;
    }
}

#[test]
fn a_killed_writer_never_leaves_a_torn_file() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..5u64 {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "checklist_store::child_writer_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let child = KillOnDrop(child);
        let store = RunStore::new(dir.path());
        let deadline = Instant::now() + StdDuration::from_secs(20);
        let answered = |s: &RunStore| {
            s.list()
                .runs
                .iter()
                .filter(|r| r.items.iter().any(|i| i.outcome.is_some()))
                .count()
        };
        while answered(&store) <= usize::try_from(round).unwrap() {
            assert!(Instant::now() < deadline, "child never wrote");
            std::thread::sleep(StdDuration::from_millis(5));
        }
        std::thread::sleep(StdDuration::from_millis(30 + round * 17));
        drop(child);
    }
    let store = RunStore::new(dir.path());
    let list = store.list();
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(list.runs.len(), 5);
    for run in &list.runs {
        let again = read_run(&store.path_of(&run.id)).unwrap();
        assert_eq!(&again, run);
        assert!(
            run.items.iter().any(|i| i.outcome.is_some()),
            "answers kept"
        );
    }
}

#[test]
fn evidence_survives_a_round_trip_with_unknown_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut w = walk(Env::Prod, 0);
    let empty = eduops::checklist::auto::Snapshot {
        now: now(),
        ..Default::default()
    };
    w.run_auto_check(&empty);
    store.save(w.run()).unwrap();
    let back = store.load(&w.run().id).unwrap();
    assert_eq!(
        back.items[0].evidence,
        Some(evaluate(AutoCheck::Health, &empty))
    );
}

#[test]
fn a_run_from_a_newer_eduops_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let w = walk(Env::Prod, 0);
    let mut json = serde_json::to_value(w.run()).unwrap();
    json["format"] = serde_json::json!(99);
    json["new_field"] = serde_json::json!(true);
    std::fs::write(store.path_of(&w.run().id), json.to_string()).unwrap();
    let err = store.load(&w.run().id).unwrap_err();
    assert!(err.to_string().contains("format 99 is newer"), "{err}");
}
