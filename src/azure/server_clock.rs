//! The server's clock, as the `Date` headers of its replies tell it.
//!
//! Every window the client asks for ("the last 24 hours of CPU", "a restore point not in the
//! future") is measured on the server's clock, not this machine's: the simulator runs on a
//! virtual clock (pinned in tests, sped up in demos), and an operator's laptop clock can be
//! wrong. Before any reply has come, that clock is unknown, so `AzureClient::server_now`
//! (`ops/clock.rs`) asks the server once instead of guessing with the local clock.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Duration, Utc};

/// Closer than this, our clock is trusted: it has sub-second precision, a `Date` header has not.
const TRUST_OURS_WITHIN_SECS: i64 = 60;

/// What the replies said about the server's clock.
#[derive(Debug, Default)]
pub(crate) struct ServerClock {
    /// The latest reply's `Date` and our clock when it came, when the two disagreed by more
    /// than [`TRUST_OURS_WITHIN_SECS`]; `None` while they agree.
    anchor: Mutex<Option<(DateTime<Utc>, DateTime<Utc>)>>,
    /// A reply has come (with or without a `Date` header): the clock is as good as it gets.
    heard: AtomicBool,
    /// One clock request at a time; the others wait for its answer.
    pub asking: tokio::sync::Mutex<()>,
}

impl ServerClock {
    /// Learns from one reply's `Date` header (RFC 2822; `None` when the reply had none).
    pub fn note(&self, date: Option<&str>) {
        self.note_at(date, Utc::now());
    }

    fn note_at(&self, date: Option<&str>, ours: DateTime<Utc>) {
        self.heard.store(true, Ordering::Relaxed);
        let Some(date) = date.and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok()) else {
            return;
        };
        let date = date.with_timezone(&Utc);
        // The server's own reading, not a rounded offset from ours: a frozen simulator clock at
        // 05:06:00 must read 05:06:00 here too, not 05:05:59.3, or minute windows shift by one.
        let anchor =
            ((date - ours).num_seconds().abs() > TRUST_OURS_WITHIN_SECS).then_some((date, ours));
        *self.anchor.lock().unwrap_or_else(|e| e.into_inner()) = anchor;
    }

    pub fn heard(&self) -> bool {
        self.heard.load(Ordering::Relaxed)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now_at(Utc::now())
    }

    /// The server's `Date` moved on by the time passed here since it came.
    fn now_at(&self, ours: DateTime<Utc>) -> DateTime<Utc> {
        match *self.anchor.lock().unwrap_or_else(|e| e.into_inner()) {
            Some((date, at)) => date + (ours - at).max(Duration::zero()),
            None => ours,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn http_date(t: DateTime<Utc>) -> String {
        t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }

    #[test]
    fn a_distant_date_is_the_clock_from_then_on() {
        let ours =
            Utc.with_ymd_and_hms(2026, 12, 8, 12, 0, 0).unwrap() + Duration::milliseconds(700);
        let c = ServerClock::default();
        assert!(!c.heard());
        for server in [
            Utc.with_ymd_and_hms(2026, 11, 27, 1, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2031, 3, 4, 5, 6, 0).unwrap(),
        ] {
            c.note_at(Some(&http_date(server)), ours);
            assert!(c.heard());
            assert_eq!(c.now_at(ours), server, "exactly the server's reading");
            let later = ours + Duration::seconds(90);
            assert_eq!(c.now_at(later), server + Duration::seconds(90));
        }
    }

    #[test]
    fn a_close_date_keeps_ours() {
        let ours = Utc.with_ymd_and_hms(2026, 12, 8, 12, 0, 0).unwrap();
        let c = ServerClock::default();
        c.note_at(Some(&http_date(ours - Duration::days(3))), ours);
        c.note_at(Some(&http_date(ours + Duration::seconds(30))), ours);
        assert_eq!(c.now_at(ours), ours, "half a minute apart: ours is kept");
    }

    #[test]
    fn a_reply_without_a_date_still_counts_as_heard() {
        let c = ServerClock::default();
        let ours = Utc.with_ymd_and_hms(2026, 12, 8, 12, 0, 0).unwrap();
        c.note_at(None, ours);
        assert!(c.heard());
        assert_eq!(c.now_at(ours), ours);
    }
}
