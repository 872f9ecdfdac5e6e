//! LEXIMIN with households solved on types alone, then realised exactly.
//!
//! People with the same feature values are one *type*. A household (at
//! most one of its members on a panel) splits its members' types into
//! household classes, which can double the classes the master must carry
//! (a 5,000-person pool with 5 % in households: 238 types, 482 classes)
//! and multiply its work. The route here:
//!
//! 1. Solve the LEXIMIN of the *coarse* model: one cell per type, the
//!    households ignored. It relaxes the real problem (every panel that
//!    respects the households is a panel of it), so its probability vector
//!    is at least as good, leximin-wise, as any the households allow.
//! 2. Realise it: each panel of its lottery, `n_t` seats for type `t`,
//!    is spread over the type's classes in proportion to their sizes,
//!    `x_c = n_t · size_c / size_t`. Where that point meets the household
//!    model's caps and household rows, it is a convex combination of that
//!    model's panels with the same seats per type: its constraints (a
//!    count per type, a bound per household class, each class cell in one
//!    of each) are those of a bipartite graph, whose matrix is totally
//!    unimodular. [`decompose`] finds the combination (Carathéodory: a
//!    vertex of the smallest face holding the point, found by moving along
//!    alternating paths of fractional cells, is taken off as far as the
//!    face allows, and so on). Every person of type `t` then has exactly
//!    the coarse probability, so the coarse optimum is reached under the
//!    households: it is their LEXIMIN (the vector is unique).
//!    Where a point so spread goes over a cap or a household row, seats
//!    of a type move to another class of the type with room, and the same
//!    seats, weighted, move back in other points ([`super::respread`]):
//!    each point keeps its seats per type, and the lottery its expected
//!    seats per class.
//! 3. When any point cannot be brought within its bounds, or anything is
//!    out by more than a rounding error, the caller solves the household
//!    model itself, started from the heaviest panels the other points
//!    gave (each checked against the household model): most of the
//!    household LEXIMIN's support is among them.
//!
//! Every panel returned is checked against the household model, and every
//! class's probability against its type's coarse probability.

use std::collections::BTreeMap;

use super::respread::{over, respread};
use super::solver::{Distribution, Model, Panel, Row};

/// Values closer than this to an integer are that integer (the
/// decomposition divides by the weight left, which magnifies rounding
/// errors; the final check against [`MATCH`] bounds what it may cost).
const EPS: f64 = 1e-7;
/// Largest difference tolerated between a class's realised probability
/// and its type's coarse probability.
const MATCH: f64 = 1e-9;

impl Model {
    /// Number of types (cell types are numbered from 0).
    pub(crate) fn types(&self) -> usize {
        self.ty.iter().max().map_or(0, |&t| t + 1)
    }

    /// People per type.
    fn type_sizes(&self) -> Vec<u32> {
        let mut size = vec![0u32; self.types()];
        for (c, &t) in self.ty.iter().enumerate() {
            size[t] = size[t].saturating_add(self.size[c]);
        }
        size
    }

    /// Cells per type.
    fn cells_by_type(&self) -> Vec<Vec<usize>> {
        let mut by_type: Vec<Vec<usize>> = vec![Vec::new(); self.types()];
        for (c, &t) in self.ty.iter().enumerate() {
            by_type[t].push(c);
        }
        by_type
    }

