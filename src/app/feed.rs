//! One kind of data from Azure, with its age and its last error.

use chrono::{DateTime, Duration, Utc};

/// The last good data of one kind, when it came, and what went wrong since.
///
/// A failed refresh keeps the old data: on-call needs the last known state more than an
/// empty pane, as long as the pane says how old it is and what failed.
#[derive(Debug, Clone)]
pub struct Feed<T> {
    pub data: Option<T>,
    pub updated: Option<DateTime<Utc>>,
    pub error: Option<String>,
    pub error_at: Option<DateTime<Utc>>,
    pub interval: Duration,
}

impl<T> Feed<T> {
    pub fn new(interval_secs: u64) -> Feed<T> {
        Feed {
            data: None,
            updated: None,
            error: None,
            error_at: None,
            interval: Duration::seconds(i64::try_from(interval_secs).unwrap_or(i64::MAX / 1000)),
        }
    }

    pub fn apply(&mut self, result: Result<T, String>, at: DateTime<Utc>) {
        match result {
            Ok(data) => {
                self.data = Some(data);
                self.updated = Some(at);
                self.error = None;
                self.error_at = None;
            }
            Err(e) => {
                self.error = Some(e);
                self.error_at = Some(at);
            }
        }
    }

    /// Forget everything (the environment changed).
    pub fn clear(&mut self) {
        self.data = None;
        self.updated = None;
        self.error = None;
        self.error_at = None;
    }

    pub fn age(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.updated.map(|u| now - u)
    }

    /// Stale: no fresh data for three refresh intervals.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        match self.age(now) {
            Some(age) => age > self.interval * 3,
            None => self.error.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_keeps_data_and_goes_stale() {
        let t0 = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let mut f: Feed<u32> = Feed::new(10);
        f.apply(Ok(7), t0);
        f.apply(Err("503".into()), t0 + Duration::seconds(10));
        assert_eq!(f.data, Some(7));
        assert_eq!(f.error.as_deref(), Some("503"));
        assert!(!f.is_stale(t0 + Duration::seconds(30)));
        assert!(f.is_stale(t0 + Duration::seconds(31)));
        f.apply(Ok(8), t0 + Duration::seconds(40));
        assert!(f.error.is_none());
    }
}
