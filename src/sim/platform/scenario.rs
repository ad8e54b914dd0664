//! Scenarios injected at run time (`SimHandle::inject`, `POST /_sim/scenario`).

use serde::{Deserialize, Serialize};

use super::incident::AlertMetric;
use crate::model::Env;

fn sixty() -> i64 {
    60
}

/// Something to make happen now to one service of one environment. `service` is a service
/// name (`gateway`) or a container group name (`ci-gateway-prod`).
///
/// JSON: `{"kind":"cpu-spike","env":"prod","service":"gateway","minutes":30}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Scenario {
    /// The container starts crash-looping (restart count climbs, Warning events).
    Crash {
        env: Env,
        service: String,
        #[serde(default = "sixty")]
        minutes: i64,
    },
    /// The container group fails (state Failed) until restarted or started.
    Fail { env: Env, service: String },
    /// The container group stops, as if someone stopped it.
    Stop { env: Env, service: String },
    /// CPU pinned above 80 %; `high-cpu-usage` fires once the 5-minute average is over
    /// the threshold (about seven minutes in, after a three-minute ramp).
    CpuSpike {
        env: Env,
        service: String,
        #[serde(default = "sixty")]
        minutes: i64,
    },
    /// Memory climbs past 85 % over `minutes`, then the container is OOM-killed.
    MemoryLeak {
        env: Env,
        service: String,
        #[serde(default = "sixty")]
        minutes: i64,
    },
    /// An alert fires now and resolves after `minutes`, without a metric cause.
    FireAlert {
        env: Env,
        service: String,
        metric: AlertMetric,
        #[serde(default = "sixty")]
        minutes: i64,
    },
}

impl Scenario {
    pub fn target(&self) -> (Env, &str) {
        match self {
            Scenario::Crash { env, service, .. }
            | Scenario::Fail { env, service }
            | Scenario::Stop { env, service }
            | Scenario::CpuSpike { env, service, .. }
            | Scenario::MemoryLeak { env, service, .. }
            | Scenario::FireAlert { env, service, .. } => (*env, service),
        }
    }
}
