//! Alerts: Azure Monitor alerts of the environment, open and most severe first.

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::{Modifier, Style},
    text::Span,
    widgets::{Cell, Row, Table, TableState},
};

use super::{error_line, inner_of, placeholder};
use crate::app::{App, Pane};
use crate::format::duration::compact;
use crate::format::local_time;
use crate::format::text::truncate;
use crate::health::alerts::is_open;
use crate::ui::widgets::{alert_state_text, severity_span};
use crate::ui::{age_label, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rows = app.alert_rows();
    let open = rows.iter().filter(|a| is_open(a)).count();
    let extra = if app.alerts().data.is_some() {
        Some(format!("· {open} open "))
    } else {
        None
    };
    let block = pane_block(app, Pane::Alerts, extra)
        .title_top(age_label(app, app.alerts()).right_aligned());
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, app.alerts(), "alerts") {
        return;
    }
    let inner = error_line(frame, inner, app, app.alerts());
    let t = app.theme();
    if rows.is_empty() {
        frame.render_widget(
            ratatui::widgets::Paragraph::new(Span::styled(
                "✔ no alerts",
                Style::default().fg(t.ok),
            )),
            inner,
        );
        return;
    }
    let wide = inner.width >= 66;
    let header = Row::new(if wide {
        vec!["SEV", "ALERT", "SERVICE", "FIRED", "FOR", "STATE"]
    } else {
        vec!["SEV", "ALERT", "SERVICE", "STATE"]
    })
    .style(Style::default().fg(t.muted).add_modifier(Modifier::BOLD));
    let body: Vec<Row> = rows
        .iter()
        .map(|a| {
            let end = a.resolved_at.unwrap_or(app.now());
            let style = if !is_open(a) {
                t.muted()
            } else {
                Style::default().fg(t.text)
            };
            let mut cells = vec![
                Cell::from(severity_span(app, a.severity)),
                Cell::from(Span::styled(truncate(&a.name, 24), style)),
                Cell::from(Span::styled(
                    a.target_service.clone().unwrap_or_else(|| "—".into()),
                    style,
                )),
            ];
            if wide {
                cells.push(Cell::from(Span::styled(
                    local_time(a.fired_at, app.tz(), "%m-%d %H:%M"),
                    t.muted(),
                )));
            }
            if wide {
                cells.push(Cell::from(Span::styled(
                    compact(end - a.fired_at),
                    t.muted(),
                )));
            }
            cells.push(Cell::from(Span::styled(
                alert_state_text(a.state, a.condition),
                style,
            )));
            Row::new(cells)
        })
        .collect();
    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Length(6),
            Constraint::Min(12),
            Constraint::Length(14),
            Constraint::Length(11),
            Constraint::Length(6),
            Constraint::Length(15),
        ]
    } else {
        vec![
            Constraint::Length(6),
            Constraint::Min(12),
            Constraint::Length(14),
            Constraint::Length(10),
        ]
    };
    let table = Table::new(body, widths)
        .header(header)
        .row_highlight_style(if app.focus() == Pane::Alerts {
            app.theme().selection()
        } else {
            Style::default()
        })
        .highlight_symbol(if app.ascii() { "> " } else { "▶ " });
    let mut state = TableState::default();
    if app.focus() == Pane::Alerts {
        state.select(Some(app.selected_alert()));
    }
    frame.render_stateful_widget(table, inner, &mut state);
}
