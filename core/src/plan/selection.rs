//! The plan's `selection` section: features to balance, quotas,
//! households, reserves and the lottery's algorithm. The draw itself is
//! [`crate::selection`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::{Problem, ProblemCode};

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

/// A problem with one quota or feature, found without a pool: the same
/// checks run when the plan loads and when a draw is given targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaIssue {
    /// Feature index.
    pub feature: usize,
    /// The value, when about one.
    pub value: Option<String>,
    /// What is wrong, in English.
    pub message_en: String,
    /// In Chinese.
    pub message_zh: String,
    /// Whether it is only a warning.
    pub warning: bool,
    /// Whether it is about fitting the seats (minimums above them, maximums
    /// that cannot fill them): a draw explains these as an infeasibility
    /// with the smallest relaxation instead.
    pub about_seats: bool,
}

/// Every problem of a selection policy for `seats` seats, with no pool:
/// quota forms and ranges, age bands, labels that no age band can produce,
/// minimums above the seats, maximums that cannot fill them.
pub fn policy_issues(policy: &SelectionPolicy, seats: u32) -> Vec<QuotaIssue> {
    let mut out = Vec::new();
    for (fi, f) in policy.features.iter().enumerate() {
        let mut push = |value: Option<&str>, en: String, zh: String, about_seats: bool| {
            out.push(QuotaIssue {
                feature: fi,
                value: value.map(str::to_owned),
                message_en: en,
                message_zh: zh,
                warning: false,
                about_seats,
            });
        };
        let bands = match &f.from {
            FeatureSource::AgeBands(cuts) => {
                if cuts.is_empty() || cuts.windows(2).any(|w| w[0] >= w[1]) {
                    push(
                        None,
                        "age_bands needs at least one cut point, strictly increasing".into(),
                        "age_bands 至少需要一个分界点，且须严格递增".into(),
                        false,
                    );
                    None
                } else {
                    Some(band_labels(cuts))
                }
            }
            FeatureSource::Attribute(a) if a.trim().is_empty() => {
                push(
                    None,
                    "the attribute is empty; name the field to balance".into(),
                    "属性名为空，请填写要平衡的字段".into(),
                    false,
                );
                None
            }
            FeatureSource::Attribute(_) => None,
        };
        let mut malformed = false;
        for (value, q) in &f.quotas {
            for (en, zh, about_seats) in quota_issues(value, q, seats, bands.as_deref()) {
                malformed |= !about_seats;
                push(Some(value), en, zh, about_seats);
            }
        }
        if malformed {
            // Sums over malformed quotas would only repeat the problem.
            continue;
        }
        let mins: u64 = f
            .quotas
            .values()
            .map(|q| u64::from(q.bounds(seats).0))
            .sum();
        if mins > u64::from(seats) {
            push(
                None,
                format!("the minimums add up to {mins}, more than the {seats} seats; lower them"),
                format!("各值下限合计 {mins}，超过名额 {seats}，请调低"),
                true,
            );
        }
        if let Some(labels) = &bands {
            let all_listed = labels.iter().all(|l| f.quotas.contains_key(l));
            let maxes: u64 = f
                .quotas
                .values()
                .map(|q| u64::from(q.bounds(seats).1))
                .sum();
            if all_listed && maxes < u64::from(seats) {
                push(
                    None,
                    format!(
                        "the maximums add up to {maxes}, fewer than the {seats} seats; raise them"
                    ),
                    format!("各值上限合计 {maxes}，少于名额 {seats}，请调高"),
                    true,
                );
            }
        }
    }
    out
}

