//! The checklists inside the dashboard: the picker (`c`), the past runs (`H` in the picker),
//! the walkthrough, the note editor, auto-check evidence and the resume offer. State only;
//! saving a run and gathering evidence are effects the runtime carries out (`Effect::SaveRun`,
//! `Effect::GatherEvidence`).

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Overlay, Pane, ToastLevel};
use crate::action::Action;
use crate::checklist::auto::Snapshot;
use crate::checklist::history::History;
use crate::checklist::model::{Catalog, Checklist, ItemAction};
use crate::checklist::picker::{Picker, PickerFocus};
use crate::checklist::run::{Outcome, Run};
use crate::checklist::walk::{WalkAction, Walkthrough};
use crate::config::{Context, KeyChord};
use crate::model::Env;
use crate::mutation::{ChecklistItemRef, MutationRequest};

/// Evidence younger than this is reused when moving between auto-checked items.
const EVIDENCE_FRESH_SECS: i64 = 120;

#[derive(Debug, Default)]
pub struct ChecklistState {
    pub catalog: Option<Catalog>,
    pub picker: Option<Picker>,
    pub walk: Option<Walkthrough>,
    /// The note being typed, while the editor is open.
    pub note: Option<String>,
    /// Unfinished runs found at start or when the picker opened.
    pub unfinished: Vec<Run>,
    /// Every run found when the picker opened, newest first.
    pub past: History,
    /// The past runs are listed over the picker.
    pub past_open: bool,
    /// The last save's problem, shown until a save succeeds.
    pub save_error: Option<String>,
    pub evidence: Option<(DateTime<Utc>, Env, Snapshot)>,
    pub gathering: bool,
}

impl ChecklistState {
    pub fn is_open(&self) -> bool {
        self.picker.is_some() || self.walk.is_some()
    }
}

impl App {
    /// The catalog and unfinished runs arrived (the runtime read them from disk).
    pub fn on_checklists_loaded(
        &mut self,
        catalog: Catalog,
        runs: Vec<Run>,
        run_errors: Vec<String>,
        open_picker: bool,
    ) -> Vec<Effect> {
        for e in &catalog.errors {
            self.toast(ToastLevel::Error, e.to_string());
        }
        self.checklist.past = History::new(&runs, run_errors);
        self.checklist.past_open = false;
        let unfinished: Vec<Run> = runs.into_iter().filter(|r| !r.is_finished()).collect();
        if open_picker {
            self.checklist.picker = Some(Picker::new(&catalog, self.env, &unfinished));
        } else if let Some(run) = unfinished.first() {
            let (answered, total) = run.progress();
            self.overlay = Some(Overlay::ResumeOffer {
                run_id: run.id.clone(),
                text: format!(
                    "An unfinished checklist run was found: {} ({}) in {}, {answered} of {total} answered, started {}.\n\nEnter resumes it · Esc later (c opens the checklists any time)",
                    run.title,
                    run.title_en,
                    run.env,
                    crate::format::local_time(run.started_at, self.tz, "%Y-%m-%d %H:%M")
                ),
            });
        }
        self.checklist.catalog = Some(catalog);
        self.checklist.unfinished = unfinished;
        self.dirty = true;
        Vec::new()
    }

    /// Opens a walkthrough: a new run, or an unfinished one continued.
    pub fn open_walk(
        &mut self,
        checklist: Checklist,
        env: Env,
        resume: Option<Run>,
    ) -> Vec<Effect> {
        let (walk, create) = match resume {
            Some(run) => (Walkthrough::resume(checklist, run, self.now), false),
            None => {
                let operator = self.operator.clone();
                (
                    Walkthrough::start(checklist, env, &operator, self.now),
                    true,
                )
            }
        };
        if walk.run().env != self.env {
            // Auto-checks judge the environment the run is for.
            let mut effects = self.switch_env(walk.run().env);
            effects.extend(self.install_walk(walk, create));
            return effects;
        }
        self.install_walk(walk, create)
    }

    fn install_walk(&mut self, walk: Walkthrough, create: bool) -> Vec<Effect> {
        let run = Box::new(walk.run().clone());
        self.checklist.picker = None;
        self.checklist.past_open = false;
        self.checklist.walk = Some(walk);
        self.overlay = None;
        self.dirty = true;
        let mut effects = vec![Effect::SaveRun { run, create }];
        effects.extend(self.auto_check_current());
        effects
    }

    /// Resume offer accepted.
    pub(super) fn resume_run(&mut self, run_id: &str) -> Vec<Effect> {
        let Some(run) = self
            .checklist
            .unfinished
            .iter()
            .find(|r| r.id == run_id)
            .cloned()
        else {
            return Vec::new();
        };
        let Some(checklist) = self.checklist.catalog.as_ref().and_then(|c| {
            c.checklists
                .iter()
                .find(|c| c.name == run.checklist)
                .cloned()
        }) else {
            self.toast(
                ToastLevel::Error,
                format!(
                    "checklist `{}` of run {} is no longer defined",
                    run.checklist, run.id
                ),
            );
            return Vec::new();
        };
        let env = run.env;
        self.open_walk(checklist, env, Some(run))
    }

