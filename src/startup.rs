//! Everything decided before the terminal goes raw: configuration, keymap, theme, and where
//! the data comes from. Errors here are printed plainly, with file, line and column.

use std::path::PathBuf;

use crate::cli::Cli;
use crate::config::{FileError, Keymap, Paths, Settings, Theme, theme::ColorDepth};

/// Settings and the file they came from (`None`: no file, the embedded default).
pub fn load_settings(cli: &Cli, paths: &Paths) -> Result<(Settings, Option<PathBuf>), FileError> {
    let path = cli.config.clone().unwrap_or_else(|| paths.config_file());
    let explicit = cli.config.is_some();
    if !path.exists() {
        if explicit {
            return Err(FileError::whole_file(&path, "no such file"));
        }
        let mut s = Settings::default();
        apply_cli(cli, &mut s);
        return Ok((s, None));
    }
    let mut s = Settings::load(&path)?;
    apply_cli(cli, &mut s);
    Ok((s, Some(path)))
}

fn apply_cli(cli: &Cli, s: &mut Settings) {
    if let Some(sub) = &cli.subscription {
        s.subscription_id = Some(sub.clone());
    }
    if let Some(url) = &cli.arm_url {
        s.azure.arm_url = url.trim_end_matches('/').to_string();
    }
    if let Some(env) = cli.env {
        s.default_env = env;
    }
    if cli.ascii {
        s.ui.ascii = true;
    }
}

/// `NO_COLOR` (set and not empty) wins over any theme: colour must be switchable off.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn load_keymap(cli: &Cli, settings: &Settings, paths: &Paths) -> Result<Keymap, FileError> {
    let name = cli.keymap.as_deref().unwrap_or(&settings.ui.keymap);
    Keymap::load(
        name,
        &paths.user_keymaps_dir(),
        &paths.config_dir.join("keymap.toml"),
    )
}

pub fn load_theme(cli: &Cli, settings: &Settings, paths: &Paths) -> Result<Theme, FileError> {
    if no_color() {
        return Ok(Theme::monochrome());
    }
    let name = cli.theme.as_deref().unwrap_or(&settings.ui.theme);
    Ok(Theme::load(name, &paths.user_themes_dir())?.adapt(ColorDepth::detect()))
}
