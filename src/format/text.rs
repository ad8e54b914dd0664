//! Cutting, padding and wrapping text by terminal columns, not bytes or chars: Korean
//! syllables take two columns, and a wide character never straddles an edge.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to at most `max` columns, ending in `…` when something was cut off (spaces before
/// the cut are dropped, so `…` follows the last word).
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `s` cut like [`truncate`] and padded with spaces to exactly `width` columns, for columns
/// that must line up.
pub fn fit(s: &str, width: usize) -> String {
    let cut = truncate(s, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// Splits `text` into lines of at most `first` columns, then `rest` columns, breaking at
/// spaces where it can and inside a word (Korean runs, long ids) where it must.
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let limit = |n: usize| if n == 0 { first } else { rest }.max(1);
    for word in text.split(' ') {
        let w = word.width();
        let sep = usize::from(!cur.is_empty());
        if cur.width() + sep + w <= limit(lines.len()) {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        for c in word.chars() {
            if cur.width() + c.width().unwrap_or(0) > limit(lines.len()) && !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_measures_columns_and_marks_the_cut() {
        assert_eq!(truncate("gateway", 7), "gateway");
        assert_eq!(truncate("gateway", 6), "gatew…");
        assert_eq!(truncate("헬스 체크", 9), "헬스 체크");
        assert_eq!(truncate("헬스 체크", 8), "헬스 체…");
        // The space before the cut goes, so the mark follows the word.
        assert_eq!(truncate("헬스 체크", 6), "헬스…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
    }

    #[test]
    fn fit_measures_columns_not_chars() {
        assert_eq!(fit("헬스", 6), "헬스  ");
        assert_eq!(fit("시스템 헬스 체크", 8), "시스템… ");
        assert_eq!(fit("시스템 헬스 체크", 8).width(), 8);
        // A wide character that would straddle the edge is dropped, not split.
        assert_eq!(fit("가나다", 4), "가… ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_korean_runs() {
        assert_eq!(wrap("a bb ccc", 4, 4), ["a bb", "ccc"]);
        assert_eq!(
            wrap("시스템 헬스 체크 실행", 10, 6),
            ["시스템", "헬스", "체크", "실행"]
        );
        assert_eq!(wrap("재해복구테스트", 6, 4), ["재해복", "구테", "스트"]);
        for line in wrap("백업 상태 점검 — Check the backup status today", 9, 9) {
            assert!(line.width() <= 9, "{line:?}");
        }
        assert_eq!(wrap("", 5, 5), [""]);
    }
}
