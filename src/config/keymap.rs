//! Keymaps: which key runs which [`Action`], per context.
//!
//! A keymap file has one table per context (`[global]`, `[services]`, …) mapping a key to an
//! action name. A preset (shipped `keymaps/*.toml`, or a file of the same name in the config
//! dir) is loaded first; the user's `keymap.toml` is layered over it, where `"noop"` unbinds a
//! key. Keys are looked up in the focused context first, then in `[global]`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use toml::Spanned;

use super::error::{FileError, did_you_mean};
use crate::action::Action;

/// Shipped presets, embedded so the binary works with no files around it.
pub const PRESETS: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    Services,
    Charts,
    Alerts,
    Backups,
    Logs,
    Events,
    Checklist,
    Audit,
}

impl Context {
    pub const ALL: [Context; 9] = [
        Context::Global,
        Context::Services,
        Context::Charts,
        Context::Alerts,
        Context::Backups,
        Context::Logs,
        Context::Events,
        Context::Checklist,
        Context::Audit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Services => "services",
            Context::Charts => "charts",
            Context::Alerts => "alerts",
            Context::Backups => "backups",
            Context::Logs => "logs",
            Context::Events => "events",
            Context::Checklist => "checklist",
            Context::Audit => "audit",
        }
    }

    fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// A key with its modifiers, normalised so that `G` and `shift-g` are the same chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub code: ChordCode,
    pub ctrl: bool,
    pub alt: bool,
}

/// The key part of a chord. Kept separate from crossterm's `KeyCode` to be orderable and to
/// fold the spellings crossterm reports differently across terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChordCode {
    Char(char),
    F(u8),
    Named(&'static str),
}

const NAMED_KEYS: &[&str] = &[
    "esc",
    "enter",
    "tab",
    "backtab",
    "backspace",
    "delete",
    "insert",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "space",
];

/// Other spellings people write for the named keys.
const ALIASES: &[(&str, &str)] = &[
    ("escape", "esc"),
    ("return", "enter"),
    ("shift-tab", "backtab"),
    ("s-tab", "backtab"),
    ("bs", "backspace"),
    ("del", "delete"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("page-up", "pageup"),
    ("page-down", "pagedown"),
];

impl KeyChord {
    pub fn plain(c: char) -> KeyChord {
        KeyChord {
            code: ChordCode::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    /// Parses `q`, `G`, `?`, `ctrl-c`, `alt-x`, `shift-g`, `enter`, `shift-tab`, `f5`.
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        if text.chars().count() == 1 {
            let c = text.chars().next().unwrap_or(' ');
            return Ok(KeyChord::plain(if c == ' ' { ' ' } else { c }));
        }
        let lower = text.to_ascii_lowercase();
        if let Some((_, to)) = ALIASES.iter().find(|(from, _)| *from == lower) {
            return KeyChord::parse(to);
        }
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = text;
        loop {
            let l = rest.to_ascii_lowercase();
            if let Some(r) = ["ctrl-", "c-"].iter().find_map(|p| l.strip_prefix(p)) {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = ["alt-", "a-", "m-"].iter().find_map(|p| l.strip_prefix(p)) {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = ["shift-", "s-"].iter().find_map(|p| l.strip_prefix(p)) {
                shift = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        if rest.is_empty() {
            return Err(format!("`{text}` names modifiers but no key"));
        }
        let code = if rest.chars().count() == 1 {
            let c = rest.chars().next().unwrap_or(' ');
            // Terminals report ctrl-letters in lower case; shift makes a letter upper case.
            if shift {
                ChordCode::Char(c.to_ascii_uppercase())
            } else if ctrl || alt {
                ChordCode::Char(c.to_ascii_lowercase())
            } else {
                ChordCode::Char(c)
            }
        } else {
            let name = rest.to_ascii_lowercase();
            let name = ALIASES
                .iter()
                .find(|(from, _)| *from == name)
                .map(|(_, to)| to.to_string())
                .unwrap_or(name);
            if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                if (1..=12).contains(&n) {
                    ChordCode::F(n)
                } else {
                    return Err(format!("`{text}`: function keys go from f1 to f12"));
                }
            } else if let Some(known) = NAMED_KEYS.iter().find(|k| **k == name) {
                if shift && *known == "tab" {
                    ChordCode::Named("backtab")
                } else if *known == "space" {
                    ChordCode::Char(' ')
                } else {
                    ChordCode::Named(known)
                }
            } else {
                let all = NAMED_KEYS
                    .iter()
                    .copied()
                    .chain(ALIASES.iter().map(|(a, _)| *a));
                let hint = did_you_mean(&name, all)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown key `{text}`{hint}; expected a single character, f1-f12, or one of {} with optional ctrl-/alt-/shift- prefixes",
                    NAMED_KEYS.join(", ")
                ));
            }
        };
        Ok(KeyChord { code, ctrl, alt })
    }

    /// The chord of a key press, folded the same way as parsed chords.
    pub fn from_event(ev: &KeyEvent) -> Option<KeyChord> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl || alt => ChordCode::Char(c.to_ascii_lowercase()),
            KeyCode::Char(c) => ChordCode::Char(c),
            KeyCode::F(n) => ChordCode::F(n),
            KeyCode::Esc => ChordCode::Named("esc"),
            KeyCode::Enter => ChordCode::Named("enter"),
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => {
                ChordCode::Named("backtab")
            }
            KeyCode::Tab => ChordCode::Named("tab"),
            KeyCode::BackTab => ChordCode::Named("backtab"),
            KeyCode::Backspace => ChordCode::Named("backspace"),
            KeyCode::Delete => ChordCode::Named("delete"),
            KeyCode::Insert => ChordCode::Named("insert"),
            KeyCode::Up => ChordCode::Named("up"),
            KeyCode::Down => ChordCode::Named("down"),
            KeyCode::Left => ChordCode::Named("left"),
            KeyCode::Right => ChordCode::Named("right"),
            KeyCode::Home => ChordCode::Named("home"),
            KeyCode::End => ChordCode::Named("end"),
            KeyCode::PageUp => ChordCode::Named("pageup"),
            KeyCode::PageDown => ChordCode::Named("pagedown"),
            _ => return None,
        };
        Some(KeyChord { code, ctrl, alt })
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            ChordCode::Char(' ') => f.write_str("space"),
            ChordCode::Char(c) => write!(f, "{c}"),
            ChordCode::F(n) => write!(f, "f{n}"),
            ChordCode::Named("backtab") => f.write_str("shift-tab"),
            ChordCode::Named(n) => f.write_str(n),
        }
    }
}

