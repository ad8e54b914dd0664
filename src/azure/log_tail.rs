//! Reads a container log answer (`{"content": "line\nline\n…"}`) as it streams in, keeping
//! only its last lines: a server that ignores `tail` and sends 400,000 lines costs the memory
//! of the lines shown, not of the answer.
//!
//! A small JSON scanner, not a parser: the answer is one object; the string under `content` is
//! decoded escape by escape, every other member is skipped (nested values included).

use std::collections::VecDeque;

/// Where the scanner is in the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `{`.
    Start,
    /// Expecting a member name (or `}`).
    Key,
    /// Inside a member name.
    KeyString { escaped: bool },
    /// After a name, before `:`.
    Colon,
    /// Before a value.
    Value,
    /// Inside the `content` string.
    Content,
    /// After a backslash in `content`.
    ContentEscape,
    /// In `\uXXXX` of `content`: digits read so far and their value.
    ContentUnicode { digits: u8, code: u32 },
    /// Skipping another member's value: nesting depth, in a string, after a backslash.
    Skip {
        depth: u32,
        in_string: bool,
        escaped: bool,
    },
    /// After a value, before `,` or `}`.
    AfterValue,
    /// After the closing `}`.
    Done,
}

pub struct LogTail {
    keep: usize,
    state: State,
    key: Vec<u8>,
    is_content: bool,
    found: bool,
    lines: VecDeque<String>,
    /// The line being decoded, as raw UTF-8 bytes.
    line: Vec<u8>,
    /// A high surrogate waiting for its low half.
    high_surrogate: Option<u32>,
    /// Lines dropped from the front because only `keep` are kept.
    pub dropped: u64,
}

impl LogTail {
    pub fn new(keep: usize) -> LogTail {
        LogTail {
            keep: keep.max(1),
            state: State::Start,
            key: Vec::new(),
            is_content: false,
            found: false,
            lines: VecDeque::new(),
            line: Vec::new(),
            high_surrogate: None,
            dropped: 0,
        }
    }

    /// Starts over (a retried request streams the answer again).
    pub fn reset(&mut self) {
        *self = LogTail::new(self.keep);
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), String> {
        for &b in chunk {
            self.step(b)?;
        }
        Ok(())
    }

