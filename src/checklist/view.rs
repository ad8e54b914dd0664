//! Drawing of the checklist picker and the walkthrough. Pure: reads state, writes a frame.
//!
//! State is carried by word and symbol (`✔ pass`, `✖ fail`, `– skip`, `∅ n/a`), colours only
//! add to it. Widths are measured in terminal columns (Korean syllables take two).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::auto::Verdict;
use super::history::History;
use super::picker::{Picker, PickerFocus};
use super::run::{Outcome, format_duration};
use super::walk::{Mode, Walkthrough};
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
    /// The text lines as drawn: folded to ASCII when asked for.
    fn lines<'a>(&self, lines: Vec<Line<'a>>) -> Vec<Line<'a>> {
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

    fn text(&self, s: String) -> String {
        if self.ascii { ascii_fold(&s) } else { s }
    }

    fn block(&self) -> Block<'static> {
        let block = Block::default().border_style(self.border);
        if self.ascii {
            block.border_set(ASCII_BORDER)
        } else {
            block
        }
    }

    fn outcome(&self, o: Option<Outcome>) -> Style {
        match o {
            Some(Outcome::Pass) => self.pass,
            Some(Outcome::Fail) => self.fail,
            Some(Outcome::Skip) | Some(Outcome::NotApplicable) => self.skip,
            None => self.dim,
        }
    }

    fn verdict(&self, v: &Verdict) -> Style {
        match v {
            Verdict::Pass => self.pass,
            Verdict::Warn => self.warn,
            Verdict::Fail => self.fail,
            Verdict::Unknown(_) => self.unknown,
        }
    }

    fn env(&self, env: Env) -> Style {
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
pub fn ascii_fold(s: &str) -> String {
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

/// The mark column of the item list; every variant is 6 columns wide.
pub fn mark_text(o: Option<Outcome>) -> &'static str {
    match o {
        Some(Outcome::Pass) => "✔ pass",
        Some(Outcome::Fail) => "✖ fail",
        Some(Outcome::Skip) => "– skip",
        Some(Outcome::NotApplicable) => "∅ n/a ",
        None => "· todo",
    }
}

/// Cuts `s` to at most `width` terminal columns, ending in `…` when cut, and pads it with
/// spaces to exactly `width` (a wide character never straddles the edge).
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return format!("{s}{}", " ".repeat(width - s.width()));
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    let kept = out.trim_end().len();
    used -= out[kept..].width();
    out.truncate(kept);
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width - used));
    out
}

/// Smallest area the screens are laid out for; below it a message replaces them.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

