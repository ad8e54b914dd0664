//! Not served yet.

use crate::sim::arm::{ArmError, ArmResult};
use crate::sim::server::Ctx;

pub fn handle(_ctx: &Ctx<'_>) -> ArmResult {
    Err(ArmError::new(
        axum::http::StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
        "This operation is not served by the simulator yet.",
    ))
}
