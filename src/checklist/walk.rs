//! The walkthrough: which item is open, how the list is shown, and every change to the run.
//!
//! UI-agnostic: the TUI maps keys to these calls, draws from the getters, and saves
//! [`Walkthrough::run`] after every call that returns `true` (a change worth persisting).

use chrono::{DateTime, Utc};

use super::auto::{Evidence, Snapshot, evaluate};
use super::model::{Checklist, Item};
use super::run::{ActionResult, ItemRecord, Outcome, Run};
use crate::health::Verdict;
use crate::model::Env;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every item with its mark beside the open item's details.
    List,
    /// The open item alone, full width.
    OneAtATime,
}

/// Everything an operator can do in a walkthrough, for the keymap to bind keys to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkAction {
    Mark(Outcome),
    ClearMark,
    SetNote(String),
    Next,
    Prev,
    NextUnanswered,
    Select(usize),
    ToggleMode,
    /// Scrolls the open item's details by this many lines (negative: up).
    ScrollDetail(i32),
    Finish,
}

#[derive(Debug, Clone)]
pub struct Walkthrough {
    checklist: Checklist,
    run: Run,
    mode: Mode,
    /// When the current item was opened; its time is added to the item on leaving.
    opened_at: DateTime<Utc>,
    /// First line of the details shown; the view clamps it to the content.
    detail_scroll: u16,
}

impl Walkthrough {
    pub fn start(checklist: Checklist, env: Env, operator: &str, now: DateTime<Utc>) -> Self {
        let run = Run::new(&checklist, env, operator, now);
        Walkthrough {
            checklist,
            run,
            mode: Mode::List,
            opened_at: now,
            detail_scroll: 0,
        }
    }

    /// Continues `run` at the item the operator was on. Items the checklist no longer has are
    /// kept (the run owns its text); items it gained are not added to an old run.
    pub fn resume(checklist: Checklist, mut run: Run, now: DateTime<Utc>) -> Self {
        if run.current >= run.items.len() {
            run.current = run.items.len().saturating_sub(1);
        }
        Walkthrough {
            checklist,
            run,
            mode: Mode::List,
            opened_at: now,
            detail_scroll: 0,
        }
    }

    pub fn run(&self) -> &Run {
        &self.run
    }

    /// For the store to give a new run a unique id; the walkthrough owns every other change.
    pub(crate) fn run_mut(&mut self) -> &mut Run {
        &mut self.run
    }

    pub fn into_run(self) -> Run {
        self.run
    }

