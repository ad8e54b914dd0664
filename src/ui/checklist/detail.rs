//! The open item's detail: what to look at, the auto-check's evidence, the operator's mark
//! and note, scrolled with what is hidden counted.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{ChecklistStyles, mark_text};
use crate::checklist::walk::Walkthrough;
use crate::format::text::wrap;

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
        let parts = wrap(
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

pub(super) fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    walk: &Walkthrough,
    note_draft: Option<&str>,
    styles: &ChecklistStyles,
) {
    let inner = area.inner(Margin {
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
