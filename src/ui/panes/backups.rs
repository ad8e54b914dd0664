//! Backups: Azure SQL point-in-time window and long-term retention, Cosmos DB backup policy.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::{inner_of, placeholder};
use crate::app::{App, Pane};
use crate::ui::widgets::compact_duration;
use crate::ui::{age_label, format_local, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = pane_block(app, Pane::Backups, None)
        .title_top(age_label(app, &app.backups).right_aligned());
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, &app.backups, "backup status") {
        return;
    }
    let Some(b) = &app.backups.data else {
        return;
    };
    let t = &app.theme;
    let tz = app.tz();
    let label = |s: &str| Span::styled(format!("{s:<13}"), t.muted());
    let when = |d: chrono::DateTime<chrono::Utc>| {
        format!(
            "{} ({} ago)",
            format_local(d, tz, "%m-%d %H:%M"),
            compact_duration(app.now - d)
        )
    };
    let mut lines: Vec<Line> = Vec::new();
    // Restores first: while one runs, it is what the operator came here for.
    if !app.restores.is_empty() {
        lines.push(Line::from(Span::styled(
            "Restores this session",
            Style::default().fg(t.title).add_modifier(Modifier::BOLD),
        )));
        for r in app.restores.iter().rev() {
            let elapsed = compact_duration(r.finished.unwrap_or(app.now) - r.started);
            let (sym, style) = match &r.done {
                None => (
                    "↻",
                    Style::default().fg(t.info).add_modifier(Modifier::BOLD),
                ),
                Some(Ok(_)) => ("✔", Style::default().fg(t.ok)),
                Some(Err(_)) => (
                    "✖",
                    Style::default().fg(t.error).add_modifier(Modifier::BOLD),
                ),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{sym} {} ", r.status), style),
                Span::styled(format!("{} ", r.target), Style::default().fg(t.text)),
                Span::styled(elapsed, t.muted()),
            ]));
            if let Some(Err(e)) = &r.done {
                lines.push(Line::from(Span::styled(
                    format!("  {e}"),
                    Style::default().fg(t.error),
                )));
            }
        }
        lines.push(Line::raw(""));
    }
    let heading = |text: String, selected: bool| {
        let mut style = Style::default().fg(t.title).add_modifier(Modifier::BOLD);
        if selected && app.focus == Pane::Backups {
            style = app.theme.selection();
        }
        Line::from(Span::styled(text, style))
    };
    lines.push(heading(
        format!("Azure SQL · {}", app.targets.sql_database),
        app.selected_backup == 0,
    ));
    for (verdict, reason) in crate::ui::panes::backups::verdict_lines(app, true) {
        lines.push(verdict_line(app, verdict, reason));
    }
    match &b.sql {
        Some(Ok(sql)) => {
            lines.push(Line::from(vec![
                label("status"),
                Span::raw(sql.status.clone().unwrap_or_else(|| "—".into())),
            ]));
            lines.push(Line::from(vec![
                label("restore from"),
                Span::raw(sql.earliest_restore.map(when).unwrap_or_else(|| "—".into())),
            ]));
            if let Some(e) = sql.earliest_restore {
                lines.push(Line::from(vec![
                    label("PITR window"),
                    Span::raw(compact_duration(app.now - e)),
                ]));
            }
            lines.push(Line::from(vec![
                label("latest LTR"),
                Span::raw(
                    sql.latest_ltr_backup
                        .map(when)
                        .unwrap_or_else(|| "none".into()),
                ),
            ]));
        }
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("✖ {e}"),
            Style::default().fg(t.error),
        ))),
        None => lines.push(Line::from(Span::styled("…", t.muted()))),
    }
    lines.push(Line::raw(""));
    lines.push(heading(
        format!("Cosmos DB · {}", app.targets.cosmos_account),
        app.selected_backup == 1,
    ));
    for (verdict, reason) in verdict_lines(app, false) {
        lines.push(verdict_line(app, verdict, reason));
    }
    match &b.cosmos {
        Some(Ok(c)) => {
            lines.push(Line::from(vec![
                label("policy"),
                Span::raw(format!(
                    "{}{}",
                    c.policy_type.clone().unwrap_or_else(|| "—".into()),
                    c.tier
                        .as_ref()
                        .map(|t| format!(" ({t})"))
                        .unwrap_or_default()
                )),
            ]));
            lines.push(Line::from(vec![
                label("restore from"),
                Span::raw(
                    c.earliest_restorable
                        .map(when)
                        .unwrap_or_else(|| "—".into()),
                ),
            ]));
        }
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("✖ {e}"),
            Style::default().fg(t.error),
        ))),
        None => lines.push(Line::from(Span::styled("…", t.muted()))),
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}

/// Verdicts for the SQL (`sql = true`) or Cosmos block; filled in by the backup rules.
pub fn verdict_lines(_app: &App, _sql: bool) -> Vec<(&'static str, String)> {
    Vec::new()
}

fn verdict_line(app: &App, verdict: &str, reason: String) -> Line<'static> {
    let t = &app.theme;
    let (sym, color) = match verdict {
        "OK" => ("✔", t.ok),
        "WARN" => ("▲", t.warn),
        _ => ("✖", t.error),
    };
    Line::from(vec![
        Span::styled(
            format!("{sym} {verdict} "),
            Style::default().fg(color).add_modifier(Modifier::BOLD),
        ),
        Span::styled(reason, Style::default().fg(color)),
    ])
}
