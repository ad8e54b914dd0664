//! The Logs pane's buffer: bounded, searchable, following or scrolled.

use std::collections::VecDeque;

/// A bounded log buffer for the Logs pane.
#[derive(Debug, Clone, Default)]
pub struct LogView {
    pub service: String,
    pub lines: VecDeque<String>,
    pub follow: bool,
    pub wrap: bool,
    pub search: Option<String>,
    /// Index of the first visible line when not following.
    pub scroll: usize,
    /// Index into the matching lines of the current search.
    pub match_cursor: usize,
}

/// Most lines kept per log view: a day of chatty logs must not grow memory without bound.
pub const LOG_LINES_CAP: usize = 5_000;

impl LogView {
    /// Replaces the buffer with the newest tail, keeping at most [`LOG_LINES_CAP`] lines.
    pub fn set_content(&mut self, content: &str) {
        self.lines.clear();
        for line in content.lines() {
            if self.lines.len() == LOG_LINES_CAP {
                self.lines.pop_front();
            }
            self.lines.push_back(line.to_string());
        }
    }

    pub fn matches(&self) -> Vec<usize> {
        match &self.search {
            Some(q) if !q.is_empty() => {
                let q = q.to_ascii_lowercase();
                self.lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.to_ascii_lowercase().contains(&q))
                    .map(|(i, _)| i)
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}
