//! `config.toml`: the platform eduops watches and how it behaves.
//!
//! Every key has a default taken from the ops guide, so an empty file (or none) describes the
//! platform as the guide deploys it. Unknown keys are errors: a typo must not be silently ignored
//! on a tool that can restart production.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::error::FileError;
use super::spanned::{KEY, SpannedDoc};
use crate::model::{Env, SERVICES};

pub const PUBLIC_ARM_URL: &str = "https://management.azure.com";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Azure subscription holding the platform. Required to talk to Azure.
    pub subscription_id: Option<String>,
    /// Environment shown at start when `--env` is not given.
    pub default_env: Env,
    pub azure: AzureSettings,
    pub ui: UiSettings,
    pub refresh: RefreshSettings,
    pub thresholds: Thresholds,
    /// Per-environment overrides, keyed `dev`, `staging`, `prod`.
    pub env: BTreeMap<Env, EnvSettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            subscription_id: None,
            default_env: Env::Prod,
            azure: AzureSettings::default(),
            ui: UiSettings::default(),
            refresh: RefreshSettings::default(),
            thresholds: Thresholds::default(),
            env: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AzureSettings {
    /// Resource Manager endpoint (sovereign clouds, or an `eduops sim` on loopback).
    pub arm_url: String,
    /// Metrics batch endpoint, `{region}` replaced by the environment's location.
    /// Empty: use the ARM per-resource metrics API instead.
    pub metrics_batch_url: String,
    /// Tenant to authenticate against (service principal, CLI); optional.
    pub tenant_id: Option<String>,
    /// Request timeout in seconds.
    pub timeout_secs: u64,
}

impl Default for AzureSettings {
    fn default() -> Self {
        AzureSettings {
            arm_url: PUBLIC_ARM_URL.to_string(),
            metrics_batch_url: "https://{region}.metrics.monitor.azure.com".to_string(),
            tenant_id: None,
            timeout_secs: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiSettings {
    pub theme: String,
    pub keymap: String,
    /// ASCII chart markers and state symbols instead of braille and Unicode.
    pub ascii: bool,
    /// Services needing attention sort before healthy ones.
    pub attention_first: bool,
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            theme: "default".to_string(),
            keymap: "default".to_string(),
            ascii: false,
            attention_first: true,
        }
    }
}

/// Refresh intervals in seconds, one per kind of data.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RefreshSettings {
    pub state_secs: u64,
    /// Azure Monitor's grain is one minute; polling faster only costs requests.
    pub metrics_secs: u64,
    pub alerts_secs: u64,
    pub backups_secs: u64,
    pub logs_secs: u64,
}

impl Default for RefreshSettings {
    fn default() -> Self {
        RefreshSettings {
            state_secs: 10,
            metrics_secs: 60,
            alerts_secs: 30,
            backups_secs: 300,
            logs_secs: 5,
        }
    }
}

/// Alert thresholds (the ops guide's metric alerts) and backup freshness rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub cpu_percent: f64,
    pub memory_percent: f64,
    /// No long-term-retention backup for longer than this → WARN.
    pub ltr_max_age_days: i64,
    /// A point-in-time window shorter than this → WARN.
    pub pitr_min_days: i64,
    /// Key Vault secrets expiring within this many days → WARN.
    pub secret_expiry_warn_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            cpu_percent: 80.0,
            memory_percent: 85.0,
            ltr_max_age_days: 8,
            pitr_min_days: 1,
            secret_expiry_warn_days: 30,
        }
    }
}

/// What may be overridden for one environment; anything left out follows the guide's naming.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EnvSettings {
    pub resource_group: Option<String>,
    pub location: Option<String>,
    /// Service name → container group name.
    pub container_groups: BTreeMap<String, String>,
    pub sql_server: Option<String>,
    pub sql_database: Option<String>,
    pub cosmos_account: Option<String>,
    pub registry: Option<String>,
    pub key_vault: Option<String>,
    /// Refuse every mutation in this environment.
    pub read_only: bool,
    pub subscription_id: Option<String>,
}

/// The Azure resources of one environment, with every name resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvTargets {
    pub env: Env,
    pub subscription_id: String,
    pub resource_group: String,
    pub location: String,
    /// (service, container group name), in the guide's order.
    pub services: Vec<(String, String)>,
    pub sql_server: String,
    pub sql_database: String,
    pub cosmos_account: String,
    pub registry: String,
    pub key_vault: String,
    pub read_only: bool,
}

