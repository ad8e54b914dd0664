//! One module per pane; `draw` picks the right one.

mod alerts;
mod backups;
mod charts;
mod events;
mod logs;
mod services;

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Paragraph, Wrap},
};

use crate::app::{App, Feed, Pane};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, pane: Pane) {
    match pane {
        Pane::Services => services::draw(frame, area, app),
        Pane::Charts => charts::draw(frame, area, app),
        Pane::Alerts => alerts::draw(frame, area, app),
        Pane::Backups => backups::draw(frame, area, app),
        Pane::Logs => logs::draw(frame, area, app),
        Pane::Events => events::draw(frame, area, app),
    }
}

/// Seconds of waiting after which a loading pane says how long it has waited.
const SLOW_AFTER_SECS: i64 = 5;

/// What a pane shows instead of data: waiting for the first answer, or why there is none.
/// Returns true when the caller should draw nothing else.
fn placeholder<T>(frame: &mut Frame, inner: Rect, app: &App, feed: &Feed<T>, what: &str) -> bool {
    let t = app.theme();
    if feed.data.is_some() {
        return false;
    }
    let lines: Vec<Line> = match &feed.error {
        // The sign-in failure has its banner above the panes: one short line here.
        Some(e) if e.starts_with(crate::azure::error::AUTH_PREFIX) => vec![Line::from(vec![
            Span::styled(
                "✖ ",
                Style::default().fg(t.error).add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("{what}: not signed in (see above)"),
                Style::default().fg(t.error),
            ),
        ])],
        // Errors can span lines (the sign-in message lists what was tried): keep them apart.
        Some(e) => e
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    Line::from(vec![
                        Span::styled(
                            "✖ ",
                            Style::default().fg(t.error).add_modifier(Modifier::BOLD),
                        ),
                        Span::styled(
                            format!("{what} unavailable: {l}"),
                            Style::default().fg(t.error),
                        ),
                    ])
                } else {
                    Line::from(Span::styled(l.to_string(), t.muted()))
                }
            })
            .collect(),
        None => {
            // A first answer that takes long says so (and that it is Azure being slow, not us).
            let waited = app.waiting_for().num_seconds();
            let text = if waited >= SLOW_AFTER_SECS {
                format!("… loading {what} — {waited} s, Azure is slow to answer")
            } else {
                format!("… loading {what}")
            };
            vec![Line::from(Span::styled(text, t.muted()))]
        }
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    true
}

/// The last refresh failed but older data is shown: one line saying so, above the data.
/// Returns the area left for the data.
fn error_line<T>(frame: &mut Frame, inner: Rect, app: &App, feed: &Feed<T>) -> Rect {
    let Some(e) = &feed.error else {
        return inner;
    };
    if inner.height < 2 {
        return inner;
    }
    let t = app.theme();
    let line = Line::from(vec![
        Span::styled(
            "⚠ refresh failed, showing last good data: ",
            Style::default().fg(t.warn),
        ),
        Span::styled(e.as_str(), Style::default().fg(t.warn)),
    ]);
    frame.render_widget(
        Paragraph::new(line),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1)
}

fn inner_of(frame: &mut Frame, area: Rect, block: Block) -> Rect {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}
