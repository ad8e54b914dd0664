//! Past runs, newest first.

use chrono::FixedOffset;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{ChecklistStyles, too_small};
use crate::checklist::history::History;
use crate::format::duration::hms;
use crate::format::local_time;
use crate::format::text::fit;

/// Draws the list of past runs, newest first, with the selected one highlighted; start times
/// in `tz`, like every time on the dashboard.
pub fn draw_history(
    frame: &mut Frame,
    area: Rect,
    history: &History,
    tz: FixedOffset,
    styles: &ChecklistStyles,
) {
    if too_small(frame, area, styles) {
        return;
    }
    frame.render_widget(Clear, area);
    let block = styles.block().borders(Borders::ALL).title(Span::styled(
        styles.text(" 지난 실행 · Past runs ".to_string()),
        styles.title,
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let mut lines = Vec::new();
    if history.rows.is_empty() {
        lines.push(Line::styled("No checklist runs yet.", styles.dim));
    }
    // Keep the selected row in view.
    let room = height.saturating_sub(history.errors.len()).max(1);
    let offset = history.selected.saturating_sub(room - 1);
    for (i, r) in history.rows.iter().enumerate().skip(offset).take(room) {
        let current = i == history.selected;
        let state = if r.finished { "✔ done" } else { "… open" };
        let when = local_time(r.started_at, tz, "%m-%d %H:%M");
        let fails = if r.failed > 0 {
            format!("✖{}", r.failed)
        } else {
            String::new()
        };
        let head = format!(
            "{} {when} {:<8} {:<7} {state} {:>2}/{:<2} {:<3} {:>8} ",
            if current { "▶" } else { " " },
            fit(&r.checklist, 8),
            r.env.as_str(),
            r.answered,
            r.total,
            fails,
            hms(r.seconds_spent),
        );
        let rest = width.saturating_sub(head.width());
        let tail = fit(&format!("{} · {}", r.operator, r.title), rest);
        let style = if current {
            styles.selected
        } else if r.finished {
            styles.text
        } else {
            styles.label
        };
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(tail, style),
        ]));
    }
    for e in &history.errors {
        lines.push(Line::styled(format!("✖ {e}"), styles.error));
    }
    frame.render_widget(Paragraph::new(styles.lines(lines)), inner);
}
