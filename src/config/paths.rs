//! Where eduops keeps its files.
//!
//! `EDUOPS_CONFIG_DIR`, `EDUOPS_DATA_DIR` and `EDUOPS_STATE_DIR` override the platform
//! directories, so tests and people with unusual homes can point eduops elsewhere without
//! touching `$HOME`. Logs are state in the XDG sense (`~/.local/state/eduops/` on Linux): worth
//! keeping between runs, not worth a backup like the audit log and checklist runs.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Holds `config.toml`, user keymaps, themes and checklists.
    pub config_dir: PathBuf,
    /// Holds the audit log and checklist runs.
    pub data_dir: PathBuf,
    /// Holds the logs.
    pub state_dir: PathBuf,
}

impl Paths {
    pub fn discover() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "eduops");
        let config_dir = std::env::var_os("EDUOPS_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".eduops/config"));
        let data_dir = std::env::var_os("EDUOPS_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".eduops/data"));
        // Platforms without a state directory (macOS, Windows) keep logs with the data.
        let state_dir = std::env::var_os("EDUOPS_STATE_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                dirs.as_ref()
                    .and_then(|d| d.state_dir().map(|p| p.to_path_buf()))
            })
            .unwrap_or_else(|| data_dir.join("logs"));
        Paths {
            config_dir,
            data_dir,
            state_dir,
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state_dir.clone()
    }

    pub fn audit_log(&self) -> PathBuf {
        self.data_dir.join("audit.jsonl")
    }

    pub fn checklist_runs_dir(&self) -> PathBuf {
        self.data_dir.join("checklist-runs")
    }

    pub fn user_keymaps_dir(&self) -> PathBuf {
        self.config_dir.join("keymaps")
    }

    pub fn user_themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    pub fn user_checklists_dir(&self) -> PathBuf {
        self.config_dir.join("checklists")
    }
}
