//! Every way eduops writes a duration, built on one split into days, hours, minutes, seconds.
//!
//! - [`compact`] `3d22h`, `9h31m`, `12m`, `45s`: uptimes and ages in table cells.
//! - [`coarse`] `2d`, `3h`, `4m`, `12s`: one unit, for data ages in pane titles (they change
//!   rarely, so an idle screen is not repainted every second).
//! - [`hms`] `1h 02m 03s`: time spent on a checklist run, to the second.
//! - [`words`] `3 d 4 h`, `2 h 5 min`, `7 min`: backup windows and secret expiries in
//!   checklist evidence, which is read in hand-off notes.

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

#[cfg(test)]
mod tests {
    use super::*;

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
