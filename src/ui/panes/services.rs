//! Services: one row per service of the environment — what is broken, since when, why.

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Cell, Row, Table, TableState},
};

use super::{error_line, inner_of, placeholder};
use crate::app::{App, Pane};
use crate::format::duration::compact;
use crate::format::text::truncate;
use crate::health::service::{Health, service_health};
use crate::model::ServiceState;
use crate::ui::widgets::{percent_span, state_span};
use crate::ui::{age_label, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rows = app.service_rows();
    let unhealthy = rows
        .iter()
        .filter(|s| service_health(s) != Health::Healthy)
        .count();
    let mut extra = format!("· {} ", app.targets().resource_group);
    if app.services().data.is_some() {
        extra.push_str(&if unhealthy == 0 {
            format!("· {} of {} running", rows.len(), rows.len())
        } else {
            format!("· {unhealthy} need attention")
        });
    }
    if !app.filter().is_empty() {
        extra.push_str(&format!(" · filter /{}", app.filter()));
    }
    let block = pane_block(app, Pane::Services, Some(extra))
        .title_top(age_label(app, app.services()).right_aligned());
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, app.services(), "container groups") {
        return;
    }
    let inner = error_line(frame, inner, app, app.services());
    let t = app.theme();
    let wide = inner.width >= 100;
    let th = &app.settings().thresholds;

    let header_cells: Vec<&str> = if wide {
        vec![
            "STATE",
            "SERVICE",
            "CONTAINER GROUP",
            "RESTARTS",
            "CPU",
            "MEM",
            "UPTIME",
            "LAST EVENT",
        ]
    } else {
        vec!["STATE", "SERVICE", "RST", "CPU", "MEM", "UP", "LAST EVENT"]
    };
    let header = Row::new(header_cells.into_iter().map(Cell::from))
        .style(Style::default().fg(t.muted).add_modifier(Modifier::BOLD));

    let body: Vec<Row> = rows
        .iter()
        .map(|s| {
            let (cpu, mem) = app.latest_usage(s);
            let restarts = match app.restarts_last_hour(&s.service) {
                Some(n) if n > 0 => format!("{} (+{n}/1h)", s.restart_count),
                _ => s.restart_count.to_string(),
            };
            let restarts_style = if s.restart_count > 0 {
                Style::default().fg(t.warn)
            } else {
                Style::default().fg(t.text)
            };
            let uptime = match (s.state, s.started_at) {
                (ServiceState::Running, Some(st)) => compact(app.now() - st),
                _ => "—".to_string(),
            };
            let last_event = s
                .events
                .iter()
                .max_by_key(|e| e.last_timestamp)
                .map(|e| {
                    let age = e
                        .last_timestamp
                        .map(|ts| format!(" {} ago", compact(app.now() - ts)))
                        .unwrap_or_default();
                    format!("{}: {}{age}", e.name, e.message)
                })
                .or_else(|| s.reason.clone())
                .unwrap_or_default();
            let ev_style = if s
                .events
                .iter()
                .any(|e| e.kind.eq_ignore_ascii_case("warning"))
                || service_health(s) != Health::Healthy
            {
                Style::default().fg(t.warn)
            } else {
                Style::default().fg(t.muted)
            };
            let state_cell = match app.in_flight().get(&s.resource_id) {
                // The operator's own action in progress says more than the last state seen.
                Some(f) => Cell::from(Span::styled(
                    format!("{} {}", if app.ascii() { "@" } else { "↻" }, f.label),
                    Style::default().fg(t.info).add_modifier(Modifier::BOLD),
                )),
                None => Cell::from(state_span(app, s.state)),
            };
            let mut cells = vec![
                state_cell,
                Cell::from(Span::styled(
                    s.service.clone(),
                    Style::default().fg(t.text).add_modifier(Modifier::BOLD),
                )),
            ];
            if wide {
                cells.push(Cell::from(Span::styled(
                    s.container_group.clone(),
                    t.muted(),
                )));
            }
            cells.extend([
                Cell::from(Span::styled(restarts, restarts_style)),
                Cell::from(percent_span(app, cpu, th.cpu_percent)),
                Cell::from(percent_span(app, mem, th.memory_percent)),
                Cell::from(Span::styled(uptime, t.muted())),
                Cell::from(Line::from(Span::styled(
                    truncate(&last_event, 80),
                    ev_style,
                ))),
            ]);
            Row::new(cells)
        })
        .collect();

    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Length(13),
            Constraint::Length(15),
            Constraint::Length(24),
            Constraint::Length(11),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(7),
            Constraint::Min(10),
        ]
    } else {
        vec![
            Constraint::Length(13),
            Constraint::Length(15),
            Constraint::Length(4),
            Constraint::Length(5),
            Constraint::Length(5),
            Constraint::Length(6),
            Constraint::Min(8),
        ]
    };
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(if app.focus() == Pane::Services {
            app.theme().selection()
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        })
        .highlight_symbol(if app.ascii() { "> " } else { "▶ " });
    let mut state = TableState::default();
    if !rows.is_empty() {
        state.select(Some(app.selected_service_index()));
    }
    frame.render_stateful_widget(table, inner, &mut state);
}
