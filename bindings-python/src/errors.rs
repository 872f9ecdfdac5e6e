//! Mapping of core errors to the exception classes of `openday.errors`.
//!
//! The classes are defined in Python (so they can inherit from both
//! `ValueError` and `OSError` and carry typed attributes); this module is the
//! one place that decides which class each core error variant becomes.

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::plan::PyProblem;

/// Build an exception of class `name` from `openday.errors` with attributes.
fn raise(py: Python<'_>, name: &str, message: String, attrs: Vec<(&str, Py<PyAny>)>) -> PyErr {
    let built = py
        .import("openday.errors")
        .and_then(|m| m.getattr(name))
        .and_then(|class| class.call1((message,)))
        .and_then(|exc| {
            for (key, value) in attrs {
                exc.setattr(key, value)?;
            }
            Ok(exc)
        });
    match built {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => PyRuntimeError::new_err(format!("openday: cannot build exception {name}: {e}")),
    }
}

fn obj<'py, T: IntoPyObjectExt<'py>>(py: Python<'py>, value: T) -> Py<PyAny> {
    value.into_py_any(py).unwrap_or_else(|_| py.None())
}

/// A plan error as `PlanFileError`, `PlanSyntaxError`, `PlanStructureError`,
/// `PlanFormatError` or `PlanValidationError` (all `PlanError`).
pub(crate) fn plan_error(py: Python<'_>, err: &openday::PlanError) -> PyErr {
    use openday::PlanError as E;
    let class = match err {
        E::Io { .. } => "PlanFileError",
        E::Syntax { .. } => "PlanSyntaxError",
        E::Structure { .. } => "PlanStructureError",
        E::UnsupportedFormat { .. } => "PlanFormatError",
        E::Invalid { .. } => "PlanValidationError",
        _ => "PlanError",
    };
    let (file, path) = match err {
        E::Io { path, .. } => (Some(path.clone()), None),
        E::Syntax { file, .. } | E::UnsupportedFormat { file, .. } | E::Invalid { file, .. } => {
            (file.clone(), None)
        }
        E::Structure { file, path, .. } => (file.clone(), Some(path.clone())),
        _ => (None, None),
    };
    let location = err.location();
    let problems: Vec<PyProblem> = err
        .problems()
        .iter()
        .cloned()
        .map(PyProblem::from)
        .collect();
    let attrs = vec![
        ("code", obj(py, err.code())),
        ("problems", obj(py, problems)),
        ("file", obj(py, file)),
        ("line", obj(py, location.map(|l| l.0))),
        ("column", obj(py, location.map(|l| l.1))),
        ("path", obj(py, path)),
    ];
    raise(py, class, err.to_string(), attrs)
}

/// A registrations-table error as `RegistrationsError` (a `ValueError`).
pub(crate) fn tally_error(py: Python<'_>, err: &openday::registration::TallyError) -> PyErr {
    use openday::registration::TallyError as E;
    let (code, row) = match err {
        E::Csv { row, .. } => ("csv", Some(*row)),
        E::NoChannelColumn { .. } => ("no_channel_column", None),
        _ => ("registrations", None),
    };
    let attrs = vec![("code", obj(py, code)), ("row", obj(py, row))];
    raise(py, "RegistrationsError", err.to_string(), attrs)
}

/// A file that could not be read, as `RegistrationsError` (also an `OSError`
/// subclass is not needed here: the message names the path and the cause).
pub(crate) fn io_error(py: Python<'_>, path: &str, e: &std::io::Error) -> PyErr {
    let attrs = vec![("code", obj(py, "io")), ("file", obj(py, path))];
    raise(
        py,
        "RegistrationsFileError",
        format!("{path}: cannot read ({e}); check the path"),
        attrs,
    )
}

/// A table that could not be read at all, as `RegistrationsError` with `code`.
pub(crate) fn intake_error(py: Python<'_>, err: &openday::intake::IntakeError) -> PyErr {
    use openday::intake::IntakeError as E;
    let line = match err {
        E::Csv { line, .. } => Some(*line),
        _ => None,
    };
    let attrs = vec![("code", obj(py, err.code())), ("line", obj(py, line))];
    raise(py, "RegistrationsError", err.to_string(), attrs)
}

/// A re-planning error as `ReplanError` with `code` and `segment`.
pub(crate) fn replan_error(py: Python<'_>, err: &openday::itinerary::ReplanError) -> PyErr {
    use openday::itinerary::ReplanError as E;
    let (code, segment) = match err {
        E::UnknownSegment { segment, .. } => ("unknown_segment", segment.clone()),
        E::OutOfOrder { segment, .. } => ("out_of_order", segment.clone()),
        E::EndBeforeStart { segment } => ("end_before_start", segment.clone()),
        _ => ("replan", String::new()),
    };
    raise(
        py,
        "ReplanError",
        err.to_string(),
        vec![("code", obj(py, code)), ("segment", obj(py, segment))],
    )
}

/// A postponement error as `PostponeError` with `code`.
pub(crate) fn postpone_error(py: Python<'_>, err: &openday::itinerary::PostponeError) -> PyErr {
    use openday::itinerary::PostponeError as E;
    let code = match err {
        E::NoticeTooShort { .. } => "notice_too_short",
        E::CrossesMidnight { .. } => "crosses_midnight",
        E::Invalid(_) => "invalid",
        _ => "postpone",
    };
    raise(
        py,
        "PostponeError",
        err.to_string(),
        vec![("code", obj(py, code))],
    )
}

/// A calendar error as `CalendarError` with `code`.
pub(crate) fn calendar_error(py: Python<'_>, err: &openday::calendar::CalendarError) -> PyErr {
    use openday::calendar::CalendarError as E;
    let code = match err {
        E::YearNotCovered { .. } => "year_not_covered",
        E::File(_) => "file",
        _ => "calendar",
    };
    raise(
        py,
        "CalendarError",
        err.to_string(),
        vec![("code", obj(py, code))],
    )
}

/// A ledger error as `LedgerError` with `code` and `point`.
pub(crate) fn ledger_error(py: Python<'_>, err: &openday::ledger::LedgerError) -> PyErr {
    use openday::ledger::LedgerError as E;
    let (code, point) = match err {
        E::UnknownPoint { point } => ("unknown_point", Some(point.clone())),
        E::IllegalTransition { point, .. } => ("illegal_transition", Some(point.clone())),
        E::DuplicateForm { .. } => ("duplicate_form", None),
        E::UnknownCategory { point, .. } => ("unknown_category", Some(point.clone())),
        E::UnknownUnit { point, .. } => ("unknown_unit", Some(point.clone())),
        E::OutOfOrder { point, .. } => ("out_of_order", Some(point.clone())),
        E::Calendar { point, .. } => ("calendar", Some(point.clone())),
        _ => ("ledger", None),
    };
    raise(
        py,
        "LedgerError",
        err.to_string(),
        vec![("code", obj(py, code)), ("point", obj(py, point))],
    )
}