fn too_small(frame: &mut Frame, area: Rect, styles: &ChecklistStyles) -> bool {
    if area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT {
        return false;
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(format!(
            "Window too small for the checklist: need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        ))
        .style(styles.error)
        .wrap(Wrap { trim: true }),
        area,
    );
    true
}

/// Draws the picker: checklists, environment, and the run that would be resumed.
pub fn draw_picker(frame: &mut Frame, area: Rect, picker: &Picker, styles: &ChecklistStyles) {
    if too_small(frame, area, styles) {
        return;
    }
    frame.render_widget(Clear, area);
    let block = styles.block().borders(Borders::ALL).title(Span::styled(
        styles.text(" 체크리스트 선택 · Choose a checklist ".to_string()),
        styles.title,
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);

    let mut lines = Vec::new();
    let focus_label = |f: PickerFocus, text: &'static str| {
        if picker.focus == f {
            Span::styled(format!("▸ {text}"), styles.label)
        } else {
            Span::styled(format!("  {text}"), styles.dim)
        }
    };
    lines.push(Line::from(focus_label(PickerFocus::Checklist, "Checklist")));
    let name_w = picker
        .entries
        .iter()
        .map(|e| e.name.width())
        .max()
        .unwrap_or(0)
        .clamp(6, 16);
    for (i, e) in picker.entries.iter().enumerate() {
        let current = i == picker.selected;
        let pointer = if current { "▶ " } else { "  " };
        let count = format!(
            "{} items, {} auto{}",
            e.items,
            e.auto_checked,
            if e.user_file { ", user" } else { "" }
        );
        let head = format!("{pointer}{} ", fit(&e.name, name_w));
        let title_w = width.saturating_sub(head.width() + count.width() + 2);
        let title = fit(&format!("{} · {}", e.title, e.title_en), title_w);
        let style = if current && picker.focus == PickerFocus::Checklist {
            styles.selected
        } else {
            styles.text
        };
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(title, style),
            Span::styled(format!("  {count}"), styles.dim),
        ]));
    }
    if picker.entries.is_empty() {
        lines.push(Line::styled("  no checklists found", styles.error));
    }
    lines.push(Line::default());
    let mut env_line = vec![focus_label(PickerFocus::Env, "Environment  ")];
    for env in Env::ALL {
        let chosen = env == picker.env;
        let text = if chosen {
            format!("[{env}]")
        } else {
            format!(" {env} ")
        };
        let mut style = styles.env(env);
        if chosen && picker.focus == PickerFocus::Env {
            style = style.patch(styles.selected);
        } else if !chosen {
            style = style.patch(styles.dim);
        }
        env_line.push(Span::styled(text, style));
        env_line.push(Span::raw(" "));
    }
    lines.push(Line::from(env_line));
    lines.push(Line::default());
    match (picker.selected_entry(), picker.resumable()) {
        (Some(_), Some(r)) => {
            lines.push(Line::from(vec![
                Span::styled("↻ resume ", styles.label),
                Span::styled(
                    format!("{} ({}/{} answered)", r.id, r.answered, r.total),
                    styles.text,
                ),
            ]));
        }
        (Some(e), None) => {
            lines.push(Line::from(vec![
                Span::styled("＋ new run ", styles.label),
                Span::styled(format!("{} on ", e.name), styles.text),
                Span::styled(picker.env.as_str(), styles.env(picker.env)),
            ]));
        }
        (None, _) => {}
    }
    let others: Vec<_> = picker
        .unfinished
        .iter()
        .filter(|r| Some(r) != picker.resumable().as_ref())
        .collect();
    if !others.is_empty() {
        lines.push(Line::styled(
            format!("  also unfinished: {}", others.len()),
            styles.dim,
        ));
        for r in others {
            lines.push(Line::styled(
                format!("    {} ({}/{})", r.id, r.answered, r.total),
                styles.dim,
            ));
        }
    }
    for e in &picker.errors {
        lines.push(Line::styled(format!("✖ {e}"), styles.error));
    }
    frame.render_widget(
        Paragraph::new(styles.lines(lines)).wrap(Wrap { trim: false }),
        inner,
    );
}

/// Draws the list of past runs, newest first, with the selected one highlighted.
pub fn draw_history(frame: &mut Frame, area: Rect, history: &History, styles: &ChecklistStyles) {
    if too_small(frame, area, styles) {
        return;
    }
    frame.render_widget(Clear, area);
    let block = styles.block().borders(Borders::ALL).title(Span::styled(
        styles.text(" 지난 실행 · Past runs ".to_string()),
        styles.title,
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let mut lines = Vec::new();
    if history.rows.is_empty() {
        lines.push(Line::styled("No checklist runs yet.", styles.dim));
    }
    // Keep the selected row in view.
    let room = height.saturating_sub(history.errors.len()).max(1);
    let offset = history.selected.saturating_sub(room - 1);
    for (i, r) in history.rows.iter().enumerate().skip(offset).take(room) {
        let current = i == history.selected;
        let state = if r.finished { "✔ done" } else { "… open" };
        let when = r.started_at.format("%m-%d %H:%M").to_string();
        let fails = if r.failed > 0 {
            format!("✖{}", r.failed)
        } else {
            String::new()
        };
        let head = format!(
            "{} {when} {:<8} {:<7} {state} {:>2}/{:<2} {:<3} {:>8} ",
            if current { "▶" } else { " " },
            fit(&r.checklist, 8),
            r.env.as_str(),
            r.answered,
            r.total,
            fails,
            format_duration(r.seconds_spent),
        );
        let rest = width.saturating_sub(head.width());
        let tail = fit(&format!("{} · {}", r.operator, r.title), rest);
        let style = if current {
            styles.selected
        } else if r.finished {
            styles.text
        } else {
            styles.label
        };
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(tail, style),
        ]));
    }
    for e in &history.errors {
        lines.push(Line::styled(format!("✖ {e}"), styles.error));
    }
    frame.render_widget(Paragraph::new(styles.lines(lines)), inner);
}

