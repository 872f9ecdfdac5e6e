//! Excel out (records as `.xlsx`) and the `openday` command's entry point.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use openday::export::Table;

/// Write `table` as a workbook to `path`, or give its bytes.
pub(crate) fn xlsx_out(
    py: Python<'_>,
    table: &Table,
    sheet: &str,
    path: Option<PathBuf>,
) -> PyResult<Option<Py<PyBytes>>> {
    let bytes = py
        .detach(|| openday::xlsx::write_table_xlsx(table, sheet))
        .map_err(|e| crate::errors::error(py, e))?;
    match path {
        Some(path) => {
            std::fs::write(&path, &bytes)
                .map_err(|e| crate::errors::io_error(py, &path.display().to_string(), &e))?;
            Ok(None)
        }
        None => Ok(Some(PyBytes::new(py, &bytes).unbind())),
    }
}

/// Records (dicts, or a pandas DataFrame) as an Excel workbook: the header
/// is every key in order of first appearance; every cell is text, formula
/// cells neutralised. Writes `path` or returns the bytes.
#[pyfunction]
#[pyo3(signature = (records, path = None, *, sheet = "openday"))]
pub(crate) fn write_xlsx(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    path: Option<PathBuf>,
    sheet: &str,
) -> PyResult<Option<Py<PyBytes>>> {
    let rows = crate::screening::pairs(records)?;
    xlsx_out(py, &Table::from_pairs(&rows), sheet, path)
}

/// Records (dicts, or a pandas DataFrame) as CSV text through the same
/// writer as every export: a byte-order mark for Excel, the header is every
/// key in order of first appearance, formula cells neutralised. Writes
/// `path` (UTF-8) or returns the text.
#[pyfunction]
#[pyo3(signature = (records, path = None))]
pub(crate) fn write_csv(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    path: Option<PathBuf>,
) -> PyResult<Option<String>> {
    let rows = crate::screening::pairs(records)?;
    let mut out = Vec::new();
    openday::export::write_table_csv(&Table::from_pairs(&rows), &mut out)
        .map_err(|e| crate::errors::error(py, openday::export::ExportError::from(e)))?;
    match path {
        Some(path) => {
            std::fs::write(&path, &out)
                .map_err(|e| crate::errors::io_error(py, &path.display().to_string(), &e))?;
            Ok(None)
        }
        None => Ok(Some(String::from_utf8_lossy(&out).into_owned())),
    }
}

/// Run the `openday` command with `argv` (the program name first); gives
/// the exit code. Used by the `openday` console script and `python -m
/// openday`.
#[pyfunction]
pub(crate) fn cli_main(py: Python<'_>, argv: Vec<String>) -> u8 {
    py.detach(|| openday::cli::run(argv))
}

/// `openday._frames.frame(records, instants=…, dates=…, integers=…)`: a
/// pandas DataFrame with typed columns (pandas is imported there).
pub(crate) fn frame<'py>(
    py: Python<'py>,
    records: Bound<'py, PyAny>,
    instants: &[&str],
    dates: &[&str],
    integers: &[&str],
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("instants", instants.to_vec())?;
    kwargs.set_item("dates", dates.to_vec())?;
    kwargs.set_item("integers", integers.to_vec())?;
    py.import("openday._frames")?
        .call_method("frame", (records,), Some(&kwargs))
}