    /// The model without households: one cell per type, its size the
    /// type's people, its cap the same.
    pub(crate) fn coarse(&self) -> Model {
        let size = self.type_sizes();
        let types = size.len();
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut cells: Vec<usize> = r.cells.iter().map(|&c| self.ty[c]).collect();
                cells.sort_unstable();
                cells.dedup();
                Row {
                    lo: r.lo,
                    hi: r.hi,
                    cells,
                }
            })
            .collect();
        Model {
            seats: self.seats,
            cap: size.clone(),
            size,
            ty: (0..types).collect(),
            rows,
            couplings: Vec::new(),
        }
    }

    /// Each panel of `coarse` spread over its types' classes in proportion
    /// to their sizes (seats per cell, fractional).
    fn spread(&self, coarse: &Distribution) -> Vec<Vec<f64>> {
        let type_size = self.type_sizes();
        coarse
            .panels
            .iter()
            .map(|coarse_panel| {
                let mut seats = vec![0u32; type_size.len()];
                for &(t, n) in coarse_panel {
                    if let Some(s) = seats.get_mut(t) {
                        *s = n;
                    }
                }
                (0..self.size.len())
                    .map(|c| {
                        let t = self.ty[c];
                        f64::from(seats[t]) * f64::from(self.size[c]) / f64::from(type_size[t])
                    })
                    .collect()
            })
            .collect()
    }

    /// The coarse distribution `coarse` (of [`Model::coarse`], run to the
    /// end) as a distribution over this model's panels with the same
    /// probability for every person of a type; where a panel of it cannot
    /// be realised under the households this way, the panels of this
    /// model that the others gave (a start for solving it).
    pub(crate) fn realise_coarse(&self, coarse: &Distribution) -> Result<Distribution, Vec<Panel>> {
        let type_size = self.type_sizes();
        let types = type_size.len();
        if coarse.probability.len() != types {
            return Err(Vec::new());
        }
        let graph = Graph {
            end: other_end(self),
            by_type: self.cells_by_type(),
        };
        let mut panels: Vec<Panel> = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        // Panels in the order first found, merged where two coarse panels
        // give the same one.
        let mut index: BTreeMap<Panel, usize> = BTreeMap::new();
        let mut points = self.spread(coarse);
        let mut realised = respread(
            self,
            &graph.end,
            &graph.by_type,
            &mut points,
            &coarse.weights,
        );
        for (x, &w) in points.into_iter().zip(&coarse.weights) {
            if over(self, &graph.end, &x) {
                continue;
            }
            let Some(parts) = decompose(self, &graph, x) else {
                realised = false;
                continue;
            };
            for (panel, share) in parts {
                let i = *index.entry(panel.clone()).or_insert_with(|| {
                    panels.push(panel);
                    weights.push(0.0);
                    weights.len() - 1
                });
                weights[i] += w * share;
            }
        }
        let feasible: Vec<bool> = panels.iter().map(|p| self.feasible(p)).collect();
        if !realised || feasible.contains(&false) {
            // The heaviest panels, as many as a basis holds (all of them
            // made the master's every round slower: 1,591 panels on 1,000
            // people with 10 % in households took 6.2 s to solve from,
            // the heaviest 295 of them 1.3 s).
            let mut order: Vec<usize> = (0..panels.len()).filter(|&i| feasible[i]).collect();
            order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
            order.truncate(self.cells() + 1);
            order.sort_unstable();
            return Err(order.into_iter().map(|i| panels[i].clone()).collect());
        }
        let mut probability = vec![0.0; self.size.len()];
        for (panel, w) in panels.iter().zip(&weights) {
            for &(c, n) in panel {
                probability[c] += w * f64::from(n) / f64::from(self.size[c]);
            }
        }
        let matches = probability
            .iter()
            .zip(&self.ty)
            .all(|(p, &t)| (p - coarse.probability[t]).abs() <= MATCH);
        if !matches {
            return Err(Vec::new());
        }
        Ok(Distribution {
            panels,
            weights,
            probability,
            generated: coarse.generated,
            stages: coarse.stages,
            rounds: coarse.rounds,
            stopped_at: None,
            complete: true,
            bound: coarse.bound,
        })
    }
}

/// The cells as the edges of a graph between types and household rows.
struct Graph {
    /// The household row at each cell's other end ([`other_end`]).
    end: Vec<Option<usize>>,
    /// Cells per type.
    by_type: Vec<Vec<usize>>,
}

/// Where a cell's other end is: a household row (index into
/// `model.couplings`) or nowhere (a cell bounded by its cap alone).
fn other_end(model: &Model) -> Vec<Option<usize>> {
    let mut end = vec![None; model.size.len()];
    for (k, row) in model.couplings.iter().enumerate() {
        for &c in &row.cells {
            end[c] = Some(k);
        }
    }
    end
}

fn fractional(v: f64) -> bool {
    (v - v.round()).abs() > EPS
}

