//! Steps the ledger refuses, each naming the point, its state and the step.

use crate::calendar::CalendarError;

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The plan's `feedback` or `calendar` section has errors; they are listed.
    #[error(
        "the plan has {} error(s) that block the ledger:\n{}",
        problems.len(),
        problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
    )]
    PlanBlocked {
        /// The blocking errors.
        problems: Vec<crate::plan::Problem>,
    },
    /// No point with that id.
    #[error(
        "no point \"{point}\" in the ledger; point ids are FORM-N (form id, point number from 1)"
    )]
    UnknownPoint {
        /// The id given.
        point: String,
    },
    /// The step is not allowed in the point's state.
    #[error("point {point} is {state}: it cannot be {action}; {hint}")]
    IllegalTransition {
        /// The point.
        point: String,
        /// Its state.
        state: &'static str,
        /// The step tried.
        action: &'static str,
        /// What is allowed instead.
        hint: &'static str,
    },
    /// A form id used twice.
    #[error("form \"{form}\" was already received; give each form its own id")]
    DuplicateForm {
        /// The id.
        form: String,
    },
    /// A category the plan does not have.
    #[error(
        "point {point}: category \"{category}\" is not in the plan's feedback categories ({known})"
    )]
    UnknownCategory {
        /// The point.
        point: String,
        /// The category.
        category: String,
        /// The plan's categories.
        known: String,
    },
    /// A unit the plan does not have.
    #[error("point {point}: unit \"{unit}\" is not in the plan's units ({known})")]
    UnknownUnit {
        /// The point.
        point: String,
        /// The unit.
        unit: String,
        /// The plan's units.
        known: String,
    },
    /// Events must not go back in time for a point.
    #[error(
        "point {point}: this step at {at} is earlier than its previous step at {previous}; record steps in time order"
    )]
    OutOfOrder {
        /// The point.
        point: String,
        /// This step's time.
        at: String,
        /// The previous step's time.
        previous: String,
    },
    /// The due date could not be computed.
    #[error("point {point}: {source}")]
    Calendar {
        /// The point.
        point: String,
        /// The calendar's error.
        source: CalendarError,
    },
}

impl LedgerError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::PlanBlocked { .. } => "plan_blocked",
            Self::UnknownPoint { .. } => "unknown_point",
            Self::IllegalTransition { .. } => "illegal_transition",
            Self::DuplicateForm { .. } => "duplicate_form",
            Self::UnknownCategory { .. } => "unknown_category",
            Self::UnknownUnit { .. } => "unknown_unit",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::Calendar { .. } => "calendar",
        }
    }

    /// The point concerned, when there is one.
    pub fn point(&self) -> Option<&str> {
        match self {
            Self::UnknownPoint { point }
            | Self::IllegalTransition { point, .. }
            | Self::UnknownCategory { point, .. }
            | Self::UnknownUnit { point, .. }
            | Self::OutOfOrder { point, .. }
            | Self::Calendar { point, .. } => Some(point),
            Self::DuplicateForm { .. } | Self::PlanBlocked { .. } => None,
        }
    }
}
