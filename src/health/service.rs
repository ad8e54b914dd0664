//! Whether a service is healthy, from its container group's state.

use serde::Serialize;

use crate::model::{ServiceState, ServiceStatus};

/// A service's health as on-call and `eduops check` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Healthy,
    Unhealthy,
    /// Its state could not be read: not checked, neither healthy nor down.
    Unknown,
}

/// Only a running group serves; every other state needs someone to look at it.
pub fn is_healthy(state: ServiceState) -> bool {
    state == ServiceState::Running
}

pub fn service_health(s: &ServiceStatus) -> Health {
    match s.state {
        _ if is_healthy(s.state) => Health::Healthy,
        // A group that does not exist is down for the platform, not unchecked; the client
        // says so in the reason (`azure::ops::containers`; a test pins the wording).
        ServiceState::Unknown if is_missing(s) => Health::Unhealthy,
        // Otherwise Unknown means the group could not be read: not checked.
        ServiceState::Unknown => Health::Unknown,
        _ => Health::Unhealthy,
    }
}

fn is_missing(s: &ServiceStatus) -> bool {
    s.reason
        .as_deref()
        .is_some_and(|r| r.starts_with(&format!("container group {} not found", s.container_group)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: ServiceState, reason: Option<&str>) -> ServiceStatus {
        ServiceStatus {
            service: "gateway".into(),
            container_group: "ci-gateway-prod".into(),
            resource_id: String::new(),
            state,
            reason: reason.map(str::to_string),
            provisioning_state: None,
            restart_count: 0,
            started_at: None,
            cpu_request_cores: 2.0,
            memory_request_gb: 4.0,
            image: None,
            ip_address: None,
            events: Vec::new(),
        }
    }

    #[test]
    fn only_running_is_healthy_and_a_missing_group_is_down() {
        assert_eq!(
            service_health(&status(ServiceState::Running, None)),
            Health::Healthy
        );
        for s in [
            ServiceState::Pending,
            ServiceState::Restarting,
            ServiceState::Stopped,
            ServiceState::Failed,
        ] {
            assert_eq!(service_health(&status(s, None)), Health::Unhealthy, "{s}");
        }
        assert_eq!(
            service_health(&status(
                ServiceState::Unknown,
                Some("HTTP 503 reading the group")
            )),
            Health::Unknown
        );
        assert_eq!(
            service_health(&status(
                ServiceState::Unknown,
                Some("container group ci-gateway-prod not found in rg-education-prod")
            )),
            Health::Unhealthy
        );
    }
}
