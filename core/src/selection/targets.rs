//! Selection targets as written in the plan (`selection`), and resolved to
//! whole-number bounds for a number of seats.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which distribution over panels the lottery uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Maximise the smallest selection probability, then the second
    /// smallest, and so on (Flanigan et al. 2021). The default.
    #[default]
    Leximin,
    /// Maximise the smallest selection probability only.
    Maximin,
    /// The Sortition Foundation's older greedy draw: fills the most urgent
    /// quota first. For comparison; its probabilities are estimated by
    /// repeated draws.
    Legacy,
}

impl Algorithm {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Leximin => "leximin",
            Self::Maximin => "maximin",
            Self::Legacy => "legacy",
        }
    }
}

/// Balanced-selection targets (`selection` in the plan).
///
/// ```
/// use openday::selection::SelectionPolicy;
/// let policy: SelectionPolicy = serde_json::from_str(r#"{
///   "features": [
///     {"name": "gender", "from": {"attribute": "gender"},
///      "quotas": {"F": {"share": 0.5, "tolerance": 0.05}, "M": {"share": 0.5, "tolerance": 0.05}}},
///     {"name": "age", "from": {"age_bands": [18, 35, 50, 65]},
///      "quotas": {"65+": {"min": 2}}}
///   ],
///   "household": "address"
/// }"#).unwrap();
/// assert_eq!(policy.features.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectionPolicy {
    /// Seats to fill; defaults to the plan's `seats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// Features to balance, each with quotas per value.
    #[serde(default)]
    pub features: Vec<FeaturePolicy>,
    /// At most one person per household, households being people with the
    /// same value of this field (`address`, or any attribute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
    /// Length of the reserve list; defaults to the number of seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserves: Option<u32>,
    /// The lottery's algorithm.
    #[serde(default)]
    pub algorithm: Algorithm,
}

/// One feature to balance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeaturePolicy {
    /// Name shown in quota tables, e.g. `district`.
    pub name: String,
    /// Where each person's value comes from.
    pub from: FeatureSource,
    /// Bounds per value. A value present in the pool but not listed here
    /// may take any number of seats.
    #[serde(default)]
    pub quotas: BTreeMap<String, Quota>,
}

/// Where a feature's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FeatureSource {
    /// A registrant field (`district`, `work_district`, `gender`,
    /// `occupation`, `channel`) or a free attribute column.
    Attribute(String),
    /// Age on the event date, banded by cut points: `[18, 35, 50, 65]` gives
    /// `18-34`, `35-49`, `50-64` and `65+` (and `<18` below the first).
    AgeBands(Vec<u32>),
}

/// Bounds on one value's seats: `min`/`max` counts, or a `share` of the
/// seats with a `tolerance` (both fractions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// At least this many seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// At most this many seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Target share of the seats, `0.0..=1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Allowed deviation from `share`, as a fraction of the seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
}

impl Quota {
    /// Whole-number bounds for `seats`: `min`/`max` as written (default 0
    /// and `seats`), or for a share `⌈(s−t)·k⌉ ..= ⌊(s+t)·k⌋`, widened to
    /// the nearest whole number when that range is empty.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    pub fn bounds(&self, seats: u32) -> (u32, u32) {
        if let Some(share) = self.share {
            let k = f64::from(seats);
            let tol = self.tolerance.unwrap_or(0.0);
            let lo = ((share - tol) * k - 1e-9).ceil().clamp(0.0, k) as u32;
            let hi = ((share + tol) * k + 1e-9).floor().clamp(0.0, k) as u32;
            if lo <= hi {
                return (lo, hi);
            }
            let exact = share * k;
            return (exact.floor() as u32, (exact.ceil() as u32).min(seats));
        }
        (self.min.unwrap_or(0), self.max.unwrap_or(seats).min(seats))
    }
}

/// One value's resolved bounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueQuota {
    /// The value.
    pub value: String,
    /// At least.
    pub min: u32,
    /// At most.
    pub max: u32,
    /// Whether the plan lists the value (else it is open: `0..=seats`).
    pub listed: bool,
}

/// A feature with resolved bounds for every value in the pool or the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedFeature {
    /// Feature name.
    pub name: String,
    /// Values, sorted.
    pub values: Vec<ValueQuota>,
}

/// Targets resolved for a number of seats and the values in a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedTargets {
    /// Seats.
    pub seats: u32,
    /// Features in plan order.
    pub features: Vec<ResolvedFeature>,
}

impl ResolvedTargets {
    /// Bounds for `seats` over the plan's values plus `seen` (values found
    /// in the pool, per feature).
    pub(crate) fn new(
        policy: &SelectionPolicy,
        seats: u32,
        seen: &[std::collections::BTreeSet<String>],
    ) -> Self {
        let features = policy
            .features
            .iter()
            .enumerate()
            .map(|(f, feature)| {
                let mut values: BTreeMap<&str, ValueQuota> = BTreeMap::new();
                for (value, quota) in &feature.quotas {
                    let (min, max) = quota.bounds(seats);
                    values.insert(
                        value,
                        ValueQuota {
                            value: value.clone(),
                            min,
                            max,
                            listed: true,
                        },
                    );
                }
                for value in seen.get(f).into_iter().flatten() {
                    values.entry(value).or_insert_with(|| ValueQuota {
                        value: value.clone(),
                        min: 0,
                        max: seats,
                        listed: false,
                    });
                }
                ResolvedFeature {
                    name: feature.name.clone(),
                    values: values.into_values().collect(),
                }
            })
            .collect();
        Self { seats, features }
    }
}

/// The age band of `age` for cut points `cuts` (increasing).
pub(crate) fn age_band(cuts: &[u32], age: u32) -> String {
    match cuts.iter().position(|&c| age < c) {
        Some(0) => format!("<{}", cuts[0]),
        Some(i) => format!("{}-{}", cuts[i - 1], cuts[i] - 1),
        None => cuts
            .last()
            .map_or_else(|| "all".to_owned(), |last| format!("{last}+")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_bounds() {
        let q = Quota {
            share: Some(0.5),
            tolerance: Some(0.05),
            ..Quota::default()
        };
        assert_eq!(q.bounds(30), (14, 16));
        let exact = Quota {
            share: Some(0.3),
            ..Quota::default()
        };
        assert_eq!(exact.bounds(30), (9, 9));
        let narrow = Quota {
            share: Some(0.35),
            tolerance: Some(0.001),
            ..Quota::default()
        };
        assert_eq!(narrow.bounds(30), (10, 11));
        let counts = Quota {
            min: Some(2),
            max: Some(40),
            ..Quota::default()
        };
        assert_eq!(counts.bounds(30), (2, 30));
    }

    #[test]
    fn bands() {
        let cuts = [18, 35, 50, 65];
        assert_eq!(age_band(&cuts, 17), "<18");
        assert_eq!(age_band(&cuts, 18), "18-34");
        assert_eq!(age_band(&cuts, 34), "18-34");
        assert_eq!(age_band(&cuts, 64), "50-64");
        assert_eq!(age_band(&cuts, 65), "65+");
    }
}
