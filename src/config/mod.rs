//! User-facing configuration: settings, keymaps, themes, paths, and located errors.

pub mod error;
pub mod keymap;
pub mod paths;
pub mod settings;
pub mod spanned;
pub mod theme;

pub use error::FileError;
pub use keymap::{Context, KeyChord, Keymap};
pub use paths::Paths;
pub use settings::{EnvTargets, Settings};
pub use theme::Theme;
