//! Balanced selection for Python: pools, targets, the draw and its record.

// pyo3 extracts arguments as owned values.
#![allow(clippy::needless_pass_by_value)]

use openday::selection::{self, Draw, Pool, Progress, Targets};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::de::DeserializeOwned;

use crate::plan::PyPlan;
use crate::screening::{PyScreeningReport, to_py};

/// A Python value (dicts, lists, str, numbers) as a serde type, through JSON.
pub(crate) fn from_py<T: DeserializeOwned>(value: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let text: String = value
        .py()
        .import("json")?
        .call_method1("dumps", (value,))?
        .extract()?;
    serde_json::from_str(&text).map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

/// The people a draw chooses from, sorted by id.
#[pyclass(frozen, name = "Pool", module = "openday")]
#[derive(Clone)]
pub(crate) struct PyPool(Pool);

impl From<Pool> for PyPool {
    fn from(p: Pool) -> Self {
        Self(p)
    }
}

impl From<PyPool> for Pool {
    fn from(p: PyPool) -> Self {
        p.0
    }
}

#[pymethods]
impl PyPool {
    /// A pool of candidates: dicts with `id`, `values` (one per feature, in
    /// order) and optionally `household`.
    #[new]
    fn new(py: Python<'_>, features: Vec<String>, candidates: &Bound<'_, PyAny>) -> PyResult<Self> {
        let candidates = from_py(candidates, "candidates")?;
        Pool::new(features, candidates)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// The eligible registrants of a screening report, with pseudonymous
    /// ids and the targets' features.
    #[staticmethod]
    fn from_screening(
        py: Python<'_>,
        report: &PyScreeningReport,
        plan: &PyPlan,
        targets: &PyTargets,
    ) -> PyResult<Self> {
        Pool::from_screening(&report.0, &plan.0, &targets.0.policy)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// Feature names.
    #[getter]
    fn features(&self) -> Vec<String> {
        self.0.features().to_vec()
    }

    /// Candidates as dicts (`id`, `values`, `household`).
    fn candidates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.candidates())
    }

    /// Data row and masked name of a candidate built from registrations.
    fn origin<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.origin(id))
    }

    /// SHA-256 of the pool's canonical form (in the draw record).
    fn digest(&self) -> String {
        self.0.digest()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Pool({} candidates, features={:?})",
            self.0.len(),
            self.0.features()
        )
    }
}

/// What to draw: seats, features and quotas, household field, reserved and
/// excluded ids.
#[pyclass(frozen, name = "Targets", module = "openday")]
#[derive(Clone)]
pub(crate) struct PyTargets(Targets);

impl From<Targets> for PyTargets {
    fn from(t: Targets) -> Self {
        Self(t)
    }
}

impl From<PyTargets> for Targets {
    fn from(t: PyTargets) -> Self {
        t.0
    }
}

#[pymethods]
impl PyTargets {
    /// Targets for `seats` from a policy dict (the plan's `selection`
    /// form).
    #[new]
    #[pyo3(signature = (seats, policy, *, reserved = Vec::new(), excluded = Vec::new()))]
    fn new(
        seats: u32,
        policy: &Bound<'_, PyAny>,
        reserved: Vec<String>,
        excluded: Vec<String>,
    ) -> PyResult<Self> {
        let mut targets = Targets::new(seats, from_py(policy, "policy")?);
        targets.reserved = reserved;
        targets.excluded = excluded;
        Ok(Self(targets))
    }

    /// The plan's `selection` section with its seats.
    #[staticmethod]
    fn from_plan(py: Python<'_>, plan: &PyPlan) -> PyResult<Self> {
        Targets::from_plan(&plan.0)
            .map(Self)
            .map_err(|e| crate::errors::error(py, e))
    }

    /// Seats to fill.
    #[getter]
    fn seats(&self) -> u32 {
        self.0.seats
    }

    /// The targets as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }

