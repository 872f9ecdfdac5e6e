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
    let (file, path) = match err {
        E::Io { path, .. } => (Some(path.as_str()), None),
        E::Syntax { file, .. } | E::UnsupportedFormat { file, .. } | E::Invalid { file, .. } => {
            (file.as_deref(), None)
        }
        E::Structure { file, path, .. } => (file.as_deref(), Some(path.as_str())),
        _ => (None, None),
    };
    let problems: Array = err.problems().iter().map(problem_value).collect();
    let location = err.location();
    error(
        name,
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("problems", problems.into()),
            ("file", opt_str(file)),
            ("line", opt_num(location.map(|l| l.0))),
            ("column", opt_num(location.map(|l| l.1))),
            ("path", opt_str(path)),
        ],
    )
}

/// A registrations-table error as a JS `Error` named `RegistrationsError`.
pub(crate) fn tally_error(err: &openday::registration::TallyError) -> JsValue {
    use openday::registration::TallyError as E;
    let (code, row) = match err {
        E::Csv { row, .. } => ("csv", usize::try_from(*row).ok()),
        E::NoChannelColumn { .. } => ("no_channel_column", None),
        _ => ("registrations", None),
    };
    error(
        "RegistrationsError",
        &err.to_string(),
        &[("code", JsValue::from_str(code)), ("row", opt_num(row))],
    )
}

/// A table that could not be read at all, as `RegistrationsError` with `code`.
pub(crate) fn intake_error(err: &openday::intake::IntakeError) -> JsValue {
    use openday::intake::IntakeError as E;
    let line = match err {
        E::Csv { line, .. } => usize::try_from(*line).ok(),
        _ => None,
    };
    error(
        "RegistrationsError",
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("line", opt_num(line)),
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
    use openday::itinerary::ReplanError as E;
    let (code, segment) = match err {
        E::UnknownSegment { segment, .. } => ("unknown_segment", segment.as_str()),
        E::OutOfOrder { segment, .. } => ("out_of_order", segment.as_str()),
        E::EndBeforeStart { segment } => ("end_before_start", segment.as_str()),
        _ => ("replan", ""),
    };
    error(
        "ReplanError",
        &err.to_string(),
        &[
            ("code", JsValue::from_str(code)),
            ("segment", JsValue::from_str(segment)),
        ],
    )
}

/// A postponement error as `PostponeError` with `code`.
pub(crate) fn postpone_error(err: &openday::itinerary::PostponeError) -> JsValue {
    use openday::itinerary::PostponeError as E;
    let code = match err {
        E::NoticeTooShort { .. } => "notice_too_short",
        E::CrossesMidnight { .. } => "crosses_midnight",
        E::Invalid(_) => "invalid",
        _ => "postpone",
    };
    error(
        "PostponeError",
        &err.to_string(),
        &[("code", JsValue::from_str(code))],
    )
}

/// A calendar error as `CalendarError` with `code`.
pub(crate) fn calendar_error(err: &openday::calendar::CalendarError) -> JsValue {
    use openday::calendar::CalendarError as E;
    let code = match err {
        E::YearNotCovered { .. } => "year_not_covered",
        E::File(_) => "file",
        _ => "calendar",
    };
    error(
        "CalendarError",
        &err.to_string(),
        &[("code", JsValue::from_str(code))],
    )
}

/// A ledger error as `LedgerError` with `code` and `point`.
pub(crate) fn ledger_error(err: &openday::ledger::LedgerError) -> JsValue {
    use openday::ledger::LedgerError as E;
    let (code, point) = match err {
        E::UnknownPoint { point } => ("unknown_point", Some(point.as_str())),
        E::IllegalTransition { point, .. } => ("illegal_transition", Some(point.as_str())),
        E::DuplicateForm { .. } => ("duplicate_form", None),
        E::UnknownCategory { point, .. } => ("unknown_category", Some(point.as_str())),
        E::UnknownUnit { point, .. } => ("unknown_unit", Some(point.as_str())),
        E::OutOfOrder { point, .. } => ("out_of_order", Some(point.as_str())),
        E::Calendar { point, .. } => ("calendar", Some(point.as_str())),
        _ => ("ledger", None),
    };
    error(
        "LedgerError",
        &err.to_string(),
        &[("code", JsValue::from_str(code)), ("point", opt_str(point))],
    )
}
