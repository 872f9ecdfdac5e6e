//! Ledger reports as of any instant, and exports.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Case, ContactPreference, Ledger, Status};
use crate::mask::{self, Masking};

/// A point past (or near) its due date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueRow {
    /// Point id.
    pub point: String,
    /// Category name.
    pub category: String,
    /// Responsible unit name.
    pub unit: String,
    /// State.
    pub status: Status,
    /// Due date.
    pub due: DateTime<Tz>,
    /// Hours past due (negative: hours left).
    pub late_hours: f64,
    /// Working days past due (0 when due today or not yet due).
    pub late_working_days: i64,
}

/// One unit's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRow {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Points it holds or held.
    pub total: u64,
    /// Points it still has to handle.
    pub open: u64,
    /// Of those, overdue.
    pub overdue: u64,
    /// Points resolved or shelved.
    pub done: u64,
    /// Of those, done by the due date.
    pub on_time: u64,
    /// `on_time / done`, when anything was done.
    pub on_time_rate: Option<f64>,
    /// Median hours from filing to resolution.
    pub median_handling_hours: Option<f64>,
}

/// One category's points by state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryRow {
    /// Category id.
    pub category: String,
    /// Category name.
    pub name: String,
    /// Points.
    pub total: u64,
    /// Points per state code.
    pub by_status: BTreeMap<&'static str, u64>,
}

/// A citizen still waiting to be told the outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyRow {
    /// Point id.
    pub point: String,
    /// State (resolved, verified or shelved).
    pub status: Status,
    /// Responsible unit name.
    pub unit: String,
    /// The outcome to tell.
    pub outcome: String,
    /// How they want to hear back.
    pub contact: ContactPreference,
    /// Working days since it was resolved or shelved.
    pub waiting_working_days: i64,
}

/// The ledger as of an instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerReport {
    /// The instant.
    pub as_of: DateTime<Tz>,
    /// Points by state.
    pub counts: BTreeMap<&'static str, u64>,
    /// Open points past their due date, most late first.
    pub overdue: Vec<OverdueRow>,
    /// Open points due within the horizon, soonest first.
    pub due_soon: Vec<OverdueRow>,
    /// Per responsible unit.
    pub units: Vec<UnitRow>,
    /// Per category.
    pub categories: Vec<CategoryRow>,
    /// Citizens still owed the outcome (resolved, verified or shelved, not
    /// anonymous, not yet told), longest waiting first.
    pub replies: Vec<ReplyRow>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    })
}

#[allow(clippy::cast_precision_loss)]
fn hours(a: DateTime<Tz>, b: DateTime<Tz>) -> f64 {
    (a - b).num_seconds() as f64 / 3600.0
}

impl LedgerReport {
    /// The report as of `now`; "due soon" means within `horizon_working_days`.
    #[allow(clippy::too_many_lines)] // one pass over the cases fills every table
    pub fn as_of(ledger: &Ledger, now: DateTime<FixedOffset>, horizon_working_days: u32) -> Self {
        let tz = ledger.time_zone();
        let now = now.with_timezone(&tz);
        let cal = ledger.calendar();
        let wd = |from: DateTime<Tz>, to: DateTime<Tz>| {
            cal.working_days_between(from.date_naive(), to.date_naive())
                .unwrap_or(0)
        };
        let horizon = cal
            .add_working_days(now.date_naive(), horizon_working_days)
            .ok();
        let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut overdue = Vec::new();
        let mut due_soon = Vec::new();
        let mut replies = Vec::new();
        let mut units: BTreeMap<String, (UnitRow, Vec<f64>)> = BTreeMap::new();
        let mut categories: BTreeMap<String, CategoryRow> = BTreeMap::new();
        for c in ledger.cases() {
            *counts.entry(c.status.code()).or_default() += 1;
            let cat = categories
                .entry(c.category.clone())
                .or_insert_with(|| CategoryRow {
                    category: c.category.clone(),
                    name: ledger.category_name(&c.category),
                    total: 0,
                    by_status: BTreeMap::new(),
                });
            cat.total += 1;
            *cat.by_status.entry(c.status.code()).or_default() += 1;
            let unit_name = c
                .unit
                .as_deref()
                .map_or_else(|| "(未分派 unassigned)".to_owned(), |u| ledger.unit_name(u));
            let row = |c: &Case, due: DateTime<Tz>| OverdueRow {
                point: c.id.clone(),
                category: ledger.category_name(&c.category),
                unit: unit_name.clone(),
                status: c.status,
                due,
                late_hours: hours(now, due),
                late_working_days: wd(due, now),
            };
            if c.status.is_open_work()
                && let Some(due) = c.due
            {
                if now > due {
                    overdue.push(row(c, due));
                } else if horizon.is_some_and(|h| due.date_naive() <= h) {
                    due_soon.push(row(c, due));
                }
            }
            if matches!(
                c.status,
                Status::Resolved | Status::Verified | Status::Shelved
            ) && !c.anonymous
                && c.informed_at.is_none()
            {
                replies.push(ReplyRow {
                    point: c.id.clone(),
                    status: c.status,
                    unit: unit_name.clone(),
                    outcome: c.outcome.clone().unwrap_or_default(),
                    contact: c.contact,
                    waiting_working_days: c.resolved_at.map_or(0, |r| wd(r, now)),
                });
            }
            if let Some(u) = &c.unit {
                let (r, handling) = units.entry(u.clone()).or_insert_with(|| {
                    (
                        UnitRow {
                            unit: u.clone(),
                            name: ledger.unit_name(u),
                            total: 0,
                            open: 0,
                            overdue: 0,
                            done: 0,
                            on_time: 0,
                            on_time_rate: None,
                            median_handling_hours: None,
                        },
                        Vec::new(),
                    )
                });
                r.total += 1;
                if c.status.is_open_work() {
                    r.open += 1;
                    if c.due.is_some_and(|d| now > d) {
                        r.overdue += 1;
                    }
                }
                if let (Some(done), Some(filed)) = (c.resolved_at, c.filed_at) {
                    r.done += 1;
                    if c.due.is_none_or(|d| done <= d) {
                        r.on_time += 1;
                    }
                    handling.push(hours(done, filed));
                }
            }
        }
        overdue.sort_by(|a, b| {
            b.late_hours
                .total_cmp(&a.late_hours)
                .then(a.point.cmp(&b.point))
        });
        due_soon.sort_by(|a, b| a.due.cmp(&b.due).then(a.point.cmp(&b.point)));
        replies.sort_by(|a, b| {
            b.waiting_working_days
                .cmp(&a.waiting_working_days)
                .then(a.point.cmp(&b.point))
        });
        #[allow(clippy::cast_precision_loss)]
        let units = units
            .into_values()
            .map(|(mut r, handling)| {
                r.on_time_rate = (r.done > 0).then(|| r.on_time as f64 / r.done as f64);
                r.median_handling_hours = median(handling);
                r
            })
            .collect();
        Self {
            as_of: now,
            counts,
            overdue,
            due_soon,
            units,
            categories: categories.into_values().collect(),
            replies,
        }
    }
}

