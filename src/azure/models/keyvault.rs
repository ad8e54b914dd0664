//! Key Vault secrets (data plane, api-version 7.6): metadata only, never a value.

use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "7.6";

/// An item of `GetSecrets` (or the value-less bundle of `UpdateSecret`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretItem {
    pub id: String,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub attributes: SecretAttributes,
    #[serde(default)]
    pub managed: Option<bool>,
}

/// Times are Unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretAttributes {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub nbf: Option<i64>,
    #[serde(default)]
    pub exp: Option<i64>,
    #[serde(default)]
    pub created: Option<i64>,
    #[serde(default)]
    pub updated: Option<i64>,
    #[serde(default)]
    pub recovery_level: Option<String>,
}

impl SecretItem {
    /// The secret's name: the segment after `/secrets/` in its id.
    pub fn name(&self) -> Option<&str> {
        let rest = self.id.split("/secrets/").nth(1)?;
        rest.split('/').next().filter(|s| !s.is_empty())
    }
}
