//! The plan's `confirmation` section: calls, the deadline, replacements and
//! check-in. Running confirmation is [`crate::confirmation`].

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::ProblemCode;

/// Confirmation and check-in rules (`confirmation` in the plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationPolicy {
    /// Calls to a person before they count as unreachable.
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// Minutes between two calls to the same person.
    #[serde(default = "default_spacing")]
    pub min_spacing_minutes: u32,
    /// The confirmation deadline as an instant; when absent,
    /// `deadline_hours_before_start` before the day starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::schema::instant")]
    pub deadline: Option<DateTime<FixedOffset>>,
    /// Hours before the start used when `deadline` is absent.
    #[serde(default = "default_hours")]
    pub deadline_hours_before_start: u32,
    /// What happens at the deadline to seats not confirmed.
    #[serde(default)]
    pub at_deadline: AtDeadline,
    /// What to do when no reserve keeps every quota.
    #[serde(default)]
    pub shortfall: Shortfall,
    /// Minutes after the check-in segment ends during which late arrivals
    /// are still checked in (recorded as late).
    #[serde(default = "default_late")]
    pub late_minutes: u32,
    /// People not on the list who turn up.
    #[serde(default)]
    pub walk_ins: WalkIns,
}

fn default_attempts() -> u32 {
    3
}

fn default_spacing() -> u32 {
    60
}

fn default_hours() -> u32 {
    48
}

fn default_late() -> u32 {
    30
}

impl Default for ConfirmationPolicy {
    fn default() -> Self {
        Self {
            max_attempts: default_attempts(),
            min_spacing_minutes: default_spacing(),
            deadline: None,
            deadline_hours_before_start: default_hours(),
            at_deadline: AtDeadline::default(),
            shortfall: Shortfall::default(),
            late_minutes: default_late(),
            walk_ins: WalkIns::default(),
        }
    }
}

/// Seats not confirmed at the deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AtDeadline {
    /// Released (the default); nobody is offered them any more.
    #[default]
    Release,
    /// Kept: the person may still come.
    Keep,
}

/// When no reserve's entry keeps every quota.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// Leave the seat empty (the default), recording the gap it avoids.
    #[default]
    LeaveEmpty,
    /// Offer it to the reserve with the smallest quota gap, recording it.
    BestEffort,
}

/// People not on the list at check-in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WalkIns {
    /// Turned away (the default); still recorded.
    #[default]
    Refuse,
    /// Admitted and recorded.
    Admit,
}

/// Hours of notice or lead time past which a number cannot be meant (a year).
pub(crate) const MAX_HOURS: u32 = 24 * 366;

impl Checker<'_> {
    pub(super) fn confirmation(&mut self, event_start: Option<DateTime<Tz>>) {
        let p = self.plan;
        let Some(c) = &p.confirmation else {
            return;
        };
        self.minutes_in_a_day("confirmation.late_minutes".into(), c.late_minutes);
        if c.max_attempts == 0 {
            self.push(
                "confirmation.max_attempts",
                ProblemCode::ZeroAmount,
                "max_attempts is 0, so nobody could be called; give the calls per person (e.g. 3)"
                    .into(),
                "max_attempts 为 0，无法电话确认，请填写每人最多拨打次数（如 3）".into(),
            );
        }
        if c.deadline_hours_before_start > MAX_HOURS {
            self.push(
                "confirmation.deadline_hours_before_start",
                ProblemCode::OutOfRange,
                format!("{} hours is more than a year before the start; give the hours before the start by which people must confirm", c.deadline_hours_before_start),
                format!("确认截止提前 {} 小时，超过一年，请填写实际小时数", c.deadline_hours_before_start),
            );
            return;
        }
        let Some(start) = event_start else {
            return;
        };
        let deadline = c.deadline.unwrap_or_else(|| {
            start.fixed_offset() - chrono::Duration::hours(i64::from(c.deadline_hours_before_start))
        });
        let path = if c.deadline.is_some() {
            "confirmation.deadline"
        } else {
            "confirmation.deadline_hours_before_start"
        };
        if deadline > start.fixed_offset() {
            self.push(
                path,
                ProblemCode::DeadlineAfterStart,
                format!("confirmations close at {deadline}, after the day starts at {}; move the deadline before the start", start.fixed_offset()),
                format!("确认截止时间 {deadline} 晚于活动开始时间 {}，请提前", start.fixed_offset()),
            );
        }
        if deadline <= p.registration.deadline {
            self.push(
                path,
                ProblemCode::OpensAfterDeadline,
                format!("confirmations close at {deadline}, not after registration closes at {}; nobody could be called in between: move it later", p.registration.deadline),
                format!("确认截止时间 {deadline} 不晚于报名截止时间 {}，中间无法电话确认，请推后", p.registration.deadline),
            );
        }
    }
}
