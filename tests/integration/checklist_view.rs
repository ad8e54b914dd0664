//! The picker and the walkthrough on a `TestBackend`, Korean included, at 80x24 and 120x40.

use crate::support::checklist as support;

use chrono::Duration;
use eduops::checklist::model::Catalog;
use eduops::checklist::picker::Picker;
use eduops::checklist::run::Outcome;
use eduops::checklist::walk::Walkthrough;
use eduops::model::Env;
use eduops::ui::checklist::{ChecklistStyles, draw_history, draw_picker, draw_walkthrough};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use support::*;
use unicode_width::UnicodeWidthStr;

fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap()
}

fn walk_screen(
    w: &Walkthrough,
    width: u16,
    height: u16,
    draft: Option<&str>,
) -> Terminal<TestBackend> {
    let mut t = terminal(width, height);
    t.draw(|f| {
        draw_walkthrough(
            f,
            f.area(),
            w,
            now() + Duration::minutes(5),
            draft,
            &ChecklistStyles::default(),
        )
    })
    .unwrap();
    t
}

fn picker() -> Picker {
    let catalog = Catalog::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/checklists/user"
    )));
    let unfinished = [sample_walk().into_run()];
    let mut p = Picker::new(&catalog, Env::Prod, &unfinished);
    assert_eq!(p.resumable().map(|r| r.answered), Some(3));
    p.next();
    p.prev();
    p
}

fn picker_screen(p: &Picker, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = terminal(width, height);
    t.draw(|f| draw_picker(f, f.area(), p, &ChecklistStyles::default()))
        .unwrap();
    t
}

/// Each row of the buffer as text, one cell per column (the tail cell of a wide character
/// holds nothing, so a row's string width equals the terminal width).
fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let mut s = String::new();
            let mut x = 0;
            while x < area.width {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += u16::try_from(sym.width().max(1)).unwrap();
            }
            s
        })
        .collect()
}

#[test]
fn picker_80x24() {
    insta::assert_snapshot!(picker_screen(&picker(), 80, 24).backend());
}

#[test]
fn picker_120x40() {
    insta::assert_snapshot!(picker_screen(&picker(), 120, 40).backend());
}

#[test]
fn picker_on_another_environment_offers_a_new_run() {
    let mut p = picker();
    p.toggle_focus();
    p.next();
    assert_eq!(p.env, Env::Dev);
    let text = rows(picker_screen(&p, 80, 24).backend().buffer()).join("\n");
    assert!(text.contains("＋ new run daily on dev"), "{text}");
    assert!(text.contains("also unfinished: 1"), "{text}");
}

#[test]
fn walkthrough_list_80x24() {
    insta::assert_snapshot!(walk_screen(&sample_walk(), 80, 24, None).backend());
}

#[test]
fn walkthrough_list_120x40() {
    let mut w = sample_walk();
    w.prev(now() + Duration::minutes(4));
    w.prev(now() + Duration::minutes(4));
    insta::assert_snapshot!(walk_screen(&w, 120, 40, None).backend());
}

#[test]
fn walkthrough_one_at_a_time_80x24_with_note_editor() {
    let mut w = sample_walk();
    w.toggle_mode();
    w.prev(now() + Duration::minutes(4));
    w.prev(now() + Duration::minutes(4));
    w.prev(now() + Duration::minutes(4));
    insta::assert_snapshot!(
        walk_screen(&w, 80, 24, Some("재시작 후 정상 — ok after restart")).backend()
    );
}

#[test]
fn monthly_dr_item_shows_its_restore_action_120x40() {
    let monthly = eduops::checklist::model::shipped().unwrap().remove(2);
    let mut w = Walkthrough::start(monthly, Env::Staging, "lee", now());
    w.record_action_result(
        eduops::health::Verdict::Pass,
        vec![
            "restored sqldb-education-staging → sqldb-education-drtest-20261127 (08:00 UTC)".into(),
            "took 14 min; row counts match the source".into(),
        ],
        now() + Duration::minutes(4),
    );
    w.mark(Outcome::Pass, now() + Duration::minutes(4));
    insta::assert_snapshot!(walk_screen(&w, 120, 40, None).backend());
}

#[test]
fn korean_rows_keep_the_pane_divider_in_one_column() {
    for (width, height) in [(80, 24), (81, 24), (97, 30), (120, 40), (200, 50)] {
        let screen = walk_screen(&sample_walk(), width, height, None);
        let rows = rows(screen.backend().buffer());
        for r in &rows {
            assert_eq!(r.width(), usize::from(width), "row width at {width}: {r}");
        }
        // Every body row has its divider `│` under the rule's `┬`, whatever Korean text is
        // left of it.
        let rule = &rows[3];
        let junction = rule[..rule.find('┬').unwrap()].width();
        let divider_cols: Vec<usize> = rows[4..rows.len() - 1]
            .iter()
            .map(|r| {
                let cut = r
                    .char_indices()
                    .filter(|(_, c)| *c == '│')
                    .nth(1)
                    .unwrap()
                    .0;
                r[..cut].width()
            })
            .collect();
        assert!(
            divider_cols.iter().all(|c| *c == junction),
            "{width}x{height}: {divider_cols:?}\n{}",
            rows.join("\n")
        );
        assert!(
            rows.iter().any(|r| r.contains("시스템 헬스 체크")),
            "{width}"
        );
    }
}

#[test]
fn marks_are_words_and_symbols() {
    let text = rows(
        walk_screen(&sample_walk(), 120, 40, None)
            .backend()
            .buffer(),
    )
    .join("\n");
    for mark in ["✔ pass", "✖ fail", "– skip", "· todo", "? waiting for data"] {
        assert!(text.contains(mark), "{mark} missing:\n{text}");
    }
    assert!(text.contains("! 1 override"), "{text}");
}

