//! Microsoft.ContainerInstance (api-version 2026-05-01): container groups and their logs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "2026-05-01";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub location: Option<String>,
    pub properties: ContainerGroupProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerGroupProperties {
    #[serde(default)]
    pub provisioning_state: Option<String>,
    #[serde(default)]
    pub containers: Vec<Container>,
    /// Only a Get carries it; lists omit it.
    #[serde(default)]
    pub instance_view: Option<GroupInstanceView>,
    #[serde(default)]
    pub ip_address: Option<IpAddress>,
    #[serde(default)]
    pub os_type: Option<String>,
    #[serde(default)]
    pub restart_policy: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GroupInstanceView {
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IpAddress {
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub fqdn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Container {
    pub name: String,
    pub properties: ContainerProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerProperties {
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub resources: Option<ResourceRequirements>,
    #[serde(default)]
    pub instance_view: Option<ContainerInstanceView>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ResourceRequirements {
    pub requests: ResourceRequests,
    #[serde(default)]
    pub limits: Option<ResourceRequests>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequests {
    pub cpu: f64,
    #[serde(rename = "memoryInGB")]
    pub memory_in_gb: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstanceView {
    #[serde(default)]
    pub restart_count: Option<u32>,
    #[serde(default)]
    pub current_state: Option<ContainerState>,
    #[serde(default)]
    pub previous_state: Option<ContainerState>,
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerState {
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub finish_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub exit_code: Option<i64>,
    #[serde(default)]
    pub detail_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub first_timestamp: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_timestamp: Option<DateTime<Utc>>,
}

/// `Containers_ListLogs`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Logs {
    #[serde(default)]
    pub content: String,
}
