//! The server's clock, as the `Date` headers of its replies tell it.
//!
//! Every window the client asks for ("the last 24 hours of CPU", "a restore point not in the
//! future") is measured on the server's clock, not this machine's: the simulator runs on a
//! virtual clock (pinned in tests, sped up in demos), and an operator's laptop clock can be
//! wrong. Before any reply has come, that clock is unknown, so `AzureClient::server_now`
//! (`ops/clock.rs`) asks the server once instead of guessing with the local clock.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// What the replies said about the server's clock.
#[derive(Debug, Default)]
pub(crate) struct ServerClock {
    /// The latest reply's `Date`, and when it came by our monotonic clock. Always the server's
    /// own reading, never an offset from our wall clock: a frozen simulator at 05:06:00 must read
    /// 05:06:00 here too (not 05:05:59.3, which shifts minute windows by one), whether this
    /// machine's clock is a day or ten seconds away from it.
    anchor: Mutex<Option<(DateTime<Utc>, Instant)>>,
    /// A reply has come (with or without a `Date` header): the clock is as good as it gets.
    heard: AtomicBool,
    /// One clock request at a time; the others wait for its answer.
    pub asking: tokio::sync::Mutex<()>,
}

impl ServerClock {
    /// Learns from one reply's `Date` header (RFC 2822; `None` when the reply had none).
    pub fn note(&self, date: Option<&str>) {
        self.heard.store(true, Ordering::Relaxed);
        if let Some(date) = date.and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok()) {
            *self.anchor.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((date.with_timezone(&Utc), Instant::now()));
        }
    }

    pub fn heard(&self) -> bool {
        self.heard.load(Ordering::Relaxed)
    }

    /// The server's latest `Date` moved on by the time passed here since; ours when no reply
    /// carried one.
    pub fn now(&self) -> DateTime<Utc> {
        match *self.anchor.lock().unwrap_or_else(|e| e.into_inner()) {
            Some((date, at)) => reading(date, at.elapsed()),
            None => Utc::now(),
        }
    }
}

fn reading(date: DateTime<Utc>, since: std::time::Duration) -> DateTime<Utc> {
    date + Duration::from_std(since).unwrap_or_else(|_| Duration::zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn http_date(t: DateTime<Utc>) -> String {
        t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }

    fn anchor_date(c: &ServerClock) -> Option<DateTime<Utc>> {
        c.anchor.lock().unwrap().map(|(d, _)| d)
    }

    #[test]
    fn the_latest_date_is_the_servers_reading_however_close_or_far() {
        let c = ServerClock::default();
        assert!(!c.heard());
        for server in [
            Utc.with_ymd_and_hms(2026, 11, 27, 1, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2031, 3, 4, 5, 6, 0).unwrap(),
            Utc.with_ymd_and_hms(2019, 7, 1, 23, 40, 0).unwrap(),
        ] {
            c.note(Some(&http_date(server)));
            assert!(c.heard());
            assert_eq!(
                anchor_date(&c),
                Some(server),
                "exactly the server's reading"
            );
        }
    }

    #[test]
    fn the_reading_moves_on_by_the_time_passed_here() {
        let date = Utc.with_ymd_and_hms(2026, 11, 27, 1, 30, 0).unwrap();
        assert_eq!(reading(date, std::time::Duration::ZERO), date);
        assert_eq!(
            reading(date, std::time::Duration::from_millis(90_500)),
            date + Duration::milliseconds(90_500)
        );
    }

    #[test]
    fn a_reply_without_a_date_still_counts_as_heard() {
        let c = ServerClock::default();
        c.note(None);
        assert!(c.heard());
        assert_eq!(anchor_date(&c), None);
        c.note(Some("not a date"));
        assert_eq!(anchor_date(&c), None);
    }
}
