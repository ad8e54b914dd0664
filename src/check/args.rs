//! The flags of `eduops check`.

use std::time::Duration;

/// `eduops check` arguments.
#[derive(Debug, Clone, clap::Args)]
#[command(after_long_help = EXIT_CODES_HELP, after_help = EXIT_CODES_HELP)]
pub struct CheckArgs {
    /// Check dev, staging and prod (default: the environment of --env, else `default_env`).
    #[arg(long)]
    pub all_envs: bool,
    /// Output format: `table` for people (colour only on a terminal, NO_COLOR respected) or
    /// `json` for machines (schema `eduops.check/v1`, see the README).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Also check alerts firing (Fired and New counts as unhealthy) and backup verdicts
    /// (a FAIL counts as unhealthy; WARN is reported only).
    #[arg(long)]
    pub deep: bool,
    /// Restart what is not Running (Failed, crash-looping), start what is Stopped; through the
    /// same safety rules and audit log as the dashboard. Refused in read-only mode.
    #[arg(long)]
    pub restart_unhealthy: bool,
    /// Confirm mutations in prod (there is no prompt: without it, prod restarts are refused).
    #[arg(long)]
    pub yes: bool,
    /// Slack-compatible webhook to POST a summary to when anything is unhealthy or unchecked.
    #[arg(
        long,
        value_name = "URL",
        env = "EDUOPS_NOTIFY_URL",
        hide_env_values = true
    )]
    pub notify: Option<String>,
    /// Notify even when everything is healthy.
    #[arg(long, requires = "notify")]
    pub notify_always: bool,
    /// A notification that could not be delivered makes the exit code at least 2.
    #[arg(long, requires = "notify")]
    pub notify_required: bool,
    /// Longest time for the checks (and again for restarts), e.g. `30s`, `2m`, `500ms`.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_timeout)]
    pub timeout: Duration,
}

pub const EXIT_CODES_HELP: &str = "\
Exit codes (when several apply, the highest wins):
  0  every service checked is Running (and, with --deep, no alert firing, no backup FAIL)
  1  something is unhealthy: a service not Running, an alert Fired and New, a backup FAIL
  2  could not check (authentication, network, timeout, bad configuration), or, with
     --notify-required, the notification could not be delivered
  3  --restart-unhealthy was refused (read-only mode, or prod without --yes); implies 1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// `30s`, `2m`, `500ms`, `1h`, or a bare number of seconds.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration: expected e.g. 30s, 2m or 500ms"))?;
    let d = match unit.trim() {
        "" | "s" | "sec" | "secs" => Duration::from_secs(n),
        "ms" => Duration::from_millis(n),
        "m" | "min" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{s}`: use ms, s, m or h"
            ));
        }
    };
    if d.is_zero() {
        return Err("the timeout must be greater than zero".into());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_timeout("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_timeout("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_timeout("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_timeout("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_timeout("0s").is_err());
        assert!(parse_timeout("soon").is_err());
        assert!(parse_timeout("3d").is_err());
    }
}
