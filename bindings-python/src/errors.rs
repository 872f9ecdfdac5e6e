//! The one mapping of openday's errors to the exception classes of
//! `openday.errors`.
//!
//! The classes are defined in Python (so they can inherit from both
//! `ValueError` and `OSError` and carry typed attributes). The core decides
//! the class (`openday::ErrorKind::name`), the code and the facts; this
//! module only builds the exception.

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

/// Plain data as Python objects through JSON.
fn json<T: serde::Serialize>(py: Python<'_>, value: &T) -> Py<PyAny> {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| {
            py.import("json")
                .and_then(|j| j.call_method1("loads", (text,)))
                .ok()
        })
        .map_or_else(|| py.None(), Bound::unbind)
}

/// Any openday error as its exception, with `code` and every fact.
pub(crate) fn error(py: Python<'_>, err: impl Into<openday::Error>) -> PyErr {
    let err: openday::Error = err.into();
    let f = err.facts();
    let problems: Vec<PyProblem> = f.problems.iter().cloned().map(PyProblem::from).collect();
    let attrs = vec![
        ("code", obj(py, err.code())),
        ("file", obj(py, f.file)),
        ("line", obj(py, f.line)),
        ("column", obj(py, f.column)),
        ("path", obj(py, f.path)),
        ("row", obj(py, f.row)),
        ("segment", obj(py, f.segment)),
        ("point", obj(py, f.point)),
        ("duty", obj(py, f.duty)),
        ("problems", obj(py, problems)),
        ("conflicts", json(py, &f.conflicts)),
        ("relaxation", json(py, &f.relaxation)),
        ("message_zh", obj(py, err.message_zh())),
    ];
    raise(py, err.kind().name(), err.to_string(), attrs)
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