/// Draws the walkthrough. `now` drives the time shown; `note_draft` is the note being edited,
/// when the TUI has a note editor open.
pub fn draw_walkthrough(
    frame: &mut Frame,
    area: Rect,
    walk: &Walkthrough,
    now: DateTime<Utc>,
    note_draft: Option<&str>,
    styles: &ChecklistStyles,
) {
    if too_small(frame, area, styles) {
        return;
    }
    frame.render_widget(Clear, area);
    let run = walk.run();
    let title = Line::from(vec![
        Span::styled(
            styles.text(format!(" {} · {} ", run.title, run.title_en)),
            styles.title,
        ),
        Span::styled(format!(" {} ", run.env), styles.env(run.env)),
        Span::styled(format!(" {} ", run.operator), styles.dim),
    ]);
    let block = styles.block().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [progress_area, rule_area, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    draw_progress(frame, progress_area, walk, now, styles);
    let rule_w = usize::from(rule_area.width);
    match walk.mode() {
        Mode::List => {
            let list_w = (body.width * 2 / 5).clamp(30, 52);
            let [list_area, detail_area] =
                Layout::horizontal([Constraint::Length(list_w), Constraint::Min(1)]).areas(body);
            let left = usize::from(list_w).saturating_sub(1);
            let rule = format!(
                "{}┬{}",
                "─".repeat(left),
                "─".repeat(rule_w.saturating_sub(left + 1))
            );
            frame.render_widget(
                Paragraph::new(styles.text(rule)).style(styles.border),
                rule_area,
            );
            draw_item_list(frame, list_area, walk, styles);
            draw_detail(frame, detail_area, walk, note_draft, styles);
        }
        Mode::OneAtATime => {
            frame.render_widget(
                Paragraph::new(styles.text("─".repeat(rule_w))).style(styles.border),
                rule_area,
            );
            draw_detail(frame, body, walk, note_draft, styles);
        }
    }
}

fn draw_progress(
    frame: &mut Frame,
    area: Rect,
    walk: &Walkthrough,
    now: DateTime<Utc>,
    styles: &ChecklistStyles,
) {
    let (done, total) = walk.progress();
    let run = walk.run();
    let status = if run.is_finished() {
        "finished"
    } else {
        "in progress"
    };
    let counts = format!(
        " {done}/{total} answered  ⏱ {} (this item {})  {status}",
        format_duration(walk.elapsed_secs(now)),
        format_duration(walk.current_secs(now)),
    );
    let bar_w = usize::from(area.width)
        .saturating_sub(counts.width() + 2)
        .clamp(5, 40);
    let filled = (bar_w * done).checked_div(total).unwrap_or(0);
    let tally: Vec<String> = Outcome::ALL
        .iter()
        .map(|o| format!("{} {} {}", o.symbol(), run.count(*o), o.label()))
        .collect();
    let overrides = match run.overrides() {
        0 => String::new(),
        n => format!("   ! {n} override{}", if n == 1 { "" } else { "s" }),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("█".repeat(filled), styles.progress_done),
            Span::styled("░".repeat(bar_w - filled), styles.progress_todo),
            Span::styled(counts, styles.text),
        ]),
        Line::from(vec![
            Span::styled(tally.join("   "), styles.dim),
            Span::styled(overrides, styles.warn),
        ]),
    ];
    frame.render_widget(Paragraph::new(styles.lines(lines)), area);
}

