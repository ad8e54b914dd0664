//! Overlays drawn above the panes: help, command line, filter, service details, messages.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Clear, Paragraph, Wrap},
};

use crate::app::{App, Overlay};
use crate::format::duration::compact;
use crate::format::local_time;
use crate::ui::widgets::{centered, popup_block, state_span};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    match app.overlay() {
        None => {}
        Some(Overlay::Help { scroll }) => help(frame, area, app, *scroll),
        Some(Overlay::CommandLine { input }) => prompt(frame, area, app, ":", input),
        Some(Overlay::Filter { input }) => prompt(frame, area, app, "/", input),
        Some(Overlay::ServiceDetail { service, scroll }) => {
            detail(frame, area, app, service, *scroll)
        }
        Some(Overlay::Message { title, text }) => message(frame, area, app, title, text),
        Some(Overlay::Confirm(c)) => crate::ui::dialogs::confirm(frame, area, app, c),
        Some(Overlay::Restore(f)) => crate::ui::dialogs::restore(frame, area, app, f),
        Some(Overlay::ResumeOffer { text, .. }) => {
            message(frame, area, app, "Resume checklist?", text)
        }
        Some(Overlay::Audit { lines, scroll }) => audit(frame, area, app, lines, *scroll),
    }
}

/// Help, generated from the active keymap so it always tells the truth.
fn help(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let t = app.theme();
    let mut lines = vec![Line::from(Span::styled(
        "Keys (from the active keymap; change them in keymap.toml)",
        t.muted(),
    ))];
    for (ctx, bindings) in app.keymap().describe() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!("[{}]", ctx.name()),
            Style::default().fg(t.title).add_modifier(Modifier::BOLD),
        )));
        for (action, keys) in bindings {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<16}", keys.join(" ")),
                    Style::default().fg(t.info).add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!("{:<16}", action.name()),
                    Style::default().fg(t.text),
                ),
                Span::styled(action.description(), t.muted()),
            ]));
        }
    }
    let r = centered(area, 100, area.height.saturating_sub(4));
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(popup_block(app, "Help — j/k scroll, any other key closes"))
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        r,
    );
}

fn prompt(frame: &mut Frame, area: Rect, app: &App, sigil: &str, input: &str) {
    let r = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                sigil.to_string(),
                Style::default()
                    .fg(app.theme().title)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(input.to_string()),
            Span::styled("█", Style::default().fg(app.theme().text)),
        ])),
        r,
    );
}

fn detail(frame: &mut Frame, area: Rect, app: &App, service: &str, scroll: usize) {
    let t = app.theme();
    let Some(s) = app
        .services()
        .data
        .as_ref()
        .and_then(|all| all.iter().find(|s| s.service == service))
    else {
        return;
    };
    let tz = app.tz();
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<16}"), t.muted()),
            Span::styled(v, Style::default().fg(t.text)),
        ])
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<16}", "state"), t.muted()),
            state_span(app, s.state),
        ]),
        kv("reason", s.reason.clone().unwrap_or_else(|| "—".into())),
        kv(
            "provisioning",
            s.provisioning_state.clone().unwrap_or_else(|| "—".into()),
        ),
        kv("container group", s.container_group.clone()),
        kv("resource id", s.resource_id.clone()),
        kv("image", s.image.clone().unwrap_or_else(|| "—".into())),
        kv(
            "ip address",
            s.ip_address.clone().unwrap_or_else(|| "—".into()),
        ),
        kv(
            "requests",
            format!("{} CPU, {} GB", s.cpu_request_cores, s.memory_request_gb),
        ),
        kv("restart count", s.restart_count.to_string()),
        kv(
            "started",
            s.started_at
                .map(|d| {
                    format!(
                        "{} ({} ago)",
                        local_time(d, tz, "%Y-%m-%d %H:%M:%S %Z"),
                        compact(app.now() - d)
                    )
                })
                .unwrap_or_else(|| "—".into()),
        ),
        Line::raw(""),
        Line::from(Span::styled(
            "Events (newest first)",
            Style::default().fg(t.title).add_modifier(Modifier::BOLD),
        )),
    ];
    let mut events = s.events.clone();
    events.sort_by_key(|e| std::cmp::Reverse(e.last_timestamp));
    for e in events {
        let when = e
            .last_timestamp
            .map(|d| local_time(d, tz, "%m-%d %H:%M:%S"))
            .unwrap_or_else(|| "—".into());
        let style = if e.kind.eq_ignore_ascii_case("warning") {
            Style::default().fg(t.warn)
        } else {
            Style::default().fg(t.text)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{when}  "), t.muted()),
            Span::styled(
                format!("{} ×{} {}: {}", e.kind, e.count, e.name, e.message),
                style,
            ),
        ]));
    }
    let r = centered(area, 110, area.height.saturating_sub(4));
    frame.render_widget(Clear, r);
    let title = format!("{service} in {} — Esc closes", app.env());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(popup_block(app, &title))
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        r,
    );
}

fn message(frame: &mut Frame, area: Rect, app: &App, title: &str, text: &str) {
    let r = centered(area, 80, 10);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: false })
            .block(popup_block(app, title)),
        r,
    );
}

fn audit(frame: &mut Frame, area: Rect, app: &App, lines: &[String], scroll: usize) {
    let t = app.theme();
    let body: Vec<Line> = if lines.is_empty() {
        vec![Line::from(Span::styled(
            "no actions recorded yet",
            t.muted(),
        ))]
    } else {
        lines
            .iter()
            .map(|l| {
                let style = if l.contains("failed") || l.contains("refused") {
                    Style::default().fg(t.warn)
                } else {
                    Style::default().fg(t.text)
                };
                Line::from(Span::styled(l.clone(), style))
            })
            .collect()
    };
    let r = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(4),
    );
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(body)
            .block(popup_block(
                app,
                "Audit log (newest first) — j/k scroll, any other key closes",
            ))
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        r,
    );
}