impl EnvTargets {
    pub fn resource_group_id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}",
            self.subscription_id, self.resource_group
        )
    }

    pub fn container_group_id(&self, name: &str) -> String {
        format!(
            "{}/providers/Microsoft.ContainerInstance/containerGroups/{}",
            self.resource_group_id(),
            name
        )
    }

    pub fn sql_database_id(&self) -> String {
        format!(
            "{}/providers/Microsoft.Sql/servers/{}/databases/{}",
            self.resource_group_id(),
            self.sql_server,
            self.sql_database
        )
    }

    pub fn cosmos_account_id(&self) -> String {
        format!(
            "{}/providers/Microsoft.DocumentDB/databaseAccounts/{}",
            self.resource_group_id(),
            self.cosmos_account
        )
    }

    /// The service a container group belongs to, by name.
    pub fn service_of(&self, container_group: &str) -> Option<&str> {
        self.services
            .iter()
            .find(|(_, cg)| cg.eq_ignore_ascii_case(container_group))
            .map(|(s, _)| s.as_str())
    }
}

impl Settings {
    /// Parses `source` (the text of `path`); the first problem, located, saying how many more
    /// there are ([`Settings::check`] lists them all).
    pub fn parse(path: &Path, source: &str) -> Result<Settings, FileError> {
        Settings::check(path, source).map_err(super::error::first_of)
    }

    /// Parses `source` and reports every problem, each at the line and column of the value (or
    /// key) at fault, found through the TOML parser's spans.
    pub fn check(path: &Path, source: &str) -> Result<Settings, Vec<FileError>> {
        let doc = SpannedDoc::parse(path, source)?;
        let (settings, mut errors) = doc.deserialize::<Settings>();
        let mut problems = Vec::new();
        settings.validate(&mut |keys: &[&str], message: String| {
            problems.push(doc.error_at(keys, message));
        });
        errors.extend(problems);
        if errors.is_empty() {
            Ok(settings)
        } else {
            errors.sort_by_key(|e| (e.line, e.column));
            Err(errors)
        }
    }

