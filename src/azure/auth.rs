//! Tokens: the credential chain an SRE expects (azure_identity 1.x has no
//! `DefaultAzureCredential`), a per-scope cache refreshed before expiry, and forced refresh after
//! a 401.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use azure_core::credentials::{Secret, TokenCredential};
use azure_core::time::OffsetDateTime;
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientSecretCredential,
    ManagedIdentityCredential, WorkloadIdentityCredential,
};
use tokio::sync::Mutex;

use super::error::AzureError;
use super::options::CredentialSource;

pub const TOKEN_ENV: &str = "EDUOPS_ACCESS_TOKEN";

/// Refresh this long before a token expires, so a request never leaves with a dying token.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// Managed identity is probed on every machine; off Azure the endpoint may not answer at all.
const MANAGED_IDENTITY_PROBE: Duration = Duration::from_secs(3);
const CLI_TIMEOUT: Duration = Duration::from_secs(20);

struct Candidate {
    label: String,
    credential: Arc<dyn TokenCredential>,
    probe_timeout: Duration,
}

enum Source {
    Static {
        token: Secret,
        label: String,
    },
    Chain {
        candidates: Vec<Candidate>,
        /// Why sources were skipped before any was tried (e.g. env vars missing).
        skipped: Vec<String>,
    },
}

struct Cached {
    token: Secret,
    expires_on: Option<OffsetDateTime>,
}

struct State {
    cache: HashMap<String, Cached>,
    /// Index of the candidate that worked; later refreshes go straight to it.
    selected: Option<usize>,
    identity: Option<String>,
    /// The chain's last failure: within [`FAILURE_HOLD`] every poller gets it at once instead
    /// of probing managed identity and the Azure CLI again, seconds each.
    failed: Option<(std::time::Instant, String)>,
}

/// How long a failed sign-in is answered from memory before the chain is tried again.
const FAILURE_HOLD: Duration = Duration::from_secs(30);

pub struct TokenProvider {
    source: Source,
    state: Mutex<State>,
    /// The label last known to work, readable without awaiting.
    identity: std::sync::Mutex<Option<String>>,
}

impl TokenProvider {
    pub fn new(source: &CredentialSource) -> TokenProvider {
        let source = match source {
            CredentialSource::StaticToken { token, label } => Source::Static {
                token: token.clone(),
                label: label.clone(),
            },
            CredentialSource::Credential { credential, label } => Source::Chain {
                candidates: vec![Candidate {
                    label: label.clone(),
                    credential: credential.clone(),
                    probe_timeout: CLI_TIMEOUT,
                }],
                skipped: Vec::new(),
            },
            CredentialSource::Default { tenant_id } => default_chain(tenant_id.as_deref()),
        };
        let identity = match &source {
            Source::Static { label, .. } => Some(label.clone()),
            Source::Chain { .. } => None,
        };
        TokenProvider {
            source,
            state: Mutex::new(State {
                cache: HashMap::new(),
                selected: None,
                identity: identity.clone(),
                failed: None,
            }),
            identity: std::sync::Mutex::new(identity),
        }
    }

    /// Who we are, for the status bar.
    pub fn identity(&self) -> String {
        self.identity
            .lock()
            .ok()
            .and_then(|g| g.clone())
            .unwrap_or_else(|| "not signed in yet".to_string())
    }

