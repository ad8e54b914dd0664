//! A run of a checklist: who walked it, where, when, and what they found for each item.
//!
//! A run is self-contained (it copies each item's text) so its history and exports stay right
//! after the checklist file changes or disappears.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::auto::Evidence;
use super::model::{Checklist, ItemAction};
use crate::health::Verdict;
use crate::model::Env;

/// Version of the run file format, bumped on incompatible changes.
pub const RUN_FORMAT: u32 = 1;

/// The operator's mark for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
    NotApplicable,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::Skip,
        Outcome::NotApplicable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skip => "skip",
            Outcome::NotApplicable => "n/a",
        }
    }

    /// A symbol that carries the mark without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Outcome::Pass => "✔",
            Outcome::Fail => "✖",
            Outcome::Skip => "–",
            Outcome::NotApplicable => "∅",
        }
    }

    /// Whether marking `self` goes against what the auto-check found.
    pub fn contradicts(self, verdict: &Verdict) -> bool {
        matches!(
            (self, verdict),
            (Outcome::Pass, Verdict::Fail) | (Outcome::Fail, Verdict::Pass)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    pub id: String,
    pub ko: String,
    pub en: String,
    #[serde(default)]
    pub action: Option<ItemAction>,
    pub outcome: Option<Outcome>,
    /// The latest auto-check (or action result) shown to the operator for this item.
    pub evidence: Option<Evidence>,
    pub note: String,
    /// What the item's action (the DR test's restore) reported, recorded by the TUI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_result: Option<ActionResult>,
    /// The operator's mark contradicts the auto-check's verdict.
    pub overridden: bool,
    pub marked_at: Option<DateTime<Utc>>,
    /// Seconds the item was open in the walkthrough, summed over visits.
    pub seconds_spent: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub format: u32,
    pub id: String,
    pub checklist: String,
    pub title: String,
    pub title_en: String,
    pub env: Env,
    pub operator: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Item the operator was on, so a resume lands where they left.
    #[serde(default)]
    pub current: usize,
    pub items: Vec<ItemRecord>,
}

impl Run {
    pub fn new(checklist: &Checklist, env: Env, operator: &str, now: DateTime<Utc>) -> Run {
        Run {
            format: RUN_FORMAT,
            id: run_id(&checklist.name, env, now),
            checklist: checklist.name.clone(),
            title: checklist.title.clone(),
            title_en: checklist.title_en.clone(),
            env,
            operator: operator.to_string(),
            started_at: now,
            finished_at: None,
            current: 0,
            items: checklist
                .items
                .iter()
                .map(|i| ItemRecord {
                    id: i.id.clone(),
                    ko: i.ko.clone(),
                    en: i.en.clone(),
                    action: i.action,
                    outcome: None,
                    evidence: None,
                    action_result: None,
                    note: String::new(),
                    overridden: false,
                    marked_at: None,
                    seconds_spent: 0,
                })
                .collect(),
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    /// (answered, total).
    pub fn progress(&self) -> (usize, usize) {
        let done = self.items.iter().filter(|i| i.outcome.is_some()).count();
        (done, self.items.len())
    }

    pub fn seconds_spent(&self) -> u64 {
        self.items.iter().map(|i| i.seconds_spent).sum()
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.items
            .iter()
            .filter(|i| i.outcome == Some(outcome))
            .count()
    }

    pub fn overrides(&self) -> usize {
        self.items.iter().filter(|i| i.overridden).count()
    }
}

/// The outcome of an item's action, e.g. the scratch restore of the monthly DR test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionResult {
    pub action: ItemAction,
    /// Whether the action did what the item needs (a restore that completed → Pass).
    pub verdict: Verdict,
    /// Facts worth keeping: target name, restore point, duration, final state.
    pub lines: Vec<String>,
    pub at: DateTime<Utc>,
}

/// `daily-prod-20261127T104100Z`: sorts by checklist and time, safe in a file name.
pub fn run_id(checklist: &str, env: Env, at: DateTime<Utc>) -> String {
    format!("{checklist}-{env}-{}", at.format("%Y%m%dT%H%M%SZ"))
}

/// Who is at the keyboard, for the run record (`$EDUOPS_OPERATOR`, else the login name).
pub fn current_operator() -> String {
    ["EDUOPS_OPERATOR", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}
