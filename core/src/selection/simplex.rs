//! A small dense revised primal simplex for the column-generation master.
//!
//! Why not `microlp` here: the master problem is small (one row per class of
//! people), dense in the basis, highly degenerate, grows one column at a time
//! and needs its dual values to price the next panel. `microlp` has no dual
//! values and no way to add a column to a solved problem; posing the dual
//! problem instead (one row per panel) and re-solving after each added row
//! took 4 of the 6.4 s of a 1,000-person LEXIMIN in its sparse LU. An
//! explicit dense inverse of the basis, stored by columns and updated in
//! product form (a column whose pivot-row entry is zero is skipped), does
//! the same work in milliseconds at these sizes. Every [`REFACTOR`] pivots
//! the residual `b − B x_B` is measured and the inverse recomputed only when
//! it has lost accuracy (or after [`HARD_REFACTOR`] pivots at the latest).
//! A pivot on an element below [`SMALL_PIVOT`] is confirmed at once by
//! refactorising and undone if it left the basis singular (the element was
//! rounding error); a solve that ends on a basis with a variable below
//! `-`[`FEASIBLE_TOL`] reports numerical failure rather than an optimum.
//! The entering column is the one of largest `d_j² / (1 + ‖a_j‖²)`
//! (Dantzig's rule normalised by the column's length): on a 1,000-person
//! pool it takes a fifth fewer pivots than plain Dantzig. It is sought
//! first among the [`CANDIDATES`] best columns of the last full pass
//! (partial pricing), which at thousands of columns spares most of the
//! pricing. (Devex weights were tried and dropped: they steer the master
//! to other optimal duals, and column generation then needed 20 times as
//! many panels.) `microlp`
//! still solves the integer programs (the panel oracle and the relaxation
//! diagnosis), which it does well.
//!
//! Standard form: minimise `c·x` subject to `A x = b`, `x ≥ 0`, `b ≥ 0`.
//! Phase 1 starts from one artificial variable per row.

// Dense linear algebra reads best with the textbook's one-letter names
// and index loops.
#![allow(clippy::many_single_char_names, clippy::needless_range_loop)]

/// Pivots between checks of the inverse's accuracy.
const REFACTOR: usize = 64;
/// Pivots after which the inverse is recomputed whatever its accuracy (the
/// number of rows times 8 when larger, which keeps the O(m³)
/// refactorisation well under O(m²) per pivot).
const HARD_REFACTOR: usize = 4096;
/// Largest residual `|b − B x_B|` tolerated before refactorising.
const RESIDUAL_TOL: f64 = 1e-11;
/// Reduced-cost tolerance.
const DUAL_TOL: f64 = 1e-10;
/// Pivot-element tolerance.
const PIVOT_TOL: f64 = 1e-9;
/// Pivot element below which the pivot is confirmed at once by
/// refactorising: so small an element may be rounding error, the entering
/// column in truth dependent on the rest of the basis, and the basis
/// singular (seen on a 1,000-person household pool, elements of 1.1·10⁻⁹).
/// None of the benchmarks' other pools pivots below 10⁻⁵.
const SMALL_PIVOT: f64 = 1e-7;
/// Most negative value a basic variable may take (rounding) before the
/// basis counts as infeasible.
const FEASIBLE_TOL: f64 = 1e-7;
/// Degenerate pivots in a row before switching to Bland's rule.
const DEGENERATE_RUN: usize = 50;
/// Pivot budget per solve, per row and column.
const PIVOT_BUDGET: usize = 50;
/// Columns kept from a full pricing pass as the candidates to price first
/// (partial pricing): while one of them may enter, the next pivots price
/// only them; a full pass runs when none may. 64 was the fastest of 8, 32,
/// 64, 128 and 256 on the benchmarks' pools (the 5,000-person LEXIMIN:
/// 89 s with a full pass per pivot, 58 s with 32, 50 s with 64).
const CANDIDATES: usize = 64;

/// Whether column `j` of pricing score `score` enters rather than the best
/// so far (`entering`, of score `best`): the higher score, ties to the
/// lower index, whatever order the columns are priced in (so partial and
/// full pricing choose alike).
fn beats(score: f64, j: usize, best: f64, entering: Option<usize>) -> bool {
    match score.total_cmp(&best) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => entering.is_some_and(|e| j < e),
        std::cmp::Ordering::Less => false,
    }
}

