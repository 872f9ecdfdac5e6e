//! The screened rows, stored compactly: a million rows take about 150
//! bytes each instead of a `Registrant` with eight heap strings each (about
//! 600 bytes), and storing a row allocates nothing.
//!
//! The texts a person has alone (name, phone, ID number, e-mail, address)
//! go into one text arena; the ones many people share (employer, districts,
//! occupation, free attributes) are interned once. An owned [`Registrant`]
//! is rebuilt only for the rows a caller asks for, equal to the one stored.
//! Outcomes other than "eligible" are interned too: most repeat (the same
//! rule failing with the same facts); 200,000 synthetic rows have 8,707
//! distinct ones.

use chrono::{DateTime, FixedOffset, NaiveDate};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

use super::{Bucket, Outcome};
use crate::plan::registration::ChannelKind;
use crate::registrant::{CivilCapacity, Gender, Phone, Registrant, ResidentId};

/// Texts stored per row in the arena, in this order.
const NAME: usize = 0;
const PHONE: usize = 1;
const ID: usize = 2;
const EMAIL: usize = 3;
const ADDRESS: usize = 4;
const TEXTS: usize = 5;
/// Length that marks an absent text.
const ABSENT: u32 = u32::MAX;

/// The hasher of every table and hash a report builds from its rows:
/// foldhash, seeded anew for each report (address-space layout, time), so
/// that values written into a file to collide (names, employers, the
/// texts of a refusal) cannot make its tables or its runs of equal hashes
/// quadratic, at the speed of an unseeded hash. No output depends on a
/// hash's value: tables are looked up, runs are compared key by key.
pub(super) type Seeded = foldhash::fast::RandomState;

/// Interned values shared by many rows; symbol 0 is "absent".
#[derive(Debug, Clone, Default)]
struct Interner {
    index: HashMap<Box<str>, u32, Seeded>,
    values: Vec<Box<str>>,
}

impl Interner {
    fn intern(&mut self, value: Option<&str>) -> u32 {
        let Some(v) = value else { return 0 };
        if let Some(&s) = self.index.get(v) {
            return s;
        }
        self.values.push(v.into());
        let s = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.index.insert(v.into(), s);
        s
    }

    fn get(&self, symbol: u32) -> Option<&str> {
        let i = usize::try_from(symbol).ok()?.checked_sub(1)?;
        self.values.get(i).map(AsRef::as_ref)
    }
}

/// One row, without its texts.
#[derive(Debug, Clone)]
struct Packed {
    line: u64,
    /// Start of the row's texts in the arena.
    start: u64,
    /// Byte length of each text, [`ABSENT`] when absent.
    lens: [u32; TEXTS],
    /// Employer, district, work district, occupation.
    symbols: [u32; 4],
    /// Index of the row's first free attribute in `attributes`.
    attributes: u32,
    attribute_count: u16,
    birth_date: Option<NaiveDate>,
    submitted_at: Option<DateTime<FixedOffset>>,
    id_birth: Option<NaiveDate>,
    id_gender: Option<Gender>,
    gender: Option<Gender>,
    civil_capacity: CivilCapacity,
    channel: ChannelKind,
    consent: Option<bool>,
    /// Whether the row could be read into a registrant.
    read: bool,
    bucket: Bucket,
    /// The row's outcome in [`Outcomes`]; 0 for "eligible".
    outcome: u32,
}

/// The distinct outcomes other than "eligible"; symbol 0 is "eligible".
/// Each is kept once, in `values`; the table finds it by its hash.
#[derive(Clone, Default)]
struct Outcomes {
    /// Indices into `values`.
    index: hashbrown::HashTable<u32>,
    values: Vec<Outcome>,
    state: Seeded,
}