    /// SHA-256 of the targets' canonical form (in the draw record).
    fn digest(&self) -> String {
        self.0.digest()
    }

    fn __repr__(&self) -> String {
        format!(
            "Targets(seats={}, features={:?}, algorithm={:?})",
            self.0.seats,
            self.0
                .policy
                .features
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>(),
            self.0.policy.algorithm.as_str()
        )
    }
}

/// The result of a draw.
#[pyclass(frozen, name = "Draw", module = "openday")]
#[derive(Clone)]
pub(crate) struct PyDraw(pub(crate) Draw);

impl From<Draw> for PyDraw {
    fn from(d: Draw) -> Self {
        Self(d)
    }
}

impl From<PyDraw> for Draw {
    fn from(d: PyDraw) -> Self {
        d.0
    }
}

#[pymethods]
impl PyDraw {
    /// `leximin`, `maximin` or `legacy`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm.as_str()
    }

    /// Ids on the panel, sorted.
    #[getter]
    fn panel(&self) -> Vec<String> {
        self.0.panel.clone()
    }

    /// Reserve ids in the order to offer seats.
    #[getter]
    fn reserves(&self) -> Vec<String> {
        self.0.reserves.clone()
    }

    /// Selection probability by id.
    #[getter]
    fn probabilities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (id, p) in &self.0.probabilities {
            d.set_item(id, p)?;
        }
        Ok(d)
    }

    /// Quota table rows (`feature`, `value`, `min`, `max`, `listed`,
    /// `pool`, `panel`, `expected`), ready for `pandas.DataFrame`.
    fn quotas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.quotas)
    }

    /// The lottery's panels of groups with their probabilities.
    fn support<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.support)
    }

    /// Figures: pool, drawable, classes, panels, stages, min/max probability.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.stats)
    }

    /// The record to publish (a dict; `json.dumps` it).
    fn record<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0.record)
    }

    fn __repr__(&self) -> String {
        format!(
            "Draw({}, {} seats, min probability {:.4})",
            self.0.algorithm.as_str(),
            self.0.seats,
            self.0.stats.min_probability
        )
    }
}

/// Draw a panel with the public `seed`. The solve runs without the GIL;
/// `progress`, if given, is called now and then with a dict (`stages`,
/// `fixed`, `classes`, `panels`, `total` and `fraction`: `fixed` of `total`
/// classes, for a tqdm bar) and cancels the draw by returning `False`
/// (an exception it raises is re-raised).
///
/// With `max_seconds` or `max_rounds` the draw runs within that budget:
/// when it runs out (or `progress` returns `False`) the draw stops and
/// gives the best lottery found so far, with `stats()["complete"]` false
/// and `stats()["min_probability_bound"]` a certified bound on the best
/// possible minimum probability. Its record keeps the rounds run, so
/// `verify` re-runs it exactly.
#[pyfunction]
#[pyo3(signature = (pool, targets, seed, *, progress = None, max_seconds = None, max_rounds = None))]
pub(crate) fn draw(
    py: Python<'_>,
    pool: &PyPool,
    targets: &PyTargets,
    seed: &str,
    progress: Option<Py<PyAny>>,
    max_seconds: Option<f64>,
    max_rounds: Option<u32>,
) -> PyResult<PyDraw> {
    let (pool, targets) = (&pool.0, &targets.0);
    let mut raised: Option<PyErr> = None;
    let result = py.detach(|| {
        let mut report = |p: Progress| -> bool {
            let Some(callback) = &progress else {
                return true;
            };
            Python::attach(|py| {
                let info = PyDict::new(py);
                let call = info
                    .set_item("stages", p.stages)
                    .and(info.set_item("fixed", p.fixed))
                    .and(info.set_item("classes", p.classes))
                    .and(info.set_item("panels", p.panels))
                    .and(info.set_item("total", p.total()))
                    .and(info.set_item("fraction", p.fraction()))
                    .and_then(|()| callback.call1(py, (info,)));
                match call {
                    Ok(answer) => !answer
                        .bind(py)
                        .is(pyo3::types::PyBool::new(py, false).as_any()),
                    Err(e) => {
                        raised = Some(e);
                        false
                    }
                }
            })
        };
        if max_seconds.is_none() && max_rounds.is_none() {
            selection::draw_with_progress(pool, targets, seed, &mut report)
        } else {
            let budget = selection::Budget {
                max_seconds,
                max_rounds,
            };
            selection::draw_within(pool, targets, seed, budget, &mut report)
        }
    });
    if let Some(e) = raised {
        return Err(e);
    }
    result.map(PyDraw).map_err(|e| crate::errors::error(py, e))
}

