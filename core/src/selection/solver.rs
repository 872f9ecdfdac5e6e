//! LEXIMIN and MAXIMIN over quota-feasible panels by column generation
//! (Flanigan, Gölz, Gupta, Hennig and Procaccia, Nature 596, 2021), on a
//! model reduced by symmetry.
//!
//! People with the same feature values in the same kind of household are
//! interchangeable: any permutation of them maps quota-feasible panels onto
//! quota-feasible panels, and the LEXIMIN probability vector is unique, so
//! they receive the same probability. The solver therefore works on *cells*
//! (one per class of interchangeable people) and a panel is a vector of
//! counts per cell. A cell of `size` people whose panel count has expectation
//! `E[z]` gives each of them probability `E[z] / size`.
//!
//! The master problem ("maximise the smallest probability of the cells not
//! yet fixed" over lotteries of the panels found so far) is solved by the
//! crate's own revised simplex ([`super::simplex`]), which keeps its basis
//! as panels are added; the oracle ([`super::oracle`]) is an integer
//! program over the quota constraints that finds the panel of largest dual
//! weight, solved with `microlp` (pure Rust, builds for wasm32), and that
//! stops early at a new panel beating the master (only a proof that none
//! does ends a stage). The oracle is first given the
//! master's duals smoothed towards those of the last round that made
//! progress (stabilised column generation), which took 9–39 % fewer
//! panels on the benchmarks' pools; only a search on the master's own
//! duals ends a stage.

use std::collections::BTreeSet;

use microlp::Error as LpError;

use super::budget::{Limit, Stopper};
use super::oracle::{Goal, NODE_CHUNK, Search, worth};
use super::simplex::Simplex;

/// Tolerance on the oracle's improvement over the master's bound, in
/// probability units.
const IMPROVE_EPS: f64 = 1e-7;
/// Size of the right-hand-side perturbation of the master.
const PERTURB: f64 = 1e-8;
/// Dual weight above which a cell is taken as tight at the stage's level.
const FIX_EPS: f64 = 1e-7;
/// Weight of the stabilisation centre in the smoothed duals the panel
/// search is first given (Neame's smoothing): 0.8 took the fewest panels
/// and seconds on the 1,000-person LEXIMIN of the benchmarks among 0.3,
/// 0.5, 0.7, 0.8 and 0.9.
pub(super) const SMOOTH: f64 = 0.8;

/// How [`Model::solve_from`] goes about a solve (tests vary it).
#[derive(Debug, Clone, Copy)]
pub(super) struct Tuning {
    /// Weight of the centre in the smoothed duals ([`SMOOTH`]; 0 prices
    /// on the master's duals alone).
    pub(super) smooth: f64,
    /// Nodes between a panel search's looks at its best panel
    /// ([`NODE_CHUNK`]).
    pub(super) chunk: u64,
    /// Whether the row of a class fixed by a LEXIMIN stage becomes an
    /// equality (its slack frozen; see [`Model::solve`]).
    pub(super) equal_fixed: bool,
}

impl Tuning {
    /// A model solved directly.
    pub(super) const DIRECT: Self = Self {
        smooth: SMOOTH,
        chunk: NODE_CHUNK,
        equal_fixed: true,
    };
    /// The coarse route's two solves keep a fixed class's row an
    /// inequality: measured on the `draw_scale` pools of 1,000–5,000 people
    /// with households, equalities there gave other coarse lotteries, and
    /// where the lottery changed the household model's realisation or its
    /// start fared worse on 3 of 4 pools (0.76 → 1.49 s, 3.8 → 26.1 s,
    /// 1.44 → 13.0 s; the fourth 1.05 → 0.57 s).
    pub(super) const ROUTE: Self = Self {
        equal_fixed: false,
        ..Self::DIRECT
    };
}

/// The reduced model.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Seats on the panel.
    pub(crate) seats: u32,
    /// People per cell.
    pub(crate) size: Vec<u32>,
    /// Largest count of the cell in one panel.
    pub(crate) cap: Vec<u32>,
    /// Type of each cell (the people's feature values; cells of one type
    /// differ only in their household class).
    pub(crate) ty: Vec<usize>,
    /// Quota rows.
    pub(crate) rows: Vec<Row>,
    /// Household classes: the count over the listed cells is at most `hi`.
    pub(crate) couplings: Vec<Row>,
}

