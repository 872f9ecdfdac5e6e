//! Screening registrations from Python: CSV paths or bytes, lists of dicts,
//! or one person for a self-check.

use std::path::PathBuf;

use openday::mask::Masking;
use openday::screening::{Outcome, ScreenedRow, ScreeningOptions, ScreeningReport};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyList, PyString};

use crate::errors::io_error;
use crate::plan::PyPlan;

/// The result of screening: every row in exactly one bucket.
#[pyclass(frozen, name = "ScreeningReport", module = "openday")]
pub(crate) struct PyScreeningReport(pub(crate) ScreeningReport);

impl From<ScreeningReport> for PyScreeningReport {
    fn from(r: ScreeningReport) -> Self {
        Self(r)
    }
}

impl From<PyScreeningReport> for ScreeningReport {
    fn from(r: PyScreeningReport) -> Self {
        r.0
    }
}

fn masking(unmasked: bool) -> Masking {
    if unmasked {
        Masking::Unmasked
    } else {
        Masking::Masked
    }
}

/// A core value as a Python object through its JSON form (dicts, lists, str, int).
pub(crate) fn to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

fn row_dict<'py>(
    py: Python<'py>,
    row: &ScreenedRow,
    unmasked: bool,
) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &row.record(masking(unmasked)))
}

#[pymethods]
impl PyScreeningReport {
    /// Name of the input.
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }

    /// Encoding found (`UTF-8`, `GB18030`, `UTF-16LE`, `records`).
    #[getter]
    fn encoding(&self) -> &str {
        &self.0.encoding
    }

    /// What this screening could not check or wants noticed (the plan's
    /// warnings, rules left unchecked): shown with the results, blocking nothing.
    #[getter]
    fn warnings(&self) -> Vec<crate::plan::PyProblem> {
        self.0.warnings.iter().cloned().map(Into::into).collect()
    }

    /// Rows per bucket: `rows`, `eligible`, `ineligible`, `invalid`, `duplicate`.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.counts())
    }

    /// How each column was understood: `(header, used_as)`.
    #[getter]
    fn columns(&self) -> Vec<(String, String)> {
        self.0
            .columns
            .iter()
            .map(|c| (c.header.clone(), c.used_as.clone()))
            .collect()
    }

    /// Reason codes with their row counts, most frequent first.
    fn reasons(&self) -> Vec<(&'static str, u64)> {
        self.0.reasons()
    }

    /// Every row as a dict (ready for `pandas.DataFrame`); personal data is
    /// masked unless `unmasked=True`.
    #[pyo3(signature = (*, unmasked = false))]
    fn records<'py>(&self, py: Python<'py>, unmasked: bool) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.0.rows().map(|r| row_dict(py, &r, unmasked)).collect()
    }

    /// Why row `row` (1-based) ended where it did: its bucket and every rule
    /// failure or field error with code, messages and facts.
    fn explain<'py>(&self, py: Python<'py>, row: u64) -> PyResult<Bound<'py, PyAny>> {
        let outcome = usize::try_from(row)
            .ok()
            .and_then(|r| r.checked_sub(1))
            .and_then(|i| self.0.outcome(i))
            .ok_or_else(|| {
                PyValueError::new_err(format!("no row {row}; rows are 1 to {}", self.0.len()))
            })?;
        to_py(py, outcome)
    }

    /// The records as CSV text (UTF-8 with BOM for Excel); masked unless `unmasked=True`.
    #[pyo3(signature = (*, unmasked = false))]
    fn to_csv(&self, unmasked: bool) -> PyResult<String> {
        let mut out = Vec::new();
        self.0
            .write_csv(&mut out, masking(unmasked))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The records as a pandas DataFrame (pandas must be installed):
    /// `submitted_at` as aware datetimes, `birth_date` as dates when
    /// unmasked, `row` and `duplicate_of` as nullable integers.
    #[pyo3(signature = (*, unmasked = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, unmasked: bool) -> PyResult<Bound<'py, PyAny>> {
        let records = pyo3::types::PyList::new(py, self.records(py, unmasked)?)?;
        let dates: &[&str] = if unmasked { &["birth_date"] } else { &[] };
        crate::excel::frame(
            py,
            records.into_any(),
            &["submitted_at"],
            dates,
            &["row", "duplicate_of"],
        )
    }

    /// The records as an Excel workbook (`.xlsx`, every cell text, formula
    /// cells neutralised); masked unless `unmasked=True`. Writes `path`, or
    /// returns the bytes when no path is given.
    #[pyo3(signature = (path = None, *, unmasked = false))]
    fn to_xlsx(
        &self,
        py: Python<'_>,
        path: Option<PathBuf>,
        unmasked: bool,
    ) -> PyResult<Option<Py<PyBytes>>> {
        let table = openday::export::Table::of(self.0.records(masking(unmasked)))
            .map_err(|e| crate::errors::error(py, openday::export::ExportError::from(e)))?;
        crate::excel::xlsx_out(py, &table, "筛选结果", path)
    }

    /// The report as text (counts by bucket and channel, top reasons).
    fn summary(&self) -> String {
        self.0.to_string()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        let c = self.0.counts();
        format!(
            "<ScreeningReport {} rows: {} eligible, {} ineligible, {} invalid, {} duplicate>",
            c.rows, c.eligible, c.ineligible, c.invalid, c.duplicate
        )
    }
}

