//! From Azure's JSON to the domain types the UI shows.

use chrono::{DateTime, TimeZone, Utc};

use super::models::alerts::AlertResource;
use super::models::containers::{ContainerGroup, Event};
use super::models::keyvault::SecretItem;
use super::models::monitor::{CPU_METRIC, MEMORY_METRIC, Metric};
use crate::config::EnvTargets;
use crate::model::{
    Alert, AlertState, ContainerEvent, MetricPoint, MonitorCondition, ResourceUsage, SecretInfo,
    ServiceState, ServiceStatus, Severity,
};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

fn event(e: &Event) -> ContainerEvent {
    ContainerEvent {
        name: e.name.clone().unwrap_or_default(),
        kind: e.kind.clone().unwrap_or_default(),
        message: e.message.clone().unwrap_or_default(),
        count: e.count.unwrap_or(1),
        first_timestamp: e.first_timestamp,
        last_timestamp: e.last_timestamp,
    }
}

fn is(s: Option<&str>, want: &str) -> bool {
    s.is_some_and(|s| s.eq_ignore_ascii_case(want))
}

/// A container that exited with an error this recently, and was restarted, is crash-looping
/// even while its current attempt runs.
const CRASH_LOOP_WINDOW_MINUTES: i64 = 30;

/// The operator's view of one container group Get, judged at `now` (the server's clock).
pub fn service_status_at(service: &str, cg: &ContainerGroup, now: DateTime<Utc>) -> ServiceStatus {
    let p = &cg.properties;
    let mut events: Vec<ContainerEvent> = Vec::new();
    if let Some(iv) = &p.instance_view {
        events.extend(iv.events.iter().map(event));
    }
    let mut restart_count = 0u32;
    let mut started_at = None;
    let mut cpu = 0.0;
    let mut mem = 0.0;
    let mut container_trouble: Option<String> = None;
    let mut crash_loop: Option<String> = None;
    for c in &p.containers {
        if let Some(r) = &c.properties.resources {
            cpu += r.requests.cpu;
            mem += r.requests.memory_in_gb;
        }
        let Some(iv) = &c.properties.instance_view else {
            continue;
        };
        restart_count = restart_count.saturating_add(iv.restart_count.unwrap_or(0));
        events.extend(iv.events.iter().map(event));
        let restarts = iv.restart_count.unwrap_or(0);
        if let Some(prev) = iv.previous_state.as_ref().filter(|_| restarts > 0)
            && is(prev.state.as_deref(), "Terminated")
            && prev.exit_code.is_some_and(|code| code != 0)
            && prev
                .finish_time
                .is_some_and(|t| now - t < chrono::Duration::minutes(CRASH_LOOP_WINDOW_MINUTES))
            && crash_loop.is_none()
        {
            crash_loop = Some(format!(
                "container {} crashed {restarts}× (last exit code {}{} at {})",
                c.name,
                prev.exit_code.unwrap_or_default(),
                prev.detail_status
                    .as_deref()
                    .filter(|d| !d.is_empty())
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default(),
                prev.finish_time
                    .map(|t| t.format("%H:%M UTC").to_string())
                    .unwrap_or_default()
            ));
        }
        if let Some(cur) = &iv.current_state {
            if is(cur.state.as_deref(), "Running") {
                started_at = started_at.or(cur.start_time);
            } else if container_trouble.is_none() {
                let detail = cur
                    .detail_status
                    .clone()
                    .filter(|d| !d.is_empty())
                    .or_else(|| {
                        iv.previous_state
                            .as_ref()
                            .and_then(|p| p.detail_status.clone())
                            .filter(|d| !d.is_empty())
                    });
                container_trouble = Some(format!(
                    "container {} {}{}",
                    c.name,
                    cur.state.as_deref().unwrap_or("in unknown state"),
                    detail.map(|d| format!(": {d}")).unwrap_or_default()
                ));
            }
        }
    }
    events.sort_by_key(|e| e.last_timestamp.or(e.first_timestamp));
    let last_warning = events
        .iter()
        .rev()
        .find(|e| !e.kind.eq_ignore_ascii_case("Normal"))
        .or(events.last())
        .map(|e| format!("{}: {}", e.name, e.message));

    let prov = p.provisioning_state.as_deref();
    let group_state = p.instance_view.as_ref().and_then(|iv| iv.state.as_deref());
    let (state, reason) = if is(prov, "Failed") {
        (
            ServiceState::Failed,
            last_warning
                .clone()
                .or(Some("provisioning failed".to_string())),
        )
    } else if p.instance_view.is_none() {
        (
            ServiceState::Unknown,
            Some("no instance view in the answer".to_string()),
        )
    } else {
        match group_state.map(str::to_ascii_lowercase).as_deref() {
            Some("running") if container_trouble.is_some() && restart_count > 0 => {
                (ServiceState::Restarting, container_trouble.clone())
            }
            Some("running") if container_trouble.is_some() => {
                (ServiceState::Pending, container_trouble.clone())
            }
            Some("running") if crash_loop.is_some() => (ServiceState::Restarting, crash_loop),
            Some("running") => (ServiceState::Running, None),
            Some("pending") | Some("creating") | Some("starting") => {
                (ServiceState::Pending, last_warning.clone())
            }
            Some("restarting") | Some("repairing") => {
                (ServiceState::Restarting, container_trouble.or(last_warning))
            }
            Some("stopped") | Some("succeeded") | Some("terminated") => {
                (ServiceState::Stopped, None)
            }
            Some("failed") => (
                ServiceState::Failed,
                container_trouble.or(last_warning.clone()),
            ),
            Some(_) => (
                ServiceState::Unknown,
                Some(format!(
                    "Azure reports state `{}`",
                    group_state.unwrap_or_default()
                )),
            ),
            None if is(prov, "Creating") || is(prov, "Pending") || is(prov, "Updating") => (
                ServiceState::Pending,
                prov.map(|s| format!("provisioning {s}")),
            ),
            None => (ServiceState::Unknown, Some("no state reported".to_string())),
        }
    };
    ServiceStatus {
        service: service.to_string(),
        container_group: cg.name.clone(),
        resource_id: cg.id.clone(),
        state,
        reason,
        provisioning_state: p.provisioning_state.clone(),
        restart_count,
        started_at: if state == ServiceState::Running {
            started_at
        } else {
            None
        },
        cpu_request_cores: cpu,
        memory_request_gb: mem,
        image: p
            .containers
            .first()
            .and_then(|c| c.properties.image.clone()),
        ip_address: p.ip_address.as_ref().and_then(|ip| ip.ip.clone()),
        events,
    }
}

