//! The plan's `selection` section: features to balance, quotas,
//! households, reserves and the lottery's algorithm. The draw itself is
//! [`crate::selection`].

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
