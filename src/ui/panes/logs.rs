//! Logs: the tail of the selected service's container log, with search highlighting.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Paragraph, Wrap},
};

use super::{error_line, inner_of, placeholder};
use crate::app::{App, Pane};
use crate::health::logs::{is_error_line, is_warning_line};
use crate::ui::{age_label, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lv = app.log_view();
    let mut extra = format!("· {} ", app.selected_service_name());
    extra.push_str(if lv.follow {
        "· follow "
    } else {
        "· paused "
    });
    if lv.wrap {
        extra.push_str("· wrap ");
    }
    let matches = lv.matches();
    if let Some(q) = &lv.search {
        extra.push_str(&format!(
            "· /{q} {}/{} ",
            if matches.is_empty() {
                0
            } else {
                lv.match_cursor + 1
            },
            matches.len()
        ));
    }
    let block = pane_block(app, Pane::Logs, Some(extra))
        .title_top(age_label(app, app.logs()).right_aligned());
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, app.logs(), "logs") {
        return;
    }
    let inner = error_line(frame, inner, app, app.logs());
    let t = app.theme();
    let height = inner.height as usize;
    let total = lv.lines.len();
    let start = if lv.follow {
        total.saturating_sub(height)
    } else {
        lv.scroll.min(total.saturating_sub(1))
    };
    let query = lv
        .search
        .as_deref()
        .filter(|q| !q.is_empty())
        .map(str::to_ascii_lowercase);
    let current_match = matches.get(lv.match_cursor).copied();
    let lines: Vec<Line> = lv
        .lines
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, l)| {
            let base = if is_error_line(l) {
                Style::default().fg(t.error)
            } else if is_warning_line(l) {
                Style::default().fg(t.warn)
            } else {
                Style::default().fg(t.text)
            };
            match &query {
                Some(q) => highlight(l, q, base, Some(i) == current_match),
                None => Line::from(Span::styled(l.clone(), base)),
            }
        })
        .collect();
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("(empty log)", t.muted())),
            inner,
        );
        return;
    }
    let mut p = Paragraph::new(lines);
    if lv.wrap {
        p = p.wrap(Wrap { trim: false });
    }
    frame.render_widget(p, inner);
}

/// Marks every occurrence of `q` (already lower case) in `line` with reverse video, so the
/// match shows without colour too.
fn highlight(line: &str, q: &str, base: Style, current: bool) -> Line<'static> {
    // ASCII case folding keeps every byte offset of `line` valid in `lower` (full Unicode
    // lower-casing can move them, and slicing `line` would then panic on log text).
    let lower = line.to_ascii_lowercase();
    let q = q.to_ascii_lowercase();
    let q = q.as_str();
    let mark = base.add_modifier(
        Modifier::REVERSED
            | if current {
                Modifier::BOLD
            } else {
                Modifier::empty()
            },
    );
    let mut spans = Vec::new();
    let mut pos = 0;
    while let Some(off) = lower[pos..].find(q) {
        let s = pos + off;
        if s > pos {
            spans.push(Span::styled(line[pos..s].to_string(), base));
        }
        spans.push(Span::styled(line[s..s + q.len()].to_string(), mark));
        pos = s + q.len();
        if q.is_empty() {
            break;
        }
    }
    if pos < line.len() {
        spans.push(Span::styled(line[pos..].to_string(), base));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_survives_non_ascii_log_text() {
        // U+023A lower-cases to a 3-byte char and U+212A (Kelvin) to 1 byte: same total length,
        // different offsets. Must not panic, and must mark the match.
        let line = "ȺȺxK error";
        let l = highlight(line, "error", Style::default(), true);
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, line);
        assert!(l.spans.iter().any(|s| s.content == "error"));
        let l = highlight("ÄÖÜ ERROR äöü", "error", Style::default(), false);
        assert!(l.spans.iter().any(|s| s.content == "ERROR"));
    }
}
