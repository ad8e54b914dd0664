//! A container group as ContainerGroups_Get shows it at an instant: state, current and
//! previous container state, restart count and events, all derived from the incidents.

use chrono::{DateTime, Duration, Utc};

use super::fleet::{Event, MEMORY_GB, event};
use super::incident::{BACKOFF_SECS, IncidentKind};
use super::world::World;

/// The state of the single container of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerState {
    pub state: &'static str,
    pub detail: String,
    pub start_time: DateTime<Utc>,
    pub finish_time: Option<DateTime<Utc>>,
    pub exit_code: Option<i32>,
}

/// A container group as Get shows it at some instant.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    pub state: &'static str,
    pub provisioning_state: &'static str,
    pub current: ContainerState,
    pub previous: Option<ContainerState>,
    pub restart_count: u32,
    pub container_events: Vec<Event>,
    pub group_events: Vec<Event>,
}

impl World {
    /// Crashes of the group up to `now`, oldest first, with whether each was an OOM kill.
    fn crashes(&self, group: usize, now: DateTime<Utc>) -> Vec<(DateTime<Utc>, bool)> {
        let g = &self.groups[group];
        let mut out: Vec<(DateTime<Utc>, bool)> = self
            .incidents
            .iter()
            .filter(|i| i.group == group)
            .flat_map(|i| {
                let oom = i.kind == IncidentKind::MemoryLeak;
                i.crashes(now).into_iter().map(move |t| (t, oom))
            })
            .filter(|(t, _)| !g.is_down(*t))
            .collect();
        out.sort_by_key(|c| c.0);
        out
    }

    pub fn view(&self, group: usize, now: DateTime<Utc>) -> GroupView {
        let g = &self.groups[group];
        let crashes = self.crashes(group, now);
        let restart_count = g.manual_restarts + crashes.len() as u32;
        let name = &g.name;
        let mut container_events = vec![
            event(
                "Pulling",
                "Normal",
                format!("pulling image \"{}\"", g.image()),
                g.started,
                g.started,
            ),
            event(
                "Pulled",
                "Normal",
                format!("Successfully pulled image \"{}\"", g.image()),
                g.started,
                g.started,
            ),
        ];
        let restarts_since: Vec<_> = crashes.iter().filter(|c| c.0 >= g.started).collect();
        let last_crash = crashes.last().copied();
        let started_last = last_crash
            .filter(|c| c.0 >= g.started)
            .map_or(g.started, |c| c.0 + Duration::seconds(BACKOFF_SECS));
        let mut started_ev = event(
            "Started",
            "Normal",
            format!("Started container {name}"),
            g.started,
            started_last.min(now).max(g.started),
        );
        started_ev.count = 1 + restarts_since
            .iter()
            .filter(|c| c.0 + Duration::seconds(BACKOFF_SECS) <= now)
            .count() as u32;
        container_events.push(started_ev);
        let loops: Vec<_> = restarts_since.iter().filter(|c| !c.1).collect();
        if let (Some(first), Some(last)) = (loops.first(), loops.last()) {
            let mut e = event(
                "BackOff",
                "Warning",
                format!("Back-off restarting failed container {name}"),
                first.0,
                last.0,
            );
            e.count = loops.len() as u32;
            container_events.push(e);
        }
        for c in restarts_since.iter().filter(|c| c.1) {
            container_events.push(event(
                "Killing",
                "Warning",
                format!(
                    "Container {name} exceeded its memory limit of {MEMORY_GB} GB and was OOMKilled"
                ),
                c.0,
                c.0,
            ));
        }

        let previous = last_crash.map(|(t, oom)| ContainerState {
            state: "Terminated",
            detail: if oom { "OOMKilled" } else { "Error" }.to_string(),
            start_time: t - Duration::minutes(5),
            finish_time: Some(t),
            exit_code: Some(if oom { 137 } else { 1 }),
        });
        let running = |start: DateTime<Utc>| ContainerState {
            state: "Running",
            detail: String::new(),
            start_time: start,
            finish_time: None,
            exit_code: None,
        };
        let (state, current) = if let Some(since) = g.failed_since {
            (
                "Failed",
                ContainerState {
                    state: "Terminated",
                    detail: "Error".to_string(),
                    start_time: g.started,
                    finish_time: Some(since),
                    exit_code: Some(1),
                },
            )
        } else if let Some(since) = g.stopped_since {
            (
                "Stopped",
                ContainerState {
                    state: "Terminated",
                    detail: "Killed".to_string(),
                    start_time: g.started,
                    finish_time: Some(since),
                    exit_code: Some(137),
                },
            )
        } else if g.pending_until.is_some_and(|p| now < p) {
            (
                "Pending",
                ContainerState {
                    state: "Waiting",
                    detail: "ContainerCreating".to_string(),
                    start_time: g.started,
                    finish_time: None,
                    exit_code: None,
                },
            )
        } else if let Some((t, _)) =
            last_crash.filter(|c| now < c.0 + Duration::seconds(BACKOFF_SECS))
        {
            (
                "Running",
                ContainerState {
                    state: "Waiting",
                    detail: "CrashLoopBackOff".to_string(),
                    start_time: t,
                    finish_time: None,
                    exit_code: None,
                },
            )
        } else {
            let start = match last_crash {
                Some((t, _)) if t >= g.started => t + Duration::seconds(BACKOFF_SECS),
                _ => g.pending_until.unwrap_or(g.started).max(g.started),
            };
            ("Running", running(start))
        };
        GroupView {
            state,
            provisioning_state: "Succeeded",
            current,
            previous,
            restart_count,
            container_events,
            group_events: g.events.clone(),
        }
    }
}
