//! `Plan`, `Problem` and `ScheduledSegment` for Python.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::itinerary;

/// A validated open-day plan.
#[pyclass(frozen, name = "Plan", module = "openday")]
#[derive(Clone)]
pub(crate) struct PyPlan(pub(crate) openday::Plan);

impl From<openday::Plan> for PyPlan {
    fn from(p: openday::Plan) -> Self {
        Self(p)
    }
}

impl From<PyPlan> for openday::Plan {
    fn from(p: PyPlan) -> Self {
        p.0
    }
}

#[pymethods]
impl PyPlan {
    /// Parse and validate a plan from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        openday::Plan::from_json(text)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// Read, parse and validate a plan file.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        openday::Plan::from_path(path)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// The plan id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.document().id
    }

    /// The title.
    #[getter]
    fn title(&self) -> &str {
        &self.0.document().title
    }

    /// The theme, if any.
    #[getter]
    fn theme(&self) -> Option<&str> {
        self.0.document().theme.as_deref()
    }

    /// The organiser's name.
    #[getter]
    fn organiser(&self) -> &str {
        &self.0.document().organiser.name
    }

    /// Seats for citizen representatives.
    #[getter]
    fn seats(&self) -> u32 {
        self.0.document().seats
    }

    /// The event's time zone as a `zoneinfo.ZoneInfo`.
    #[getter]
    fn time_zone(&self) -> Tz {
        self.0.time_zone()
    }

    /// When the day starts (aware datetime in the event's zone).
    /// What the plan's checks warn about: shown, blocking nothing.
    #[getter]
    fn warnings(&self) -> Vec<PyProblem> {
        self.0
            .warnings()
            .into_iter()
            .cloned()
            .map(PyProblem)
            .collect()
    }

    /// Errors that block a later stage only (a quota that cannot work blocks
    /// the draw, not screening), then warnings.
    #[getter]
    fn problems(&self) -> Vec<PyProblem> {
        self.0.problems().iter().cloned().map(PyProblem).collect()
    }

    /// When the day starts: an aware datetime in the event's time zone.
    #[getter]
    fn starts_at(&self) -> DateTime<Tz> {
        self.0.starts_at()
    }

    /// When the day ends.
    #[getter]
    fn ends_at(&self) -> DateTime<Tz> {
        self.0.ends_at()
    }

    /// When registration opens, if announced.
    #[getter]
    fn registration_opens_at(&self) -> Option<DateTime<Tz>> {
        self.0.registration_opens_at()
    }

    /// When registration closes (inclusive).
    #[getter]
    fn registration_deadline(&self) -> DateTime<Tz> {
        self.0.registration_deadline()
    }

    /// The latest instant a postponement may be announced.
    #[getter]
    fn postponement_notice_deadline(&self) -> DateTime<Tz> {
        self.0.postponement_notice_deadline()
    }

    /// The itinerary laid out in time.
    fn timetable(&self) -> Vec<PyScheduledSegment> {
        self.0
            .timetable()
            .segments
            .iter()
            .cloned()
            .map(PyScheduledSegment)
            .collect()
    }

    /// The timetable as a list of dicts (for `pandas.DataFrame`).
    fn timetable_records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.timetable().iter().map(|s| s.as_dict(py)).collect()
    }

    /// Whether a weather warning of `warning` kind (暴雨, 沙尘暴 …) at
    /// `level` (blue/yellow/orange/red or 蓝/黄/橙/红) postpones the day:
    /// `decision` is `postpones`, `does_not_postpone` or `not_covered`.
    fn weather<'py>(
        &self,
        py: Python<'py>,
        warning: &str,
        level: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let level: openday::plan::postponement::WarningLevel = level
            .parse()
            .map_err(pyo3::exceptions::PyValueError::new_err)?;
        crate::screening::to_py(py, &self.0.weather(warning, level))
    }

    /// The plan summary text (identical in Rust, Python and JavaScript).
    fn summary(&self) -> String {
        self.0.summary().to_string()
    }

    /// The plan document as pretty JSON (the plan file format).
    fn to_json(&self) -> String {
        self.0.document().to_json_pretty()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Plan {} {} {}–{} {}>",
            self.0.document().id,
            self.0.document().day.date,
            self.0.starts_at().format("%H:%M"),
            self.0.ends_at().format("%H:%M"),
            self.0.time_zone()
        )
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }

    /// Re-plan the rest of the day from the actual times of finished
    /// segments: a list of `{"segment": id, "ended_at": datetime,
    /// "started_at": datetime (optional)}`, in itinerary order.
    fn replan(
        &self,
        py: Python<'_>,
        actual: &Bound<'_, PyAny>,
    ) -> PyResult<itinerary::PyReplanned> {
        itinerary::replan(self, py, actual)
    }

    /// Move the day to `new_date` (and `new_start`), announced at `announced_at`.
    #[pyo3(signature = (new_date, announced_at, new_start = None))]
    fn postpone(
        &self,
        py: Python<'_>,
        new_date: NaiveDate,
        announced_at: &Bound<'_, PyAny>,
        new_start: Option<NaiveTime>,
    ) -> PyResult<itinerary::PyPostponement> {
        itinerary::postpone(self, py, new_date, announced_at, new_start)
    }

    /// Vehicles needed and the legs that use them, or `None` without a transport policy.
    fn transport<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        itinerary::transport(self, py)
    }

    /// The timetable as an iCalendar file (RFC 5545, with VTIMEZONE);
    /// `stamp` (DTSTAMP) defaults to now.
    #[pyo3(signature = (stamp = None))]
    fn to_ical(&self, stamp: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        itinerary::to_ical(self, stamp)
    }

    /// One run sheet per responsible unit: `unit`, `name`, `markdown`, `csv`.
    fn run_sheets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        itinerary::run_sheets(self, py)
    }

    /// The day as an SVG timeline; with `replanned`, actual and re-planned bars too.
    #[pyo3(signature = (replanned = None))]
    fn timeline_svg(&self, replanned: Option<&itinerary::PyReplanned>) -> String {
        itinerary::timeline_svg(self, replanned)
    }
}

