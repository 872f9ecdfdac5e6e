//! The panel search: the quota-feasible panel of largest weight, an integer
//! program solved by `microlp`'s branch and bound.
//!
//! Column generation rarely needs the best panel: a panel that beats the
//! master is enough to go on, and only the search that ends a stage must
//! prove that none does. So a search has a [`Goal`]: it looks at its best
//! panel so far every [`NODE_CHUNK`] nodes and stops as soon as the goal
//! accepts that panel, or as soon as the search's bound shows that no panel
//! is worth more than the goal's `settle` value. A search that finishes
//! within its first chunk (nearly every search on pools of a few hundred
//! classes) returns the proven best panel, as a search without a goal
//! would. On a pool shaped like the Nature 2021 paper's sf_e (1,145
//! classes, 110 seats, 7 features) a single covering search that must
//! prove its optimum ran for minutes; any panel covering a new class was
//! found within its first nodes.

use std::time::Duration;

use microlp::{
    ComparisonOp, Error as LpError, LinearExpr, OptimizationDirection, Problem, ResumeOptions,
    SolveOptions, TerminationReason, Variable,
};

// The clock of the budget (`performance.now()` in WebAssembly, where
// `std::time::Instant` panics).
use web_time::Instant;

use super::solver::{Model, Panel, SolveError};

/// Branch-and-bound nodes a search runs between looks at its best panel.
/// The largest searches of the 2,000-person, 6-feature benchmark pool took
/// 234 nodes, so below this a search is as exact as one without a goal.
pub(crate) const NODE_CHUNK: u64 = 512;

/// When a search may stop before it has proven its panel best.
pub(crate) struct Goal<'a> {
    /// Stop with the best panel so far once this accepts it (its worth, the
    /// panel).
    pub(crate) accept: &'a dyn Fn(f64, &Panel) -> bool,
    /// Stop once no panel can be worth more than this.
    pub(crate) settle: f64,
}

/// What a panel search found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Search {
    /// A panel, its worth, and an upper bound on every panel's worth (the
    /// panel's own worth when it is proven best).
    Found {
        /// `weights · counts` of the panel.
        value: f64,
        /// The panel.
        panel: Panel,
        /// No panel is worth more.
        bound: f64,
    },
    /// No panel is worth more than the goal's `settle` value (this bound),
    /// and none was found on the way.
    Settled(f64),
    /// No panel meets the quotas.
    NoPanel,
    /// The time ran out first.
    Interrupted,
}

/// A panel's weight `weights · counts`.
pub(crate) fn worth(panel: &Panel, weights: &[f64]) -> f64 {
    panel.iter().map(|&(c, n)| weights[c] * f64::from(n)).sum()
}

impl Model {
    /// The panel of largest `weights · counts`, or an earlier one the
    /// [`Goal`] accepts when it looks every `chunk` nodes
    /// ([`Search::Found`]); [`Search::Settled`] when the goal's bound is
    /// proven before any panel is found; [`Search::NoPanel`] when no panel
    /// meets the quotas; [`Search::Interrupted`] when `time` runs out first.
    pub(crate) fn oracle(
        &self,
        weights: &[f64],
        time: Option<Duration>,
        goal: &Goal<'_>,
        chunk: u64,
    ) -> Result<Search, SolveError> {
        let deadline = time.and_then(|t| Instant::now().checked_add(t));
        let left = || deadline.map(|d| d.saturating_duration_since(Instant::now()));
        let Some((lp, vars)) = self.program(weights) else {
            return Ok(Search::NoPanel);
        };
        let mut options = SolveOptions::default();
        options.time_limit = left();
        options.node_limit = Some(chunk);
        let mut outcome = match lp.solve_with(options) {
            Ok(outcome) => outcome,
            Err(LpError::Infeasible) => return Ok(Search::NoPanel),
            Err(e) => return Err(e.into()),
        };
        loop {
            let proven = match outcome.termination_reason() {
                TerminationReason::TimeLimit => return Ok(Search::Interrupted),
                TerminationReason::NodeLimit => false,
                _ => true,
            };
            let bound = outcome.stats().best_bound.unwrap_or(f64::INFINITY);
            if let Some(solution) = outcome.solution() {
                let panel = read_panel(&vars, |v| solution.var_value(v));
                let value = worth(&panel, weights);
                if proven {
                    return Ok(Search::Found {
                        value,
                        bound: value,
                        panel,
                    });
                }
                if (goal.accept)(value, &panel) || bound <= goal.settle {
                    return Ok(Search::Found {
                        value,
                        bound: bound.max(value),
                        panel,
                    });
                }
            } else if bound <= goal.settle {
                return Ok(Search::Settled(bound));
            }
            if left().is_some_and(|t| t.is_zero()) {
                return Ok(Search::Interrupted);
            }
            let mut resume = ResumeOptions::default();
            resume.time_limit = left();
            resume.node_limit = Some(chunk);
            outcome = match outcome.resume_with(resume) {
                Ok(outcome) => outcome,
                Err(LpError::Infeasible) => return Ok(Search::NoPanel),
                Err(e) => return Err(e.into()),
            };
        }
    }

