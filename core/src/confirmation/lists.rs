//! Work lists (call sheet, confirmed roster, check-in list) and the
//! attendance summary against the quotas.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;

use super::{CallOutcome, Roster, Status};
use crate::mask::{self, Masking};
use crate::plan::Plan;
use crate::screening::ScreeningReport;
use crate::selection::pseudonym;

/// How to reach a person.
#[derive(Clone, PartialEq, Eq)]
pub struct Contact {
    /// Data row of the registration.
    pub row: u64,
    /// Name.
    pub name: String,
    /// Phone, when given.
    pub phone: Option<String>,
}

impl fmt::Debug for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contact")
            .field("row", &self.row)
            .field("name", &mask::name(&self.name))
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .finish()
    }
}

/// Pool id → contact, for the lists; built from the screening report, kept
/// apart from the pool and the journal (which hold no personal data).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory(BTreeMap<String, Contact>);

impl Directory {
    /// The eligible registrants of `report`, under their pool ids (keyed
    /// by the report's pseudonym key; empty without one).
    pub fn from_screening(report: &ScreeningReport, plan: &Plan) -> Self {
        let id = &plan.document().id;
        let Some(key) = report.pseudonym_key.as_ref() else {
            return Self::default();
        };
        Self(
            report
                .eligible()
                .map(|(row, r)| {
                    (
                        pseudonym(key, id, &r),
                        Contact {
                            row,
                            name: r.name,
                            phone: r.phone.as_ref().map(|p| p.as_str().to_owned()),
                        },
                    )
                })
                .collect(),
        )
    }

    /// A contact by pool id.
    pub fn get(&self, id: &str) -> Option<&Contact> {
        self.0.get(id)
    }
}

/// One line of the call sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallSheetRow {
    /// Seat held.
    pub seat: Option<u32>,
    /// Pool id.
    pub id: String,
    /// Registration row.
    pub row: Option<u64>,
    /// Name (masked unless asked).
    pub name: String,
    /// Phone (masked unless asked; the caller needs it unmasked).
    pub phone: String,
    /// Status.
    pub status: &'static str,
    /// Calls without a decision so far.
    pub attempts: u32,
    /// Outcome of the last call.
    pub last_outcome: Option<&'static str>,
    /// Earliest time for the next call.
    pub call_from: Option<DateTime<FixedOffset>>,
}

/// One line of the roster or the check-in list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    /// Seat.
    pub seat: Option<u32>,
    /// Pool id.
    pub id: String,
    /// Registration row.
    pub row: Option<u64>,
    /// Name (masked unless asked).
    pub name: String,
    /// Status.
    pub status: &'static str,
    /// Whose seat they took, for replacements.
    pub replaces: Option<String>,
    /// Check-in time.
    pub checked_in_at: Option<DateTime<FixedOffset>>,
    /// Arrived after the check-in segment.
    pub late: bool,
}

/// Seats per feature value: targets, drawn, confirmed and came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceLine {
    /// Feature.
    pub feature: String,
    /// Value.
    pub value: String,
    /// Lower bound.
    pub min: u32,
    /// Upper bound.
    pub max: u32,
    /// On the panel as drawn.
    pub drawn: u32,
    /// Holding a seat and confirmed (or came).
    pub confirmed: u32,
    /// Checked in.
    pub came: u32,
}

/// Who came, against the quotas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// Seats.
    pub seats: u32,
    /// Confirmed seats (including those who came or did not).
    pub confirmed: u32,
    /// Checked in.
    pub came: u32,
    /// Of whom late.
    pub late: u32,
    /// Confirmed but did not come.
    pub no_shows: u32,
    /// Walk-ins admitted.
    pub walk_ins_admitted: u32,
    /// Walk-ins refused.
    pub walk_ins_refused: u32,
    /// Seats taken by reserves.
    pub replacements: u32,
    /// Per feature value.
    pub lines: Vec<AttendanceLine>,
    /// Whether the group that came meets every quota.
    pub balanced: bool,
}

fn count<T>(it: impl Iterator<Item = T>) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}