    pub fn load(path: &Path) -> Result<Settings, FileError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| FileError::whole_file(path, format!("cannot read: {e}")))?;
        Settings::parse(path, &source)
    }

    /// Every problem of the file at `path` (one whole-file error when it cannot be read).
    pub fn load_checked(path: &Path) -> Result<Settings, Vec<FileError>> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| vec![FileError::whole_file(path, format!("cannot read: {e}"))])?;
        Settings::check(path, &source)
    }

    /// Values that parse but make no sense; `report` gets the key path of each and why.
    fn validate(&self, report: &mut dyn FnMut(&[&str], String)) {
        for (env, es) in &self.env {
            for service in es.container_groups.keys() {
                if !SERVICES.contains(&service.as_str()) {
                    let hint = super::error::did_you_mean(service, SERVICES)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    report(
                        &["env", env.as_str(), "container_groups", service, KEY],
                        format!(
                            "unknown service `{service}` in env.{env}.container_groups{hint}; expected one of {}",
                            SERVICES.join(", ")
                        ),
                    );
                }
            }
        }
        let r = &self.refresh;
        for (name, v) in [
            ("state_secs", r.state_secs),
            ("metrics_secs", r.metrics_secs),
            ("alerts_secs", r.alerts_secs),
            ("backups_secs", r.backups_secs),
            ("logs_secs", r.logs_secs),
        ] {
            if v == 0 {
                report(
                    &["refresh", name],
                    format!("refresh.{name} must be at least 1 second"),
                );
            } else if v > 86_400 {
                report(
                    &["refresh", name],
                    format!("refresh.{name} must be at most 86400 seconds (a day), got {v}"),
                );
            }
        }
        for (name, v) in [
            ("cpu_percent", self.thresholds.cpu_percent),
            ("memory_percent", self.thresholds.memory_percent),
        ] {
            if !(0.0..=100.0).contains(&v) {
                report(
                    &["thresholds", name],
                    format!("thresholds.{name} must lie between 0 and 100, got {v}"),
                );
            }
        }
        for (name, v) in [
            ("ltr_max_age_days", self.thresholds.ltr_max_age_days),
            ("pitr_min_days", self.thresholds.pitr_min_days),
            (
                "secret_expiry_warn_days",
                self.thresholds.secret_expiry_warn_days,
            ),
        ] {
            if !(0..=3650).contains(&v) {
                report(
                    &["thresholds", name],
                    format!("thresholds.{name} must lie between 0 and 3650 days, got {v}"),
                );
            }
        }
        if !(1..=600).contains(&self.azure.timeout_secs) {
            report(
                &["azure", "timeout_secs"],
                format!(
                    "azure.timeout_secs must lie between 1 and 600, got {}",
                    self.azure.timeout_secs
                ),
            );
        }
        if !self.azure.arm_url.starts_with("https://") && !self.azure.arm_url.starts_with("http://")
        {
            report(
                &["azure", "arm_url"],
                format!(
                    "azure.arm_url must be an http(s) URL, got `{}`",
                    self.azure.arm_url
                ),
            );
        }
    }

    /// Every resource name of `env`, defaults from the ops guide filled in.
    pub fn targets(&self, env: Env) -> EnvTargets {
        let es = self.env.get(&env).cloned().unwrap_or_default();
        let e = env.as_str();
        let services = SERVICES
            .iter()
            .map(|s| {
                let cg = es
                    .container_groups
                    .get(*s)
                    .cloned()
                    .unwrap_or_else(|| format!("ci-{s}-{e}"));
                (s.to_string(), cg)
            })
            .collect();
        EnvTargets {
            env,
            subscription_id: es
                .subscription_id
                .or_else(|| self.subscription_id.clone())
                .unwrap_or_default(),
            resource_group: es
                .resource_group
                .unwrap_or_else(|| format!("rg-ai-education-platform-{e}")),
            location: es.location.unwrap_or_else(|| "koreacentral".to_string()),
            services,
            sql_server: es
                .sql_server
                .unwrap_or_else(|| format!("sql-ai-education-platform-{e}")),
            sql_database: es
                .sql_database
                .unwrap_or_else(|| format!("sqldb-education-{e}")),
            cosmos_account: es
                .cosmos_account
                .unwrap_or_else(|| format!("cosmos-ai-education-platform-{e}")),
            registry: es
                .registry
                .unwrap_or_else(|| format!("acraieducationplatform{e}")),
            key_vault: es
                .key_vault
                .unwrap_or_else(|| format!("kv-ai-education-platform-{e}")),
            read_only: es.read_only,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn empty_file_is_the_guide_platform() {
        let s = Settings::parse(&PathBuf::from("c.toml"), "").unwrap();
        let t = s.targets(Env::Prod);
        assert_eq!(t.resource_group, "rg-ai-education-platform-prod");
        assert_eq!(t.services[0], ("gateway".into(), "ci-gateway-prod".into()));
        assert_eq!(t.sql_database, "sqldb-education-prod");
        assert_eq!(s.thresholds.cpu_percent, 80.0);
        assert_eq!(s.thresholds.memory_percent, 85.0);
    }

    #[test]
    fn every_problem_is_located_at_its_value() {
        // The comment names the key first: a text search would point into it.
        let src = "# state_secs: how often to poll\n[refresh]\nstate_secs = 0\nalerts_secs = \"30\"\n[thresholds]\ncpu_percent = 180.0\nmemory_percent = 90.0\n[ui]\nthmee = \"light\"\n";
        let errs = Settings::check(&PathBuf::from("c.toml"), src).unwrap_err();
        let at: Vec<(usize, usize)> = errs.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(3, 14), (4, 15), (6, 15), (9, 1)], "{errs:#?}");
        assert!(errs[0].message.contains("state_secs must be at least 1"));
        assert!(errs[1].message.contains("invalid type"), "{}", errs[1]);
        assert!(errs[3].message.contains("thmee"), "{}", errs[3]);
        let first = Settings::parse(&PathBuf::from("c.toml"), src).unwrap_err();
        assert_eq!((first.line, first.column), (3, 14));
        assert!(first.message.contains("3 more problems"), "{first}");
    }

    #[test]
    fn unknown_key_is_located() {
        let src = "default_env = \"prod\"\n[ui]\nthmee = \"light\"\n";
        let err = Settings::parse(&PathBuf::from("c.toml"), src).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(err.message.contains("thmee"), "{err}");
    }
}

/// The commented example written by `eduops config init`.
pub const EXAMPLE: &str = include_str!("example.toml");

#[cfg(test)]
mod example_tests {
    use super::*;

    #[test]
    fn shipped_example_parses() {
        Settings::parse(Path::new("example.toml"), EXAMPLE).unwrap();
    }
}
