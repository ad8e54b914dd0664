//! A judgement: pass, warn, fail, or unknown with the reason the data was missing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "verdict", content = "why")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
    /// The data needed was not available; says which.
    Unknown(String),
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
            Verdict::Unknown(_) => "unknown",
        }
    }

    /// A symbol that carries the verdict without colour.
    pub fn symbol(&self) -> &'static str {
        match self {
            Verdict::Pass => "✔",
            Verdict::Warn => "▲",
            Verdict::Fail => "✖",
            Verdict::Unknown(_) => "?",
        }
    }

    /// Higher is worse; a combined verdict is the worst of its parts.
    fn rank(&self) -> u8 {
        match self {
            Verdict::Pass => 0,
            Verdict::Unknown(_) => 1,
            Verdict::Warn => 2,
            Verdict::Fail => 3,
        }
    }

    pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        verdicts
            .into_iter()
            .max_by_key(Verdict::rank)
            .unwrap_or_else(|| Verdict::Unknown("nothing to judge".to_string()))
    }
}
