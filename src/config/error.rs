//! Errors in user files (config, keymap, theme, checklist), located by file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A problem in a file a person wrote, with where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole (unreadable, missing).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl FileError {
    pub fn whole_file(path: &Path, message: impl Into<String>) -> Self {
        FileError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// Locates a byte span of `source` as line and column.
    pub fn at_span(
        path: &Path,
        source: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = span.map(|s| line_col(source, s.start)).unwrap_or((0, 0));
        FileError {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    /// From a `toml` parse/deserialize error, keeping its span and its first message line.
    pub fn from_toml(path: &Path, source: &str, err: &toml::de::Error) -> Self {
        FileError::at_span(path, source, err.span(), err.message().trim().to_string())
    }
}

/// The first of `errors` (sorted by place), saying how many more there are, for places that
/// show one error (the dashboard's start); `eduops config validate` lists them all.
pub fn first_of(mut errors: Vec<FileError>) -> FileError {
    let more = errors.len().saturating_sub(1);
    if errors.is_empty() {
        return FileError::whole_file(Path::new(""), "invalid file");
    }
    let mut first = errors.swap_remove(0);
    if more > 0 {
        let s = if more == 1 { "" } else { "s" };
        first.message = format!(
            "{} ({more} more problem{s}: `eduops config validate` lists them)",
            first.message
        );
    }
    first
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

impl std::error::Error for FileError {}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("한글\nx", "한글\n".len()), (2, 1));
    }

    #[test]
    fn suggests_close_names() {
        let names = ["restart", "start", "stop", "quit"];
        assert_eq!(did_you_mean("restrat", names), Some("restart"));
        assert_eq!(did_you_mean("frobnicate", names), None);
    }
}