    /// A token for `scope`; `force` skips the cache (after a 401).
    pub async fn token(&self, scope: &str, force: bool) -> Result<Secret, AzureError> {
        let (candidates, skipped) = match &self.source {
            Source::Static { token, .. } => return Ok(token.clone()),
            Source::Chain {
                candidates,
                skipped,
            } => (candidates, skipped),
        };
        // One refresh at a time: concurrent requests wait for it instead of stampeding the CLI.
        let mut state = self.state.lock().await;
        if !force && let Some(c) = state.cache.get(scope) {
            let fresh = c
                .expires_on
                .is_none_or(|exp| exp - OffsetDateTime::now_utc() > time_duration(REFRESH_MARGIN));
            if fresh {
                return Ok(c.token.clone());
            }
        }
        if !force
            && let Some((at, msg)) = &state.failed
            && at.elapsed() < FAILURE_HOLD
        {
            return Err(AzureError::Auth(msg.clone()));
        }
        let order: Vec<usize> = match state.selected {
            Some(i) => vec![i],
            None => (0..candidates.len()).collect(),
        };
        let mut tried = skipped.clone();
        for i in order {
            let c = &candidates[i];
            let attempt =
                tokio::time::timeout(c.probe_timeout, c.credential.get_token(&[scope], None)).await;
            match attempt {
                Ok(Ok(at)) => {
                    tracing::debug!(source = %c.label, scope, "token acquired");
                    state.cache.insert(
                        scope.to_string(),
                        Cached {
                            token: at.token.clone(),
                            expires_on: Some(at.expires_on),
                        },
                    );
                    state.selected = Some(i);
                    state.failed = None;
                    state.identity = Some(c.label.clone());
                    if let Ok(mut id) = self.identity.lock() {
                        *id = Some(c.label.clone());
                    }
                    return Ok(at.token);
                }
                Ok(Err(e)) => tried.push(format!("{}: {}", c.label, first_line(&e.to_string()))),
                Err(_) => tried.push(format!(
                    "{}: no answer within {}s",
                    c.label,
                    c.probe_timeout.as_secs()
                )),
            }
        }
        // The selected credential stopped working (e.g. `az logout`): try the whole chain next time.
        state.selected = None;
        let msg = no_credential_message(&tried);
        state.failed = Some((std::time::Instant::now(), msg.clone()));
        Err(AzureError::Auth(msg))
    }
}

