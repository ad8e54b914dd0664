//! The simulated platform: container groups, incidents, alerts, databases, accounts, secrets
//! and long-running operations. Time-dependent facts are computed from records and `now`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::incident::{AlertMetric, BACKOFF_SECS, Incident, IncidentKind};
use super::load::{self, Profile, Subject};
use super::noise::{guid, hash3, name_key};
use super::story::{self, GroupLookup};
use crate::model::{Env, SERVICES};

pub const LOCATION: &str = "koreacentral";
pub const CPU_CORES: f64 = 2.0;
pub const MEMORY_GB: f64 = 4.0;
/// Thresholds of the alert rules `high-cpu-usage` and `high-memory-usage`.
pub const CPU_ALERT_FRACTION: f64 = 0.80;
pub const MEMORY_ALERT_FRACTION: f64 = 0.85;
/// Virtual seconds a restart or start takes before the container runs again.
pub const START_SECS: i64 = 20;
const MAX_EVENTS: usize = 32;
const MAX_DOWN: usize = 256;
pub const MAX_OPERATIONS: usize = 1_000;

pub fn resource_group(env: Env) -> String {
    format!("rg-ai-education-platform-{env}")
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub kind: &'static str,
    pub message: String,
    pub count: u32,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub env: Env,
    pub service: String,
    pub name: String,
    pub resource_group: String,
    pub key: u64,
    pub profile: Profile,
    pub created: DateTime<Utc>,
    pub ip: String,
    /// When the current container instance was created (deploy, restart or start).
    pub started: DateTime<Utc>,
    /// Restarts and starts requested through the API.
    pub manual_restarts: u32,
    pub stopped_since: Option<DateTime<Utc>>,
    pub failed_since: Option<DateTime<Utc>>,
    pub pending_until: Option<DateTime<Utc>>,
    /// Closed intervals without metrics (stopped, restarting), newest last.
    pub down: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Events caused through the API, newest last.
    pub events: Vec<Event>,
}

impl Group {
    pub fn id(&self, sub: &str) -> String {
        format!(
            "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.ContainerInstance/containerGroups/{}",
            self.resource_group, self.name
        )
    }

    pub fn image(&self) -> String {
        format!(
            "acraieducationplatform{}.azurecr.io/{}:latest",
            self.env, self.service
        )
    }

    /// No metrics at `t`: before creation, stopped, failed or (re)starting.
    pub fn is_down(&self, t: DateTime<Utc>) -> bool {
        t < self.created
            || self.stopped_since.is_some_and(|s| t >= s)
            || self.failed_since.is_some_and(|s| t >= s)
            || self.down.iter().any(|(a, b)| t >= *a && t < *b)
    }

    fn push_event(
        &mut self,
        name: &'static str,
        kind: &'static str,
        message: String,
        at: DateTime<Utc>,
    ) {
        self.events.push(Event {
            name,
            kind,
            message,
            count: 1,
            first: at,
            last: at,
        });
        if self.events.len() > MAX_EVENTS {
            self.events.remove(0);
        }
    }

    fn push_down(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) {
        self.down.push((from, to));
        if self.down.len() > MAX_DOWN {
            self.down.remove(0);
        }
    }
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    ContainerStart,
    ContainerRestart,
    SqlRestore,
    CosmosRestore,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    pub kind: OpKind,
    pub started: DateTime<Utc>,
    pub done_at: DateTime<Utc>,
    pub fails: bool,
    pub resource_id: String,
}

impl Operation {
    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        if now < self.done_at {
            "InProgress"
        } else if self.fails {
            "Failed"
        } else {
            "Succeeded"
        }
    }
}

#[derive(Debug, Clone)]
pub struct Database {
    pub env: Env,
    pub resource_group: String,
    pub server: String,
    pub name: String,
    pub database_id: String,
    pub created: DateTime<Utc>,
    /// Restores come Online only here; `None` for databases that always existed.
    pub ready_at: Option<DateTime<Utc>>,
    /// A restore that ends Failed: the database never appears.
    pub failed: bool,
    pub retention_days: i64,
    pub source_id: Option<String>,
    pub restore_point: Option<DateTime<Utc>>,
}

