//! CPU and memory history per container group, as parallel arrays sorted by time, merged from
//! every metrics refresh and pruned by age — so memory stays bounded however long eduops runs.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};

use crate::model::ResourceUsage;

/// One group's samples: `times[i]`, `cpu[i]`, `mem[i]` belong together; `None` is a gap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub times: Vec<DateTime<Utc>>,
    pub cpu: Vec<Option<f64>>,
    pub mem: Vec<Option<f64>>,
}

impl Series {
    /// Index of the first sample at or after `since` (the series is sorted).
    pub fn start_at(&self, since: DateTime<Utc>) -> usize {
        self.times.partition_point(|t| *t < since)
    }

    /// The newest value of each metric.
    pub fn latest(&self) -> (Option<f64>, Option<f64>) {
        let last = |v: &[Option<f64>]| v.iter().rev().find_map(|x| *x);
        (last(&self.cpu), last(&self.mem))
    }
}

/// Histories per grain (one-minute points for windows up to 6 h, five-minute points for 24 h),
/// per lower-cased resource id.
#[derive(Debug, Clone, Default)]
pub struct History {
    grains: HashMap<i64, HashMap<String, Series>>,
}

/// How long points of a grain are kept: the longest window drawn at that grain.
pub fn keep(grain_minutes: i64) -> Duration {
    if grain_minutes >= 5 {
        Duration::hours(24)
    } else {
        Duration::hours(6)
    }
}

impl History {
    /// Merges a refresh: a new value for a timestamp replaces the old one (Azure fills the last
    /// minute in late), new timestamps are inserted in order, and points older than the grain's
    /// [`keep`] are dropped.
    pub fn merge(&mut self, grain_minutes: i64, usage: &[ResourceUsage], now: DateTime<Utc>) {
        let oldest = now - keep(grain_minutes);
        let by_id = self.grains.entry(grain_minutes).or_default();
        for u in usage {
            let series = by_id.entry(u.resource_id.to_ascii_lowercase()).or_default();
            let mut points: BTreeMap<DateTime<Utc>, (Option<f64>, Option<f64>)> = series
                .times
                .iter()
                .zip(series.cpu.iter().zip(&series.mem))
                .map(|(t, (c, m))| (*t, (*c, *m)))
                .collect();
            for p in &u.cpu_percent {
                let e = points.entry(p.time).or_default();
                if p.value.is_some() || e.0.is_none() {
                    e.0 = p.value;
                }
            }
            for p in &u.memory_percent {
                let e = points.entry(p.time).or_default();
                if p.value.is_some() || e.1.is_none() {
                    e.1 = p.value;
                }
            }
            let kept = points.range(oldest..);
            let n = kept.clone().count();
            let mut s = Series {
                times: Vec::with_capacity(n),
                cpu: Vec::with_capacity(n),
                mem: Vec::with_capacity(n),
            };
            for (t, (c, m)) in kept {
                s.times.push(*t);
                s.cpu.push(*c);
                s.mem.push(*m);
            }
            *series = s;
        }
        // Groups that stopped reporting age out too.
        for s in by_id.values_mut() {
            let start = s.start_at(oldest);
            if start > 0 {
                s.times.drain(..start);
                s.cpu.drain(..start);
                s.mem.drain(..start);
            }
        }
        by_id.retain(|_, s| !s.times.is_empty());
    }

    pub fn series(&self, grain_minutes: i64, resource_id: &str) -> Option<&Series> {
        self.grains
            .get(&grain_minutes)?
            .get(&resource_id.to_ascii_lowercase())
    }

    pub fn clear(&mut self) {
        self.grains.clear();
    }

    /// Samples held, over every grain and group (tests, memory checks).
    pub fn len(&self) -> usize {
        self.grains
            .values()
            .flat_map(|m| m.values())
            .map(|s| s.times.len())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MetricPoint;

    fn usage(id: &str, from: DateTime<Utc>, minutes: i64, value: Option<f64>) -> ResourceUsage {
        let pts: Vec<MetricPoint> = (0..minutes)
            .map(|m| MetricPoint {
                time: from + Duration::minutes(m),
                value,
            })
            .collect();
        ResourceUsage {
            resource_id: id.into(),
            cpu_percent: pts.clone(),
            memory_percent: pts,
        }
    }

    #[test]
    fn merges_in_order_replaces_late_values_and_prunes() {
        let t0 = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut h = History::default();
        h.merge(
            1,
            &[usage("/A", t0, 60, Some(10.0))],
            t0 + Duration::minutes(60),
        );
        // The next refresh overlaps 30 minutes and fills the last minute late.
        let mut next = usage("/a", t0 + Duration::minutes(30), 60, Some(20.0));
        next.cpu_percent[59].value = None;
        h.merge(1, &[next], t0 + Duration::minutes(90));
        let s = h.series(1, "/a").unwrap();
        assert_eq!(s.times.len(), 90);
        assert!(s.times.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s.cpu[0], Some(10.0));
        assert_eq!(s.cpu[30], Some(20.0));
        assert_eq!(s.cpu[89], None, "a gap stays a gap");
        assert_eq!(s.latest(), (Some(20.0), Some(20.0)));
        // Seven hours later, with no new data, the one-minute history has aged out.
        h.merge(1, &[], t0 + Duration::hours(8));
        assert!(h.series(1, "/a").is_none());
        assert!(h.is_empty());
    }

    #[test]
    fn memory_is_bounded_by_the_grain() {
        let t0 = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut h = History::default();
        for hour in 0..48 {
            let now = t0 + Duration::hours(hour + 1);
            h.merge(
                1,
                &[usage("/a", t0 + Duration::hours(hour), 60, Some(1.0))],
                now,
            );
        }
        assert!(h.len() <= 6 * 60 + 1, "{}", h.len());
    }
}
