//! CPU and memory of the selected service (or all of them overlaid), as percent of what was
//! requested, with the alert thresholds drawn as lines.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Color, Modifier, Style},
    symbols::Marker,
    text::{Line, Span},
    widgets::{Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph},
};

use super::{error_line, inner_of, placeholder};
use crate::app::{App, Pane};
use crate::format::local_time;
use crate::ui::{age_label, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let subject = if app.chart_all() {
        "all services".to_string()
    } else {
        app.selected_service_name()
    };
    let extra = format!("· {subject} · {} ", app.window().label());
    let block = pane_block(app, Pane::Charts, Some(extra))
        .title_top(age_label(app, app.usage()).right_aligned());
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, app.usage(), "metrics") {
        return;
    }
    let inner = error_line(frame, inner, app, app.usage());
    if inner.height < 4 {
        return;
    }
    let [cpu_area, mem_area] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let th = &app.settings().thresholds;
    draw_one(frame, cpu_area, app, "CPU", true, th.cpu_percent);
    draw_one(frame, mem_area, app, "Memory", false, th.memory_percent);
}

/// (name, colour, points) for each series to draw.
type Series = (String, Color, Vec<(f64, f64)>);

fn series(app: &App, cpu: bool) -> Vec<Series> {
    let now = app.now();
    let since = now - app.window().duration();
    let to_xy = |h: &crate::app::history::Series| -> Vec<(f64, f64)> {
        let values = if cpu { &h.cpu } else { &h.mem };
        let start = h.start_at(since);
        h.times[start..]
            .iter()
            .zip(&values[start..])
            .filter_map(|(t, v)| {
                let x = (*t - now).num_seconds() as f64 / 60.0;
                v.map(|v| (x, v.clamp(0.0, 100.0)))
            })
            .collect()
    };
    let rows = app.service_rows();
    if app.chart_all() {
        rows.iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let h = app.usage_of(&s.resource_id)?;
                let color = app.theme().series[i % app.theme().series.len()];
                Some((s.service.clone(), color, to_xy(h)))
            })
            .collect()
    } else {
        let Some(s) = app.selected_status() else {
            return Vec::new();
        };
        let Some(h) = app.usage_of(&s.resource_id) else {
            return Vec::new();
        };
        let color = if cpu {
            app.theme().cpu
        } else {
            app.theme().memory
        };
        vec![(s.service.clone(), color, to_xy(h))]
    }
}

fn draw_one(frame: &mut Frame, area: Rect, app: &App, label: &str, cpu: bool, threshold: f64) {
    let t = app.theme();
    let data = series(app, cpu);
    let minutes = app.window().duration().num_minutes() as f64;
    let x_bounds = [-minutes, 0.0];
    let threshold_line = [(-minutes, threshold), (0.0, threshold)];
    let marker = if app.ascii() {
        Marker::Dot
    } else {
        Marker::Braille
    };

    let latest = data
        .iter()
        .filter_map(|(_, _, pts)| pts.last().map(|p| p.1))
        .fold(None::<f64>, |m, v| Some(m.map_or(v, |m| m.max(v))));
    let peak = data
        .iter()
        .flat_map(|(_, _, pts)| pts.iter().map(|p| p.1))
        .fold(None::<f64>, |m, v| Some(m.map_or(v, |m| m.max(v))));
    let over = peak.is_some_and(|p| p >= threshold);
    let title = Line::from(vec![
        Span::styled(
            format!("{label} % of request"),
            Style::default().fg(t.title).add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(
                "  now {}  peak {}{}",
                latest.map_or("—".into(), |v| format!("{v:.0}%")),
                peak.map_or("—".into(), |v| format!("{v:.0}%")),
                if over {
                    format!("  ▲ over {threshold:.0}%")
                } else {
                    String::new()
                }
            ),
            if over {
                Style::default().fg(t.error).add_modifier(Modifier::BOLD)
            } else {
                t.muted()
            },
        ),
    ]);

    if data.iter().all(|(_, _, p)| p.is_empty()) {
        frame.render_widget(
            Paragraph::new(vec![
                title,
                Line::from(Span::styled("no data points in this window", t.muted())),
            ]),
            area,
        );
        return;
    }

    let mut datasets: Vec<Dataset> = data
        .iter()
        .map(|(name, color, pts)| {
            Dataset::default()
                .name(name.clone())
                .marker(marker)
                // Points, not lines: a gap in Azure's data stays a gap on screen.
                .graph_type(GraphType::Scatter)
                .style(Style::default().fg(*color))
                .data(pts)
        })
        .collect();
    datasets.push(
        Dataset::default()
            .name(format!("alert {threshold:.0}%"))
            .marker(marker)
            .graph_type(GraphType::Line)
            .style(Style::default().fg(t.threshold))
            .data(&threshold_line),
    );

    let tz = app.tz();
    let start = app.now() - app.window().duration();
    let mid = app.now() - app.window().duration() / 2;
    let x_labels = vec![
        Span::styled(local_time(start, tz, "%H:%M"), t.muted()),
        Span::styled(local_time(mid, tz, "%H:%M"), t.muted()),
        Span::styled(local_time(app.now(), tz, "%H:%M"), t.muted()),
    ];
    let chart = Chart::new(datasets)
        .block(ratatui::widgets::Block::default().title(title))
        .x_axis(
            Axis::default()
                .bounds(x_bounds)
                .labels(x_labels)
                .style(Style::default().fg(t.border)),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(vec![
                    Span::styled("0", t.muted()),
                    Span::styled("50", t.muted()),
                    Span::styled("100", t.muted()),
                ])
                .style(Style::default().fg(t.border)),
        )
        // One service: the title names it and the threshold is in the title; a legend would
        // only cover data. All services: the legend says which colour is which.
        .legend_position(if app.chart_all() {
            Some(LegendPosition::TopLeft)
        } else {
            None
        })
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 1)));
    frame.render_widget(chart, area);
}
