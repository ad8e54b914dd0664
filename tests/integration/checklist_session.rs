//! Sessions: a walkthrough whose every change is on disk before the call returns, resumed
//! after the process dies.

use crate::support::checklist as support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use chrono::Duration;
use eduops::checklist::auto::Verdict;
use eduops::checklist::export::to_markdown;
use eduops::checklist::model::shipped;
use eduops::checklist::run::Outcome;
use eduops::checklist::session::Session;
use eduops::checklist::store::{RunStore, read_run};
use eduops::checklist::walk::WalkAction;
use eduops::model::Env;
use support::*;

#[test]
fn every_action_is_on_disk_when_apply_returns() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let daily = shipped().unwrap().remove(0);
    let mut s = Session::start(store.clone(), daily, Env::Prod, "kim", now()).unwrap();
    assert!(s.path().exists(), "the run file exists before any answer");

    assert!(s.auto_check(&failed_service()).unwrap());
    assert!(
        !s.auto_check(&failed_service()).unwrap(),
        "same evidence, no write"
    );
    let steps = [
        WalkAction::Mark(Outcome::Fail),
        WalkAction::SetNote("content-gen-ai OOM; INC-4711".into()),
        WalkAction::Next,
        WalkAction::Mark(Outcome::Pass),
        WalkAction::Select(4),
        WalkAction::Mark(Outcome::NotApplicable),
    ];
    for (i, step) in steps.iter().enumerate() {
        let t = now() + Duration::seconds(10 * (i as i64 + 1));
        assert!(s.apply(step, t).unwrap(), "{step:?}");
        assert_eq!(
            &read_run(s.path()).unwrap(),
            s.walk().run(),
            "after {step:?}"
        );
    }
    assert!(!s.apply(&WalkAction::ToggleMode, now()).unwrap());
    assert!(!s.apply(&WalkAction::Select(99), now()).unwrap());

    // A new process finds the run, resumes on item 5 with every answer.
    let run = store.unfinished().unwrap();
    let daily = shipped().unwrap().remove(0);
    let resumed = Session::resume(store.clone(), daily, run, now() + Duration::hours(1));
    let w = resumed.walk();
    assert_eq!(w.current_index(), 4);
    let outcomes: Vec<Option<Outcome>> = w.records().iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Some(Outcome::Fail),
            Some(Outcome::Pass),
            None,
            None,
            Some(Outcome::NotApplicable)
        ]
    );
    assert_eq!(w.records()[0].note, "content-gen-ai OOM; INC-4711");
    assert_eq!(
        w.records()[0].evidence.as_ref().unwrap().verdict,
        Verdict::Fail
    );
}

#[test]
fn flush_keeps_the_time_on_the_open_item() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let daily = shipped().unwrap().remove(0);
    let mut s = Session::start(store, daily, Env::Dev, "kim", now()).unwrap();
    s.flush(now() + Duration::seconds(75)).unwrap();
    assert_eq!(read_run(s.path()).unwrap().items[0].seconds_spent, 75);
}

#[test]
fn the_dr_test_records_its_restore_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let monthly = shipped().unwrap().remove(2);
    let mut s = Session::start(store, monthly, Env::Staging, "lee", now()).unwrap();
    let lines = vec![
        "restored sqldb-education-staging to sqldb-education-drtest-20261127 at 2026-11-27T08:00:00Z".to_string(),
        "took 14 min; 1,204,332 rows in lessons".to_string(),
    ];
    assert!(
        s.record_action_result(Verdict::Pass, lines.clone(), now() + Duration::minutes(20))
            .unwrap()
    );
    s.apply(
        &WalkAction::Mark(Outcome::Pass),
        now() + Duration::minutes(21),
    )
    .unwrap();
    let on_disk = read_run(s.path()).unwrap();
    let result = on_disk.items[0].action_result.as_ref().unwrap();
    assert_eq!(result.lines, lines);
    let md = to_markdown(&on_disk);
    assert!(md.contains("| ✔ pass | ✔ pass (restore-form) |"), "{md}");
    assert!(md.contains("Action `restore-form`: **pass**"), "{md}");

    // Items without an action have nothing to record.
    s.apply(&WalkAction::Next, now()).unwrap();
    assert!(
        !s.record_action_result(Verdict::Pass, vec![], now())
            .unwrap()
    );
}

const CHILD_ENV: &str = "EDUOPS_CHECKLIST_SESSION_CHILD_DIR";

/// Run by `sighup_mid_run_loses_no_answer`: answers one item per line read from stdin and
/// reports each answer on stdout once `apply` returned.
#[test]
fn child_session() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let store = RunStore::new(dir);
    let weekly = shipped().unwrap().remove(1);
    let mut s = Session::start(store, weekly, Env::Prod, "night-shift", now()).unwrap();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line.unwrap();
        let t = now() + Duration::seconds(i as i64 * 30);
        s.apply(&WalkAction::Mark(Outcome::ALL[i % 4]), t).unwrap();
        s.apply(&WalkAction::SetNote(line), t).unwrap();
        s.apply(&WalkAction::Next, t).unwrap();
        writeln!(out, "saved {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn sighup_mid_run_loses_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "checklist_session::child_session",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A hung child must fail the test, not hang it.
    let pid = child.id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut acked = 0;
    for i in 0..3 {
        writeln!(stdin, "note {i}: 재부팅 후 확인").unwrap();
        stdin.flush().unwrap();
        loop {
            let mut line = String::new();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "child ended early"
            );
            // The harness prints "test child_session ... " without a newline first.
            if line.trim_end().ends_with(&format!("saved {i}")) {
                acked += 1;
                break;
            }
        }
    }
    // The SSH link drops: the terminal's hang-up signal ends the process mid-run.
    let status = Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(
        !exit.success(),
        "the child was killed, not finished: {exit:?}"
    );

    let store = RunStore::new(dir.path());
    let run = store.unfinished().expect("the unfinished run is offered");
    assert_eq!(run.operator, "night-shift");
    let answered: Vec<(Option<Outcome>, &str)> = run
        .items
        .iter()
        .map(|r| (r.outcome, r.note.as_str()))
        .collect();
    assert_eq!(acked, 3);
    assert_eq!(
        answered,
        [
            (Some(Outcome::Pass), "note 0: 재부팅 후 확인"),
            (Some(Outcome::Fail), "note 1: 재부팅 후 확인"),
            (Some(Outcome::Skip), "note 2: 재부팅 후 확인"),
            (None, ""),
            (None, ""),
        ]
    );
    assert_eq!(run.current, 3, "resume lands on the next unanswered item");
}

#[test]
fn a_run_resumes_after_its_checklist_file_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = RunStore::new(dir.path());
    let mut weekly = shipped().unwrap().remove(1);
    let mut s = Session::start(store.clone(), weekly.clone(), Env::Dev, "kim", now()).unwrap();
    s.apply(&WalkAction::Select(4), now()).unwrap();
    s.apply(&WalkAction::Mark(Outcome::Pass), now()).unwrap();
    drop(s);

    // The user's copy of the list lost its last item meanwhile.
    weekly.items.truncate(3);
    let run = store.unfinished().unwrap();
    let resumed = Session::resume(store, weekly, run, now());
    let w = resumed.walk();
    assert_eq!(w.records().len(), 5, "the run keeps its own items");
    assert_eq!(w.current_index(), 4);
    assert!(w.current_item().is_none(), "no guidance for a removed item");
    assert_eq!(w.current_record().unwrap().ko, "사용자 피드백 검토");
    assert_eq!(w.current_record().unwrap().outcome, Some(Outcome::Pass));
}
