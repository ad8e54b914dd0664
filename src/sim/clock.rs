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
        let real_us = self.origin_real.elapsed().as_micros() as f64;
        let scaled = (real_us * self.speed).min(i64::MAX as f64 / 2.0) as i64;
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

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let t0 = Utc::now();
        let c = Clock::new(t0, 0.0);
        assert_eq!(c.now(), t0);
        c.advance(Duration::minutes(5));
        assert_eq!(c.now(), t0 + Duration::minutes(5));
        c.advance(Duration::minutes(-10));
        assert_eq!(c.now(), t0 + Duration::minutes(5));
    }

    #[test]
    fn fast_clock_runs_faster_than_real_time() {
        let t0 = Utc::now();
        let c = Clock::new(t0, 600.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // 20 ms real at 600x is at least 12 s virtual.
        assert!(c.now() - t0 >= Duration::seconds(12));
    }
}
