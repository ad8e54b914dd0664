//! The confirmation dialog and the restore form: the last thing between a key press and Azure.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Clear, Paragraph, Wrap},
};

use crate::app::{App, ConfirmField, ConfirmState, RestoreField, RestoreForm, RestoreKind};
use crate::format::local_time;
use crate::model::Env;
use crate::ui::widgets::{centered, popup_block};

fn button(app: &App, label: &str, focused: bool, enabled: bool) -> Span<'static> {
    let t = app.theme();
    let text = if focused {
        format!("▶[ {label} ]◀")
    } else {
        format!(" [ {label} ] ")
    };
    let mut style = Style::default().fg(if enabled { t.text } else { t.muted });
    if focused {
        style = style.add_modifier(Modifier::BOLD | Modifier::REVERSED);
    }
    Span::styled(text, style)
}

fn input(app: &App, label: &str, value: &str, focused: bool, width: usize) -> Line<'static> {
    let t = app.theme();
    let shown = format!("{value}{}", if focused { "█" } else { "" });
    let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()));
    Line::from(vec![
        Span::styled(format!("{label:<15}"), t.muted()),
        Span::styled(
            format!("{shown}{}", " ".repeat(pad)),
            Style::default().fg(t.text).add_modifier(if focused {
                Modifier::UNDERLINED | Modifier::BOLD
            } else {
                Modifier::UNDERLINED
            }),
        ),
    ])
}

pub fn confirm(frame: &mut Frame, area: Rect, app: &App, c: &ConfirmState) {
    let t = app.theme();
    let r = &c.request;
    let prod = r.env == Env::Prod;
    let env_style = t.badge(r.env);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("environment    ", t.muted()),
            Span::styled(format!(" {} ", r.env.as_str().to_uppercase()), env_style),
            if prod {
                Span::styled(
                    "  ⚠ PRODUCTION",
                    Style::default().fg(t.error).add_modifier(Modifier::BOLD),
                )
            } else {
                Span::raw("")
            },
        ]),
        Line::from(vec![
            Span::styled("action         ", t.muted()),
            Span::styled(
                r.op.name().to_string(),
                Style::default().fg(t.text).add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::from(vec![
            Span::styled("target         ", t.muted()),
            Span::styled(
                r.target_name.clone(),
                Style::default().fg(t.text).add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::raw(""),
        Line::from(Span::styled(r.effect_text(), Style::default().fg(t.warn))),
        Line::raw(""),
    ];
    if c.require_typed {
        lines.push(Line::from(Span::styled(
            format!("Type `{}` to enable Confirm:", r.target_name),
            Style::default().fg(t.text),
        )));
        lines.push(input(
            app,
            "name",
            &c.typed,
            c.field == ConfirmField::TypedName,
            40,
        ));
        let status = if c.typed.is_empty() {
            Span::styled("", t.muted())
        } else if c.can_confirm() {
            Span::styled("✔ name matches", Style::default().fg(t.ok))
        } else {
            Span::styled("✖ does not match", Style::default().fg(t.error))
        };
        lines.push(Line::from(vec![Span::raw(" ".repeat(15)), status]));
    }
    if c.with_comment {
        lines.push(input(
            app,
            "comment",
            &c.comment,
            c.field == ConfirmField::Comment,
            40,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::raw("   "),
        button(app, "Cancel", c.field == ConfirmField::Cancel, true),
        Span::raw("    "),
        button(
            app,
            "Confirm",
            c.field == ConfirmField::Confirm,
            c.can_confirm(),
        ),
    ]));
    lines.push(Line::from(Span::styled(
        "Tab moves · Enter on a button · Esc cancels · nothing is sent until Confirm",
        t.muted(),
    )));
    let h = lines.len() as u16 + 4;
    let area = centered(area, 76, h);
    frame.render_widget(Clear, area);
    let title = format!("Confirm {}", r.op.name());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(popup_block(app, &title)),
        area,
    );
}

pub fn restore(frame: &mut Frame, area: Rect, app: &App, f: &RestoreForm) {
    let t = app.theme();
    let tz = app.tz();
    let what = match f.kind {
        RestoreKind::Sql => "Azure SQL point-in-time restore",
        RestoreKind::Cosmos => "Cosmos DB account restore",
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<15}", "source"), t.muted()),
            Span::styled(
                f.source.clone(),
                Style::default().fg(t.text).add_modifier(Modifier::BOLD),
            ),
            Span::styled("  (never modified)", t.muted()),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<15}", "window"), t.muted()),
            Span::raw(match f.earliest {
                Some(e) => format!(
                    "{} … now  ({} … now UTC)",
                    local_time(e, tz, "%Y-%m-%d %H:%M %Z"),
                    e.format("%Y-%m-%d %H:%M")
                ),
                None => "unknown — backups not loaded yet".into(),
            }),
        ]),
        Line::raw(""),
        input(
            app,
            "restore point",
            &f.point_input,
            f.field == RestoreField::Point,
            30,
        ),
    ];
    let ok = |s: String| {
        Line::from(vec![
            Span::raw(" ".repeat(15)),
            Span::styled(s, Style::default().fg(t.ok)),
        ])
    };
    let bad = |s: String| {
        Line::from(vec![
            Span::raw(" ".repeat(15)),
            Span::styled(format!("✖ {s}"), Style::default().fg(t.error)),
        ])
    };
    match f.point(app.now(), tz) {
        Ok(p) => lines.push(ok(format!(
            "✔ {}  =  {} UTC",
            local_time(p, tz, "%Y-%m-%d %H:%M:%S %Z"),
            p.format("%Y-%m-%d %H:%M:%S")
        ))),
        Err(e) => lines.push(bad(e)),
    }
    lines.push(Line::from(Span::styled(
        format!(
            "{:<15}-10m, -2h, -1d, 2026-11-27T01:00:00Z, or local 2026-11-27 10:00",
            ""
        ),
        t.muted(),
    )));
    lines.push(input(
        app,
        "new name",
        &f.target_input,
        f.field == RestoreField::Target,
        44,
    ));
    match f.target() {
        Ok(_) => lines.push(ok(
            "✔ new name (existence is checked with Azure before sending)".into(),
        )),
        Err(e) => lines.push(bad(e)),
    }
    lines.push(Line::raw(""));
    let valid = f.build(app.now(), tz).is_ok();
    lines.push(Line::from(vec![
        Span::raw("   "),
        button(app, "Cancel", f.field == RestoreField::Cancel, true),
        Span::raw("    "),
        button(app, "Review…", f.field == RestoreField::Review, valid),
    ]));
    lines.push(Line::from(Span::styled(
        "Tab moves · Review opens the confirmation · Esc cancels",
        t.muted(),
    )));
    let h = lines.len() as u16 + 2;
    let area = centered(area, 84, h);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(popup_block(app, what)), area);
}
