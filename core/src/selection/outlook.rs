//! What a draw will involve, told before it runs: the classes the solver
//! works on, how long that may take, and features that behave like free
//! text.

use serde::{Deserialize, Serialize};

use super::SelectionError;
use super::draw::{Prepared, Targets};
use super::model::Reduced;
use super::pool::Pool;
use crate::plan::selection::Algorithm;

/// Classes above which a LEXIMIN draw is likely to take minutes on one
/// core (BENCHMARKS.md); a MAXIMIN draw stays fast to about
/// [`SLOW_MAXIMIN_CLASSES`].
pub const SLOW_LEXIMIN_CLASSES: u32 = 300;
/// Classes above which a MAXIMIN draw is likely to take minutes.
pub const SLOW_MAXIMIN_CLASSES: u32 = 1500;

/// A draw's outlook ([`outlook`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlook {
    /// People who can be drawn.
    pub drawable: u32,
    /// Classes of interchangeable people the solver will work on (its cost
    /// grows with them, not with the pool).
    pub classes: u32,
    /// Of them, classes of people in shared households (one class per
    /// household make-up and type).
    pub household_classes: u32,
    /// Types: classes when households are set aside (people with the same
    /// feature values). Where households split types into classes in a
    /// pool of 1,000 people or more, the solver works on types and
    /// realises the result under the households, and [`Outlook::slow`] is
    /// judged on types; should that realisation fail (a panel of the
    /// types takes every member of two types who share households), the
    /// household model is solved after all, started from the panels
    /// realised, which may take longer (see BENCHMARKS.md).
    pub types: u32,
    /// Whether the draw is likely to take minutes with this algorithm: run
    /// it with a [`Budget`](super::Budget), or merge values, or use
    /// MAXIMIN.
    pub slow: bool,
    /// Per feature of the targets.
    pub features: Vec<FeatureOutlook>,
}

/// How one feature splits the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureOutlook {
    /// The feature.
    pub feature: String,
    /// Distinct values among the drawable people.
    pub values: u32,
    /// Values whose quota can bind (listed with bounds tighter than
    /// `0..=seats`); only these split people into classes.
    pub binding: u32,
    /// Values held by exactly one drawable person.
    pub alone: u32,
    /// Whether the feature looks like free text: at least 10 values, and
    /// half the people or more hold theirs alone. Its values without a
    /// binding quota are one group to the solver (they constrain nothing);
    /// a plan that lists quotas for such values should group them first
    /// (age bands, districts), or the classes approach the pool's size.
    pub free_text: bool,
}

/// The outlook of a draw of `targets` from `pool`: classes, whether it will
/// be slow, and free-text features.
///
/// ```
/// use openday::selection::{self, synthetic::{InstanceSpec, instance}};
/// let spec = InstanceSpec { pool: 500, seats: 30, features: 4, households: 0.05,
///     tolerance: 0.05, seed: 1, algorithm: Default::default() };
/// let (pool, targets) = instance(&spec);
/// let o = selection::outlook(&pool, &targets).unwrap();
/// assert!(o.classes > 0 && o.classes <= 500);
/// assert_eq!(o.features.len(), 4);
/// assert!(o.features.iter().all(|f| !f.free_text));
/// ```
pub fn outlook(pool: &Pool, targets: &Targets) -> Result<Outlook, SelectionError> {
    let prep = Prepared::new(pool, targets)?;
    let reduced = Reduced::new(&prep.agents, &prep.remaining);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let classes = count(reduced.cells.len());
    let household_classes = count(reduced.cells.iter().filter(|c| c.class.is_some()).count());
    let types = count(reduced.model.types());
    // The classes the solver will carry: types where it takes the coarse
    // route (the same test the solver makes first).
    let work = if reduced.model.coarse_pays() {
        types
    } else {
        classes
    };
    let seats = prep.remaining.seats;
    let people = prep.agents.len();
    let features = prep
        .remaining
        .features
        .iter()
        .enumerate()
        .map(|(f, feature)| {
            let mut holders = vec![0usize; feature.values.len()];
            for a in &prep.agents {
                if let Some(h) = a
                    .values
                    .get(f)
                    .and_then(|&v| holders.get_mut(usize::from(v)))
                {
                    *h += 1;
                }
            }
            let values = holders.iter().filter(|&&h| h > 0).count();
            let alone = holders.iter().filter(|&&h| h == 1).count();
            let binding = feature
                .values
                .iter()
                .filter(|q| !(q.min == 0 && q.max >= seats))
                .count();
            FeatureOutlook {
                feature: feature.name.clone(),
                values: count(values),
                binding: count(binding),
                alone: count(alone),
                free_text: alone >= 10 && alone.saturating_mul(2) >= people,
            }
        })
        .collect();
    let slow = match targets.policy.algorithm {
        Algorithm::Leximin => work > SLOW_LEXIMIN_CLASSES,
        Algorithm::Maximin => classes > SLOW_MAXIMIN_CLASSES,
        Algorithm::Legacy => false,
    };
    Ok(Outlook {
        drawable: count(people),
        classes,
        household_classes,
        types,
        slow,
        features,
    })
}
