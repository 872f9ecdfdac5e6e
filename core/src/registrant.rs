//! A registrant: one person who asked to take part, after normalisation.
//!
//! `Debug` and `Display` mask names, phones, ID numbers and addresses, so a
//! registrant can be logged or shown in an error without leaking them.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::mask;
use crate::registration::ChannelKind;

/// A registrant's normalised record.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registrant {
    /// Name, trimmed and NFC-normalised.
    pub name: String,
    /// Phone, normalised (`13812345678`, `0954-2031234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// E-mail address, normalised (domain in lower case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Mainland resident ID number, checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<ResidentId>,
    /// Birth date: declared, or read from the ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Gender: declared, or read from the ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Employer or school (工作学习单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_or_school: Option<String>,
    /// Home address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// District or county of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// District or county of the employer or school.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_district: Option<String>,
    /// Occupation (职业).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// Civil capacity and how it was established.
    #[serde(default)]
    pub civil_capacity: CivilCapacity,
    /// How they registered.
    pub channel: ChannelKind,
    /// When the registration was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<FixedOffset>>,
    /// Consent to the use of their data for the open day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<bool>,
    /// Free attributes (occupation, ...) used for balancing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl Registrant {
    /// A registrant with a name and channel and nothing else.
    pub fn new(name: impl Into<String>, channel: ChannelKind) -> Self {
        Self {
            name: name.into(),
            phone: None,
            email: None,
            id_number: None,
            birth_date: None,
            gender: None,
            employer_or_school: None,
            address: None,
            district: None,
            work_district: None,
            occupation: None,
            civil_capacity: CivilCapacity::default(),
            channel,
            submitted_at: None,
            consent: None,
            attributes: BTreeMap::new(),
        }
    }

    /// Make this registrant a fresh one (as [`Registrant::new`] with an
    /// empty name) while keeping its text buffers for reuse: the free-text
    /// fields it had are left `Some("")`, which [`Registrant::settle`]
    /// turns back into `None`. Intake reads row after row into one
    /// registrant this way instead of allocating each row's strings.
    pub(crate) fn recycle(&mut self, channel: ChannelKind) {
        // Every field named, so that a new field cannot be left holding
        // the previous row's value.
        let Self {
            name,
            phone,
            email,
            id_number,
            birth_date,
            gender,
            employer_or_school,
            address,
            district,
            work_district,
            occupation,
            civil_capacity,
            channel: kind,
            submitted_at,
            consent,
            attributes,
        } = self;
        name.clear();
        for text in [
            employer_or_school,
            address,
            district,
            work_district,
            occupation,
        ]
        .into_iter()
        .flatten()
        {
            text.clear();
        }
        *phone = None;
        *email = None;
        *id_number = None;
        *birth_date = None;
        *gender = None;
        *civil_capacity = CivilCapacity::default();
        *kind = channel;
        *submitted_at = None;
        *consent = None;
        attributes.clear();
    }

    /// Free-text fields left empty (see [`Registrant::recycle`]) become
    /// `None`, as a fresh registrant's.
    pub(crate) fn settle(&mut self) {
        for slot in self.texts_mut() {
            if slot.as_deref() == Some("") {
                *slot = None;
            }
        }
    }

    fn texts_mut(&mut self) -> [&mut Option<String>; 5] {
        [
            &mut self.employer_or_school,
            &mut self.address,
            &mut self.district,
            &mut self.work_district,
            &mut self.occupation,
        ]
    }

    /// An attribute by name: the fields `occupation`, `district`,
    /// `work_district`, `gender` and `channel`, else a free attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        match name {
            "occupation" => self.occupation.as_deref(),
            "district" => self.district.as_deref(),
            "work_district" => self.work_district.as_deref(),
            "gender" => self.gender.map(Gender::code),
            "channel" => Some(self.channel.code()),
            _ => self.attributes.get(name).map(String::as_str),
        }
    }

    /// The birth date: from the ID number when there is one, else declared.
    pub fn effective_birth_date(&self) -> Option<NaiveDate> {
        self.id_number
            .as_ref()
            .map(|id| id.birth_date)
            .or(self.birth_date)
    }

    /// Every key this registration can be recognised by, strongest first:
    /// the ID number, the normalised name with the phone, the name with the
    /// e-mail address. The one definition of "the same person" (duplicates,
    /// attendance history, pseudonyms).
    pub fn key_refs(&self) -> [Option<PersonKeyRef<'_>>; 3] {
        [
            self.id_number
                .as_ref()
                .map(|id| PersonKeyRef::Id(id.canonical())),
            self.phone
                .as_ref()
                .map(|p| PersonKeyRef::NamePhone(&self.name, p.as_str())),
            self.email
                .as_deref()
                .map(|e| PersonKeyRef::NameEmail(&self.name, e)),
        ]
    }

    /// Every key, owned ([`Registrant::key_refs`]).
    pub fn person_keys(&self) -> Vec<PersonKey> {
        self.key_refs()
            .into_iter()
            .flatten()
            .map(PersonKeyRef::to_owned_key)
            .collect()
    }

    /// The strongest key that identifies the person across registrations.
    pub fn person_key(&self) -> Option<PersonKey> {
        self.key_refs()
            .into_iter()
            .flatten()
            .next()
            .map(PersonKeyRef::to_owned_key)
    }
}

