//! A walkthrough bound to its run file: every change is saved before the call returns.
//!
//! This is the seam the TUI uses, so no key handler can forget to persist an answer.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::auto::{Snapshot, Verdict};
use super::model::Checklist;
use super::run::Run;
use super::store::{RunStore, StoreError};
use super::walk::{WalkAction, Walkthrough};
use crate::model::Env;

#[derive(Debug)]
pub struct Session {
    walk: Walkthrough,
    store: RunStore,
    path: PathBuf,
}

impl Session {
    /// Starts a new run and writes its file at once (so even an untouched run can be resumed).
    pub fn start(
        store: RunStore,
        checklist: Checklist,
        env: Env,
        operator: &str,
        now: DateTime<Utc>,
    ) -> Result<Session, StoreError> {
        let mut walk = Walkthrough::start(checklist, env, operator, now);
        let path = store.create_walk(&mut walk)?;
        Ok(Session { walk, store, path })
    }

    /// Continues an unfinished run, from the item the operator was on.
    pub fn resume(store: RunStore, checklist: Checklist, run: Run, now: DateTime<Utc>) -> Session {
        let path = store.path_of(&run.id);
        Session {
            walk: Walkthrough::resume(checklist, run, now),
            store,
            path,
        }
    }

    pub fn walk(&self) -> &Walkthrough {
        &self.walk
    }

    /// The run file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Applies `action`, saving when it changed the run. On a save error the change stays in
    /// memory (the operator keeps working) and the next successful save writes it.
    pub fn apply(&mut self, action: &WalkAction, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let changed = self.walk.apply(action, now);
        self.save_if(changed)
    }

    /// Runs the open item's auto-check and saves its evidence when it changed.
    pub fn auto_check(&mut self, snap: &Snapshot) -> Result<bool, StoreError> {
        let changed = self.walk.run_auto_check(snap);
        self.save_if(changed)
    }

    /// Records the open item's action outcome (the DR test's restore) and saves it.
    pub fn record_action_result(
        &mut self,
        verdict: Verdict,
        lines: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let changed = self.walk.record_action_result(verdict, lines, now);
        self.save_if(changed)
    }

    /// Writes the run now, e.g. on SIGHUP/SIGTERM to keep the time spent on the open item.
    pub fn flush(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.walk.settle(now);
        self.store.save(self.walk.run()).map(|_| ())
    }

    fn save_if(&self, changed: bool) -> Result<bool, StoreError> {
        if changed {
            self.store.save(self.walk.run())?;
        }
        Ok(changed)
    }
}