/// The active bindings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<Context, BTreeMap<KeyChord, Action>>,
}

/// Actions of one context with their keys.
pub type ActionKeys = Vec<(Action, Vec<KeyChord>)>;

type RawKeymap = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>;

impl Keymap {
    /// The action for a key in `context`, falling back to `[global]`.
    pub fn lookup(&self, context: Context, chord: &KeyChord) -> Option<Action> {
        self.bindings
            .get(&context)
            .and_then(|m| m.get(chord))
            .or_else(|| self.bindings.get(&Context::Global)?.get(chord))
            .copied()
    }

    /// Keys bound to `action` in `context` (not counting `[global]`).
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<KeyChord> {
        self.bindings
            .get(&context)
            .map(|m| {
                m.iter()
                    .filter(|(_, a)| **a == action)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first key for `action` in `context` or global, as text (for hints).
    pub fn hint(&self, context: Context, action: Action) -> Option<String> {
        let mut keys = self.keys_for(context, action);
        if keys.is_empty() {
            keys = self.keys_for(Context::Global, action);
        }
        // Prefer a plain key over a chord with modifiers: `q` reads better than `ctrl-c`.
        keys.sort_by_key(|k| (k.ctrl || k.alt, matches!(k.code, ChordCode::Named(_))));
        keys.first().map(|k| k.to_string())
    }

    /// Every binding, grouped by context then action, for the help overlay.
    pub fn describe(&self) -> Vec<(Context, ActionKeys)> {
        let mut out = Vec::new();
        for (ctx, map) in &self.bindings {
            let mut by_action: BTreeMap<Action, Vec<KeyChord>> = BTreeMap::new();
            for (k, a) in map {
                by_action.entry(*a).or_default().push(*k);
            }
            if !by_action.is_empty() {
                out.push((*ctx, by_action.into_iter().collect()));
            }
        }
        out
    }

    /// Parses one keymap file and layers it over `self`.
    pub fn layer(&mut self, path: &Path, source: &str) -> Result<(), FileError> {
        let raw: RawKeymap =
            toml::from_str(source).map_err(|e| FileError::from_toml(path, source, &e))?;
        // Maps sort by key; walk in file order so errors name the later of two lines.
        let mut contexts: Vec<_> = raw.into_iter().collect();
        contexts.sort_by_key(|(k, _)| k.span().start);
        for (ctx_name, table) in contexts {
            let context = Context::from_name(ctx_name.get_ref()).ok_or_else(|| {
                let names = Context::ALL.map(|c| c.name());
                let hint = did_you_mean(ctx_name.get_ref(), names)
                    .map(|s| format!(" (did you mean `[{s}]`?)"))
                    .unwrap_or_default();
                FileError::at_span(
                    path,
                    source,
                    Some(ctx_name.span()),
                    format!(
                        "unknown context `[{}]`{hint}; expected one of {}",
                        ctx_name.get_ref(),
                        names.join(", ")
                    ),
                )
            })?;
            // Chords written in this file, to catch two spellings of one key.
            let mut seen: BTreeMap<KeyChord, (String, String)> = BTreeMap::new();
            let mut entries: Vec<_> = table.into_iter().collect();
            entries.sort_by_key(|(k, _)| k.span().start);
            for (key, action) in entries {
                let chord = KeyChord::parse(key.get_ref())
                    .map_err(|m| FileError::at_span(path, source, Some(key.span()), m))?;
                let name = action.get_ref().as_str();
                if let Some((other_key, other_action)) = seen.get(&chord) {
                    return Err(FileError::at_span(
                        path,
                        source,
                        Some(key.span()),
                        format!(
                            "`{}` is the same key as `{other_key}` in [{}], which is already bound to `{other_action}`; bind it once",
                            key.get_ref(),
                            context.name()
                        ),
                    ));
                }
                seen.insert(chord, (key.get_ref().clone(), name.to_string()));
                let map = self.bindings.entry(context).or_default();
                if name == "noop" {
                    map.remove(&chord);
                    continue;
                }
                let act = Action::from_name(name).ok_or_else(|| {
                    let hint = did_you_mean(
                        name,
                        Action::ALL.iter().map(|a| a.name()).chain(["noop"]),
                    )
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                    FileError::at_span(
                        path,
                        source,
                        Some(action.span()),
                        format!(
                            "unknown action `{name}`{hint}; run `eduops --help` or press ? for the list, or use `noop` to unbind"
                        ),
                    )
                })?;
                map.insert(chord, act);
            }
        }
        Ok(())
    }

    /// A preset by name: a file `NAME.toml` in `user_dir` wins over a shipped one.
    pub fn preset(name: &str, user_dir: &Path) -> Result<Keymap, FileError> {
        let mut km = Keymap::default();
        let user_file = user_dir.join(format!("{name}.toml"));
        if user_file.is_file() {
            let src = std::fs::read_to_string(&user_file)
                .map_err(|e| FileError::whole_file(&user_file, format!("cannot read: {e}")))?;
            km.layer(&user_file, &src)?;
            return Ok(km);
        }
        let (_, src) = PRESETS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
            FileError::whole_file(
                &user_file,
                format!(
                    "no keymap named `{name}`: expected one of {} or a file {}",
                    names.join(", "),
                    user_file.display()
                ),
            )
        })?;
        km.layer(&PathBuf::from(format!("keymaps/{name}.toml")), src)?;
        Ok(km)
    }

    /// The preset, then the user's overrides file if it exists.
    pub fn load(name: &str, user_dir: &Path, overrides: &Path) -> Result<Keymap, FileError> {
        let mut km = Keymap::preset(name, user_dir)?;
        if overrides.is_file() {
            let src = std::fs::read_to_string(overrides)
                .map_err(|e| FileError::whole_file(overrides, format!("cannot read: {e}")))?;
            km.layer(overrides, &src)?;
        }
        Ok(km)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chords_fold_spellings() {
        assert_eq!(
            KeyChord::parse("shift-g").unwrap(),
            KeyChord::parse("G").unwrap()
        );
        assert_eq!(
            KeyChord::parse("S-tab").unwrap(),
            KeyChord::parse("backtab").unwrap()
        );
        assert_eq!(
            KeyChord::parse("C-c").unwrap(),
            KeyChord::parse("ctrl-C").unwrap()
        );
        assert_eq!(KeyChord::parse("ctrl-c").unwrap().to_string(), "ctrl-c");
        assert!(KeyChord::parse("ctrl-").is_err());
        assert!(
            KeyChord::parse("entr")
                .unwrap_err()
                .contains("did you mean `enter`")
        );
    }

    #[test]
    fn noop_unbinds_and_context_wins() {
        let mut km = Keymap::default();
        let p = PathBuf::from("k.toml");
        km.layer(
            &p,
            "[global]\nq = \"quit\"\nr = \"refresh\"\n[services]\nr = \"restart\"\n",
        )
        .unwrap();
        let r = KeyChord::plain('r');
        assert_eq!(km.lookup(Context::Services, &r), Some(Action::Restart));
        assert_eq!(km.lookup(Context::Alerts, &r), Some(Action::Refresh));
        km.layer(&p, "[global]\nq = \"noop\"\n").unwrap();
        assert_eq!(km.lookup(Context::Global, &KeyChord::plain('q')), None);
    }

    #[test]
    fn two_spellings_of_one_key_conflict() {
        let err = Keymap::default()
            .layer(
                &PathBuf::from("k.toml"),
                "[global]\n\"ctrl-c\" = \"quit\"\n\"C-c\" = \"copy\"\n",
            )
            .unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("same key"), "{err}");
    }
}
