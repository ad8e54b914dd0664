//! Derived rows the panes draw and the keys move over: filtered, sorted, selected.

use super::{App, history};

use crate::health::alerts::is_open;
use crate::model::{Alert, ServiceStatus};

impl App {
    /// Selects a service by name (it stays selected when fresh data re-sorts the rows).
    pub fn select_service(&mut self, service: &str) {
        self.selected_service = Some(service.to_string());
        self.dirty = true;
    }

    /// Service rows in display order: attention first (if configured), then guide order,
    /// narrowed by the filter.
    pub fn service_rows(&self) -> Vec<&ServiceStatus> {
        let Some(all) = &self.services.data else {
            return Vec::new();
        };
        let f = self.filter.to_lowercase();
        let mut rows: Vec<&ServiceStatus> = all
            .iter()
            .filter(|s| {
                f.is_empty()
                    || s.service.to_lowercase().contains(&f)
                    || s.state.as_str().to_lowercase().contains(&f)
                    || s.container_group.to_lowercase().contains(&f)
            })
            .collect();
        if self.settings.ui.attention_first {
            rows.sort_by_key(|s| s.state.attention_rank());
        }
        rows
    }

    pub fn selected_service_name(&self) -> String {
        if let Some(s) = &self.selected_service {
            return s.clone();
        }
        self.service_rows()
            .first()
            .map(|s| s.service.clone())
            .unwrap_or_else(|| self.targets.services[0].0.clone())
    }

    pub fn selected_service_index(&self) -> usize {
        let name = self.selected_service_name();
        self.service_rows()
            .iter()
            .position(|s| s.service == name)
            .unwrap_or(0)
    }

    pub fn selected_status(&self) -> Option<&ServiceStatus> {
        let name = self.selected_service_name();
        self.services
            .data
            .as_ref()?
            .iter()
            .find(|s| s.service == name)
    }

    /// Open alerts first; among them the ones nobody holds (New) before Acknowledged ones, so
    /// an on-call's unowned Sev2 is not below a Sev1 a teammate already took; then severity,
    /// then newest.
    pub fn alert_rows(&self) -> Vec<&Alert> {
        let Some(all) = &self.alerts.data else {
            return Vec::new();
        };
        let f = self.filter.to_lowercase();
        let mut rows: Vec<&Alert> = all
            .iter()
            .filter(|a| {
                f.is_empty()
                    || a.name.to_lowercase().contains(&f)
                    || a.target_service
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&f))
            })
            .collect();
        rows.sort_by(|a, b| {
            is_open(b)
                .cmp(&is_open(a))
                .then(unowned(b).cmp(&unowned(a)))
                .then(a.severity.cmp(&b.severity))
                .then(b.fired_at.cmp(&a.fired_at))
        });
        rows
    }

    /// Every container event of the environment, newest first, with its service.
    pub fn event_rows(&self) -> Vec<(&str, &crate::model::ContainerEvent)> {
        let Some(all) = &self.services.data else {
            return Vec::new();
        };
        let mut rows: Vec<(&str, &crate::model::ContainerEvent)> = all
            .iter()
            .flat_map(|s| s.events.iter().map(move |e| (s.service.as_str(), e)))
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.1.last_timestamp));
        rows
    }

    /// The history of a group at the current window's grain.
    pub fn usage_of(&self, resource_id: &str) -> Option<&history::Series> {
        self.history
            .series(self.window.grain_minutes(), resource_id)
    }

    /// Latest CPU and memory percent of a service (the last point with a value).
    pub fn latest_usage(&self, status: &ServiceStatus) -> (Option<f64>, Option<f64>) {
        self.usage_of(&status.resource_id)
            .map(|s| s.latest())
            .unwrap_or((None, None))
    }
}

/// Nobody has acknowledged it yet.
fn unowned(a: &Alert) -> bool {
    a.state == crate::model::AlertState::New
}