/// One thing wrong with a plan: where, what, in English and Chinese.
#[pyclass(frozen, eq, name = "Problem", module = "openday")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyProblem(openday::Problem);

impl From<openday::Problem> for PyProblem {
    fn from(p: openday::Problem) -> Self {
        Self(p)
    }
}

impl From<PyProblem> for openday::Problem {
    fn from(p: PyProblem) -> Self {
        p.0
    }
}

#[pymethods]
impl PyProblem {
    /// Path into the plan, e.g. `itinerary[2].duration`.
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }

    /// Stable code, e.g. `unknown_unit`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }

    /// `error` (blocks its stage) or `warning` (shown, blocks nothing).
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    /// The stage an error here blocks: `plan` (everything), `draw`,
    /// `confirmation` or `follow_up`.
    #[getter]
    fn stage(&self) -> &'static str {
        self.0.stage().as_str()
    }

    /// The message in English.
    #[getter]
    fn message_en(&self) -> &str {
        &self.0.message_en
    }

    /// The message in Chinese.
    #[getter]
    fn message_zh(&self) -> &str {
        &self.0.message_zh
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Problem {} {} {}>",
            self.0.severity, self.0.path, self.0.code
        )
    }
}

/// A segment of the itinerary placed in time.
#[pyclass(frozen, name = "ScheduledSegment", module = "openday")]
#[derive(Clone)]
pub(crate) struct PyScheduledSegment(openday::itinerary::ScheduledSegment);

impl From<openday::itinerary::ScheduledSegment> for PyScheduledSegment {
    fn from(s: openday::itinerary::ScheduledSegment) -> Self {
        Self(s)
    }
}

impl From<PyScheduledSegment> for openday::itinerary::ScheduledSegment {
    fn from(s: PyScheduledSegment) -> Self {
        s.0
    }
}

#[pymethods]
impl PyScheduledSegment {
    /// Position in the itinerary.
    #[getter]
    fn index(&self) -> usize {
        self.0.index
    }

