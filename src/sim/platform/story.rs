//! The fleet's story for a seed: which incidents happen when. See the module docs of
//! [`crate::sim::platform`] for the scenario at start.

use chrono::{DateTime, Duration, Utc};

use super::incident::{Incident, IncidentKind, leak_crossing};
use super::load::{Profile, env_factor};
use super::noise::{hash3, mix, unit};
use crate::model::{Env, SERVICES};

/// Looks up the index of `ci-{service}-{env}` among the world's groups.
pub trait GroupLookup {
    fn group_of(&self, env: Env, service: &str) -> Option<usize>;
}

const LEAK_PEAK: f64 = 0.97;

/// Incidents from 24 h before `t0` to 14 days after it, deterministic for `seed`.
pub fn incidents(seed: u64, t0: DateTime<Utc>, groups: &dyn GroupLookup) -> Vec<Incident> {
    let mut out = Vec::new();
    let r = |salt: u64| unit(hash3(seed, 0x5701, salt));
    let mins = |m: f64| Duration::seconds((m * 60.0) as i64);
    let mut push = |kind, env, service: &str, start, end, level, period_min| {
        if let Some(group) = groups.group_of(env, service) {
            let id = out.len() as u32 + 1;
            out.push(Incident {
                id,
                kind,
                group,
                start,
                end,
                level,
                period_min,
                cured_at: None,
                breach: None,
            });
        }
    };

    // At start, in prod: gateway's CPU has been pinned for a while (alert fired, unacknowledged)…
    push(
        IncidentKind::CpuSpike,
        Env::Prod,
        "gateway",
        t0 - mins(14.0 + 12.0 * r(1)),
        t0 + mins(50.0 + 40.0 * r(2)),
        0.88 + 0.07 * r(3),
        0,
    );
    // …and one AI service (not the gateway) is crash-looping after a bad model download.
    let crashing = SERVICES[1 + (hash3(seed, 0x5701, 4) % 5) as usize];
    push(
        IncidentKind::CrashLoop,
        Env::Prod,
        crashing,
        t0 - mins(30.0 + 25.0 * r(5)),
        t0 + mins(180.0 + 120.0 * r(6)),
        0.0,
        6 + (hash3(seed, 0x5701, 7) % 4) as i64,
    );
    // In staging a memory leak has been creeping for hours; it crosses 85 % soon after start.
    let leaking = SERVICES[1 + (hash3(seed, 0x5701, 8) % 5) as usize];
    let leak_len = 420.0 + 30.0 * r(9);
    let leak_start = t0 + mins(20.0 + 10.0 * r(14))
        - mins(
            leak_len
                * leak_crossing(
                    Profile::of(leaking).mem_base,
                    0.08 * env_factor(Env::Staging) * 0.9,
                    LEAK_PEAK,
                ),
        );
    push(
        IncidentKind::MemoryLeak,
        Env::Staging,
        leaking,
        leak_start,
        leak_start + mins(leak_len),
        LEAK_PEAK,
        0,
    );

    // The last 24 hours: incidents that fired and resolved, so alert history is not empty.
    let past_cpu = SERVICES[2 + (hash3(seed, 0x5701, 10) % 4) as usize];
    push(
        IncidentKind::CpuSpike,
        Env::Prod,
        past_cpu,
        t0 - mins(60.0 * (18.0 + 4.0 * r(11))),
        t0 - mins(60.0 * 17.0),
        0.9,
        0,
    );
    push(
        IncidentKind::CrashLoop,
        Env::Staging,
        "gateway",
        t0 - mins(60.0 * (9.0 + 3.0 * r(12))),
        t0 - mins(60.0 * 8.0),
        0.0,
        5,
    );
    push(
        IncidentKind::MemoryLeak,
        Env::Dev,
        SERVICES[(hash3(seed, 0x5701, 13) % 6) as usize],
        t0 - mins(60.0 * 22.0),
        t0 - mins(60.0 * 14.0),
        0.95,
        0,
    );

    // The future: one incident every 3–7 hours of virtual time, for two weeks.
    let mut t = t0 + mins(60.0 * (3.0 + 2.0 * r(20)));
    let horizon = t0 + Duration::days(14);
    let mut n = 0u64;
    while t < horizon {
        let h = hash3(seed, 0x5702, n);
        let env = Env::ALL[(h % 3) as usize];
        let service = SERVICES[((h >> 8) % 6) as usize];
        let (kind, len, level, period) = match (h >> 16) % 3 {
            0 => (
                IncidentKind::CpuSpike,
                20.0 + 60.0 * unit(mix(h ^ 1)),
                0.86 + 0.1 * unit(mix(h ^ 2)),
                0,
            ),
            1 => (
                IncidentKind::MemoryLeak,
                120.0 + 240.0 * unit(mix(h ^ 3)),
                0.96,
                0,
            ),
            _ => (
                IncidentKind::CrashLoop,
                20.0 + 40.0 * unit(mix(h ^ 4)),
                0.0,
                5 + (h >> 24) as i64 % 5,
            ),
        };
        push(kind, env, service, t, t + mins(len), level, period);
        t += mins(60.0 * (3.0 + 4.0 * unit(hash3(seed, 0x5703, n))));
        n += 1;
    }
    out
}
