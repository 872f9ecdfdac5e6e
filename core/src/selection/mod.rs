//! Balanced selection: a fair, auditable lottery that meets every quota.
//!
//! The plan's `selection` section names the features to balance (district,
//! age band, gender, occupation, channel …) with bounds per value, and
//! optionally a household field (at most one person per household). A draw
//! computes a distribution over quota-feasible panels, draws one panel from
//! it with a public seed, and orders a reserve list for replacements.
//!
//! - [`Algorithm::Leximin`] (default) maximises the smallest selection
//!   probability, then the next smallest, and so on: Flanigan, Gölz, Gupta,
//!   Hennig and Procaccia, "Fair algorithms for selecting citizens'
//!   assemblies", Nature 596 (2021). It is solved by column generation with
//!   an exact integer-programming oracle on a model reduced by symmetry
//!   (people with the same features and household make-up are
//!   interchangeable), so a pool of 1,000 takes a fraction of a second.
//! - [`Algorithm::Maximin`] stops after the smallest probability.
//! - [`Algorithm::Legacy`] is the older greedy draw, for comparison.
//!
//! Randomness is ChaCha20 keyed by SHA-256 of a public seed; people are
//! processed in id order, so input order does not matter, and
//! [`verify`] re-derives a published [`DrawRecord`].
//!
//! ```
//! use openday::selection::{self, Candidate, Pool, SelectionPolicy, Targets};
//! let policy: SelectionPolicy = serde_json::from_str(r#"{"features": [
//!   {"name": "gender", "from": {"attribute": "gender"},
//!    "quotas": {"F": {"min": 2, "max": 2}, "M": {"min": 2, "max": 2}}}]}"#).unwrap();
//! let people = (0..10).map(|i| Candidate {
//!     id: format!("c{i:02}"),
//!     values: vec![if i < 3 { "F" } else { "M" }.into()],
//!     household: None,
//! });
//! let pool = Pool::new(vec!["gender".into()], people.collect()).unwrap();
//! let targets = Targets::new(4, policy);
//! let draw = selection::draw(&pool, &targets, "2025-09-01 public seed").unwrap();
//! assert_eq!(draw.panel.len(), 4);
//! // Women are 3 of 10 but take 2 of 4 seats: 2/3 each; men 2/7 each.
//! let p = |id: &str| draw.probability(id).unwrap();
//! assert!((p("c00") - 2.0 / 3.0).abs() < 1e-6);
//! assert!((p("c09") - 2.0 / 7.0).abs() < 1e-6);
//! selection::verify(&draw.record, &pool, &targets).unwrap();
//! ```

mod audit;
mod budget;
mod coarse;
mod diagnose;
mod draw;
mod legacy;
mod model;
mod oracle;
mod outlook;
mod pool;
mod reserve;
mod respread;
mod rng;
mod simplex;
mod solver;
pub mod synthetic;
mod targets;

pub use audit::{DrawRecord, METHOD, SeedCommitment, VerifyError, verify};
pub use budget::Budget;
pub use diagnose::{QuotaConflict, Relaxation};
pub use draw::{
    ANY_VALUE, Draw, DrawStats, GroupCount, QuotaLine, SupportPanel, Targets, draw,
    draw_with_progress, draw_within,
};
pub use outlook::{FeatureOutlook, Outlook, SLOW_LEXIMIN_CLASSES, SLOW_MAXIMIN_CLASSES, outlook};
pub use pool::{Candidate, MISSING, Origin, Pool, PseudonymKey, pseudonym};
pub use reserve::{QuotaGap, Replacement, quota_gaps, replacement};
pub use solver::Progress;
pub use targets::{ResolvedFeature, ResolvedTargets, ValueQuota};

pub use crate::plan::selection::{Algorithm, FeaturePolicy, FeatureSource, Quota, SelectionPolicy};

