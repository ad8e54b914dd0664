//! Key Vault data plane: GetSecrets (metadata only, never values), 7.6 shape, paged with
//! `maxresults` and a full-URL `nextLink`. A vault's base URL in the simulator is
//! `{base_url}/_vault/{vaultName}`.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::model::Env;
use crate::sim::http::arm::{self, ArmError, ArmResult};
use crate::sim::http::route::Route;
use crate::sim::http::state::Ctx;

/// Key Vault's upper bound for `maxresults`.
pub const MAX_RESULTS: usize = 25;

pub fn handle(ctx: &Ctx<'_>) -> ArmResult {
    let Route::VaultSecrets { vault } = ctx.route else {
        return Err(ArmError::not_found("NotFound", "unsupported operation"));
    };
    let env = Env::ALL
        .into_iter()
        .find(|e| format!("kv-ai-education-platform-{e}").eq_ignore_ascii_case(vault))
        .ok_or_else(|| {
            ArmError::not_found(
                "VaultNotFound",
                format!("The vault '{vault}' does not exist or is not reachable."),
            )
        })?;
    let size = match ctx.query.get("maxresults") {
        None => ctx.page_size().min(MAX_RESULTS),
        Some(m) => match m.parse::<usize>() {
            Ok(n) if (1..=MAX_RESULTS).contains(&n) => n,
            _ => {
                return Err(ArmError::bad_request(
                    "BadParameter",
                    format!(
                        "The value '{m}' of 'maxresults' is not valid: it must be between 1 and {MAX_RESULTS}."
                    ),
                ));
            }
        },
    };
    let world = ctx.world();
    let vault_url = format!("{}/_vault/{}", ctx.base_url(), vault.to_ascii_lowercase());
    let items: Vec<Value> = world
        .secrets(env)
        .into_iter()
        .map(|s| {
            let mut attributes = json!({
                "enabled": s.enabled,
                "created": s.created.timestamp(),
                "updated": s.updated.timestamp(),
                "recoveryLevel": "Recoverable+Purgeable",
                "recoverableDays": 90,
            });
            if let Some(exp) = s.expires {
                attributes["exp"] = json!(exp.timestamp());
            }
            json!({
                "id": format!("{vault_url}/secrets/{}", s.name),
                "contentType": s.content_type,
                "attributes": attributes,
                "tags": {"environment": env.as_str(), "owner": "platform-team"},
            })
        })
        .collect();
    drop(world);
    let (page, next) = arm::page(items, ctx.query, size, ctx.base_url(), ctx.path)?;
    let body = match next {
        Some(n) => json!({"value": page, "nextLink": n}),
        None => json!({"value": page, "nextLink": null}),
    };
    Ok(arm::json_response(StatusCode::OK, &body, &[]))
}
