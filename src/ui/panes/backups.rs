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
use crate::format::duration::compact;
use crate::format::local_time;
use crate::health::Verdict;
use crate::health::backups::{BackupVerdict, cosmos_verdict, sql_verdicts};
use crate::ui::{age_label, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = pane_block(app, Pane::Backups, None)
        .title_top(age_label(app, app.backups()).right_aligned());
    let inner = inner_of(frame, area, block);
    if placeholder(frame, inner, app, app.backups(), "backup status") {
        return;
    }
    let Some(b) = &app.backups().data else {
        return;
    };
    let t = app.theme();
    let tz = app.tz();
    let label = |s: &str| Span::styled(format!("{s:<13}"), t.muted());
    let when = |d: chrono::DateTime<chrono::Utc>| {
        format!(
            "{} ({} ago)",
            local_time(d, tz, "%m-%d %H:%M"),
            compact(app.now() - d)
        )
    };
    let mut lines: Vec<Line> = Vec::new();
    // Restores first: while one runs, it is what the operator came here for.
    if !app.restores().is_empty() {
        lines.push(Line::from(Span::styled(
            "Restores this session",
            Style::default().fg(t.title).add_modifier(Modifier::BOLD),
        )));
        for r in app.restores().iter().rev() {
            let elapsed = compact(r.finished.unwrap_or(app.now()) - r.started);
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
        if selected && app.focus() == Pane::Backups {
            style = app.theme().selection();
        }
        Line::from(Span::styled(text, style))
    };
    lines.push(heading(
        format!("Azure SQL · {}", app.targets().sql_database),
        app.selected_backup() == 0,
    ));
    for v in sql(app) {
        lines.push(verdict_line(app, &v));
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
                    Span::raw(compact(app.now() - e)),
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
        format!("Cosmos DB · {}", app.targets().cosmos_account),
        app.selected_backup() == 1,
    ));
    for v in cosmos(app) {
        lines.push(verdict_line(app, &v));
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

/// The SQL verdicts, by the same rules as the checklist's backup item and `eduops check`;
/// none before the first answer.
fn sql(app: &App) -> Vec<BackupVerdict> {
    let Some(b) = &app.backups().data else {
        return Vec::new();
    };
    let sql = b.sql.as_ref().and_then(|r| r.as_ref().ok());
    sql_verdicts(sql, app.now(), &app.settings().thresholds)
}

/// The Cosmos DB verdict, by the same rules.
fn cosmos(app: &App) -> Vec<BackupVerdict> {
    let Some(b) = &app.backups().data else {
        return Vec::new();
    };
    let cosmos = b.cosmos.as_ref().and_then(|r| r.as_ref().ok());
    vec![cosmos_verdict(
        cosmos,
        app.now(),
        &app.settings().thresholds,
    )]
}

fn verdict_line(app: &App, v: &BackupVerdict) -> Line<'static> {
    let t = app.theme();
    let color = match v.verdict {
        Verdict::Pass => t.ok,
        Verdict::Warn => t.warn,
        Verdict::Fail => t.error,
        Verdict::Unknown(_) => t.info,
    };
    let word = match v.verdict {
        Verdict::Pass => "OK",
        Verdict::Warn => "WARN",
        Verdict::Fail => "FAIL",
        Verdict::Unknown(_) => "UNKNOWN",
    };
    Line::from(vec![
        Span::styled(
            format!("{} {word} ", v.verdict.symbol()),
            Style::default().fg(color).add_modifier(Modifier::BOLD),
        ),
        // The facts are listed below; the reason matters only when something is wrong.
        Span::styled(
            if v.verdict == Verdict::Pass {
                v.label.clone()
            } else {
                format!("{}: {}", v.label, v.reason)
            },
            Style::default().fg(color),
        ),
    ])
}
