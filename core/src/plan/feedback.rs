//! The plan's `feedback` section: opinion-form categories and their
//! handling time limits (the ledger, [`crate::ledger`], follows them).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::ProblemCode;

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

impl Checker<'_> {
    pub(super) fn feedback(&mut self) {
        let p = self.plan;
        self.unique_ids(
            "feedback.categories",
            p.feedback.categories.iter().map(|c| c.id.as_str()),
        );
        for (i, cat) in p.feedback.categories.iter().enumerate() {
            let path = format!("feedback.categories[{i}]");
            self.not_empty(
                &format!("{path}.name"),
                &cat.name,
                "the category's name",
                "类别名称",
            );
            if let Some(u) = &cat.unit {
                self.unit_ref(format!("{path}.unit"), u);
            }
            if cat.time_limit.is_some_and(|t| t.amount() == 0) {
                self.push(
                    format!("{path}.time_limit"),
                    ProblemCode::ZeroAmount,
                    "a time limit of 0 cannot be met; give the working days or hours".into(),
                    "办理时限为 0，请填写工作日或工作小时数".into(),
                );
            }
        }
    }
}
