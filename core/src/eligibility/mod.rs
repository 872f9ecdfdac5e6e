//! Who may take part: evaluating registrants against the plan's
//! [eligibility policy](crate::plan::eligibility) (re-exported here), with
//! exact ages and past attendance.

mod age;
mod cause;
mod citizen;
mod evaluate;
mod history;

pub use age::{Age, age_on};
pub(crate) use cause::Cause;
pub use citizen::{CitizenReason, CitizenWording, citizen_wording};
pub(crate) use evaluate::Key;
pub use evaluate::{Basis, Evaluator, RuleFailure, Verdict};
pub use history::{AttendanceHistory, PastAttendance};

pub use crate::plan::eligibility::{
    AgeCountsFrom, AreaRelation, EligibilityPolicy, EligibilityRule, LeapDayBirthday, RuleGroup,
};
