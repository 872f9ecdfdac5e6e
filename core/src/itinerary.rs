//! The day's programme: segments in order, and their layout into a timetable.
//!
//! Each segment has a nominal duration (exact, or approximate with optional
//! bounds, "约40分钟") and optionally a fixed local start. [`layout`] places
//! segments one after another from the day's start; a fixed start opens a gap
//! when it is later than the previous end and is a conflict when earlier.

use chrono::{DateTime, Duration, NaiveTime};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::plan::OpenDayPlan;
use crate::time::{LocalInstant, resolve_local, schema};
use crate::validation::{Problem, ProblemCode};

/// One part of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Identifier, unique in the itinerary.
    pub id: String,
    /// What kind of segment this is.
    pub kind: SegmentKind,
    /// Title (集合签到, 观摩点一：大原广场 ...).
    pub title: String,
    /// The part of the programme this belongs to (现场观摩).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Where it happens (a venue id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// How long it takes.
    pub duration: DurationSpec,
    /// A fixed local start time, when the plan pins one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schema::local_time")]
    pub start: Option<NaiveTime>,
    /// Responsible units (unit ids).
    #[serde(default)]
    pub units: Vec<String>,
    /// What happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Safety rules for this segment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safety: Vec<String>,
    /// How the group gets there (e.g. 大巴).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
}

/// The kind of a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// 集合签到.
    CheckIn,
    /// 现场观摩 at a site.
    SiteVisit,
    /// Moving between places.
    Travel,
    /// Explained on the way, with or without a stop.
    EnRouteBriefing,
    /// 座谈交流.
    Discussion,
    /// A presentation or briefing in place.
    Briefing,
    /// A break.
    Break,
    /// Anything else.
    Other,
}

impl SegmentKind {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::CheckIn => "check_in",
            Self::SiteVisit => "site_visit",
            Self::Travel => "travel",
            Self::EnRouteBriefing => "en_route_briefing",
            Self::Discussion => "discussion",
            Self::Briefing => "briefing",
            Self::Break => "break",
            Self::Other => "other",
        }
    }
}

/// A duration: exact, or approximate with optional bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DurationSpec {
    /// Planned minutes.
    pub minutes: u32,
    /// Whether the plan says "about" (约).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// Shortest acceptable minutes, for approximate durations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_minutes: Option<u32>,
    /// Longest acceptable minutes, for approximate durations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<u32>,
}

impl DurationSpec {
    /// An exact duration.
    pub fn exact(minutes: u32) -> Self {
        Self {
            minutes,
            approximate: false,
            min_minutes: None,
            max_minutes: None,
        }
    }

    /// The planned duration.
    pub fn nominal(self) -> Duration {
        Duration::minutes(i64::from(self.minutes))
    }
}

/// A segment placed in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduledSegment {
    /// Position in the itinerary.
    pub index: usize,
    /// The segment's id.
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
    /// When the last segment ends (the window start for an empty itinerary).
    pub fn ends_at(&self) -> DateTime<Tz> {
        self.segments
            .last()
            .map_or(self.window_start, |s| s.ends_at)
    }

    /// Minutes between the last segment's end and the window's end
    /// (negative when the programme overruns).
    pub fn slack_minutes(&self) -> i64 {
        (self.window_end - self.ends_at()).num_minutes()
    }
}

/// Lay out the itinerary of `plan` from `window_start`, returning the
/// timetable and every timing problem (fixed starts that cannot be met or do
/// not exist, segments outside the window).
pub(crate) fn layout(
    plan: &OpenDayPlan,
    tz: Tz,
    window_start: DateTime<Tz>,
    window_end: DateTime<Tz>,
) -> (Timetable, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut segments = Vec::with_capacity(plan.itinerary.len());
    let mut cursor = window_start;
    for (index, seg) in plan.itinerary.iter().enumerate() {
        let path = format!("itinerary[{index}]");
        let mut starts_at = cursor;
        let mut fixed_start = false;
        if let Some(fixed) = seg.start {
            match resolve_local(tz, plan.day.date, fixed) {
                LocalInstant::Nonexistent => problems.push(Problem::new(
                    format!("{path}.start"),
                    ProblemCode::NonexistentLocalTime,
                    format!("{fixed} does not exist on {} in {tz} (clocks go forward); choose another time", plan.day.date),
                    format!("{} {fixed} 在 {tz} 时区不存在（夏令时跳过），请另选时间", plan.day.date),
                )),
                resolved => {
                    let at = resolved.earliest().unwrap_or(cursor);
                    fixed_start = true;
                    if at < cursor {
                        let late = (cursor - at).num_minutes();
                        problems.push(Problem::new(
                            format!("{path}.start"),
                            ProblemCode::FixedStartConflict,
                            format!(
                                "\"{}\" is fixed to start at {fixed}, but the segments before it run until {}, {late} min later; shorten them or move this start",
                                seg.title,
                                cursor.format("%H:%M")
                            ),
                            format!(
                                "“{}”固定于 {fixed} 开始，但之前的环节持续到 {}，晚 {late} 分钟；请缩短之前环节或调整开始时间",
                                seg.title,
                                cursor.format("%H:%M")
                            ),
                        ));
                    }
                    starts_at = at;
                }
            }
        }
        let ends_at = starts_at + seg.duration.nominal();
        if starts_at < window_start || ends_at > window_end {
            problems.push(outside_window(
                &path,
                seg,
                starts_at,
                ends_at,
                window_start,
                window_end,
            ));
        }
        segments.push(ScheduledSegment {
            index,
            id: seg.id.clone(),
            kind: seg.kind,
            title: seg.title.clone(),
            venue: seg.venue.as_ref().map(|v| {
                plan.venues
                    .iter()
                    .find(|x| &x.id == v)
                    .map_or(v, |x| &x.name)
                    .clone()
            }),
            starts_at,
            ends_at,
            approximate: seg.duration.approximate,
            fixed_start,
            units: seg
                .units
                .iter()
                .map(|u| {
                    plan.units
                        .iter()
                        .find(|x| &x.id == u)
                        .map_or(u, |x| &x.name)
                        .clone()
                })
                .collect(),
            gap_before_minutes: (starts_at - cursor).num_minutes().max(0),
        });
        cursor = cursor.max(ends_at);
    }
    (
        Timetable {
            segments,
            window_start,
            window_end,
        },
        problems,
    )
}

fn outside_window(
    path: &str,
    seg: &Segment,
    starts_at: DateTime<Tz>,
    ends_at: DateTime<Tz>,
    window_start: DateTime<Tz>,
    window_end: DateTime<Tz>,
) -> Problem {
    let (s, e) = (starts_at.format("%H:%M"), ends_at.format("%H:%M"));
    let (ws, we) = (window_start.format("%H:%M"), window_end.format("%H:%M"));
    let by = if ends_at > window_end {
        (ends_at - window_end).num_minutes()
    } else {
        (window_start - starts_at).num_minutes()
    };
    Problem::new(
        path.to_owned(),
        ProblemCode::SegmentOutsideDay,
        format!(
            "\"{}\" runs {s}–{e}, {by} min outside the day's window {ws}–{we}; shorten the programme or widen the window",
            seg.title
        ),
        format!(
            "“{}”安排在 {s}–{e}，超出活动时间 {ws}–{we} {by} 分钟；请压缩流程或调整活动时间",
            seg.title
        ),
    )
}
