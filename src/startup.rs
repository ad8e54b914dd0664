//! Everything decided before the terminal goes raw: configuration, keymap, theme, and where
//! the data comes from. Errors here are printed plainly, with file, line and column.

use std::path::PathBuf;

use crate::config::{FileError, Keymap, Paths, Settings, Theme, theme::ColorDepth};
use crate::model::Env;

/// The global command-line options every mode reads, as plain data: `main` fills them from
/// the parsed command line, so no mode depends on the argument parser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GlobalOptions {
    /// Environment to show or check first.
    pub env: Option<Env>,
    /// The built-in simulator, even with a configuration file.
    pub demo: bool,
    /// Refuse every mutation.
    pub read_only: bool,
    pub theme: Option<String>,
    pub keymap: Option<String>,
    /// Configuration file instead of the one in the config directory.
    pub config: Option<PathBuf>,
    pub subscription: Option<String>,
    /// Resource Manager base URL (sovereign clouds, or a separately started `eduops sim`).
    pub arm_url: Option<String>,
    pub ascii: bool,
}

/// Settings and the file they came from (`None`: no file, the embedded default).
pub fn load_settings(
    opts: &GlobalOptions,
    paths: &Paths,
) -> Result<(Settings, Option<PathBuf>), FileError> {
    let path = opts.config.clone().unwrap_or_else(|| paths.config_file());
    let explicit = opts.config.is_some();
    if !path.exists() {
        if explicit {
            return Err(FileError::whole_file(&path, "no such file"));
        }
        let mut s = Settings::default();
        apply_options(opts, &mut s);
        return Ok((s, None));
    }
    let mut s = Settings::load(&path)?;
    apply_options(opts, &mut s);
    Ok((s, Some(path)))
}

fn apply_options(opts: &GlobalOptions, s: &mut Settings) {
    if let Some(sub) = &opts.subscription {
        s.subscription_id = Some(sub.clone());
    }
    if let Some(url) = &opts.arm_url {
        s.azure.arm_url = url.trim_end_matches('/').to_string();
    }
    if let Some(env) = opts.env {
        s.default_env = env;
    }
    if opts.ascii {
        s.ui.ascii = true;
    }
}

/// `NO_COLOR` (set and not empty) wins over any theme: colour must be switchable off.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn load_keymap(
    opts: &GlobalOptions,
    settings: &Settings,
    paths: &Paths,
) -> Result<Keymap, FileError> {
    let name = opts.keymap.as_deref().unwrap_or(&settings.ui.keymap);
    Keymap::load(
        name,
        &paths.user_keymaps_dir(),
        &paths.config_dir.join("keymap.toml"),
    )
}

pub fn load_theme(
    opts: &GlobalOptions,
    settings: &Settings,
    paths: &Paths,
) -> Result<Theme, FileError> {
    if no_color() {
        return Ok(Theme::monochrome());
    }
    let name = opts.theme.as_deref().unwrap_or(&settings.ui.theme);
    Ok(Theme::load(name, &paths.user_themes_dir())?.adapt(ColorDepth::detect()))
}
