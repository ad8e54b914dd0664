//! Events: container and group events of the environment, newest first.

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::{Modifier, Style},
    text::Span,
    widgets::{Cell, Row, Table, TableState},
};

use super::{inner_of, placeholder};
use crate::app::{App, Pane};
use crate::format::duration::compact;
use crate::format::text::truncate;
use crate::ui::pane_block;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = pane_block(app, Pane::Events, None);
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, app.services(), "events") {
        return;
    }
    let t = app.theme();
    let rows = app.event_rows();
    if rows.is_empty() {
        frame.render_widget(
            ratatui::widgets::Paragraph::new(Span::styled("no events", t.muted())),
            inner,
        );
        return;
    }
    let msg_width = inner.width.saturating_sub(30) as usize;
    let body: Vec<Row> = rows
        .iter()
        .map(|(service, e)| {
            let warn = e.kind.eq_ignore_ascii_case("warning");
            let style = if warn {
                Style::default().fg(t.warn)
            } else {
                Style::default().fg(t.text)
            };
            let age = e
                .last_timestamp
                .map(|ts| compact(app.now() - ts))
                .unwrap_or_else(|| "—".into());
            let count = if e.count > 1 {
                format!(" ×{}", e.count)
            } else {
                String::new()
            };
            Row::new(vec![
                Cell::from(Span::styled(age, t.muted())),
                Cell::from(Span::styled(
                    truncate(service, 14),
                    Style::default().fg(t.text),
                )),
                Cell::from(Span::styled(
                    format!(
                        "{}{}{count}: {}",
                        if warn { "▲ " } else { "" },
                        e.name,
                        truncate(&e.message, msg_width)
                    ),
                    style,
                )),
            ])
        })
        .collect();
    let table = Table::new(
        body,
        [
            Constraint::Length(6),
            Constraint::Length(14),
            Constraint::Min(10),
        ],
    )
    .header(
        Row::new(["AGE", "SERVICE", "EVENT"])
            .style(Style::default().fg(t.muted).add_modifier(Modifier::BOLD)),
    )
    .row_highlight_style(app.theme().selection());
    let mut state = TableState::default();
    if app.focus() == Pane::Events {
        state.select(Some(app.selected_event()));
    }
    frame.render_stateful_widget(table, inner, &mut state);
}
