//! The balanced draw from the eligible registrants.

use openday::Plan;
use openday::selection;

use crate::Stop;

/// Balanced selection from the eligible registrants: quota table,
/// probabilities and the reserve list (names masked).
pub(crate) fn select(
    plan: &Plan,
    report: &openday::screening::ScreeningReport,
    seed: &str,
) -> Result<(selection::Draw, selection::Pool, selection::Targets), Stop> {
    let targets =
        selection::Targets::from_plan(plan).map_err(|e| Stop::CannotDraw(e.to_string()))?;
    let pool = selection::Pool::from_screening(report, plan, &targets.policy)
        .map_err(|e| Stop::CannotDraw(e.to_string()))?;
    let started = std::time::Instant::now();
    openday_examples::say!("Public seed: {seed}");
    let draw = selection::draw(&pool, &targets, seed).map_err(|e| {
        let (conflicts, relaxation) = e.infeasibility();
        let lines = conflicts
            .iter()
            .map(|c| format!("\n  conflict: {c}"))
            .chain(
                relaxation
                    .iter()
                    .map(|r| format!("\n  smallest relaxation: {r}")),
            );
        let text = std::iter::once(e.to_string())
            .chain(lines)
            .collect::<String>();
        Stop::CannotDraw(text)
    })?;
    let took = started.elapsed();
    openday_examples::say!("== Selection: {} lottery ==", draw.algorithm.as_str());
    openday_examples::say!(
        "Seed commitment (publish before the draw): sha256 {}",
        draw.record.commitment
    );
    openday_examples::say!(
        "{} seats from {} eligible registrants ({} classes, {} panels in the support, {:.0} ms).",
        draw.seats,
        pool.len(),
        draw.stats.classes,
        draw.stats.support,
        took.as_secs_f64() * 1000.0
    );
    openday_examples::say!(
        "Selection probability: min {:.4}, max {:.4} (seats/pool {:.4}).",
        draw.stats.min_probability,
        draw.stats.max_probability,
        f64::from(draw.seats) / f64::from(draw.stats.pool)
    );
    openday_examples::say!(
        "{:<8} {:<10} {:>6} {:>5} {:>6} {:>8}",
        "feature",
        "value",
        "target",
        "pool",
        "panel",
        "expected"
    );
    for q in &draw.quotas {
        let target = if q.listed {
            format!("{}-{}", q.min, q.max)
        } else {
            "open".to_owned()
        };
        openday_examples::say!(
            "{:<8} {:<10} {:>6} {:>5} {:>6} {:>8.2}",
            q.feature,
            q.value,
            target,
            q.pool,
            q.panel,
            q.expected.max(0.0)
        );
    }
    let name = |id: &str| {
        pool.origin(id)
            .map_or_else(|| id.to_owned(), |o| format!("{} (row {})", o.name, o.row))
    };
    openday_examples::say!(
        "Panel: {}",
        draw.panel
            .iter()
            .map(|id| name(id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    openday_examples::say!(
        "Reserves in order: {}",
        draw.reserves
            .iter()
            .map(|id| name(id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    selection::verify(&draw.record, &pool, &targets).map_err(|e| Stop::Failed(e.to_string()))?;
    openday_examples::say!(
        "Re-running the published record gives the same panel and reserves: verified."
    );
    Ok((draw, pool, targets))
}
