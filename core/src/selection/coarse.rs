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
mod tests;
