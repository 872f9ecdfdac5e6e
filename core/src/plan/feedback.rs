//! The plan's `feedback` section: opinion-form categories and their
//! handling time limits (the ledger, [`crate::ledger`], follows them).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How opinions collected on the day are categorised and handled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackPolicy {
    /// Name of the opinion form (e.g. 《市民意见征求表》).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_name: Option<String>,
    /// Categories a point can be filed under.
    #[serde(default)]
    pub categories: Vec<FeedbackCategory>,
}

/// A category of opinion points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackCategory {
    /// Identifier.
    pub id: String,
    /// Name (市政设施、园林绿化 ...).
    pub name: String,
    /// Default responsible unit (a unit id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Time limit for points filed into the ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<TimeLimit>,
}

/// A handling time limit, counted on the working calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TimeLimit {
    /// Working days.
    WorkingDays(u32),
    /// Working hours.
    WorkingHours(u32),
}

impl TimeLimit {
    /// The amount, whatever the unit.
    pub fn amount(self) -> u32 {
        match self {
            Self::WorkingDays(n) | Self::WorkingHours(n) => n,
        }
    }
}

impl std::fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WorkingDays(n) => write!(f, "{n} working day(s)"),
            Self::WorkingHours(n) => write!(f, "{n} working hour(s)"),
        }
    }
}
