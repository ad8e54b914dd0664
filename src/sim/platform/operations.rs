//! Long-running operations (start, restore) tracked for status polls.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::noise::{guid, hash3};

pub const MAX_OPERATIONS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    ContainerStart,
    ContainerRestart,
    SqlRestore,
    CosmosRestore,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    pub kind: OpKind,
    pub started: DateTime<Utc>,
    pub done_at: DateTime<Utc>,
    pub fails: bool,
    pub resource_id: String,
}

impl Operation {
    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        if now < self.done_at {
            "InProgress"
        } else if self.fails {
            "Failed"
        } else {
            "Succeeded"
        }
    }
}

/// The operations the platform remembers, and the ids it hands out for new ones.
#[derive(Debug)]
pub struct Operations {
    seed: u64,
    by_id: HashMap<String, Operation>,
    counter: u64,
}

impl Operations {
    pub fn new(seed: u64) -> Operations {
        Operations {
            seed,
            by_id: HashMap::new(),
            counter: 0,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Operation> {
        self.by_id.get(id)
    }

    /// Keeps a long-running operation for status polls; the oldest go beyond
    /// [`MAX_OPERATIONS`] so memory stays flat however many actions a demo runs.
    pub fn track(&mut self, op: Operation) {
        if self.by_id.len() >= MAX_OPERATIONS
            && let Some(oldest) = self
                .by_id
                .values()
                .min_by_key(|o| o.started)
                .map(|o| o.id.clone())
        {
            self.by_id.remove(&oldest);
        }
        self.by_id.insert(op.id.clone(), op);
    }

    /// A fresh id, the same sequence for the same seed.
    pub fn next_id(&mut self, salt: u64) -> String {
        self.counter += 1;
        guid(hash3(self.seed, salt, self.counter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn old_operations_are_forgotten_beyond_the_cap() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 1, 30, 0).unwrap();
        let mut ops = Operations::new(1);
        for n in 0..=MAX_OPERATIONS as i64 {
            ops.track(Operation {
                id: format!("op-{n}"),
                kind: OpKind::ContainerStart,
                started: t0 + Duration::seconds(n),
                done_at: t0 + Duration::seconds(n + 20),
                fails: false,
                resource_id: String::new(),
            });
        }
        assert_eq!(ops.by_id.len(), MAX_OPERATIONS);
        assert!(ops.get("op-0").is_none());
        assert!(ops.get(&format!("op-{MAX_OPERATIONS}")).is_some());
    }
}
