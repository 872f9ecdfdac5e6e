//! Spread points moved within types until each meets its household
//! bounds, their weighted sum kept.
//!
//! The coarse route ([`super::coarse`]) spreads each panel on types over
//! the type's classes in proportion to their sizes. Where a household row
//! or a class's cap is then exceeded (a panel with many seats for the
//! types of one household make-up), seats of a type can move from a class
//! in that row to another class of the same type with room; the same
//! amount, weighted, moves back in other points that hold seats in the
//! class left and have room in the class entered. Each point keeps its
//! seats per type, and the lottery's expected seats per class (what makes
//! every person of a type equally likely) do not change. A move only ever
//! uses room, so no point goes over a bound that it met. When no move
//! is found, the caller solves the household model instead.

use super::coarse::row_sum;
use super::solver::Model;

/// Room at or below this is none; a point this far over a bound is over.
const TINY: f64 = 1e-9;
/// Moves tried for one point before giving up (each makes a bound tight
/// or a source empty, so a point needs few).
const MOVES: usize = 4096;

/// The bounds a point must meet: caps, and household rows.
struct Bounds<'a> {
    model: &'a Model,
    /// Each cell's household row, if any.
    end: &'a [Option<usize>],
}

impl Bounds<'_> {
    /// Seats cell `c` of `x` may still take: to its cap and to its
    /// household row's bound (negative when over either).
    fn room(&self, x: &[f64], c: usize) -> f64 {
        self.room_within(x, c, |k| row_sum(self.model, x, k))
    }

    /// [`Self::room`], with each household row's sum from `row`.
    fn room_within(&self, x: &[f64], c: usize, row: impl Fn(usize) -> f64) -> f64 {
        let cap = f64::from(self.model.cap[c]) - x[c];
        match self.end[c] {
            Some(k) => cap.min(f64::from(self.model.couplings[k].hi) - row(k)),
            None => cap,
        }
    }

    /// The cell of `x` furthest over a bound, and by how much (each
    /// household row summed once).
    fn worst(&self, x: &[f64]) -> Option<(usize, f64)> {
        let sums: Vec<f64> = (0..self.model.couplings.len())
            .map(|k| row_sum(self.model, x, k))
            .collect();
        (0..x.len())
            .map(|c| (c, -self.room_within(x, c, |k| sums[k])))
            .filter(|&(_, over)| over > TINY)
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Whether `x` is over a cap or a household row (`end`: each cell's row).
pub(super) fn over(model: &Model, end: &[Option<usize>], x: &[f64]) -> bool {
    Bounds { model, end }.worst(x).is_some()
}

/// Moves seats within types between the points `xs` (weights `weights`)
/// until every point meets its caps and household rows; `false` when
/// some point cannot be brought within them this way (the others are
/// still brought within theirs where they can be). `end` gives each
/// cell's household row, `by_type` the cells of each type.
pub(super) fn respread(
    model: &Model,
    end: &[Option<usize>],
    by_type: &[Vec<usize>],
    xs: &mut [Vec<f64>],
    weights: &[f64],
) -> bool {
    let b = Bounds { model, end };
    let mut all = true;
    for i in 0..xs.len() {
        for _ in 0..MOVES {
            let Some((h, over)) = b.worst(&xs[i]) else {
                break;
            };
            if !step(&b, by_type, xs, weights, i, h, over) {
                break;
            }
        }
        all &= b.worst(&xs[i]).is_none();
    }
    all
}

/// One move out of the bound of cell `h` in point `i` (over it by
/// `over`), made good in other points; `false` when none is found.
fn step(
    b: &Bounds<'_>,
    by_type: &[Vec<usize>],
    xs: &mut [Vec<f64>],
    weights: &[f64],
    i: usize,
    h: usize,
    over: f64,
) -> bool {
    let model = b.model;
    // Seats leave `h` itself when it is over its cap, else any cell of its
    // household row.
    let sources: Vec<usize> = match b.end[h] {
        Some(k) if f64::from(model.cap[h]) - xs[i][h] >= -TINY => model.couplings[k].cells.clone(),
        _ => vec![h],
    };
    let wi = weights[i];
    if wi <= 0.0 {
        return false;
    }
    for &u in &sources {
        if xs[i][u] <= TINY {
            continue;
        }
        for &s in &by_type[model.ty[u]] {
            if s == u || (b.end[s].is_some() && b.end[s] == b.end[u]) {
                continue;
            }
            let room = b.room(&xs[i], s);
            if room <= TINY {
                continue;
            }
            // Points that can take seats back from `s` into `u`.
            let back: Vec<(usize, f64)> = (0..xs.len())
                .filter(|&j| j != i && weights[j] > 0.0)
                .map(|j| (j, xs[j][s].min(b.room(&xs[j], u))))
                .filter(|&(_, can)| can > TINY)
                .collect();
            let total: f64 = back.iter().map(|&(j, can)| weights[j] * can).sum();
            let d = over.min(xs[i][u]).min(room).min(total / wi);
            if d <= TINY {
                continue;
            }
            xs[i][u] -= d;
            xs[i][s] += d;
            let mut need = d * wi;
            for (j, can) in back {
                if need <= 0.0 {
                    break;
                }
                let take = can.min(need / weights[j]);
                xs[j][s] -= take;
                xs[j][u] += take;
                need -= take * weights[j];
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::solver::{Model, Row};
    use super::{over, respread};

    /// Types 0 and 1: three single people each (cells 0 and 2), and one
    /// household of two, one person of each type (cells 1 and 3, in one
    /// household row: at most one of them on a panel).
    fn model() -> Model {
        Model {
            seats: 6,
            size: vec![3, 1, 3, 1],
            cap: vec![3, 1, 3, 1],
            ty: vec![0, 0, 1, 1],
            rows: vec![
                Row {
                    lo: 0,
                    hi: 6,
                    cells: vec![0, 1],
                },
                Row {
                    lo: 0,
                    hi: 6,
                    cells: vec![2, 3],
                },
            ],
            couplings: vec![Row {
                lo: 0,
                hi: 1,
                cells: vec![1, 3],
            }],
        }
    }

    fn type_sums(x: &[f64]) -> [f64; 2] {
        [x[0] + x[1], x[2] + x[3]]
    }

    #[test]
    fn seats_move_within_types_and_back_in_another_point() {
        let m = model();
        let end = [None, Some(0), None, Some(0)];
        let by_type = [vec![0, 1], vec![2, 3]];
        // Three seats of each type spread in proportion put 0.75 + 0.75
        // on the household row; two seats of type 0 alone put 0.5 there.
        let before = vec![vec![2.25, 0.75, 2.25, 0.75], vec![1.5, 0.5, 0.0, 0.0]];
        let weights = [0.5, 0.5];
        assert!(over(&m, &end, &before[0]));
        let mut xs = before.clone();
        assert!(respread(&m, &end, &by_type, &mut xs, &weights));
        for (x, b) in xs.iter().zip(&before) {
            assert!(!over(&m, &end, x), "{x:?}");
            assert!(x.iter().all(|&v| v >= 0.0));
            let (kept, was) = (type_sums(x), type_sums(b));
            assert!(
                (kept[0] - was[0]).abs() < 1e-12 && (kept[1] - was[1]).abs() < 1e-12,
                "seats per type kept: {x:?}"
            );
        }
        for c in 0..4 {
            let mean = |p: &[Vec<f64>]| p.iter().zip(&weights).map(|(x, w)| w * x[c]).sum::<f64>();
            assert!(
                (mean(&xs) - mean(&before)).abs() < 1e-12,
                "cell {c}: {xs:?}"
            );
        }
    }

    /// With no other point to take seats back, nothing can move.
    #[test]
    fn a_point_over_a_bound_with_no_way_back_is_refused() {
        let m = model();
        let end = [None, Some(0), None, Some(0)];
        let by_type = [vec![0, 1], vec![2, 3]];
        let mut xs = vec![vec![2.25, 0.75, 2.25, 0.75], vec![0.0; 4]];
        assert!(!respread(&m, &end, &by_type, &mut xs, &[0.5, 0.5]));
    }
}
