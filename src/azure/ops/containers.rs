//! Container groups: state (Get with instanceView, in parallel), logs, restart/start/stop.

use azure_core::http::Method;
use futures::StreamExt;

use crate::azure::client::{AzureClient, GroupFacts, subscription};
use crate::azure::convert;
use crate::azure::endpoint::segment;
use crate::azure::error::AzureError;
use crate::azure::http::limits;
use crate::azure::log_tail::LogTail;
use crate::azure::lro::Mutation;
use crate::azure::models::containers::{API_VERSION, ContainerGroup};
use crate::config::EnvTargets;
use crate::model::{ServiceState, ServiceStatus};

impl AzureClient {
    fn group_path(t: &EnvTargets, name: &str) -> Result<String, AzureError> {
        Ok(format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerInstance/containerGroups/{}",
            subscription(&t.subscription_id)?,
            segment(&t.resource_group),
            segment(name)
        ))
    }

    /// One container group, with its instance view.
    pub async fn container_group(
        &self,
        t: &EnvTargets,
        name: &str,
    ) -> Result<ContainerGroup, AzureError> {
        let url = self.arm_url(&Self::group_path(t, name)?, &[("api-version", API_VERSION)])?;
        let cg: ContainerGroup = self.arm_get(url, "container group").await?;
        let (mut cpu, mut mem) = (0.0, 0.0);
        for c in &cg.properties.containers {
            if let Some(r) = &c.properties.resources {
                cpu += r.requests.cpu;
                mem += r.requests.memory_in_gb;
            }
        }
        self.remember(
            &cg.id,
            GroupFacts {
                cpu_cores: cpu,
                memory_gb: mem,
                containers: cg
                    .properties
                    .containers
                    .iter()
                    .map(|c| c.name.clone())
                    .collect(),
            },
        );
        Ok(cg)
    }

    /// Container groups of a resource group, as listed (no instanceView), every page.
    pub async fn list_container_groups(
        &self,
        t: &EnvTargets,
    ) -> Result<Vec<ContainerGroup>, AzureError> {
        let path = format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerInstance/containerGroups",
            subscription(&t.subscription_id)?,
            segment(&t.resource_group)
        );
        let url = self.arm_url(&path, &[("api-version", API_VERSION)])?;
        self.arm_get_all(url, "container group list").await
    }

    /// One status per service, in the targets' order. Small fleets: one Get each, in parallel.
    /// Fleets above `graph_threshold`: one Resource Graph query for all, then a Get only for the
    /// groups that are not running (where the reason and events matter).
    pub async fn service_statuses(&self, t: &EnvTargets) -> Result<Vec<ServiceStatus>, AzureError> {
        if t.services.len() > self.opts().graph_threshold {
            return self.service_statuses_via_graph(t).await;
        }
        let names: Vec<(String, String)> = t.services.clone();
        self.statuses_by_get(t, &names).await
    }

    async fn statuses_by_get(
        &self,
        t: &EnvTargets,
        names: &[(String, String)],
    ) -> Result<Vec<ServiceStatus>, AzureError> {
        let parallel = self.parallelism();
        // Futures collected first: a closure inside the stream type makes the whole future
        // fail `tokio::spawn`'s Send check ("FnOnce is not general enough").
        let gets: Vec<_> = names
            .iter()
            .map(|(_, cg)| self.container_group(t, cg))
            .collect();
        let results: Vec<Result<ContainerGroup, AzureError>> = futures::stream::iter(gets)
            .buffered(parallel)
            .collect()
            .await;
        // Judged on the server's clock ("crashed 3 minutes ago"). Once a Get has answered, that
        // clock is known and costs no request; with no answer at all there is nothing to judge.
        let now = if results.iter().any(Result::is_ok) {
            self.server_now().await
        } else {
            chrono::DateTime::<chrono::Utc>::MIN_UTC
        };
        let mut out = Vec::with_capacity(names.len());
        let mut first_error = None;
        let mut failures = 0;
        for ((service, cg_name), r) in names.iter().zip(results) {
            match r {
                Ok(cg) => out.push(convert::service_status_at(service, &cg, now)),
                Err(e) if e.is_not_found() => out.push(convert::unknown_status(
                    service,
                    cg_name,
                    &t.container_group_id(cg_name),
                    format!(
                        "container group {cg_name} not found in {}",
                        t.resource_group
                    ),
                )),
                Err(e) => {
                    failures += 1;
                    out.push(convert::unknown_status(
                        service,
                        cg_name,
                        &t.container_group_id(cg_name),
                        e.to_string(),
                    ));
                    first_error.get_or_insert(e);
                }
            }
        }
        // Nothing readable at all is an outage of our view, not six unknown services.
        match first_error {
            Some(e) if failures == names.len() => Err(e),
            _ => Ok(out),
        }
    }

    async fn service_statuses_via_graph(
        &self,
        t: &EnvTargets,
    ) -> Result<Vec<ServiceStatus>, AzureError> {
        let fleet = self
            .fleet_states(&t.subscription_id, Some(&t.resource_group))
            .await?;
        let by_name: std::collections::HashMap<String, &crate::azure::ops::graph::FleetMember> =
            fleet
                .iter()
                .map(|m| (m.name.to_ascii_lowercase(), m))
                .collect();
        let mut out = Vec::with_capacity(t.services.len());
        let mut detail: Vec<(usize, (String, String))> = Vec::new();
        for (service, cg) in &t.services {
            match by_name.get(&cg.to_ascii_lowercase()) {
                Some(m) => {
                    let mut s = convert::unknown_status(service, cg, &m.id, String::new());
                    s.state = m.state;
                    s.reason = None;
                    s.provisioning_state = m.provisioning_state.clone();
                    if m.state != ServiceState::Running {
                        detail.push((out.len(), (service.clone(), cg.clone())));
                    }
                    out.push(s);
                }
                None => out.push(convert::unknown_status(
                    service,
                    cg,
                    &t.container_group_id(cg),
                    format!("container group {cg} not found in {}", t.resource_group),
                )),
            }
        }
        let names: Vec<(String, String)> = detail.iter().map(|(_, n)| n.clone()).collect();
        if !names.is_empty()
            && let Ok(detailed) = self.statuses_by_get(t, &names).await
        {
            for ((i, _), s) in detail.iter().zip(detailed) {
                out[*i] = s;
            }
        }
        Ok(out)
    }

    pub(crate) fn parallelism(&self) -> usize {
        let max = self.opts().max_parallel.max(1);
        // Fewer at once when the read budget is nearly spent.
        match self.stats().ratelimit_remaining_reads {
            Some(n) if n < 100 => 1.max(max / 4),
            _ => max,
        }
    }

    /// The last `tail` lines of the group's first container (or the one named like the group).
    pub async fn container_logs(
        &self,
        t: &EnvTargets,
        container_group: &str,
        tail: u32,
    ) -> Result<String, AzureError> {
        let id = t.container_group_id(container_group);
        let facts = match self.facts(&id) {
            Some(f) => f,
            None => {
                self.container_group(t, container_group).await?;
                self.facts(&id)
                    .ok_or_else(|| AzureError::parse("container group", "no containers listed"))?
            }
        };
        let container = facts
            .containers
            .iter()
            .find(|c| container_group.contains(c.as_str()))
            .or(facts.containers.first())
            .ok_or_else(|| AzureError::parse("container group", "no containers listed"))?;
        let path = format!(
            "{}/containers/{}/logs",
            Self::group_path(t, container_group)?,
            segment(container)
        );
        let tail_param = tail.to_string();
        let url = self.arm_url(
            &path,
            &[("api-version", API_VERSION), ("tail", &tail_param)],
        )?;
        // Streamed: a server that ignores `tail` costs the lines kept, not the whole answer.
        let mut kept = LogTail::new(tail_lines(tail));
        self.arm_get_into(url, "container logs", limits::LOG_STREAM, &mut kept)
            .await?;
        kept.finish()
            .map_err(|e| AzureError::parse("container logs", e))
    }

    async fn group_action(
        &self,
        t: &EnvTargets,
        name: &str,
        action: &str,
    ) -> Result<Mutation, AzureError> {
        if name.trim().is_empty() {
            return Err(AzureError::Invalid("empty container group name".into()));
        }
        let path = format!("{}/{action}", Self::group_path(t, name)?);
        let url = self.arm_url(&path, &[("api-version", API_VERSION)])?;
        self.mutate::<()>(Method::Post, url, None, &format!("{action} {name}"))
            .await
    }

    /// Restarts every container of the group in place (204).
    pub async fn restart_container_group(
        &self,
        t: &EnvTargets,
        name: &str,
    ) -> Result<Mutation, AzureError> {
        self.group_action(t, name, "restart").await
    }

    /// 202 with `Azure-AsyncOperation`, or 204.
    pub async fn start_container_group(
        &self,
        t: &EnvTargets,
        name: &str,
    ) -> Result<Mutation, AzureError> {
        self.group_action(t, name, "start").await
    }

    pub async fn stop_container_group(
        &self,
        t: &EnvTargets,
        name: &str,
    ) -> Result<Mutation, AzureError> {
        self.group_action(t, name, "stop").await
    }
}

fn tail_lines(tail: u32) -> usize {
    usize::try_from(tail).unwrap_or(usize::MAX)
}
