//! Commit–reveal of the public seed, the published draw record, and its
//! verification.
//!
//! Before the draw the office publishes [`SeedCommitment::of`] its seed (a
//! SHA-256 digest); after the draw it publishes the seed and the
//! [`DrawRecord`]. Anyone holding the pool and targets (or their digests,
//! to check they are the ones used) can call [`verify`].

use serde::{Deserialize, Serialize};

use super::SelectionError;
use super::budget::Budget;
use super::draw::{Draw, Targets, draw_within};
use super::pool::Pool;
use super::rng::sha256_hex;
use crate::plan::selection::Algorithm;

/// The draw method this version implements. A record with another method
/// is refused by [`verify`] rather than re-run differently.
pub const METHOD: &str = "openday-draw/9 (chacha20, sha256 key, leximin column generation with stabilised pricing, fixed classes' rows as equalities, households realised from types and respread or started from them, panels good enough, a pivot that leaves the basis singular undone)";

/// A SHA-256 commitment to a seed, published before the draw.
///
/// ```
/// use openday::selection::SeedCommitment;
/// let c = SeedCommitment::of("2025-09-20 福彩3D 第2025254期 317");
/// assert!(c.matches("2025-09-20 福彩3D 第2025254期 317"));
/// assert!(!c.matches("2025-09-20 福彩3D 第2025254期 318"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedCommitment {
    /// Lower-case hex SHA-256 of the seed's UTF-8 bytes.
    pub sha256: String,
}

impl SeedCommitment {
    /// The commitment to `seed`.
    pub fn of(seed: &str) -> Self {
        Self {
            sha256: sha256_hex(seed.as_bytes()),
        }
    }

    /// Whether `seed` is the committed one.
    pub fn matches(&self, seed: &str) -> bool {
        Self::of(seed).sha256 == self.sha256.to_ascii_lowercase()
    }
}

/// What an office publishes after a draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRecord {
    /// The draw method ([`METHOD`]).
    pub method: String,
    /// Algorithm.
    pub algorithm: Algorithm,
    /// Seats.
    pub seats: u32,
    /// The revealed seed.
    pub seed: String,
    /// SHA-256 of the seed, as committed before the draw.
    pub commitment: String,
    /// SHA-256 of the pool ([`Pool::digest`]).
    pub pool_digest: String,
    /// SHA-256 of the targets ([`Targets::digest`]).
    pub targets_digest: String,
    /// Ids on the panel, sorted.
    pub panel: Vec<String>,
    /// Reserve list in order.
    pub reserves: Vec<String>,
    /// When a [`Budget`] or a stop cut the solve short: the
    /// round at which it stopped, which [`verify`] re-runs exactly.
    /// Absent for a draw that ran to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_after_rounds: Option<u32>,
}

/// Why a record does not verify.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The record was made by another draw method.
    #[error("the record uses method {found:?}; this openday re-runs {expected:?} only")]
    Method {
        /// Method in the record.
        found: String,
        /// Method of this version.
        expected: &'static str,
    },
    /// The seed does not match its commitment.
    #[error("the seed does not match the published commitment {commitment}")]
    Commitment {
        /// The commitment in the record.
        commitment: String,
    },
    /// The pool is not the one drawn from.
    #[error(
        "the pool's digest is {actual}, the record's {expected}: not the pool that was drawn from"
    )]
    Pool {
        /// Digest in the record.
        expected: String,
        /// Digest of the given pool.
        actual: String,
    },
    /// The targets are not the ones used.
    #[error(
        "the targets' digest is {actual}, the record's {expected}: not the targets that were used"
    )]
    Targets {
        /// Digest in the record.
        expected: String,
        /// Digest of the given targets.
        actual: String,
    },
    /// Re-running gives another panel or reserve list.
    #[error(
        "re-running the draw gives a different {what}: first difference at position {position}"
    )]
    Differs {
        /// `panel`, `reserves`, `seats`, `algorithm` or `rounds`.
        what: &'static str,
        /// 0-based position of the first difference.
        position: usize,
    },
    /// The draw itself failed.
    #[error(transparent)]
    Draw(#[from] SelectionError),
}

impl VerifyError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Method { .. } => "method",
            Self::Commitment { .. } => "commitment",
            Self::Pool { .. } => "pool",
            Self::Targets { .. } => "targets",
            Self::Differs { .. } => "differs",
            Self::Draw(e) => e.code(),
        }
    }
}

fn first_difference(a: &[String], b: &[String]) -> Option<usize> {
    if a == b {
        return None;
    }
    Some(a.iter().zip(b).take_while(|(x, y)| x == y).count())
}

/// Re-derive the draw of `record` from `pool` and `targets` and check that
/// it is the published one; gives the re-run draw.
pub fn verify(record: &DrawRecord, pool: &Pool, targets: &Targets) -> Result<Draw, VerifyError> {
    if record.method != METHOD {
        return Err(VerifyError::Method {
            found: record.method.clone(),
            expected: METHOD,
        });
    }
    if !SeedCommitment::of(&record.seed)
        .sha256
        .eq_ignore_ascii_case(&record.commitment)
    {
        return Err(VerifyError::Commitment {
            commitment: record.commitment.clone(),
        });
    }
    let actual = pool.digest();
    if actual != record.pool_digest {
        return Err(VerifyError::Pool {
            expected: record.pool_digest.clone(),
            actual,
        });
    }
    let actual = targets.digest();
    if actual != record.targets_digest {
        return Err(VerifyError::Targets {
            expected: record.targets_digest.clone(),
            actual,
        });
    }
    let budget = Budget {
        max_seconds: None,
        max_rounds: record.stopped_after_rounds,
    };
    let again = draw_within(pool, targets, &record.seed, budget, &mut |_| true)?;
    if again.record.stopped_after_rounds != record.stopped_after_rounds {
        return Err(VerifyError::Differs {
            what: "rounds",
            position: 0,
        });
    }
    if again.record.seats != record.seats {
        return Err(VerifyError::Differs {
            what: "seats",
            position: 0,
        });
    }
    if again.record.algorithm != record.algorithm {
        return Err(VerifyError::Differs {
            what: "algorithm",
            position: 0,
        });
    }
    if let Some(position) = first_difference(&again.panel, &record.panel) {
        return Err(VerifyError::Differs {
            what: "panel",
            position,
        });
    }
    if let Some(position) = first_difference(&again.reserves, &record.reserves) {
        return Err(VerifyError::Differs {
            what: "reserves",
            position,
        });
    }
    Ok(again)
}
