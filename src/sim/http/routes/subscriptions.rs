//! Subscriptions_List: the one subscription the simulator serves. Clients ask it first when
//! they need the server's clock before any other reply (its `Date` header is the virtual clock).

use axum::http::StatusCode;
use serde_json::json;

use crate::sim::http::arm::{self, ArmResult};
use crate::sim::http::state::Ctx;
use crate::sim::platform::fleet::SIM_TENANT_ID;

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    let sub = ctx.sub();
    let body = json!({
        "value": [{
            "id": format!("/subscriptions/{sub}"),
            "subscriptionId": sub,
            "tenantId": SIM_TENANT_ID,
            "displayName": "ai-education-platform",
            "state": "Enabled",
            "subscriptionPolicies": {
                "locationPlacementId": "Public_2014-09-01",
                "quotaId": "PayAsYouGo_2014-09-01",
                "spendingLimit": "Off"
            },
            "authorizationSource": "RoleBased",
            "managedByTenants": [],
            "tags": {"platform": "ai-education"}
        }],
        "count": {"type": "Total", "value": 1}
    });
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}
