//! How long a draw may run, and what a draw that stopped early can claim.
//!
//! A LEXIMIN draw on a pool of many classes can take minutes. With a
//! [`Budget`] (or a progress callback that returns `false`), the solver
//! stops at the end of a column-generation *round* and gives the best
//! distribution found so far: a lottery over quota-feasible panels, as
//! exact in its guarantees (quotas, households, seed) as a finished one,
//! but whose probabilities are not yet the LEXIMIN ones. Such a draw says
//! so ([`DrawStats::complete`](super::DrawStats::complete) is `false`) and
//! carries a certified upper bound on the best possible minimum
//! probability ([`DrawStats::min_probability_bound`](super::DrawStats::min_probability_bound)),
//! so the office can state how far from optimal the draw is.
//!
//! The rounds are counted, and the record of a stopped draw keeps their
//! number ([`DrawRecord::stopped_after_rounds`](super::DrawRecord::stopped_after_rounds)):
//! [`verify`](super::verify) re-runs exactly as many rounds, so a draw cut
//! short by the clock is as verifiable as any other on any machine.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use web_time::Instant;

/// Limits on a draw's solve; the default has none.
///
/// ```
/// use openday::selection::{self, Budget, synthetic::{InstanceSpec, instance}};
/// let spec = InstanceSpec { pool: 300, seats: 20, features: 4, households: 0.1,
///     tolerance: 0.05, seed: 3, algorithm: Default::default() };
/// let (pool, targets) = instance(&spec);
/// let budget = Budget { max_rounds: Some(2), ..Budget::default() };
/// let draw = selection::draw_within(&pool, &targets, "seed", budget, &mut |_| true).unwrap();
/// assert!(!draw.stats.complete);
/// assert!(draw.stats.min_probability <= draw.stats.min_probability_bound);
/// assert_eq!(draw.record.stopped_after_rounds, Some(2));
/// selection::verify(&draw.record, &pool, &targets).unwrap();
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Wall-clock seconds for the solve, checked after every round and
    /// given to each panel search as its time limit (in the WebAssembly
    /// package too: the clock there is `performance.now()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seconds: Option<f64>,
    /// Rounds at most (panels sought while covering the classes, then
    /// master solves; at least one, and one master solve always runs, as the
    /// lottery comes from it; where households are first solved on types,
    /// that solve's rounds count too): a limit that does not depend on the
    /// machine, and the one [`verify`](super::verify) re-runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rounds: Option<u32>,
}

/// Counts the solver's rounds (every panel sought while covering the
/// classes, then every master solve) and decides, right after each, whether
/// to stop. The round at which a stop first took effect is kept: re-run
/// with that many rounds as its budget, the solver stops at the same point.
#[derive(Debug)]
pub(crate) struct Stopper<'a> {
    limit: &'a Limit,
    /// Rounds run.
    pub(crate) rounds: u32,
    requested: bool,
    /// The round at which the solve was told to stop.
    pub(crate) at: Option<u32>,
}

impl<'a> Stopper<'a> {
    pub(crate) fn new(limit: &'a Limit) -> Self {
        Self {
            limit,
            rounds: 0,
            requested: false,
            at: None,
        }
    }

    /// Counts a round; whether the solve must stop now.
    pub(crate) fn round(&mut self) -> bool {
        self.rounds = self.rounds.saturating_add(1);
        if self.at.is_none() && (self.requested || self.limit.reached(self.rounds)) {
            self.at = Some(self.rounds);
        }
        self.at.is_some()
    }

    /// The time left, to bound a panel search.
    pub(crate) fn time_left(&self) -> Option<Duration> {
        self.limit.time_left()
    }

    /// A panel search ran out of time: the solve stops, in the state of
    /// the last round (which a re-run limited to it reaches without any
    /// clock).
    pub(crate) fn interrupted(&mut self) {
        if self.at.is_none() {
            self.at = Some(self.rounds);
        }
    }

    /// The progress callback returned `false`: an error when that cancels,
    /// else a stop at the next round.
    pub(crate) fn request(&mut self) -> Result<(), super::solver::SolveError> {
        self.limit.stop()?;
        self.requested = true;
        Ok(())
    }
}

/// The budget as the solver checks it.
///
/// The clock is [`web_time::Instant`]: `std::time::Instant` on native
/// targets, `performance.now()` on `wasm32-unknown-unknown` (browsers, Web
/// Workers and Node all have it), so a budget in seconds bounds a draw, and
/// each of its panel searches, in the WebAssembly package too. A draw
/// without `max_seconds` never reads the clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limit {
    deadline: Option<Instant>,
    max_rounds: Option<u32>,
    /// Whether the progress callback's `false` stops with the best so far
    /// (rather than cancelling the draw).
    pub(crate) stop_on_cancel: bool,
}

impl Limit {
    /// No limit; a `false` from the callback cancels.
    pub(crate) fn none() -> Self {
        Self {
            deadline: None,
            max_rounds: None,
            stop_on_cancel: false,
        }
    }

    /// The limit of `budget`, its clock started now.
    pub(crate) fn start(budget: Budget) -> Self {
        Self {
            deadline: budget
                .max_seconds
                .filter(|s| s.is_finite())
                .map(|s| Duration::from_secs_f64(s.clamp(0.0, 1e9)))
                .and_then(|d| Instant::now().checked_add(d)),
            max_rounds: budget.max_rounds,
            stop_on_cancel: true,
        }
    }

    /// The callback asked to stop: an error when that cancels.
    fn stop(&self) -> Result<(), super::solver::SolveError> {
        if self.stop_on_cancel {
            Ok(())
        } else {
            Err(super::solver::SolveError::Cancelled)
        }
    }

    /// The time left before the deadline, if there is one.
    pub(crate) fn time_left(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// Whether a solve that has run `rounds` rounds must stop now.
    pub(crate) fn reached(&self, rounds: u32) -> bool {
        self.max_rounds.is_some_and(|m| rounds >= m)
            || self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}
