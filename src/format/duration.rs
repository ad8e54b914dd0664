//! Every way eduops writes a duration, built on one split into days, hours, minutes, seconds.
//!
//! - [`compact`] `3d22h`, `9h31m`, `12m`, `45s`: uptimes and ages in table cells.
//! - [`coarse`] `2d`, `3h`, `4m`, `12s`: one unit, for data ages in pane titles (they change
//!   rarely, so an idle screen is not repainted every second).
//! - [`hms`] `1h 02m 03s`: time spent on a checklist run, to the second.
//! - [`words`] `3 d 4 h`, `2 h 5 min`, `7 min`: backup windows and secret expiries in
//!   checklist evidence, which is read in hand-off notes.
//!
//! And the one way a person writes one: [`parse`] (`1m30s`, `1.5s`, `500ms`, `2h`, `45`).

use chrono::Duration;

/// A non-negative span of whole seconds, split into its units.
struct Parts {
    days: u64,
    hours: u64,
    mins: u64,
    secs: u64,
}

impl Parts {
    fn of_secs(total: u64) -> Parts {
        Parts {
            days: total / 86_400,
            hours: total % 86_400 / 3600,
            mins: total % 3600 / 60,
            secs: total % 60,
        }
    }

    /// Negative durations (a clock a little behind Azure's) count as zero.
    fn of(d: Duration) -> Parts {
        Parts::of_secs(u64::try_from(d.num_seconds()).unwrap_or(0))
    }

    fn total_hours(&self) -> u64 {
        self.days * 24 + self.hours
    }
}

/// `3d22h`, `9h31m`, `12m`, `45s`: the two largest units, without spaces.
pub fn compact(d: Duration) -> String {
    let p = Parts::of(d);
    if p.days > 0 {
        format!("{}d{}h", p.days, p.hours)
    } else if p.hours > 0 {
        format!("{}h{:02}m", p.hours, p.mins)
    } else if p.mins > 0 {
        format!("{}m", p.mins)
    } else {
        format!("{}s", p.secs)
    }
}

/// `12s`, `4m`, `3h`, `2d`: the largest unit only, rounded down.
pub fn coarse(d: Duration) -> String {
    let p = Parts::of(d);
    if p.days > 0 {
        format!("{}d", p.days)
    } else if p.hours > 0 {
        format!("{}h", p.hours)
    } else if p.mins > 0 {
        format!("{}m", p.mins)
    } else {
        format!("{}s", p.secs)
    }
}

/// `1h 02m 03s`, `4m 05s`, `6s`: hours are not folded into days.
pub fn hms(secs: u64) -> String {
    let p = Parts::of_secs(secs);
    let hours = p.total_hours();
    if hours > 0 {
        format!("{hours}h {:02}m {:02}s", p.mins, p.secs)
    } else if p.mins > 0 {
        format!("{}m {:02}s", p.mins, p.secs)
    } else {
        format!("{}s", p.secs)
    }
}

/// `3 d 4 h`, `2 h 5 min`, `7 min`: minutes at least, seconds never.
pub fn words(d: Duration) -> String {
    let p = Parts::of(d);
    if p.days > 0 {
        format!("{} d {} h", p.days, p.hours)
    } else if p.hours > 0 {
        format!("{} h {} min", p.hours, p.mins)
    } else {
        format!("{} min", p.mins)
    }
}

