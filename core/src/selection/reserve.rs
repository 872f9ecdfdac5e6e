//! The reserve list and replacements after a declined seat.
//!
//! The list is built in rounds: in each round, for every panel member (in a
//! random order) the next not-yet-listed person with exactly the same
//! feature values is appended, people whose household has no panel member
//! first. So the first reserve of a leaving member's kind keeps every quota
//! exactly as it was. When a kind runs out, the list continues with everyone
//! else in random order; [`replacement`] then takes the first reserve that
//! keeps every quota, or reports the gaps of the best one.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::SelectionError;
use super::draw::{Prepared, Targets};
use super::model::Reduced;
use super::pool::Pool;
use super::rng::DrawRng;

/// The reserve order: agent indices not on the panel.
pub(crate) fn order(
    prep: &Prepared,
    reduced: &Reduced,
    chosen: &[usize],
    count: usize,
    rng: &mut DrawRng,
) -> Vec<usize> {
    let n = prep.agents.len();
    let on_panel: BTreeSet<usize> = chosen.iter().copied().collect();
    let panel_households: BTreeSet<usize> = chosen
        .iter()
        .map(|&a| prep.household[prep.agent_pool[a]])
        .collect();
    let ty = |a: usize| reduced.cells[reduced.cell_of[a]].ty;
    let mut by_type: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for a in 0..n {
        if !on_panel.contains(&a) {
            by_type.entry(ty(a)).or_default().push(a);
        }
    }
    for people in by_type.values_mut() {
        let shuffled: Vec<usize> = rng
            .shuffle(people.len())
            .into_iter()
            .map(|i| people[i])
            .collect();
        let (free, shared): (Vec<usize>, Vec<usize>) = shuffled
            .into_iter()
            .partition(|&a| !panel_households.contains(&prep.household[prep.agent_pool[a]]));
        *people = free;
        people.extend(shared);
        people.reverse(); // pop from the end
    }
    let members: Vec<usize> = rng
        .shuffle(chosen.len())
        .into_iter()
        .map(|i| chosen[i])
        .collect();
    let mut out = Vec::new();
    let mut listed = BTreeSet::new();
    'rounds: while out.len() < count {
        let mut added = false;
        for &m in &members {
            if out.len() >= count {
                break 'rounds;
            }
            if let Some(a) = by_type.get_mut(&ty(m)).and_then(Vec::pop) {
                listed.insert(a);
                out.push(a);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    if out.len() < count {
        let rest: Vec<usize> = (0..n)
            .filter(|a| !on_panel.contains(a) && !listed.contains(a))
            .collect();
        for i in rng.shuffle(rest.len()) {
            if out.len() >= count {
                break;
            }
            out.push(rest[i]);
        }
    }
    out
}

/// A quota a panel misses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaGap {
    /// Feature.
    pub feature: String,
    /// Value.
    pub value: String,
    /// People on the panel with the value.
    pub count: u32,
    /// Lower bound.
    pub min: u32,
    /// Upper bound.
    pub max: u32,
}

impl QuotaGap {
    /// Seats short of the minimum plus seats over the maximum.
    pub fn size(&self) -> u32 {
        self.min.saturating_sub(self.count) + self.count.saturating_sub(self.max)
    }
}

/// Who takes a released seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    /// The reserve's id.
    pub id: String,
    /// Position in the reserve list (0-based).
    pub rank: usize,
    /// Whether the panel with them meets every quota.
    pub keeps_quotas: bool,
    /// The quotas missed with them (empty when `keeps_quotas`).
    pub gaps: Vec<QuotaGap>,
}

/// The quotas `panel` (ids) misses.
pub fn quota_gaps(
    pool: &Pool,
    targets: &Targets,
    panel: &[String],
) -> Result<Vec<QuotaGap>, SelectionError> {
    let prep = Prepared::new(pool, targets)?;
    let members = positions(pool, panel)?;
    Ok(gaps(&prep, &members))
}

fn positions(pool: &Pool, ids: &[String]) -> Result<Vec<usize>, SelectionError> {
    ids.iter()
        .map(|id| {
            pool.position(id)
                .ok_or_else(|| SelectionError::UnknownCandidate {
                    id: id.clone(),
                    list: "panel",
                })
        })
        .collect()
}

fn gaps(prep: &Prepared, members: &[usize]) -> Vec<QuotaGap> {
    let mut out = Vec::new();
    for (f, feature) in prep.full.features.iter().enumerate() {
        for (v, q) in feature.values.iter().enumerate() {
            let count = members
                .iter()
                .filter(|&&m| usize::from(prep.values[m][f]) == v)
                .count();
            let count = u32::try_from(count).unwrap_or(u32::MAX);
            if count < q.min || count > q.max {
                out.push(QuotaGap {
                    feature: feature.name.clone(),
                    value: q.value.clone(),
                    count,
                    min: q.min,
                    max: q.max,
                });
            }
        }
    }
    out
}

/// The reserve who takes the seat of `leaving` on `panel`: the first in
/// `reserves` not on the panel, sharing no household with anyone staying,
/// whose entry keeps every quota; when none does, the one with the smallest
/// quota gap (earliest on ties), marked `keeps_quotas: false`. `None` when
/// no reserve can enter at all.
///
/// Every id must be in the pool.
pub fn replacement(
    pool: &Pool,
    targets: &Targets,
    panel: &[String],
    leaving: &str,
    reserves: &[String],
) -> Result<Option<Replacement>, SelectionError> {
    let prep = Prepared::new(pool, targets)?;
    let staying: Vec<usize> = positions(pool, panel)?
        .into_iter()
        .filter(|&m| pool.candidates()[m].id != leaving)
        .collect();
    let households: BTreeSet<usize> = staying.iter().map(|&m| prep.household[m]).collect();
    let mut best: Option<(u32, Replacement)> = None;
    for (rank, r) in positions(pool, reserves)?.into_iter().enumerate() {
        if staying.contains(&r)
            || pool.candidates()[r].id == leaving
            || households.contains(&prep.household[r])
            || prep.excluded.binary_search(&r).is_ok()
        {
            continue;
        }
        let mut with = staying.clone();
        with.push(r);
        let g = gaps(&prep, &with);
        let size: u32 = g.iter().map(QuotaGap::size).sum();
        let candidate = Replacement {
            id: pool.candidates()[r].id.clone(),
            rank,
            keeps_quotas: g.is_empty(),
            gaps: g,
        };
        if size == 0 {
            return Ok(Some(candidate));
        }
        if best.as_ref().is_none_or(|(s, _)| size < *s) {
            best = Some((size, candidate));
        }
    }
    Ok(best.map(|(_, r)| r))
}
