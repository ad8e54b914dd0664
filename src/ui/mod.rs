//! Drawing. `render` reads the [`App`] and draws it; it never changes state and never waits
//! on anything.

pub mod checklist;
pub mod dialogs;
pub mod panes;
pub mod popups;
pub mod widgets;

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, BorderType, Borders, Paragraph, Tabs},
};

use crate::action::Action;
use crate::app::{App, DataSource, Pane};
use crate::config::Context;
use crate::format::duration::coarse;
use crate::format::local_time;
use crate::format::text::truncate;

/// Below this the grid cannot be drawn legibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this size on, every pane has its own place on screen.
pub const GRID_WIDTH: u16 = 120;
pub const GRID_HEIGHT: u16 = 36;

pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    frame.render_widget(Block::default().style(app.theme().base()), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [status, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    status_bar(frame, status, app);
    // A failed sign-in is said once, with what to do; the panes only point here.
    let body = if let Some(failure) = app.sign_in_failure() {
        let t = app.theme();
        // What was tried stays one item a line; a long first line may wrap once.
        let text: Vec<Line> = failure
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let mark = if i == 0 { " ✖ " } else { "   " };
                Line::from(vec![
                    Span::styled(
                        mark,
                        Style::default().fg(t.error).add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(l.to_string(), Style::default().fg(t.error)),
                ])
            })
            .collect();
        let lines = (text.len() as u16 + 1).min(body.height / 3).max(1);
        let [b, rest] =
            Layout::vertical([Constraint::Length(lines), Constraint::Min(0)]).areas(body);
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }),
            b,
        );
        rest
    } else if let Some(banner) = app.banner() {
        let [b, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" ℹ ", Style::default().fg(app.theme().info)),
                Span::styled(banner, app.theme().muted()),
            ])),
            b,
        );
        rest
    } else {
        body
    };
    if app.checklist().is_open() {
        checklist::draw(frame, body, app);
    } else if app.zoomed() {
        panes::draw(frame, body, app, app.focus());
    } else if area.width >= GRID_WIDTH && area.height >= GRID_HEIGHT {
        grid(frame, body, app);
    } else {
        compact(frame, body, app);
    }
    footer_bar(frame, footer, app);
    popups::draw(frame, area, app);
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(Span::styled(
            "terminal too small",
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(format!("need at least {MIN_WIDTH}x{MIN_HEIGHT}")),
        Line::from(format!("have {}x{}", area.width, area.height)),
    ];
    let y = area.height.saturating_sub(3) / 2;
    let r = Rect::new(area.x, area.y + y, area.width, 3.min(area.height));
    frame.render_widget(
        Paragraph::new(text).alignment(ratatui::layout::Alignment::Center),
        r,
    );
}

/// The wide layout: Services across the top, charts and alerts, then backups, events, logs.
fn grid(frame: &mut Frame, area: Rect, app: &App) {
    let services_h = (app.service_rows().len().max(6) as u16 + 3).min(area.height / 3);
    let [top, mid, bottom] = Layout::vertical([
        Constraint::Length(services_h),
        Constraint::Percentage(55),
        Constraint::Min(8),
    ])
    .areas(area);
    panes::draw(frame, top, app, Pane::Services);
    let [chart, alerts] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(mid);
    panes::draw(frame, chart, app, Pane::Charts);
    panes::draw(frame, alerts, app, Pane::Alerts);
    let [backups, events, logs] = Layout::horizontal([
        Constraint::Percentage(34),
        Constraint::Percentage(30),
        Constraint::Percentage(36),
    ])
    .areas(bottom);
    panes::draw(frame, backups, app, Pane::Backups);
    panes::draw(frame, events, app, Pane::Events);
    panes::draw(frame, logs, app, Pane::Logs);
}

