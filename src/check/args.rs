//! The flags of `eduops check`.

use std::time::Duration;

/// `eduops check` options (the command line fills them in `cli`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckArgs {
    /// Check dev, staging and prod.
    pub all_envs: bool,
    pub output: OutputFormat,
    /// Also alerts firing and backup verdicts.
    pub deep: bool,
    /// Restart what is not Running, start what is Stopped, through the gate.
    pub restart_unhealthy: bool,
    /// Confirms mutations in prod (there is no prompt).
    pub yes: bool,
    /// Slack-compatible webhook (a secret: `EDUOPS_NOTIFY_URL` keeps it out of argv).
    pub notify: Option<String>,
    pub notify_always: bool,
    pub notify_required: bool,
    /// Longest time for the checks, and again for restarts.
    pub timeout: Duration,
}

pub const EXIT_CODES_HELP: &str = "\
Exit codes (when several apply, the highest wins):
  0  every service checked is Running (and, with --deep, no alert firing, no backup FAIL)
  1  something is unhealthy: a service not Running, an alert Fired and New, a backup FAIL
  2  could not check (authentication, network, timeout, bad configuration), or, with
     --notify-required, the notification could not be delivered
  3  --restart-unhealthy was refused (read-only mode, or prod without --yes); implies 1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
}

/// `30s`, `1m30s`, `1.5s`, `500ms`, `1h`, or a bare number of seconds; never zero.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let d = crate::format::duration::parse(s)?;
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
        assert_eq!(parse_timeout("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_timeout("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse_timeout("0s").is_err());
        assert!(parse_timeout("soon").is_err());
        assert!(parse_timeout("3w").is_err());
    }
}
