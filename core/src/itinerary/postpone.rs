//! Moving the whole day (extreme weather, a major event, force majeure).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::Serialize;

use crate::plan::{Plan, PlanError};

/// One field that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRecord {
    /// Path of the field in the plan, e.g. `day.date`, `itinerary[5].start`.
    pub field: String,
    /// The old value.
    pub from: String,
    /// The new value.
    pub to: String,
}

/// Who must be told of a move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "audience", rename_all = "snake_case")]
pub enum Audience {
    /// Every confirmed participant.
    ConfirmedParticipants,
    /// Everyone on the reserve list.
    Reserves,
    /// A responsible unit.
    Unit {
        /// The unit's id.
        id: String,
        /// Its name.
        name: String,
    },
}

/// A postponed day: the new plan and the change set for the journal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Postponement {
    /// The plan with the new date and times (validated).
    #[serde(skip)]
    pub plan: Plan,
    /// The original start.
    pub original_start: DateTime<Tz>,
    /// The new start.
    pub new_start: DateTime<Tz>,
    /// When the move is announced.
    pub announced_at: DateTime<Tz>,
    /// Hours of notice given before the original start.
    pub notice_hours: i64,
    /// Every field that moved.
    pub changes: Vec<ChangeRecord>,
    /// Who must be told.
    pub notify: Vec<Audience>,
}

/// Why the day cannot be moved as asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PostponeError {
    /// The announcement comes later than the plan's minimum notice allows.
    #[error(
        "the move is announced at {announced_at}, {given_hours} h before the original start, but the plan promises at least {needed_hours} h notice (announce by {latest}); announce earlier or lower postponement.min_notice_hours"
    )]
    NoticeTooShort {
        /// When it would be announced.
        announced_at: String,
        /// Hours of notice it would give.
        given_hours: i64,
        /// Hours the plan requires.
        needed_hours: u32,
        /// The latest announcement time.
        latest: String,
    },
    /// The new start and the day's length cross midnight.
    #[error(
        "the new start {start} makes the day run past midnight; the day must end on the same date"
    )]
    CrossesMidnight {
        /// The new start.
        start: NaiveTime,
    },
    /// The moved plan is not valid (for example, a fixed start no longer exists).
    #[error("the moved plan is not valid: {0}")]
    Invalid(#[from] PlanError),
}

impl PostponeError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoticeTooShort { .. } => "notice_too_short",
            Self::CrossesMidnight { .. } => "crosses_midnight",
            Self::Invalid(_) => "invalid",
        }
    }
}

fn shift(t: NaiveTime, by: Duration) -> Option<NaiveTime> {
    let (moved, wrapped) = t.overflowing_add_signed(by);
    (wrapped == 0).then_some(moved)
}

/// Move the day to `new_date`, optionally starting at `new_start` (the day
/// keeps its length and fixed starts move with it), announced at
/// `announced_at`. With `postponement.shift_registration_deadline` the
/// registration deadline moves by the same amount.
///
/// ```
/// use chrono::NaiveDate;
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let announced = "2025-09-22T17:00:00+08:00".parse().unwrap();
/// let moved = openday::itinerary::postpone(&plan, NaiveDate::from_ymd_opt(2025, 9, 26).unwrap(), None, announced).unwrap();
/// assert_eq!(moved.new_start.to_rfc3339(), "2025-09-26T14:20:00+08:00");
/// assert_eq!(moved.changes[0].field, "day.date");
/// // Announcing 2 hours before the start breaks the promised 24 hours.
/// let late = "2025-09-24T12:20:00+08:00".parse().unwrap();
/// assert!(openday::itinerary::postpone(&plan, NaiveDate::from_ymd_opt(2025, 9, 26).unwrap(), None, late).is_err());
/// ```
pub fn postpone(
    plan: &Plan,
    new_date: NaiveDate,
    new_start: Option<NaiveTime>,
    announced_at: DateTime<FixedOffset>,
) -> Result<Postponement, PostponeError> {
    let tz = plan.time_zone();
    let old = plan.document();
    let policy = &old.postponement;
    let announced_at = announced_at.with_timezone(&tz);
    let latest = plan.postponement_notice_deadline();
    let notice_hours = (plan.starts_at() - announced_at).num_hours();
    if announced_at > latest {
        return Err(PostponeError::NoticeTooShort {
            announced_at: announced_at.format("%Y-%m-%d %H:%M").to_string(),
            given_hours: notice_hours,
            needed_hours: policy.min_notice_hours,
            latest: latest.format("%Y-%m-%d %H:%M").to_string(),
        });
    }
    let start = new_start.unwrap_or(old.day.start);
    let by = start - old.day.start;
    let mut doc = old.clone();
    let mut changes = Vec::new();
    let mut record = |field: String, from: String, to: String| {
        if from != to {
            changes.push(ChangeRecord { field, from, to });
        }
    };
    doc.day.date = new_date;
    doc.day.start = start;
    doc.day.end = shift(old.day.end, by).ok_or(PostponeError::CrossesMidnight { start })?;
    record(
        "day.date".into(),
        old.day.date.to_string(),
        new_date.to_string(),
    );
    record(
        "day.start".into(),
        old.day.start.to_string(),
        doc.day.start.to_string(),
    );
    record(
        "day.end".into(),
        old.day.end.to_string(),
        doc.day.end.to_string(),
    );
    for (i, seg) in doc.itinerary.iter_mut().enumerate() {
        if let Some(t) = seg.start {
            let moved = shift(t, by).ok_or(PostponeError::CrossesMidnight { start })?;
            seg.start = Some(moved);
            record(
                format!("itinerary[{i}].start"),
                t.to_string(),
                moved.to_string(),
            );
        }
    }
    let moved_plan = Plan::new(doc.clone())?;
    if policy.shift_registration_deadline {
        let delta = moved_plan.starts_at() - plan.starts_at();
        doc.registration.deadline = old.registration.deadline + delta;
        record(
            "registration.deadline".into(),
            old.registration.deadline.to_rfc3339(),
            doc.registration.deadline.to_rfc3339(),
        );
    }
    let moved_plan = Plan::new(doc)?;
    let mut notify = vec![Audience::ConfirmedParticipants, Audience::Reserves];
    notify.extend(old.units.iter().map(|u| Audience::Unit {
        id: u.id.clone(),
        name: u.name.clone(),
    }));
    Ok(Postponement {
        original_start: plan.starts_at(),
        new_start: moved_plan.starts_at(),
        announced_at,
        notice_hours,
        changes,
        notify,
        plan: moved_plan,
    })
}
