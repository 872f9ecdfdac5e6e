//! Re-planning, postponement, transport and exports for Python.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use openday::itinerary::{ActualTimes, Postponement, Replanned};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::plan::{PyPlan, PyScheduledSegment};
use crate::screening::to_py;

/// A re-planned day.
#[pyclass(frozen, name = "Replanned", module = "openday")]
pub(crate) struct PyReplanned(pub(crate) Replanned);

impl From<Replanned> for PyReplanned {
    fn from(r: Replanned) -> Self {
        Self(r)
    }
}

impl From<PyReplanned> for Replanned {
    fn from(r: PyReplanned) -> Self {
        r.0
    }
}

#[pymethods]
impl PyReplanned {
    /// Finished segments (actual times) and the re-planned rest.
    fn timetable(&self) -> Vec<PyScheduledSegment> {
        self.0
            .timetable
            .segments
            .iter()
            .cloned()
            .map(PyScheduledSegment::from)
            .collect()
    }

    /// What moved or was shortened: `segment`, `title`, `shift_minutes`, `shortened_minutes`.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.changes)
    }

    /// When the day now ends.
    #[getter]
    fn new_end(&self) -> DateTime<Tz> {
        self.0.new_end
    }

    /// Whether the day still ends within its window.
    #[getter]
    fn window_holds(&self) -> bool {
        self.0.window_holds
    }

    /// Minutes past the window's end.
    #[getter]
    fn overrun_minutes(&self) -> i64 {
        self.0.overrun_minutes
    }
}

/// A postponed day.
#[pyclass(frozen, name = "Postponement", module = "openday")]
pub(crate) struct PyPostponement(pub(crate) Postponement);

impl From<Postponement> for PyPostponement {
    fn from(p: Postponement) -> Self {
        Self(p)
    }
}

impl From<PyPostponement> for Postponement {
    fn from(p: PyPostponement) -> Self {
        p.0
    }
}

#[pymethods]
impl PyPostponement {
    /// The moved plan.
    #[getter]
    fn plan(&self) -> PyPlan {
        PyPlan(self.0.plan.clone())
    }

    /// The original start.
    #[getter]
    fn original_start(&self) -> DateTime<Tz> {
        self.0.original_start
    }

    /// The new start.
    #[getter]
    fn new_start(&self) -> DateTime<Tz> {
        self.0.new_start
    }

    /// Hours of notice given.
    #[getter]
    fn notice_hours(&self) -> i64 {
        self.0.notice_hours
    }

    /// Every field that moved: `field`, `from`, `to` (records for the journal).
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.changes)
    }

    /// Who must be told: `{"audience": "confirmed_participants" | "reserves" | "unit", ...}`.
    #[getter]
    fn notify<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.notify)
    }
}

/// An aware `datetime` (any tzinfo, e.g. `zoneinfo.ZoneInfo`) as an instant;
/// a naive one is refused, since its instant is unknown.
pub(crate) fn aware(value: &Bound<'_, PyAny>, what: &str) -> PyResult<DateTime<FixedOffset>> {
    if value
        .call_method0("utcoffset")
        .map_or(true, |o| o.is_none())
    {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an aware datetime (with tzinfo, e.g. zoneinfo.ZoneInfo(\"Asia/Shanghai\")), not a naive one"
        )));
    }
    let utc = value
        .py()
        .import("datetime")?
        .getattr("timezone")?
        .getattr("utc")?;
    value.call_method1("astimezone", (utc,))?.extract()
}

fn actuals(list: &Bound<'_, PyAny>) -> PyResult<Vec<ActualTimes>> {
    list.try_iter()?
        .map(|item| {
            let item = item?;
            let d = item.cast::<PyDict>().map_err(|_| {
                PyTypeError::new_err("actual times must be dicts with segment and ended_at")
            })?;
            let get = |k: &str| d.get_item(k);
            Ok(ActualTimes {
                segment: get("segment")?
                    .ok_or_else(|| PyTypeError::new_err("actual times need a segment id"))?
                    .extract()?,
                started_at: get("started_at")?
                    .filter(|v| !v.is_none())
                    .map(|v| aware(&v, "started_at"))
                    .transpose()?,
                ended_at: aware(
                    &get("ended_at")?.ok_or_else(|| {
                        PyTypeError::new_err("actual times need ended_at (an aware datetime)")
                    })?,
                    "ended_at",
                )?,
            })
        })
        .collect()
}

pub(crate) fn replan(
    plan: &PyPlan,
    py: Python<'_>,
    actual: &Bound<'_, PyAny>,
) -> PyResult<PyReplanned> {
    let actual = actuals(actual)?;
    openday::itinerary::replan(&plan.0, &actual)
        .map(PyReplanned)
        .map_err(|e| crate::errors::error(py, e))
}

pub(crate) fn postpone(
    plan: &PyPlan,
    py: Python<'_>,
    new_date: NaiveDate,
    announced_at: &Bound<'_, PyAny>,
    new_start: Option<NaiveTime>,
) -> PyResult<PyPostponement> {
    let announced_at = aware(announced_at, "announced_at")?;
    openday::itinerary::postpone(&plan.0, new_date, new_start, announced_at)
        .map(PyPostponement)
        .map_err(|e| crate::errors::error(py, e))
}

pub(crate) fn transport<'py>(
    plan: &PyPlan,
    py: Python<'py>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    openday::itinerary::transport(&plan.0)
        .map(|t| to_py(py, &t))
        .transpose()
}

pub(crate) fn to_ical(plan: &PyPlan, stamp: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let stamp = stamp
        .map(|s| aware(s, "stamp"))
        .transpose()?
        .map_or_else(Utc::now, |s| s.with_timezone(&Utc));
    Ok(openday::itinerary::ical(&plan.0, plan.0.timetable(), stamp))
}

pub(crate) fn run_sheets<'py>(plan: &PyPlan, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    to_py(
        py,
        &openday::itinerary::run_sheets(&plan.0, plan.0.timetable()),
    )
}

pub(crate) fn timeline_svg(plan: &PyPlan, replanned: Option<&PyReplanned>) -> String {
    openday::itinerary::timeline_svg(
        &plan.0,
        plan.0.timetable(),
        replanned.map(|r| &r.0.timetable),
    )
}
