//! The plan's itinerary laid out in time.
//!
//! Each segment has a nominal duration (exact, or approximate with bounds,
//! "约40分钟") and optionally a fixed local start. The layout places segments
//! one after another from the day's start, inserting a travel leg between
//! two places when the plan's travel-time table has one; a fixed start opens
//! a gap when it is later than the previous end. When the segments before a
//! fixed start (or the day's end) would run late, approximate segments are
//! shortened toward their minimum, and the plan gets a warning saying so; a
//! fixed start that cannot be met even then is an error. Every segment gets
//! its slack: how far it may run over before the next fixed start or the end
//! of the day is missed.
//!
//! `steps` turns segments and travel legs into steps, `fit` places them in
//! time (shortening where it must), `checks` holds the checks that need no
//! layout; the [`Timetable`] and its turns are here.

use chrono::{DateTime, Duration};
use chrono_tz::Tz;
use serde::Serialize;

use super::OpenDayPlan;
use super::itinerary::SegmentKind;
use super::transport::TravelMode;

mod checks;
mod fit;
mod steps;

pub(crate) use fit::{fit, layout};
use steps::slack;
pub(crate) use steps::{Step, steps};

/// A segment placed in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(clippy::struct_excessive_bools)] // independent facts about one segment
pub struct ScheduledSegment {
    /// Position in the itinerary (for a derived travel leg: of the segment it leads to).
    pub index: usize,
    /// The segment's id (`travel:FROM:TO` for a derived travel leg).
    pub id: String,
    /// Its kind.
    pub kind: SegmentKind,
    /// Its title.
    pub title: String,
    /// The venue's name, when it has one.
    pub venue: Option<String>,
    /// Start instant.
    pub starts_at: DateTime<Tz>,
    /// End instant.
    pub ends_at: DateTime<Tz>,
    /// Whether the duration is approximate.
    pub approximate: bool,
    /// Whether the start is fixed by the plan.
    pub fixed_start: bool,
    /// Responsible unit names.
    pub units: Vec<String>,
    /// Idle minutes before this segment (waiting for a fixed start).
    pub gap_before_minutes: i64,
    /// Minutes this segment may run over before the next fixed start or the
    /// end of the day is missed.
    pub slack_minutes: i64,
    /// Whether this is a travel leg derived from the plan's travel-time table.
    pub derived: bool,
    /// Whether these are actual (recorded) times rather than planned ones.
    pub actual: bool,
    /// For a travel leg (or a segment reached by vehicle): how it is made.
    pub mode: Option<TravelMode>,
    /// Whether it runs after the day's window (the return trip, when the
    /// plan says the window does not cover it).
    pub after_window: bool,
    /// When the party is split into groups taking turns: each group's slot,
    /// in order (empty otherwise).
    pub turns: Vec<Turn>,
}

/// One group's turn at a segment split into groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    /// 1-based group number.
    pub group: u32,
    /// People in the group (citizens and staff).
    pub size: u32,
    /// Start instant.
    pub starts_at: DateTime<Tz>,
    /// End instant.
    pub ends_at: DateTime<Tz>,
}

/// Sizes of the groups when `party` people are split into groups of at
/// most `max_size`, as even as possible (larger groups first).
pub fn group_sizes(party: u32, max_size: u32) -> Vec<u32> {
    if max_size == 0 || party == 0 {
        return Vec::new();
    }
    let k = party.div_ceil(max_size);
    let (base, extra) = (party / k, party % k);
    (0..k).map(|i| base + u32::from(i < extra)).collect()
}

/// The party that moves through the day: citizen seats and travelling staff.
pub(crate) fn party(plan: &OpenDayPlan) -> u32 {
    plan.seats
        .saturating_add(plan.transport.as_ref().map_or(0, |t| t.staff))
}

/// Each group's slot when `[start, end)` is shared out in turns: equal
/// whole minutes, the last slot taking the remainder.
fn turns(sizes: &[u32], start: DateTime<Tz>, end: DateTime<Tz>) -> Vec<Turn> {
    let Ok(k) = i64::try_from(sizes.len()) else {
        return Vec::new();
    };
    if k < 2 {
        return Vec::new();
    }
    let each = Duration::minutes((end - start).num_minutes() / k);
    let mut cursor = start;
    (1u32..)
        .zip(sizes)
        .enumerate()
        .map(|(i, (group, size))| {
            let begin = cursor;
            cursor = if i + 1 == sizes.len() {
                end
            } else {
                begin + each
            };
            Turn {
                group,
                size: *size,
                starts_at: begin,
                ends_at: cursor,
            }
        })
        .collect()
}

/// The itinerary laid out in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timetable {
    /// Segments in order.
    pub segments: Vec<ScheduledSegment>,
    /// The day's window start.
    pub window_start: DateTime<Tz>,
    /// The day's window end.
    pub window_end: DateTime<Tz>,
}

impl Timetable {
    /// When the programme ends: the last segment within the window (a
    /// return trip after the window does not count); the window start for
    /// an empty itinerary.
    pub fn ends_at(&self) -> DateTime<Tz> {
        self.segments
            .iter()
            .rev()
            .find(|s| !s.after_window)
            .map_or(self.window_start, |s| s.ends_at)
    }

    /// Minutes between the last segment's end and the window's end
    /// (negative when the programme overruns).
    pub fn slack_minutes(&self) -> i64 {
        (self.window_end - self.ends_at()).num_minutes()
    }

    /// A segment by id.
    pub fn segment(&self, id: &str) -> Option<&ScheduledSegment> {
        self.segments.iter().find(|s| s.id == id)
    }
}

pub(crate) fn timetable(
    steps: &[Step],
    times: &[(DateTime<Tz>, DateTime<Tz>)],
    actual: &[bool],
    window_start: DateTime<Tz>,
    window_end: DateTime<Tz>,
) -> Timetable {
    let slack = slack(steps, times, window_end);
    let mut previous_end = window_start;
    let segments = steps
        .iter()
        .zip(times)
        .enumerate()
        .map(|(i, (s, (starts_at, ends_at)))| {
            let gap = (*starts_at - previous_end).num_minutes().max(0);
            previous_end = *ends_at;
            ScheduledSegment {
                index: s.index,
                id: s.id.clone(),
                kind: s.kind,
                title: s.title.clone(),
                venue: s.venue.clone(),
                starts_at: *starts_at,
                ends_at: *ends_at,
                approximate: s.approximate,
                fixed_start: s.fixed.is_some(),
                units: s.units.clone(),
                gap_before_minutes: gap,
                slack_minutes: slack[i],
                derived: s.derived,
                actual: actual.get(i).copied().unwrap_or(false),
                mode: s.mode,
                after_window: s.after_window,
                turns: turns(&s.groups, *starts_at, *ends_at),
            }
        })
        .collect();
    Timetable {
        segments,
        window_start,
        window_end,
    }
}
