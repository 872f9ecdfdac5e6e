//! Preparation duties and readiness for Python.

use openday::calendar::WorkCalendar;
use openday::preparation::{PrepEvent, Preparation};
use pyo3::prelude::*;

use crate::itinerary::aware;
use crate::ledger::{PyWorkCalendar, event_as};
use crate::plan::PyPlan;
use crate::screening::to_py;

/// The plan's preparation duties (接待方案, 安全预案, vehicles, printed
/// material, the room, the notice) and where each stands.
#[pyclass(name = "Preparation", module = "openday")]
pub(crate) struct PyPreparation(Preparation);

#[pymethods]
impl PyPreparation {
    /// Every duty of the plan (derived from the itinerary and listed in its
    /// `preparation` section), open, with due dates on `calendar` (default:
    /// the calendar the plan names).
    #[new]
    #[pyo3(signature = (plan, calendar = None))]
    fn new(py: Python<'_>, plan: &PyPlan, calendar: Option<&PyWorkCalendar>) -> PyResult<Self> {
        let calendar = match calendar {
            Some(c) => c.0.clone(),
            None => WorkCalendar::for_plan(&plan.0).map_err(|e| crate::errors::error(py, e))?,
        };
        Preparation::new(&plan.0, &calendar)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// The state after `events` (dicts, in order).
    #[staticmethod]
    #[pyo3(signature = (plan, events, calendar = None))]
    fn replay(
        py: Python<'_>,
        plan: &PyPlan,
        events: &Bound<'_, PyAny>,
        calendar: Option<&PyWorkCalendar>,
    ) -> PyResult<Self> {
        let mut prep = Self::new(py, plan, calendar)?;
        for e in events.try_iter()? {
            prep.apply(py, &e?)?;
        }
        Ok(prep)
    }

    /// Apply one step: `{"at": datetime, "actor": str, "action": {"action":
    /// "done", "duty": "safety-site-1", "evidence": {"document": "..."}}}`
    /// (`started`, `done`, `verified` by someone else, `reopened` with a
    /// `reason`). Raises `PreparationError` (`duty`, `code`) and changes
    /// nothing when refused.
    fn apply(&mut self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<()> {
        let e: PrepEvent = event_as(py, event, "preparation step")?;
        self.0.apply(e).map_err(|err| crate::errors::error(py, err))
    }

    /// Every duty with its due instant, status and evidence, as dicts.
    fn duties<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.duties())
    }

    /// The steps applied, as dicts (the journal records).
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.events())
    }

    /// Readiness as of `as_of` (aware datetime): `ready`, the blocking,
    /// overdue, due-soon (within `horizon_days`) and unverified duties,
    /// tallies by unit and by person.
    #[pyo3(signature = (as_of, horizon_days = 3))]
    fn readiness<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'py, PyAny>,
        horizon_days: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.readiness(aware(as_of, "as_of")?, horizon_days))
    }

    /// The readiness report as text (Chinese and English).
    #[pyo3(signature = (as_of, horizon_days = 3))]
    fn readiness_text(&self, as_of: &Bound<'_, PyAny>, horizon_days: u32) -> PyResult<String> {
        Ok(self
            .0
            .readiness(aware(as_of, "as_of")?, horizon_days)
            .to_string())
    }

    /// One task sheet per unit: `unit`, `name`, `markdown`, `duties`.
    fn task_sheets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.task_sheets())
    }

    fn __len__(&self) -> usize {
        self.0.duties().len()
    }
}
