//! Now, by the server's clock: what every query window is measured on (see `server_clock`).

use chrono::{DateTime, Utc};

use crate::azure::client::AzureClient;

/// Subscriptions_List: answered to any signed-in caller, whatever their roles, and small.
const CLOCK_PATH: &str = "/subscriptions";
const CLOCK_API_VERSION: &str = "2022-12-01";

impl AzureClient {
    /// Now, by the server's clock. The first call before any reply costs one small request;
    /// if that fails too (network down), this machine's clock is the best left.
    pub async fn server_now(&self) -> DateTime<Utc> {
        let clock = &self.inner.t.clock;
        if !clock.heard() {
            let _one = clock.asking.lock().await;
            if !clock.heard() {
                self.ask_server_clock().await;
            }
        }
        clock.now()
    }

    async fn ask_server_clock(&self) {
        let url = match self.arm_url(CLOCK_PATH, &[("api-version", CLOCK_API_VERSION)]) {
            Ok(url) => url,
            Err(e) => {
                tracing::debug!(error = %e, "cannot ask the server's clock");
                return;
            }
        };
        // Only the reply's `Date` header matters; any status teaches it (see `Transport::send`).
        if let Err(e) = self
            .arm_get::<serde::de::IgnoredAny>(url, "server clock")
            .await
        {
            tracing::debug!(error = %e, "server clock request failed");
        }
    }
}