/// Options from keyword arguments, through the core's own serde forms.
#[allow(clippy::too_many_arguments)]
fn options(
    encoding: &str,
    delimiter: Option<char>,
    columns: Option<std::collections::BTreeMap<String, String>>,
    default_channel: Option<&str>,
    duplicates: &str,
    history: Option<&Bound<'_, PyAny>>,
) -> PyResult<ScreeningOptions> {
    let history = match history {
        None => None,
        Some(h) => Some(history_json(h)?),
    };
    let value = serde_json::json!({
        "intake": {
            "encoding": encoding,
            "delimiter": delimiter,
            "columns": columns.unwrap_or_default(),
            "default_channel": default_channel,
        },
        "duplicates": duplicates,
        "history": history,
    });
    serde_json::from_value(value)
        .map_err(|e| PyValueError::new_err(format!("invalid screening option: {e}")))
}

fn history_json(h: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let list = h
        .cast::<PyList>()
        .map_err(|_| PyTypeError::new_err("history must be a list of dicts"))?;
    let mut out = Vec::new();
    for item in list.iter() {
        let d = item
            .cast::<PyDict>()
            .map_err(|_| PyTypeError::new_err("history entries must be dicts"))?;
        let mut obj = serde_json::Map::new();
        for (k, v) in d.iter() {
            obj.insert(k.extract::<String>()?, serde_json::Value::String(cell(&v)?));
        }
        out.push(serde_json::Value::Object(obj));
    }
    Ok(serde_json::Value::Array(out))
}

/// A Python value as a table cell: `None` and NaN are empty, dates and
/// datetimes are ISO 8601, booleans `true`/`false`, other values `str()`.
fn cell(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if v.is_none() {
        return Ok(String::new());
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if x.is_nan() {
            return Ok(String::new());
        }
        // A column of phones with a gap becomes floats in pandas
        // (13800138000.0): whole numbers are written without the point.
        if x.fract() == 0.0 && x.abs() < 1e15 {
            return Ok(format!("{x:.0}"));
        }
    }
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(if v.is_truthy()? { "true" } else { "false" }.to_owned());
    }
    if v.is_instance_of::<PyDateTime>() || v.is_instance_of::<PyDate>() {
        let text: String = v.call_method0("isoformat")?.extract()?;
        // pandas' NaT is a datetime whose isoformat is "NaT": no value.
        return Ok(if text == "NaT" { String::new() } else { text });
    }
    // pandas' NA (nullable columns) is no value either.
    if v.get_type().name()?.to_cow()? == "NAType" {
        return Ok(String::new());
    }
    v.str()?.extract()
}