    /// Runs the open item's auto-check with fresh enough evidence, or asks for evidence.
    fn auto_check_current(&mut self) -> Vec<Effect> {
        let Some(walk) = &mut self.checklist.walk else {
            return Vec::new();
        };
        if walk.current_item().and_then(|i| i.auto).is_none() {
            return Vec::new();
        }
        match &self.checklist.evidence {
            Some((at, env, snap))
                if self.now - *at < Duration::seconds(EVIDENCE_FRESH_SECS)
                    && *env == walk.run().env =>
            {
                if walk.run_auto_check(snap) {
                    return vec![Effect::SaveRun {
                        run: Box::new(walk.run().clone()),
                        create: false,
                    }];
                }
                Vec::new()
            }
            _ if self.checklist.gathering => Vec::new(),
            _ => {
                self.checklist.gathering = true;
                vec![Effect::GatherEvidence {
                    env: walk.run().env,
                }]
            }
        }
    }

    /// Evidence for the auto-checks arrived.
    pub fn on_evidence(&mut self, env: Env, snap: Snapshot) -> Vec<Effect> {
        self.checklist.gathering = false;
        self.dirty = true;
        let at = snap.now;
        self.checklist.evidence = Some((at, env, snap));
        match &self.checklist.walk {
            Some(w) if w.run().env == env => self.auto_check_current(),
            _ => Vec::new(),
        }
    }

    pub(super) fn open_checklists(&mut self) -> Vec<Effect> {
        if self.checklist.walk.is_some() {
            // Already walking one: `c` brings it back to the front.
            return Vec::new();
        }
        vec![Effect::LoadChecklists { open_picker: true }]
    }

