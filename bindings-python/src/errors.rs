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
        ("file", obj(py, err.file())),
        ("line", obj(py, location.map(|l| l.0))),
        ("column", obj(py, location.map(|l| l.1))),
        ("path", obj(py, err.field_path())),
    ];
    raise(py, class, err.to_string(), attrs)
}

/// A registrations-table error as `RegistrationsError` (a `ValueError`).
pub(crate) fn tally_error(py: Python<'_>, err: &openday::registration::TallyError) -> PyErr {
    let attrs = vec![("code", obj(py, err.code())), ("row", obj(py, err.row()))];
    raise(py, "RegistrationsError", err.to_string(), attrs)
}

/// A file that could not be read, as `RegistrationsFileError` (also an `OSError`).
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
    let attrs = vec![("code", obj(py, err.code())), ("line", obj(py, err.line()))];
    raise(py, "RegistrationsError", err.to_string(), attrs)
}

/// A re-planning error as `ReplanError` with `code` and `segment`.
pub(crate) fn replan_error(py: Python<'_>, err: &openday::itinerary::ReplanError) -> PyErr {
    let attrs = vec![
        ("code", obj(py, err.code())),
        ("segment", obj(py, err.segment())),
    ];
    raise(py, "ReplanError", err.to_string(), attrs)
}

/// A postponement error as `PostponeError` with `code`.
pub(crate) fn postpone_error(py: Python<'_>, err: &openday::itinerary::PostponeError) -> PyErr {
    raise(
        py,
        "PostponeError",
        err.to_string(),
        vec![("code", obj(py, err.code()))],
    )
}

/// A calendar error as `CalendarError` with `code`.
pub(crate) fn calendar_error(py: Python<'_>, err: &openday::calendar::CalendarError) -> PyErr {
    raise(
        py,
        "CalendarError",
        err.to_string(),
        vec![("code", obj(py, err.code()))],
    )
}

/// A ledger error as `LedgerError` with `code` and `point`.
pub(crate) fn ledger_error(py: Python<'_>, err: &openday::ledger::LedgerError) -> PyErr {
    let attrs = vec![
        ("code", obj(py, err.code())),
        ("point", obj(py, err.point())),
    ];
    raise(py, "LedgerError", err.to_string(), attrs)
}

/// A selection error: `InfeasibleQuotasError` (with `conflicts` and
/// `relaxation`), `PoolError`, `DrawCancelled` or `SelectionError`.
pub(crate) fn selection_error(py: Python<'_>, err: &openday::selection::SelectionError) -> PyErr {
    use openday::selection::ErrorKind;
    let class = match err.kind() {
        ErrorKind::Infeasible => "InfeasibleQuotasError",
        ErrorKind::Pool => "PoolError",
        ErrorKind::Cancelled => "DrawCancelled",
        ErrorKind::Other => "SelectionError",
    };
    let (conflicts, relaxation) = err.infeasibility();
    let json = |value: serde_json::Result<String>| -> Py<PyAny> {
        value
            .ok()
            .and_then(|text| {
                py.import("json")
                    .and_then(|j| j.call_method1("loads", (text,)))
                    .ok()
            })
            .map_or_else(|| py.None(), Bound::unbind)
    };
    let attrs = vec![
        ("code", obj(py, err.code())),
        ("conflicts", json(serde_json::to_string(conflicts))),
        ("relaxation", json(serde_json::to_string(relaxation))),
    ];
    raise(py, class, err.to_string(), attrs)
}

/// A record that does not verify: `DrawVerificationError` (or the
/// selection error of the re-run).
pub(crate) fn verify_error(py: Python<'_>, err: &openday::selection::VerifyError) -> PyErr {
    if let openday::selection::VerifyError::Draw(e) = err {
        return selection_error(py, e);
    }
    raise(
        py,
        "DrawVerificationError",
        err.to_string(),
        vec![("code", obj(py, err.code()))],
    )
}

/// A refused roster step as `RosterError` (with `code`).
pub(crate) fn roster_error(py: Python<'_>, err: &openday::confirmation::RosterError) -> PyErr {
    raise(
        py,
        "RosterError",
        err.to_string(),
        vec![("code", obj(py, err.code()))],
    )
}

/// A journal file problem as `JournalError` (also an `OSError`).
pub(crate) fn journal_error(py: Python<'_>, err: &openday::journal::JournalError) -> PyErr {
    raise(
        py,
        "JournalError",
        err.to_string(),
        vec![("code", obj(py, err.code()))],
    )
}
