//! Azure Resource Graph: the state of a whole fleet in one paged query.

use serde::{Deserialize, Serialize};

use crate::azure::client::{AzureClient, subscription};
use crate::azure::convert;
use crate::azure::error::AzureError;
use crate::azure::models::graph::{
    API_VERSION, ContainerGroupRow, QueryOptions, QueryRequest, QueryResponse,
};
use crate::model::ServiceState;

/// Rows per page asked of Resource Graph (its maximum is 1000).
const PAGE: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FleetMember {
    pub id: String,
    pub name: String,
    pub resource_group: Option<String>,
    pub location: Option<String>,
    pub state: ServiceState,
    pub provisioning_state: Option<String>,
}

/// A KQL string literal, quotes and backslashes escaped.
fn kql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

pub fn container_groups_query(resource_group: Option<&str>) -> String {
    let mut q =
        String::from("Resources | where type =~ 'microsoft.containerinstance/containergroups'");
    if let Some(rg) = resource_group {
        q.push_str(&format!(" | where resourceGroup =~ {}", kql_literal(rg)));
    }
    q.push_str(
        " | project id, name, resourceGroup, location, \
         state = tostring(properties.instanceView.state), \
         provisioningState = tostring(properties.provisioningState) | order by id asc",
    );
    q
}

impl AzureClient {
    /// Every container group of the subscription (or one resource group), one query, all pages.
    pub async fn fleet_states(
        &self,
        subscription_id: &str,
        resource_group: Option<&str>,
    ) -> Result<Vec<FleetMember>, AzureError> {
        subscription(subscription_id)?;
        let url = self.arm_url(
            "/providers/Microsoft.ResourceGraph/resources",
            &[("api-version", API_VERSION)],
        )?;
        let scope = self.opts().arm_scope.clone();
        let base = self.inner.arm.clone();
        let query = container_groups_query(resource_group);
        let mut skip_token: Option<String> = None;
        let mut out = Vec::new();
        let mut pages = 0;
        loop {
            let body = QueryRequest {
                subscriptions: vec![subscription_id.to_string()],
                query: query.clone(),
                options: Some(QueryOptions {
                    skip_token: skip_token.take(),
                    top: Some(PAGE),
                    result_format: Some("objectArray".to_string()),
                }),
            };
            let reply = self
                .query_post(&base, url.clone(), &scope, &body, "resource graph query")
                .await?;
            let page: QueryResponse<ContainerGroupRow> = reply.json("resource graph query")?;
            pages += 1;
            for row in page.data {
                // Filtered here too, in case the service ignored part of the query.
                if let (Some(want), Some(have)) = (resource_group, row.resource_group.as_deref())
                    && !want.eq_ignore_ascii_case(have)
                {
                    continue;
                }
                out.push(FleetMember {
                    state: convert::state_from_words(
                        row.state.as_deref().filter(|s| !s.is_empty()),
                        row.provisioning_state.as_deref(),
                    ),
                    id: row.id,
                    name: row.name,
                    resource_group: row.resource_group,
                    location: row.location,
                    provisioning_state: row.provisioning_state.filter(|s| !s.is_empty()),
                });
            }
            match page.skip_token.filter(|s| !s.is_empty()) {
                Some(tok) if pages < 10_000 => skip_token = Some(tok),
                _ => break,
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_filters_type_and_quotes_the_group() {
        let q = container_groups_query(Some("rg-o'neil"));
        assert!(q.contains("type =~ 'microsoft.containerinstance/containergroups'"));
        assert!(q.contains("resourceGroup =~ 'rg-o\\'neil'"), "{q}");
    }
}
