//! Confirmation, replacements, check-in and the audit journal for Python.

// pyo3 extracts arguments as owned values.
#![allow(clippy::needless_pass_by_value)]

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use openday::confirmation::RosterError;
use openday::confirmation::{CallOutcome, Directory, Entry, Roster};
use openday::journal::{FileJournal, JournalStore, MemoryJournal};
use openday::mask::Masking;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::itinerary::aware;
use crate::plan::PyPlan;
use crate::screening::{PyScreeningReport, to_py};
use crate::selection::{PyPool, PyTargets, from_py};

/// The new entries as dicts, or the refusal as `RosterError`.
fn added(py: Python<'_>, result: Result<Vec<Entry>, RosterError>) -> PyResult<Bound<'_, PyAny>> {
    let entries = result.map_err(|e| crate::errors::error(py, e))?;
    to_py(py, &entries)
}

fn masking(unmasked: bool) -> Masking {
    if unmasked {
        Masking::Unmasked
    } else {
        Masking::Masked
    }
}

/// Who was drawn, called, seated and came, folded from its journal.
#[pyclass(name = "Roster", module = "openday")]
pub(crate) struct PyRoster {
    pub(crate) roster: Roster,
    plan: openday::Plan,
    recovered_bytes: u64,
}

impl From<PyRoster> for Roster {
    fn from(r: PyRoster) -> Self {
        r.roster
    }
}

impl PyRoster {
    /// Contacts of the report's eligible registrants under their pool ids.
    fn directory(&self, report: &PyScreeningReport) -> Directory {
        Directory::from_screening(&report.0, &self.plan)
    }
}

#[pymethods]
impl PyRoster {
    /// A roster for the plan's open day. With `journal` (a path), entries
    /// are kept in that JSON Lines file (fsync on every entry; existing
    /// entries replayed, a torn last line truncated); otherwise in memory.
    #[new]
    #[pyo3(signature = (plan, pool, targets, journal = None))]
    fn new(
        py: Python<'_>,
        plan: &PyPlan,
        pool: &PyPool,
        targets: &PyTargets,
        journal: Option<PathBuf>,
    ) -> PyResult<Self> {
        let (pool, targets): (openday::selection::Pool, openday::selection::Targets) =
            (pool.clone().into(), targets.clone().into());
        let (store, recovered_bytes): (Box<dyn JournalStore<Entry> + Send + Sync>, u64) =
            match journal {
                Some(path) => {
                    let file = FileJournal::open(&path).map_err(|e| crate::errors::error(py, e))?;
                    let recovered = file.recovery().truncated_bytes;
                    (Box::new(file), recovered)
                }
                None => (Box::new(MemoryJournal::default()), 0),
            };
        let roster =
            Roster::open(&plan.0, pool, targets, store).map_err(|e| crate::errors::error(py, e))?;
        Ok(Self {
            roster,
            plan: plan.0.clone(),
            recovered_bytes,
        })
    }

    /// The state after `entries` (dicts in the journal form), in memory.
    #[staticmethod]
    fn replay(
        py: Python<'_>,
        plan: &PyPlan,
        pool: &PyPool,
        targets: &PyTargets,
        entries: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let entries: Vec<Entry> = from_py(entries, "entries")?;
        let roster = Roster::replay(
            &plan.0,
            pool.clone().into(),
            targets.clone().into(),
            &entries,
        )
        .map_err(|e| crate::errors::error(py, e))?;
        Ok(Self {
            roster,
            plan: plan.0.clone(),
            recovered_bytes: 0,
        })
    }

    /// Bytes of a torn last line truncated when the journal file was opened.
    #[getter]
    fn recovered_bytes(&self) -> u64 {
        self.recovered_bytes
    }

    /// The confirmation deadline.
    #[getter]
    fn deadline(&self) -> DateTime<FixedOffset> {
        self.roster.deadline()
    }

    /// Records a screening (counts only).
    fn screened<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
        report: &PyScreeningReport,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        added(py, self.roster.screened(at, actor, &report.0))
    }

    /// Records the draw (the `record()` dict of a `Draw`).
    fn drawn<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
        record: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        let record = from_py(record, "record")?;
        added(py, self.roster.drawn(at, actor, &record))
    }

    /// Logs a call: `outcome` is `"confirmed"`, `"no_answer"`, `"busy"`,
    /// `"wrong_number"`, or a dict such as `{"outcome": "declined",
    /// "reason": "..."}` / `{"outcome": "call_back", "at": "...+08:00"}`.
    /// Gives the new journal entries (a release and a refill follow a
    /// decline).
    #[pyo3(signature = (at, actor, person, outcome, note = None))]
    fn call<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
        person: &str,
        outcome: &Bound<'py, PyAny>,
        note: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        let outcome: CallOutcome = match outcome.extract::<String>() {
            Ok(name) => name.parse().map_err(PyValueError::new_err)?,
            Err(_) => from_py(outcome, "outcome")?,
        };
        added(py, self.roster.call(at, actor, person, outcome, note))
    }

    /// At or after the deadline: releases unconfirmed seats.
    fn release_due<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        added(py, self.roster.release_due(at, actor))
    }

    /// Checks in a confirmed person (late after the check-in segment).
    fn check_in<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
        person: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        added(py, self.roster.check_in(at, actor, person))
    }

    /// Records someone not on the list (admitted or refused by policy);
    /// `label` must not be personal data.
    fn walk_in<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
        label: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        added(py, self.roster.walk_in(at, actor, label))
    }

    /// Closes check-in; confirmed people who did not come become no-shows.
    fn close_check_in<'py>(
        &mut self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        actor: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        added(py, self.roster.close_check_in(at, actor))
    }

    /// Records that a segment of the day ended (`ended_at`, and
    /// `started_at` when it did not start as the previous one ended), in
    /// itinerary order, each once; raises `ReplanError` otherwise. Gives
    /// the entries added.
    #[pyo3(signature = (segment, ended_at, actor, *, started_at = None))]
    fn segment_ended<'py>(
        &mut self,
        py: Python<'py>,
        segment: &str,
        ended_at: &Bound<'py, PyAny>,
        actor: &str,
        started_at: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let actual = openday::itinerary::ActualTimes {
            segment: segment.to_owned(),
            started_at: started_at.map(|t| aware(t, "started_at")).transpose()?,
            ended_at: aware(ended_at, "ended_at")?,
        };
        added(py, self.roster.segment_ended(actual, actor))
    }

    /// The day re-planned from the segments ended so far (as
    /// `Plan.replan` gives it), or None before a segment has ended.
    fn day(&self) -> Option<crate::itinerary::PyReplanned> {
        self.roster
            .day()
            .cloned()
            .map(crate::itinerary::PyReplanned)
    }

    /// The journal entries (dicts).
    fn entries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.roster.entries())
    }

    /// Everyone on the list and the reserve list with status, seat, calls.
    fn people<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.roster.people().collect::<Vec<_>>())
    }

    /// `people()` as a pandas DataFrame (pandas must be installed): `seat`
    /// and `reserve_rank` as nullable integers, `checked_in_at` as aware
    /// datetimes; the calls stay a list per person.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let people = self.people(py)?;
        crate::excel::frame(
            py,
            people,
            &["checked_in_at"],
            &[],
            &["seat", "reserve_rank"],
        )
    }

    /// Who to call next as of `at`, with names and phones from `report`
    /// (masked unless `unmasked=True`, which the caller needs).
    #[pyo3(signature = (at, report, *, unmasked = false))]
    fn call_sheet<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'py, PyAny>,
        report: &PyScreeningReport,
        unmasked: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = aware(at, "at")?;
        let directory = self.directory(report);
        to_py(
            py,
            &self.roster.call_sheet(at, &directory, masking(unmasked)),
        )
    }

    /// Confirmed people by seat (masked unless asked).
    #[pyo3(signature = (report, *, unmasked = false))]
    fn confirmed_roster<'py>(
        &self,
        py: Python<'py>,
        report: &PyScreeningReport,
        unmasked: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let directory = self.directory(report);
        to_py(
            py,
            &self.roster.confirmed_roster(&directory, masking(unmasked)),
        )
    }

    /// The check-in list by name (masked unless asked).
    #[pyo3(signature = (report, *, unmasked = false))]
    fn check_in_list<'py>(
        &self,
        py: Python<'py>,
        report: &PyScreeningReport,
        unmasked: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let directory = self.directory(report);
        to_py(
            py,
            &self.roster.check_in_list(&directory, masking(unmasked)),
        )
    }

    /// Who came against the quotas.
    fn attendance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.roster.attendance())
    }

    fn __len__(&self) -> usize {
        self.roster.entries().len()
    }
}