impl Database {
    pub fn id(&self, sub: &str) -> String {
        format!(
            "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.Sql/servers/{}/databases/{}",
            self.resource_group, self.server, self.name
        )
    }

    pub fn visible(&self, now: DateTime<Utc>) -> bool {
        !(self.failed && self.ready_at.is_some_and(|r| now >= r))
    }

    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        match self.ready_at {
            Some(r) if now < r => "Creating",
            _ => "Online",
        }
    }

    /// The oldest point a point-in-time restore can target.
    pub fn earliest_restore(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let born = self.ready_at.unwrap_or(self.created);
        born.max(now - Duration::days(self.retention_days))
    }
}

#[derive(Debug, Clone)]
pub struct CosmosAccount {
    pub env: Env,
    pub resource_group: String,
    pub name: String,
    pub instance_id: String,
    pub created: DateTime<Utc>,
    pub tier_days: i64,
    pub ready_at: Option<DateTime<Utc>>,
    pub failed: bool,
    pub restored_from: Option<String>,
    pub restore_point: Option<DateTime<Utc>>,
}

impl CosmosAccount {
    pub fn id(&self, sub: &str) -> String {
        format!(
            "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.DocumentDB/databaseAccounts/{}",
            self.resource_group, self.name
        )
    }

    pub fn tier(&self) -> &'static str {
        if self.tier_days >= 30 {
            "Continuous30Days"
        } else {
            "Continuous7Days"
        }
    }

    pub fn provisioning_state(&self, now: DateTime<Utc>) -> &'static str {
        match self.ready_at {
            Some(r) if now < r => "Creating",
            Some(_) if self.failed => "Failed",
            _ => "Succeeded",
        }
    }

    pub fn oldest_restorable(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.ready_at
            .unwrap_or(self.created)
            .max(now - Duration::days(self.tier_days))
    }

    /// A restore that ended Failed leaves no account behind.
    pub fn visible(&self, now: DateTime<Utc>) -> bool {
        !(self.failed && self.ready_at.is_some_and(|r| now >= r))
    }
}

#[derive(Debug, Clone)]
pub struct Secret {
    pub name: &'static str,
    pub content_type: &'static str,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
    pub enabled: bool,
}

#[derive(Debug)]
pub struct World {
    pub seed: u64,
    pub subscription: String,
    pub start: DateTime<Utc>,
    pub groups: Vec<Group>,
    index: HashMap<String, usize>,
    pub incidents: Vec<Incident>,
    pub alert_changes: HashMap<u32, AlertChange>,
    pub operations: HashMap<String, Operation>,
    pub databases: Vec<Database>,
    pub accounts: Vec<CosmosAccount>,
    op_counter: u64,
}

impl GroupLookup for World {
    fn group_of(&self, env: Env, service: &str) -> Option<usize> {
        self.group_index(&format!("ci-{service}-{env}"))
    }
}

