//! The simulator's virtual clock: real time scaled by `speed`, plus manual advances.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

#[derive(Debug)]
pub struct Clock {
    origin_virtual: DateTime<Utc>,
    origin_real: Instant,
    speed: f64,
    /// Manual advances, in microseconds (tests and `POST /_sim/clock`).
    offset_us: AtomicI64,
}

impl Clock {
    pub fn new(start: DateTime<Utc>, speed: f64) -> Clock {
        // A negative or NaN speed would run the clock backwards; treat it as frozen.
        let speed = if speed.is_finite() && speed > 0.0 {
            speed
        } else {
            0.0
        };
        Clock {
            origin_virtual: start,
            origin_real: Instant::now(),
            speed,
            offset_us: AtomicI64::new(0),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.after(self.origin_real.elapsed())
    }

    /// The virtual time once `real` has passed since the clock was made.
    fn after(&self, real: std::time::Duration) -> DateTime<Utc> {
        let scaled = (real.as_micros() as f64 * self.speed).min(i64::MAX as f64 / 2.0) as i64;
        let offset = self.offset_us.load(Ordering::Relaxed);
        self.origin_virtual + Duration::microseconds(scaled.saturating_add(offset))
    }

    /// Moves the clock forward; negative durations are ignored (time never runs backwards).
    pub fn advance(&self, d: Duration) {
        let us = d.num_microseconds().unwrap_or(i64::MAX / 4);
        if us > 0 {
            self.offset_us.fetch_add(us, Ordering::Relaxed);
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn start(&self) -> DateTime<Utc> {
        self.origin_virtual
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::time::Duration as Real;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 30, 0).unwrap()
    }

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let c = Clock::new(t0(), 0.0);
        assert_eq!(c.now(), t0());
        assert_eq!(c.after(Real::from_secs(3600)), t0());
        c.advance(Duration::minutes(5));
        assert_eq!(c.now(), t0() + Duration::minutes(5));
        c.advance(Duration::minutes(-10));
        assert_eq!(c.now(), t0() + Duration::minutes(5));
    }

    #[test]
    fn speed_scales_real_time_and_advances_add_to_it() {
        let c = Clock::new(t0(), 600.0);
        assert_eq!(c.after(Real::from_millis(20)), t0() + Duration::seconds(12));
        c.advance(Duration::hours(1));
        assert_eq!(
            c.after(Real::from_secs(1)),
            t0() + Duration::hours(1) + Duration::minutes(10)
        );
        // Nonsense speeds freeze rather than run backwards.
        for speed in [-3.0, f64::NAN, f64::INFINITY] {
            assert_eq!(Clock::new(t0(), speed).after(Real::from_secs(9)), t0());
        }
    }
}
