//! The open-day plan: what an office writes down before anything happens.
//! This is the bottom layer of the crate: every stage takes a [`Plan`], and
//! nothing here depends on a stage.
//!
//! [`OpenDayPlan`] is the document as written in a `*.openday.json` file
//! (serde form, unknown fields rejected); [`Plan`] is a plan that passed its
//! checks and carries its resolved time zone, instants, timetable and
//! warnings. Each section of the document has its types and its checks in
//! a module named for it:
//!
//! | section | module |
//! |---|---|
//! | `registration` | [`registration`] |
//! | `eligibility` | [`eligibility`] |
//! | `itinerary`, `travel` | [`itinerary`], laid out by [`timetable`] |
//! | `transport` | [`transport`] |
//! | `postponement` | [`postponement`] |
//! | `selection` | [`selection`] |
//! | `confirmation` | [`confirmation`] |
//! | `feedback` | [`feedback`] |
//! | `calendar` | [`calendar`] (working days, office hours) |
//! | `region` | [`region`] (districts, codes, language) |
//!
//! Problems ([`Problem`], with a [`Severity`]) come from [`check`]; file
//! reading, format versions and migration from `file`.

pub mod calendar;
pub mod check;
pub mod confirmation;
pub mod eligibility;
pub mod feedback;
mod file;
pub mod itinerary;
pub mod postponement;
pub mod preparation;
pub mod problem;
pub mod region;
pub mod registration;
pub mod selection;
pub mod summary;
pub mod timetable;
pub mod transport;

pub use file::{FORMAT_VERSION, OLDEST_FORMAT, PlanError, migrate};
pub use postponement::PostponementPolicy;
pub use problem::{Problem, ProblemCode, Severity, Stage};
pub use summary::PlanSummary;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use confirmation::ConfirmationPolicy;
use eligibility::EligibilityPolicy;
use feedback::FeedbackPolicy;
use itinerary::{Segment, TravelTime};
use registration::RegistrationPolicy;
use selection::SelectionPolicy;
use timetable::Timetable;
use transport::TransportPolicy;

use crate::time::schema;

/// An open-day plan as written in a plan file.
///
/// Fields are public so that hosts can build plans in code; call
/// [`Plan::new`] to validate one before use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "openday plan",
    description = "An open-day plan (*.openday.json)."
)]
pub struct OpenDayPlan {
    /// Optional `$schema` reference so editors can validate the file.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Plan file format version: 2 (format 1 is still read, and migrated).
    pub format: u32,
    /// Stable identifier of this open day, e.g. `guyuan-cgj-2025`.
    pub id: String,
    /// Title of the event.
    pub title: String,
    /// Theme or slogan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The organising office.
    pub organiser: Organiser,
    /// IANA time zone of the event, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// The day's window, in local time of `time_zone`.
    pub day: DayWindow,
    /// Units (departments, offices) with a role in the day; referenced by id.
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Places: gathering point, sites to visit, meeting rooms.
    #[serde(default)]
    pub venues: Vec<Venue>,
    /// Seats for citizen representatives.
    pub seats: u32,
    /// How and until when citizens register.
    pub registration: RegistrationPolicy,
    /// Who may take part.
    #[serde(default)]
    pub eligibility: EligibilityPolicy,
    /// The day's programme, in order.
    pub itinerary: Vec<Segment>,
    /// Travel times between venues; a travel leg is inserted between two
    /// consecutive segments at different venues that have an entry here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel: Vec<TravelTime>,
    /// Vehicles for the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<TransportPolicy>,
    /// Rules for moving the day (extreme weather, force majeure).
    #[serde(default)]
    pub postponement: PostponementPolicy,
    /// Balanced selection: features, quotas, households, reserves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<SelectionPolicy>,
    /// Confirmation calls, deadline, replacements and check-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<ConfirmationPolicy>,
    /// Opinion-form categories and their handling time limits.
    #[serde(default)]
    pub feedback: FeedbackPolicy,
    /// Duties before the day: reception and safety plans, vehicles,
    /// printed material, the room, the notice (derived from the itinerary
    /// unless the plan says otherwise).
    #[serde(
        default,
        skip_serializing_if = "preparation::PreparationPolicy::is_default"
    )]
    pub preparation: preparation::PreparationPolicy,
    /// The place the office serves: districts, codes, language.
    #[serde(default, skip_serializing_if = "region::RegionPolicy::is_default")]
    pub region: region::RegionPolicy,
    /// The working-day calendar and office hours the time limits follow.
    #[serde(default, skip_serializing_if = "calendar::CalendarPolicy::is_default")]
    pub calendar: calendar::CalendarPolicy,
    /// Where the plan came from and which parts are stand-ins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceNote>,
}

