//! Azure Monitor (Microsoft.Insights): metrics, the metrics batch data plane, metric alert rules,
//! their status, metric definitions and the activity log.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::common::LocalizableString;

pub const METRICS_API_VERSION: &str = "2024-02-01";
pub const METRIC_ALERTS_API_VERSION: &str = "2018-03-01";
pub const ACTIVITY_LOG_API_VERSION: &str = "2015-04-01";
/// Namespace of Azure Container Instances metrics.
pub const ACI_NAMESPACE: &str = "Microsoft.ContainerInstance/containerGroups";
/// Millicores.
pub const CPU_METRIC: &str = "CpuUsage";
/// Bytes.
pub const MEMORY_METRIC: &str = "MemoryUsage";

/// `Metrics_List` response.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsResponse {
    #[serde(default)]
    pub cost: Option<f64>,
    pub timespan: String,
    #[serde(default)]
    pub interval: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub resourceregion: Option<String>,
    pub value: Vec<Metric>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metric {
    pub id: String,
    pub name: LocalizableString,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub display_description: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub timeseries: Vec<TimeSeries>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct TimeSeries {
    #[serde(default)]
    pub metadatavalues: Vec<MetadataValue>,
    #[serde(default)]
    pub data: Vec<MetricValue>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MetadataValue {
    pub name: LocalizableString,
    #[serde(default)]
    pub value: Option<String>,
}

/// One point; Azure omits every aggregate where it has no data.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricValue {
    pub time_stamp: DateTime<Utc>,
    #[serde(default)]
    pub average: Option<f64>,
    #[serde(default)]
    pub minimum: Option<f64>,
    #[serde(default)]
    pub maximum: Option<f64>,
    #[serde(default)]
    pub total: Option<f64>,
    #[serde(default)]
    pub count: Option<f64>,
}

/// `metrics:getBatch` request body (data plane, lowercase fields).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct BatchRequest {
    pub resourceids: Vec<String>,
}

/// `metrics:getBatch` response.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct BatchResponse {
    #[serde(default)]
    pub values: Vec<BatchMetricsResult>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct BatchMetricsResult {
    #[serde(default)]
    pub starttime: Option<String>,
    #[serde(default)]
    pub endtime: Option<String>,
    #[serde(default)]
    pub interval: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub resourceregion: Option<String>,
    pub resourceid: String,
    pub value: Vec<Metric>,
}

/// `MetricDefinitions_List` response.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MetricDefinitions {
    pub value: Vec<MetricDefinition>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricDefinition {
    pub name: LocalizableString,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub primary_aggregation_type: Option<String>,
    #[serde(default)]
    pub metric_availabilities: Vec<MetricAvailability>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricAvailability {
    #[serde(default)]
    pub time_grain: Option<String>,
    #[serde(default)]
    pub retention: Option<String>,
}

/// A metric alert rule (`microsoft.insights/metricAlerts`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MetricAlertRule {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    pub properties: MetricAlertProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricAlertProperties {
    #[serde(default)]
    pub description: Option<String>,
    pub severity: u8,
    pub enabled: bool,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub evaluation_frequency: Option<String>,
    #[serde(default)]
    pub window_size: Option<String>,
    #[serde(default)]
    pub criteria: Option<MetricAlertCriteria>,
    #[serde(default)]
    pub auto_mitigate: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricAlertCriteria {
    #[serde(rename = "odata.type")]
    pub odata_type: String,
    #[serde(default)]
    pub all_of: Vec<MetricCriterion>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricCriterion {
    #[serde(default)]
    pub name: Option<String>,
    pub metric_name: String,
    #[serde(default)]
    pub operator: Option<String>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub time_aggregation: Option<String>,
}

/// `MetricAlertsStatus_List` response.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MetricAlertStatusCollection {
    #[serde(default)]
    pub value: Vec<MetricAlertStatus>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MetricAlertStatus {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    pub properties: MetricAlertStatusProperties,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MetricAlertStatusProperties {
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    pub status: String,
    #[serde(default)]
    pub timestamp: Option<DateTime<Utc>>,
}

/// An activity log event (`ActivityLogs_List`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityLogEvent {
    #[serde(default)]
    pub caller: Option<String>,
    #[serde(default)]
    pub correlation_id: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub operation_name: Option<LocalizableString>,
    #[serde(default)]
    pub status: Option<LocalizableString>,
    pub event_timestamp: DateTime<Utc>,
}