/// The small layout (80x24): Services on top, one other pane below with tabs to pick it.
fn compact(frame: &mut Frame, area: Rect, app: &App) {
    let services_h = (app.service_rows().len().max(6) as u16 + 3).min(area.height / 2);
    let [top, tabs, rest] = Layout::vertical([
        Constraint::Length(services_h),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    panes::draw(frame, top, app, Pane::Services);
    let side = if app.focus() == Pane::Services {
        app.last_side_pane()
    } else {
        app.focus()
    };
    let side_panes = &Pane::ALL[1..];
    let titles: Vec<Line> = side_panes
        .iter()
        .map(|p| Line::from(format!("{} {}", p.number(), p.title())))
        .collect();
    let selected = side_panes.iter().position(|p| *p == side).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(app.theme().muted())
            .highlight_style(
                Style::default()
                    .fg(app.theme().title)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )
            .divider("│"),
        tabs,
    );
    panes::draw(frame, rest, app, side);
}

/// The environment badge, where the data comes from, its age, read-only, and the clock.
fn status_bar(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme();
    let sep = Span::styled(" │ ", t.muted());
    let mut spans = vec![
        Span::styled(
            " eduops ",
            Style::default().fg(t.title).add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(" {} ", app.env().as_str().to_uppercase()),
            t.badge(app.env()),
        ),
        sep.clone(),
    ];
    match app.source() {
        DataSource::Azure {
            identity,
            subscription,
        } => {
            spans.push(Span::styled(
                "AZURE",
                Style::default().add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::styled(
                // The first block of the GUID is enough to tell subscriptions apart.
                format!(" {} · {identity}", truncate(subscription, 9)),
                t.muted(),
            ));
        }
        DataSource::Simulated { .. } => {
            spans.push(Span::styled(
                "⚠ SIMULATED",
                Style::default()
                    .fg(t.warn)
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ));
        }
    }
    spans.push(sep.clone());
    let mut age = age_label(app, app.services());
    age.spans.insert(0, Span::styled("data", t.muted()));
    spans.extend(age.spans);
    if app.is_read_only() {
        spans.push(sep.clone());
        spans.push(Span::styled(
            "🔒 READ-ONLY",
            Style::default().fg(t.info).add_modifier(Modifier::BOLD),
        ));
    }
    let clock = local_time(app.now(), app.tz(), "%H:%M");
    let left_width: usize = spans.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(left_width + clock.len() + 1);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(clock, t.muted()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Key hints for the focused pane, taken from the active keymap.
fn footer_bar(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme();
    if let Some(toast) = app.toasts().last() {
        let (sym, color) = match toast.level {
            crate::app::ToastLevel::Info => ("ℹ", t.info),
            crate::app::ToastLevel::Success => ("✔", t.ok),
            crate::app::ToastLevel::Error => ("✖", t.error),
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!(" {sym} "),
                    Style::default().fg(color).add_modifier(Modifier::BOLD),
                ),
                Span::styled(toast.text.as_str(), Style::default().fg(color)),
            ])),
            area,
        );
        return;
    }
    let ctx: Context = if app.checklist().is_open() {
        Context::Checklist
    } else {
        app.focus().context()
    };
    let mut wanted: Vec<Action> = vec![Action::Help];
    if app.checklist().walk.is_some() {
        if app.checklist().note.is_some() {
            let line = Line::from(Span::styled(" note: Enter saves · Esc discards", t.muted()));
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
        wanted.extend([
            Action::MarkPass,
            Action::MarkFail,
            Action::MarkSkip,
            Action::MarkNa,
            Action::Note,
            Action::Down,
            Action::Enter,
            Action::Finish,
            Action::Back,
        ]);
    } else if app.checklist().past_open {
        wanted.extend([Action::Down, Action::Enter, Action::Back]);
    } else if app.checklist().picker.is_some() {
        wanted.extend([
            Action::Down,
            Action::NextEnv,
            Action::Enter,
            Action::PastRuns,
            Action::Back,
        ]);
    } else {
        wanted.extend(footer_actions(app.focus()));
        wanted.extend([
            Action::NextPane,
            Action::NextEnv,
            Action::Zoom,
            Action::Quit,
        ]);
    }
    render_hints(frame, area, app, ctx, wanted);
}

fn footer_actions(pane: Pane) -> Vec<Action> {
    match pane {
        Pane::Services => vec![
            Action::Enter,
            Action::Logs,
            Action::Restart,
            Action::Stop,
            Action::Start,
        ],
        Pane::Charts => vec![Action::ChartWindow, Action::ChartAll],
        Pane::Alerts => vec![Action::Enter, Action::Acknowledge, Action::CloseAlert],
        Pane::Backups => vec![Action::Restore],
        Pane::Logs => vec![
            Action::Filter,
            Action::SearchNext,
            Action::Follow,
            Action::Wrap,
        ],
        Pane::Events => vec![Action::Enter],
    }
}

fn render_hints(frame: &mut Frame, area: Rect, app: &App, ctx: Context, wanted: Vec<Action>) {
    let t = app.theme();
    let mut spans = Vec::new();
    for a in wanted {
        if let Some(k) = app.keymap().hint(ctx, a) {
            spans.push(Span::styled(
                format!(" {k}"),
                Style::default().fg(t.title).add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::styled(format!(" {} ", short_name(app, a)), t.muted()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn short_name(app: &App, a: Action) -> &'static str {
    // Enter means something else in the checklists than on the dashboard.
    if a == Action::Enter && app.checklist().walk.is_some() {
        return "next open";
    }
    if a == Action::Enter && app.checklist().past_open {
        return "resume";
    }
    if a == Action::Enter && app.checklist().picker.is_some() {
        return "start";
    }
    match a {
        Action::NextPane => "pane",
        Action::NextEnv => "env",
        Action::ChartWindow => "window",
        Action::ChartAll => "all",
        Action::CloseAlert => "close",
        Action::SearchNext => "next",
        Action::Enter => "details",
        Action::MarkPass => "pass",
        Action::MarkFail => "fail",
        Action::MarkSkip => "skip",
        Action::MarkNa => "n/a",
        Action::Down => "next",
        Action::Back => "close",
        Action::PastRuns => "past runs",
        other => other.name(),
    }
}

/// A pane's frame: numbered title, focus, data age and staleness, the environment's colour.
pub fn pane_block<'a>(app: &'a App, pane: Pane, extra: Option<String>) -> Block<'a> {
    let focused = app.focus() == pane;
    let t = app.theme();
    let border = if focused {
        Style::default()
            .fg(t.accent(app.env()))
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(t.border)
    };
    let mut title = vec![Span::styled(
        format!(" {} {} ", pane.number(), pane.title()),
        Style::default().fg(t.title).add_modifier(if focused {
            Modifier::BOLD | Modifier::REVERSED
        } else {
            Modifier::BOLD
        }),
    )];
    if let Some(extra) = extra {
        title.push(Span::styled(format!("{extra} "), t.muted()));
    }
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(Line::from(title))
}

/// Data age for the right side of a pane title: `live` while the data is as fresh as its
/// refresh interval promises, then `45s ago`, then `⚠ STALE 2m` past three intervals.
/// Fresh data shows no ticking seconds: an idle dashboard should not repaint every second.
pub fn age_label<T>(app: &App, feed: &crate::app::Feed<T>) -> Line<'static> {
    let t = app.theme();
    match feed.age(app.now()) {
        Some(age) if feed.is_stale(app.now()) => Line::from(Span::styled(
            format!(" ⚠ STALE {} ", coarse(age)),
            Style::default().fg(t.warn).add_modifier(Modifier::BOLD),
        )),
        Some(age) if age > feed.interval + feed.interval / 2 => Line::from(Span::styled(
            format!(" {} ago ", coarse(age)),
            Style::default().fg(t.warn),
        )),
        Some(_) => Line::from(Span::styled(" live ", t.muted())),
        None => Line::from(Span::styled(" — ", t.muted())),
    }
}
