//! The walkthrough: progress, the item list beside the open item's detail, or the open item
//! alone.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::detail::draw_detail;
use super::{ChecklistStyles, mark_text, too_small};
use crate::checklist::run::Outcome;
use crate::checklist::walk::{Mode, Walkthrough};
use crate::format::duration::hms;
use crate::format::text::fit;

/// Draws the walkthrough. `now` drives the time shown; `note_draft` is the note being edited,
/// when the TUI has a note editor open.
pub fn draw_walkthrough(
    frame: &mut Frame,
    area: Rect,
    walk: &Walkthrough,
    now: DateTime<Utc>,
    note_draft: Option<&str>,
    styles: &ChecklistStyles,
) {
    if too_small(frame, area, styles) {
        return;
    }
    frame.render_widget(Clear, area);
    let run = walk.run();
    let title = Line::from(vec![
        Span::styled(
            styles.text(format!(" {} · {} ", run.title, run.title_en)),
            styles.title,
        ),
        Span::styled(format!(" {} ", run.env), styles.env(run.env)),
        Span::styled(format!(" {} ", run.operator), styles.dim),
    ]);
    let block = styles.block().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [progress_area, rule_area, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    draw_progress(frame, progress_area, walk, now, styles);
    let rule_w = usize::from(rule_area.width);
    match walk.mode() {
        Mode::List => {
            let list_w = (body.width * 2 / 5).clamp(30, 52);
            let [list_area, detail_area] =
                Layout::horizontal([Constraint::Length(list_w), Constraint::Min(1)]).areas(body);
            let left = usize::from(list_w).saturating_sub(1);
            let rule = format!(
                "{}┬{}",
                "─".repeat(left),
                "─".repeat(rule_w.saturating_sub(left + 1))
            );
            frame.render_widget(
                Paragraph::new(styles.text(rule)).style(styles.border),
                rule_area,
            );
            draw_item_list(frame, list_area, walk, styles);
            draw_detail(frame, detail_area, walk, note_draft, styles);
        }
        Mode::OneAtATime => {
            frame.render_widget(
                Paragraph::new(styles.text("─".repeat(rule_w))).style(styles.border),
                rule_area,
            );
            draw_detail(frame, body, walk, note_draft, styles);
        }
    }
}

fn draw_progress(
    frame: &mut Frame,
    area: Rect,
    walk: &Walkthrough,
    now: DateTime<Utc>,
    styles: &ChecklistStyles,
) {
    let (done, total) = walk.progress();
    let run = walk.run();
    let status = if run.is_finished() {
        "finished"
    } else {
        "in progress"
    };
    let counts = format!(
        " {done}/{total} answered  ⏱ {} (this item {})  {status}",
        hms(walk.elapsed_secs(now)),
        hms(walk.current_secs(now)),
    );
    let bar_w = usize::from(area.width)
        .saturating_sub(counts.width() + 2)
        .clamp(5, 40);
    let filled = (bar_w * done).checked_div(total).unwrap_or(0);
    let tally: Vec<String> = Outcome::ALL
        .iter()
        .map(|o| format!("{} {} {}", o.symbol(), run.count(*o), o.label()))
        .collect();
    let overrides = match run.overrides() {
        0 => String::new(),
        n => format!("   ! {n} override{}", if n == 1 { "" } else { "s" }),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("█".repeat(filled), styles.progress_done),
            Span::styled("░".repeat(bar_w - filled), styles.progress_todo),
            Span::styled(counts, styles.text),
        ]),
        Line::from(vec![
            Span::styled(tally.join("   "), styles.dim),
            Span::styled(overrides, styles.warn),
        ]),
    ];
    frame.render_widget(Paragraph::new(styles.lines(lines)), area);
}

fn draw_item_list(frame: &mut Frame, area: Rect, walk: &Walkthrough, styles: &ChecklistStyles) {
    let block = styles.block().borders(Borders::RIGHT);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let current = walk.current_index();
    // Keep the open item visible when the list is longer than the pane.
    let offset = current.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = walk
        .records()
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, rec)| {
            let pointer = if i == current { "▶" } else { " " };
            let flag = if rec.overridden { "!" } else { " " };
            let head = format!("{pointer}{:>2} ", i + 1);
            let mark = mark_text(rec.outcome);
            let text_w = width.saturating_sub(head.width() + mark.width() + 2);
            let row_style = if i == current {
                styles.selected
            } else {
                styles.text
            };
            Line::from(vec![
                Span::styled(head, row_style),
                Span::styled(mark, styles.outcome(rec.outcome).patch(row_style)),
                Span::styled(flag, styles.warn.patch(row_style)),
                Span::styled(format!(" {}", fit(&rec.ko, text_w)), row_style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(styles.lines(lines)), inner);
}
