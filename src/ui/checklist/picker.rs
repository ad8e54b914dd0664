//! The picker: which checklist, on which environment, and the run that would be resumed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{ChecklistStyles, too_small};
use crate::checklist::picker::{Picker, PickerFocus};
use crate::format::text::fit;
use crate::model::Env;

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