/// The problems of one quota: its form, its ranges, its label.
fn quota_issues(
    value: &str,
    q: &Quota,
    seats: u32,
    bands: Option<&[String]>,
) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut push = |en: String, zh: String, about_seats: bool| out.push((en, zh, about_seats));
    if q.share.is_some() && (q.min.is_some() || q.max.is_some()) {
        push(
            "give either share (with tolerance) or min/max, not both".into(),
            "share（及 tolerance）与 min/max 只能选一种".into(),
            false,
        );
    }
    if let Some(s) = q.share.filter(|s| !(0.0..=1.0).contains(s) || s.is_nan()) {
        push(
            format!("share {s} is not between 0 and 1; write a fraction of the seats, e.g. 0.3"),
            format!("share {s} 不在 0 到 1 之间，请填写名额比例，如 0.3"),
            false,
        );
    }
    if let Some(t) = q
        .tolerance
        .filter(|t| !(0.0..=1.0).contains(t) || t.is_nan())
    {
        push(
            format!("tolerance {t} is not between 0 and 1"),
            format!("tolerance {t} 不在 0 到 1 之间"),
            false,
        );
    }
    if q.tolerance.is_some() && q.share.is_none() {
        push(
            "tolerance without share has no effect; add share or remove tolerance".into(),
            "未设 share 时 tolerance 无效，请补充 share 或删除 tolerance".into(),
            false,
        );
    }
    if let (Some(lo), Some(hi)) = (q.min, q.max)
        && lo > hi
    {
        push(
            format!("min {lo} is above max {hi}"),
            format!("min {lo} 大于 max {hi}"),
            false,
        );
    }
    if q.min.is_some_and(|m| m > seats) {
        push(
            format!("min {} is above the {seats} seats", q.min.unwrap_or(0)),
            format!("min {} 超过名额 {seats}", q.min.unwrap_or(0)),
            true,
        );
    }
    if let Some(labels) = bands
        && !labels.iter().any(|l| l == value)
    {
        push(
            format!(
                "no age band is called \"{value}\"; the cut points give {}",
                labels.join(", ")
            ),
            format!(
                "没有名为“{value}”的年龄段，分界点产生的年龄段为：{}",
                labels.join("、")
            ),
            false,
        );
    }
    out
}

/// Every label the cut points produce, youngest first.
fn band_labels(cuts: &[u32]) -> Vec<String> {
    let mut labels = vec![age_band(cuts, 0)];
    labels.extend(cuts.iter().map(|c| age_band(cuts, *c)));
    labels.dedup();
    labels
}

impl Checker<'_> {
    pub(super) fn selection(&mut self) {
        let p = self.plan;
        let Some(policy) = &p.selection else {
            return;
        };
        let seats = policy.seats.unwrap_or(p.seats);
        if policy.seats.is_some_and(|s| s == 0 || s > p.seats) {
            self.push(
                "selection.seats",
                ProblemCode::NoSeats,
                format!("selection.seats is {seats}, but the plan has {} seats; leave it out or give a number from 1 to {}", p.seats, p.seats),
                format!("selection.seats 为 {seats}，但方案名额为 {}；请删除或填写 1 到 {} 之间的数", p.seats, p.seats),
            );
        }
        if policy
            .household
            .as_deref()
            .is_some_and(|h| h.trim().is_empty())
        {
            self.push(
                "selection.household",
                ProblemCode::Empty,
                "the household field is empty; name it (e.g. address) or leave it out".into(),
                "household 为空，请填写字段名（如 address）或删除".into(),
            );
        }
        let names: Vec<&str> = policy.features.iter().map(|f| f.name.as_str()).collect();
        for (i, n) in names.iter().enumerate() {
            if names[..i].contains(n) {
                self.push(
                    format!("selection.features[{i}].name"),
                    ProblemCode::DuplicateId,
                    format!("feature \"{n}\" is listed twice; give each feature its own name"),
                    format!("特征“{n}”重复，请使用不同名称"),
                );
            }
        }
        for issue in policy_issues(policy, seats) {
            let path = match &issue.value {
                Some(v) => format!("selection.features[{}].quotas.{v}", issue.feature),
                None => format!("selection.features[{}]", issue.feature),
            };
            let problem = if issue.warning {
                Problem::warning(
                    path,
                    ProblemCode::BadQuota,
                    issue.message_en,
                    issue.message_zh,
                )
            } else {
                Problem::new(
                    path,
                    ProblemCode::BadQuota,
                    issue.message_en,
                    issue.message_zh,
                )
            };
            self.problems.push(problem);
        }
    }
}