impl fmt::Debug for Registrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registrant")
            .field("name", &mask::name(&self.name))
            .field("phone", &self.phone)
            .field("email", &self.email.as_deref().map(mask::email))
            .field("id_number", &self.id_number)
            .field("birth_date", &self.birth_date.map(|_| "****-**-**"))
            .field("gender", &self.gender)
            .field("employer_or_school", &self.employer_or_school)
            .field("address", &self.address.as_deref().map(mask::address))
            .field("district", &self.district)
            .field("work_district", &self.work_district)
            .field("occupation", &self.occupation)
            .field("civil_capacity", &self.civil_capacity)
            .field("channel", &self.channel)
            .field("submitted_at", &self.submitted_at)
            .field("consent", &self.consent)
            .field("attributes", &self.attributes)
            .finish()
    }
}

impl fmt::Display for Registrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", mask::name(&self.name))?;
        if let Some(p) = &self.phone {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}

/// What identifies a person across registrations.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonKey {
    /// The resident ID number.
    Id(String),
    /// Normalised name and phone.
    NamePhone(String, String),
    /// Normalised name and e-mail address.
    NameEmail(String, String),
}

/// A [`PersonKey`] borrowed from a registrant (no allocation).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonKeyRef<'a> {
    /// The resident ID number.
    Id(&'a str),
    /// Normalised name and phone.
    NamePhone(&'a str, &'a str),
    /// Normalised name and e-mail address.
    NameEmail(&'a str, &'a str),
}

impl PersonKeyRef<'_> {
    /// The owned key.
    pub fn to_owned_key(self) -> PersonKey {
        match self {
            Self::Id(id) => PersonKey::Id(id.to_owned()),
            Self::NamePhone(n, p) => PersonKey::NamePhone(n.to_owned(), p.to_owned()),
            Self::NameEmail(n, e) => PersonKey::NameEmail(n.to_owned(), e.to_owned()),
        }
    }
}

impl PersonKey {
    /// The text a pseudonym is derived from (`id\0…`, `np\0…\0…`, `ne\0…\0…`).
    pub fn canonical(&self) -> String {
        match self {
            Self::Id(id) => format!("id\0{id}"),
            Self::NamePhone(name, phone) => format!("np\0{name}\0{phone}"),
            Self::NameEmail(name, email) => format!("ne\0{name}\0{email}"),
        }
    }
}

impl fmt::Debug for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => write!(f, "Id({})", mask::id_number(id)),
            Self::NamePhone(n, p) => write!(f, "NamePhone({}, {})", mask::name(n), mask::phone(p)),
            Self::NameEmail(n, e) => write!(f, "NameEmail({}, {})", mask::name(n), mask::email(e)),
        }
    }
}

/// A short ASCII text kept inline, without an allocation: a phone
/// number or an ID number, read for every row of a large export.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Inline<const N: usize> {
    len: u8,
    /// The text, then zeros.
    bytes: [u8; N],
}