impl World {
    pub fn new(seed: u64, subscription: &str, start: DateTime<Utc>, extra_groups: usize) -> World {
        let mut groups = Vec::new();
        for env in Env::ALL {
            for (i, service) in SERVICES.iter().enumerate() {
                groups.push(new_group(seed, env, service, i, start));
            }
        }
        for i in 0..extra_groups {
            let mut g = new_group(seed, Env::Dev, &format!("extra-{i:04}"), 6 + i, start);
            g.service = format!("extra-{i:04}");
            groups.push(g);
        }
        let index = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.to_ascii_lowercase(), i))
            .collect();
        let mut world = World {
            seed,
            subscription: subscription.to_string(),
            start,
            groups,
            index,
            incidents: Vec::new(),
            alert_changes: HashMap::new(),
            operations: HashMap::new(),
            databases: Vec::new(),
            accounts: Vec::new(),
            op_counter: 0,
        };
        world.incidents = story::incidents(seed, start, &world);
        world.compute_breaches();
        world.databases = Env::ALL
            .iter()
            .map(|&env| Database {
                env,
                resource_group: resource_group(env),
                server: format!("sql-ai-education-platform-{env}"),
                name: format!("sqldb-education-{env}"),
                database_id: guid(hash3(seed, 0xdb, env as u64)),
                created: start - Duration::days(400),
                ready_at: None,
                failed: false,
                retention_days: if env == Env::Dev { 1 } else { 7 },
                source_id: None,
                restore_point: None,
            })
            .collect();
        world.accounts = Env::ALL
            .iter()
            .map(|&env| CosmosAccount {
                env,
                resource_group: resource_group(env),
                name: format!("cosmos-ai-education-platform-{env}"),
                instance_id: guid(hash3(seed, 0xc0, env as u64)),
                created: start - Duration::days(300),
                tier_days: if env == Env::Prod { 30 } else { 7 },
                ready_at: None,
                failed: false,
                restored_from: None,
                restore_point: None,
            })
            .collect();
        // The past: most alerts of the last day were handled by the on-call team.
        let views = world.alerts(start);
        for a in views {
            if a.resolved.is_some() {
                world.alert_changes.insert(
                    a.incident,
                    AlertChange {
                        state: AlertUserState::Closed,
                        at: a.resolved.unwrap_or(a.fired),
                        by: "oncall@ai-education.example".to_string(),
                    },
                );
            }
        }
        world
    }

    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_ascii_lowercase()).copied()
    }

    /// Keeps a long-running operation for status polls; the oldest go beyond
    /// [`MAX_OPERATIONS`] so memory stays flat however many actions a demo runs.
    pub fn track(&mut self, op: Operation) {
        if self.operations.len() >= MAX_OPERATIONS
            && let Some(oldest) = self
                .operations
                .values()
                .min_by_key(|o| o.started)
                .map(|o| o.id.clone())
        {
            self.operations.remove(&oldest);
        }
        self.operations.insert(op.id.clone(), op);
    }

    pub fn next_id(&mut self, salt: u64) -> String {
        self.op_counter += 1;
        guid(hash3(self.seed, salt, self.op_counter))
    }

    pub fn incidents_of(&self, group: usize) -> Vec<&Incident> {
        self.incidents.iter().filter(|i| i.group == group).collect()
    }

    pub fn subject<'a>(&self, group: usize, incidents: &'a [&'a Incident]) -> Subject<'a> {
        let g = &self.groups[group];
        Subject {
            seed: self.seed,
            key: g.key,
            env: g.env,
            profile: g.profile,
            cpu_cores: CPU_CORES,
            memory_gb: MEMORY_GB,
            incidents,
        }
    }

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

    /// Alerts that have fired by `now`, newest first.
    pub fn alerts(&self, now: DateTime<Utc>) -> Vec<AlertView> {
        let mut out: Vec<AlertView> = self
            .incidents
            .iter()
            .filter_map(|inc| {
                let metric = inc.alert_metric()?;
                let (fired, resolved) = inc.alert_window(inc.breach)?;
                if fired > now {
                    return None;
                }
                let resolved = (resolved <= now).then_some(resolved);
                let change = self.alert_changes.get(&inc.id);
                let system_modified = resolved.unwrap_or(fired);
                let (state, modified, by) = match change {
                    Some(c) => (c.state, c.at.max(system_modified), c.by.clone()),
                    None => (AlertUserState::New, system_modified, "System".to_string()),
                };
                Some(AlertView {
                    guid: guid(hash3(self.seed, 0xa1e7, u64::from(inc.id))),
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

    pub fn restart(&mut self, group: usize, now: DateTime<Utc>) {
        let until = now + Duration::seconds(START_SECS);
        for inc in self.incidents.iter_mut().filter(|i| i.group == group) {
            // A restart frees a leaking heap; a crash loop's cause survives it.
            if inc.kind == IncidentKind::MemoryLeak && inc.active(now) {
                inc.cured_at = Some(now);
            }
        }
        let g = &mut self.groups[group];
        if let Some(since) = g.stopped_since.take() {
            g.push_down(since, now);
        }
        if let Some(since) = g.failed_since.take() {
            g.push_down(since, now);
        }
        g.push_down(now, until);
        g.manual_restarts += 1;
        g.started = now;
        g.pending_until = Some(until);
        let name = g.name.clone();
        g.push_event(
            "Killing",
            "Normal",
            format!("Stopping container {name} for restart"),
            now,
        );
    }

    pub fn stop(&mut self, group: usize, now: DateTime<Utc>) {
        let g = &mut self.groups[group];
        if g.stopped_since.is_none() {
            // A start that never finished keeps its gap only up to now.
            if let Some(p) = g.pending_until.take()
                && p > now
                && let Some(last) = g.down.last_mut()
            {
                last.1 = now;
            }
            g.stopped_since = Some(now);
            let name = g.name.clone();
            g.push_event(
                "Stopped",
                "Normal",
                format!("Container group {name} stopped"),
                now,
            );
        }
    }

    /// Starts a stopped or failed group; false when it was already running.
    pub fn start(&mut self, group: usize, now: DateTime<Utc>) -> bool {
        let g = &self.groups[group];
        if g.stopped_since.is_none() && g.failed_since.is_none() {
            return false;
        }
        self.restart(group, now);
        let g = &mut self.groups[group];
        if let Some(e) = g.events.last_mut() {
            e.name = "Started";
            e.message = format!("Starting container group {}", g.name);
        }
        true
    }

    pub fn fail(&mut self, group: usize, now: DateTime<Utc>) {
        let g = &mut self.groups[group];
        if g.failed_since.is_none() {
            g.failed_since = Some(now);
            let name = g.name.clone();
            g.push_event(
                "Failed",
                "Warning",
                format!("Container {name} terminated: exit code 1 (Error); liveness probe on port 8000 failed"),
                now,
            );
        }
    }

    pub fn add_incident(
        &mut self,
        kind: IncidentKind,
        group: usize,
        start: DateTime<Utc>,
        minutes: i64,
        level: f64,
        period_min: i64,
    ) -> u32 {
        let id = self.incidents.iter().map(|i| i.id).max().unwrap_or(0) + 1;
        self.incidents.push(Incident {
            id,
            kind,
            group,
            start,
            end: start + Duration::minutes(minutes.max(1)),
            level,
            period_min,
            cured_at: None,
            breach: None,
        });
        self.compute_breaches();
        id
    }

    /// Finds when each CPU spike and memory leak first pushed its metric's 5-minute average
    /// over the alert rule's threshold, so alerts fire when the charts say they should.
    fn compute_breaches(&mut self) {
        let mut found = Vec::new();
        for (n, inc) in self.incidents.iter().enumerate() {
            let threshold = match inc.kind {
                IncidentKind::CpuSpike => CPU_ALERT_FRACTION,
                IncidentKind::MemoryLeak => MEMORY_ALERT_FRACTION,
                _ => continue,
            };
            let incidents = self.incidents_of(inc.group);
            let subject = self.subject(inc.group, &incidents);
            let mut window: std::collections::VecDeque<f64> = std::collections::VecDeque::new();
            let mut t = inc
                .start
                .duration_trunc(Duration::minutes(1))
                .unwrap_or(inc.start);
            let mut breach = None;
            while t < inc.effective_end() {
                let s = load::sample(&subject, t);
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
                    breach = Some(t + Duration::minutes(1));
                    break;
                }
                t += Duration::minutes(1);
            }
            found.push((n, breach));
        }
        for (n, breach) in found {
            self.incidents[n].breach = breach;
        }
    }

    pub fn secrets(&self, env: Env) -> Vec<Secret> {
        let t0 = self.start;
        let h = |salt: u64| hash3(self.seed, 0x5ec, salt + env as u64 * 100);
        let days = |d: i64| Duration::days(d);
        // (name, content type, days since update, days until expiry)
        let mut specs: Vec<(&'static str, &'static str, i64, Option<i64>)> = vec![
            ("openai-api-key", "text/plain", 60, Some(120)),
            ("azure-sql-connection", "text/plain", 200, Some(165)),
            ("redis-connection", "text/plain", 90, Some(275)),
            ("cosmos-primary-key", "text/plain", 45, Some(320)),
            ("acr-password", "text/plain", 150, Some(215)),
            ("jwt-signing-key", "application/x-pem-file", 30, None),
        ];
        match env {
            // Prod: the OpenAI key is due for rotation within days.
            Env::Prod => specs[0].3 = Some(3 + (h(1) % 5) as i64),
            // Staging: the registry password already expired; the SQL connection is close.
            Env::Staging => {
                specs[4].3 = Some(-(2 + (h(2) % 4) as i64));
                specs[1].3 = Some(12 + (h(3) % 10) as i64);
            }
            Env::Dev => {}
        }
        specs
            .into_iter()
            .map(|(name, content_type, age, exp)| {
                let updated = t0 - days(age) - Duration::minutes((h(age as u64) % 600) as i64);
                Secret {
                    name,
                    content_type,
                    created: updated - days(30),
                    updated,
                    expires: exp.map(|d| t0 + days(d)),
                    enabled: true,
                }
            })
            .collect()
    }
}

fn event(
    name: &'static str,
    kind: &'static str,
    message: String,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
) -> Event {
    Event {
        name,
        kind,
        message,
        count: 1,
        first,
        last,
    }
}

fn new_group(seed: u64, env: Env, service: &str, i: usize, t0: DateTime<Utc>) -> Group {
    let name = format!("ci-{service}-{env}");
    let key = name_key(&name);
    let h = hash3(seed, key, 0x9);
    // Deployed some hours to days ago, at different times per group.
    let started = t0 - Duration::minutes(180 + (h % (60 * 24 * 5)) as i64);
    let octet = 10 + (i % 240);
    let net = match env {
        Env::Dev => 30,
        Env::Staging => 20,
        Env::Prod => 10,
    };
    Group {
        env,
        service: service.to_string(),
        resource_group: resource_group(env),
        key,
        profile: Profile::of(service),
        created: t0 - Duration::days(30),
        ip: format!("20.41.{net}.{octet}"),
        started,
        manual_restarts: 0,
        stopped_since: None,
        failed_since: None,
        pending_until: None,
        down: Vec::new(),
        events: Vec::new(),
        name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The documented start scenario holds for every seed, not just the one the tests use.
    #[test]
    fn the_start_scenario_holds_across_seeds() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap();
        for seed in 1..=25 {
            let w = World::new(seed, "sub", t0, 0);
            let alerts = w.alerts(t0);
            let fired = |a: &&AlertView| a.resolved.is_none();
            let gw = w.group_index("ci-gateway-prod").unwrap();
            assert!(
                alerts.iter().filter(fired).any(|a| a.group == gw
                    && a.metric == AlertMetric::Cpu
                    && a.state == AlertUserState::New),
                "seed {seed}: gateway CPU alert"
            );
            let restarting: Vec<_> = SERVICES
                .iter()
                .filter(|s| {
                    w.view(w.group_index(&format!("ci-{s}-prod")).unwrap(), t0)
                        .restart_count
                        > 0
                })
                .collect();
            assert_eq!(restarting.len(), 1, "seed {seed}: {restarting:?}");
            assert_ne!(*restarting[0], "gateway");
            let staging_memory = |t| {
                w.alerts(t)
                    .into_iter()
                    .filter(|a| a.resolved.is_none() && a.metric == AlertMetric::Memory)
                    .any(|a| w.groups[a.group].env == Env::Staging)
            };
            assert!(
                !staging_memory(t0),
                "seed {seed}: leak already past 85 % at start"
            );
            assert!(
                staging_memory(t0 + Duration::minutes(75)),
                "seed {seed}: leak not past 85 % after 75 min"
            );
            assert!(
                alerts
                    .iter()
                    .any(|a| a.resolved.is_some() && a.state == AlertUserState::Closed),
                "seed {seed}: history"
            );
        }
    }

    #[test]
    fn old_operations_are_forgotten_beyond_the_cap() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap();
        let mut w = World::new(1, "sub", t0, 0);
        for n in 0..=MAX_OPERATIONS as i64 {
            w.track(Operation {
                id: format!("op-{n}"),
                kind: OpKind::ContainerStart,
                started: t0 + Duration::seconds(n),
                done_at: t0 + Duration::seconds(n + 20),
                fails: false,
                resource_id: String::new(),
            });
        }
        assert_eq!(w.operations.len(), MAX_OPERATIONS);
        assert!(!w.operations.contains_key("op-0"));
        assert!(w.operations.contains_key(&format!("op-{MAX_OPERATIONS}")));
    }
}