impl Outcomes {
    fn intern(&mut self, outcome: Outcome) -> u32 {
        if outcome == Outcome::Eligible {
            return 0;
        }
        let state = &self.state;
        let hash = |o: &Outcome| state.hash_one(o);
        let values = &self.values;
        let at = |i: &u32| usize::try_from(*i).ok().and_then(|i| values.get(i));
        let h = hash(&outcome);
        if let Some(&i) = self.index.find(h, |i| at(i) == Some(&outcome)) {
            return i.saturating_add(1);
        }
        let i = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(outcome);
        let values = &self.values;
        self.index.insert_unique(h, i, |i| {
            usize::try_from(*i)
                .ok()
                .and_then(|i| values.get(i))
                .map_or(0, hash)
        });
        i.saturating_add(1)
    }

    fn get(&self, symbol: u32) -> Option<&Outcome> {
        const ELIGIBLE: Outcome = Outcome::Eligible;
        match usize::try_from(symbol).ok()?.checked_sub(1) {
            None => Some(&ELIGIBLE),
            Some(i) => self.values.get(i),
        }
    }
}

/// Every screened row of a report (`Debug` shows how many, never the
/// texts: they are personal data).
#[derive(Clone, Default)]
pub(crate) struct Rows {
    packed: Vec<Packed>,
    /// The texts of every row (UTF-8, each text whole), kept as bytes:
    /// phones and ID numbers come in as bytes, and duplicates compare
    /// bytes, so no text is checked for UTF-8 but those read back.
    text: Vec<u8>,
    shared: Interner,
    /// `(key, value)` symbols of the rows' free attributes, row after row.
    attributes: Vec<(u32, u32)>,
    /// The distinct outcomes.
    outcomes: Outcomes,
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("len", &self.packed.len())
            .finish_non_exhaustive()
    }
}