impl fmt::Display for LedgerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Ledger as of {}:",
            self.as_of.format("%Y-%m-%d %H:%M %Z")
        )?;
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        writeln!(f, "  points: {}", counts.join(", "))?;
        writeln!(f, "Overdue ({}):", self.overdue.len())?;
        for r in &self.overdue {
            writeln!(
                f,
                "  {:<10} {:<8} {:<18} due {}  {} working day(s) late ({:.0} h)",
                r.point,
                r.category,
                r.unit,
                r.due.format("%Y-%m-%d %H:%M"),
                r.late_working_days,
                r.late_hours
            )?;
        }
        writeln!(f, "Due soon ({}):", self.due_soon.len())?;
        for r in &self.due_soon {
            writeln!(
                f,
                "  {:<10} {:<8} {:<18} due {}",
                r.point,
                r.category,
                r.unit,
                r.due.format("%Y-%m-%d %H:%M")
            )?;
        }
        writeln!(
            f,
            "Per unit (total / open / overdue / done / on time / median h):"
        )?;
        for u in &self.units {
            writeln!(
                f,
                "  {:<18} {:>3} / {:>3} / {:>3} / {:>3} / {:>4} / {:>6}",
                u.name,
                u.total,
                u.open,
                u.overdue,
                u.done,
                u.on_time_rate
                    .map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0)),
                u.median_handling_hours
                    .map_or_else(|| "—".to_owned(), |h| format!("{h:.1}"))
            )?;
        }
        writeln!(f, "Still owed a reply ({}):", self.replies.len())?;
        for r in &self.replies {
            writeln!(
                f,
                "  {:<10} {:<9} {:<18} waiting {} working day(s), by {:?}",
                r.point,
                r.status.code(),
                r.unit,
                r.waiting_working_days,
                r.contact
            )?;
        }
        Ok(())
    }
}

/// A flat row of the ledger for printing or spreadsheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    /// Point id.
    pub point: String,
    /// Category name.
    pub category: String,
    /// The citizen's words.
    pub text: String,
    /// Place.
    pub place: Option<String>,
    /// State code.
    pub status: &'static str,
    /// Responsible unit name.
    pub unit: Option<String>,
    /// Filed at (RFC 3339).
    pub filed_at: Option<String>,
    /// Due (RFC 3339).
    pub due: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Told at (RFC 3339).
    pub informed_at: Option<String>,
    /// Contact name (masked unless asked).
    pub contact_name: Option<String>,
    /// Contact phone (masked unless asked).
    pub contact_phone: Option<String>,
    /// Anonymous form.
    pub anonymous: bool,
}

impl Ledger {
    /// Every point as a flat row; contact details masked unless asked.
    pub fn rows(&self, masking: Masking) -> Vec<LedgerRow> {
        self.cases()
            .map(|c| {
                let form = self.form(&c.form);
                LedgerRow {
                    point: c.id.clone(),
                    category: self.category_name(&c.category),
                    text: c.text.clone(),
                    place: c.place.clone(),
                    status: c.status.code(),
                    unit: c.unit.as_deref().map(|u| self.unit_name(u)),
                    filed_at: c.filed_at.map(|t| t.to_rfc3339()),
                    due: c.due.map(|t| t.to_rfc3339()),
                    outcome: c.outcome.clone(),
                    informed_at: c.informed_at.map(|t| t.to_rfc3339()),
                    contact_name: form
                        .and_then(|f| f.contact_name.as_deref())
                        .map(|n| masking.apply(n, mask::name)),
                    contact_phone: form
                        .and_then(|f| f.contact_phone.as_deref())
                        .map(|p| masking.apply(p, mask::phone)),
                    anonymous: c.anonymous,
                }
            })
            .collect()
    }

    /// The ledger as CSV ([`crate::export`]: UTF-8 with BOM for Excel,
    /// formula cells neutralised).
    pub fn to_csv(&self, masking: Masking) -> String {
        crate::export::csv_string(self.rows(masking)).unwrap_or_default()
    }

    /// The ledger as pretty JSON.
    pub fn to_json(&self, masking: Masking) -> String {
        serde_json::to_string_pretty(&self.rows(masking)).unwrap_or_default()
    }
}
