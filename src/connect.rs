//! Where the data comes from: Azure with the operator's credentials, a separately started
//! `eduops sim` on loopback, or the built-in simulator started in-process. Shared by the
//! dashboard and `eduops check`, so both talk to the same thing the same way.

use std::path::Path;

use color_eyre::Result;
use color_eyre::eyre::eyre;

use crate::azure::{AzureClient, ClientOptions};
use crate::config::Settings;
use crate::sim::{SIM_SUBSCRIPTION_ID, SimHandle, SimOptions};
use crate::startup::GlobalOptions;

/// Where the data on screen comes from; shown in the status bar at all times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// Real Azure, with the identity in use.
    Azure {
        identity: String,
        subscription: String,
    },
    /// The built-in simulator (embedded default or `--demo`), or a separate `eduops sim`.
    Simulated { url: String, embedded: bool },
}

impl DataSource {
    pub fn label(&self) -> &'static str {
        match self {
            DataSource::Azure { .. } => "AZURE",
            DataSource::Simulated { .. } => "SIMULATED",
        }
    }
}

pub struct Connection {
    pub client: AzureClient,
    pub source: DataSource,
    pub settings: Settings,
    /// The in-process simulator, kept alive as long as the connection.
    pub sim: Option<SimHandle>,
}

/// Seed of the embedded simulator's story; `EDUOPS_SIM_SEED` picks another for demos.
fn sim_seed() -> u64 {
    std::env::var("EDUOPS_SIM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// Where the embedded simulator's story starts: `EDUOPS_SIM_START` (RFC 3339) replays a story
/// exactly (tests, screenshots); unset, it starts now.
fn sim_start() -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    match std::env::var("EDUOPS_SIM_START") {
        Ok(s) if !s.trim().is_empty() => chrono::DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Some(t.with_timezone(&chrono::Utc)))
            .map_err(|e| {
                eyre!("EDUOPS_SIM_START={s}: not an RFC 3339 time ({e}), e.g. 2026-11-27T01:30:00Z")
            }),
        _ => Ok(None),
    }
}

/// The embedded default runs the simulator only when there is no configuration at all (or
/// `--demo`): with a config file, eduops never falls back to simulated data silently.
pub async fn connect(
    opts: &GlobalOptions,
    mut settings: Settings,
    config_file: Option<&Path>,
) -> Result<Connection> {
    let embedded = opts.demo || (config_file.is_none() && opts.arm_url.is_none());
    if embedded {
        let sim = crate::sim::start(SimOptions {
            seed: sim_seed(),
            start: sim_start()?,
            ..SimOptions::default()
        })
        .await
        .map_err(|e| eyre!("could not start the built-in simulator on 127.0.0.1: {e}"))?;
        settings.subscription_id = Some(sim.subscription_id.clone());
        let client = AzureClient::new(ClientOptions::for_simulator(&sim.base_url, &sim.token))?;
        return Ok(Connection {
            client,
            source: DataSource::Simulated {
                url: sim.base_url.clone(),
                embedded: true,
            },
            settings,
            sim: Some(sim),
        });
    }
    let client_opts = ClientOptions::from_settings(&settings);
    let loopback = url::Url::parse(&client_opts.arm_url)
        .map(|u| crate::azure::endpoint::is_loopback(&u))
        .unwrap_or(false);
    if settings.subscription_id.is_none() {
        if loopback {
            // A separately started `eduops sim` serves this subscription unless told otherwise.
            settings.subscription_id = Some(SIM_SUBSCRIPTION_ID.to_string());
        } else {
            return Err(eyre!(
                "no subscription: set subscription_id in {} or pass --subscription ID (or use --demo for the built-in simulator)",
                config_file
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "the config file".into())
            ));
        }
    }
    let client = AzureClient::new(client_opts.clone())?;
    let source = if loopback {
        DataSource::Simulated {
            url: client_opts.arm_url.clone(),
            embedded: false,
        }
    } else {
        DataSource::Azure {
            identity: client.identity(),
            subscription: settings.subscription_id.clone().unwrap_or_default(),
        }
    };
    Ok(Connection {
        client,
        source,
        settings,
        sim: None,
    })
}
