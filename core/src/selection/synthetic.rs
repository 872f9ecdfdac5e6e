//! Synthetic selection instances for tests, benchmarks and comparisons.
//!
//! Pools are drawn from skewed distributions (as registrations are: more
//! older, more urban, more retired people than the population) while the
//! quotas follow population shares with a tolerance, so balancing is
//! actually needed and selection probabilities differ.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

use super::draw::Targets;
use super::pool::{Candidate, Pool};
use crate::plan::selection::{Algorithm, FeaturePolicy, FeatureSource, Quota, SelectionPolicy};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSpec {
    /// People in the pool.
    pub pool: u32,
    /// Seats.
    pub seats: u32,
    /// Features (1 to 7).
    pub features: u32,
    /// Share of people living with another pool member (households of
    /// two), `0.0..=1.0`.
    pub households: f64,
    /// Quota tolerance around the population share, as a fraction of seats.
    pub tolerance: f64,
    /// Seed of the ChaCha20 stream.
    pub seed: u64,
    /// Algorithm written into the targets.
    #[serde(default)]
    pub algorithm: Algorithm,
}

/// A value with its pool weight and population share.
type Value = (&'static str, f64, f64);

/// Features and their values.
const FEATURES: &[(&str, &[Value])] = &[
    (
        "district",
        &[
            ("原州区", 0.46, 0.34),
            ("西吉县", 0.14, 0.22),
            ("隆德县", 0.12, 0.12),
            ("泾源县", 0.08, 0.08),
            ("彭阳县", 0.20, 0.24),
        ],
    ),
    ("gender", &[("F", 0.41, 0.5), ("M", 0.59, 0.5)]),
    (
        "age",
        &[
            ("18-34", 0.16, 0.30),
            ("35-49", 0.28, 0.28),
            ("50-64", 0.36, 0.25),
            ("65+", 0.20, 0.17),
        ],
    ),
    (
        "occupation",
        &[
            ("企业职工", 0.24, 0.26),
            ("个体经营", 0.18, 0.14),
            ("农民", 0.12, 0.26),
            ("退休人员", 0.30, 0.16),
            ("学生", 0.04, 0.08),
            ("公职人员", 0.12, 0.10),
        ],
    ),
    (
        "education",
        &[
            ("初中及以下", 0.22, 0.42),
            ("高中", 0.28, 0.28),
            ("大专", 0.24, 0.16),
            ("本科及以上", 0.26, 0.14),
        ],
    ),
    ("channel", &[("phone", 0.62, 0.5), ("in_person", 0.38, 0.5)]),
    (
        "housing",
        &[
            ("owner", 0.71, 0.58),
            ("renter", 0.23, 0.34),
            ("other", 0.06, 0.08),
        ],
    ),
];

/// A pool and targets for `spec`.
///
/// ```
/// use openday::selection::{self, synthetic::{InstanceSpec, instance}};
/// let spec = InstanceSpec { pool: 200, seats: 20, features: 3, households: 0.2,
///     tolerance: 0.05, seed: 7, algorithm: Default::default() };
/// let (pool, targets) = instance(&spec);
/// assert_eq!(pool.len(), 200);
/// let draw = selection::draw(&pool, &targets, "seed").unwrap();
/// assert_eq!(draw.panel.len(), 20);
/// ```
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn instance(spec: &InstanceSpec) -> (Pool, Targets) {
    let mut rng = ChaCha20Rng::seed_from_u64(spec.seed);
    let features = &FEATURES[..(spec.features as usize).clamp(1, FEATURES.len())];
    let mut candidates: Vec<Candidate> = (0..spec.pool)
        .map(|i| Candidate {
            id: format!("c{i:06}"),
            values: features
                .iter()
                .map(|(_, values)| {
                    let mut u: f64 = rng.random();
                    for (v, w, _) in *values {
                        if u < *w {
                            return (*v).to_owned();
                        }
                        u -= w;
                    }
                    values[values.len() - 1].0.to_owned()
                })
                .collect(),
            household: None,
        })
        .collect();
    let paired = (f64::from(spec.pool) * spec.households.clamp(0.0, 1.0)) as usize / 2 * 2;
    for i in (0..paired).step_by(2) {
        let h = format!("h{i:06}");
        candidates[i].household = Some(h.clone());
        candidates[i + 1].household = Some(h);
    }
    let policy = SelectionPolicy {
        seats: None,
        features: features
            .iter()
            .map(|(name, values)| FeaturePolicy {
                name: (*name).to_owned(),
                from: FeatureSource::Attribute((*name).to_owned()),
                quotas: values
                    .iter()
                    .map(|(v, _, share)| {
                        (
                            (*v).to_owned(),
                            Quota {
                                share: Some(*share),
                                tolerance: Some(spec.tolerance),
                                ..Quota::default()
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
        household: (spec.households > 0.0).then(|| "household".to_owned()),
        reserves: None,
        algorithm: spec.algorithm,
    };
    let names = features.iter().map(|(n, _)| (*n).to_owned()).collect();
    let pool = Pool::new(names, candidates).expect("generated ids are unique");
    (pool, Targets::new(spec.seats, policy))
}