/// A status for a container group that could not be read (shown, not hidden).
pub fn unknown_status(
    service: &str,
    container_group: &str,
    id: &str,
    reason: String,
) -> ServiceStatus {
    ServiceStatus {
        service: service.to_string(),
        container_group: container_group.to_string(),
        resource_id: id.to_string(),
        state: ServiceState::Unknown,
        reason: Some(reason),
        provisioning_state: None,
        restart_count: 0,
        started_at: None,
        cpu_request_cores: 0.0,
        memory_request_gb: 0.0,
        image: None,
        ip_address: None,
        events: Vec::new(),
    }
}

/// State from a Resource Graph row: cheaper and coarser than a Get.
pub fn state_from_words(state: Option<&str>, provisioning: Option<&str>) -> ServiceState {
    if is(provisioning, "Failed") {
        return ServiceState::Failed;
    }
    match state.map(str::to_ascii_lowercase).as_deref() {
        Some("running") => ServiceState::Running,
        Some("pending") | Some("creating") | Some("starting") => ServiceState::Pending,
        Some("restarting") | Some("repairing") => ServiceState::Restarting,
        Some("stopped") | Some("succeeded") | Some("terminated") => ServiceState::Stopped,
        Some("failed") => ServiceState::Failed,
        _ => ServiceState::Unknown,
    }
}

