//! Why quotas cannot be met, and the smallest change that makes them
//! feasible.

use std::collections::BTreeSet;
use std::fmt;

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};
use serde::{Deserialize, Serialize};

use super::SelectionError;
use super::draw::Prepared;
use super::model::Reduced;

/// A quota (or set of quotas) that cannot be met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaConflict {
    /// Stable code: `min_above_available`, `mins_above_seats`,
    /// `maxes_below_seats`, `reserved_over_max` or `combination`.
    pub code: String,
    /// Feature.
    pub feature: String,
    /// Value, when the conflict is about one value.
    pub value: Option<String>,
    /// What conflicts, in English.
    pub message: String,
}

impl fmt::Display for QuotaConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl QuotaConflict {
    pub(crate) fn reserved_over(feature: &str, value: &str, max: u32) -> Self {
        Self {
            code: "reserved_over_max".to_owned(),
            feature: feature.to_owned(),
            value: Some(value.to_owned()),
            message: format!(
                "{feature} {value} allows at most {max} but the reserved people alone exceed it"
            ),
        }
    }
}

/// A change of one bound that, with the others in the list, makes a draw
/// possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relaxation {
    /// Feature.
    pub feature: String,
    /// Value.
    pub value: String,
    /// `min` or `max`.
    pub bound: String,
    /// The bound in the targets.
    pub from: u32,
    /// The bound that works.
    pub to: u32,
}

impl fmt::Display for Relaxation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} → {}",
            self.feature, self.value, self.bound, self.from, self.to
        )
    }
}

/// Distinct households among `members` (a single person is their own).
fn households(prep: &Prepared, members: impl Iterator<Item = usize>) -> u32 {
    let set: BTreeSet<usize> = members
        .map(|a| prep.household[prep.agent_pool[a]])
        .collect();
    u32::try_from(set.len()).unwrap_or(u32::MAX)
}

/// Checks that need no solver: each minimum against the people who have
/// the value, each feature's minimums and maximums against the seats, and
/// the seats against the households.
pub(crate) fn quick(prep: &Prepared) -> Result<(), SelectionError> {
    let seats = prep.remaining.seats;
    let available = households(prep, 0..prep.agents.len());
    if available < seats {
        return Err(SelectionError::PoolTooSmall {
            seats: prep.full.seats,
            available: available + (prep.full.seats - seats),
        });
    }
    let mut conflicts = Vec::new();
    for (f, feature) in prep.remaining.features.iter().enumerate() {
        let mut min_sum = 0;
        let mut max_sum = 0;
        for (v, q) in feature.values.iter().enumerate() {
            let have = households(
                prep,
                (0..prep.agents.len()).filter(|&a| usize::from(prep.agents[a].values[f]) == v),
            );
            let full = &prep.full.features[f].values[v];
            if q.min > have {
                conflicts.push(QuotaConflict {
                    code: "min_above_available".to_owned(),
                    feature: feature.name.clone(),
                    value: Some(q.value.clone()),
                    message: format!(
                        "{} {} needs ≥ {} but only {} eligible registrants can be drawn",
                        feature.name,
                        q.value,
                        full.min,
                        have + (full.min - q.min)
                    ),
                });
            }
            min_sum += q.min;
            max_sum += q.max.min(have);
        }
        if min_sum > seats {
            conflicts.push(QuotaConflict {
                code: "mins_above_seats".to_owned(),
                feature: feature.name.clone(),
                value: None,
                message: format!(
                    "the minimums of {} add up to {} but there are only {} seats",
                    feature.name,
                    min_sum + (prep.full.seats - seats),
                    prep.full.seats
                ),
            });
        }
        if max_sum < seats {
            conflicts.push(QuotaConflict {
                code: "maxes_below_seats".to_owned(),
                feature: feature.name.clone(),
                value: None,
                message: format!(
                    "the maximums of {} (capped by who registered) add up to {} but {} seats must be filled",
                    feature.name,
                    max_sum + (prep.full.seats - seats),
                    prep.full.seats
                ),
            });
        }
    }
    if conflicts.is_empty() {
        return Ok(());
    }
    let reduced = Reduced::new(&prep.agents, &prep.remaining);
    Err(SelectionError::Infeasible {
        relaxation: relaxation(prep, &reduced),
        conflicts,
    })
}