/// `lo ≤ Σ count(cells) ≤ hi`.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) lo: u32,
    pub(crate) hi: u32,
    pub(crate) cells: Vec<usize>,
}

/// A panel: `(cell, count)` with positive counts, sorted by cell.
pub(crate) type Panel = Vec<(usize, u32)>;

/// Which distribution to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Maximise the smallest probability, then the next, and so on.
    Leximin,
    /// Maximise the smallest probability only.
    Maximin,
}

/// Where a long solve is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Probability levels fixed so far (one per LEXIMIN stage).
    pub stages: u32,
    /// Classes of interchangeable people whose probability is fixed.
    pub fixed: u32,
    /// Classes in all.
    pub classes: u32,
    /// Distinct panels generated so far.
    pub panels: u32,
}

impl Progress {
    /// The work in all: the classes whose probability the draw fixes (a
    /// progress bar's total).
    pub fn total(self) -> u32 {
        self.classes
    }

    /// How far the draw is, from 0 to 1: classes fixed over classes.
    pub fn fraction(self) -> f64 {
        if self.classes == 0 {
            0.0
        } else {
            f64::from(self.fixed.min(self.classes)) / f64::from(self.classes)
        }
    }
}

/// Why the solver stopped without a distribution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SolveError {
    /// No panel meets the quotas.
    Infeasible,
    /// The caller's progress callback asked to stop.
    Cancelled,
    /// The LP solver failed.
    Lp(String),
}

impl From<LpError> for SolveError {
    fn from(e: LpError) -> Self {
        match e {
            LpError::Infeasible => Self::Infeasible,
            other => Self::Lp(other.to_string()),
        }
    }
}

/// The distribution found.
#[derive(Debug, Clone)]
pub(crate) struct Distribution {
    /// Panels with positive weight.
    pub(crate) panels: Vec<Panel>,
    /// Their weights, summing to 1.
    pub(crate) weights: Vec<f64>,
    /// Probability of each person of a cell.
    pub(crate) probability: Vec<f64>,
    /// Panels generated during the solve.
    pub(crate) generated: u32,
    /// Stages run to the end.
    pub(crate) stages: u32,
    /// Rounds run (panels sought to cover the classes, then master solves).
    pub(crate) rounds: u32,
    /// The round at which a budget or a stop took effect (`None` when the
    /// solve ran to the end); a solve limited to this many rounds gives
    /// the same distribution.
    pub(crate) stopped_at: Option<u32>,
    /// Whether the solve ran to the end (else it stopped at its limit and
    /// the distribution is the best found so far).
    pub(crate) complete: bool,
    /// An upper bound on the largest minimum probability any distribution
    /// can reach (the optimum itself once the first stage has ended).
    pub(crate) bound: f64,
}

/// The smallest pool the coarse route is taken for ([`Model::coarse_pays`]).
const COARSE_POOL: u64 = 1000;

#[allow(clippy::cast_precision_loss, clippy::cast_possible_wrap)]
impl Model {
    pub(crate) fn cells(&self) -> usize {
        self.size.len()
    }

    /// Panels that together include every cell that can be on a panel;
    /// cells that cannot are returned as unselectable.
    fn cover(
        &self,
        panels: &mut Vec<Panel>,
        halt: &mut Stopper<'_>,
        progress: &mut dyn FnMut(Progress) -> bool,
        chunk: u64,
    ) -> Result<Vec<bool>, SolveError> {
        let mut covered = vec![false; self.cells()];
        let mut unselectable = vec![false; self.cells()];
        loop {
            let weights: Vec<f64> = (0..self.cells())
                .map(|c| if covered[c] { 0.0 } else { 1.0 })
                .collect();
            if covered.iter().all(|&c| c) {
                break;
            }
            // The first panel is sought without a time limit: a lottery
            // needs one.
            let time = if panels.is_empty() {
                None
            } else {
                halt.time_left()
            };
            // Any panel that covers a new class will do (the first must
            // be a panel at all); a search that has not found one stops
            // once its bound shows there is none.
            let first = panels.is_empty();
            let accept = |value: f64, _: &Panel| first || value >= 0.5;
            let goal = Goal {
                accept: &accept,
                settle: if first { f64::NEG_INFINITY } else { 0.5 },
            };
            let (value, panel) = match self.oracle(&weights, time, &goal, chunk)? {
                Search::Found { value, panel, .. } => (value, panel),
                Search::Settled(_) => (0.0, Panel::new()),
                Search::NoPanel => return Err(SolveError::Infeasible),
                Search::Interrupted => {
                    halt.interrupted();
                    break;
                }
            };
            if first || value >= 0.5 {
                for &(c, _) in &panel {
                    covered[c] = true;
                }
                panels.push(panel);
            }
            if value < 0.5 {
                for c in 0..self.cells() {
                    if !covered[c] {
                        unselectable[c] = true;
                        covered[c] = true;
                    }
                }
            }
            // Cut short, the classes not yet covered stay open (not proven
            // unselectable); the master then gives them what it can.
            if halt.round() {
                break;
            }
            if !progress(self.progress(0, 0, panels.len())) {
                halt.request()?;
            }
        }
        Ok(unselectable)
    }

