//! One error type for the whole crate: [`Error`] wraps every stage's error
//! without turning it into a string, and [`Error::kind`] / [`Error::code`]
//! with [`Error::facts`] are the one table the bindings map to their
//! exception classes (they hold no other logic).
//!
//! ```
//! let err: openday::Error = openday::Plan::from_json("{").unwrap_err().into();
//! assert_eq!(err.kind(), openday::ErrorKind::PlanSyntax);
//! assert_eq!((err.kind().name(), err.code()), ("PlanSyntaxError", "syntax"));
//! assert_eq!(err.facts().line, Some(1));
//! ```

use crate::calendar::CalendarError;
use crate::confirmation::RosterError;
use crate::intake::IntakeError;
use crate::itinerary::{PostponeError, ReplanError};
use crate::journal::JournalError;
use crate::ledger::LedgerError;
use crate::plan::{PlanError, Problem};
use crate::registration::TallyError;
use crate::selection::{QuotaConflict, Relaxation, SelectionError, VerifyError};
use std::path::Path;

/// Any error of openday.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A plan that cannot be loaded.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A registrations table that cannot be read.
    #[error(transparent)]
    Intake(#[from] IntakeError),
    /// A registrations table that cannot be counted.
    #[error(transparent)]
    Tally(#[from] TallyError),
    /// A draw that cannot be made.
    #[error(transparent)]
    Selection(#[from] SelectionError),
    /// A draw record that does not verify.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A refused confirmation or check-in step.
    #[error(transparent)]
    Roster(#[from] RosterError),
    /// A journal that cannot be read or written.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A refused ledger step.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// A working-day calendar that cannot answer.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// Actual times that cannot be applied.
    #[error(transparent)]
    Replan(#[from] ReplanError),
    /// A postponement that cannot be made.
    #[error(transparent)]
    Postpone(#[from] PostponeError),
    /// An export that cannot be written.
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    /// A refused preparation step.
    #[error(transparent)]
    Preparation(#[from] crate::preparation::PreparationError),
}

/// What kind of error: each binding has one class per kind, named
/// [`ErrorKind::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The plan file could not be read.
    PlanFile,
    /// The plan is not JSON.
    PlanSyntax,
    /// The JSON does not have the plan's shape.
    PlanStructure,
    /// A plan format this openday does not read.
    PlanFormat,
    /// The plan has errors (see the problems).
    PlanValidation,
    /// A registrations table that cannot be read or counted.
    Registrations,
    /// No panel meets the quotas.
    InfeasibleQuotas,
    /// The pool is not usable.
    Pool,
    /// The caller cancelled the draw.
    DrawCancelled,
    /// Another selection error (targets, solver).
    Selection,
    /// A draw record that does not verify.
    DrawVerification,
    /// A refused roster step.
    Roster,
    /// A journal that cannot be read or written.
    Journal,
    /// A refused ledger step.
    Ledger,
    /// A calendar that cannot answer.
    Calendar,
    /// Actual times that cannot be applied.
    Replan,
    /// A postponement that cannot be made.
    Postpone,
    /// An export that cannot be written.
    Export,
    /// A refused preparation step.
    Preparation,
}

impl ErrorKind {
    /// The class name bindings use (`PlanSyntaxError`, `InfeasibleQuotasError` …).
    pub fn name(self) -> &'static str {
        match self {
            Self::PlanFile => "PlanFileError",
            Self::PlanSyntax => "PlanSyntaxError",
            Self::PlanStructure => "PlanStructureError",
            Self::PlanFormat => "PlanFormatError",
            Self::PlanValidation => "PlanValidationError",
            Self::Registrations => "RegistrationsError",
            Self::InfeasibleQuotas => "InfeasibleQuotasError",
            Self::Pool => "PoolError",
            Self::DrawCancelled => "DrawCancelled",
            Self::Selection => "SelectionError",
            Self::DrawVerification => "DrawVerificationError",
            Self::Roster => "RosterError",
            Self::Journal => "JournalError",
            Self::Ledger => "LedgerError",
            Self::Calendar => "CalendarError",
            Self::Replan => "ReplanError",
            Self::Postpone => "PostponeError",
            Self::Export => "ExportError",
            Self::Preparation => "PreparationError",
        }
    }
}

/// Where and what, for the bindings' exception attributes: every field is
/// `None` or empty unless the error has it.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ErrorFacts<'a> {
    /// The file (plan, registrations, journal).
    pub file: Option<&'a str>,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column.
    pub column: Option<u64>,
    /// Path of the field in the plan.
    pub path: Option<&'a str>,
    /// 1-based data row of a table.
    pub row: Option<u64>,
    /// The itinerary segment.
    pub segment: Option<&'a str>,
    /// The ledger point.
    pub point: Option<&'a str>,
    /// The preparation duty.
    pub duty: Option<&'a str>,
    /// Every problem of an invalid plan.
    pub problems: &'a [Problem],
    /// The conflicting quotas of an infeasible draw.
    pub conflicts: &'a [QuotaConflict],
    /// The smallest relaxation that makes the quotas feasible.
    pub relaxation: &'a [Relaxation],
}

fn selection_kind(e: &SelectionError) -> ErrorKind {
    use crate::selection::ErrorKind as S;
    match e.kind() {
        S::Infeasible => ErrorKind::InfeasibleQuotas,
        S::Pool => ErrorKind::Pool,
        S::Cancelled => ErrorKind::DrawCancelled,
        S::Other => ErrorKind::Selection,
    }
}

impl Error {
    /// The kind, for the binding's class.
    pub fn kind(&self) -> ErrorKind {
        if !self.blocked_by().is_empty() {
            return ErrorKind::PlanValidation;
        }
        match self {
            Self::Plan(e) => match e {
                PlanError::Io { .. } => ErrorKind::PlanFile,
                PlanError::Syntax { .. } => ErrorKind::PlanSyntax,
                PlanError::Structure { .. } => ErrorKind::PlanStructure,
                PlanError::UnsupportedFormat { .. } => ErrorKind::PlanFormat,
                PlanError::Invalid { .. } => ErrorKind::PlanValidation,
            },
            Self::Intake(_) | Self::Tally(_) => ErrorKind::Registrations,
            // A roster step refused for a journal or draw failure is that failure.
            Self::Selection(e)
            | Self::Verify(VerifyError::Draw(e))
            | Self::Roster(RosterError::Selection(e)) => selection_kind(e),
            Self::Verify(_) => ErrorKind::DrawVerification,
            Self::Roster(RosterError::Store(_)) | Self::Journal(_) => ErrorKind::Journal,
            Self::Roster(RosterError::Segment(_)) | Self::Replan(_) => ErrorKind::Replan,
            Self::Roster(_) => ErrorKind::Roster,
            Self::Ledger(_) => ErrorKind::Ledger,
            Self::Calendar(_) => ErrorKind::Calendar,
            Self::Postpone(_) => ErrorKind::Postpone,
            Self::Export(_) => ErrorKind::Export,
            Self::Preparation(_) => ErrorKind::Preparation,
        }
    }

    /// The stable snake_case code within its kind.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Plan(e) => e.code(),
            Self::Intake(e) => e.code(),
            Self::Tally(e) => e.code(),
            Self::Selection(e) => e.code(),
            Self::Verify(e) => e.code(),
            Self::Roster(e) => e.code(),
            Self::Journal(e) => e.code(),
            Self::Ledger(e) => e.code(),
            Self::Calendar(e) => e.code(),
            Self::Replan(e) => e.code(),
            Self::Postpone(e) => e.code(),
            Self::Export(e) => e.code(),
            Self::Preparation(e) => e.code(),
        }
    }

    /// The plan errors that blocked the stage, for a stage refused because
    /// of them (then [`Error::kind`] is [`ErrorKind::PlanValidation`]).
    fn blocked_by(&self) -> &[Problem] {
        match self {
            Self::Selection(SelectionError::PlanBlocked { problems })
            | Self::Roster(RosterError::PlanBlocked { problems })
            | Self::Ledger(LedgerError::PlanBlocked { problems }) => problems,
            _ => &[],
        }
    }

    /// Where and what, as far as the error knows.
    pub fn facts(&self) -> ErrorFacts<'_> {
        let mut f = ErrorFacts {
            problems: self.blocked_by(),
            ..ErrorFacts::default()
        };
        match self {
            Self::Plan(e) => {
                f.file = e.file();
                f.path = e.field_path();
                let location = e.location();
                f.line = location.and_then(|l| u64::try_from(l.0).ok());
                f.column = location.and_then(|l| u64::try_from(l.1).ok());
                f.problems = e.problems();
            }
            Self::Intake(e) => f.line = e.line(),
            Self::Tally(e) => f.row = e.row(),
            Self::Selection(e)
            | Self::Verify(VerifyError::Draw(e))
            | Self::Roster(RosterError::Selection(e)) => {
                (f.conflicts, f.relaxation) = e.infeasibility();
            }
            Self::Ledger(e) => f.point = e.point(),
            Self::Preparation(e) => f.duty = e.duty(),
            Self::Journal(e) | Self::Roster(RosterError::Store(e)) => {
                f.file = e.file().and_then(Path::to_str);
                f.line = e.line();
            }
            Self::Replan(e) | Self::Roster(RosterError::Segment(e)) => {
                f.segment = Some(e.segment());
            }
            _ => {}
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_below_a_roster_step_keeps_its_own_kind_and_code() {
        let store: Error = RosterError::from(JournalError::Serialise("x".into())).into();
        assert_eq!(
            (store.kind(), store.code()),
            (ErrorKind::Journal, "serialise")
        );
        let quota: Error = RosterError::from(SelectionError::NoPolicy).into();
        assert_eq!(
            (quota.kind(), quota.code()),
            (ErrorKind::Selection, "no_policy")
        );
        let refused: Error = RosterError::Unknown {
            person: "p1".into(),
        }
        .into();
        assert_eq!(
            (refused.kind().name(), refused.code()),
            ("RosterError", "unknown_person")
        );
    }

    #[test]
    fn an_invalid_plan_carries_its_problems_and_file() {
        let json = crate::examples::MINIMAL_PLAN.replace("\"seats\": 20", "\"seats\": 0");
        let err: Error = crate::Plan::from_named_json("mine.json", &json)
            .unwrap_err()
            .into();
        assert_eq!(err.kind(), ErrorKind::PlanValidation);
        let f = err.facts();
        assert_eq!(f.file, Some("mine.json"));
        assert_eq!(f.problems[0].path, "seats");
    }
}