/// Why a solve failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SimplexError {
    /// No feasible point.
    Infeasible,
    /// The objective is unbounded below.
    Unbounded,
    /// Too many pivots or a singular basis (numerical trouble).
    Numerical,
}

/// A problem in standard form with its current basis.
#[derive(Debug, Clone)]
pub(crate) struct Simplex {
    m: usize,
    /// Sparse columns: structural columns, then one artificial per row at
    /// the end of construction order (artificials are flagged).
    cols: Vec<Vec<(usize, f64)>>,
    cost: Vec<f64>,
    /// `1 + ‖a_j‖²`, the weight of column j's reduced cost in pricing.
    norm: Vec<f64>,
    artificial: Vec<bool>,
    /// Columns that may no longer enter the basis (held at zero).
    frozen: Vec<bool>,
    b: Vec<f64>,
    basis: Vec<usize>,
    in_basis: Vec<bool>,
    /// Inverse of the basis, column-major: `binv[i * m + r]` is `B⁻¹[r][i]`,
    /// so that `B⁻¹ a` and the pivot's update run along contiguous memory
    /// and skip the columns whose pivot-row entry is zero.
    binv: Vec<f64>,
    x_b: Vec<f64>,
    since_refactor: usize,
    phase_one_done: bool,
}

impl Simplex {
    /// A problem with right-hand side `b` (each `≥ 0`) and no structural
    /// columns yet.
    pub(crate) fn new(b: Vec<f64>) -> Self {
        let m = b.len();
        let mut s = Self {
            m,
            cols: Vec::new(),
            cost: Vec::new(),
            norm: Vec::new(),
            artificial: Vec::new(),
            frozen: Vec::new(),
            b: b.clone(),
            basis: Vec::with_capacity(m),
            in_basis: Vec::new(),
            binv: vec![0.0; m * m],
            x_b: b,
            since_refactor: 0,
            phase_one_done: false,
        };
        for r in 0..m {
            let j = s.push(vec![(r, 1.0)], 0.0, true);
            s.basis.push(j);
            s.in_basis[j] = true;
            s.binv[r * m + r] = 1.0;
        }
        s
    }

    fn push(&mut self, col: Vec<(usize, f64)>, cost: f64, artificial: bool) -> usize {
        self.norm
            .push(1.0 + col.iter().map(|&(_, a)| a * a).sum::<f64>());
        self.cols.push(col);
        self.cost.push(cost);
        self.artificial.push(artificial);
        self.frozen.push(false);
        self.in_basis.push(false);
        self.cols.len() - 1
    }

    /// Adds a structural column; gives its index.
    pub(crate) fn add_column(&mut self, col: Vec<(usize, f64)>, cost: f64) -> usize {
        self.push(col, cost, false)
    }

    /// Puts column `j`, whose only entry is `-1` in row `r` of right-hand
    /// side `≤ 0`, in the basis for row `r` (at `-b_r ≥ 0`), replacing the
    /// artificial: a crash start that leaves phase 1 less to do.
    pub(crate) fn crash(&mut self, r: usize, j: usize) {
        let m = self.m;
        if self.b[r] > 0.0 || self.cols[j] != [(r, -1.0)] || !self.artificial[self.basis[r]] {
            return;
        }
        self.in_basis[self.basis[r]] = false;
        self.basis[r] = j;
        self.in_basis[j] = true;
        self.binv[r * m + r] = -1.0;
        self.x_b[r] = -self.b[r];
    }

    /// Moves variable `j`'s current value `v` into the right-hand side
    /// (`b −= v·a_j`), so that `j` now measures the rise above `v`; the
    /// basis stays feasible. Gives `v`.
    pub(crate) fn shift(&mut self, j: usize) -> f64 {
        let v = self.value(j);
        if v == 0.0 {
            return 0.0;
        }
        for &(i, a) in &self.cols[j] {
            self.b[i] -= v * a;
        }
        if let Some(r) = self.basis.iter().position(|&k| k == j) {
            self.x_b[r] = 0.0;
        }
        v
    }