/// A duration as people write one on a command line: whole or decimal numbers each followed by a
/// unit (`ms`, `s`, `m`, `h`, `d`, or their long forms), in any sum (`1m30s`, `1h 15m`, `1.5s`);
/// a bare number is seconds.
pub fn parse(text: &str) -> Result<std::time::Duration, String> {
    let s = text.trim();
    let bad = |why: &str| {
        format!("`{text}` is not a duration{why}: write e.g. 30s, 1m30s, 1.5s, 500ms or 2h")
    };
    if s.is_empty() {
        return Err(bad(""));
    }
    if let Ok(n) = s.parse::<f64>() {
        return seconds(n, text);
    }
    let mut total = 0.0_f64;
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(num_len);
        let n: f64 = num.parse().map_err(|_| bad(""))?;
        let tail = tail.trim_start();
        let unit_len = tail
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(tail.len());
        let (unit, after) = tail.split_at(unit_len);
        let scale = match unit.to_ascii_lowercase().as_str() {
            "ms" | "msec" | "millis" => 0.001,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "" => return Err(bad(": every number needs a unit after the first")),
            other => {
                return Err(bad(&format!(
                    " (unknown unit `{other}`; use ms, s, m, h or d)"
                )));
            }
        };
        total += n * scale;
        rest = after;
    }
    seconds(total, text)
}

fn seconds(n: f64, text: &str) -> Result<std::time::Duration, String> {
    if !n.is_finite() || n < 0.0 {
        return Err(format!("`{text}` is not a duration: it must be positive"));
    }
    // A century is plenty for a timeout and keeps the conversion in range.
    std::time::Duration::try_from_secs_f64(n.min(3.2e9))
        .map_err(|e| format!("`{text}` is not a duration: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        use std::time::Duration as D;
        assert_eq!(parse("30s"), Ok(D::from_secs(30)));
        assert_eq!(parse("45"), Ok(D::from_secs(45)));
        assert_eq!(parse("1.5s"), Ok(D::from_millis(1500)));
        assert_eq!(parse("1m30s"), Ok(D::from_secs(90)));
        assert_eq!(parse("1h 15m"), Ok(D::from_secs(4500)));
        assert_eq!(parse("500ms"), Ok(D::from_millis(500)));
        assert_eq!(parse("2 min"), Ok(D::from_secs(120)));
        assert_eq!(parse("1d"), Ok(D::from_secs(86_400)));
        assert_eq!(parse("0s"), Ok(D::ZERO));
        for bad in ["", "soon", "3x", "1m30", "-5s", "1..5s", "s"] {
            assert!(parse(bad).is_err(), "{bad} should not parse");
        }
        assert!(parse("3w").unwrap_err().contains("unknown unit `w`"));
    }

    fn secs(s: i64) -> Duration {
        Duration::seconds(s)
    }

    #[test]
    fn compact_keeps_the_two_largest_units() {
        assert_eq!(compact(secs(45)), "45s");
        assert_eq!(compact(secs(12 * 60 + 59)), "12m");
        assert_eq!(compact(secs(9 * 3600 + 31 * 60 + 5)), "9h31m");
        assert_eq!(compact(secs(3600 + 60)), "1h01m");
        assert_eq!(compact(secs(3 * 86_400 + 22 * 3600 + 59 * 60)), "3d22h");
        assert_eq!(compact(secs(-30)), "0s");
    }

    #[test]
    fn coarse_keeps_the_largest_unit() {
        assert_eq!(coarse(secs(12)), "12s");
        assert_eq!(coarse(secs(4 * 60 + 59)), "4m");
        assert_eq!(coarse(secs(3 * 3600 + 59 * 60)), "3h");
        assert_eq!(coarse(secs(2 * 86_400 + 23 * 3600)), "2d");
        assert_eq!(coarse(secs(-5)), "0s");
    }

    #[test]
    fn hms_counts_hours_past_a_day() {
        assert_eq!(hms(6), "6s");
        assert_eq!(hms(4 * 60 + 5), "4m 05s");
        assert_eq!(hms(3600 + 2 * 60 + 3), "1h 02m 03s");
        assert_eq!(hms(26 * 3600), "26h 00m 00s");
    }

    #[test]
    fn words_spell_units_out() {
        assert_eq!(words(secs(7 * 60 + 59)), "7 min");
        assert_eq!(words(secs(2 * 3600 + 5 * 60)), "2 h 5 min");
        assert_eq!(words(secs(3 * 86_400 + 4 * 3600 + 59 * 60)), "3 d 4 h");
        assert_eq!(words(secs(-120)), "0 min");
    }
}
