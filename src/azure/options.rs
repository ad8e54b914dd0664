//! How the client is configured: endpoints, timeouts, retries, credentials.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use azure_core::credentials::{Secret, TokenCredential};

use crate::config::Settings;
use crate::config::settings::PUBLIC_ARM_URL;

/// Exponential backoff with jitter for idempotent requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

/// Where tokens come from.
#[derive(Clone)]
pub enum CredentialSource {
    /// What an SRE already has, tried in order: `EDUOPS_ACCESS_TOKEN`, an environment service
    /// principal, workload identity, managed identity, the Azure CLI login.
    Default { tenant_id: Option<String> },
    /// A fixed bearer token (a separately started `eduops sim`, scripts).
    StaticToken { token: Secret, label: String },
    /// Any `azure_core` credential (embedding, tests).
    Credential {
        credential: Arc<dyn TokenCredential>,
        label: String,
    },
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Default { tenant_id } => f
                .debug_struct("Default")
                .field("tenant_id", tenant_id)
                .finish(),
            CredentialSource::StaticToken { label, .. } => f
                .debug_struct("StaticToken")
                .field("label", label)
                .finish_non_exhaustive(),
            CredentialSource::Credential { label, .. } => f
                .debug_struct("Credential")
                .field("label", label)
                .finish_non_exhaustive(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Resource Manager base URL, no trailing slash.
    pub arm_url: String,
    /// Metrics batch endpoint, `{region}` replaced by the location; `None`: per-resource metrics
    /// through ARM.
    pub metrics_batch_url: Option<String>,
    /// Key Vault base URL, `{vault}` replaced by the vault name.
    pub key_vault_url: String,
    /// Per attempt, including reading the body.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub credential: CredentialSource,
    /// Fleets larger than this get their state from one Resource Graph query instead of one Get
    /// per container group.
    pub graph_threshold: usize,
    /// Concurrent Gets when fetching container groups one by one.
    pub max_parallel: usize,
    /// Poll interval of long-running operations when Azure sends no `Retry-After`.
    pub lro_poll_delay: Duration,
    /// Longest wait honoured from a `Retry-After` before giving up with `Throttled`.
    pub max_retry_after: Duration,
    /// OAuth scopes (`…/.default`).
    pub arm_scope: String,
    pub metrics_scope: String,
    pub key_vault_scope: String,
}

impl ClientOptions {
    /// Azure (public cloud unless `azure.arm_url` is set). An `arm_url` on this machine (a
    /// separately started `eduops sim`) serves metrics batch and Key Vault under the same base,
    /// like the simulator; the credential chain still applies, so `EDUOPS_ACCESS_TOKEN` is used.
    pub fn from_settings(settings: &Settings) -> Self {
        let arm_url = settings.azure.arm_url.trim_end_matches('/').to_string();
        let timeout = Duration::from_secs(settings.azure.timeout_secs.max(1));
        let credential = CredentialSource::Default {
            tenant_id: settings.azure.tenant_id.clone(),
        };
        let loopback = url::Url::parse(&arm_url)
            .map(|u| super::endpoint::is_loopback(&u))
            .unwrap_or(false);
        if loopback {
            let mut o = ClientOptions::for_simulator(&arm_url, "");
            o.credential = credential;
            o.timeout = timeout;
            return o;
        }
        let public = arm_url == PUBLIC_ARM_URL;
        let configured_batch = settings.azure.metrics_batch_url.trim().to_string();
        let default_batch = crate::config::settings::AzureSettings::default().metrics_batch_url;
        // The default batch host is the public cloud's: elsewhere use ARM metrics unless a batch
        // endpoint was configured for that cloud.
        let metrics_batch_url = Some(configured_batch)
            .filter(|u| !u.is_empty())
            .filter(|u| public || *u != default_batch);
        let key_vault_url = match sovereign_vault_suffix(&arm_url) {
            Some(suffix) if !public => format!("https://{{vault}}.{suffix}"),
            _ => "https://{vault}.vault.azure.net".to_string(),
        };
        let key_vault_scope = key_vault_scope_for(&key_vault_url);
        ClientOptions {
            arm_scope: format!("{arm_url}/.default"),
            metrics_scope: "https://metrics.monitor.azure.com/.default".to_string(),
            key_vault_scope,
            arm_url,
            metrics_batch_url,
            key_vault_url,
            timeout,
            retry: RetryPolicy::default(),
            credential,
            graph_threshold: 60,
            max_parallel: 16,
            lro_poll_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }

    /// The built-in simulator or a separately started `eduops sim`: static token, every API
    /// under the one base URL, loopback http allowed.
    pub fn for_simulator(base_url: &str, token: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_string();
        ClientOptions {
            arm_url: base.clone(),
            metrics_batch_url: Some(base.clone()),
            key_vault_url: format!("{base}/_vault/{{vault}}"),
            timeout: Duration::from_secs(10),
            retry: RetryPolicy {
                max_retries: 3,
                base_delay: Duration::from_millis(100),
                max_delay: Duration::from_secs(5),
            },
            credential: CredentialSource::StaticToken {
                token: Secret::new(token.to_string()),
                label: "simulator token".to_string(),
            },
            graph_threshold: 60,
            max_parallel: 16,
            lro_poll_delay: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            arm_scope: format!("{base}/.default"),
            metrics_scope: format!("{base}/.default"),
            key_vault_scope: format!("{base}/.default"),
        }
    }

    /// The Key Vault base URL of `vault`.
    pub fn vault_url(&self, vault: &str) -> String {
        self.key_vault_url
            .replace("{vault}", &super::endpoint::segment(vault))
            .trim_end_matches('/')
            .to_string()
    }

    /// The metrics batch base URL for `region`, if batch metrics are configured.
    pub fn batch_url(&self, region: &str) -> Option<String> {
        self.metrics_batch_url.as_ref().map(|t| {
            t.replace("{region}", &super::endpoint::segment(region))
                .trim_end_matches('/')
                .to_string()
        })
    }
}

fn sovereign_vault_suffix(arm_url: &str) -> Option<&'static str> {
    if arm_url.contains("chinacloudapi.cn") {
        Some("vault.azure.cn")
    } else if arm_url.contains("usgovcloudapi.net") {
        Some("vault.usgovcloudapi.net")
    } else {
        None
    }
}

/// `https://{vault}.vault.azure.net` → `https://vault.azure.net/.default`.
fn key_vault_scope_for(template: &str) -> String {
    match template.strip_prefix("https://{vault}.") {
        Some(suffix) => format!("https://{suffix}/.default"),
        None => "https://vault.azure.net/.default".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_cloud_defaults() {
        let o = ClientOptions::from_settings(&Settings::default());
        assert_eq!(o.arm_url, "https://management.azure.com");
        assert_eq!(o.arm_scope, "https://management.azure.com/.default");
        assert_eq!(o.key_vault_scope, "https://vault.azure.net/.default");
        assert_eq!(
            o.vault_url("kv-ai-education-platform-prod"),
            "https://kv-ai-education-platform-prod.vault.azure.net"
        );
        assert_eq!(
            o.batch_url("koreacentral").as_deref(),
            Some("https://koreacentral.metrics.monitor.azure.com")
        );
    }

    #[test]
    fn loopback_arm_url_is_a_simulator_with_the_credential_chain() {
        let mut settings = Settings::default();
        settings.azure.arm_url = "http://127.0.0.1:8123/".into();
        let o = ClientOptions::from_settings(&settings);
        assert_eq!(o.arm_url, "http://127.0.0.1:8123");
        assert_eq!(
            o.batch_url("koreacentral").as_deref(),
            Some("http://127.0.0.1:8123")
        );
        assert_eq!(o.vault_url("kv"), "http://127.0.0.1:8123/_vault/kv");
        assert!(matches!(o.credential, CredentialSource::Default { .. }));
    }

    #[test]
    fn sovereign_cloud_uses_its_vault_domain_and_arm_metrics() {
        let mut settings = Settings::default();
        settings.azure.arm_url = "https://management.chinacloudapi.cn".into();
        let o = ClientOptions::from_settings(&settings);
        assert_eq!(o.vault_url("kv"), "https://kv.vault.azure.cn");
        assert_eq!(o.key_vault_scope, "https://vault.azure.cn/.default");
        assert_eq!(o.batch_url("chinaeast2"), None);
    }

    #[test]
    fn simulator_serves_everything_from_one_base() {
        let o = ClientOptions::for_simulator("http://127.0.0.1:9999/", "t");
        assert_eq!(o.arm_url, "http://127.0.0.1:9999");
        assert_eq!(o.vault_url("kv"), "http://127.0.0.1:9999/_vault/kv");
        assert_eq!(o.batch_url("x").as_deref(), Some("http://127.0.0.1:9999"));
        assert!(!format!("{:?}", o).contains("\"t\""));
    }
}
