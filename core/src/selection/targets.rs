//! Selection targets (the plan's [`selection`](crate::plan::selection)
//! section) resolved to whole-number bounds for a number of seats.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::plan::selection::SelectionPolicy;

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

#[cfg(test)]
mod tests {
    use crate::plan::selection::{Quota, age_band};

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
