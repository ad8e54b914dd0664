//! Small drawing helpers shared by panes.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use crate::app::App;
use crate::model::{AlertState, MonitorCondition, ServiceState, Severity};

pub fn state_color(app: &App, s: ServiceState) -> Color {
    let t = &app.theme;
    match s {
        ServiceState::Running => t.ok,
        ServiceState::Pending | ServiceState::Restarting => t.warn,
        ServiceState::Stopped => t.muted,
        ServiceState::Failed => t.error,
        ServiceState::Unknown => t.warn,
    }
}

/// "● Running": symbol and word, coloured where colour exists.
pub fn state_span(app: &App, s: ServiceState) -> Span<'static> {
    let sym = if app.ascii {
        s.ascii_symbol()
    } else {
        s.symbol()
    };
    let mut style = Style::default().fg(state_color(app, s));
    if !s.is_healthy() {
        style = style.add_modifier(Modifier::BOLD);
    }
    Span::styled(format!("{sym} {}", s.as_str()), style)
}

pub fn severity_span(app: &App, s: Severity) -> Span<'static> {
    let t = &app.theme;
    let (text, color) = match s {
        Severity::Sev0 => ("‼ Sev0", t.error),
        Severity::Sev1 => ("! Sev1", t.error),
        Severity::Sev2 => ("▲ Sev2", t.warn),
        Severity::Sev3 => ("△ Sev3", t.info),
        Severity::Sev4 => ("· Sev4", t.muted),
    };
    let text = if app.ascii {
        text.replace(['‼', '▲', '△', '·'], "!")
    } else {
        text.to_string()
    };
    let mut style = Style::default().fg(color);
    if s <= Severity::Sev1 {
        style = style.add_modifier(Modifier::BOLD);
    }
    Span::styled(text, style)
}

pub fn alert_state_text(state: AlertState, cond: MonitorCondition) -> String {
    let st = match state {
        AlertState::New => "New",
        AlertState::Acknowledged => "Ack",
        AlertState::Closed => "Closed",
    };
    let c = match cond {
        MonitorCondition::Fired => "Fired",
        MonitorCondition::Resolved => "Resolved",
    };
    format!("{st}/{c}")
}

/// "72%" coloured against a threshold, with a marker past it so colour is not the only cue.
pub fn percent_span(app: &App, v: Option<f64>, threshold: f64) -> Span<'static> {
    let t = &app.theme;
    match v {
        None => Span::styled("  —", Style::default().fg(t.muted)),
        Some(v) if v >= threshold => Span::styled(
            format!("{v:>3.0}%!"),
            Style::default().fg(t.error).add_modifier(Modifier::BOLD),
        ),
        Some(v) if v >= threshold * 0.9 => {
            Span::styled(format!("{v:>3.0}%"), Style::default().fg(t.warn))
        }
        Some(v) => Span::styled(format!("{v:>3.0}%"), Style::default().fg(t.text)),
    }
}

/// "3d4h", "12m", for uptimes and ages.
pub fn compact_duration(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    let (days, hours, mins) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    if days > 0 {
        format!("{days}d{hours}h")
    } else if hours > 0 {
        format!("{hours}h{mins:02}m")
    } else if mins > 0 {
        format!("{mins}m")
    } else {
        format!("{s}s")
    }
}

/// Cuts `s` to `max` display columns, with an ellipsis when it did not fit.
pub fn truncate(s: &str, max: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}