    /// The kept lines as one text (newline-separated), once the whole object was read.
    pub fn finish(mut self) -> Result<String, String> {
        if self.state != State::Done {
            return Err("the answer ended before its closing `}`".into());
        }
        if !self.found {
            return Err("no `content` in the answer".into());
        }
        if !self.line.is_empty() {
            self.push_line();
        }
        let mut text = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(l);
        }
        Ok(text)
    }

    fn push_line(&mut self) {
        let bytes = std::mem::take(&mut self.line);
        let line = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        if self.lines.len() == self.keep {
            self.lines.pop_front();
            self.dropped += 1;
        }
        self.lines.push_back(line);
    }

    fn push_char(&mut self, c: char) {
        if c == '\n' {
            self.push_line();
        } else {
            let mut buf = [0u8; 4];
            self.line
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }

    fn step(&mut self, b: u8) -> Result<(), String> {
        let ws = matches!(b, b' ' | b'\n' | b'\r' | b'\t');
        self.state = match self.state {
            State::Start if ws => State::Start,
            State::Start if b == b'{' => State::Key,
            State::Start => return Err("not a JSON object".into()),
            State::Key if ws => State::Key,
            State::Key if b == b'"' => {
                self.key.clear();
                State::KeyString { escaped: false }
            }
            State::Key if b == b'}' => State::Done,
            State::Key => return Err("expected a member name".into()),
            State::KeyString { escaped: true } => {
                self.key.push(b);
                State::KeyString { escaped: false }
            }
            State::KeyString { escaped: false } if b == b'\\' => State::KeyString { escaped: true },
            State::KeyString { escaped: false } if b == b'"' => {
                self.is_content = self.key == b"content";
                State::Colon
            }
            State::KeyString { escaped: false } => {
                if self.key.len() < 64 {
                    self.key.push(b);
                }
                State::KeyString { escaped: false }
            }
            State::Colon if ws => State::Colon,
            State::Colon if b == b':' => State::Value,
            State::Colon => return Err("expected `:`".into()),
            State::Value if ws => State::Value,
            State::Value if self.is_content && b == b'"' => {
                self.found = true;
                State::Content
            }
            State::Value if self.is_content && b == b'n' => {
                // `"content": null`: no lines.
                self.found = true;
                State::Skip {
                    depth: 0,
                    in_string: false,
                    escaped: false,
                }
            }
            State::Value if self.is_content => return Err("`content` is not a string".into()),
            State::Value => match b {
                b'"' => State::Skip {
                    depth: 0,
                    in_string: true,
                    escaped: false,
                },
                b'{' | b'[' => State::Skip {
                    depth: 1,
                    in_string: false,
                    escaped: false,
                },
                _ => State::Skip {
                    depth: 0,
                    in_string: false,
                    escaped: false,
                },
            },
            State::Content => match b {
                b'"' => State::AfterValue,
                b'\\' => State::ContentEscape,
                b'\n' => {
                    // Not valid JSON, but nothing is lost by reading it as a line break.
                    self.push_line();
                    State::Content
                }
                _ => {
                    self.line.push(b);
                    State::Content
                }
            },
            State::ContentEscape => {
                let c = match b {
                    b'n' => Some('\n'),
                    b't' => Some('\t'),
                    b'r' => Some('\r'),
                    b'b' => Some('\u{8}'),
                    b'f' => Some('\u{c}'),
                    b'/' => Some('/'),
                    b'\\' => Some('\\'),
                    b'"' => Some('"'),
                    b'u' => None,
                    _ => return Err("bad escape in `content`".into()),
                };
                match c {
                    Some(c) => {
                        self.push_char(c);
                        State::Content
                    }
                    None => State::ContentUnicode { digits: 0, code: 0 },
                }
            }
            State::ContentUnicode { digits, code } => {
                let d = (b as char)
                    .to_digit(16)
                    .ok_or("bad \\u escape in `content`")?;
                let code = code * 16 + d;
                if digits < 3 {
                    State::ContentUnicode {
                        digits: digits + 1,
                        code,
                    }
                } else {
                    self.unicode(code);
                    State::Content
                }
            }
            State::Skip {
                depth,
                in_string,
                escaped,
            } => self.skip(b, depth, in_string, escaped)?,
            State::AfterValue if ws => State::AfterValue,
            State::AfterValue if b == b',' => State::Key,
            State::AfterValue if b == b'}' => State::Done,
            State::AfterValue => return Err("expected `,` or `}`".into()),
            State::Done if ws => State::Done,
            State::Done => return Err("more after the closing `}`".into()),
        };
        Ok(())
    }

    fn unicode(&mut self, code: u32) {
        if (0xD800..0xDC00).contains(&code) {
            self.high_surrogate = Some(code);
            return;
        }
        let c = match (self.high_surrogate.take(), code) {
            (Some(hi), lo) if (0xDC00..0xE000).contains(&lo) => {
                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
            }
            (_, c) => char::from_u32(c),
        };
        self.push_char(c.unwrap_or('\u{FFFD}'));
    }

    /// One byte of a skipped value; the value ends at a top-level `,` or `}`.
    fn skip(&mut self, b: u8, depth: u32, in_string: bool, escaped: bool) -> Result<State, String> {
        let next = |depth, in_string, escaped| State::Skip {
            depth,
            in_string,
            escaped,
        };
        Ok(if in_string {
            match (escaped, b) {
                (true, _) => next(depth, true, false),
                (false, b'\\') => next(depth, true, true),
                (false, b'"') if depth == 0 => State::AfterValue,
                (false, b'"') => next(depth, false, false),
                _ => next(depth, true, false),
            }
        } else {
            match b {
                b'"' => next(depth, true, false),
                b'{' | b'[' => next(depth + 1, false, false),
                b'}' | b']' if depth == 1 => State::AfterValue,
                b'}' | b']' if depth > 1 => next(depth - 1, false, false),
                b',' if depth == 0 => State::Key,
                b'}' if depth == 0 => State::Done,
                b']' => return Err("unbalanced `]`".into()),
                _ => next(depth, false, false),
            }
        })
    }
}

impl super::http::BodySink for LogTail {
    fn reset(&mut self) {
        LogTail::reset(self);
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), String> {
        LogTail::feed(self, chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail(json: &str, keep: usize, chunk: usize) -> Result<String, String> {
        let mut t = LogTail::new(keep);
        for c in json.as_bytes().chunks(chunk) {
            t.feed(c)?;
        }
        t.finish()
    }

    #[test]
    fn keeps_the_last_lines_across_any_chunking() {
        let json = r#"{"content": "a\nb \"q\"\nc\u00e9\ud83d\ude00\nd\n"}"#;
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(tail(json, 2, chunk).unwrap(), "cé😀\nd", "chunk {chunk}");
            assert_eq!(tail(json, 10, chunk).unwrap(), "a\nb \"q\"\ncé😀\nd");
        }
    }

    #[test]
    fn other_members_are_skipped_and_shapes_checked() {
        let json = r#"{"meta": {"x": [1, "}", {"y": null}]}, "n": 3, "content": "x\ny", "z": "w"}"#;
        assert_eq!(tail(json, 5, 4).unwrap(), "x\ny");
        assert_eq!(tail(r#"{"content": null}"#, 5, 4).unwrap(), "");
        assert!(tail(r#"{"content": "x"#, 5, 4).is_err(), "cut short");
        assert!(tail(r#"{"other": 1}"#, 5, 4).is_err(), "no content");
        assert!(tail(r#"[1]"#, 5, 4).is_err());
        assert!(tail(r#"{"content": 5}"#, 5, 4).is_err());
    }

    #[test]
    fn a_huge_answer_keeps_only_what_is_shown() {
        let mut t = LogTail::new(500);
        t.feed(b"{\"content\": \"").unwrap();
        for i in 0..100_000 {
            t.feed(format!("line {i}\\n").as_bytes()).unwrap();
        }
        t.feed(b"\"}").unwrap();
        assert_eq!(t.dropped, 99_500);
        let text = t.finish().unwrap();
        assert!(text.starts_with("line 99500\n"));
        assert!(text.ends_with("line 99999"));
    }
}