    /// Holds column `j` at zero from now on: it may no longer enter the
    /// basis (if basic, it stays until a pivot moves it out) and costs
    /// nothing. For a variable that is zero in every feasible point, this
    /// changes no solution and spares the pricing its degenerate pivots.
    pub(crate) fn freeze(&mut self, j: usize) {
        self.frozen[j] = true;
        self.cost[j] = 0.0;
    }

    /// Value of variable `j`.
    pub(crate) fn value(&self, j: usize) -> f64 {
        self.basis
            .iter()
            .position(|&k| k == j)
            .map_or(0.0, |r| self.x_b[r].max(0.0))
    }

    /// Row duals `y = c_B B⁻¹` for the phase-2 costs.
    pub(crate) fn duals(&self) -> Vec<f64> {
        self.prices(false)
    }

    /// `c_B B⁻¹` for the phase's costs.
    fn prices(&self, phase_one: bool) -> Vec<f64> {
        let m = self.m;
        let costed: Vec<(usize, f64)> = self
            .basis
            .iter()
            .enumerate()
            .map(|(r, &j)| (r, self.phase_cost(j, phase_one)))
            .filter(|&(_, c)| c != 0.0)
            .collect();
        self.binv
            .chunks_exact(m)
            .map(|col| costed.iter().map(|&(r, c)| c * col[r]).sum())
            .collect()
    }

    fn phase_cost(&self, j: usize, phase_one: bool) -> f64 {
        match (phase_one, self.artificial[j]) {
            (true, a) => f64::from(u8::from(a)),
            (false, true) => 0.0,
            (false, false) => self.cost[j],
        }
    }

    /// Optimise (phase 1 the first time, then phase 2).
    ///
    /// When the basis turns out singular or the pivots run out (numerical
    /// trouble), the solve starts again once from a fresh basis of
    /// artificial variables, keeping every column, rather than fail.
    pub(crate) fn solve(&mut self) -> Result<(), SimplexError> {
        match self.solve_from_basis() {
            Err(SimplexError::Numerical) => {
                self.restart();
                self.solve_from_basis()
            }
            done => done,
        }
    }

    /// Starts again from a basis of one artificial variable per row, signed
    /// so that it is feasible; phase 1 then runs again.
    fn restart(&mut self) {
        let m = self.m;
        self.basis.clear();
        self.in_basis.fill(false);
        self.binv.fill(0.0);
        for r in 0..m {
            let sign = if self.b[r] < 0.0 { -1.0 } else { 1.0 };
            let j = self.push(vec![(r, sign)], 0.0, true);
            self.basis.push(j);
            self.in_basis[j] = true;
            self.binv[r * m + r] = sign;
            self.x_b[r] = self.b[r].abs();
        }
        self.since_refactor = 0;
        self.phase_one_done = false;
    }

    fn solve_from_basis(&mut self) -> Result<(), SimplexError> {
        if !self.phase_one_done {
            self.run(true)?;
            let infeasibility: f64 = self
                .basis
                .iter()
                .zip(&self.x_b)
                .filter(|(j, _)| self.artificial[**j])
                .map(|(_, x)| x.max(0.0))
                .sum();
            if infeasibility > 1e-7 {
                return Err(SimplexError::Infeasible);
            }
            self.drive_out_artificials();
            self.phase_one_done = true;
        }
        self.run(false)?;
        // A basis that drifted infeasible (rounding made large by a small
        // pivot) is numerical failure, not an optimum.
        if self.feasible() {
            Ok(())
        } else {
            Err(SimplexError::Numerical)
        }
    }

    /// Pivots basic artificials (at zero) out where a structural column can
    /// replace them.
    fn drive_out_artificials(&mut self) {
        for r in 0..self.m {
            if !self.artificial[self.basis[r]] {
                continue;
            }
            let m = self.m;
            let replacement = (0..self.cols.len()).find(|&j| {
                !self.in_basis[j]
                    && !self.artificial[j]
                    && !self.frozen[j]
                    && self.cols[j]
                        .iter()
                        .map(|&(i, a)| self.binv[i * m + r] * a)
                        .sum::<f64>()
                        .abs()
                        > 1e-7
            });
            if let Some(j) = replacement {
                let u = self.ftran(j);
                self.pivot(r, j, &u);
            }
        }
    }

