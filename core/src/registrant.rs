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

/// A normalised mainland phone number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

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

    pub(crate) fn from_normalised(s: String) -> Self {
        Self(s)
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Mobile or landline.
    pub fn kind(&self) -> PhoneKind {
        if self.0.contains('-') {
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
        p.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", mask::phone(&self.0))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask::phone(&self.0))
    }
}

/// A checked mainland resident ID number with what it encodes.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId {
    number: String,
    /// The 18-character form (a legacy 15-digit number upgraded with its
    /// century and check character): the same person's key either way.
    canonical: String,
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
        match (number.get(..6), number.get(6..)) {
            (Some(region), Some(rest)) if number.len() == 15 => {
                let first17 = format!("{region}19{rest}");
                let check = crate::resident_id::check_character(&first17).unwrap_or('0');
                format!("{first17}{check}")
            }
            _ => number.to_owned(),
        }
    }

    pub(crate) fn from_parts(number: String, birth_date: NaiveDate, gender: Gender) -> Self {
        let canonical = Self::canonical_of(&number);
        Self {
            number,
            canonical,
            birth_date,
            gender,
        }
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
        &self.canonical
    }

    /// The number (upper-case `X`).
    pub fn number(&self) -> &str {
        &self.number
    }

    /// The six-digit region code.
    pub fn region_code(&self) -> &str {
        &self.number[..6]
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
        id.number
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", mask::id_number(&self.number))
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask::id_number(&self.number))
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
