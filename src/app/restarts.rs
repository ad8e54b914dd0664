//! Restarts observed between refreshes: Azure gives a count, the screen wants "+N in the last hour".

use super::App;

impl App {
    /// Restarts observed during the last hour (from successive refreshes).
    pub fn restarts_last_hour(&self, service: &str) -> Option<u32> {
        let h = self.restart_history.get(service)?;
        let (first_t, first) = h.front()?;
        let (_, last) = h.back()?;
        // Only meaningful once we have watched for a while; say nothing rather than 0.
        if self.now - *first_t < chrono::Duration::minutes(1) && h.len() < 2 {
            return None;
        }
        Some(last.saturating_sub(*first))
    }

    pub(super) fn record_restarts(&mut self) {
        let now = self.now;
        let Some(all) = &self.services.data else {
            return;
        };
        for s in all {
            let h = self.restart_history.entry(s.service.clone()).or_default();
            // A restart count that went down means the group was recreated: start over.
            if h.back().is_some_and(|(_, c)| *c > s.restart_count) {
                h.clear();
            }
            h.push_back((now, s.restart_count));
            while h
                .front()
                .is_some_and(|(t, _)| now - *t > chrono::Duration::hours(1))
            {
                h.pop_front();
            }
            // Bounded: one entry per refresh for an hour is a few hundred at most.
            while h.len() > 720 {
                h.pop_front();
            }
        }
    }
}
