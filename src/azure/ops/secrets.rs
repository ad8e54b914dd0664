//! Key Vault secrets: names, enabled flag and expiry from the data plane; never a value.

use crate::azure::client::{AzureClient, build_url};
use crate::azure::convert;
use crate::azure::endpoint::checked_url;
use crate::azure::error::AzureError;
use crate::azure::models::keyvault::{API_VERSION, SecretItem};
use crate::config::EnvTargets;
use crate::model::SecretInfo;

impl AzureClient {
    /// Metadata of every secret in the environment's vault, with its own token scope.
    pub async fn secrets(&self, t: &EnvTargets) -> Result<Vec<SecretInfo>, AzureError> {
        let base = checked_url(&self.opts().vault_url(&t.key_vault))?;
        let url = build_url(
            &base,
            "/secrets",
            &[("api-version", API_VERSION), ("maxresults", "25")],
        )?;
        let scope = self.opts().key_vault_scope.clone();
        let items: Vec<SecretItem> = self
            .inner
            .t
            .get_all(&base, url, &scope, "Key Vault secrets")
            .await?
            .logged("Key Vault secrets");
        let mut out: Vec<SecretInfo> = items.iter().filter_map(convert::secret).collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}