/// A pandas DataFrame as its records (`to_dict("records")`); anything else
/// as it is.
fn rows_of<'py>(records: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if records.hasattr("columns")? && records.hasattr("to_dict")? {
        return records.call_method1("to_dict", ("records",));
    }
    Ok(records.clone())
}

/// Dicts as `(column, value)` pairs, values turned into cells.
pub(crate) fn pairs(records: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<(String, String)>>> {
    rows_of(records)?
        .try_iter()?
        .map(|item| {
            let item = item?;
            let d = item
                .cast::<PyDict>()
                .map_err(|_| PyTypeError::new_err("records must be dicts or a pandas DataFrame"))?;
            d.iter()
                .map(|(k, v)| Ok((k.extract::<String>()?, cell(&v)?)))
                .collect()
        })
        .collect()
}

/// The organiser's pseudonym key: `str` (a passphrase) or `bytes`.
fn key(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<openday::selection::PseudonymKey>> {
    let Some(v) = value else { return Ok(None) };
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(Some(openday::selection::PseudonymKey::new(b.as_bytes())));
    }
    let s: String = v
        .extract()
        .map_err(|_| PyTypeError::new_err("pseudonym_key must be str or bytes"))?;
    Ok(Some(openday::selection::PseudonymKey::new(s)))
}

/// Screen a registrations table against the plan's rules: every row ends
/// eligible, ineligible (with reasons), invalid (with field errors) or a
/// duplicate.
///
/// `source` is a path (`str` or `os.PathLike`) or the file's `bytes`: CSV or
/// tab-separated text, or an Excel workbook (`.xlsx`, `.xls`, `.ods`).
///
/// Keyword options:
/// - `encoding`: `"auto"` (default: UTF-8, else Windows-1252 where bytes
///   beyond ASCII stand alone, else GB18030/GBK; UTF-16 by its BOM),
///   `"utf8"`, `"gb18030"`, `"utf16"` or `"windows1252"`.
/// - `delimiter`: one character; by default guessed (`,`, tab, `;`).
/// - `columns`: `{field: header}` for headers openday does not recognise,
///   e.g. `{"phone": "手机"}`.
/// - `default_channel`: the channel of rows without one (`"phone"`,
///   `"on_site"`, `"online"`, `"email"`, ...).
/// - `duplicates`: `"keep_earliest"` (default), `"keep_latest"` or
///   `"reject_all"`.
/// - `history`: past attendance, dicts with `open_day`, `date` and
///   `id_number` (or `name` with `phone` or `email`), for a
///   not-recently-attended rule.
/// - `pseudonym_key`: the organiser's secret (`str` or `bytes`) keying the
///   pool's pseudonyms; needed for `Pool.from_screening`.
/// - `sheet`: the sheet of a workbook (default: the first).
///
/// Raises `RegistrationsError` (`code`, `line`) when the table cannot be
/// read, `RegistrationsFileError` when the file cannot be opened.
#[pyfunction]
#[pyo3(signature = (plan, source, *, encoding = "auto", delimiter = None, columns = None, default_channel = None, duplicates = "keep_earliest", history = None, pseudonym_key = None, sheet = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn screen_csv(
    py: Python<'_>,
    plan: &PyPlan,
    source: &Bound<'_, PyAny>,
    encoding: &str,
    delimiter: Option<char>,
    columns: Option<std::collections::BTreeMap<String, String>>,
    default_channel: Option<&str>,
    duplicates: &str,
    history: Option<&Bound<'_, PyAny>>,
    pseudonym_key: Option<&Bound<'_, PyAny>>,
    sheet: Option<&str>,
) -> PyResult<PyScreeningReport> {
    let mut opts = options(
        encoding,
        delimiter,
        columns,
        default_channel,
        duplicates,
        history,
    )?;
    opts.pseudonym_key = key(pseudonym_key)?;
    let plan = &plan.0;
    if let Ok(b) = source.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        return py
            .detach(|| match sheet {
                Some(sheet) => {
                    openday::xlsx::screen_xlsx(plan, bytes, "<bytes>", Some(sheet), &opts)
                }
                None => openday::screening::screen_csv(plan, bytes, "<bytes>", &opts),
            })
            .map(PyScreeningReport)
            .map_err(|e| crate::errors::error(py, e));
    }
    let path: PathBuf = source.extract().map_err(|_| {
        PyTypeError::new_err("screen_csv takes a path (str or os.PathLike) or the file's bytes")
    })?;
    let name = path.display().to_string();
    let file = std::fs::File::open(&path).map_err(|e| io_error(py, &name, &e))?;
    // A CSV file is screened as it is read, never held whole in memory.
    py.detach(|| match sheet {
        Some(sheet) => std::fs::read(&path)
            .map_err(|e| openday::intake::IntakeError::Csv {
                source_name: name.clone(),
                line: 0,
                message: format!("cannot read ({e})"),
            })
            .and_then(|bytes| openday::xlsx::screen_xlsx(plan, &bytes, &name, Some(sheet), &opts)),
        None => openday::screening::screen_reader(plan, file, &name, &opts),
    })
    .map(PyScreeningReport)
    .map_err(|e| crate::errors::error(py, e))
}

