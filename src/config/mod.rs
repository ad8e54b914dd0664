//! User-facing configuration: settings, keymaps, themes, paths, and located errors.

pub mod error;
pub mod paths;
pub mod settings;

pub use error::FileError;
pub use paths::Paths;
pub use settings::{EnvTargets, Settings};
