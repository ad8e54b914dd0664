//! Key Vault secrets (metadata only): expiries placed relative to the start by the seed.

use chrono::{DateTime, Duration, Utc};

use super::noise::hash3;
use super::world::World;
use crate::model::Env;

#[derive(Debug, Clone)]
pub struct Secret {
    pub name: &'static str,
    pub content_type: &'static str,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
    pub enabled: bool,
}

impl World {
    pub fn secrets(&self, env: Env) -> Vec<Secret> {
        let t0 = self.start;
        let h = |salt: u64| hash3(self.seed, 0x5ec, salt + env as u64 * 100);
        let days = |d: i64| Duration::days(d);
        // (name, content type, days since update, days until expiry)
        let mut specs: Vec<(&'static str, &'static str, i64, Option<i64>)> = vec![
            ("openai-api-key", "text/plain", 60, Some(120)),
            ("azure-sql-connection", "text/plain", 200, Some(165)),
            ("redis-connection", "text/plain", 90, Some(275)),
            ("cosmos-primary-key", "text/plain", 45, Some(320)),
            ("acr-password", "text/plain", 150, Some(215)),
            ("jwt-signing-key", "application/x-pem-file", 30, None),
        ];
        match env {
            // Prod: the OpenAI key is due for rotation within days.
            Env::Prod => specs[0].3 = Some(3 + (h(1) % 5) as i64),
            // Staging: the registry password already expired; the SQL connection is close.
            Env::Staging => {
                specs[4].3 = Some(-(2 + (h(2) % 4) as i64));
                specs[1].3 = Some(12 + (h(3) % 10) as i64);
            }
            Env::Dev => {}
        }
        specs
            .into_iter()
            .map(|(name, content_type, age, exp)| {
                let updated = t0 - days(age) - Duration::minutes((h(age as u64) % 600) as i64);
                Secret {
                    name,
                    content_type,
                    created: updated - days(30),
                    updated,
                    expires: exp.map(|d| t0 + days(d)),
                    enabled: true,
                }
            })
            .collect()
    }
}
