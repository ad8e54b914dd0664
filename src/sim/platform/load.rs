//! The fleet's load: a school-day curve of a Korean education platform and the CPU and memory
//! it causes, computed per minute from the seed, the resource and the incidents touching it.
//! Nothing is stored, so memory stays flat and any past minute can be asked for.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};

use super::incident::{Incident, IncidentKind};
use super::noise::{hash3, smooth, unit};
use crate::model::Env;

pub const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// How hard a service works at full school-day load, and its resting memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    /// CPU used at peak load, as a fraction of the request.
    pub cpu_peak: f64,
    /// Memory at rest, as a fraction of the request.
    pub mem_base: f64,
    /// Weight of the evening homework bump (streaming and teaching are used at home).
    pub evening: f64,
}

impl Profile {
    pub fn of(service: &str) -> Profile {
        let (cpu_peak, mem_base, evening) = match service {
            "gateway" => (0.55, 0.32, 1.0),
            "lesson-plan-ai" => (0.48, 0.50, 0.5),
            "content-gen-ai" => (0.62, 0.55, 0.6),
            "assessment-ai" => (0.42, 0.46, 0.9),
            "teaching-agent" => (0.50, 0.52, 1.2),
            "streaming-ai" => (0.38, 0.41, 1.4),
            _ => (0.20, 0.30, 0.5),
        };
        Profile {
            cpu_peak,
            mem_base,
            evening,
        }
    }
}

pub fn env_factor(env: Env) -> f64 {
    match env {
        Env::Prod => 1.0,
        Env::Staging => 0.3,
        Env::Dev => 0.12,
    }
}

/// Platform load in [0, 1] at `t`: school hours 09:00–17:00 KST, lunch dip, evening homework
/// bump (weighted by `evening`), quiet nights, lighter weekends.
pub fn school_load(t: DateTime<Utc>, evening: f64) -> f64 {
    let kst = t + Duration::hours(9);
    let h = f64::from(kst.hour()) + f64::from(kst.minute()) / 60.0;
    const DAY: [(f64, f64); 12] = [
        (0.0, 0.08),
        (6.0, 0.05),
        (7.5, 0.25),
        (9.0, 0.85),
        (10.5, 1.0),
        (12.0, 0.8),
        (13.0, 0.68),
        (14.0, 0.95),
        (16.5, 0.85),
        (18.0, 0.35),
        (22.5, 0.30),
        (24.0, 0.08),
    ];
    let school = interpolate(&DAY, h);
    // Homework: a bump centred on 20:30 KST, two hours wide.
    let homework = 0.35 * evening * (-((h - 20.5) / 1.3).powi(2)).exp();
    let weekend = matches!(kst.weekday(), Weekday::Sat | Weekday::Sun);
    let load = if weekend {
        0.3 * school + homework
    } else {
        school + homework
    };
    load.clamp(0.0, 1.0)
}

fn interpolate(knots: &[(f64, f64)], x: f64) -> f64 {
    for w in knots.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x >= x0 && x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    knots.last().map_or(0.0, |k| k.1)
}

/// One minute of a container group's metrics: CPU in millicores, memory in bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub cpu_avg: f64,
    pub cpu_max: f64,
    pub mem_avg: f64,
    pub mem_max: f64,
}

/// What the metric model needs to know about a container group.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub seed: u64,
    pub key: u64,
    pub env: Env,
    pub profile: Profile,
    pub cpu_cores: f64,
    pub memory_gb: f64,
    pub incidents: &'a [&'a Incident],
}

/// Fractions of the request (CPU, memory) at minute `t`, without incidents.
fn baseline(s: &Subject<'_>, t: DateTime<Utc>) -> (f64, f64) {
    let minute = t.timestamp().div_euclid(60);
    let load = school_load(t, s.profile.evening);
    let ef = env_factor(s.env);
    let cpu = 0.03
        + ef * s.profile.cpu_peak * load
        + 0.04 * smooth(s.seed, s.key, minute, 7)
        + 0.015 * smooth(s.seed, s.key ^ 1, minute, 2);
    let mem = s.profile.mem_base + 0.08 * ef * load + 0.02 * smooth(s.seed, s.key ^ 2, minute, 30);
    (cpu.clamp(0.005, 0.99), mem.clamp(0.05, 0.99))
}

/// The minute sample at `t` (start of the minute), incidents applied.
pub fn sample(s: &Subject<'_>, t: DateTime<Utc>) -> Sample {
    let (mut cpu, mut mem) = baseline(s, t);
    for inc in s.incidents {
        if !inc.active(t) {
            continue;
        }
        match inc.kind {
            IncidentKind::CpuSpike => {
                let ramp = ramp(inc, t, 3.0);
                let level = inc.level + 0.02 * smooth(s.seed, s.key ^ 3, t.timestamp() / 60, 3);
                cpu = cpu.max(cpu + (level - cpu) * ramp);
            }
            IncidentKind::MemoryLeak => {
                let total = (inc.end - inc.start).num_seconds().max(60) as f64;
                let progress = ((t - inc.start).num_seconds() as f64 / total).clamp(0.0, 1.0);
                mem += (inc.level - s.profile.mem_base) * progress;
                // Garbage collection thrashes as the heap fills.
                cpu += 0.15 * progress * progress;
            }
            IncidentKind::CrashLoop => {
                if inc.in_backoff(t) {
                    cpu = 0.01;
                    mem = 0.06;
                } else {
                    // Each start loads models again before crashing.
                    cpu = cpu.max(0.35);
                }
            }
            IncidentKind::Alert(_) => {}
        }
    }
    let minute = t.timestamp().div_euclid(60) as u64;
    let burst = unit(hash3(s.seed, s.key ^ 4, minute));
    let cpu = cpu.clamp(0.005, 0.995);
    let mem = mem.clamp(0.05, 0.995);
    let cpu_max = (cpu * (1.05 + 0.25 * burst)).min(1.0);
    let mem_max = (mem * (1.0 + 0.02 * burst)).min(1.0);
    let mc = s.cpu_cores * 1000.0;
    let bytes = s.memory_gb * GIB;
    Sample {
        cpu_avg: round2(cpu * mc),
        cpu_max: round2(cpu_max * mc),
        mem_avg: (mem * bytes).round(),
        mem_max: (mem_max * bytes).round(),
    }
}

/// 0 → 1 over `minutes` after the start, 1 → 0 over `minutes` before the end.
fn ramp(inc: &Incident, t: DateTime<Utc>, minutes: f64) -> f64 {
    let since = (t - inc.start).num_seconds() as f64 / 60.0;
    let until = (inc.effective_end() - t).num_seconds() as f64 / 60.0;
    (since / minutes).min(until / minutes).clamp(0.0, 1.0)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn school_day_peaks_in_class_hours_and_sleeps_at_night() {
        // 2026-11-26 is a Thursday; 01:30 UTC is 10:30 KST, 18:00 UTC is 03:00 KST.
        let class = Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap();
        let night = Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap();
        let evening = Utc.with_ymd_and_hms(2026, 11, 26, 11, 30, 0).unwrap();
        let dusk = Utc.with_ymd_and_hms(2026, 11, 26, 9, 30, 0).unwrap();
        assert!(school_load(class, 1.0) > 0.9);
        assert!(school_load(night, 1.0) < 0.15);
        assert!(school_load(evening, 1.0) > school_load(dusk, 1.0));
        // Saturday morning is lighter than Thursday morning.
        let saturday = Utc.with_ymd_and_hms(2026, 11, 28, 1, 30, 0).unwrap();
        assert!(school_load(saturday, 1.0) < 0.5 * school_load(class, 1.0));
    }
}
