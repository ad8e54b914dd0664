//! Azure Resource Graph (api-version 2024-04-01): one query for a whole fleet, paged with
//! `$skipToken`.

use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "2024-04-01";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct QueryRequest {
    pub subscriptions: Vec<String>,
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<QueryOptions>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct QueryOptions {
    #[serde(
        rename = "$skipToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_token: Option<String>,
    #[serde(rename = "$top", default, skip_serializing_if = "Option::is_none")]
    pub top: Option<u32>,
    #[serde(
        rename = "resultFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub result_format: Option<String>,
}

/// `data` is the object array format (rows as JSON objects).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResponse<T> {
    pub total_records: u64,
    pub count: u64,
    #[serde(default)]
    pub result_truncated: Option<String>,
    #[serde(rename = "$skipToken", default)]
    pub skip_token: Option<String>,
    pub data: Vec<T>,
}

/// A row of the container group query eduops sends (see `ops::graph`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerGroupRow {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub resource_group: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub provisioning_state: Option<String>,
}

/// The generic row of the official examples.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ResourceRow {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
}
