//! CPU and memory of container groups: the metrics batch API (≤ 50 resources a call) when
//! configured, else one ARM metrics call per group.

use std::collections::HashMap;

use chrono::{DateTime, Duration, DurationRound, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::azure::client::{AzureClient, DEFAULT_FACTS, subscription};
use crate::azure::convert;
use crate::azure::endpoint::{checked_url, encode_id};
use crate::azure::error::AzureError;
use crate::azure::models::monitor::{
    ACI_NAMESPACE, BatchRequest, BatchResponse, CPU_METRIC, MEMORY_METRIC, METRICS_API_VERSION,
    MetricsResponse,
};
use crate::config::EnvTargets;
use crate::model::ResourceUsage;

/// The metrics batch API takes at most this many resource ids per call.
pub const BATCH_LIMIT: usize = 50;

/// Grain of metric points. Azure Monitor keeps ACI metrics at one minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MetricInterval {
    OneMinute,
    FiveMinutes,
    OneHour,
}

impl MetricInterval {
    pub fn as_iso(self) -> &'static str {
        match self {
            MetricInterval::OneMinute => "PT1M",
            MetricInterval::FiveMinutes => "PT5M",
            MetricInterval::OneHour => "PT1H",
        }
    }

    pub fn duration(self) -> Duration {
        match self {
            MetricInterval::OneMinute => Duration::minutes(1),
            MetricInterval::FiveMinutes => Duration::minutes(5),
            MetricInterval::OneHour => Duration::hours(1),
        }
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl AzureClient {
    /// CPU and memory percent of what each service's group requested, over the last `window`.
    pub async fn usage(
        &self,
        t: &EnvTargets,
        window: Duration,
        interval: MetricInterval,
    ) -> Result<Vec<ResourceUsage>, AzureError> {
        subscription(&t.subscription_id)?;
        let ids: Vec<String> = t
            .services
            .iter()
            .map(|(_, cg)| t.container_group_id(cg))
            .collect();
        self.usage_for(&t.subscription_id, &t.location, &ids, window, interval)
            .await
    }

    /// The same for any container group ids (large fleets).
    pub async fn usage_for(
        &self,
        subscription_id: &str,
        location: &str,
        resource_ids: &[String],
        window: Duration,
        interval: MetricInterval,
    ) -> Result<Vec<ResourceUsage>, AzureError> {
        let now = self.server_now().await;
        let end = now.duration_trunc(Duration::minutes(1)).unwrap_or(now);
        let start = end - window;
        let metrics = match self.opts().batch_url(location) {
            Some(batch) => {
                self.batch_metrics(&batch, subscription_id, resource_ids, start, end, interval)
                    .await?
            }
            None => self.arm_metrics(resource_ids, start, end, interval).await?,
        };
        Ok(resource_ids
            .iter()
            .map(|id| {
                let (cpu, mem) = self
                    .facts(id)
                    .map(|f| (f.cpu_cores, f.memory_gb))
                    .filter(|(c, m)| *c > 0.0 && *m > 0.0)
                    .unwrap_or(DEFAULT_FACTS);
                match metrics.get(&id.to_ascii_lowercase()) {
                    Some(m) => convert::usage(id, m, cpu, mem),
                    None => ResourceUsage {
                        resource_id: id.clone(),
                        ..Default::default()
                    },
                }
            })
            .collect())
    }

    async fn batch_metrics(
        &self,
        batch_base: &str,
        subscription_id: &str,
        ids: &[String],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        interval: MetricInterval,
    ) -> Result<HashMap<String, Vec<crate::azure::models::monitor::Metric>>, AzureError> {
        let base = checked_url(batch_base)?;
        let path = format!(
            "/subscriptions/{}/metrics:getBatch",
            subscription(subscription_id)?
        );
        let (s, e) = (iso(start), iso(end));
        let url = crate::azure::client::build_url(
            &base,
            &path,
            &[
                ("starttime", &s),
                ("endtime", &e),
                ("interval", interval.as_iso()),
                ("metricnamespace", ACI_NAMESPACE),
                ("metricnames", &format!("{CPU_METRIC},{MEMORY_METRIC}")),
                ("aggregation", "average"),
                ("api-version", METRICS_API_VERSION),
            ],
        )?;
        let scope = self.opts().metrics_scope.clone();
        let mut out = HashMap::new();
        for chunk in ids.chunks(BATCH_LIMIT) {
            let body = BatchRequest {
                resourceids: chunk.to_vec(),
            };
            let reply = self
                .query_post(&base, url.clone(), &scope, &body, "metrics batch")
                .await?;
            let parsed: BatchResponse = reply.json("metrics batch")?;
            for v in parsed.values {
                out.insert(v.resourceid.to_ascii_lowercase(), v.value);
            }
        }
        Ok(out)
    }

    async fn arm_metrics(
        &self,
        ids: &[String],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        interval: MetricInterval,
    ) -> Result<HashMap<String, Vec<crate::azure::models::monitor::Metric>>, AzureError> {
        let timespan = format!("{}/{}", iso(start), iso(end));
        let names = format!("{CPU_METRIC},{MEMORY_METRIC}");
        let parallel = self.parallelism();
        // Futures collected first, so the result stays spawnable (see `statuses_by_get`).
        let calls: Vec<_> = ids
            .iter()
            .map(|id| {
                let timespan = timespan.clone();
                let names = names.clone();
                async move {
                    let path = format!("{}/providers/Microsoft.Insights/metrics", encode_id(id));
                    let r = match self.arm_url(
                        &path,
                        &[
                            ("timespan", &timespan),
                            ("interval", interval.as_iso()),
                            ("metricnames", &names),
                            ("metricnamespace", ACI_NAMESPACE),
                            ("aggregation", "Average"),
                            ("api-version", METRICS_API_VERSION),
                        ],
                    ) {
                        Ok(url) => self.arm_get(url, "metrics").await,
                        Err(e) => Err(e),
                    };
                    (id.to_ascii_lowercase(), r)
                }
            })
            .collect();
        let results: Vec<(String, Result<MetricsResponse, AzureError>)> =
            futures::stream::iter(calls)
                .buffered(parallel)
                .collect()
                .await;
        let mut out = HashMap::new();
        let mut first_error = None;
        let total = results.len();
        for (id, r) in results {
            match r {
                Ok(m) => {
                    out.insert(id, m.value);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if out.is_empty() && total > 0 => Err(e),
            _ => Ok(out),
        }
    }
}