impl Rows {
    /// Room for `n` rows.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            packed: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.packed.len()
    }

    /// Store a row: its registrant (when it could be read) and outcome.
    pub(crate) fn push(&mut self, line: u64, registrant: Option<&Registrant>, outcome: Outcome) {
        let bucket = outcome.bucket();
        let outcome = self.outcomes.intern(outcome);
        self.push_interned(line, registrant, bucket, outcome);
    }

    /// The symbol of `outcome` among the rows' distinct outcomes.
    pub(crate) fn intern(&mut self, outcome: Outcome) -> u32 {
        self.outcomes.intern(outcome)
    }

    /// Add a row whose outcome is interned already (`outcome`, from
    /// [`Rows::intern`], in `bucket`).
    pub(crate) fn push_interned(
        &mut self,
        line: u64,
        registrant: Option<&Registrant>,
        bucket: Bucket,
        outcome: u32,
    ) {
        let Some(r) = registrant else {
            self.packed.push(Packed {
                line,
                start: self.text.len() as u64,
                lens: [ABSENT; TEXTS],
                symbols: [0; 4],
                attributes: 0,
                attribute_count: 0,
                birth_date: None,
                submitted_at: None,
                id_birth: None,
                id_gender: None,
                gender: None,
                civil_capacity: CivilCapacity::default(),
                channel: ChannelKind::Other,
                consent: None,
                read: false,
                bucket,
                outcome,
            });
            return;
        };
        let start = self.text.len() as u64;
        let mut lens = [ABSENT; TEXTS];
        let texts = [
            Some(r.name.as_bytes()),
            r.phone.as_ref().map(Phone::as_bytes),
            r.id_number.as_ref().map(ResidentId::number_bytes),
            r.email.as_deref().map(str::as_bytes),
            r.address.as_deref().map(str::as_bytes),
        ];
        for (len, text) in lens.iter_mut().zip(texts) {
            if let Some(t) = text {
                self.text.extend_from_slice(t);
                *len = u32::try_from(t.len()).unwrap_or(ABSENT);
            }
        }
        let first = u32::try_from(self.attributes.len()).unwrap_or(u32::MAX);
        for (k, v) in &r.attributes {
            let pair = (self.shared.intern(Some(k)), self.shared.intern(Some(v)));
            self.attributes.push(pair);
        }
        let symbols = [
            self.shared.intern(r.employer_or_school.as_deref()),
            self.shared.intern(r.district.as_deref()),
            self.shared.intern(r.work_district.as_deref()),
            self.shared.intern(r.occupation.as_deref()),
        ];
        self.packed.push(Packed {
            line,
            start,
            lens,
            symbols,
            attributes: first,
            attribute_count: u16::try_from(r.attributes.len()).unwrap_or(u16::MAX),
            birth_date: r.birth_date,
            submitted_at: r.submitted_at,
            id_birth: r.id_number.as_ref().map(|id| id.birth_date),
            id_gender: r.id_number.as_ref().map(|id| id.gender),
            gender: r.gender,
            civil_capacity: r.civil_capacity,
            channel: r.channel,
            consent: r.consent,
            read: true,
            bucket,
            outcome,
        });
    }

    /// Replace a row's outcome (a duplicate found once every row is in).
    pub(crate) fn set_outcome(&mut self, index: usize, outcome: Outcome) {
        let Some(p) = self.packed.get_mut(index) else {
            return;
        };
        p.bucket = outcome.bucket();
        p.outcome = self.outcomes.intern(outcome);
    }

    /// The 1-based file line of row `index` (0 for records).
    pub(crate) fn line(&self, index: usize) -> u64 {
        self.packed.get(index).map_or(0, |p| p.line)
    }

    /// The bucket of row `index`.
    pub(crate) fn bucket(&self, index: usize) -> Option<Bucket> {
        self.packed.get(index).map(|p| p.bucket)
    }

    /// The outcome of row `index`.
    pub(crate) fn outcome(&self, index: usize) -> Option<&Outcome> {
        self.outcomes.get(self.packed.get(index)?.outcome)
    }

    /// The outcomes that are not "eligible", by row index.
    pub(crate) fn problems(&self) -> impl Iterator<Item = (usize, &Outcome)> {
        self.packed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.outcome != 0)
            .filter_map(|(i, p)| Some((i, self.outcomes.get(p.outcome)?)))
    }

    /// The registrant's channel, when the row could be read.
    pub(crate) fn channel(&self, index: usize) -> Option<ChannelKind> {
        self.packed.get(index).filter(|p| p.read).map(|p| p.channel)
    }

    /// Whether row `index` could be read into a registrant.
    pub(crate) fn is_read(&self, index: usize) -> bool {
        self.packed.get(index).is_some_and(|p| p.read)
    }

    /// A stored text of row `index`, as bytes.
    fn bytes(&self, index: usize, which: usize) -> Option<&[u8]> {
        let p = self.packed.get(index).filter(|p| p.read)?;
        if p.lens[which] == ABSENT {
            return None;
        }
        let skip: usize = p.lens[..which]
            .iter()
            .filter(|&&l| l != ABSENT)
            .map(|&l| l as usize)
            .sum();
        let start = usize::try_from(p.start).ok()?.checked_add(skip)?;
        self.text
            .get(start..start.checked_add(p.lens[which] as usize)?)
    }

    /// A stored text of row `index` (stored whole from a `&str`, so its
    /// UTF-8 check cannot fail).
    fn text(&self, index: usize, which: usize) -> Option<&str> {
        std::str::from_utf8(self.bytes(index, which)?).ok()
    }

    /// The keys row `index` can be recognised by, as
    /// [`Registrant::key_refs`] gives them (as bytes), without rebuilding
    /// it: the ID number (canonical), the name with the phone, the name
    /// with the e-mail address.
    pub(crate) fn keys(&self, index: usize) -> [Option<Key<'_>>; 3] {
        let name = self.bytes(index, NAME).unwrap_or_default();
        [
            self.bytes(index, ID).map(|id| {
                Key::Id(if id.len() == 15 {
                    let legacy = std::str::from_utf8(id).unwrap_or_default();
                    Cow::Owned(ResidentId::canonical_of(legacy).into_bytes())
                } else {
                    Cow::Borrowed(id)
                })
            }),
            self.bytes(index, PHONE).map(|p| Key::NamePhone(name, p)),
            self.bytes(index, EMAIL).map(|e| Key::NameEmail(name, e)),
        ]
    }

    /// When row `index` was submitted.
    pub(crate) fn submitted_at(&self, index: usize) -> Option<DateTime<FixedOffset>> {
        self.packed.get(index).and_then(|p| p.submitted_at)
    }

    /// The registrant of row `index`, rebuilt; `None` for a row that could
    /// not be read.
    pub(crate) fn registrant(&self, index: usize) -> Option<Registrant> {
        let p = self.packed.get(index).filter(|p| p.read)?;
        let owned = |which| self.text(index, which).map(str::to_owned);
        let shared = |which: usize| self.shared.get(p.symbols[which]).map(str::to_owned);
        let id_number = match (self.text(index, ID), p.id_birth, p.id_gender) {
            (Some(number), Some(birth), Some(gender)) => {
                ResidentId::from_parts(number, birth, gender)
            }
            _ => None,
        };
        let first = p.attributes as usize;
        let attributes = self
            .attributes
            .get(first..first + usize::from(p.attribute_count))
            .unwrap_or_default()
            .iter()
            .filter_map(|&(k, v)| {
                Some((
                    self.shared.get(k)?.to_owned(),
                    self.shared.get(v)?.to_owned(),
                ))
            })
            .collect();
        Some(Registrant {
            name: owned(NAME).unwrap_or_default(),
            phone: self
                .text(index, PHONE)
                .and_then(|p| Phone::from_normalised(&[p])),
            email: owned(EMAIL),
            id_number,
            birth_date: p.birth_date,
            gender: p.gender,
            employer_or_school: shared(0),
            address: owned(ADDRESS),
            district: shared(1),
            work_district: shared(2),
            occupation: shared(3),
            civil_capacity: p.civil_capacity,
            channel: p.channel,
            submitted_at: p.submitted_at,
            consent: p.consent,
            attributes,
        })
    }
}