    /// The integer program of the panel search, with one variable per cell
    /// that can be on a panel; `None` when a quota cannot be reached.
    fn program(&self, weights: &[f64]) -> Option<(Problem, Vec<Option<Variable>>)> {
        let mut lp = Problem::new(OptimizationDirection::Maximize);
        let vars: Vec<_> = (0..self.cells())
            .map(|c| {
                (self.cap[c] > 0).then(|| {
                    let cap = i32::try_from(self.cap[c]).unwrap_or(i32::MAX);
                    lp.add_integer_var(weights[c], (0, cap))
                })
            })
            .collect();
        let sum = |cells: &mut dyn Iterator<Item = usize>| -> LinearExpr {
            cells.filter_map(|c| vars[c]).map(|v| (v, 1.0)).collect()
        };
        let all = sum(&mut (0..self.cells()));
        lp.add_constraint(all, ComparisonOp::Eq, f64::from(self.seats));
        for row in self.rows.iter().chain(&self.couplings) {
            let reachable: u32 = row.cells.iter().map(|&c| self.cap[c]).sum();
            if reachable < row.lo {
                return None;
            }
            if row.lo > 0 {
                lp.add_constraint(
                    sum(&mut row.cells.iter().copied()),
                    ComparisonOp::Ge,
                    f64::from(row.lo),
                );
            }
            if row.hi < reachable.min(self.seats) {
                lp.add_constraint(
                    sum(&mut row.cells.iter().copied()),
                    ComparisonOp::Le,
                    f64::from(row.hi),
                );
            }
        }
        Some((lp, vars))
    }

    /// Whether `panel` meets every quota, household and cap.
    pub(crate) fn feasible(&self, panel: &Panel) -> bool {
        let count = |cells: &[usize]| -> u32 {
            panel
                .iter()
                .filter(|(c, _)| cells.binary_search(c).is_ok())
                .map(|&(_, n)| n)
                .sum()
        };
        panel.iter().map(|&(_, n)| n).sum::<u32>() == self.seats
            && panel.iter().all(|&(c, n)| n <= self.cap[c])
            && self
                .rows
                .iter()
                .chain(&self.couplings)
                .all(|row| (row.lo..=row.hi).contains(&count(&row.cells)))
    }
}

/// The panel of a solution: each cell's value rounded (the solver reports
/// integer variables within its integrality tolerance).
fn read_panel(vars: &[Option<Variable>], value: impl Fn(Variable) -> f64) -> Panel {
    let mut panel = Panel::new();
    for (c, var) in vars.iter().enumerate() {
        if let Some(var) = var {
            let count = value(*var).round();
            if count >= 1.0 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                panel.push((c, count as u32));
            }
        }
    }
    panel
}

#[cfg(test)]
mod tests {
    use super::super::solver::tests::model;
    use super::super::synthetic::InstanceSpec;
    use super::*;
    use crate::plan::selection::Algorithm;

    impl Goal<'_> {
        /// The proven best panel: nothing is accepted early.
        const BEST: Goal<'static> = Goal {
            accept: &never,
            settle: f64::NEG_INFINITY,
        };
    }

    fn never(_: f64, _: &Panel) -> bool {
        false
    }

    fn spec(pool: u32, features: u32, seed: u64) -> InstanceSpec {
        InstanceSpec {
            pool,
            seats: 20,
            features,
            households: 0.1,
            tolerance: 0.05,
            seed,
            algorithm: Algorithm::Leximin,
        }
    }

    /// Weights that make the search work: each cell's from a hash of the
    /// cell and the seed.
    fn weights(cells: usize, seed: u64) -> Vec<f64> {
        (0..cells)
            .map(|c| {
                let h = (c as u64 ^ seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
                #[allow(clippy::cast_precision_loss)]
                let w = h as f64 / (1u64 << 24) as f64;
                w
            })
            .collect()
    }

    #[test]
    fn a_goal_stops_early_with_a_feasible_panel_and_a_true_bound() {
        for seed in 0..6 {
            let m = model(&spec(400, 5, seed));
            let w = weights(m.cells(), seed);
            let Search::Found {
                value: best,
                bound,
                panel,
            } = m.oracle(&w, None, &Goal::BEST, NODE_CHUNK).unwrap()
            else {
                panic!("a panel exists")
            };
            assert!(m.feasible(&panel));
            assert!((bound - best).abs() < 1e-12, "proven: bound is the worth");
            // Accept anything: the first panel found, feasible, no better
            // than the best, with a bound at least the best.
            let Search::Found {
                value,
                bound,
                panel,
            } = m
                .oracle(
                    &w,
                    None,
                    &Goal {
                        accept: &|_, _| true,
                        settle: f64::NEG_INFINITY,
                    },
                    1,
                )
                .unwrap()
            else {
                panic!("a panel exists")
            };
            assert!(m.feasible(&panel));
            assert!((worth(&panel, &w) - value).abs() < 1e-9);
            assert!(
                value <= best + 1e-9 && bound >= best - 1e-9,
                "{value} {best} {bound}"
            );
            // Settle above the best: the search may stop at once, but never
            // with a panel or bound above the truth's reach.
            match m
                .oracle(
                    &w,
                    None,
                    &Goal {
                        accept: &|_, _| false,
                        settle: best + 1.0,
                    },
                    1,
                )
                .unwrap()
            {
                Search::Found { value, bound, .. } => {
                    assert!(value <= best + 1e-9 && bound >= best - 1e-9);
                }
                Search::Settled(bound) => assert!(bound >= best - 1e-9),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_search_that_is_never_satisfied_returns_the_best_panel() {
        let m = model(&spec(300, 4, 3));
        let w = weights(m.cells(), 3);
        let Search::Found { value: best, .. } =
            m.oracle(&w, None, &Goal::BEST, NODE_CHUNK).unwrap()
        else {
            panic!("a panel exists")
        };
        // Reject every panel but settle nowhere: only the proof ends it.
        let Search::Found { value, bound, .. } = m
            .oracle(
                &w,
                None,
                &Goal {
                    accept: &|v, _| v > best + 1.0,
                    settle: f64::NEG_INFINITY,
                },
                1,
            )
            .unwrap()
        else {
            panic!("a panel exists")
        };
        assert!((value - best).abs() < 1e-9 && (bound - best).abs() < 1e-9);
    }
}
