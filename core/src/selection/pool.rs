//! The pool: the people a draw chooses from, with their feature values.
//!
//! A pool holds no personal data. Built from a screening report, each
//! eligible registrant gets a pseudonymous id (a SHA-256 digest of the
//! plan id and the person's key, so it does not depend on row order and
//! differs between events) and, when the targets name a household field, a
//! digest of that field. The rows and masked names stay beside the pool for
//! display ([`Pool::origin`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::SelectionError;
use super::rng::sha256_hex;
use crate::eligibility::age_on;
use crate::mask;
use crate::plan::Plan;
use crate::plan::selection::age_band;
use crate::plan::selection::{FeatureSource, SelectionPolicy};
use crate::registrant::Registrant;
use crate::screening::ScreeningReport;

/// The value of a feature a person did not give.
pub const MISSING: &str = "(missing)";

/// One person who can be drawn.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Stable identifier (a pseudonym when built from registrations).
    pub id: String,
    /// Feature values, in the order of the targets' features.
    pub values: Vec<String>,
    /// Household key; people with the same key are never drawn together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
}

impl fmt::Debug for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Candidate")
            .field("id", &self.id)
            .field("values", &self.values)
            .field("household", &self.household.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Where a candidate came from: their data row and masked name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// 1-based data row of the registration.
    pub row: u64,
    /// Masked name, e.g. `张*丰`.
    pub name: String,
}

/// The people a draw chooses from, sorted by id. Deserialising goes
/// through [`Pool::new`], so its checks apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PoolDoc")]
pub struct Pool {
    features: Vec<String>,
    candidates: Vec<Candidate>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    origins: BTreeMap<String, Origin>,
}

/// The serialised form of a pool.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PoolDoc {
    features: Vec<String>,
    candidates: Vec<Candidate>,
    #[serde(default)]
    origins: BTreeMap<String, Origin>,
}

impl TryFrom<PoolDoc> for Pool {
    type Error = SelectionError;

    fn try_from(doc: PoolDoc) -> Result<Self, Self::Error> {
        let mut pool = Self::new(doc.features, doc.candidates)?;
        pool.origins = doc.origins;
        Ok(pool)
    }
}

impl Pool {
    /// A pool of `candidates` with values for `features` (in that order).
    /// Input order does not matter; candidates are kept sorted by id.
    ///
    /// ```
    /// use openday::selection::{Candidate, Pool};
    /// let c = |id: &str, g: &str| Candidate { id: id.into(), values: vec![g.into()], household: None };
    /// let pool = Pool::new(vec!["gender".into()], vec![c("b", "F"), c("a", "M")]).unwrap();
    /// assert_eq!(pool.candidates()[0].id, "a");
    /// assert!(Pool::new(vec!["gender".into()], vec![c("a", "F"), c("a", "M")]).is_err());
    /// ```
    pub fn new(
        features: Vec<String>,
        mut candidates: Vec<Candidate>,
    ) -> Result<Self, SelectionError> {
        for (index, c) in candidates.iter().enumerate() {
            if c.id.trim().is_empty() {
                return Err(SelectionError::BadCandidate {
                    index,
                    id: c.id.clone(),
                    reason: "the id is empty; give every candidate a unique id".to_owned(),
                });
            }
            if c.values.len() != features.len() {
                return Err(SelectionError::BadCandidate {
                    index,
                    id: c.id.clone(),
                    reason: format!(
                        "has {} feature values but the pool has {} features ({}); give one value per feature in that order",
                        c.values.len(),
                        features.len(),
                        features.join(", ")
                    ),
                });
            }
        }
        candidates.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(pair) = candidates.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(SelectionError::DuplicateCandidate {
                id: pair[0].id.clone(),
            });
        }
        Ok(Self {
            features,
            candidates,
            origins: BTreeMap::new(),
        })
    }

    /// The eligible registrants of `report`, with the features and household
    /// field of `policy` (age on the event's date, with the plan's age
    /// conventions).
    pub fn from_screening(
        report: &ScreeningReport,
        plan: &Plan,
        policy: &SelectionPolicy,
    ) -> Result<Self, SelectionError> {
        let key = report
            .pseudonym_key
            .as_ref()
            .filter(|k| !k.is_empty())
            .ok_or(SelectionError::NoPseudonymKey)?;
        let eligible: Vec<(u64, Registrant)> = report.eligible().collect();
        let eligible: Vec<(u64, &Registrant)> = eligible.iter().map(|(row, r)| (*row, r)).collect();
        Self::from_registrants(&eligible, plan, policy, key)
    }

    /// Registrants with their data rows, as in [`Pool::from_screening`].
    pub fn from_registrants(
        registrants: &[(u64, &Registrant)],
        plan: &Plan,
        policy: &SelectionPolicy,
        key: &PseudonymKey,
    ) -> Result<Self, SelectionError> {
        let doc = plan.document();
        let date = doc.day.date;
        let salt = &doc.id;
        let features = policy.features.iter().map(|f| f.name.clone()).collect();
        let mut candidates = Vec::with_capacity(registrants.len());
        let mut origins = BTreeMap::new();
        for &(row, person) in registrants {
            let values = policy
                .features
                .iter()
                .map(|f| match &f.from {
                    FeatureSource::Attribute(name) => {
                        field(person, name).map_or_else(|| MISSING.to_owned(), str::to_owned)
                    }
                    FeatureSource::AgeBands(cuts) => person
                        .effective_birth_date()
                        .and_then(|b| {
                            age_on(
                                b,
                                date,
                                doc.eligibility.leap_day_birthday,
                                doc.eligibility.age_counts_from,
                            )
                        })
                        .map_or_else(|| MISSING.to_owned(), |a| age_band(cuts, a.years)),
                })
                .collect();
            let household = policy
                .household
                .as_deref()
                .and_then(|h| field(person, h))
                .map(|v| {
                    let key: String = v.chars().filter(|c| !c.is_whitespace()).collect();
                    format!(
                        "h{}",
                        &sha256_hex(format!("{salt}\0household\0{key}").as_bytes())[..16]
                    )
                });
            let id = pseudonym(key, salt, person);
            origins.insert(
                id.clone(),
                Origin {
                    row,
                    name: mask::name(&person.name),
                },
            );
            candidates.push(Candidate {
                id,
                values,
                household,
            });
        }
        let mut pool = Self::new(features, candidates)?;
        pool.origins = origins;
        Ok(pool)
    }

    /// Feature names.
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// Candidates, sorted by id.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.candidates.len()
    }

    /// Whether the pool is empty.
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// Row and masked name of a candidate built from registrations.
    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.origins.get(id)
    }

    /// Index of a candidate by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.candidates
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
    }

    /// The values seen per feature.
    pub(crate) fn seen_values(&self) -> Vec<BTreeSet<String>> {
        let mut seen = vec![BTreeSet::new(); self.features.len()];
        for c in &self.candidates {
            for (f, v) in c.values.iter().enumerate() {
                if !seen[f].contains(v) {
                    seen[f].insert(v.clone());
                }
            }
        }
        seen
    }

    /// SHA-256 of the pool's canonical JSON (features, candidates by id);
    /// origins are not part of it.
    pub fn digest(&self) -> String {
        #[derive(Serialize)]
        struct Canonical<'a> {
            features: &'a [String],
            candidates: &'a [Candidate],
        }
        let json = serde_json::to_vec(&Canonical {
            features: &self.features,
            candidates: &self.candidates,
        })
        .unwrap_or_default();
        sha256_hex(&json)
    }
}

