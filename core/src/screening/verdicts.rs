//! Failures written once per distinct cause: most ineligible rows fail for
//! a reason many others share (the same district outside the area, the
//! same age), so each row is recognised by the causes of its failures and
//! takes the outcome already written for them.

use std::collections::HashMap;
use std::hash::BuildHasher;

use super::Outcome;
use super::store::{Rows, Seeded};
use crate::eligibility::{Cause, Evaluator, Key};

/// A failure's rule position and cause, its texts kept.
type Kept = (Option<usize>, Cause<Box<str>>);

/// Kept causes of one row, with the symbol of the outcome they make.
type Seen = (Box<[Kept]>, u32);

/// The outcome symbol of each distinct list of causes seen so far.
#[derive(Default)]
pub(super) struct Verdicts {
    /// By the hash of the causes as evaluation found them.
    by_hash: HashMap<u64, Vec<Seen>, Seeded>,
    state: Seeded,
}

impl Verdicts {
    /// The outcome symbol of a row whose failures have these causes
    /// (at least one): written into failures and interned in `rows` the
    /// first time, found again without writing afterwards.
    pub(super) fn symbol(
        &mut self,
        evaluator: &Evaluator,
        causes: Vec<Key<'_>>,
        rows: &mut Rows,
    ) -> u32 {
        let hash = self.state.hash_one(&causes[..]);
        let seen = self.by_hash.entry(hash).or_default();
        let same = |kept: &[Kept]| {
            kept.len() == causes.len()
                && kept
                    .iter()
                    .zip(&causes)
                    .all(|((a, x), (b, y))| a == b && x.same(y))
        };
        if let Some((_, symbol)) = seen.iter().find(|(kept, _)| same(kept)) {
            return *symbol;
        }
        let kept = causes.iter().map(|(at, c)| (*at, c.to_kept())).collect();
        let failures = evaluator.write_all(causes);
        let symbol = rows.intern(Outcome::Ineligible { failures });
        seen.push((kept, symbol));
        symbol
    }
}