#[test]
fn a_tiny_area_gets_a_message_not_a_panic() {
    let screen = walk_screen(&sample_walk(), 30, 8, None);
    let text = rows(screen.backend().buffer()).join("");
    assert!(text.contains("too small"), "{text}");
    let mut t = terminal(20, 5);
    t.draw(|f| draw_picker(f, f.area(), &picker(), &ChecklistStyles::default()))
        .unwrap();
}

#[test]
fn picker_counts_stay_flush_right_after_korean_titles() {
    for (width, height) in [(80, 24), (93, 24), (120, 40)] {
        let rows = rows(picker_screen(&picker(), width, height).backend().buffer());
        let entries: Vec<&String> = rows.iter().filter(|r| r.contains(" items, ")).collect();
        assert_eq!(entries.len(), 4, "{width}");
        for r in entries {
            let inner = r.trim_end_matches('│');
            assert!(
                inner.ends_with("auto") || inner.ends_with("user"),
                "{width}: count not flush right in {r:?}"
            );
            assert_eq!(r.width(), usize::from(width));
        }
    }
}

#[test]
fn details_scroll_and_say_what_is_hidden() {
    let mut w = sample_walk();
    w.toggle_mode();
    w.select(0, now() + Duration::minutes(4));
    let text = |w: &Walkthrough| rows(walk_screen(w, 80, 24, None).backend().buffer()).join("\n");
    assert!(text(&w).contains("↓ 5 more lines"), "{}", text(&w));
    w.scroll_detail(5);
    let t = text(&w);
    assert!(t.contains("↑ 5 lines above"), "{t}");
    assert!(t.contains("● streaming-ai Running"), "{t}");
    assert!(!t.contains("more line"), "{t}");
    // Scrolling far past the end stops at the last line; back up to the top.
    w.scroll_detail(100);
    assert!(text(&w).contains("● streaming-ai Running"));
    w.scroll_detail(-1000);
    assert!(text(&w).contains("Item 1 of 5"));
    // Another item starts at its top.
    w.scroll_detail(2);
    w.next(now() + Duration::minutes(5));
    assert_eq!(w.detail_scroll(), 0);
}

#[test]
fn ascii_mode_draws_only_ascii_and_korean() {
    let styles = ChecklistStyles {
        ascii: true,
        ..ChecklistStyles::default()
    };
    let mut w = sample_walk();
    w.prev(now());
    w.prev(now());
    w.prev(now());
    for walk_mode in [false, true] {
        if walk_mode {
            w.toggle_mode();
        }
        let mut t = terminal(100, 40);
        t.draw(|f| draw_walkthrough(f, f.area(), &w, now(), Some("메모"), &styles))
            .unwrap();
        let text = rows(t.backend().buffer()).join("\n");
        let odd: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii() && !('가'..='힣').contains(c))
            .collect();
        assert!(odd.is_empty(), "{odd:?}\n{text}");
        assert!(text.contains("+ pass"), "{text}");
        assert!(text.contains("x fail"), "{text}");
    }
    let mut t = terminal(80, 24);
    t.draw(|f| draw_picker(f, f.area(), &picker(), &styles))
        .unwrap();
    let text = rows(t.backend().buffer()).join("\n");
    assert!(
        text.chars()
            .all(|c| c.is_ascii() || ('가'..='힣').contains(&c)),
        "{text}"
    );
}

fn history() -> eduops::checklist::history::History {
    use eduops::checklist::history::{History, RunRow};
    let mut done = sample_walk();
    done.finish(now() + Duration::minutes(9));
    let monthly = eduops::checklist::model::shipped().unwrap().remove(2);
    let mut dr = Walkthrough::start(monthly, Env::Staging, "이수진", now() - Duration::days(20));
    dr.mark(
        Outcome::Pass,
        now() - Duration::days(20) + Duration::minutes(42),
    );
    let rows = vec![
        RunRow::of(sample_walk().run()),
        RunRow::of(done.run()),
        RunRow::of(dr.run()),
    ];
    History {
        rows,
        selected: 1,
        errors: vec![
            "corrupt run file runs/daily-dev-x.json:3:9: not a valid checklist run".into(),
        ],
    }
}

fn history_screen(
    h: &eduops::checklist::history::History,
    w: u16,
    ht: u16,
) -> Terminal<TestBackend> {
    let mut t = terminal(w, ht);
    let utc = chrono::FixedOffset::east_opt(0).unwrap();
    t.draw(|f| draw_history(f, f.area(), h, utc, &ChecklistStyles::default()))
        .unwrap();
    t
}

#[test]
fn history_80x24() {
    insta::assert_snapshot!(history_screen(&history(), 80, 24).backend());
}

#[test]
fn history_120x40() {
    insta::assert_snapshot!(history_screen(&history(), 120, 40).backend());
}

#[test]
fn history_keeps_the_selection_in_view() {
    let mut h = history();
    let row = h.rows[0].clone();
    for i in 0..40 {
        let mut r = row.clone();
        r.id = format!("run-{i}");
        h.rows.push(r);
    }
    for _ in 0..100 {
        h.next();
    }
    assert_eq!(h.selected().map(|r| r.id.as_str()), Some("run-39"));
    let text = rows(history_screen(&h, 80, 24).backend().buffer()).join("\n");
    assert!(text.contains('▶'), "{text}");
    for r in rows(history_screen(&h, 80, 24).backend().buffer()) {
        assert_eq!(r.width(), 80);
    }
}