pub fn severity(s: &str) -> Option<Severity> {
    match s.trim().to_ascii_lowercase().as_str() {
        "sev0" | "0" => Some(Severity::Sev0),
        "sev1" | "1" => Some(Severity::Sev1),
        "sev2" | "2" => Some(Severity::Sev2),
        "sev3" | "3" => Some(Severity::Sev3),
        "sev4" | "4" => Some(Severity::Sev4),
        _ => None,
    }
}

pub fn alert_state(s: &str) -> Option<AlertState> {
    match s.to_ascii_lowercase().as_str() {
        "new" => Some(AlertState::New),
        "acknowledged" => Some(AlertState::Acknowledged),
        "closed" => Some(AlertState::Closed),
        _ => None,
    }
}

pub fn alert_state_word(s: AlertState) -> &'static str {
    match s {
        AlertState::New => "New",
        AlertState::Acknowledged => "Acknowledged",
        AlertState::Closed => "Closed",
    }
}

/// `Err` names the field Azure sent a value for that eduops does not know.
pub fn alert(a: &AlertResource, t: Option<&EnvTargets>) -> Result<Alert, String> {
    let e = &a.properties.essentials;
    let sev = severity(&e.severity).ok_or_else(|| format!("severity `{}`", e.severity))?;
    let state =
        alert_state(&e.alert_state).ok_or_else(|| format!("alertState `{}`", e.alert_state))?;
    let condition = match e.monitor_condition.to_ascii_lowercase().as_str() {
        "fired" => MonitorCondition::Fired,
        "resolved" => MonitorCondition::Resolved,
        _ => return Err(format!("monitorCondition `{}`", e.monitor_condition)),
    };
    let target_name = e.target_resource_name.clone().unwrap_or_else(|| {
        e.target_resource
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string()
    });
    let is_container_group = e
        .target_resource
        .to_ascii_lowercase()
        .contains("/microsoft.containerinstance/containergroups/");
    let target_service = t
        .filter(|_| is_container_group)
        .and_then(|t| t.service_of(&target_name))
        .map(str::to_string);
    Ok(Alert {
        id: a.id.clone(),
        name: a.name.clone(),
        severity: sev,
        state,
        condition,
        target_resource: e.target_resource.clone(),
        target_service,
        fired_at: e.start_date_time,
        resolved_at: if condition == MonitorCondition::Resolved {
            e.monitor_condition_resolved_date_time
        } else {
            None
        },
        signal_type: e.signal_type.clone(),
        monitor_service: e.monitor_service.clone(),
        description: e.description.clone().filter(|d| !d.is_empty()),
    })
}

/// CPU (millicores) and memory (bytes) as percent of what the group requested.
pub fn usage(
    resource_id: &str,
    metrics: &[Metric],
    cpu_cores: f64,
    memory_gb: f64,
) -> ResourceUsage {
    let series = |name: &str, capacity: f64| -> Vec<MetricPoint> {
        let Some(m) = metrics
            .iter()
            .find(|m| m.name.value.eq_ignore_ascii_case(name))
        else {
            return Vec::new();
        };
        let mut points: Vec<MetricPoint> = m
            .timeseries
            .iter()
            .flat_map(|ts| ts.data.iter())
            .map(|d| MetricPoint {
                time: d.time_stamp,
                value: d
                    .average
                    .or(d.maximum)
                    .filter(|_| capacity > 0.0)
                    .map(|v| v / capacity * 100.0),
            })
            .collect();
        points.sort_by_key(|p| p.time);
        points
    };
    ResourceUsage {
        resource_id: resource_id.to_string(),
        cpu_percent: series(CPU_METRIC, cpu_cores * 1000.0),
        memory_percent: series(MEMORY_METRIC, memory_gb * GIB),
    }
}

fn unix(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.and_then(|s| Utc.timestamp_opt(s, 0).single())
}

