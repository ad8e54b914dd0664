//! A checklist run survives the SSH link dropping: SIGHUP mid-run, start again, resume, and
//! every answer is there. Real binary, real pseudo-terminal.

use crate::support;

use std::time::Duration;

use support::pty::Pty;

const T: Duration = Duration::from_secs(20);

#[test]
fn sighup_mid_run_then_resume_keeps_every_answer() {
    let mut p = Pty::spawn(
        &["checklist", "run", "daily", "--env", "prod"],
        &[],
        120,
        40,
    );
    p.wait_for("일일 운영 체크리스트", T);
    p.wait_for("시스템 헬스 체크 실행", T);
    p.send("p"); // item 1: pass
    p.wait_until("item 1 marked", T, |s| s.contains("1/5 answered"));
    p.send("j"); // item 2
    p.send("f"); // fail
    p.wait_until("item 2 marked", T, |s| s.contains("2/5 answered"));
    p.send("i");
    p.send("gateway 5xx spike 10:12");
    p.send("\r");
    p.wait_for("gateway 5xx spike 10:12", T);
    p.signal("HUP");
    assert_eq!(p.wait_exit(T), 0);
    p.assert_restored();

    let dirs = p.take_dirs();
    let mut again = Pty::spawn_in(dirs, &[], &[], 120, 40);
    again.wait_for("An unfinished checklist run was found", T);
    again.wait_for("2 of 5 answered", T);
    again.send("\r");
    again.wait_for("일일 운영 체크리스트", T);
    again.wait_until("marks kept", T, |s| {
        s.contains("2/5 answered")
            && s.lines()
                .any(|l| l.contains("pass") && l.contains("시스템 헬스 체크 실행"))
            && s.lines()
                .any(|l| l.contains("fail") && l.contains("에러 로그 검토"))
    });
    // The walkthrough resumes on the item the operator was on, with its note.
    again.wait_for("gateway 5xx spike 10:12", T);
    again.send("q");
    assert_eq!(again.wait_exit(T), 0);
    again.assert_restored();

    // The run exports as Markdown for the hand-off note.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eduops"))
        .args(["checklist", "export", "last"])
        .env("EDUOPS_CONFIG_DIR", again.dirs.path().join("config"))
        .env("EDUOPS_DATA_DIR", again.dirs.path().join("data"))
        .env("EDUOPS_STATE_DIR", again.dirs.path().join("state"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("gateway 5xx spike 10:12"), "{md}");
    assert!(md.contains("시스템 헬스 체크 실행"), "{md}");
}
