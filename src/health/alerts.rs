//! Which alerts are open, and which are about security.

use crate::model::{Alert, AlertState, MonitorCondition};

/// Open: the condition still fires and nobody closed it (acknowledged alerts stay open).
pub fn is_open(a: &Alert) -> bool {
    a.condition == MonitorCondition::Fired && a.state != AlertState::Closed
}

/// Whether an alert is of the security kind (Activity Log security events, Defender for Cloud).
pub fn is_security_alert(a: &Alert) -> bool {
    let mentions = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("security") || s.contains("defender")
    };
    [
        a.monitor_service.as_deref(),
        a.signal_type.as_deref(),
        Some(a.name.as_str()),
    ]
    .into_iter()
    .flatten()
    .any(mentions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use chrono::DateTime;

    fn alert(state: AlertState, condition: MonitorCondition) -> Alert {
        Alert {
            id: "/alerts/1".into(),
            name: "cpu-high".into(),
            severity: Severity::Sev2,
            state,
            condition,
            target_resource: String::new(),
            target_service: None,
            fired_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
            resolved_at: None,
            signal_type: None,
            monitor_service: None,
            description: None,
        }
    }

    #[test]
    fn fired_and_not_closed_is_open() {
        use AlertState::*;
        use MonitorCondition::*;
        assert!(is_open(&alert(New, Fired)));
        assert!(is_open(&alert(Acknowledged, Fired)));
        assert!(!is_open(&alert(Closed, Fired)));
        assert!(!is_open(&alert(New, Resolved)));
        assert!(!is_open(&alert(Acknowledged, Resolved)));
    }

    #[test]
    fn security_is_named_by_service_signal_or_name() {
        let mut a = alert(AlertState::New, MonitorCondition::Fired);
        assert!(!is_security_alert(&a));
        a.monitor_service = Some("Microsoft Defender for Cloud".into());
        assert!(is_security_alert(&a));
        a.monitor_service = None;
        a.name = "Security: suspicious sign-in".into();
        assert!(is_security_alert(&a));
    }
}
