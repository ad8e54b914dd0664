//! Incidents: time windows during which a container group misbehaves. Metrics, container state,
//! restart counts, events, logs and alerts are all derived from them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Seconds a crashed container waits before it is started again.
pub const BACKOFF_SECS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertMetric {
    Cpu,
    Memory,
}

impl AlertMetric {
    pub fn rule_name(self) -> &'static str {
        match self {
            AlertMetric::Cpu => "high-cpu-usage",
            AlertMetric::Memory => "high-memory-usage",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentKind {
    /// CPU pinned near `level` of the request (alert `high-cpu-usage`).
    CpuSpike,
    /// Memory creeping from the service's rest level to `level`; ends with an OOM kill unless a
    /// restart cures it first (alert `high-memory-usage` once past 85 %).
    MemoryLeak,
    /// The container crashes every `period` minutes and is started again after a back-off.
    CrashLoop,
    /// An alert fired without a metric cause (`POST /_sim/scenario` fire-alert).
    Alert(AlertMetric),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: u32,
    pub kind: IncidentKind,
    /// Index of the container group in the world.
    pub group: usize,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Plateau (CPU spike) or peak (memory leak), as a fraction of the request.
    pub level: f64,
    /// Minutes between crashes (crash loop).
    pub period_min: i64,
    /// A restart ended the incident early (memory leak only).
    pub cured_at: Option<DateTime<Utc>>,
}

impl Incident {
    pub fn effective_end(&self) -> DateTime<Utc> {
        self.cured_at.map_or(self.end, |c| c.min(self.end))
    }

    pub fn active(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.effective_end()
    }

    /// Crash times up to `until` (inclusive): the crash loop's crashes, or the OOM kill that
    /// ends an uncured memory leak.
    pub fn crashes(&self, until: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        match self.kind {
            IncidentKind::CrashLoop => {
                let period = Duration::minutes(self.period_min.max(2));
                let end = self.effective_end();
                let mut out = Vec::new();
                let mut t = self.start;
                while t < end && t <= until && out.len() < 10_000 {
                    out.push(t);
                    t += period;
                }
                out
            }
            IncidentKind::MemoryLeak if self.cured_at.is_none() && self.end <= until => {
                vec![self.end]
            }
            _ => Vec::new(),
        }
    }

    pub fn in_backoff(&self, t: DateTime<Utc>) -> bool {
        if self.kind != IncidentKind::CrashLoop || !self.active(t) {
            return false;
        }
        let period = self.period_min.max(2) * 60;
        (t - self.start).num_seconds().rem_euclid(period) < BACKOFF_SECS
    }

    /// The metric alert this incident raises, if any.
    pub fn alert_metric(&self) -> Option<AlertMetric> {
        match self.kind {
            IncidentKind::CpuSpike => Some(AlertMetric::Cpu),
            IncidentKind::MemoryLeak => Some(AlertMetric::Memory),
            IncidentKind::Alert(m) => Some(m),
            IncidentKind::CrashLoop => None,
        }
    }

    /// When the alert fires and resolves. `mem_base` is the service's resting memory fraction,
    /// to find when a leak crosses the 85 % threshold. Azure evaluates over a 5-minute window,
    /// so a condition must hold a few minutes before the alert fires or resolves.
    pub fn alert_window(&self, mem_base: f64) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let lag = Duration::minutes(5);
        let end = self.effective_end();
        let fired = match self.kind {
            IncidentKind::CpuSpike => self.start + lag,
            IncidentKind::Alert(_) => self.start,
            IncidentKind::MemoryLeak => {
                let progress = leak_crossing(mem_base, self.level);
                let secs = ((self.end - self.start).num_seconds() as f64 * progress) as i64;
                self.start + Duration::seconds(secs) + lag
            }
            IncidentKind::CrashLoop => return None,
        };
        let resolved = match self.kind {
            IncidentKind::Alert(_) => end,
            _ => end + lag,
        };
        (fired < end).then_some((fired, resolved))
    }
}

/// How far through a leak (0–1) memory passes the 85 % alert threshold, for a service resting
/// at `mem_base` and a leak peaking at `peak` (the load adds about 4 % on top of the base).
pub fn leak_crossing(mem_base: f64, peak: f64) -> f64 {
    let span = (peak - mem_base).max(0.01);
    ((0.85 - mem_base - 0.04) / span).clamp(0.0, 1.0)
}