/// `x` (seats per cell, meeting every cap and household row, whole seats
/// per type) as panels of `model` with weights summing to 1, or `None`
/// when `x` is out of bounds or the arithmetic fails to settle.
fn decompose(model: &Model, graph: &Graph, mut x: Vec<f64>) -> Option<Vec<(Panel, f64)>> {
    let cells = x.len();
    let cap: Vec<f64> = model.cap.iter().map(|&c| f64::from(c)).collect();
    let hi: Vec<f64> = model.couplings.iter().map(|r| f64::from(r.hi)).collect();
    let row_sum = |x: &[f64], k: usize| row_sum(model, x, k);
    if (0..cells).any(|c| x[c] < -EPS || x[c] > cap[c] + EPS)
        || (0..hi.len()).any(|k| row_sum(&x, k) > hi[k] + EPS)
    {
        return None;
    }
    snap(&mut x);
    let mut out = Vec::new();
    let mut left = 1.0;
    // Each round makes one more bound tight (a cell at 0 or its cap, a
    // household row at its bound), so this many rounds always suffice.
    for _ in 0..=(cells + hi.len() + 1) {
        let v = vertex(model, graph, x.clone())?;
        // The largest θ with y = (x − θ v) / (1 − θ) within every bound.
        let mut theta: f64 = 1.0;
        for c in 0..cells {
            if v[c] > x[c] + EPS {
                theta = theta.min(x[c] / v[c]);
            }
            if v[c] < cap[c] - EPS && x[c] < cap[c] - EPS {
                theta = theta.min((cap[c] - x[c]) / (cap[c] - v[c]));
            }
        }
        for (k, &hi) in hi.iter().enumerate() {
            let (sx, sv) = (row_sum(&x, k), row_sum(&v, k));
            if sv < hi - EPS && sx < hi - EPS {
                theta = theta.min((hi - sx) / (hi - sv));
            }
        }
        if theta.partial_cmp(&EPS) != Some(std::cmp::Ordering::Greater) {
            return None;
        }
        let panel = as_panel(&v);
        if theta >= 1.0 - EPS || (0..cells).all(|c| (x[c] - v[c]).abs() <= EPS) {
            out.push((panel, left));
            return Some(out);
        }
        out.push((panel, left * theta));
        left *= 1.0 - theta;
        for c in 0..cells {
            x[c] = ((x[c] - theta * v[c]) / (1.0 - theta)).clamp(0.0, cap[c]);
        }
        snap(&mut x);
    }
    None
}

fn snap(x: &mut [f64]) {
    for v in x {
        if !fractional(*v) {
            *v = v.round();
        }
    }
}

fn as_panel(v: &[f64]) -> Panel {
    v.iter()
        .enumerate()
        .filter(|(_, n)| **n >= 0.5)
        .map(|(c, n)| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = n.round() as u32;
            (c, n)
        })
        .collect()
}

/// A whole-seat point of the smallest face holding `x`: cells and sums
/// that are whole stay as they are while seats move along alternating
/// paths or cycles of fractional cells (see [`path`]) until none is left.
fn vertex(model: &Model, graph: &Graph, mut x: Vec<f64>) -> Option<Vec<f64>> {
    let cells = x.len();
    for _ in 0..=(cells + model.couplings.len() + 1) {
        if !x.iter().any(|&v| fractional(v)) {
            return Some(x);
        }
        let (path, ends) = path(model, graph, &x)?;
        // Signs alternate along the path (the first cell rises), so every
        // node inside it keeps its sum; the step ends where a cell or an
        // end row's sum turns whole.
        let mut step = f64::INFINITY;
        for (i, &c) in path.iter().enumerate() {
            step = step.min(if i % 2 == 0 {
                x[c].ceil() - x[c]
            } else {
                x[c] - x[c].floor()
            });
        }
        for &(k, rises) in &ends {
            let s = row_sum(model, &x, k);
            step = step.min(if rises { s.ceil() - s } else { s - s.floor() });
        }
        if !step.is_finite() || step <= EPS / 2.0 {
            return None;
        }
        for (i, &c) in path.iter().enumerate() {
            x[c] += if i % 2 == 0 { step } else { -step };
        }
        snap(&mut x);
    }
    None
}