    fn progress(&self, stages: u32, fixed: usize, panels: usize) -> Progress {
        Progress {
            stages,
            fixed: u32::try_from(fixed).unwrap_or(u32::MAX),
            classes: u32::try_from(self.cells()).unwrap_or(u32::MAX),
            panels: u32::try_from(panels).unwrap_or(u32::MAX),
        }
    }

    /// The LEXIMIN (or MAXIMIN) distribution.
    ///
    /// One master LP serves every stage. Its rows are `Σλ = 1` and, per
    /// cell, `π_c − Σ_j L_j·[c unfixed at stage j] − s_c = 0` where `π_c`
    /// is the cell's probability under the panel weights `λ` and `L_j ≥ 0`
    /// is the rise of the level at stage `j`. Stage `k` adds the column
    /// `L_k` (on the rows still unfixed) and maximises the sum of the `L`s;
    /// when it ends, the `L`s' values move into the right-hand side as
    /// lower bounds. The matrix of existing columns never changes, so the
    /// basis carries over from stage to stage and phase 1 runs once.
    ///
    /// A class that a LEXIMIN stage fixes (its dual positive) is tight in
    /// every optimum of that stage, and every later stage keeps to those
    /// optima, so its slack is zero from then on: the slack is frozen and
    /// the row is an equality, whose dual may be negative and is priced as
    /// it is. This spares the later stages the pivots of those slacks: on
    /// the directly solved pools of BENCHMARKS.md, from 4 % more time to
    /// 30 % less (the slowest, 1,000 people with 5 features: 35–37 s to
    /// 25 s). The coarse route keeps inequalities ([`Tuning::ROUTE`]).
    ///
    /// The solve stops early when `limit` is reached (checked after every
    /// round: each covering panel search and each master solve; a panel
    /// search is also given the time left), or when `progress` returns
    /// `false` and the limit says to stop rather than cancel; it then gives
    /// the master's current distribution, which is feasible, with
    /// `complete` false. Until the first stage ends, every
    /// round's duals `y ≥ 0` certify a bound: for any distribution, the
    /// smallest probability is at most the `y`-weighted mean of the
    /// probabilities, which is at most the best panel's `y`-weight (the
    /// oracle's value) over `Σ y`.
    pub(crate) fn solve(
        &self,
        level: Level,
        limit: &Limit,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<Distribution, SolveError> {
        // One count of rounds for the whole solve, the coarse route's
        // included: a run cut short at round `n` (by the clock, a callback
        // or a round budget) is repeated by a budget of `n` rounds, down
        // the same route.
        let mut halt = Stopper::new(limit);
        if let Some(answer) = self.by_route(level, &mut halt, progress) {
            return answer;
        }
        self.solve_from(level, &mut halt, progress, Tuning::DIRECT, Vec::new())
    }

    /// The coarse route's answer, if it has one (see [`super::coarse`]):
    /// the coarse LEXIMIN realised on the household model, or else the
    /// household model solved from the panels realised (most of its
    /// support is among them). `None` where the route is not taken or
    /// gives no answer: the household model is then solved from nothing.
    fn by_route(
        &self,
        level: Level,
        halt: &mut Stopper<'_>,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Option<Result<Distribution, SolveError>> {
        if level != Level::Leximin || !self.coarse_pays() {
            return None;
        }
        let coarse =
            match self
                .coarse()
                .solve_from(level, halt, progress, Tuning::ROUTE, Vec::new())
            {
                Ok(coarse) if coarse.complete => coarse,
                Err(SolveError::Cancelled) => return Some(Err(SolveError::Cancelled)),
                // Cut short, infeasible or failed: the household model
                // decides (a solve cut short stops at its first lottery).
                _ => return None,
            };
        let start = match self.realise_coarse(&coarse) {
            Ok(realised) => return Some(Ok(realised)),
            Err(start) => start,
        };
        let started = self.solve_from(level, halt, progress, Tuning::ROUTE, start);
        #[cfg(test)]
        let started = match started {
            Ok(_) if tests::FAIL_STARTED.get() => Err(SolveError::Lp("forced by a test".into())),
            other => other,
        };
        match started {
            // A master that fails from that start (it once did, on a
            // singular basis, before the simplex undid such pivots) leaves
            // the household model to be solved from nothing.
            Err(SolveError::Lp(_)) => None,
            solved => Some(solved.map(|mut s| {
                s.generated = s.generated.saturating_add(coarse.generated);
                s
            })),
        }
    }

    /// Whether the coarse route (see [`super::coarse`]) is taken: where
    /// households split types into classes, in a pool of at least
    /// [`COARSE_POOL`] people. Measured on 36 pools of 200–5,000 people
    /// with 2–20 % in households: from 1,000 people on, the route was
    /// faster on every pool, up to 6× (5,000 people, 2 %: 337 classes,
    /// 238 types; 1.5 s against 9.0 s), the household model started from
    /// the realised panels where a coarse panel could not be spread;
    /// below, a coarse panel often takes so large a share of a small type
    /// that its households cannot hold it, and the route lost by up to 2×
    /// (500 people, 10 %: 1.3 s against 0.64 s).
    pub(super) fn coarse_pays(&self) -> bool {
        let people: u64 = self.size.iter().map(|&s| u64::from(s)).sum();
        !self.couplings.is_empty() && self.cells() > self.types() && people >= COARSE_POOL
    }

    /// [`Model::solve`] tuned by `tuning`, households solved directly.
    #[cfg(test)]
    pub(super) fn solve_tuned(
        &self,
        level: Level,
        limit: &Limit,
        progress: &mut dyn FnMut(Progress) -> bool,
        tuning: Tuning,
    ) -> Result<Distribution, SolveError> {
        self.solve_from(
            level,
            &mut Stopper::new(limit),
            progress,
            tuning,
            Vec::new(),
        )
    }

    /// [`Model::solve`] on this model alone (no coarse route), tuned by
    /// `tuning`, with the panels `start` (each feasible) in the master
    /// from the first round, its rounds counted by `halt` (which may have
    /// counted some already: the solve then stops at its first lottery if
    /// `halt` has stopped).
    #[allow(clippy::too_many_lines)]
    pub(super) fn solve_from(
        &self,
        level: Level,
        halt: &mut Stopper<'_>,
        progress: &mut dyn FnMut(Progress) -> bool,
        tuning: Tuning,
        start: Vec<Panel>,
    ) -> Result<Distribution, SolveError> {
        let Tuning {
            smooth,
            chunk,
            equal_fixed,
        } = tuning;
        let mut panels = Vec::new();
        let unselectable = self.cover(&mut panels, halt, progress, chunk)?;
        let mut known: BTreeSet<Panel> = panels.iter().cloned().collect();
        for panel in start {
            if known.insert(panel.clone()) {
                panels.push(panel);
            }
        }
        let mut fixed: Vec<Option<f64>> = unselectable
            .iter()
            .map(|&u| if u { Some(0.0) } else { None })
            .collect();
        // The master is highly degenerate (every cell row has right-hand
        // side 0); each row is relaxed by a distinct PERTURB-sized amount,
        // which breaks the ties that make the simplex stall. Levels are
        // then off by at most 2·PERTURB, far below any tolerance that
        // matters for probabilities.
        let mut row_of = vec![None; self.cells()];
        let mut rhs = vec![1.0];
        for (c, p) in fixed.iter().enumerate() {
            if p.is_none() {
                let r = rhs.len();
                #[allow(clippy::cast_precision_loss)]
                let eps = PERTURB
                    * (1.0 + ((r as u64).wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0);
                row_of[c] = Some(r);
                rhs.push(-eps);
            }
        }
        let rows = rhs.len();
        let mut lp = Simplex::new(rhs);
        let mut slack = vec![None; rows];
        for (r, slack) in slack.iter_mut().enumerate().skip(1) {
            let j = lp.add_column(vec![(r, -1.0)], 0.0);
            lp.crash(r, j);
            *slack = Some(j);
        }
        let column = |panel: &Panel| -> Vec<(usize, f64)> {
            let mut col = vec![(0, 1.0)];
            col.extend(panel.iter().filter_map(|&(c, n)| {
                row_of[c].map(|r| (r, f64::from(n) / f64::from(self.size[c])))
            }));
            col
        };
        let mut lambda_cols: Vec<usize> = panels
            .iter()
            .map(|p| lp.add_column(column(p), 0.0))
            .collect();
        let mut levels: Vec<usize> = Vec::new();
        let mut base = 0.0;
        let mut stages = 0u32;
        let mut stopped = false;
        let mut bound = if unselectable.iter().any(|&u| u) {
            0.0
        } else {
            f64::INFINITY
        };
        'stages: while fixed.iter().any(Option::is_none) {
            let rise: Vec<(usize, f64)> = (0..self.cells())
                .filter(|&c| fixed[c].is_none())
                .filter_map(|c| row_of[c].map(|r| (r, -1.0)))
                .collect();
            levels.push(lp.add_column(rise, -1.0));
            let fixed_count = fixed.iter().filter(|p| p.is_some()).count();
            let mut center: Option<Vec<f64>> = None;
            let duals = loop {
                lp.solve()
                    .map_err(|e| SolveError::Lp(format!("master problem: {e:?}")))?;
                // The master's solution is a lottery: a stop can take it.
                if halt.round() {
                    stopped = true;
                    break 'stages;
                }
                let y = lp.duals();
                let master = -y[0];
                let duals: Vec<f64> = row_of.iter().map(|r| r.map_or(0.0, |r| y[r])).collect();
                let weights: Vec<f64> = duals
                    .iter()
                    .enumerate()
                    .map(|(c, &d)| {
                        // A fixed class's row is an equality (its dual free in
                        // sign) when `equal_fixed`; below zero, the dual of an
                        // inequality row is rounding. (A class fixed while
                        // unselectable has no row and a zero dual.)
                        let d = if equal_fixed && fixed[c].is_some() {
                            d
                        } else {
                            d.max(0.0)
                        };
                        d / f64::from(self.size[c])
                    })
                    .collect();
                // Stabilised pricing: the master's duals swing from round
                // to round (its basis is highly degenerate), so the panel
                // is first sought for duals smoothed towards a centre, the
                // smoothed duals of the last round that made progress. A
                // panel that beats the master under its own duals is added;
                // otherwise (a "mispricing") the search runs on the
                // master's duals, and only that exact search may end the
                // stage or give a bound.
                // (With no weight on the centre the smoothed duals are the
                // master's, and the exact search alone runs.)
                let smoothed = match &center {
                    Some(c) if smooth > 0.0 => {
                        let smooth: Vec<f64> = c
                            .iter()
                            .zip(&weights)
                            .map(|(a, b)| smooth * a + (1.0 - smooth) * b)
                            .collect();
                        let beats = |_: f64, panel: &Panel| {
                            worth(panel, &weights) > master + IMPROVE_EPS && !panels.contains(panel)
                        };
                        let goal = Goal {
                            accept: &beats,
                            settle: f64::NEG_INFINITY,
                        };
                        match self.oracle(&smooth, halt.time_left(), &goal, chunk)? {
                            Search::Found { panel, .. } if beats(0.0, &panel) => {
                                Some((panel, smooth))
                            }
                            Search::Found { .. } | Search::Settled(_) => None,
                            Search::NoPanel => return Err(SolveError::Infeasible),
                            Search::Interrupted => {
                                halt.interrupted();
                                stopped = true;
                                break 'stages;
                            }
                        }
                    }
                    _ => None,
                };
                let panel = if let Some((panel, smooth)) = smoothed {
                    center = Some(smooth);
                    panel
                } else {
                    center = Some(weights.clone());
                    // A new panel that beats the master ends the search;
                    // so does a proof that none can.
                    let above = master + IMPROVE_EPS;
                    let improves =
                        |value: f64, panel: &Panel| value > above && !panels.contains(panel);
                    let goal = Goal {
                        accept: &improves,
                        settle: above,
                    };
                    let (value, panel, reach) =
                        match self.oracle(&weights, halt.time_left(), &goal, chunk)? {
                            Search::Found {
                                value,
                                panel,
                                bound,
                            } => (value, Some(panel), bound),
                            Search::Settled(bound) => (f64::NEG_INFINITY, None, bound),
                            Search::NoPanel => return Err(SolveError::Infeasible),
                            Search::Interrupted => {
                                halt.interrupted();
                                stopped = true;
                                break 'stages;
                            }
                        };
                    if stages == 0 {
                        let mass: f64 = duals.iter().map(|d| d.max(0.0)).sum();
                        if mass > 0.0 {
                            bound = bound.min(reach / mass);
                        }
                    }
                    match panel {
                        Some(panel) if value > above && !panels.contains(&panel) => panel,
                        _ => break duals,
                    }
                };
                lambda_cols.push(lp.add_column(column(&panel), 0.0));
                panels.push(panel);
                if halt.rounds.is_multiple_of(16)
                    && !progress(self.progress(stages, fixed_count, panels.len()))
                {
                    halt.request()?;
                }
            };
            for &j in &levels {
                base += lp.shift(j);
                // The cells this stage fixes were tight: no level of this
                // stage or before can rise again (it would lift them too),
                // so its variable is zero from now on.
                if level == Level::Leximin {
                    lp.freeze(j);
                }
            }
            let level_value = base.max(0.0);
            if stages == 0 {
                bound = level_value;
            }
            stages += 1;
            let mut tight: Vec<usize> = (0..self.cells())
                .filter(|&c| fixed[c].is_none() && duals[c] > FIX_EPS)
                .collect();
            if tight.is_empty() {
                // The unfixed duals sum to 1, so the largest is positive.
                let best = (0..self.cells())
                    .filter(|&c| fixed[c].is_none())
                    .max_by(|&a, &b| duals[a].total_cmp(&duals[b]));
                tight.extend(best);
            }
            match level {
                Level::Leximin => {
                    for c in tight {
                        fixed[c] = Some(level_value);
                        if let Some(j) = row_of[c].and_then(|r| slack[r]).filter(|_| equal_fixed) {
                            lp.freeze(j);
                        }
                    }
                }
                Level::Maximin => {
                    for p in &mut fixed {
                        p.get_or_insert(level_value);
                    }
                }
            }
            let count = fixed.iter().filter(|p| p.is_some()).count();
            if !progress(self.progress(stages, count, panels.len())) {
                halt.request()?;
            }
        }
        let lambda: Vec<f64> = if stages == 0 && !stopped {
            // Every cell unselectable: the cover panel is the lottery.
            vec![1.0; panels.len().min(1)]
        } else {
            lambda_cols.iter().map(|&j| lp.value(j)).collect()
        };
        let generated = u32::try_from(panels.len()).unwrap_or(u32::MAX);
        let mut kept = Vec::new();
        let mut weights = Vec::new();
        for (panel, w) in panels.into_iter().zip(lambda) {
            if w > 1e-12 {
                kept.push(panel);
                weights.push(w);
            }
        }
        let total: f64 = weights.iter().sum();
        for w in &mut weights {
            *w /= total;
        }
        let mut probability = vec![0.0; self.cells()];
        for (panel, w) in kept.iter().zip(&weights) {
            for &(c, n) in panel {
                probability[c] += w * f64::from(n) / f64::from(self.size[c]);
            }
        }
        Ok(Distribution {
            panels: kept,
            weights,
            probability,
            generated,
            stages,
            rounds: halt.rounds,
            stopped_at: halt.at.filter(|_| stopped),
            complete: !stopped,
            bound,
        })
    }
}

#[cfg(test)]
pub(super) mod tests;
