//! Azure Container Registry: image import (ARM) and repository listing (data plane), used by the
//! ops guide's image backup step.

use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "2025-04-01";
pub const DATA_PLANE_API_VERSION: &str = "2021-07-01";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportImageRequest {
    pub source: ImportSource,
    #[serde(default)]
    pub target_tags: Vec<String>,
    #[serde(default)]
    pub mode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSource {
    pub source_image: String,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub registry_uri: Option<String>,
}

/// `GET /acr/v1/_catalog`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Repositories {
    #[serde(default)]
    pub repositories: Vec<String>,
}

/// `GET /acr/v1/{name}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryAttributes {
    #[serde(default)]
    pub registry: Option<String>,
    #[serde(rename = "imageName")]
    pub image_name: String,
    #[serde(default)]
    pub manifest_count: Option<u64>,
    #[serde(default)]
    pub tag_count: Option<u64>,
    #[serde(default)]
    pub last_update_time: Option<String>,
}