impl<const N: usize> Inline<N> {
    /// The parts one after another; `None` when not ASCII or too long.
    fn concat(parts: &[&str]) -> Option<Self> {
        let mut bytes = [0; N];
        let mut len = 0_usize;
        for part in parts {
            let end = len.checked_add(part.len()).filter(|&e| e <= N)?;
            if !part.is_ascii() {
                return None;
            }
            bytes.get_mut(len..end)?.copy_from_slice(part.as_bytes());
            len = end;
        }
        Some(Self {
            len: u8::try_from(len).ok()?,
            bytes,
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The text's bytes (ASCII), without the UTF-8 check a `&str` costs.
    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}

/// A normalised mainland phone number.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(Inline<16>);

impl PartialOrd for Phone {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Phone {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// The kind of a phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// 11-digit mobile number.
    Mobile,
    /// Landline with area code.
    Landline,
}

impl Phone {
    /// Parse and normalise (full-width digits, spaces, dashes, +86 are handled).
    pub fn parse(raw: &str) -> Result<Self, crate::normalize::FieldProblem> {
        crate::normalize::phone(raw)
    }

    /// A number normalised already, in parts (`["0954", "-", "2031234"]`);
    /// `None` when longer than any normalised number.
    pub(crate) fn from_normalised(parts: &[&str]) -> Option<Self> {
        Inline::concat(parts).map(Self)
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// [`Phone::as_str`]'s bytes, read without a UTF-8 check.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Mobile or landline.
    pub fn kind(&self) -> PhoneKind {
        if self.as_str().contains('-') {
            PhoneKind::Landline
        } else {
            PhoneKind::Mobile
        }
    }
}

impl TryFrom<String> for Phone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).map_err(|p| p.message_en)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> Self {
        p.as_str().to_owned()
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", mask::phone(self.as_str()))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask::phone(self.as_str()))
    }
}

/// A checked mainland resident ID number with what it encodes.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId {
    number: Inline<18>,
    /// The 18-character form (a legacy 15-digit number upgraded with its
    /// century and check character): the same person's key either way.
    canonical: Inline<18>,
    /// Birth date encoded in the number.
    pub birth_date: NaiveDate,
    /// Gender encoded in the number (odd sequence digit: male).
    pub gender: Gender,
}

impl ResidentId {
    /// Parse an 18-character (with check character) or legacy 15-digit number.
    pub fn parse(raw: &str) -> Result<Self, crate::normalize::FieldProblem> {
        crate::normalize::id_number(raw)
    }

    /// The canonical (18-digit) form of a checked number: GB 11643-1999
    /// gives a 15-digit number the century "19" after the region code and
    /// a MOD 11-2 check character.
    pub(crate) fn canonical_of(number: &str) -> String {
        Self::canonical_inline(number).map_or_else(|| number.to_owned(), |c| c.as_str().to_owned())
    }

    fn canonical_inline(number: &str) -> Option<Inline<18>> {
        if number.len() != 15 {
            return Inline::concat(&[number]);
        }
        let first17 = Inline::<18>::concat(&[number.get(..6)?, "19", number.get(6..)?])?;
        let check = crate::resident_id::check_character(first17.as_str())?;
        Inline::concat(&[first17.as_str(), check.encode_utf8(&mut [0; 4])])
    }

    /// A number checked already (15 or 18 ASCII characters, upper-case
    /// `X`) with what it encodes; `None` for any other text.
    pub(crate) fn from_parts(number: &str, birth_date: NaiveDate, gender: Gender) -> Option<Self> {
        if number.len() != 15 && number.len() != 18 {
            return None;
        }
        let inline = Inline::concat(&[number])?;
        // An 18-character number is its own canonical form.
        let canonical = if number.len() == 18 {
            inline
        } else {
            Self::canonical_inline(number)?
        };
        Some(Self {
            number: inline,
            canonical,
            birth_date,
            gender,
        })
    }

    /// The 18-character form: a legacy 15-digit number upgraded, an
    /// 18-character one as it is. Identity, duplicates, history and
    /// pseudonyms use this, so both forms are one person.
    ///
    /// ```
    /// use openday::registrant::ResidentId;
    /// let old = ResidentId::parse("640402800101001").unwrap();
    /// let new = ResidentId::parse(&old.canonical().to_owned()).unwrap();
    /// assert_eq!(old.canonical(), new.canonical());
    /// assert_eq!(old.canonical().len(), 18);
    /// ```
    pub fn canonical(&self) -> &str {
        self.canonical.as_str()
    }

    /// The number (upper-case `X`).
    pub fn number(&self) -> &str {
        self.number.as_str()
    }

    /// [`ResidentId::number`]'s bytes, read without a UTF-8 check.
    pub(crate) fn number_bytes(&self) -> &[u8] {
        self.number.as_bytes()
    }

    /// The six-digit region code.
    pub fn region_code(&self) -> &str {
        self.number().get(..6).unwrap_or_default()
    }
}

impl TryFrom<String> for ResidentId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).map_err(|p| p.message_en)
    }
}

