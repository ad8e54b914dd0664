//! Shapes shared by every Resource Manager provider: lists, errors, operation status.

use serde::{Deserialize, Serialize};

/// One page of a list operation. `nextLink` is a full URL to follow as given.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(default)]
    pub next_link: Option<String>,
}

/// ARM's error envelope: `{"error": {"code", "message", "details"}}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ArmErrorBody {
    pub error: ArmErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ArmErrorDetail {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub details: Vec<ArmErrorDetail>,
}

/// Body of an `Azure-AsyncOperation` status URL.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationStatusBody {
    pub status: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub error: Option<ArmErrorDetail>,
}

/// The `{"value", "localizedValue"}` pair Azure Monitor uses for names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalizableString {
    pub value: String,
    #[serde(default)]
    pub localized_value: Option<String>,
}
