//! Markdown export of a run, for incident and hand-off notes.

use crate::support::checklist as support;

use chrono::Duration;
use eduops::checklist::export::to_markdown;
use support::*;

#[test]
fn markdown_of_a_run_in_progress() {
    let w = sample_walk();
    insta::assert_snapshot!("daily_prod_in_progress", to_markdown(w.run()));
}

#[test]
fn markdown_of_a_finished_run() {
    let mut w = sample_walk();
    w.finish(now() + Duration::minutes(10));
    let md = to_markdown(w.run());
    assert!(md.contains("- Finished: 2026-11-27 09:10:00 UTC"), "{md}");
    assert!(md.contains("| 5 | 보안 알림 검토<br>Review the security alerts | · unanswered | — |"));
}

#[test]
fn notes_cannot_break_the_table() {
    let md = to_markdown(sample_walk().run());
    let row = md
        .lines()
        .find(|l| l.starts_with("| 1 |"))
        .expect("row of item 1");
    // Six cells: the pipe in the note is escaped.
    assert_eq!(row.matches(" | ").count(), 5, "{row}");
    assert!(
        row.contains("restarted \\| OOM again &lt;3rd time&gt;"),
        "{row}"
    );
}