    /// `B⁻¹ a_j`.
    fn ftran(&self, j: usize) -> Vec<f64> {
        let m = self.m;
        let mut u = vec![0.0; m];
        for &(i, a) in &self.cols[j] {
            for (ur, b) in u.iter_mut().zip(&self.binv[i * m..(i + 1) * m]) {
                *ur += b * a;
            }
        }
        u
    }

    fn run(&mut self, phase_one: bool) -> Result<(), SimplexError> {
        let budget = PIVOT_BUDGET * (self.m + self.cols.len()) + 1000;
        let mut degenerate = 0usize;
        let mut candidates: Vec<usize> = Vec::new();
        // Columns whose pivot was undone (they made the basis singular):
        // they may not enter again until a pivot stands; if nothing else
        // may enter, they are tried once more, and a second undo with
        // nothing else to enter is numerical failure.
        let mut rejected: Vec<usize> = Vec::new();
        let mut retried = false;
        for _ in 0..budget {
            let m = self.m;
            let y = self.prices(phase_one);
            let bland = degenerate >= DEGENERATE_RUN;
            let mut entering = None;
            let mut best = 0.0;
            if !bland {
                for &j in &candidates {
                    if let Some(score) = self.score(j, &y, phase_one)
                        && !rejected.contains(&j)
                        && beats(score, j, best, entering)
                    {
                        entering = Some(j);
                        best = score;
                    }
                }
            }
            if entering.is_none() {
                candidates.clear();
                let mut scored: Vec<(f64, usize)> = Vec::new();
                for j in 0..self.cols.len() {
                    if let Some(score) = self.score(j, &y, phase_one)
                        && !rejected.contains(&j)
                    {
                        if bland {
                            entering = Some(j);
                            break;
                        }
                        scored.push((score, j));
                        if beats(score, j, best, entering) {
                            entering = Some(j);
                            best = score;
                        }
                    }
                }
                if !bland && scored.len() > 1 {
                    let k = CANDIDATES.min(scored.len());
                    scored.select_nth_unstable_by(k - 1, |a, b| {
                        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
                    });
                    candidates.extend(scored[..k].iter().map(|&(_, j)| j));
                }
            }
            let Some(q) = entering else {
                if rejected.is_empty() {
                    return Ok(());
                }
                if retried {
                    return Err(SimplexError::Numerical);
                }
                rejected.clear();
                retried = true;
                continue;
            };
            let u = self.ftran(q);
            let mut leave = None;
            let mut ratio = f64::INFINITY;
            let mut size = 0.0;
            for r in 0..m {
                if u[r] > PIVOT_TOL {
                    let t = self.x_b[r].max(0.0) / u[r];
                    let better = t < ratio - 1e-12
                        || (t <= ratio + 1e-12
                            && if bland {
                                leave.is_some_and(|l: usize| self.basis[r] < self.basis[l])
                            } else {
                                u[r] > size
                            });
                    if leave.is_none() || better {
                        leave = Some(r);
                        ratio = t;
                        size = u[r];
                    }
                }
            }
            let Some(r) = leave else {
                return Err(SimplexError::Unbounded);
            };
            degenerate = if ratio <= 1e-12 { degenerate + 1 } else { 0 };
            let out = self.basis[r];
            self.pivot(r, q, &u);
            if u[r] < SMALL_PIVOT && !self.confirm(r, out)? {
                rejected.push(q);
                continue;
            }
            rejected.clear();
            retried = false;
            if self.since_refactor >= HARD_REFACTOR.max(8 * m)
                || (self.since_refactor.is_multiple_of(REFACTOR) && self.residual() > RESIDUAL_TOL)
            {
                self.refactor()?;
            }
        }
        Err(SimplexError::Numerical)
    }