    pub fn checklist(&self) -> &Checklist {
        &self.checklist
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn toggle_mode(&mut self) {
        self.mode = match self.mode {
            Mode::List => Mode::OneAtATime,
            Mode::OneAtATime => Mode::List,
        };
    }

    pub fn detail_scroll(&self) -> u16 {
        self.detail_scroll
    }

    pub fn scroll_detail(&mut self, by: i32) {
        let to = i32::from(self.detail_scroll).saturating_add(by);
        self.detail_scroll = u16::try_from(to.max(0)).unwrap_or(u16::MAX);
    }

    pub fn current_index(&self) -> usize {
        self.run.current
    }

    pub fn records(&self) -> &[ItemRecord] {
        &self.run.items
    }

    pub fn current_record(&self) -> Option<&ItemRecord> {
        self.run.items.get(self.run.current)
    }

    /// The definition of the current item (guidance, auto-check kind, action), when the
    /// checklist still has it.
    pub fn current_item(&self) -> Option<&Item> {
        self.current_record()
            .and_then(|r| self.checklist.item(&r.id))
    }

    /// Runs the current item's auto-check against `snap` and keeps the evidence; the TUI calls
    /// this when an item is opened and whenever fresh data arrives while it is open.
    /// Returns whether anything changed (save then).
    pub fn run_auto_check(&mut self, snap: &Snapshot) -> bool {
        let Some(kind) = self.current_item().and_then(|i| i.auto) else {
            return false;
        };
        let evidence = evaluate(kind, snap);
        self.set_evidence(evidence)
    }

    /// Records evidence for the current item (an auto-check, or the outcome of its action such as
    /// the DR test's restore). Re-judges an existing override against the new verdict.
    pub fn set_evidence(&mut self, evidence: Evidence) -> bool {
        let Some(rec) = self.run.items.get_mut(self.run.current) else {
            return false;
        };
        let unchanged = rec.evidence.as_ref().is_some_and(|e| {
            e.verdict == evidence.verdict
                && e.lines == evidence.lines
                && e.services == evidence.services
        });
        if unchanged {
            return false;
        }
        rec.overridden = rec
            .outcome
            .is_some_and(|o| o.contradicts(&evidence.verdict));
        rec.evidence = Some(evidence);
        true
    }

    /// Applies `action`; true when the run changed and must be saved.
    pub fn apply(&mut self, action: &WalkAction, now: DateTime<Utc>) -> bool {
        match action {
            WalkAction::Mark(o) => self.mark(*o, now),
            WalkAction::ClearMark => self.clear_mark(now),
            WalkAction::SetNote(n) => self.set_note(n, now),
            WalkAction::Next => self.next(now),
            WalkAction::Prev => self.prev(now),
            WalkAction::NextUnanswered => self.next_unanswered(now),
            WalkAction::Select(i) => self.select(*i, now),
            WalkAction::ToggleMode => {
                self.toggle_mode();
                false
            }
            WalkAction::ScrollDetail(by) => {
                self.scroll_detail(*by);
                false
            }
            WalkAction::Finish => self.finish(now),
        }
    }

    /// Records what the current item's action reported (the DR test's restore outcome).
    pub fn record_action_result(
        &mut self,
        verdict: Verdict,
        lines: Vec<String>,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(id) = self.current_record().map(|r| r.id.clone()) else {
            return false;
        };
        self.record_action_result_on(&id, verdict, lines, now)
    }

    /// Records what item `item_id`'s action reported, wherever the operator is now: a restore
    /// takes minutes, and the walk moves on meanwhile.
    pub fn record_action_result_on(
        &mut self,
        item_id: &str,
        verdict: Verdict,
        lines: Vec<String>,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(rec) = self.run.items.iter_mut().find(|r| r.id == item_id) else {
            return false;
        };
        let Some(action) = rec.action else {
            return false;
        };
        rec.action_result = Some(ActionResult {
            action,
            verdict,
            lines,
            at: now,
        });
        true
    }

    /// Marks the current item. Marking against the auto-check's verdict records an override.
    pub fn mark(&mut self, outcome: Outcome, now: DateTime<Utc>) -> bool {
        self.settle_time(now);
        let Some(rec) = self.run.items.get_mut(self.run.current) else {
            return false;
        };
        rec.overridden = rec
            .evidence
            .as_ref()
            .is_some_and(|e| outcome.contradicts(&e.verdict));
        rec.outcome = Some(outcome);
        rec.marked_at = Some(now);
        true
    }

    /// Removes the current item's mark.
    pub fn clear_mark(&mut self, now: DateTime<Utc>) -> bool {
        self.settle_time(now);
        let Some(rec) = self.run.items.get_mut(self.run.current) else {
            return false;
        };
        let had = rec.outcome.take().is_some();
        rec.overridden = false;
        rec.marked_at = None;
        had
    }

    /// Whether marking `outcome` now would override the auto-check (to ask for a note first).
    pub fn would_override(&self, outcome: Outcome) -> bool {
        self.current_record()
            .and_then(|r| r.evidence.as_ref())
            .is_some_and(|e| outcome.contradicts(&e.verdict))
    }

    pub fn set_note(&mut self, note: &str, now: DateTime<Utc>) -> bool {
        self.settle_time(now);
        let Some(rec) = self.run.items.get_mut(self.run.current) else {
            return false;
        };
        let note = note.trim_end();
        if rec.note == note {
            return false;
        }
        rec.note = note.to_string();
        true
    }

    pub fn next(&mut self, now: DateTime<Utc>) -> bool {
        self.select(self.run.current + 1, now)
    }

    pub fn prev(&mut self, now: DateTime<Utc>) -> bool {
        match self.run.current.checked_sub(1) {
            Some(i) => self.select(i, now),
            None => false,
        }
    }

    /// The first unmarked item after the current one (wrapping), if any.
    pub fn next_unanswered(&mut self, now: DateTime<Utc>) -> bool {
        let n = self.run.items.len();
        let found = (1..=n)
            .map(|k| (self.run.current + k) % n)
            .find(|&i| self.run.items[i].outcome.is_none());
        match found {
            Some(i) => self.select(i, now),
            None => false,
        }
    }

    /// Opens item `index`; out of range is ignored.
    pub fn select(&mut self, index: usize, now: DateTime<Utc>) -> bool {
        if index >= self.run.items.len() || index == self.run.current {
            return false;
        }
        self.settle_time(now);
        self.run.current = index;
        self.detail_scroll = 0;
        true
    }

    /// Charges the time so far to the open item (before a save on exit).
    pub fn settle(&mut self, now: DateTime<Utc>) {
        self.settle_time(now);
    }

    /// Adds the time since the current item was opened to it.
    fn settle_time(&mut self, now: DateTime<Utc>) {
        let secs = (now - self.opened_at).num_seconds().max(0);
        if let Some(rec) = self.run.items.get_mut(self.run.current) {
            rec.seconds_spent += u64::try_from(secs).unwrap_or(0);
        }
        self.opened_at = now;
    }

    /// (answered, total).
    pub fn progress(&self) -> (usize, usize) {
        self.run.progress()
    }

    /// Seconds spent on the run, including the item open now.
    pub fn elapsed_secs(&self, now: DateTime<Utc>) -> u64 {
        let open = u64::try_from((now - self.opened_at).num_seconds().max(0)).unwrap_or(0);
        self.run.seconds_spent() + open
    }

    /// Seconds on the current item, including this visit.
    pub fn current_secs(&self, now: DateTime<Utc>) -> u64 {
        let open = u64::try_from((now - self.opened_at).num_seconds().max(0)).unwrap_or(0);
        self.current_record().map_or(0, |r| r.seconds_spent) + open
    }

    pub fn all_answered(&self) -> bool {
        let (done, total) = self.progress();
        done == total
    }

    /// Closes the run. Unanswered items stay unanswered (the export shows them as such).
    pub fn finish(&mut self, now: DateTime<Utc>) -> bool {
        if self.run.finished_at.is_some() {
            return false;
        }
        self.settle_time(now);
        self.run.finished_at = Some(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::model::shipped;
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap()
    }

    fn daily() -> Checklist {
        shipped().unwrap().remove(0)
    }

    #[test]
    fn marking_against_a_failed_check_is_an_override() {
        let mut w = Walkthrough::start(daily(), Env::Prod, "kim", t0());
        let snap = Snapshot {
            services: Some(vec![]),
            now: t0(),
            ..Snapshot::default()
        };
        assert!(w.run_auto_check(&snap));
        assert_eq!(
            w.current_record()
                .unwrap()
                .evidence
                .as_ref()
                .unwrap()
                .verdict,
            Verdict::Fail
        );
        assert!(w.would_override(Outcome::Pass));
        w.mark(Outcome::Pass, t0());
        assert!(w.current_record().unwrap().overridden);
        w.mark(Outcome::Fail, t0());
        assert!(!w.current_record().unwrap().overridden);
    }

    #[test]
    fn time_is_charged_to_the_open_item() {
        let mut w = Walkthrough::start(daily(), Env::Dev, "kim", t0());
        w.next(t0() + Duration::seconds(30));
        w.mark(Outcome::Skip, t0() + Duration::seconds(50));
        assert_eq!(w.records()[0].seconds_spent, 30);
        assert_eq!(w.records()[1].seconds_spent, 20);
        assert_eq!(w.elapsed_secs(t0() + Duration::seconds(55)), 55);
        assert_eq!(w.progress(), (1, 5));
    }

    #[test]
    fn navigation_stays_in_bounds() {
        let mut w = Walkthrough::start(daily(), Env::Dev, "kim", t0());
        assert!(!w.prev(t0()));
        for _ in 0..10 {
            w.next(t0());
        }
        assert_eq!(w.current_index(), 4);
        w.mark(Outcome::Pass, t0());
        assert!(w.next_unanswered(t0()));
        assert_eq!(w.current_index(), 0);
    }
}
