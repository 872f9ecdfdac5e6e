//! Public notices for Python: dicts with `kind`, `title_zh`, `title_en`,
//! `markdown_zh`, `markdown_en` and `html`.

use openday::notices::{self, ListedPerson, Notice};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::itinerary::{PyPostponement, aware};
use crate::plan::PyPlan;
use crate::screening::to_py;

pub(crate) fn notice<'py>(py: Python<'py>, n: &Notice) -> PyResult<Bound<'py, PyAny>> {
    let d = to_py(py, n)?;
    d.cast::<PyDict>()?.set_item("html", n.html())?;
    Ok(d)
}

/// The registration notice (活动预告/报名公告) written from the plan:
/// theme, time, meeting point, seats, who may register, the channels, the
/// window and how people are chosen.
#[pyfunction]
pub(crate) fn registration_notice<'py>(
    py: Python<'py>,
    plan: &PyPlan,
) -> PyResult<Bound<'py, PyAny>> {
    notice(py, &notices::registration_notice(&plan.0))
}

/// The citizen's guide to registering as of `at` (aware datetime): the
/// `window` (`not_open`, `open` or `closed`), a sentence on where
/// registration stands, how to register (one line per channel, with hours),
/// what to have ready, how places are given; Chinese and English; and
/// `fields`, the self-check form this plan's rules need.
#[pyfunction]
pub(crate) fn registration_guide<'py>(
    py: Python<'py>,
    plan: &PyPlan,
    at: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    to_py(
        py,
        &openday::guide::registration_guide(&plan.0, aware(at, "at")?),
    )
}

/// The list of those selected (名单公示): `people` are dicts with `name`
/// (masked in the notice whatever it is given as) and `district`; with the
/// draw's `seed` and `commitment`.
#[pyfunction]
pub(crate) fn selected_list<'py>(
    py: Python<'py>,
    plan: &PyPlan,
    people: Vec<std::collections::HashMap<String, Option<String>>>,
    seed: &str,
    commitment: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let people: Vec<ListedPerson> = people
        .into_iter()
        .map(|p| ListedPerson {
            name: p.get("name").cloned().flatten().unwrap_or_default(),
            district: p.get("district").cloned().flatten(),
        })
        .collect();
    notice(
        py,
        &notices::selected_list(&plan.0, &people, seed, commitment),
    )
}

/// The confirmation request and the reminder as text messages, each with
/// `text`, `chars` and `segments` (70 characters in one SMS, 67 a segment
/// when longer); `confirm_by` is an aware datetime.
#[pyfunction]
pub(crate) fn text_messages<'py>(
    py: Python<'py>,
    plan: &PyPlan,
    confirm_by: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let by = aware(confirm_by, "confirm_by")?.with_timezone(&plan.0.time_zone());
    to_py(py, &notices::text_messages(&plan.0, by))
}

/// The postponement notice from `Plan.postpone(...)`.
#[pyfunction]
pub(crate) fn postponement_notice<'py>(
    py: Python<'py>,
    plan: &PyPlan,
    postponement: &PyPostponement,
) -> PyResult<Bound<'py, PyAny>> {
    notice(py, &notices::postponement_notice(&plan.0, &postponement.0))
}

/// The post-event summary (活动总结) as of `as_of` (aware datetime): a
/// dict of its figures (registrations, channels, top reasons, the draw's
/// probabilities and quotas with who came, attendance, opinions, the ledger
/// by unit, on-time rate, replies owed, satisfaction) with its `markdown`
/// and `html` (a printable page with SVG charts). `roster` adds who came
/// and the day as planned against as it ran (`day`, from the segments'
/// recorded ends).
#[pyfunction]
#[pyo3(signature = (plan, report, draw, ledger, as_of, *, roster = None))]
pub(crate) fn review<'py>(
    py: Python<'py>,
    plan: &PyPlan,
    report: &crate::screening::PyScreeningReport,
    draw: &crate::selection::PyDraw,
    ledger: &crate::ledger::PyLedger,
    as_of: &Bound<'py, PyAny>,
    roster: Option<&crate::confirmation::PyRoster>,
) -> PyResult<Bound<'py, PyAny>> {
    let attendance = roster.map(|r| r.roster.attendance());
    let r = openday::review::review(
        &plan.0,
        &report.0,
        &draw.0,
        (attendance.as_ref(), roster.and_then(|r| r.roster.day())),
        &ledger.0,
        aware(as_of, "as_of")?,
    );
    let d = to_py(py, &r)?;
    let dict = d.cast::<PyDict>()?;
    dict.set_item("markdown", r.markdown())?;
    dict.set_item("html", r.html())?;
    Ok(d)
}