impl From<ResidentId> for String {
    fn from(id: ResidentId) -> Self {
        id.number().to_owned()
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", mask::id_number(self.number()))
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask::id_number(self.number()))
    }
}

/// Gender as registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
}

impl Gender {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
        }
    }
}

/// Civil capacity (民事行为能力) and how it was established.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CivilCapacity {
    /// The status.
    pub status: CapacityStatus,
    /// Declared by the registrant, or verified by the office.
    pub basis: CapacityBasis,
}

/// Civil-capacity status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityStatus {
    /// 完全民事行为能力.
    Full,
    /// 限制民事行为能力.
    Limited,
    /// 无民事行为能力.
    None,
    /// Not stated.
    #[default]
    Unknown,
}

impl CapacityStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Limited => "limited",
            Self::None => "none",
            Self::Unknown => "unknown",
        }
    }
}

/// How a civil-capacity status was established.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityBasis {
    /// Stated by the registrant.
    #[default]
    Declared,
    /// Checked by the office.
    Verified,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// An inline text is the parts one after another when they are
        /// ASCII and fit, and nothing otherwise (never a cut text).
        #[test]
        fn inline_text_is_the_concatenation_or_nothing(
            parts in prop::collection::vec("[0-9X\\-é]{0,7}", 0..4),
        ) {
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            let whole = parts.concat();
            let inline = Inline::<16>::concat(&refs);
            if whole.is_ascii() && whole.len() <= 16 {
                prop_assert_eq!(inline.map(|t| t.as_str().to_owned()), Some(whole));
            } else {
                prop_assert!(inline.is_none());
            }
        }

        /// Phones order as their texts do.
        #[test]
        fn phones_order_as_their_texts(a in "1[3-9][0-9]{9}|0[3-9][0-9]{2}-[2-9][0-9]{6,7}", b in "1[3-9][0-9]{9}|0[3-9][0-9]{2}-[2-9][0-9]{6,7}") {
            let (pa, pb) = (Phone::parse(&a).unwrap(), Phone::parse(&b).unwrap());
            prop_assert_eq!(pa.as_str(), a.as_str());
            prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
        }

        /// A legacy 15-digit number and its 18-digit upgrade are one
        /// person: the same canonical form, through parsing and through
        /// the stored number alike.
        #[test]
        fn a_legacy_number_and_its_upgrade_share_the_canonical_form(
            region in prop::sample::select(vec!["110105", "640402", "640423"]),
            yy in 30_u32..99, mm in 1_u32..13, dd in 1_u32..29, seq in 0_u32..1000,
        ) {
            let legacy = format!("{region}{yy:02}{mm:02}{dd:02}{seq:03}");
            let first17 = format!("{region}19{yy:02}{mm:02}{dd:02}{seq:03}");
            let check = crate::resident_id::check_character(&first17).unwrap();
            let modern = format!("{first17}{check}");
            let old = ResidentId::parse(&legacy).unwrap();
            let new = ResidentId::parse(&modern).unwrap();
            prop_assert_eq!(old.number(), legacy.as_str());
            prop_assert_eq!(old.canonical(), modern.as_str());
            prop_assert_eq!(new.canonical(), modern.as_str());
            prop_assert_eq!(ResidentId::canonical_of(&legacy), modern);
            prop_assert_eq!(old.region_code(), region);
            prop_assert_eq!(old.birth_date, new.birth_date);
        }
    }
}
