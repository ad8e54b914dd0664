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
    /// When the metric's 5-minute average first exceeded the alert threshold (CPU spike,
    /// memory leak; `None`: never), computed by the world from the load model.
    pub breach: Option<DateTime<Utc>>,
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

    /// When the alert fires and resolves. `breach` is when the metric's 5-minute average first
    /// went over the rule's threshold (computed from the load model by the world); an injected
    /// alert fires at its start. Resolution follows the end by the same 5-minute window.
    pub fn alert_window(
        &self,
        breach: Option<DateTime<Utc>>,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let end = self.effective_end();
        let (fired, resolved) = match self.kind {
            IncidentKind::Alert(_) => (self.start, end),
            IncidentKind::CpuSpike | IncidentKind::MemoryLeak => {
                (breach?, end + Duration::minutes(5))
            }
            IncidentKind::CrashLoop => return None,
        };
        (fired < end).then_some((fired, resolved))
    }
}

/// Roughly how far through a leak (0–1) memory passes the 85 % alert threshold, for a service
/// resting at `mem_base` plus `load_offset` and a leak peaking at `peak`. Used to place the
/// story's leak; the alert itself fires when the computed metric crosses.
pub fn leak_crossing(mem_base: f64, load_offset: f64, peak: f64) -> f64 {
    let span = (peak - mem_base).max(0.01);
    ((0.85 - mem_base - load_offset) / span).clamp(0.0, 1.0)
}
