//! `AzureClient`: one handle for the dashboard, `eduops check` and the tests, whether it talks to
//! Azure or to the simulator.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use azure_core::http::{Method, Url};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use super::endpoint::{checked_url, origin};
use super::error::AzureError;
use super::http::{Call, Reply, Transport};
use super::lro::{Mutation, OperationStatus};
use super::options::ClientOptions;
use super::stats::ClientStats;

/// What a container group Get taught us that later calls need (percent of requested, log
/// container names) without another request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupFacts {
    pub cpu_cores: f64,
    pub memory_gb: f64,
    pub containers: Vec<String>,
}

/// The ops guide requests 2 CPU and 4 GB per service; used until a Get says otherwise.
pub(crate) const DEFAULT_FACTS: (f64, f64) = (2.0, 4.0);

pub(crate) struct Inner {
    pub t: Transport,
    pub arm: Url,
    pub facts: Mutex<HashMap<String, GroupFacts>>,
}

#[derive(Clone)]
pub struct AzureClient {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for AzureClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureClient")
            .field("arm", &origin(&self.inner.arm))
            .field("identity", &self.identity())
            .finish_non_exhaustive()
    }
}

impl AzureClient {
    /// Validates the endpoints (https, or http to loopback only); signs in lazily on first use.
    pub fn new(opts: ClientOptions) -> Result<Self, AzureError> {
        let arm = checked_url(&opts.arm_url)?;
        if let Some(batch) = opts.batch_url("region") {
            checked_url(&batch)?;
        }
        checked_url(&opts.vault_url("vault"))?;
        Ok(AzureClient {
            inner: Arc::new(Inner {
                t: Transport::new(opts),
                arm,
                facts: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// Who eduops acts as, for the status bar ("token from EDUOPS_ACCESS_TOKEN", "Azure CLI", …).
    pub fn identity(&self) -> String {
        self.inner.t.auth.identity()
    }

    /// Who the Resource Manager token says the operator is (`upn`, `unique_name`, … claim),
    /// for the audit log. Only the claim leaves this function, never the token.
    pub async fn operator(&self) -> Option<String> {
        let scope = self.opts().arm_scope.clone();
        let token = self.inner.t.auth.token(&scope, false).await.ok()?;
        crate::audit::operator_from_jwt(token.secret())
    }

    /// The Resource Manager endpoint in use (origin only).
    pub fn endpoint(&self) -> String {
        origin(&self.inner.arm)
    }

    pub fn stats(&self) -> ClientStats {
        self.inner.t.counters.snapshot()
    }

    /// `base` stretched when Azure says the read budget runs low: pollers should sleep this long.
    pub fn poll_interval(&self, base: Duration) -> Duration {
        self.inner.t.poll_interval(base)
    }

    pub(crate) fn opts(&self) -> &ClientOptions {
        &self.inner.t.opts
    }

    /// `{arm}{path}?{query}`; `path` must already be encoded.
    pub(crate) fn arm_url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, AzureError> {
        build_url(&self.inner.arm, path, query)
    }

    pub(crate) async fn arm_get<T: serde::de::DeserializeOwned>(
        &self,
        url: Url,
        what: &str,
    ) -> Result<T, AzureError> {
        let scope = self.opts().arm_scope.clone();
        self.inner
            .t
            .get_json(&self.inner.arm, url, &scope, what)
            .await
    }

    /// A GET whose successful answer streams into `sink` instead of being kept.
    pub(crate) async fn arm_get_into(
        &self,
        url: Url,
        what: &str,
        limit: usize,
        sink: &mut dyn super::http::BodySink,
    ) -> Result<(), AzureError> {
        let call = Call {
            method: Method::Get,
            url,
            base: self.inner.arm.clone(),
            scope: self.opts().arm_scope.clone(),
            body: None,
            idempotent: true,
            what: what.to_string(),
            limit,
        };
        self.inner.t.send_to(call, Some(sink)).await.map(|_| ())
    }

    pub(crate) async fn arm_get_all<T: serde::de::DeserializeOwned>(
        &self,
        url: Url,
        what: &str,
    ) -> Result<Vec<T>, AzureError> {
        let scope = self.opts().arm_scope.clone();
        self.inner
            .t
            .get_all(&self.inner.arm, url, &scope, what)
            .await
            .map(|l| l.logged(what))
    }

    /// A POST that only reads (Resource Graph, metrics batch): retried like a GET.
    pub(crate) async fn query_post<B: Serialize>(
        &self,
        base: &Url,
        url: Url,
        scope: &str,
        body: &B,
        what: &str,
    ) -> Result<Reply, AzureError> {
        let body = serde_json::to_vec(body).map_err(|e| AzureError::Invalid(e.to_string()))?;
        self.inner
            .t
            .send(Call {
                method: Method::Post,
                url,
                base: base.clone(),
                scope: scope.to_string(),
                body: Some(body),
                idempotent: true,
                what: what.to_string(),
                limit: super::http::limits::QUERY,
            })
            .await
    }

    /// A mutation: sent once (a refused connection or a 401 aside, where Azure never acted).
    pub(crate) async fn mutate<B: Serialize>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        what: &str,
    ) -> Result<Mutation, AzureError> {
        let body = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|e| AzureError::Invalid(e.to_string()))?),
            None => None,
        };
        let resource_url = (method == Method::Put).then(|| url.clone());
        let reply = self
            .inner
            .t
            .send(Call {
                method,
                url,
                base: self.inner.arm.clone(),
                scope: self.opts().arm_scope.clone(),
                body,
                idempotent: false,
                what: what.to_string(),
                limit: super::http::limits::ARM,
            })
            .await?;
        tracing::info!(what, status = reply.status, request_id = ?reply.request_id(), "mutation accepted");
        Ok(Mutation::from_reply(&reply, resource_url.as_ref()))
    }

    pub(crate) async fn mutate_reply<B: Serialize>(
        &self,
        url: Url,
        body: &B,
        what: &str,
    ) -> Result<Reply, AzureError> {
        let body = serde_json::to_vec(body).map_err(|e| AzureError::Invalid(e.to_string()))?;
        self.inner
            .t
            .send(Call {
                method: Method::Post,
                url,
                base: self.inner.arm.clone(),
                scope: self.opts().arm_scope.clone(),
                body: Some(body),
                idempotent: false,
                what: what.to_string(),
                limit: super::http::limits::ARM,
            })
            .await
    }

    /// Polls a mutation's long-running operation to its end (immediately `Succeeded` when the
    /// mutation finished in its answer). Cancelling stops polling, not the operation in Azure.
    pub async fn wait_operation(
        &self,
        m: &Mutation,
        cancel: CancellationToken,
    ) -> Result<OperationStatus, AzureError> {
        let Some(op) = &m.operation else {
            return Ok(OperationStatus::Succeeded);
        };
        let scope = self.opts().arm_scope.clone();
        self.inner
            .t
            .wait_operation(op, &self.inner.arm, &scope, &cancel)
            .await
    }

    pub(crate) fn remember(&self, id: &str, facts: GroupFacts) {
        if let Ok(mut m) = self.inner.facts.lock() {
            m.insert(id.to_ascii_lowercase(), facts);
        }
    }

    pub(crate) fn facts(&self, id: &str) -> Option<GroupFacts> {
        self.inner
            .facts
            .lock()
            .ok()
            .and_then(|m| m.get(&id.to_ascii_lowercase()).cloned())
    }
}

/// The subscription of `t`, encoded for a path; a clear error when none is configured (Azure
/// would answer a confusing 404 for `/subscriptions//…`).
pub(crate) fn subscription(id: &str) -> Result<String, AzureError> {
    let id = id.trim();
    if id.is_empty() {
        return Err(AzureError::Invalid(
            "no Azure subscription selected: pass --subscription ID or set subscription_id in config.toml \
             (`az account show --query id -o tsv` prints the current one)"
                .into(),
        ));
    }
    Ok(super::endpoint::segment(id))
}

pub(crate) fn build_url(base: &Url, path: &str, query: &[(&str, &str)]) -> Result<Url, AzureError> {
    let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    let mut url =
        Url::parse(&joined).map_err(|e| AzureError::Invalid(format!("bad URL {path}: {e}")))?;
    if !query.is_empty() {
        let mut q = url.query_pairs_mut();
        for (k, v) in query {
            q.append_pair(k, v);
        }
    }
    Ok(url)
}
