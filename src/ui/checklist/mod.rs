//! The checklist screens: the picker, the walkthrough (item list and detail) and the past
//! runs. They read the checklist state the app holds and draw it; nothing here changes it.
//!
//! State is carried by word and symbol (`✔ pass`, `✖ fail`, `– skip`, `∅ n/a`), colours only
//! add to it. Widths are measured in terminal columns (Korean syllables take two).

mod detail;
mod history;
mod picker;
mod styles;
mod walkthrough;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::App;
use crate::checklist::run::Outcome;

pub use history::draw_history;
pub use picker::draw_picker;
pub use styles::ChecklistStyles;
pub use walkthrough::draw_walkthrough;

/// Draws whichever checklist screen is open: the walkthrough, the past runs, or the picker.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let styles = ChecklistStyles::of_app(app);
    if let Some(walk) = &app.checklist().walk {
        draw_walkthrough(
            frame,
            area,
            walk,
            app.now(),
            app.checklist().note.as_deref(),
            &styles,
        );
    } else if app.checklist().past_open {
        draw_history(frame, area, &app.checklist().past, app.tz(), &styles);
    } else if let Some(picker) = &app.checklist().picker {
        draw_picker(frame, area, picker, &styles);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

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
