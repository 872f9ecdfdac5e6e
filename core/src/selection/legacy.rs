//! The Sortition Foundation's older greedy draw ("legacy"), for comparison.
//!
//! Seat by seat, it takes the feature value with the largest ratio of
//! missing minimum to people remaining, draws a person with that value
//! uniformly, then removes the person's household and everyone whose value
//! has reached its maximum. A dead end restarts the draw (up to
//! [`ATTEMPTS`] times). It is fast but unfair: some people get a small
//! fraction of the chance others get, which [`estimate`] measures by
//! repeating the draw.

use super::SelectionError;
use super::draw::Prepared;
use super::rng::DrawRng;

/// Restarts before giving up.
pub(crate) const ATTEMPTS: u32 = 100;
/// Repetitions used to estimate the legacy draw's probabilities.
pub(crate) const ESTIMATE_RUNS: u32 = 2000;

/// One panel (agent indices, sorted).
pub(crate) fn draw(prep: &Prepared, rng: &mut DrawRng) -> Result<Vec<usize>, SelectionError> {
    for _ in 0..ATTEMPTS {
        if let Some(panel) = attempt(prep, rng) {
            return Ok(panel);
        }
    }
    Err(SelectionError::Solver {
        message: format!(
            "the legacy greedy draw reached a dead end {ATTEMPTS} times; use leximin, which finds a panel whenever one exists"
        ),
    })
}

#[allow(clippy::needless_range_loop)]
fn attempt(prep: &Prepared, rng: &mut DrawRng) -> Option<Vec<usize>> {
    let n = prep.agents.len();
    let features = &prep.remaining.features;
    let mut alive = vec![true; n];
    let mut selected: Vec<Vec<u32>> = features.iter().map(|f| vec![0; f.values.len()]).collect();
    let mut panel = Vec::new();
    for _ in 0..prep.remaining.seats {
        let mut remaining: Vec<Vec<u32>> =
            features.iter().map(|f| vec![0; f.values.len()]).collect();
        for a in (0..n).filter(|&a| alive[a]) {
            for (f, &v) in prep.agents[a].values.iter().enumerate() {
                remaining[f][usize::from(v)] += 1;
            }
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for (f, feature) in features.iter().enumerate() {
            for (v, q) in feature.values.iter().enumerate() {
                let left = remaining[f][v];
                if selected[f][v] < q.min && left == 0 {
                    return None;
                }
                if left > 0 {
                    let ratio = (f64::from(q.min) - f64::from(selected[f][v])) / f64::from(left);
                    if best.is_none_or(|(r, _, _)| ratio > r) {
                        best = Some((ratio, f, v));
                    }
                }
            }
        }
        let (_, f, v) = best?;
        let with: Vec<usize> = (0..n)
            .filter(|&a| alive[a] && usize::from(prep.agents[a].values[f]) == v)
            .collect();
        let pick = with[usize::try_from(rng.below(with.len() as u64)).unwrap_or(0)];
        panel.push(pick);
        for (g, &w) in prep.agents[pick].values.iter().enumerate() {
            selected[g][usize::from(w)] += 1;
        }
        let home = prep.agents[pick].household;
        for a in 0..n {
            if !alive[a] {
                continue;
            }
            let full = prep.agents[a].values.iter().enumerate().any(|(g, &w)| {
                selected[g][usize::from(w)] >= features[g].values[usize::from(w)].max
            });
            if a == pick || full || (home.is_some() && prep.agents[a].household == home) {
                alive[a] = false;
            }
        }
    }
    let met = features.iter().enumerate().all(|(f, feature)| {
        feature
            .values
            .iter()
            .enumerate()
            .all(|(v, q)| (q.min..=q.max).contains(&selected[f][v]))
    });
    met.then(|| {
        panel.sort_unstable();
        panel
    })
}

/// Selection frequency of each agent over `runs` legacy draws.
pub(crate) fn estimate(prep: &Prepared, seed: &str, runs: u32) -> Result<Vec<f64>, SelectionError> {
    let mut rng = DrawRng::new(seed, "legacy-estimate");
    let mut hits = vec![0u32; prep.agents.len()];
    for _ in 0..runs {
        for a in draw(prep, &mut rng)? {
            hits[a] += 1;
        }
    }
    Ok(hits
        .into_iter()
        .map(|h| f64::from(h) / f64::from(runs))
        .collect())
}
