//! The container groups of the fleet: what each one is, and what the API did to it.

use chrono::{DateTime, Duration, Utc};

use super::load::Profile;
use super::noise::{hash3, name_key};
use crate::model::Env;

/// The subscription the simulator serves.
pub const SIM_SUBSCRIPTION_ID: &str = "5b1e0c2a-9d3f-4e8a-b6c1-7a2d4f9e0c31";
/// The tenant that subscription belongs to.
pub const SIM_TENANT_ID: &str = "9b3c1a4e-2f6d-4c8b-a1e7-5d0f3b2c6a91";
pub const LOCATION: &str = "koreacentral";
pub const CPU_CORES: f64 = 2.0;
pub const MEMORY_GB: f64 = 4.0;
/// Virtual seconds a restart or start takes before the container runs again.
pub const START_SECS: i64 = 20;
const MAX_EVENTS: usize = 32;
const MAX_DOWN: usize = 256;

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

    pub(super) fn push_event(
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

    pub(super) fn push_down(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) {
        self.down.push((from, to));
        if self.down.len() > MAX_DOWN {
            self.down.remove(0);
        }
    }
}

pub(super) fn event(
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

pub(super) fn new_group(seed: u64, env: Env, service: &str, i: usize, t0: DateTime<Utc>) -> Group {
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