    /// Keys while the checklists have the screen. Returns None when the key is not theirs.
    pub(super) fn on_checklist_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        if !self.checklist.is_open() || self.overlay.is_some() {
            return None;
        }
        if let Some(note) = &mut self.checklist.note {
            match key.code {
                KeyCode::Esc => self.checklist.note = None,
                KeyCode::Enter => {
                    let text = note.clone();
                    self.checklist.note = None;
                    return Some(self.walk_action(WalkAction::SetNote(text)));
                }
                KeyCode::Backspace => {
                    note.pop();
                }
                KeyCode::Char(c)
                    if !key.modifiers.contains(KeyModifiers::CONTROL)
                        && note.chars().count() < 2_000 =>
                {
                    note.push(c);
                }
                _ => {}
            }
            self.dirty = true;
            return Some(Vec::new());
        }
        let chord = KeyChord::from_event(key)?;
        let action = self.keymap.lookup(Context::Checklist, &chord)?;
        self.dirty = true;
        if self.checklist.past_open {
            return self.on_past_runs_action(action);
        }
        if let Some(picker) = &mut self.checklist.picker {
            match action {
                Action::Down => picker.next(),
                Action::Up => picker.prev(),
                Action::NextPane | Action::PrevPane => picker.toggle_focus(),
                Action::NextEnv => {
                    if picker.focus == PickerFocus::Checklist {
                        picker.toggle_focus();
                    }
                    picker.next();
                    picker.toggle_focus();
                }
                Action::Back => self.checklist.picker = None,
                Action::PastRuns => {
                    self.checklist.past.selected = 0;
                    self.checklist.past_open = true;
                }
                Action::Quit => self.should_quit = true,
                Action::Help => return None,
                Action::Enter => {
                    let name = picker.selected_entry()?.name.clone();
                    let env = picker.env;
                    let resume = picker.resumable().map(|r| r.id.clone());
                    let catalog = self.checklist.catalog.as_ref()?;
                    let checklist = catalog.checklists.iter().find(|c| c.name == name)?.clone();
                    let run = resume.and_then(|id| {
                        self.checklist
                            .unfinished
                            .iter()
                            .find(|r| r.id == id)
                            .cloned()
                    });
                    return Some(self.open_walk(checklist, env, run));
                }
                _ => {}
            }
            return Some(Vec::new());
        }
        let walk_action = match action {
            Action::MarkPass => WalkAction::Mark(Outcome::Pass),
            Action::MarkFail => WalkAction::Mark(Outcome::Fail),
            Action::MarkSkip => WalkAction::Mark(Outcome::Skip),
            Action::MarkNa => WalkAction::Mark(Outcome::NotApplicable),
            Action::Down => WalkAction::Next,
            Action::Up => WalkAction::Prev,
            Action::Enter => WalkAction::NextUnanswered,
            Action::PageDown => WalkAction::ScrollDetail(10),
            Action::PageUp => WalkAction::ScrollDetail(-10),
            Action::Top => WalkAction::Select(0),
            Action::Bottom => {
                let n = self.checklist.walk.as_ref()?.run().items.len();
                WalkAction::Select(n.saturating_sub(1))
            }
            Action::Zoom => WalkAction::ToggleMode,
            Action::Finish => WalkAction::Finish,
            Action::Note => {
                let current = self
                    .checklist
                    .walk
                    .as_ref()
                    .and_then(|w| w.current_record())
                    .map(|r| r.note.clone())
                    .unwrap_or_default();
                self.checklist.note = Some(current);
                return Some(Vec::new());
            }
            Action::Refresh => {
                self.checklist.evidence = None;
                return Some(self.auto_check_current());
            }
            Action::Restore => return Some(self.dr_restore()),
            Action::Back => {
                self.checklist.walk = None;
                self.toast(ToastLevel::Info, "checklist run saved; c resumes it");
                return Some(Vec::new());
            }
            Action::Quit => {
                self.should_quit = true;
                return Some(Vec::new());
            }
            // Help, command line and the rest work as everywhere.
            _ => return None,
        };
        Some(self.walk_action(walk_action))
    }

    /// Keys while the past runs are listed: move, resume an unfinished run, back to the picker.
    fn on_past_runs_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        match action {
            Action::Down => self.checklist.past.next(),
            Action::Up => self.checklist.past.prev(),
            Action::Back | Action::PastRuns => self.checklist.past_open = false,
            Action::Quit => self.should_quit = true,
            Action::Help => return None,
            Action::Enter => {
                let row = self.checklist.past.selected()?;
                let id = row.id.clone();
                if row.finished {
                    self.toast(
                        ToastLevel::Info,
                        format!(
                            "{id} is finished: `eduops checklist export {id}` for the hand-off note"
                        ),
                    );
                } else {
                    return Some(self.resume_run(&id));
                }
            }
            _ => {}
        }
        Some(Vec::new())
    }

    fn walk_action(&mut self, action: WalkAction) -> Vec<Effect> {
        let now = self.now;
        let Some(walk) = &mut self.checklist.walk else {
            return Vec::new();
        };
        let before = walk.current_index();
        if let WalkAction::Mark(o) = &action
            && walk.would_override(*o)
        {
            self.toasts.push(super::Toast {
                level: ToastLevel::Info,
                text: "your mark differs from the auto-check: recorded as an override".into(),
                until: now + Duration::seconds(6),
            });
        }
        if !walk.apply(&action, now) {
            return Vec::new();
        }
        let mut effects = vec![Effect::SaveRun {
            run: Box::new(walk.run().clone()),
            create: false,
        }];
        let finished = walk.run().finished_at.is_some();
        let moved = walk.current_index() != before;
        if finished {
            self.toast(
                ToastLevel::Success,
                "checklist finished — `eduops checklist export last` for the hand-off note",
            );
        }
        if moved {
            effects.extend(self.auto_check_current());
        }
        effects
    }

    /// The DR-test item leads to the restore form; the form, and the request it makes, carry
    /// the item, so the restore's outcome is recorded there and nowhere else.
    fn dr_restore(&mut self) -> Vec<Effect> {
        let origin = self.checklist.walk.as_ref().and_then(|w| {
            let item = w.current_item()?;
            (item.action == Some(ItemAction::RestoreForm)).then(|| ChecklistItemRef {
                run_id: w.run().id.clone(),
                item_id: item.id.clone(),
            })
        });
        let Some(origin) = origin else {
            self.toast(ToastLevel::Info, "this item has no restore step");
            return Vec::new();
        };
        self.focus = Pane::Backups;
        self.selected_backup = 0;
        self.open_restore_form(Some(origin));
        Vec::new()
    }

    /// A mutation started from a checklist item ended: record the outcome on that item.
    pub(super) fn record_origin_outcome(
        &mut self,
        request: &MutationRequest,
        result: &Result<String, String>,
    ) -> Vec<Effect> {
        let Some(origin) = &request.origin else {
            return Vec::new();
        };
        let now = self.now;
        let (verdict, line) = match result {
            Ok(s) => (crate::health::Verdict::Pass, format!("restore test: {s}")),
            Err(e) => (
                crate::health::Verdict::Fail,
                format!("restore test failed: {e}"),
            ),
        };
        let recorded = match &mut self.checklist.walk {
            Some(walk) if walk.run().id == origin.run_id => {
                walk.record_action_result_on(&origin.item_id, verdict, vec![line], now)
            }
            _ => false,
        };
        match &self.checklist.walk {
            Some(walk) if recorded => vec![Effect::SaveRun {
                run: Box::new(walk.run().clone()),
                create: false,
            }],
            _ => {
                tracing::warn!(run = %origin.run_id, item = %origin.item_id, "checklist run not open; restore outcome not recorded on its item");
                self.toast(
                    ToastLevel::Error,
                    format!(
                        "checklist run {} is no longer open: note the {} result on item {} by hand",
                        origin.run_id,
                        request.op.name(),
                        origin.item_id
                    ),
                );
                Vec::new()
            }
        }
    }
}
