//! Microsoft.AlertsManagement (api-version 2019-03-01): fired alerts and their state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "2019-03-01";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct AlertResource {
    pub id: String,
    pub name: String,
    pub properties: AlertProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct AlertProperties {
    pub essentials: Essentials,
}

/// Everything on-call needs; what eduops shows is required.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Essentials {
    pub severity: String,
    pub alert_state: String,
    pub monitor_condition: String,
    pub target_resource: String,
    pub start_date_time: DateTime<Utc>,
    #[serde(default)]
    pub signal_type: Option<String>,
    #[serde(default)]
    pub monitor_service: Option<String>,
    #[serde(default)]
    pub target_resource_name: Option<String>,
    #[serde(default)]
    pub target_resource_group: Option<String>,
    #[serde(default)]
    pub target_resource_type: Option<String>,
    #[serde(default)]
    pub alert_rule: Option<String>,
    #[serde(default)]
    pub last_modified_date_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_modified_user_name: Option<String>,
    #[serde(default)]
    pub monitor_condition_resolved_date_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Body of `changestate` (2019-03-01 takes the comment in the body).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ChangeStateBody {
    pub comments: String,
}
