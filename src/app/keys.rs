//! Keys: overlays with text input first, then the keymap of the focused pane; the `:` command
//! line and the `/` filter.

use super::{App, Effect, Overlay, Pane, ToastLevel};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::config::{Context, KeyChord};
use crate::model::Env;

impl App {
    pub(super) fn context(&self) -> Context {
        self.focus.context()
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.kind != crossterm::event::KeyEventKind::Press {
            return Vec::new();
        }
        if let Some(effects) = self.on_overlay_key(&key) {
            self.dirty = true;
            return effects;
        }
        if let Some(effects) = self.on_checklist_key(&key) {
            return effects;
        }
        let Some(chord) = KeyChord::from_event(&key) else {
            return Vec::new();
        };
        match self.keymap.lookup(self.context(), &chord) {
            Some(action) => self.on_action(action),
            None => Vec::new(),
        }
    }

    /// Overlays with text input take raw keys; others let the keymap through for navigation.
    pub(super) fn on_overlay_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        if matches!(self.overlay, Some(Overlay::Confirm(_))) {
            return Some(self.on_confirm_key(key));
        }
        if matches!(self.overlay, Some(Overlay::Restore(_))) {
            return Some(self.on_restore_key(key));
        }
        let is_filter = matches!(self.overlay, Some(Overlay::Filter { .. }));
        let overlay = self.overlay.as_mut()?;
        match overlay {
            Overlay::CommandLine { input } | Overlay::Filter { input } => {
                match key.code {
                    KeyCode::Esc => {
                        if is_filter {
                            self.filter.clear();
                            self.log_view.search = None;
                        }
                        self.overlay = None;
                    }
                    KeyCode::Enter => {
                        let text = std::mem::take(input);
                        self.overlay = None;
                        if !is_filter {
                            return Some(self.run_command(&text));
                        }
                    }
                    KeyCode::Backspace => {
                        input.pop();
                        if is_filter {
                            let t = input.clone();
                            self.apply_filter(t);
                        }
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        input.push(c);
                        if is_filter {
                            let t = input.clone();
                            self.apply_filter(t);
                        }
                    }
                    KeyCode::Char('c') => self.overlay = None,
                    _ => {}
                }
                Some(Vec::new())
            }
            Overlay::Help { .. } | Overlay::ServiceDetail { .. } | Overlay::Audit { .. } => {
                let context = if matches!(overlay, Overlay::Audit { .. }) {
                    Context::Audit
                } else {
                    Context::Global
                };
                let action = self.keymap.lookup(context, &KeyChord::from_event(key)?);
                self.scroll_overlay(action);
                Some(Vec::new())
            }
            Overlay::Message { .. } => {
                self.overlay = None;
                Some(Vec::new())
            }
            Overlay::Confirm(_) | Overlay::Restore(_) => Some(Vec::new()),
            Overlay::ResumeOffer { run_id, .. } => {
                let id = run_id.clone();
                match key.code {
                    KeyCode::Enter => {
                        self.overlay = None;
                        Some(self.resume_run(&id))
                    }
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.overlay = None;
                        Some(Vec::new())
                    }
                    _ => Some(Vec::new()),
                }
            }
        }
    }

    /// Scrolling overlays (help, details, audit): movement keys scroll, `quit` quits, any
    /// other key closes.
    pub(super) fn scroll_overlay(&mut self, action: Option<Action>) {
        let scroll = match &mut self.overlay {
            Some(Overlay::Help { scroll })
            | Some(Overlay::ServiceDetail { scroll, .. })
            | Some(Overlay::Audit { scroll, .. }) => scroll,
            _ => return,
        };
        match action {
            Some(Action::Down) => *scroll += 1,
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::PageDown) => *scroll += 10,
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
            Some(Action::Top) => *scroll = 0,
            Some(Action::Quit) => self.should_quit = true,
            _ => self.overlay = None,
        }
    }

    pub(super) fn apply_filter(&mut self, text: String) {
        if self.focus == Pane::Logs {
            self.log_view.search = Some(text);
            self.log_view.match_cursor = 0;
            self.log_view.follow = false;
            self.jump_to_match();
        } else {
            self.filter = text;
            self.selected_alert = 0;
        }
    }

    pub(super) fn jump_to_match(&mut self) {
        let m = self.log_view.matches();
        if let Some(&line) = m.get(self.log_view.match_cursor % m.len().max(1)) {
            self.log_view.scroll = line;
        }
    }

    pub(super) fn run_command(&mut self, text: &str) -> Vec<Effect> {
        let mut words = text.split_whitespace();
        let Some(cmd) = words.next() else {
            return Vec::new();
        };
        match cmd {
            "q" | "quit" => {
                self.should_quit = true;
                Vec::new()
            }
            "env" => match words.next().map(str::parse::<Env>) {
                Some(Ok(env)) => self.switch_env(env),
                Some(Err(e)) => {
                    self.toast(ToastLevel::Error, e);
                    Vec::new()
                }
                None => {
                    self.toast(ToastLevel::Error, "usage: :env dev|staging|prod");
                    Vec::new()
                }
            },
            other => match Action::from_name(other) {
                Some(a) => self.on_action(a),
                None => {
                    let names = Action::ALL.iter().map(|a| a.name()).chain(["env", "quit"]);
                    let hint = crate::config::error::did_you_mean(other, names)
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.toast(
                        ToastLevel::Error,
                        format!("unknown command `{other}`{hint}"),
                    );
                    Vec::new()
                }
            },
        }
    }
}
