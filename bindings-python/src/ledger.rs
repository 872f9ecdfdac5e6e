//! The working calendar and the feedback ledger for Python.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use openday::calendar::WorkCalendar;
use openday::ledger::{Ledger, LedgerEvent, LedgerReport};
use openday::mask::Masking;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::itinerary::aware;
use crate::plan::PyPlan;
use crate::screening::to_py;

/// Working days and hours: public holidays and make-up working days.
#[pyclass(frozen, name = "WorkCalendar", module = "openday")]
#[derive(Clone)]
pub(crate) struct PyWorkCalendar(pub(crate) WorkCalendar);

impl From<WorkCalendar> for PyWorkCalendar {
    fn from(c: WorkCalendar) -> Self {
        Self(c)
    }
}

impl From<PyWorkCalendar> for WorkCalendar {
    fn from(c: PyWorkCalendar) -> Self {
        c.0
    }
}

#[pymethods]
impl PyWorkCalendar {
    /// China's national calendar (2025, 2026) with office hours.
    #[staticmethod]
    fn china() -> Self {
        Self(WorkCalendar::china())
    }

    /// A calendar from its JSON form (see `core/data/cn-work-calendar.json`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        WorkCalendar::from_json(text)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// Whether `day` is a working day.
    fn is_working_day(&self, py: Python<'_>, day: NaiveDate) -> PyResult<bool> {
        self.0
            .is_working_day(day)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// The `n`th working day after `day` (`day` itself does not count).
    fn add_working_days(&self, py: Python<'_>, day: NaiveDate, n: u32) -> PyResult<NaiveDate> {
        self.0
            .add_working_days(day, n)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// The holiday's name on `day`, if it is one.
    fn holiday(&self, day: NaiveDate) -> Option<String> {
        self.0.holiday(day).map(str::to_owned)
    }
}

/// The feedback ledger (台账), rebuilt from its events.
#[pyclass(name = "Ledger", module = "openday")]
pub(crate) struct PyLedger(pub(crate) Ledger);

impl From<Ledger> for PyLedger {
    fn from(l: Ledger) -> Self {
        Self(l)
    }
}

impl From<PyLedger> for Ledger {
    fn from(l: PyLedger) -> Self {
        l.0
    }
}

/// A Python event (dict; `at` an aware datetime or ISO string) as a core
/// event of type `T` (a ledger or a preparation step).
pub(crate) fn event_as<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    e: &Bound<'_, PyAny>,
    what: &str,
) -> PyResult<T> {
    let json = py.import("json")?;
    let dict = e.cast::<pyo3::types::PyDict>()?.copy()?;
    if let Some(at) = dict.get_item("at")?
        && !at.is_instance_of::<pyo3::types::PyString>()
    {
        dict.set_item("at", aware(&at, "at")?.to_rfc3339())?;
    }
    let text: String = json.call_method1("dumps", (dict,))?.extract()?;
    serde_json::from_str(&text)
        .map_err(|err| PyValueError::new_err(format!("invalid {what}: {err}")))
}

fn event(py: Python<'_>, e: &Bound<'_, PyAny>) -> PyResult<LedgerEvent> {
    event_as(py, e, "ledger event")
}

#[pymethods]
impl PyLedger {
    /// An empty ledger for the plan's categories and units, on `calendar`
    /// or else the calendar the plan names (its `calendar` section).
    #[new]
    #[pyo3(signature = (plan, calendar = None))]
    fn new(py: Python<'_>, plan: &PyPlan, calendar: Option<&PyWorkCalendar>) -> PyResult<Self> {
        let ledger = match calendar {
            Some(c) => Ledger::check_plan(&plan.0)
                .map(|()| Ledger::new(&plan.0, c.0.clone()))
                .map_err(openday::Error::from),
            None => Ledger::for_plan(&plan.0),
        };
        ledger.map(Self).map_err(|e| crate::errors::error(py, e))
    }

    /// A ledger rebuilt from its events (dicts, in order).
    #[staticmethod]
    #[pyo3(signature = (plan, events, calendar = None))]
    fn replay(
        py: Python<'_>,
        plan: &PyPlan,
        events: &Bound<'_, PyAny>,
        calendar: Option<&PyWorkCalendar>,
    ) -> PyResult<Self> {
        let mut ledger = Self::new(py, plan, calendar)?;
        for e in events.try_iter()? {
            ledger.apply(py, &e?)?;
        }
        Ok(ledger)
    }

