//! Mapping of core errors to JS `Error`s with `name`, `code` and details.

use js_sys::{Array, Error, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::plan::problem_value;

fn error(name: &str, message: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let err = Error::new(message);
    err.set_name(name);
    let obj: &Object = err.as_ref();
    for (key, value) in fields {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(obj, &JsValue::from_str(key), value);
    }
    err.into()
}

fn opt_str(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_str)
}

fn opt_num(v: Option<usize>) -> JsValue {
    #[allow(clippy::cast_precision_loss)] // line and column numbers are small
    v.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64))
}

/// A plan error as a JS `Error` named after the variant, with `code`,
/// `problems`, `file`, `line`, `column` and `path`.
pub(crate) fn plan_error(err: &openday::PlanError) -> JsValue {
    use openday::PlanError as E;
    let name = match err {
        E::Io { .. } => "PlanFileError",
        E::Syntax { .. } => "PlanSyntaxError",
        E::Structure { .. } => "PlanStructureError",
        E::UnsupportedFormat { .. } => "PlanFormatError",
        E::Invalid { .. } => "PlanValidationError",
        _ => "PlanError",
    };
    let problems: Array = err.problems().iter().map(problem_value).collect();
    let location = err.location();
    error(
        name,
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("problems", problems.into()),
            ("file", opt_str(err.file())),
            ("line", opt_num(location.map(|l| l.0))),
            ("column", opt_num(location.map(|l| l.1))),
            ("path", opt_str(err.field_path())),
        ],
    )
}

fn opt_u64(v: Option<u64>) -> JsValue {
    opt_num(v.and_then(|n| usize::try_from(n).ok()))
}

/// A registrations-table error as a JS `Error` named `RegistrationsError`.
pub(crate) fn tally_error(err: &openday::registration::TallyError) -> JsValue {
    error(
        "RegistrationsError",
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("row", opt_u64(err.row())),
        ],
    )
}

/// A table that could not be read at all, as `RegistrationsError` with `code`.
pub(crate) fn intake_error(err: &openday::intake::IntakeError) -> JsValue {
    error(
        "RegistrationsError",
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("line", opt_u64(err.line())),
        ],
    )
}

/// A bad argument (an unknown option value, a wrong type), as a `TypeError`
/// with `code: "invalid_argument"`.
pub(crate) fn value_error(message: &str) -> JsValue {
    let err: JsValue = js_sys::TypeError::new(message).into();
    let _ = Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str("invalid_argument"),
    );
    err
}

/// A re-planning error as `ReplanError` with `code` and `segment`.
pub(crate) fn replan_error(err: &openday::itinerary::ReplanError) -> JsValue {
    error(
        "ReplanError",
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("segment", JsValue::from_str(err.segment())),
        ],
    )
}

/// A postponement error as `PostponeError` with `code`.
pub(crate) fn postpone_error(err: &openday::itinerary::PostponeError) -> JsValue {
    error(
        "PostponeError",
        &err.to_string(),
        &[("code", JsValue::from_str(err.code()))],
    )
}

/// A calendar error as `CalendarError` with `code`.
pub(crate) fn calendar_error(err: &openday::calendar::CalendarError) -> JsValue {
    error(
        "CalendarError",
        &err.to_string(),
        &[("code", JsValue::from_str(err.code()))],
    )
}

/// A ledger error as `LedgerError` with `code` and `point`.
pub(crate) fn ledger_error(err: &openday::ledger::LedgerError) -> JsValue {
    error(
        "LedgerError",
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("point", opt_str(err.point())),
        ],
    )
}

/// A selection error as a JS `Error` named `InfeasibleQuotasError`,
/// `PoolError`, `DrawCancelled` or `SelectionError`, with `code`,
/// `conflicts` and `relaxation`.
pub(crate) fn selection_error(err: &openday::selection::SelectionError) -> JsValue {
    use openday::selection::ErrorKind;
    let name = match err.kind() {
        ErrorKind::Infeasible => "InfeasibleQuotasError",
        ErrorKind::Pool => "PoolError",
        ErrorKind::Cancelled => "DrawCancelled",
        ErrorKind::Other => "SelectionError",
    };
    let (conflicts, relaxation) = err.infeasibility();
    error(
        name,
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("conflicts", crate::plan::to_js(conflicts)),
            ("relaxation", crate::plan::to_js(relaxation)),
        ],
    )
}

/// A record that does not verify, as a `DrawVerificationError` (or the
/// selection error of the re-run).
pub(crate) fn verify_error(err: &openday::selection::VerifyError) -> JsValue {
    if let openday::selection::VerifyError::Draw(e) = err {
        return selection_error(e);
    }
    error(
        "DrawVerificationError",
        &err.to_string(),
        &[("code", JsValue::from_str(err.code()))],
    )
}

/// A refused roster step as a `RosterError` with `code`.
pub(crate) fn roster_error(err: &openday::confirmation::RosterError) -> JsValue {
    error(
        "RosterError",
        &err.to_string(),
        &[("code", JsValue::from_str(err.code()))],
    )
}

/// A journal problem as a `JournalError` with `code`.
pub(crate) fn journal_error(err: &openday::journal::JournalError) -> JsValue {
    error(
        "JournalError",
        &err.to_string(),
        &[("code", JsValue::from_str(err.code()))],
    )
}