pub fn secret(item: &SecretItem) -> Option<SecretInfo> {
    Some(SecretInfo {
        name: item.name()?.to_string(),
        enabled: item.attributes.enabled.unwrap_or(true),
        expires: unix(item.attributes.exp),
        updated: unix(item.attributes.updated),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(instance_view: serde_json::Value, group_state: &str) -> ContainerGroup {
        serde_json::from_value(serde_json::json!({
            "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/ci-x",
            "name": "ci-x",
            "properties": {
                "provisioningState": "Succeeded",
                "containers": [{"name": "ci-x", "properties": {
                    "resources": {"requests": {"cpu": 2, "memoryInGB": 4}},
                    "instanceView": instance_view}}],
                "instanceView": {"state": group_state, "events": []}
            }
        }))
        .unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_recent_crash_while_running_is_a_crash_loop() {
        let iv = serde_json::json!({
            "restartCount": 7,
            "currentState": {"state": "Running", "startTime": "2026-11-27T10:58:51Z"},
            "previousState": {"state": "Terminated", "finishTime": "2026-11-27T10:57:21Z", "exitCode": 1, "detailStatus": "Error"},
            "events": [{"name": "BackOff", "type": "Warning", "message": "Back-off restarting failed container", "count": 7}]
        });
        let cg = group(iv, "Running");
        let s = service_status_at("x", &cg, at("2026-11-27T11:00:00Z"));
        assert_eq!(s.state, ServiceState::Restarting);
        assert_eq!(s.restart_count, 7);
        let reason = s.reason.unwrap();
        assert!(
            reason.contains("crashed 7×") && reason.contains("exit code 1"),
            "{reason}"
        );
        // An hour later with no new crash it is simply running.
        let s = service_status_at("x", &cg, at("2026-11-27T12:00:00Z"));
        assert_eq!(s.state, ServiceState::Running);
        assert_eq!(s.started_at, Some(at("2026-11-27T10:58:51Z")));
    }

    #[test]
    fn waiting_container_with_restarts_is_restarting() {
        let iv = serde_json::json!({
            "restartCount": 3,
            "currentState": {"state": "Waiting", "detailStatus": "CrashLoopBackOff"}
        });
        let s = service_status_at("x", &group(iv, "Running"), at("2026-11-27T12:00:00Z"));
        assert_eq!(s.state, ServiceState::Restarting);
        assert!(s.reason.unwrap().contains("CrashLoopBackOff"));
    }

    #[test]
    fn stopped_and_unknown_states() {
        let iv = serde_json::json!({"restartCount": 0, "currentState": {"state": "Terminated"}});
        assert_eq!(
            service_status_at(
                "x",
                &group(iv.clone(), "Stopped"),
                at("2026-11-27T12:00:00Z")
            )
            .state,
            ServiceState::Stopped
        );
        let s = service_status_at("x", &group(iv, "Hibernating"), at("2026-11-27T12:00:00Z"));
        assert_eq!(s.state, ServiceState::Unknown);
        assert!(s.reason.unwrap().contains("Hibernating"));
    }

    #[test]
    fn usage_is_percent_of_requested_and_keeps_gaps() {
        let m: Vec<Metric> = serde_json::from_value(serde_json::json!([
            {"id": "a", "name": {"value": "CpuUsage"}, "timeseries": [{"data": [
                {"timeStamp": "2026-11-27T10:00:00Z", "average": 1000.0},
                {"timeStamp": "2026-11-27T10:01:00Z"}]}]},
            {"id": "b", "name": {"value": "MemoryUsage"}, "timeseries": [{"data": [
                {"timeStamp": "2026-11-27T10:00:00Z", "average": 2147483648.0}]}]}
        ]))
        .unwrap();
        let u = usage("id", &m, 2.0, 4.0);
        assert_eq!(u.cpu_percent[0].value, Some(50.0));
        assert_eq!(u.cpu_percent[1].value, None);
        assert_eq!(u.memory_percent[0].value, Some(50.0));
    }
}