    /// Apply one event: `{"at": datetime, "actor": str, "action": {"action": "filed", "point": "F1-1"}}`.
    fn apply(&mut self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<()> {
        let e = self::event(py, event)?;
        self.0.apply(e).map_err(|err| crate::errors::error(py, err))
    }

    /// The events applied, as dicts (the journal records).
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.events())
    }

    /// Every point with its state, unit, due date and history.
    fn cases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.cases().collect::<Vec<_>>())
    }

    /// Reports as of `as_of` (aware datetime): counts, overdue, due soon,
    /// per unit, per category, replies owed; records ready for pandas.
    #[pyo3(signature = (as_of, horizon_working_days = 2))]
    fn report<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'py, PyAny>,
        horizon_working_days: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_py(
            py,
            &LedgerReport::as_of(&self.0, aware(as_of, "as_of")?, horizon_working_days),
        )
    }

    /// The report as text.
    #[pyo3(signature = (as_of, horizon_working_days = 2))]
    fn report_text(&self, as_of: &Bound<'_, PyAny>, horizon_working_days: u32) -> PyResult<String> {
        Ok(LedgerReport::as_of(&self.0, aware(as_of, "as_of")?, horizon_working_days).to_string())
    }

    /// Every point as a flat record; contact details masked unless `unmasked=True`.
    #[pyo3(signature = (*, unmasked = false))]
    fn records<'py>(&self, py: Python<'py>, unmasked: bool) -> PyResult<Bound<'py, PyAny>> {
        to_py(
            py,
            &self.0.rows(if unmasked {
                Masking::Unmasked
            } else {
                Masking::Masked
            }),
        )
    }

    /// The ledger as CSV (with BOM for Excel); masked unless `unmasked=True`.
    #[pyo3(signature = (*, unmasked = false))]
    fn to_csv(&self, unmasked: bool) -> String {
        self.0.to_csv(if unmasked {
            Masking::Unmasked
        } else {
            Masking::Masked
        })
    }

    /// The reply to the citizen who handed in form `form` (办理结果反馈):
    /// a dict with `title_zh`, `title_en`, `markdown_zh`, `markdown_en`,
    /// `html`; the name masked unless `unmasked=True`; `None` for an unknown
    /// or anonymous form.
    #[pyo3(signature = (form, *, unmasked = false))]
    fn reply<'py>(
        &self,
        py: Python<'py>,
        form: &str,
        unmasked: bool,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let masking = if unmasked {
            Masking::Unmasked
        } else {
            Masking::Masked
        };
        openday::notices::ledger_reply(&self.0, form, masking)
            .map(|n| crate::notices::notice(py, &n))
            .transpose()
    }

    /// The ledger as a pandas DataFrame (pandas must be installed), one
    /// row per point: `filed_at`, `due` and `informed_at` as aware datetimes.
    #[pyo3(signature = (*, unmasked = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, unmasked: bool) -> PyResult<Bound<'py, PyAny>> {
        let records = self.records(py, unmasked)?;
        crate::excel::frame(py, records, &["filed_at", "due", "informed_at"], &[], &[])
    }

    /// The ledger as an Excel workbook; masked unless `unmasked=True`.
    /// Writes `path`, or returns the bytes when no path is given.
    #[pyo3(signature = (path = None, *, unmasked = false))]
    fn to_xlsx(
        &self,
        py: Python<'_>,
        path: Option<std::path::PathBuf>,
        unmasked: bool,
    ) -> PyResult<Option<Py<pyo3::types::PyBytes>>> {
        let rows = self.0.rows(if unmasked {
            Masking::Unmasked
        } else {
            Masking::Masked
        });
        let table = openday::export::Table::of(rows)
            .map_err(|e| crate::errors::error(py, openday::export::ExportError::from(e)))?;
        crate::excel::xlsx_out(py, &table, "台账", path)
    }

    /// When point `point` is due, if filed.
    fn due(&self, point: &str) -> Option<DateTime<Tz>> {
        self.0.case(point).and_then(|c| c.due)
    }

    /// The state code of `point`.
    fn status(&self, point: &str) -> Option<&'static str> {
        self.0.case(point).map(|c| c.status.code())
    }

    fn __len__(&self) -> usize {
        self.0.cases().count()
    }
}
