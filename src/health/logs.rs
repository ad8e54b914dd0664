//! Which log lines report errors and warnings. Words are matched whole and in any case, so
//! `0 errors` or `terror` in a lesson text do not count.

/// Words that mark a log line as an error.
const ERROR_WORDS: [&str; 8] = [
    "error",
    "err",
    "exception",
    "traceback",
    "fatal",
    "critical",
    "panic",
    "panicked",
];
/// Of those, the ones that mean the process is going down.
const FATAL_WORDS: [&str; 3] = ["fatal", "panic", "panicked"];
const WARNING_WORDS: [&str; 2] = ["warn", "warning"];

fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn has_word(line: &str, list: &[&str]) -> bool {
    words(line).any(|w| list.contains(&w.to_ascii_lowercase().as_str()))
}

/// Whether a log line reports an error (`ERROR`, `level=error`, `"level":"error"`, `panic`,
/// `TypeError`, `NullPointerException`…).
pub fn is_error_line(line: &str) -> bool {
    has_word(line, &ERROR_WORDS)
        // CamelCase class names; the capital keeps words like "terror" out.
        || words(line).any(|w| w.len() > 5 && (w.ends_with("Error") || w.ends_with("Exception")))
}

/// Whether a log line says the process is going down (`FATAL`, `panic`).
pub fn is_fatal_line(line: &str) -> bool {
    has_word(line, &FATAL_WORDS)
}

/// Whether a log line is a warning (`WARN`, `level=warning`); errors are not warnings.
pub fn is_warning_line(line: &str) -> bool {
    !is_error_line(line) && has_word(line, &WARNING_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_whole_words_or_exception_classes() {
        for l in [
            "2026-11-27T01:02:03Z ERROR db timeout",
            "level=error msg=\"pool exhausted\"",
            r#"{"level":"error","msg":"x"}"#,
            "thread 'main' panicked at src/main.rs:1",
            "TypeError: cannot read properties of undefined",
            "java.lang.NullPointerException",
        ] {
            assert!(is_error_line(l), "{l}");
        }
        for l in ["served 0 errors today", "the terror of exams", "INFO ok"] {
            assert!(!is_error_line(l), "{l}");
        }
        assert!(is_fatal_line("FATAL out of memory"));
        assert!(!is_fatal_line("ERROR retrying"));
    }

    #[test]
    fn warnings_are_words_and_not_errors() {
        assert!(is_warning_line("WARN slow response 2.1s"));
        assert!(is_warning_line("level=warning msg=retry"));
        assert!(!is_warning_line("ERROR after WARN"));
        assert!(!is_warning_line("forewarned is forearmed"));
    }
}
