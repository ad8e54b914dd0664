//! `eduops check`: the ops guide's health check, headless.

/// `eduops check` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {}
