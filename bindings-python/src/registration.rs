//! Registrations tables for Python.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::plan::PyPlan;

/// The embedded example registrations (500 synthetic rows, UTF-8 CSV).
#[pyfunction]
pub(crate) fn example_registrations_csv() -> &'static str {
    openday::examples::GUYUAN_2025_REGISTRATIONS
}

/// Synthetic registrations for `plan` as CSV text, deterministic from `seed`.
#[pyfunction]
#[pyo3(signature = (plan, rows, seed))]
pub(crate) fn synthetic_registrations_csv(
    py: Python<'_>,
    plan: &PyPlan,
    rows: usize,
    seed: u64,
) -> PyResult<String> {
    let opts = openday::synthetic::SyntheticOptions::for_plan(&plan.0, rows, seed);
    let mut out = Vec::new();
    py.detach(|| openday::synthetic::write_registrations_csv(&opts, &mut out))?;
    String::from_utf8(out).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// Count a registrations CSV (text or bytes) by channel; every row is counted once.
#[pyfunction]
#[pyo3(signature = (csv, source_name = "<memory>"))]
pub(crate) fn tally_channels<'py>(
    py: Python<'py>,
    csv: &Bound<'py, PyAny>,
    source_name: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let bytes: Vec<u8> = if let Ok(text) = csv.cast::<PyString>() {
        text.to_cow()?.as_bytes().to_vec()
    } else if let Ok(bytes) = csv.cast::<PyBytes>() {
        bytes.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err(
            "tally_channels takes CSV as str or bytes",
        ));
    };
    let tally = openday::registration::ChannelTally::from_csv(bytes.as_slice(), source_name)
        .map_err(|e| crate::errors::error(py, e))?;
    let d = PyDict::new(py);
    d.set_item("rows", tally.rows)?;
    let by = PyDict::new(py);
    for (kind, n) in &tally.by_channel {
        by.set_item(kind.code(), n)?;
    }
    d.set_item("by_channel", by)?;
    d.set_item("unrecognised_rows", &tally.unrecognised_rows)?;
    Ok(d)
}
