//! A TOML file read with every key's and value's place kept, so that each problem of a user's
//! file is reported at the line and column of what is wrong — all of them, not the first.
//!
//! Syntax errors come from the parser's recovering mode. Type errors and unknown keys come from
//! serde: after each one the offending entry is taken out of the document and the rest is read
//! again, so one typo costs one message and hides nothing behind it. Values that parse but make
//! no sense are located by their key path ([`SpannedDoc::error_at`]).

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::FileError;

/// In a key path given to [`SpannedDoc::error_at`]: point at the last key, not at its value.
pub const KEY: &str = "\u{0}key";

/// No file has this many problems worth listing; stops a pathological one from looping long.
const MAX_PROBLEMS: usize = 200;

pub struct SpannedDoc<'s> {
    path: PathBuf,
    source: &'s str,
    root: Spanned<DeTable<'s>>,
}

impl<'s> SpannedDoc<'s> {
    /// The document, or every syntax error in it.
    pub fn parse(path: &Path, source: &'s str) -> Result<SpannedDoc<'s>, Vec<FileError>> {
        let (root, errors) = DeTable::parse_recoverable(source);
        if !errors.is_empty() {
            let mut located: Vec<FileError> = errors
                .iter()
                .map(|e| FileError::from_toml(path, source, e))
                .collect();
            located.sort_by(|a, b| {
                (a.line, a.column, &a.message).cmp(&(b.line, b.column, &b.message))
            });
            located.dedup();
            return Err(located);
        }
        Ok(SpannedDoc {
            path: path.to_path_buf(),
            source,
            root,
        })
    }

    /// `T` from the document with every entry serde refused left out (so at their defaults),
    /// and one located error per refused entry.
    pub fn deserialize<T: DeserializeOwned + Default>(&self) -> (T, Vec<FileError>) {
        let mut doc = self.root.clone();
        let mut errors = Vec::new();
        while errors.len() < MAX_PROBLEMS {
            match T::deserialize(toml::de::Deserializer::from(doc.clone())) {
                Ok(v) => return (v, errors),
                Err(e) => {
                    errors.push(FileError::from_toml(&self.path, self.source, &e));
                    let removed = e
                        .span()
                        .is_some_and(|span| remove_at(doc.get_mut(), span.start));
                    if !removed {
                        break;
                    }
                }
            }
        }
        (T::default(), errors)
    }

    /// A located error for the value at `keys` (its key with [`KEY`] last); the whole file when
    /// the key is not written in it.
    pub fn error_at(&self, keys: &[&str], message: String) -> FileError {
        let span = find(self.root.get_ref(), keys);
        FileError::at_span(&self.path, self.source, span, message)
    }
}

/// The span of the value (or, with [`KEY`] last, of the key) at `keys`.
fn find(table: &DeTable<'_>, keys: &[&str]) -> Option<Range<usize>> {
    let (first, rest) = keys.split_first()?;
    let (k, v) = table.iter().find(|(k, _)| k.get_ref() == first)?;
    match rest {
        [] => Some(v.span()),
        [only] if *only == KEY => Some(k.span()),
        _ => match v.get_ref() {
            DeValue::Table(t) => find(t, rest),
            _ => None,
        },
    }
}

/// Removes the innermost entry whose key or value covers `pos`; false when none does.
fn remove_at(table: &mut DeTable<'_>, pos: usize) -> bool {
    let mut hit = None;
    for (k, v) in table.iter_mut() {
        if k.span().contains(&pos) {
            hit = Some(k.get_ref().clone());
            break;
        }
        let inside = v.span().contains(&pos);
        // Tables written as `[section]` may not span their contents: always look inside.
        let removed_inside = match v.get_mut() {
            DeValue::Table(t) => remove_at(t, pos),
            DeValue::Array(items) => items.iter_mut().any(|item| match item.get_mut() {
                DeValue::Table(t) => remove_at(t, pos),
                _ => false,
            }),
            _ => false,
        };
        if removed_inside {
            return true;
        }
        if inside {
            hit = Some(k.get_ref().clone());
            break;
        }
    }
    match hit {
        Some(key) => table.remove(key.as_ref()).is_some(),
        None => false,
    }
}