impl Roster {
    /// Who to call next: people holding a seat without a decision, call-backs
    /// due first, then by seat; `at` decides who may be called yet.
    /// Names and phones are masked unless `masking` is `Unmasked` (the
    /// caller needs the phone: ask for it explicitly).
    pub fn call_sheet(
        &self,
        at: DateTime<FixedOffset>,
        directory: &Directory,
        masking: Masking,
    ) -> Vec<CallSheetRow> {
        let spacing = Duration::minutes(i64::from(self.policy().min_spacing_minutes));
        let mut rows: Vec<CallSheetRow> = self
            .people()
            .filter(|p| {
                matches!(
                    p.status,
                    Status::Selected | Status::Notified | Status::Offered
                )
            })
            .map(|p| {
                let contact = directory.get(&p.id);
                let last = p.calls.last();
                let call_from = last.map(|c| match c.outcome {
                    CallOutcome::CallBack { at } => at,
                    _ => c.at + spacing,
                });
                CallSheetRow {
                    seat: p.seat,
                    id: p.id.clone(),
                    row: contact.map(|c| c.row),
                    name: contact.map_or_else(String::new, |c| masking.apply(&c.name, mask::name)),
                    phone: contact
                        .and_then(|c| c.phone.as_deref())
                        .map_or_else(String::new, |ph| masking.apply(ph, mask::phone)),
                    status: p.status.code(),
                    attempts: p.open_attempts(),
                    last_outcome: last.map(|c| c.outcome.code()),
                    call_from,
                }
            })
            .collect();
        rows.sort_by_key(|r| (r.call_from.is_none_or(|t| t > at), r.call_from, r.seat));
        rows
    }

    fn row(p: &super::Person, directory: &Directory, masking: Masking) -> RosterRow {
        let contact = directory.get(&p.id);
        RosterRow {
            seat: p.seat,
            id: p.id.clone(),
            row: contact.map(|c| c.row),
            name: contact.map_or_else(String::new, |c| masking.apply(&c.name, mask::name)),
            status: p.status.code(),
            replaces: p.replaces.clone(),
            checked_in_at: p.checked_in_at,
            late: p.late,
        }
    }

    /// People holding a seat who confirmed (and whether they came), by seat.
    pub fn confirmed_roster(&self, directory: &Directory, masking: Masking) -> Vec<RosterRow> {
        let mut rows: Vec<RosterRow> = self
            .people()
            .filter(|p| {
                matches!(
                    p.status,
                    Status::Confirmed | Status::CheckedIn | Status::NoShow
                )
            })
            .map(|p| Self::row(p, directory, masking))
            .collect();
        rows.sort_by_key(|r| r.seat);
        rows
    }

    /// The list at the gathering point: confirmed people by name (masked
    /// unless asked), with who has checked in.
    pub fn check_in_list(&self, directory: &Directory, masking: Masking) -> Vec<RosterRow> {
        let mut rows: Vec<RosterRow> = self
            .people()
            .filter(|p| matches!(p.status, Status::Confirmed | Status::CheckedIn))
            .map(|p| Self::row(p, directory, masking))
            .collect();
        rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        rows
    }

    /// Who came, against the quotas: per value, the bounds and the counts
    /// drawn, confirmed and come.
    pub fn attendance(&self) -> Attendance {
        let pool = self.pool();
        let values = |id: &str| -> Option<&[String]> {
            pool.position(id)
                .map(|i| pool.candidates()[i].values.as_slice())
        };
        let confirmed: Vec<&str> = self
            .people()
            .filter(|p| {
                matches!(
                    p.status,
                    Status::Confirmed | Status::CheckedIn | Status::NoShow
                )
            })
            .map(|p| p.id.as_str())
            .collect();
        let came: Vec<&str> = self
            .people()
            .filter(|p| p.status == Status::CheckedIn)
            .map(|p| p.id.as_str())
            .collect();
        let resolved = self.targets().resolve(pool).ok();
        let mut lines = Vec::new();
        let mut balanced = true;
        for (f, feature) in resolved.iter().flat_map(|r| r.features.iter().enumerate()) {
            for q in &feature.values {
                let has = |id: &&str| values(id).is_some_and(|v| v[f] == q.value);
                let line = AttendanceLine {
                    feature: feature.name.clone(),
                    value: q.value.clone(),
                    min: q.min,
                    max: q.max,
                    drawn: count(self.drawn_panel().iter().map(String::as_str).filter(has)),
                    confirmed: count(confirmed.iter().filter(|i| has(i))),
                    came: count(came.iter().filter(|i| has(i))),
                };
                balanced &= (line.min..=line.max).contains(&line.came);
                lines.push(line);
            }
        }
        Attendance {
            seats: self.targets().seats,
            confirmed: count(confirmed.iter()),
            came: count(came.iter()),
            late: count(self.people().filter(|p| p.late)),
            no_shows: count(self.people().filter(|p| p.status == Status::NoShow)),
            walk_ins_admitted: count(self.walk_ins().iter().filter(|w| w.1)),
            walk_ins_refused: count(self.walk_ins().iter().filter(|w| !w.1)),
            replacements: count(self.people().filter(|p| p.replaces.is_some())),
            lines,
            balanced,
        }
    }
}

/// Rows as CSV with a header ([`crate::export`]: UTF-8 with BOM for Excel,
/// formula cells neutralised).
pub fn to_csv<T: Serialize>(rows: &[T]) -> Result<String, csv::Error> {
    crate::export::csv_string(rows)
}