    /// Segment id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// Kind code (`check_in`, `site_visit`, ...).
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.code()
    }

    /// Title.
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }

    /// Venue name.
    #[getter]
    fn venue(&self) -> Option<&str> {
        self.0.venue.as_deref()
    }

    /// Start (aware datetime).
    #[getter]
    fn starts_at(&self) -> DateTime<Tz> {
        self.0.starts_at
    }

    /// End (aware datetime).
    #[getter]
    fn ends_at(&self) -> DateTime<Tz> {
        self.0.ends_at
    }

    /// Whether the duration is approximate.
    #[getter]
    fn approximate(&self) -> bool {
        self.0.approximate
    }

    /// Whether the plan fixes the start.
    #[getter]
    fn fixed_start(&self) -> bool {
        self.0.fixed_start
    }

    /// Responsible unit names.
    #[getter]
    fn units(&self) -> Vec<String> {
        self.0.units.clone()
    }

    /// Idle minutes before this segment.
    #[getter]
    fn gap_before_minutes(&self) -> i64 {
        self.0.gap_before_minutes
    }

    /// Minutes it may run over before a later fixed start or the day's end is missed.
    #[getter]
    fn slack_minutes(&self) -> i64 {
        self.0.slack_minutes
    }

    /// Whether this is a travel leg derived from the plan's travel table.
    #[getter]
    fn derived(&self) -> bool {
        self.0.derived
    }

    /// Whether these are recorded (actual) times.
    #[getter]
    fn actual(&self) -> bool {
        self.0.actual
    }

    /// For a travel leg: `bus`, `walk` or `other`; otherwise `None`.
    #[getter]
    fn mode(&self) -> Option<&'static str> {
        self.0.mode.map(openday::itinerary::TravelMode::code)
    }

    /// Whether it runs after the day's window (a return trip).
    #[getter]
    fn after_window(&self) -> bool {
        self.0.after_window
    }

    /// Groups taking turns: `group`, `size`, `starts_at`, `ends_at` each.
    #[getter]
    fn turns<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .turns
            .iter()
            .map(|t| {
                let d = PyDict::new(py);
                d.set_item("group", t.group)?;
                d.set_item("size", t.size)?;
                d.set_item("starts_at", t.starts_at)?;
                d.set_item("ends_at", t.ends_at)?;
                Ok(d)
            })
            .collect()
    }

    /// The segment as a dict.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("index", self.0.index)?;
        d.set_item("id", &self.0.id)?;
        d.set_item("kind", self.0.kind.code())?;
        d.set_item("title", &self.0.title)?;
        d.set_item("venue", &self.0.venue)?;
        d.set_item("starts_at", self.0.starts_at)?;
        d.set_item("ends_at", self.0.ends_at)?;
        d.set_item("approximate", self.0.approximate)?;
        d.set_item("fixed_start", self.0.fixed_start)?;
        d.set_item("units", &self.0.units)?;
        d.set_item("gap_before_minutes", self.0.gap_before_minutes)?;
        d.set_item("slack_minutes", self.0.slack_minutes)?;
        d.set_item("derived", self.0.derived)?;
        d.set_item("actual", self.0.actual)?;
        d.set_item("mode", self.mode())?;
        d.set_item("after_window", self.0.after_window)?;
        d.set_item("turns", self.turns(py)?)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "<ScheduledSegment {} {}–{} {}>",
            self.0.id,
            self.0.starts_at.format("%H:%M"),
            self.0.ends_at.format("%H:%M"),
            self.0.title
        )
    }
}

/// Load a plan from a path (`str` or `os.PathLike`) or from JSON text (a
/// `str` starting with `{`), and validate it.
#[pyfunction]
pub(crate) fn load_plan(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyPlan> {
    if let Ok(text) = source.cast::<PyString>() {
        let text = text.to_cow()?;
        if text.trim_start().starts_with('{') {
            return PyPlan::from_json(py, &text);
        }
        return PyPlan::from_path(py, PathBuf::from(text.as_ref()));
    }
    match source.extract::<PathBuf>() {
        Ok(path) => PyPlan::from_path(py, path),
        Err(_) => Err(PyTypeError::new_err(format!(
            "load_plan takes a path (str or os.PathLike) or JSON text, not {}",
            source.get_type().name()?
        ))),
    }
}

/// Every problem of a plan given as JSON text; `[]` when it is valid.
/// Raises `PlanError` only when the text cannot be parsed at all.
#[pyfunction]
pub(crate) fn validate_plan(py: Python<'_>, text: &str) -> PyResult<Vec<PyProblem>> {
    let doc = openday::OpenDayPlan::from_json(text).map_err(|e| crate::errors::error(py, e))?;
    Ok(doc.validate().into_iter().map(PyProblem).collect())
}

/// The JSON Schema of plan files.
#[pyfunction]
pub(crate) fn plan_schema() -> String {
    openday::schema::PLAN_SCHEMA_JSON.to_owned()
}

/// The examples' and shared vectors' pseudonym key (public: never use it
/// for a real open day; keep the organiser's own secret instead).
#[pyfunction]
pub(crate) fn demo_pseudonym_key() -> &'static str {
    openday::examples::DEMO_PSEUDONYM_KEY
}

/// The embedded example plan (固原市城市管理局 2025) as JSON text.
#[pyfunction]
pub(crate) fn example_plan_json() -> &'static str {
    openday::examples::GUYUAN_2025_PLAN
}