/// The seats `x` puts on household row `k`.
pub(super) fn row_sum(model: &Model, x: &[f64], k: usize) -> f64 {
    model.couplings[k].cells.iter().map(|&c| x[c]).sum()
}

/// A node of the graph whose edges are the cells: a type, or a household
/// row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Type(usize),
    Row(usize),
}

/// An alternating path of fractional cells between two ends (a cell
/// bounded by its cap alone, or a household row whose sum is fractional),
/// or an (even) cycle of them; with the end rows whose sums change and
/// whether each rises. Types and rows with whole sums are passed through:
/// each has at least two fractional cells. `None` when the arithmetic
/// says otherwise.
#[allow(clippy::type_complexity)]
fn path(model: &Model, graph: &Graph, x: &[f64]) -> Option<(Vec<usize>, Vec<(usize, bool)>)> {
    let (end, by_type) = (&graph.end, &graph.by_type);
    let free = |c: usize| match end[c] {
        None => true,
        Some(k) => fractional(row_sum(model, x, k)),
    };
    let fractional_cells = (0..x.len()).filter(|&c| fractional(x[c]));
    // Start at an end when there is one (then the walk ends at another end
    // or closes a cycle); otherwise every node passed has two fractional
    // cells and the walk closes a cycle.
    let first = fractional_cells
        .clone()
        .find(|&c| free(c))
        .or_else(|| fractional_cells.clone().next())?;
    let mut cells = vec![first];
    let mut nodes: Vec<Node> = Vec::new();
    let mut ends = Vec::new();
    if let Some(k) = end[first] {
        nodes.push(Node::Row(k));
        if free(first) {
            ends.push((k, true));
        }
    }
    let lead = usize::from(end[first].is_none());
    let mut at = Node::Type(model.ty[first]);
    for _ in 0..=(x.len() + model.couplings.len()) {
        if let Some(pos) = nodes.iter().position(|&n| n == at) {
            // A cycle: the cells from that node on (`nodes[i]` is the node
            // before `cells[i + lead]`; a walk from a free cell has no node
            // before its first cell).
            return Some((cells.split_off(pos + lead), Vec::new()));
        }
        nodes.push(at);
        let last = *cells.last()?;
        let candidates: &[usize] = match at {
            Node::Type(t) => &by_type[t],
            Node::Row(k) => &model.couplings[k].cells,
        };
        let next = candidates
            .iter()
            .copied()
            .find(|&c| c != last && fractional(x[c]))?;
        cells.push(next);
        let rises = (cells.len() - 1) % 2 == 0;
        at = match at {
            Node::Row(_) => Node::Type(model.ty[next]),
            Node::Type(_) => match end[next] {
                None => return Some((cells, ends)),
                Some(k) if free(next) => {
                    ends.push((k, rises));
                    return Some((cells, ends));
                }
                Some(k) => Node::Row(k),
            },
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::Progress;
    use super::super::budget::{Budget, Limit, Stopper};
    use super::super::oracle::NODE_CHUNK;
    use super::super::solver::tests::{FAIL_STARTED, same_probabilities};
    use super::super::solver::{Distribution, Level, Model, Panel, SMOOTH, SolveError};
    use super::super::synthetic::InstanceSpec;
    use super::over;
    use crate::plan::selection::Algorithm;

    fn model(pool: u32, seats: u32, features: u32, households: f64, seed: u64) -> Model {
        super::super::solver::tests::model(&InstanceSpec {
            pool,
            seats,
            features,
            households,
            tolerance: 0.1,
            seed,
            algorithm: Algorithm::Leximin,
        })
    }

    /// The household model's LEXIMIN, without limit, started from `start`.
    fn solve_started(m: &Model, start: Vec<Panel>) -> Result<Distribution, SolveError> {
        let limit = Limit::none();
        m.solve_from(
            Level::Leximin,
            &mut Stopper::new(&limit),
            &mut |_| true,
            SMOOTH,
            NODE_CHUNK,
            start,
        )
    }

    /// The coarse route, where it realises, gives the household model's own
    /// LEXIMIN, with panels that respect the households; where it does
    /// not, the panels it did realise respect them, and the household model
    /// started from them reaches its LEXIMIN as it does from nothing.
    fn check(m: &Model) -> Result<bool, TestCaseError> {
        let limit = Limit::none();
        let Ok(coarse) = m.coarse().solve(Level::Leximin, &limit, &mut |_| true) else {
            return Ok(false);
        };
        let direct = m.solve_smoothed(Level::Leximin, &limit, &mut |_| true, SMOOTH, NODE_CHUNK);
        let realised = match m.realise_coarse(&coarse) {
            Ok(realised) => realised,
            Err(start) => {
                for panel in &start {
                    prop_assert!(m.feasible(panel), "{:?}", panel);
                }
                let started = solve_started(m, start);
                match (direct, started) {
                    (Ok(direct), Ok(started)) => {
                        prop_assert!(started.complete);
                        same_probabilities(&started.probability, &direct.probability)?;
                    }
                    (Err(_), Err(_)) => {}
                    (direct, started) => {
                        prop_assert!(
                            false,
                            "one solved: {:?} {:?}",
                            direct.is_ok(),
                            started.is_ok()
                        );
                    }
                }
                return Ok(false);
            }
        };
        let direct = direct.expect("the household model solves when the coarse route realises");
        prop_assert!(realised.complete);
        let total: f64 = realised.weights.iter().sum();
        prop_assert!((total - 1.0).abs() < 1e-9);
        for panel in &realised.panels {
            prop_assert!(m.feasible(panel), "{:?}", panel);
        }
        same_probabilities(&realised.probability, &direct.probability)?;
        Ok(true)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn the_coarse_route_reaches_the_household_leximin(
            pool in 40u32..200,
            seats in 5u32..16,
            features in 2u32..4,
            households in prop::sample::select(vec![0.1, 0.3]),
            seed in 0u64..1000,
        ) {
            check(&model(pool, seats, features, households, seed))?;
        }
    }

    /// Small pools seldom realise (a panel takes a large share of a small
    /// type, more than its households can give); these do, and the route
    /// must then match the household model exactly.
    #[test]
    fn a_large_pool_is_realised_with_the_household_leximin() {
        let m = model(3000, 30, 4, 0.02, 1);
        assert!(matches!(check(&m), Ok(true)), "realised on this pool");
    }

    /// Where spreading in proportion leaves a point over a household
    /// bound, seats moved within types bring it within
    /// ([`super::super::respread`]), and the route still gives the
    /// household model's own LEXIMIN.
    #[test]
    fn a_spread_over_a_household_bound_is_respread_to_the_same_leximin() {
        let m = model(100, 6, 3, 0.3, 0);
        let coarse = m
            .coarse()
            .solve(Level::Leximin, &Limit::none(), &mut |_| true)
            .unwrap();
        let end = super::other_end(&m);
        assert!(
            m.spread(&coarse).iter().any(|x| over(&m, &end, x)),
            "a proportional spread goes over a bound on this pool"
        );
        assert!(matches!(check(&m), Ok(true)), "realised all the same");
    }

    #[test]
    fn household_classes_take_the_coarse_route() {
        assert!(model(3000, 30, 4, 0.05, 1).coarse_pays());
        assert!(model(3000, 30, 4, 0.02, 1).coarse_pays());
        assert!(!model(3000, 30, 4, 0.0, 1).coarse_pays());
        // Households, but a pool too small for the route to pay.
        assert!(!model(500, 30, 4, 0.1, 1).coarse_pays());
    }

    /// A coarse panel that takes every member of two types whose members
    /// share households cannot be spread under them: the route then
    /// starts the household model from the heaviest panels the other
    /// points gave, which reaches the same LEXIMIN in far fewer rounds.
    #[test]
    fn an_unrealised_route_starts_the_household_model() {
        let m = model(1000, 30, 4, 0.1, 0);
        assert!(m.coarse_pays());
        let limit = Limit::none();
        let coarse = m
            .coarse()
            .solve(Level::Leximin, &limit, &mut |_| true)
            .unwrap();
        let start = m
            .realise_coarse(&coarse)
            .expect_err("a coarse panel on this pool cannot be spread");
        assert!(start.len() > coarse.panels.len() / 2, "{}", start.len());
        assert!(start.len() <= m.cells() + 1, "{}", start.len());
        assert!(start.iter().all(|p| m.feasible(p)));
        let direct = m
            .solve_smoothed(Level::Leximin, &limit, &mut |_| true, SMOOTH, NODE_CHUNK)
            .unwrap();
        let started = solve_started(&m, start).unwrap();
        assert!(started.complete);
        same_probabilities(&started.probability, &direct.probability).unwrap();
        assert!(
            started.rounds * 2 < direct.rounds,
            "{} rounds started, {} from nothing",
            started.rounds,
            direct.rounds
        );
        // The draw takes this route, with the coarse rounds counted.
        let solved = m.solve(Level::Leximin, &limit, &mut |_| true).unwrap();
        same_probabilities(&solved.probability, &direct.probability).unwrap();
        assert!(solved.rounds > coarse.rounds);
        assert_eq!(solved.rounds, coarse.rounds + started.rounds);
        // A limit that could stop it but does not changes nothing.
        let budgeted = m
            .solve(
                Level::Leximin,
                &Limit::start(Budget::default()),
                &mut |_| true,
            )
            .unwrap();
        assert_eq!(budgeted.panels, solved.panels);
        assert_eq!(budgeted.weights, solved.weights);
        // Stopped by the callback in either part of the route, the solve
        // is repeated by a budget of the rounds it ran.
        let types = u32::try_from(m.types()).unwrap();
        let cells = u32::try_from(m.cells()).unwrap();
        let stops: [&dyn Fn(Progress) -> bool; 2] = [
            &|p: Progress| p.classes != types || p.stages == 0,
            &|p: Progress| p.classes != cells,
        ];
        for stop in stops {
            let cut = m
                .solve(Level::Leximin, &Limit::start(Budget::default()), &mut |p| {
                    stop(p)
                })
                .unwrap();
            let n = cut.stopped_at.expect("stopped");
            assert!(!cut.complete);
            let budget = Budget {
                max_rounds: Some(n),
                ..Budget::default()
            };
            let again = m
                .solve(Level::Leximin, &Limit::start(budget), &mut |_| true)
                .unwrap();
            assert_eq!(again.stopped_at, Some(n));
            assert_eq!(again.panels, cut.panels, "stopped at round {n}");
            assert_eq!(again.weights, cut.weights, "stopped at round {n}");
        }
        // Should the started master fail, the household model is solved
        // from nothing: the same LEXIMIN, every round of the three solves
        // counted (so `verify` re-runs it down the same way).
        FAIL_STARTED.set(true);
        let fell_back = m.solve(Level::Leximin, &limit, &mut |_| true);
        FAIL_STARTED.set(false);
        let fell_back = fell_back.unwrap();
        assert!(fell_back.complete);
        same_probabilities(&fell_back.probability, &direct.probability).unwrap();
        assert_eq!(fell_back.panels, direct.panels);
        assert_eq!(
            fell_back.rounds,
            coarse.rounds + started.rounds + direct.rounds
        );
    }

    /// A point of the household model: seats per class proportional to the
    /// classes' sizes within each type.
    #[test]
    fn a_fractional_point_decomposes_into_household_panels() {
        let m = model(3000, 30, 4, 0.05, 1);
        let limit = Limit::none();
        let coarse = m
            .coarse()
            .solve(Level::Leximin, &limit, &mut |_| true)
            .unwrap();
        let realised = m.realise_coarse(&coarse).expect("realised on this pool");
        // Every class of a type at the type's coarse probability, and more
        // panels than the coarse lottery had (its points were fractional).
        for (c, &t) in m.ty.iter().enumerate() {
            assert!((realised.probability[c] - coarse.probability[t]).abs() <= 1e-9);
        }
        assert!(realised.panels.len() > coarse.panels.len());
        assert!(realised.panels.iter().all(|p| m.feasible(p)));
    }
}
