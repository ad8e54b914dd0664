//! Small drawing helpers shared by panes.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::App;
use crate::health::service::is_healthy;
use crate::model::{AlertState, MonitorCondition, ServiceState, Severity};

pub fn state_color(app: &App, s: ServiceState) -> Color {
    let t = app.theme();
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
    let sym = if app.ascii() {
        s.ascii_symbol()
    } else {
        s.symbol()
    };
    let mut style = Style::default().fg(state_color(app, s));
    if !is_healthy(s) {
        style = style.add_modifier(Modifier::BOLD);
    }
    Span::styled(format!("{sym} {}", s.as_str()), style)
}

pub fn severity_span(app: &App, s: Severity) -> Span<'static> {
    let t = app.theme();
    let (text, color) = match s {
        Severity::Sev0 => ("‼ Sev0", t.error),
        Severity::Sev1 => ("! Sev1", t.error),
        Severity::Sev2 => ("▲ Sev2", t.warn),
        Severity::Sev3 => ("△ Sev3", t.info),
        Severity::Sev4 => ("· Sev4", t.muted),
    };
    let text = if app.ascii() {
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
    let t = app.theme();
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

/// A rectangle of at most `width`x`height` in the middle of `area` (dialogs, popups).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The frame of a dialog: double border in the environment's colour, bold title.
pub fn popup_block<'a>(app: &App, title: &'a str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(
            Style::default()
                .fg(app.theme().accent(app.env()))
                .add_modifier(Modifier::BOLD),
        )
        .title(Span::styled(
            format!(" {title} "),
            Style::default()
                .fg(app.theme().title)
                .add_modifier(Modifier::BOLD),
        ))
        .style(app.theme().base())
}
