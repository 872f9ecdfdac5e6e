//! Who attended earlier open days, for the `not_recently_attended` rule.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::mask;
use crate::normalize;
use crate::registrant::PersonKey;

/// One person's attendance at a past open day.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastAttendance {
    /// The past open day's id.
    pub open_day: String,
    /// Its date.
    pub date: NaiveDate,
    /// The attendee's ID number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// The attendee's name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The attendee's phone, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The attendee's e-mail address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl fmt::Debug for PastAttendance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PastAttendance")
            .field("open_day", &self.open_day)
            .field("date", &self.date)
            .field("id_number", &self.id_number.as_deref().map(mask::id_number))
            .field("name", &self.name.as_deref().map(mask::name))
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .field("email", &self.email.as_deref().map(mask::email))
            .finish()
    }
}

impl PastAttendance {
    /// The keys this attendance can be matched by (normalised like registrants).
    pub(crate) fn keys(&self) -> Vec<PersonKey> {
        let mut keys = Vec::new();
        if let Some(id) = self.id_number.as_deref() {
            let id = normalize::id_number(id).map_or_else(
                |_| id.trim().to_ascii_uppercase(),
                |v| v.canonical().to_owned(),
            );
            keys.push(PersonKey::Id(id));
        }
        let name = self
            .name
            .as_deref()
            .map(|n| normalize::name(n).unwrap_or_else(|_| n.trim().to_owned()));
        if let (Some(name), Some(phone)) = (&name, self.phone.as_deref()) {
            let phone = normalize::phone(phone)
                .map_or_else(|_| phone.trim().to_owned(), |p| p.as_str().to_owned());
            keys.push(PersonKey::NamePhone(name.clone(), phone));
        }
        if let (Some(name), Some(email)) = (name, self.email.as_deref()) {
            let email = normalize::email(email).unwrap_or_else(|_| email.trim().to_owned());
            keys.push(PersonKey::NameEmail(name, email));
        }
        keys
    }
}

/// Attendance at past open days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttendanceHistory {
    /// Every attendance record.
    pub entries: Vec<PastAttendance>,
}

impl AttendanceHistory {
    /// A history from its records.
    pub fn new(entries: Vec<PastAttendance>) -> Self {
        Self { entries }
    }

    /// The last `n` open days before `before` (by date, then id) and who
    /// attended them: person key → (open day, date) of the latest attendance.
    pub(crate) fn recent(
        &self,
        before: NaiveDate,
        n: usize,
    ) -> HashMap<PersonKey, (String, NaiveDate)> {
        let days: BTreeSet<(NaiveDate, &str)> = self
            .entries
            .iter()
            .filter(|e| e.date < before)
            .map(|e| (e.date, e.open_day.as_str()))
            .collect();
        let recent: BTreeSet<&(NaiveDate, &str)> = days.iter().rev().take(n).collect();
        let mut out: HashMap<PersonKey, (String, NaiveDate)> = HashMap::new();
        for e in &self.entries {
            if !recent.contains(&(e.date, e.open_day.as_str())) {
                continue;
            }
            for key in e.keys() {
                let entry = out
                    .entry(key)
                    .or_insert_with(|| (e.open_day.clone(), e.date));
                if e.date > entry.1 {
                    *entry = (e.open_day.clone(), e.date);
                }
            }
        }
        out
    }
}