/// A key a stored row can be recognised by, as
/// [`crate::registrant::PersonKeyRef`] (only a 15-digit ID number's
/// canonical form is computed, not borrowed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key<'a> {
    /// The ID number's canonical (18-digit) form.
    Id(Cow<'a, [u8]>),
    /// Name and phone.
    NamePhone(&'a [u8], &'a [u8]),
    /// Name and e-mail address.
    NameEmail(&'a [u8], &'a [u8]),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::DuplicateReason;

    /// Each report's tables hash with a seed of their own: a key that
    /// collides with others under one report's hasher does not under the
    /// next one's (an unseeded hash, as before, fails this).
    #[test]
    fn every_report_hashes_with_a_seed_of_its_own() {
        let keys = ["640402199001011234", "王五13800000001", "原州区"];
        let (a, b) = (Seeded::default(), Seeded::default());
        for key in keys {
            assert_ne!(a.hash_one(key), b.hash_one(key), "{key}");
        }
        // Within one report, equal keys hash alike.
        assert_eq!(a.hash_one(keys[0]), a.hash_one(keys[0]));
    }

    /// Each distinct outcome is kept once and found again by value,
    /// however many collide; "eligible" is symbol 0.
    #[test]
    fn outcomes_are_kept_once_and_found_by_value() {
        let mut o = Outcomes::default();
        assert_eq!(o.intern(Outcome::Eligible), 0);
        let dup = |of_row| Outcome::Duplicate {
            of_row,
            reason: DuplicateReason::SameIdNumber,
        };
        let symbols: Vec<u32> = (1..=1000).map(|r| o.intern(dup(r))).collect();
        assert_eq!(symbols, (1..=1000).collect::<Vec<u32>>());
        for r in (1..=1000).rev() {
            let s = o.intern(dup(r));
            assert_eq!(s, u32::try_from(r).unwrap());
            assert_eq!(o.get(s), Some(&dup(r)));
        }
        assert_eq!(o.values.len(), 1000);
        assert_eq!(o.get(0), Some(&Outcome::Eligible));
        assert_eq!(o.get(1001), None);
    }
}