/// The error for quotas that no panel meets, found by the solver.
pub(crate) fn infeasible(prep: &Prepared, reduced: &Reduced) -> SelectionError {
    let relaxation = relaxation(prep, reduced);
    let conflicts = relaxation
        .iter()
        .map(|r| QuotaConflict {
            code: "combination".to_owned(),
            feature: r.feature.clone(),
            value: Some(r.value.clone()),
            message: format!(
                "{} {} {} {} cannot be met together with the other quotas",
                r.feature,
                r.value,
                if r.bound == "min" { "≥" } else { "≤" },
                r.from
            ),
        })
        .collect();
    SelectionError::Infeasible {
        conflicts,
        relaxation,
    }
}

/// The smallest total change of bounds (in seats) that makes a panel
/// possible: an integer program with a slack on each bound.
fn relaxation(prep: &Prepared, reduced: &Reduced) -> Vec<Relaxation> {
    let model = &reduced.model;
    let mut lp = Problem::new(OptimizationDirection::Minimize);
    let vars: Vec<_> = model
        .cap
        .iter()
        .map(|&cap| lp.add_integer_var(0.0, (0, i32::try_from(cap).unwrap_or(i32::MAX))))
        .collect();
    let seats = i32::try_from(model.seats).unwrap_or(i32::MAX);
    lp.add_constraint(
        vars.iter().map(|v| (*v, 1.0)).collect::<LinearExpr>(),
        ComparisonOp::Eq,
        f64::from(model.seats),
    );
    for row in &model.couplings {
        lp.add_constraint(
            row.cells
                .iter()
                .map(|&c| (vars[c], 1.0))
                .collect::<LinearExpr>(),
            ComparisonOp::Le,
            f64::from(row.hi),
        );
    }
    let mut slacks = Vec::new();
    for row in &model.rows {
        let under = lp.add_integer_var(1.0, (0, seats));
        let over = lp.add_integer_var(1.0, (0, seats));
        let mut lo: LinearExpr = row.cells.iter().map(|&c| (vars[c], 1.0)).collect();
        lo.add(under, 1.0);
        lp.add_constraint(lo, ComparisonOp::Ge, f64::from(row.lo));
        let mut hi: LinearExpr = row.cells.iter().map(|&c| (vars[c], 1.0)).collect();
        hi.add(over, -1.0);
        lp.add_constraint(hi, ComparisonOp::Le, f64::from(row.hi));
        slacks.push((under, over));
    }
    let Ok(solution) = lp.solve().map(microlp::SolveOutcome::into_solution) else {
        return Vec::new();
    };
    let Ok(solution) = solution else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names = prep
        .remaining
        .features
        .iter()
        .enumerate()
        .flat_map(|(f, feature)| feature.values.iter().enumerate().map(move |(v, _)| (f, v)));
    for ((f, v), (under, over)) in names.zip(slacks) {
        let full = &prep.full.features[f];
        let q = &full.values[v];
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (u, o) = (
            solution.var_value(under).round() as u32,
            solution.var_value(over).round() as u32,
        );
        if u > 0 {
            out.push(Relaxation {
                feature: full.name.clone(),
                value: q.value.clone(),
                bound: "min".to_owned(),
                from: q.min,
                to: q.min - u.min(q.min),
            });
        }
        if o > 0 {
            out.push(Relaxation {
                feature: full.name.clone(),
                value: q.value.clone(),
                bound: "max".to_owned(),
                from: q.max,
                to: q.max + o,
            });
        }
    }
    out
}
