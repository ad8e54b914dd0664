//! The past runs the checklist picker lists (`H`): newest first, the unfinished ones to
//! resume, the finished ones to name in `eduops checklist export` for a hand-off.

use chrono::{DateTime, Utc};

use super::run::{Outcome, Run};
use crate::model::Env;

/// One past run, as a row of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    pub id: String,
    pub checklist: String,
    pub title: String,
    pub env: Env,
    pub operator: String,
    pub started_at: DateTime<Utc>,
    pub finished: bool,
    pub answered: usize,
    pub total: usize,
    pub failed: usize,
    pub overrides: usize,
    pub seconds_spent: u64,
}

impl RunRow {
    pub fn of(run: &Run) -> RunRow {
        let (answered, total) = run.progress();
        RunRow {
            id: run.id.clone(),
            checklist: run.checklist.clone(),
            title: run.title.clone(),
            env: run.env,
            operator: run.operator.clone(),
            started_at: run.started_at,
            finished: run.is_finished(),
            answered,
            total,
            failed: run.count(Outcome::Fail),
            overrides: run.overrides(),
            seconds_spent: run.seconds_spent(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    /// Newest first, as [`super::store::RunStore::list`] gives them.
    pub rows: Vec<RunRow>,
    pub selected: usize,
    /// Run files that could not be read, shown so they are not silently missing.
    pub errors: Vec<String>,
}

impl History {
    /// `runs` newest first; `errors` are the run files that could not be read.
    pub fn new(runs: &[Run], errors: Vec<String>) -> History {
        History {
            rows: runs.iter().map(RunRow::of).collect(),
            selected: 0,
            errors,
        }
    }

    pub fn next(&mut self) {
        if !self.rows.is_empty() {
            self.selected = (self.selected + 1).min(self.rows.len() - 1);
        }
    }

    pub fn prev(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn selected(&self) -> Option<&RunRow> {
        self.rows.get(self.selected)
    }
}