/// Re-run a published record (a dict or JSON text) against the pool and
/// targets; gives the re-run draw or raises `DrawVerificationError`.
#[pyfunction]
pub(crate) fn verify(
    py: Python<'_>,
    record: &Bound<'_, PyAny>,
    pool: &PyPool,
    targets: &PyTargets,
) -> PyResult<PyDraw> {
    let record: selection::DrawRecord = match record.extract::<String>() {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| PyValueError::new_err(format!("record: {e}")))?,
        Err(_) => from_py(record, "record")?,
    };
    let (pool, targets) = (&pool.0, &targets.0);
    py.detach(|| selection::verify(&record, pool, targets))
        .map(PyDraw)
        .map_err(|e| crate::errors::error(py, e))
}

/// The SHA-256 commitment (hex) to publish before the draw.
#[pyfunction]
pub(crate) fn seed_commitment(seed: &str) -> String {
    selection::SeedCommitment::of(seed).sha256
}

/// Who takes the seat of `leaving`: a dict (`id`, `rank`, `keeps_quotas`,
/// `gaps`) or `None` when no reserve can enter.
#[pyfunction]
pub(crate) fn replacement<'py>(
    py: Python<'py>,
    pool: &PyPool,
    targets: &PyTargets,
    panel: Vec<String>,
    leaving: &str,
    reserves: Vec<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let found = selection::replacement(&pool.0, &targets.0, &panel, leaving, &reserves)
        .map_err(|e| crate::errors::error(py, e))?;
    to_py(py, &found)
}

/// What a draw will involve, before it runs: a dict with `drawable`,
/// `classes`, `household_classes`, `types` (classes with households set
/// aside), `slow` (likely to take minutes: use a budget) and `features`
/// (per feature: `values`, `binding`, `alone`, `free_text`).
#[pyfunction]
pub(crate) fn outlook<'py>(
    py: Python<'py>,
    pool: &PyPool,
    targets: &PyTargets,
) -> PyResult<Bound<'py, PyAny>> {
    let o = selection::outlook(&pool.0, &targets.0).map_err(|e| crate::errors::error(py, e))?;
    to_py(py, &o)
}

/// The quotas a panel (list of ids) misses, as dicts.
#[pyfunction]
pub(crate) fn quota_gaps<'py>(
    py: Python<'py>,
    pool: &PyPool,
    targets: &PyTargets,
    panel: Vec<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let gaps = selection::quota_gaps(&pool.0, &targets.0, &panel)
        .map_err(|e| crate::errors::error(py, e))?;
    to_py(py, &gaps)
}

/// A synthetic pool and targets (for trials and benchmarks): `spec` is a
/// dict with `pool`, `seats`, `features`, `households`, `tolerance`,
/// `seed` and optionally `algorithm`.
#[pyfunction]
pub(crate) fn synthetic_instance(spec: &Bound<'_, PyAny>) -> PyResult<(PyPool, PyTargets)> {
    let spec = from_py(spec, "spec")?;
    let (pool, targets) = selection::synthetic::instance(&spec);
    Ok((PyPool(pool), PyTargets(targets)))
}