/// The organising office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organiser {
    /// Name of the office.
    pub name: String,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Public contact telephone (an office line, not personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Public web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A unit (department, section, agency) with duties on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Identifier used to reference the unit from segments and categories.
    pub id: String,
    /// Name of the unit.
    pub name: String,
    /// Its duties for the day (e.g. 总体协调、报名组织、车辆保障).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Public contact of the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// The day's window in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayWindow {
    /// The calendar date.
    pub date: NaiveDate,
    /// Local start time.
    #[schemars(schema_with = "schema::local_time")]
    pub start: NaiveTime,
    /// Local end time (same day).
    #[schemars(schema_with = "schema::local_time")]
    pub end: NaiveTime,
}

/// A place used on the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    /// Identifier referenced by segments.
    pub id: String,
    /// Name of the place.
    pub name: String,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// WGS 84 coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<GeoPoint>,
    /// How many people the place holds at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Notes (access, parking, safety).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A WGS 84 point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    /// Latitude in degrees, −90 to 90.
    pub latitude: f64,
    /// Longitude in degrees, −180 to 180.
    pub longitude: f64,
}

/// Provenance of a plan, including which values are stand-ins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceNote {
    /// Title of the source document.
    pub title: String,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// Values in this file that are plausible stand-ins, not the source's.
    #[serde(default)]
    pub stand_ins: Vec<String>,
}

/// An instant as written in a plan file: RFC 3339 with its offset.
pub type FileInstant = DateTime<FixedOffset>;

impl OpenDayPlan {
    /// Parse a plan document from JSON without semantic validation.
    ///
    /// Syntax and structure errors carry line, column and the path of the
    /// offending field. Use [`Plan::from_json`] to parse and validate.
    pub fn from_json(json: &str) -> Result<Self, PlanError> {
        file::parse(json, None)
    }

    /// Every problem with this plan at once, errors first, then warnings,
    /// each with its severity, its path (`itinerary[2].duration`) and a
    /// message in Chinese and English. The plan is usable when no problem
    /// [is an error](Problem::is_error).
    pub fn validate(&self) -> Vec<Problem> {
        let mut doc = self.clone();
        let migrated = migrate(&mut doc);
        let mut problems = match check::check(&doc) {
            Ok(resolved) => resolved.warnings,
            Err(problems) => problems,
        };
        problems.extend(migrated);
        problems
    }

    /// Pretty JSON in the plan file format.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a plan always serialises")
    }
}

/// A validated plan: time zone resolved, window and deadline as instants.
///
/// ```
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// assert_eq!(plan.starts_at().to_rfc3339(), "2025-09-24T14:20:00+08:00");
/// assert_eq!(plan.timetable().segments.len(), 6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    doc: OpenDayPlan,
    tz: Tz,
    starts_at: DateTime<Tz>,
    ends_at: DateTime<Tz>,
    timetable: Timetable,
    warnings: Vec<Problem>,
}

impl Plan {
    /// Validate a plan document.
    pub fn new(doc: OpenDayPlan) -> Result<Self, PlanError> {
        Self::checked(doc, None)
    }

