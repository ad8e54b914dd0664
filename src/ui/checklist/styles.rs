//! The checklist screens' styles: the theme mapped onto them, or monochrome, and the ASCII
//! fallback of their symbols and borders.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::app::App;
use crate::checklist::run::Outcome;
use crate::health::Verdict;
use crate::model::Env;

/// Styles the checklist screens use; the TUI maps its theme onto these.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChecklistStyles {
    pub border: Style,
    pub title: Style,
    pub text: Style,
    pub dim: Style,
    pub label: Style,
    pub selected: Style,
    pub pass: Style,
    pub fail: Style,
    pub warn: Style,
    pub skip: Style,
    pub unknown: Style,
    pub progress_done: Style,
    pub progress_todo: Style,
    /// The production environment's name (it is flagged wherever it appears).
    pub prod: Style,
    pub error: Style,
    /// ASCII symbols and borders, for terminals and fonts without them (`--ascii`).
    pub ascii: bool,
}

impl Default for ChecklistStyles {
    /// Monochrome: modifiers only, readable on any terminal and with NO_COLOR.
    fn default() -> Self {
        let plain = Style::default();
        ChecklistStyles {
            border: plain,
            title: plain.add_modifier(Modifier::BOLD),
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            label: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            pass: plain,
            fail: plain.add_modifier(Modifier::BOLD),
            warn: plain.add_modifier(Modifier::BOLD),
            skip: plain.add_modifier(Modifier::DIM),
            unknown: plain,
            progress_done: plain,
            progress_todo: plain.add_modifier(Modifier::DIM),
            prod: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: plain.add_modifier(Modifier::BOLD),
            ascii: false,
        }
    }
}

impl ChecklistStyles {
    /// The theme mapped onto the checklist screens' styles.
    pub fn of_app(app: &App) -> ChecklistStyles {
        let t = app.theme();
        if t.is_monochrome() {
            return ChecklistStyles {
                ascii: app.ascii(),
                ..Default::default()
            };
        }
        ChecklistStyles {
            border: Style::default().fg(t.accent(app.env())),
            title: Style::default().fg(t.title).add_modifier(Modifier::BOLD),
            text: Style::default().fg(t.text),
            dim: Style::default().fg(t.muted),
            label: Style::default().fg(t.info).add_modifier(Modifier::BOLD),
            selected: t.selection(),
            pass: Style::default().fg(t.ok),
            fail: Style::default().fg(t.error).add_modifier(Modifier::BOLD),
            warn: Style::default().fg(t.warn).add_modifier(Modifier::BOLD),
            skip: Style::default().fg(t.muted),
            unknown: Style::default().fg(t.info),
            progress_done: Style::default().fg(t.ok),
            progress_todo: Style::default().fg(t.border),
            prod: Style::default()
                .fg(t.accent_prod)
                .add_modifier(Modifier::BOLD),
            error: Style::default().fg(t.error).add_modifier(Modifier::BOLD),
            ascii: app.ascii(),
        }
    }

    /// The text lines as drawn: folded to ASCII when asked for.
    pub(super) fn lines<'a>(&self, lines: Vec<Line<'a>>) -> Vec<Line<'a>> {
        if !self.ascii {
            return lines;
        }
        lines
            .into_iter()
            .map(|line| {
                let spans: Vec<Span<'a>> = line
                    .spans
                    .into_iter()
                    .map(|sp| Span::styled(ascii_fold(&sp.content), sp.style))
                    .collect();
                Line::from(spans).style(line.style)
            })
            .collect()
    }

    pub(super) fn text(&self, s: String) -> String {
        if self.ascii { ascii_fold(&s) } else { s }
    }

    pub(super) fn block(&self) -> Block<'static> {
        let block = Block::default().border_style(self.border);
        if self.ascii {
            block.border_set(ASCII_BORDER)
        } else {
            block
        }
    }

    pub(super) fn outcome(&self, o: Option<Outcome>) -> Style {
        match o {
            Some(Outcome::Pass) => self.pass,
            Some(Outcome::Fail) => self.fail,
            Some(Outcome::Skip) | Some(Outcome::NotApplicable) => self.skip,
            None => self.dim,
        }
    }

    pub(super) fn verdict(&self, v: &Verdict) -> Style {
        match v {
            Verdict::Pass => self.pass,
            Verdict::Warn => self.warn,
            Verdict::Fail => self.fail,
            Verdict::Unknown(_) => self.unknown,
        }
    }

    pub(super) fn env(&self, env: Env) -> Style {
        if env == Env::Prod {
            self.prod
        } else {
            self.text
        }
    }
}

const ASCII_BORDER: ratatui::symbols::border::Set = ratatui::symbols::border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Replaces the symbols these screens and the auto-check evidence use with ASCII; one-column
/// symbols become one ASCII character so columns stay aligned.
fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '✔' | '●' => out.push('+'),
            '✖' => out.push('x'),
            '▲' | '!' => out.push('!'),
            '◌' => out.push('~'),
            '↻' => out.push('@'),
            '■' | '–' | '—' | '─' => out.push('-'),
            '∅' => out.push('/'),
            '·' | '…' | '░' => out.push('.'),
            '█' => out.push('#'),
            '▶' | '▸' => out.push('>'),
            '↑' => out.push('^'),
            '↓' => out.push('v'),
            '▏' | '│' => out.push('|'),
            '┬' => out.push('+'),
            '⏱' => out.push_str("time"),
            '＋' => out.push_str("+ "),
            '→' => out.push_str("->"),
            c => out.push(c),
        }
    }
    out
}
