//! The built-in Azure simulator: ARM over HTTP on loopback.

/// `eduops sim` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct SimArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed of the fleet's life (same seed, same story).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Virtual clock speed (1 = real time).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Fault injection rules (TOML).
    #[arg(long, value_name = "FILE")]
    pub faults: Option<std::path::PathBuf>,
}