/// Why a draw could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SelectionError {
    /// No pseudonym key was given with the registrations.
    #[error(
        "no pseudonym key: screen the registrations with the organiser's secret key (pseudonym_key), so the published pool ids reveal nobody"
    )]
    NoPseudonymKey,
    /// The plan's `selection` (or another section the draw needs) has
    /// errors; they are listed.
    #[error(
        "the plan has {} error(s) that block the draw:\n{}",
        problems.len(),
        problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
    )]
    PlanBlocked {
        /// The blocking errors.
        problems: Vec<crate::plan::Problem>,
    },
    /// The plan has no `selection` section.
    #[error("the plan has no `selection` section; add one with the features to balance")]
    NoPolicy,
    /// A candidate is malformed.
    #[error("candidate {index} ({id}): {reason}")]
    BadCandidate {
        /// 0-based position in the input.
        index: usize,
        /// Its id as given.
        id: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// Two candidates share an id.
    #[error("two candidates have the id {id}; ids must be unique")]
    DuplicateCandidate {
        /// The id.
        id: String,
    },
    /// The pool's features are not the targets'.
    #[error(
        "the pool has features [{pool}] but the targets name [{targets}]; build the pool from the same targets"
    )]
    FeatureMismatch {
        /// The pool's features, comma-separated.
        pool: String,
        /// The targets' features, comma-separated.
        targets: String,
    },
    /// A reserved or excluded id is not in the pool.
    #[error("{list} id {id} is not in the pool")]
    UnknownCandidate {
        /// The id.
        id: String,
        /// `reserved` or `excluded`.
        list: &'static str,
    },
    /// A quota's bounds are inconsistent.
    #[error("quota {feature}={value}: {reason}")]
    BadQuota {
        /// Feature.
        feature: String,
        /// Value.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// Fewer households (or people) than seats.
    #[error(
        "{seats} seats but only {available} can be drawn together (one per household); lower the seats or widen the pool"
    )]
    PoolTooSmall {
        /// Seats to fill.
        seats: u32,
        /// Largest panel the pool allows.
        available: u32,
    },
    /// No panel meets every quota.
    #[error(
        "no panel meets every quota: {}; smallest relaxation: {}",
        list(conflicts),
        list(relaxation)
    )]
    Infeasible {
        /// The conflicting quotas.
        conflicts: Vec<QuotaConflict>,
        /// The smallest change of bounds (in seats) that makes a draw possible.
        relaxation: Vec<Relaxation>,
    },
    /// The progress callback asked to stop.
    #[error("the draw was cancelled")]
    Cancelled,
    /// A [`Budget`] value is not usable.
    #[error("budget: {reason}")]
    BadBudget {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// The LP solver failed (a bug or numerical trouble; please report it).
    #[error("the solver failed: {message}")]
    Solver {
        /// The solver's message.
        message: String,
    },
}

/// The families of [`SelectionError`], for bindings that raise one class
/// per family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No panel can meet the quotas (or the pool is too small).
    Infeasible,
    /// A candidate or the pool's shape is wrong.
    Pool,
    /// The caller cancelled.
    Cancelled,
    /// Anything else (targets, solver).
    Other,
}

impl SelectionError {
    /// The error's family.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Infeasible { .. } | Self::PoolTooSmall { .. } => ErrorKind::Infeasible,
            Self::BadCandidate { .. }
            | Self::DuplicateCandidate { .. }
            | Self::FeatureMismatch { .. }
            | Self::UnknownCandidate { .. } => ErrorKind::Pool,
            Self::Cancelled => ErrorKind::Cancelled,
            Self::NoPolicy
            | Self::NoPseudonymKey
            | Self::PlanBlocked { .. }
            | Self::BadQuota { .. }
            | Self::BadBudget { .. }
            | Self::Solver { .. } => ErrorKind::Other,
        }
    }

    /// The conflicts and smallest relaxation of an infeasible draw (empty
    /// for other errors).
    pub fn infeasibility(&self) -> (&[QuotaConflict], &[Relaxation]) {
        match self {
            Self::Infeasible {
                conflicts,
                relaxation,
            } => (conflicts, relaxation),
            _ => (&[], &[]),
        }
    }

    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoPolicy => "no_policy",
            Self::PlanBlocked { .. } => "plan_blocked",
            Self::NoPseudonymKey => "no_pseudonym_key",
            Self::BadCandidate { .. } => "bad_candidate",
            Self::DuplicateCandidate { .. } => "duplicate_candidate",
            Self::FeatureMismatch { .. } => "feature_mismatch",
            Self::UnknownCandidate { .. } => "unknown_candidate",
            Self::BadQuota { .. } => "bad_quota",
            Self::PoolTooSmall { .. } => "pool_too_small",
            Self::Infeasible { .. } => "infeasible",
            Self::Cancelled => "cancelled",
            Self::BadBudget { .. } => "bad_budget",
            Self::Solver { .. } => "solver",
        }
    }
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "none found".to_owned();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