/// Screen records given as dicts whose keys are column headers (姓名 or
/// name, 联系电话 or phone, ...), or a pandas DataFrame (its rows). Values
/// may be `str`, numbers, `date` or `datetime`, `None`; NaN, NaT and
/// pandas' NA are empty cells, whole floats (a phone column with gaps) lose
/// their `.0`.
///
/// Keyword options as in `screen_csv`: `columns`, `default_channel`,
/// `duplicates` (`"keep_earliest"`, `"keep_latest"`, `"reject_all"`),
/// `history` and `pseudonym_key`.
///
/// A form's sign-off records ending the table (`填表人：…`, `审核人：…`,
/// `填报日期：…`, a `合计` totals record, blank ones among them; the last
/// 20 at most) are not screened: the report's `skipped_rows` warning
/// names them by row.
#[pyfunction]
#[pyo3(signature = (plan, records, *, columns = None, default_channel = None, duplicates = "keep_earliest", history = None, pseudonym_key = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn screen_records(
    py: Python<'_>,
    plan: &PyPlan,
    records: &Bound<'_, PyAny>,
    columns: Option<std::collections::BTreeMap<String, String>>,
    default_channel: Option<&str>,
    duplicates: &str,
    history: Option<&Bound<'_, PyAny>>,
    pseudonym_key: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyScreeningReport> {
    let mut opts = options("auto", None, columns, default_channel, duplicates, history)?;
    opts.pseudonym_key = key(pseudonym_key)?;
    let records = pairs(records)?;
    let plan = &plan.0;
    py.detach(|| openday::screening::screen_records(plan, &records, &opts))
        .map(PyScreeningReport)
        .map_err(|e| crate::errors::error(py, e))
}

/// Check one person (a dict like one record of `screen_records`): returns
/// `{"eligible": bool, "bucket": ..., "failures"/"errors": [...],
/// "citizen": [...]}` with messages in Chinese and English; `citizen` words
/// every reason for the person checking their own answers.
#[pyfunction]
#[pyo3(signature = (plan, record, *, history = None))]
pub(crate) fn check_registrant<'py>(
    py: Python<'py>,
    plan: &PyPlan,
    record: &Bound<'py, PyDict>,
    history: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = options("auto", None, None, None, "keep_earliest", history)?;
    let record = pairs(PyList::new(py, [record])?.as_any())?
        .pop()
        .unwrap_or_default();
    let pairs: Vec<(&str, &str)> = record
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let row = openday::screening::check_registrant(&plan.0, &pairs, &opts)
        .map_err(|e| crate::errors::error(py, e))?;
    let verdict = to_py(py, &row.outcome)?;
    let d = verdict.cast::<PyDict>()?.clone();
    d.set_item("eligible", matches!(row.outcome, Outcome::Eligible))?;
    d.set_item("citizen", to_py(py, &row.outcome.for_citizen())?)?;
    Ok(d.into_any())
}