    /// Column j's pricing score `d² / (1 + ‖a‖²)` when it may enter (its
    /// reduced cost `d` is below `-DUAL_TOL`).
    fn score(&self, j: usize, y: &[f64], phase_one: bool) -> Option<f64> {
        if self.in_basis[j] || self.frozen[j] || (!phase_one && self.artificial[j]) {
            return None;
        }
        let d = self.phase_cost(j, phase_one)
            - self.cols[j].iter().map(|&(i, a)| y[i] * a).sum::<f64>();
        (d < -DUAL_TOL).then(|| d * d / self.norm[j])
    }

    /// Whether every basic variable is at least `-FEASIBLE_TOL`.
    fn feasible(&self) -> bool {
        self.x_b.iter().all(|&x| x >= -FEASIBLE_TOL)
    }

    /// Largest `|b − B x_B|`, a measure of the inverse's loss of accuracy.
    fn residual(&self) -> f64 {
        let mut r = self.b.clone();
        for (k, &j) in self.basis.iter().enumerate() {
            let x = self.x_b[k];
            if x != 0.0 {
                for &(i, a) in &self.cols[j] {
                    r[i] -= a * x;
                }
            }
        }
        r.iter().fold(0.0, |acc: f64, v| acc.max(v.abs()))
    }

    fn pivot(&mut self, r: usize, q: usize, u: &[f64]) {
        let m = self.m;
        let theta = self.x_b[r] / u[r];
        for i in 0..m {
            if i != r {
                self.x_b[i] -= theta * u[i];
            }
        }
        self.x_b[r] = theta;
        let pivot = u[r];
        // Row r of the new inverse is row r of the old over the pivot; every
        // other row i loses u[i] times it. Column by column, that is an
        // update only where the column has a nonzero in row r.
        for col in self.binv.chunks_exact_mut(m) {
            let f = col[r];
            if f != 0.0 {
                let g = f / pivot;
                for (v, ui) in col.iter_mut().zip(u) {
                    *v -= ui * g;
                }
                col[r] = g;
            }
        }
        self.in_basis[self.basis[r]] = false;
        self.basis[r] = q;
        self.in_basis[q] = true;
        self.since_refactor += 1;
    }

    /// Confirms the pivot just made in row `r` (column `out` left) by
    /// refactorising; if the new basis is singular, puts `out` back and
    /// refactorises that basis instead. Gives whether the pivot stood.
    fn confirm(&mut self, r: usize, out: usize) -> Result<bool, SimplexError> {
        if self.refactor().is_ok() {
            return Ok(true);
        }
        self.in_basis[self.basis[r]] = false;
        self.basis[r] = out;
        self.in_basis[out] = true;
        self.refactor()?;
        Ok(false)
    }

    /// Recompute `B⁻¹` and `x_B` from the basis (Gauss–Jordan with partial
    /// pivoting).
    fn refactor(&mut self) -> Result<(), SimplexError> {
        let m = self.m;
        let mut a = vec![0.0; m * m];
        for (c, &j) in self.basis.iter().enumerate() {
            for &(i, v) in &self.cols[j] {
                a[i * m + c] = v;
            }
        }
        let mut inv = vec![0.0; m * m];
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        for c in 0..m {
            let p = (c..m)
                .max_by(|&x, &y| a[x * m + c].abs().total_cmp(&a[y * m + c].abs()))
                .unwrap_or(c);
            if a[p * m + c].abs() < 1e-12 {
                return Err(SimplexError::Numerical);
            }
            if p != c {
                for k in 0..m {
                    a.swap(p * m + k, c * m + k);
                    inv.swap(p * m + k, c * m + k);
                }
            }
            let d = a[c * m + c];
            for k in 0..m {
                a[c * m + k] /= d;
                inv[c * m + k] /= d;
            }
            for i in 0..m {
                if i != c {
                    let f = a[i * m + c];
                    if f != 0.0 {
                        for k in 0..m {
                            a[i * m + k] -= f * a[c * m + k];
                            inv[i * m + k] -= f * inv[c * m + k];
                        }
                    }
                }
            }
        }
        // inv is B⁻¹, row-major with rows indexed by basis position.
        for r in 0..m {
            self.x_b[r] = (0..m).map(|i| inv[r * m + i] * self.b[i]).sum();
        }
        for r in 0..m {
            for i in 0..m {
                self.binv[i * m + r] = inv[r * m + i];
            }
        }
        self.since_refactor = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