    fn checked(mut doc: OpenDayPlan, file: Option<String>) -> Result<Self, PlanError> {
        let migrated = migrate(&mut doc);
        match check::check(&doc) {
            Ok(mut resolved) => Ok(Self {
                doc,
                tz: resolved.tz,
                starts_at: resolved.starts_at,
                ends_at: resolved.ends_at,
                timetable: resolved.timetable,
                warnings: {
                    resolved.warnings.extend(migrated);
                    resolved.warnings
                },
            }),
            Err(mut problems) => {
                problems.extend(migrated);
                Err(PlanError::Invalid { file, problems })
            }
        }
    }

    /// Parse and validate a plan from JSON text.
    pub fn from_json(json: &str) -> Result<Self, PlanError> {
        Self::checked(file::parse(json, None)?, None)
    }

    /// Parse and validate plan JSON that came from `source_name` (an
    /// uploaded file's name, a URL); errors name it as they would a path.
    pub fn from_named_json(source_name: &str, json: &str) -> Result<Self, PlanError> {
        let name = Some(source_name.to_owned());
        Self::checked(file::parse(json, name.clone())?, name)
    }

    /// Read, parse and validate a plan file; errors name the file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Self, PlanError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| PlanError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let name = Some(path.display().to_string());
        Self::checked(file::parse(&text, name.clone())?, name)
    }

    /// What the plan's checks warn about: shown wherever the plan is used,
    /// blocking nothing (for example segments shortened within their bounds
    /// to meet a fixed start).
    pub fn warnings(&self) -> Vec<&Problem> {
        self.warnings.iter().filter(|p| !p.is_error()).collect()
    }

    /// The plan's errors that block a later stage only (a quota that
    /// cannot work blocks the draw, not screening), then its warnings.
    pub fn problems(&self) -> &[Problem] {
        &self.warnings
    }

    /// The errors that block `stage`; the stage's entry points refuse to
    /// run while there are any.
    pub fn blocking(&self, stage: problem::Stage) -> Vec<&Problem> {
        self.warnings
            .iter()
            .filter(|p| p.is_error() && p.stage() == stage)
            .collect()
    }

    /// The plan document.
    pub fn document(&self) -> &OpenDayPlan {
        &self.doc
    }

    /// Give back the plan document.
    pub fn into_document(self) -> OpenDayPlan {
        self.doc
    }

    /// The event's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// When the day starts.
    pub fn starts_at(&self) -> DateTime<Tz> {
        self.starts_at
    }

    /// When the day ends.
    pub fn ends_at(&self) -> DateTime<Tz> {
        self.ends_at
    }

    /// When registration closes, in the event's zone.
    pub fn registration_deadline(&self) -> DateTime<Tz> {
        self.doc.registration.deadline.with_timezone(&self.tz)
    }

    /// When registration opens, if the plan says.
    pub fn registration_opens_at(&self) -> Option<DateTime<Tz>> {
        self.doc
            .registration
            .opens_at
            .map(|t| t.with_timezone(&self.tz))
    }

    /// The latest instant a postponement may be announced.
    pub fn postponement_notice_deadline(&self) -> DateTime<Tz> {
        self.starts_at - chrono::Duration::hours(i64::from(self.doc.postponement.min_notice_hours))
    }

    /// The itinerary laid out from the day's start.
    pub fn timetable(&self) -> &Timetable {
        &self.timetable
    }

    /// A summary of the plan (the same text in every binding).
    pub fn summary(&self) -> PlanSummary {
        PlanSummary::of(self)
    }

    /// Whether a weather warning of `kind` at `level` postpones the day,
    /// by the plan's `postponement.weather` rules.
    pub fn weather(
        &self,
        kind: &str,
        level: postponement::WarningLevel,
    ) -> postponement::WeatherDecision {
        self.doc.postponement.weather(kind, level)
    }

    /// Look up a unit by id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.doc.units.iter().find(|u| u.id == id)
    }

    /// Look up a venue by id.
    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.doc.venues.iter().find(|v| v.id == id)
    }
}
