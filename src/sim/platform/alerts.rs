//! How the simulator decides an alert fires: a CPU spike or memory leak fires its rule when the
//! metric's 5-minute average, computed from the same load model as the metrics (so charts and
//! alerts agree), first exceeds the rule's threshold; it resolves 5 minutes after the incident
//! ends. Injected alerts fire at once. What on-call did to an alert (acknowledge, close) is
//! recorded beside it.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::fleet::{CPU_CORES, MEMORY_GB};
use super::incident::{AlertMetric, Incident, IncidentKind};
use super::load::{self, Subject};
use super::noise::{guid, hash3};

/// Thresholds of the alert rules `high-cpu-usage` and `high-memory-usage`.
pub const CPU_ALERT_FRACTION: f64 = 0.80;
pub const MEMORY_ALERT_FRACTION: f64 = 0.85;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertUserState {
    New,
    Acknowledged,
    Closed,
}

impl AlertUserState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertUserState::New => "New",
            AlertUserState::Acknowledged => "Acknowledged",
            AlertUserState::Closed => "Closed",
        }
    }

    pub fn parse(s: &str) -> Option<AlertUserState> {
        match s.to_ascii_lowercase().as_str() {
            "new" => Some(AlertUserState::New),
            "acknowledged" => Some(AlertUserState::Acknowledged),
            "closed" => Some(AlertUserState::Closed),
            _ => None,
        }
    }
}

/// An alert as AlertsManagement shows it at some instant.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertView {
    pub guid: String,
    pub incident: u32,
    pub metric: AlertMetric,
    pub group: usize,
    pub fired: DateTime<Utc>,
    pub resolved: Option<DateTime<Utc>>,
    pub state: AlertUserState,
    pub modified: DateTime<Utc>,
    pub modified_by: String,
}

#[derive(Debug, Clone)]
pub struct AlertChange {
    pub state: AlertUserState,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// Alerts that have fired by `now`, newest first, with what on-call did to them (`changes`,
/// by incident id).
pub fn fired(
    seed: u64,
    incidents: &[Incident],
    changes: &HashMap<u32, AlertChange>,
    now: DateTime<Utc>,
) -> Vec<AlertView> {
    let mut out: Vec<AlertView> = incidents
        .iter()
        .filter_map(|inc| {
            let metric = inc.alert_metric()?;
            let (fired, resolved) = inc.alert_window(inc.breach)?;
            if fired > now {
                return None;
            }
            let resolved = (resolved <= now).then_some(resolved);
            let change = changes.get(&inc.id);
            let system_modified = resolved.unwrap_or(fired);
            let (state, modified, by) = match change {
                Some(c) => (c.state, c.at.max(system_modified), c.by.clone()),
                None => (AlertUserState::New, system_modified, "System".to_string()),
            };
            Some(AlertView {
                guid: guid(hash3(seed, 0xa1e7, u64::from(inc.id))),
                incident: inc.id,
                metric,
                group: inc.group,
                fired,
                resolved,
                state,
                modified,
                modified_by: by,
            })
        })
        .collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.fired));
    out
}

/// When a CPU spike or memory leak first pushes its metric's 5-minute average over the alert
/// rule's threshold, on the same load model the metrics come from (`subject`, with all of the
/// group's incidents), so alerts fire when the charts say they should. `None` for other
/// incidents and for ones that never cross.
pub fn breach(inc: &Incident, subject: &Subject<'_>) -> Option<DateTime<Utc>> {
    let threshold = match inc.kind {
        IncidentKind::CpuSpike => CPU_ALERT_FRACTION,
        IncidentKind::MemoryLeak => MEMORY_ALERT_FRACTION,
        _ => return None,
    };
    let mut window: VecDeque<f64> = VecDeque::new();
    let mut t = inc
        .start
        .duration_trunc(Duration::minutes(1))
        .unwrap_or(inc.start);
    while t < inc.effective_end() {
        let s = load::sample(subject, t);
        let fraction = if inc.kind == IncidentKind::CpuSpike {
            s.cpu_avg / (CPU_CORES * 1000.0)
        } else {
            s.mem_avg / (MEMORY_GB * load::GIB)
        };
        window.push_back(fraction);
        if window.len() > 5 {
            window.pop_front();
        }
        if window.len() == 5 && window.iter().sum::<f64>() / 5.0 > threshold {
            return Some(t + Duration::minutes(1));
        }
        t += Duration::minutes(1);
    }
    None
}