fn time_duration(d: Duration) -> azure_core::time::Duration {
    azure_core::time::Duration::seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn first_line(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    line.chars().take(200).collect()
}

fn no_credential_message(tried: &[String]) -> String {
    // What to do first: panes may have room for only a few lines of this.
    let mut msg = String::from(
        "no Azure credential worked. Sign in with `az login` (then `az account set --subscription ID`), \
         set EDUOPS_ACCESS_TOKEN (e.g. from `az account get-access-token`), or run `eduops --demo` \
         for the built-in simulator.\nTried, in order:",
    );
    for t in tried {
        msg.push_str("\n  - ");
        msg.push_str(t);
    }
    msg
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn default_chain(tenant_id: Option<&str>) -> Source {
    if let Some(token) = env(TOKEN_ENV) {
        return Source::Static {
            token: Secret::new(token),
            label: format!("token from {TOKEN_ENV}"),
        };
    }
    let mut candidates = Vec::new();
    let mut skipped = vec![format!("{TOKEN_ENV}: not set")];
    let tenant = env("AZURE_TENANT_ID").or_else(|| tenant_id.map(str::to_string));

    match (&tenant, env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET")) {
        (Some(t), Some(client), Some(secret)) => {
            match ClientSecretCredential::new(t, client.clone(), Secret::new(secret), None) {
                Ok(c) => candidates.push(Candidate {
                    label: format!("service principal {client}"),
                    credential: c,
                    probe_timeout: CLI_TIMEOUT,
                }),
                Err(e) => {
                    skipped.push(format!("service principal: {}", first_line(&e.to_string())))
                }
            }
        }
        _ => skipped.push(
            "service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET not all set"
                .to_string(),
        ),
    }

    if env("AZURE_FEDERATED_TOKEN_FILE").is_some() {
        match WorkloadIdentityCredential::new(None) {
            Ok(c) => candidates.push(Candidate {
                label: "workload identity".to_string(),
                credential: c,
                probe_timeout: CLI_TIMEOUT,
            }),
            Err(e) => skipped.push(format!("workload identity: {}", first_line(&e.to_string()))),
        }
    } else {
        skipped.push("workload identity: AZURE_FEDERATED_TOKEN_FILE not set".to_string());
    }

    match ManagedIdentityCredential::new(None) {
        Ok(c) => candidates.push(Candidate {
            label: "managed identity".to_string(),
            credential: c,
            probe_timeout: MANAGED_IDENTITY_PROBE,
        }),
        Err(e) => skipped.push(format!("managed identity: {}", first_line(&e.to_string()))),
    }

    let cli_options = AzureCliCredentialOptions {
        tenant_id: tenant.clone(),
        ..Default::default()
    };
    match AzureCliCredential::new(Some(cli_options)) {
        Ok(c) => candidates.push(Candidate {
            label: "Azure CLI".to_string(),
            credential: c,
            probe_timeout: CLI_TIMEOUT,
        }),
        Err(e) => skipped.push(format!("Azure CLI: {}", first_line(&e.to_string()))),
    }
    Source::Chain {
        candidates,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::credentials::{AccessToken, TokenRequestOptions};
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug)]
    struct Counting {
        calls: AtomicU32,
        lifetime_secs: i64,
    }

    #[async_trait::async_trait]
    impl TokenCredential for Counting {
        async fn get_token(
            &self,
            _scopes: &[&str],
            _o: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<AccessToken> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            Ok(AccessToken::new(
                format!("tok-{n}"),
                OffsetDateTime::now_utc() + azure_core::time::Duration::seconds(self.lifetime_secs),
            ))
        }
    }

    #[derive(Debug)]
    struct Failing {
        calls: AtomicU32,
    }

    #[async_trait::async_trait]
    impl TokenCredential for Failing {
        async fn get_token(
            &self,
            _scopes: &[&str],
            _o: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<AccessToken> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                "Please run 'az login' to setup account.",
            ))
        }
    }

    #[tokio::test]
    async fn a_failed_sign_in_is_not_retried_by_every_poller() {
        let f = Arc::new(Failing {
            calls: AtomicU32::new(0),
        });
        let p = TokenProvider::new(&CredentialSource::Credential {
            credential: f.clone(),
            label: "Azure CLI".into(),
        });
        for _ in 0..5 {
            let e = p.token("s", false).await.unwrap_err().to_string();
            assert!(e.contains("az login"), "{e}");
        }
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
        // A forced attempt (after a 401, or the operator asking) goes to the chain again.
        let _ = p.token("s", true).await;
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
    }

    fn provider(lifetime_secs: i64) -> (TokenProvider, Arc<Counting>) {
        let c = Arc::new(Counting {
            calls: AtomicU32::new(0),
            lifetime_secs,
        });
        let p = TokenProvider::new(&CredentialSource::Credential {
            credential: c.clone(),
            label: "test".into(),
        });
        (p, c)
    }

    #[tokio::test]
    async fn caches_until_close_to_expiry() {
        let (p, c) = provider(3600);
        assert_eq!(p.identity(), "not signed in yet");
        assert_eq!(p.token("s", false).await.unwrap().secret(), "tok-0");
        assert_eq!(p.token("s", false).await.unwrap().secret(), "tok-0");
        assert_eq!(c.calls.load(Ordering::SeqCst), 1);
        assert_eq!(p.identity(), "test");
        // A second scope is a second token.
        assert_eq!(p.token("kv", false).await.unwrap().secret(), "tok-1");
        // Forced refresh (after a 401).
        assert_eq!(p.token("s", true).await.unwrap().secret(), "tok-2");
    }

    #[tokio::test]
    async fn refreshes_a_token_about_to_expire() {
        let (p, c) = provider(60);
        p.token("s", false).await.unwrap();
        p.token("s", false).await.unwrap();
        assert_eq!(c.calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn failure_lists_what_was_tried_and_what_to_do() {
        let msg = no_credential_message(&["Azure CLI: az not found".into()]);
        assert!(msg.contains("Azure CLI: az not found"));
        assert!(msg.contains("az login"));
        assert!(msg.contains("--demo"));
    }
}
