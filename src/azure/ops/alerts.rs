//! Azure Monitor alerts (AlertsManagement): the list on-call reads, and changing their state.

use azure_core::http::Url;

use crate::azure::client::{AzureClient, subscription};
use crate::azure::convert;
use crate::azure::endpoint::{encode_id, segment};
use crate::azure::error::AzureError;
use crate::azure::models::alerts::{API_VERSION, AlertResource, ChangeStateBody};
use crate::azure::models::monitor::{METRIC_ALERTS_API_VERSION, MetricAlertRule};
use crate::config::EnvTargets;
use crate::model::{Alert, AlertState, MonitorCondition};

impl AzureClient {
    /// Alerts on the environment's resource group from the last week, fired first, then by
    /// severity and recency.
    pub async fn alerts(&self, t: &EnvTargets) -> Result<Vec<Alert>, AzureError> {
        let path = format!(
            "/subscriptions/{}/providers/Microsoft.AlertsManagement/alerts",
            subscription(&t.subscription_id)?
        );
        let url = self.arm_url(
            &path,
            &[
                ("api-version", API_VERSION),
                ("targetResourceGroup", &t.resource_group),
                ("timeRange", "7d"),
            ],
        )?;
        let raw: Vec<AlertResource> = self.arm_get_all(url, "alert list").await?;
        let mut alerts: Vec<Alert> = Vec::with_capacity(raw.len());
        for a in &raw {
            let e = &a.properties.essentials;
            if e.target_resource_group
                .as_deref()
                .is_some_and(|rg| !rg.eq_ignore_ascii_case(&t.resource_group))
            {
                continue;
            }
            match convert::alert(a, Some(t)) {
                Ok(alert) => alerts.push(alert),
                // One odd alert must not blank the whole pane; it is logged for the record.
                Err(what) => tracing::warn!(id = %a.id, "skipping alert with unknown {what}"),
            }
        }
        alerts.sort_by(|a, b| {
            let fired = |x: &Alert| u8::from(x.condition != MonitorCondition::Fired);
            fired(a)
                .cmp(&fired(b))
                .then(a.severity.cmp(&b.severity))
                .then(b.fired_at.cmp(&a.fired_at))
        });
        Ok(alerts)
    }

    /// Acknowledge or close (or reopen) an alert in Azure, so the whole team sees it.
    pub async fn change_alert_state(
        &self,
        alert_id: &str,
        state: AlertState,
        comment: Option<&str>,
    ) -> Result<Alert, AzureError> {
        if !alert_id.starts_with('/') || !alert_id.to_ascii_lowercase().contains("/alerts/") {
            return Err(AzureError::Invalid(format!(
                "`{alert_id}` is not an alert id"
            )));
        }
        let path = format!("{}/changestate", encode_id(alert_id));
        let url: Url = self.arm_url(
            &path,
            &[
                ("api-version", API_VERSION),
                ("newState", convert::alert_state_word(state)),
            ],
        )?;
        let body = ChangeStateBody {
            comments: comment.unwrap_or("").to_string(),
        };
        let reply = self.mutate_reply(url, &body, "alert change state").await?;
        let a: AlertResource = reply.json("alert")?;
        convert::alert(&a, None)
            .map_err(|what| AzureError::parse("alert", format!("unknown {what}")))
    }

    /// The metric alert rules of the environment (`high-cpu-usage`, `high-memory-usage`).
    pub async fn metric_alert_rules(
        &self,
        t: &EnvTargets,
    ) -> Result<Vec<MetricAlertRule>, AzureError> {
        let path = format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Insights/metricAlerts",
            subscription(&t.subscription_id)?,
            segment(&t.resource_group)
        );
        let url = self.arm_url(&path, &[("api-version", METRIC_ALERTS_API_VERSION)])?;
        self.arm_get_all(url, "metric alert rules").await
    }
}