fn draw_item_list(frame: &mut Frame, area: Rect, walk: &Walkthrough, styles: &ChecklistStyles) {
    let block = styles.block().borders(Borders::RIGHT);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let current = walk.current_index();
    // Keep the open item visible when the list is longer than the pane.
    let offset = current.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = walk
        .records()
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, rec)| {
            let pointer = if i == current { "▶" } else { " " };
            let flag = if rec.overridden { "!" } else { " " };
            let head = format!("{pointer}{:>2} ", i + 1);
            let mark = mark_text(rec.outcome);
            let text_w = width.saturating_sub(head.width() + mark.width() + 2);
            let row_style = if i == current {
                styles.selected
            } else {
                styles.text
            };
            Line::from(vec![
                Span::styled(head, row_style),
                Span::styled(mark, styles.outcome(rec.outcome).patch(row_style)),
                Span::styled(flag, styles.warn.patch(row_style)),
                Span::styled(format!(" {}", fit(&rec.ko, text_w)), row_style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(styles.lines(lines)), inner);
}

/// Splits `text` into lines of at most `first` columns, then `rest` columns, breaking at
/// spaces where it can and inside a word (Korean runs, long ids) where it must.
pub fn wrap_text(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let limit = |n: usize| if n == 0 { first } else { rest }.max(1);
    for word in text.split(' ') {
        let w = word.width();
        let sep = usize::from(!cur.is_empty());
        if cur.width() + sep + w <= limit(lines.len()) {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        for c in word.chars() {
            if cur.width() + c.width().unwrap_or(0) > limit(lines.len()) && !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Lines of the detail pane, wrapped to `width` with hanging indents under their labels.
struct DetailLines {
    width: usize,
    lines: Vec<Line<'static>>,
}

impl DetailLines {
    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// `label` then `text`; continuation lines start under the text.
    fn labelled(&mut self, label: &str, label_style: Style, text: &str, style: Style) {
        let indent = label.width();
        let parts = wrap_text(
            text,
            self.width.saturating_sub(indent),
            self.width.saturating_sub(indent),
        );
        for (i, part) in parts.into_iter().enumerate() {
            let head = if i == 0 {
                Span::styled(label.to_string(), label_style)
            } else {
                Span::raw(" ".repeat(indent))
            };
            self.lines
                .push(Line::from(vec![head, Span::styled(part, style)]));
        }
    }

    fn text(&mut self, text: &str, style: Style) {
        self.labelled("", style, text, style);
    }

    fn spans(&mut self, spans: Vec<Span<'static>>) {
        self.lines.push(Line::from(spans));
    }
}

fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    walk: &Walkthrough,
    note_draft: Option<&str>,
    styles: &ChecklistStyles,
) {
    let inner = area.inner(ratatui::layout::Margin {
        horizontal: 1,
        vertical: 0,
    });
    let Some(rec) = walk.current_record() else {
        frame.render_widget(Paragraph::new("This checklist has no items."), inner);
        return;
    };
    let (_, total) = walk.progress();
    let item = walk.current_item();
    let mut d = DetailLines {
        width: usize::from(inner.width),
        lines: Vec::new(),
    };
    let mut head = format!("Item {} of {total}", walk.current_index() + 1);
    if let Some(kind) = item.and_then(|i| i.auto) {
        head.push_str(&format!(" · auto-check: {}", kind.as_str()));
    }
    d.text(&head, styles.dim);
    d.text(&rec.ko, styles.title);
    d.text(&rec.en, styles.text);
    match (&rec.evidence, item.and_then(|i| i.auto)) {
        (Some(e), _) => d.spans(vec![
            Span::styled("Auto    ", styles.label),
            Span::styled(
                format!("{} {}", e.verdict.symbol(), e.verdict.label()),
                styles.verdict(&e.verdict),
            ),
            Span::styled(
                format!("  checked {}", e.checked_at.format("%H:%M:%S UTC")),
                styles.dim,
            ),
        ]),
        (None, Some(_)) => d.spans(vec![
            Span::styled("Auto    ", styles.label),
            Span::styled("? waiting for data…", styles.dim),
        ]),
        (None, None) => {}
    }
    let mut mark = vec![
        Span::styled("Marked  ", styles.label),
        Span::styled(
            mark_text(rec.outcome).trim_end(),
            styles.outcome(rec.outcome),
        ),
    ];
    if rec.overridden {
        mark.push(Span::styled(
            "  ! override: contradicts the auto-check",
            styles.warn,
        ));
    }
    d.spans(mark);
    match note_draft {
        Some(draft) => d.labelled(
            "Note    ",
            styles.label,
            &format!("{draft}▏ (editing)"),
            styles.text,
        ),
        None if !rec.note.is_empty() => {
            d.labelled("Note    ", styles.label, &rec.note, styles.text)
        }
        None => {}
    }
    d.blank();
    if let Some(item) = item {
        d.labelled("Look at ", styles.label, &item.look, styles.text);
        d.labelled("Good    ", styles.label, &item.good, styles.text);
        d.labelled("If not  ", styles.label, &item.if_not, styles.text);
    } else {
        d.text(
            "(this item is no longer in the checklist file; its guidance is gone)",
            styles.dim,
        );
    }
    if let Some(action) = rec.action {
        d.labelled(
            "Action  ",
            styles.label,
            &format!("opens the restore form ({})", action.as_str()),
            styles.text,
        );
    }
    if let Some(a) = &rec.action_result {
        d.blank();
        d.spans(vec![
            Span::styled("Result  ", styles.label),
            Span::styled(
                format!("{} {}", a.verdict.symbol(), a.verdict.label()),
                styles.verdict(&a.verdict),
            ),
            Span::styled(format!("  {}", a.at.format("%H:%M:%S UTC")), styles.dim),
        ]);
        for l in &a.lines {
            d.labelled("  ", styles.text, l, styles.text);
        }
    }
    if let Some(e) = &rec.evidence {
        d.blank();
        d.text("Evidence", styles.label);
        for l in &e.lines {
            d.labelled("  ", styles.text, l, styles.text);
        }
    }
    let height = usize::from(inner.height);
    let lines = d.lines;
    // When scrolled, the first row says how much is above; what does not fit below is
    // counted, so nothing is silently cut off.
    let scroll = if lines.len() <= height {
        0
    } else {
        usize::from(walk.detail_scroll()).min(lines.len() + 1 - height)
    };
    let mut shown: Vec<Line> = Vec::with_capacity(height);
    if scroll > 0 {
        shown.push(Line::styled(
            format!(
                "↑ {scroll} line{} above",
                if scroll == 1 { "" } else { "s" }
            ),
            styles.dim,
        ));
    }
    let room = height.saturating_sub(shown.len());
    let rest = lines.len() - scroll;
    if rest > room && room > 0 {
        shown.extend(lines.into_iter().skip(scroll).take(room - 1));
        let hidden = rest - (room - 1);
        shown.push(Line::styled(
            format!("↓ {hidden} more line{}", if hidden == 1 { "" } else { "s" }),
            styles.dim,
        ));
    } else {
        shown.extend(lines.into_iter().skip(scroll));
    }
    frame.render_widget(Paragraph::new(styles.lines(shown)), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_measures_columns_not_chars() {
        assert_eq!(fit("헬스", 6), "헬스  ");
        assert_eq!(fit("시스템 헬스 체크", 8), "시스템… ");
        assert_eq!(fit("시스템 헬스 체크", 8).width(), 8);
        // A wide character that would straddle the edge is dropped, not split.
        assert_eq!(fit("가나다", 4), "가… ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_korean_runs() {
        assert_eq!(wrap_text("a bb ccc", 4, 4), ["a bb", "ccc"]);
        assert_eq!(
            wrap_text("시스템 헬스 체크 실행", 10, 6),
            ["시스템", "헬스", "체크", "실행"]
        );
        assert_eq!(
            wrap_text("재해복구테스트", 6, 4),
            ["재해복", "구테", "스트"]
        );
        for line in wrap_text("백업 상태 점검 — Check the backup status today", 9, 9) {
            assert!(line.width() <= 9, "{line:?}");
        }
        assert_eq!(wrap_text("", 5, 5), [""]);
    }

    #[test]
    fn marks_share_one_width() {
        let widths: Vec<usize> = [None]
            .into_iter()
            .chain(Outcome::ALL.map(Some))
            .map(|o| mark_text(o).width())
            .collect();
        assert!(widths.iter().all(|w| *w == 6), "{widths:?}");
    }
}