/// A registrant's field by name: `address`, or what
/// [`Registrant::attribute`] knows.
fn field<'a>(person: &'a Registrant, name: &str) -> Option<&'a str> {
    let value = match name {
        "address" => person.address.as_deref(),
        "employer_or_school" => person.employer_or_school.as_deref(),
        _ => person.attribute(name),
    };
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The organiser's secret for pseudonyms: never published, kept with the
/// registrations. Without it, a published pool id reveals nothing, even to
/// someone holding a masked export (the first digits of every ID number).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PseudonymKey(Vec<u8>);

impl PseudonymKey {
    /// A key from the organiser's secret (a long random passphrase, or
    /// bytes from a key file).
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Self(secret.as_ref().to_vec())
    }

    /// Whether the secret is empty (no key given).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PseudonymKey({} secret bytes)", self.0.len())
    }
}

/// The pseudonymous pool id of a registrant for the open day `plan_id`:
/// `p` and 16 hex digits of HMAC-SHA-256, keyed by the organiser's secret,
/// of the plan id and the person's identity (the 18-character ID number,
/// else name and phone, else name and e-mail).
///
/// ```
/// use openday::selection::{PseudonymKey, pseudonym};
/// let mut r = openday::registrant::Registrant::new("张三", openday::registration::ChannelKind::Phone);
/// r.phone = Some(openday::registrant::Phone::parse("13800000001").unwrap());
/// let a = pseudonym(&PseudonymKey::new("secret one"), "day", &r);
/// let b = pseudonym(&PseudonymKey::new("secret two"), "day", &r);
/// assert_ne!(a, b); // without the key, nobody can recompute the id
/// assert_eq!(a.len(), 17);
/// ```
pub fn pseudonym(key: &PseudonymKey, plan_id: &str, person: &Registrant) -> String {
    use hmac::{KeyInit, Mac};
    use std::fmt::Write as _;
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key.0) else {
        // HMAC takes a key of any length: never reached.
        return String::new();
    };
    mac.update(format!("openday pseudonym\0{plan_id}\0{}", person_key(person)).as_bytes());
    let bytes = mac.finalize().into_bytes();
    let hex = bytes.iter().take(8).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    format!("p{hex}")
}

/// The text the pseudonym is derived from.
fn person_key(person: &Registrant) -> String {
    match person.person_key() {
        Some(key) => key.canonical(),
        None => format!(
            "rec\0{}",
            serde_json::to_string(person).unwrap_or_else(|_| person.name.clone())
        ),
    }
}
