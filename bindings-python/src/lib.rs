//! Python bindings of openday: thin wrappers over the core crate.
//!
//! Each core type has a newtype `#[pyclass]` with `From` both ways; every
//! core error enum is mapped to specific exception classes in
//! [`errors`]. No domain logic lives here.

use pyo3::prelude::*;

mod confirmation;
mod errors;
mod excel;
mod itinerary;
mod ledger;
mod notices;
mod plan;
mod preparation;
mod registration;
mod screening;
mod selection;

/// The native module `openday._openday`; the public API is re-exported by
/// the `openday` package.
#[pymodule]
fn _openday(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("FORMAT_VERSION", openday::FORMAT_VERSION)?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<plan::PyProblem>()?;
    m.add_class::<plan::PyScheduledSegment>()?;
    m.add_class::<itinerary::PyReplanned>()?;
    m.add_class::<itinerary::PyPostponement>()?;
    m.add_class::<ledger::PyWorkCalendar>()?;
    m.add_class::<ledger::PyLedger>()?;
    m.add_class::<preparation::PyPreparation>()?;
    m.add_function(wrap_pyfunction!(plan::load_plan, m)?)?;
    m.add_function(wrap_pyfunction!(plan::validate_plan, m)?)?;
    m.add_function(wrap_pyfunction!(plan::plan_schema, m)?)?;
    m.add_function(wrap_pyfunction!(plan::example_plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan::demo_pseudonym_key, m)?)?;
    m.add_function(wrap_pyfunction!(
        registration::example_registrations_csv,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(
        registration::synthetic_registrations_csv,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(registration::tally_channels, m)?)?;
    m.add_class::<screening::PyScreeningReport>()?;
    m.add_function(wrap_pyfunction!(screening::screen_csv, m)?)?;
    m.add_function(wrap_pyfunction!(screening::screen_records, m)?)?;
    m.add_function(wrap_pyfunction!(screening::check_registrant, m)?)?;
    m.add_class::<selection::PyPool>()?;
    m.add_class::<confirmation::PyRoster>()?;
    m.add_class::<selection::PyTargets>()?;
    m.add_class::<selection::PyDraw>()?;
    m.add_function(wrap_pyfunction!(selection::draw, m)?)?;
    m.add_function(wrap_pyfunction!(selection::verify, m)?)?;
    m.add_function(wrap_pyfunction!(selection::seed_commitment, m)?)?;
    m.add_function(wrap_pyfunction!(selection::replacement, m)?)?;
    m.add_function(wrap_pyfunction!(selection::quota_gaps, m)?)?;
    m.add_function(wrap_pyfunction!(selection::outlook, m)?)?;
    m.add_function(wrap_pyfunction!(selection::synthetic_instance, m)?)?;
    m.add_function(wrap_pyfunction!(excel::write_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(excel::write_csv, m)?)?;
    m.add_function(wrap_pyfunction!(excel::cli_main, m)?)?;
    m.add_function(wrap_pyfunction!(notices::registration_notice, m)?)?;
    m.add_function(wrap_pyfunction!(notices::registration_guide, m)?)?;
    m.add_function(wrap_pyfunction!(notices::selected_list, m)?)?;
    m.add_function(wrap_pyfunction!(notices::text_messages, m)?)?;
    m.add_function(wrap_pyfunction!(notices::postponement_notice, m)?)?;
    m.add_function(wrap_pyfunction!(notices::review, m)?)?;
    Ok(())
}
