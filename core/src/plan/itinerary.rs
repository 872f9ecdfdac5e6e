//! The plan's `itinerary` and `travel` sections: the day's segments in
//! order and the travel times between venues. Their layout in time is
//! [`crate::plan::timetable`]; re-planning, postponement and exports are
//! [`crate::itinerary`].

use chrono::{Duration, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;

/// The most minutes a segment, a travel leg or a grace period may take: a day.
pub const MAX_MINUTES: u32 = 24 * 60;
use super::problem::ProblemCode;
use super::transport::TravelMode;

use crate::time::schema;

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
    /// How the group gets there, in words (e.g. 大巴).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    /// For a travel segment (or a segment reached by a leg of its own): by
    /// the group's vehicles, on foot or otherwise. When absent, a segment
    /// with `transport` or of kind `travel` goes by the group's vehicles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TravelMode>,
    /// Split the party into groups of at most `max_size` that take turns
    /// (a small lab, a control room): the segment's time is shared out
    /// between the groups, each with its own slot in the timetable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<GroupSplit>,
}

/// Groups taking turns at a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSplit {
    /// At most this many people in a group (citizens and staff).
    pub max_size: u32,
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

/// A travel time between two venues (either direction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelTime {
    /// A venue id.
    pub from: String,
    /// Another venue id.
    pub to: String,
    /// Minutes between them.
    pub minutes: u32,
    /// How (default: by the group's vehicles).
    #[serde(default, skip_serializing_if = "is_bus")]
    pub mode: TravelMode,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if signature
fn is_bus(mode: &TravelMode) -> bool {
    *mode == TravelMode::Bus
}

impl Checker<'_> {
    /// A number of minutes from the plan that no part of one day can take.
    pub(super) fn minutes_in_a_day(&mut self, path: String, minutes: u32) {
        if minutes > MAX_MINUTES {
            self.push(
                path,
                ProblemCode::OutOfRange,
                format!(
                    "{minutes} minutes is longer than a day ({MAX_MINUTES}); give the real minutes"
                ),
                format!("{minutes} 分钟超过一天（{MAX_MINUTES} 分钟），请填写实际分钟数"),
            );
        }
    }

    pub(super) fn itinerary(&mut self) {
        let p = self.plan;
        if p.itinerary.is_empty() {
            self.push(
                "itinerary",
                ProblemCode::NoSegments,
                "the itinerary is empty; list the day's segments in order".into(),
                "活动流程为空，请按顺序列出各环节".into(),
            );
        }
        self.unique_ids("itinerary", p.itinerary.iter().map(|s| s.id.as_str()));
        for (i, seg) in p.itinerary.iter().enumerate() {
            let path = format!("itinerary[{i}]");
            self.not_empty(
                &format!("{path}.title"),
                &seg.title,
                "the segment's title",
                "环节名称",
            );
            if let Some(v) = &seg.venue {
                self.venue_ref(format!("{path}.venue"), v);
            }
            for (j, u) in seg.units.iter().enumerate() {
                self.unit_ref(format!("{path}.units[{j}]"), u);
            }
            let d = seg.duration;
            for (field, m) in [
                ("minutes", Some(d.minutes)),
                ("min_minutes", d.min_minutes),
                ("max_minutes", d.max_minutes),
            ] {
                if let Some(m) = m {
                    self.minutes_in_a_day(format!("{path}.duration.{field}"), m);
                }
            }
            if d.minutes == 0 {
                self.push(
                    format!("{path}.duration"),
                    ProblemCode::ZeroDuration,
                    "the duration is 0 minutes; give the planned minutes".into(),
                    "时长为 0 分钟，请填写计划时长".into(),
                );
            }
            let bounds_ok = d.min_minutes.is_none_or(|m| m <= d.minutes)
                && d.max_minutes.is_none_or(|m| m >= d.minutes);
            if !bounds_ok {
                self.push(
                    format!("{path}.duration"),
                    ProblemCode::BadDurationRange,
                    format!("the bounds {:?}–{:?} do not contain the planned {} min; fix min_minutes/max_minutes", d.min_minutes, d.max_minutes, d.minutes),
                    format!("时长范围 {:?}–{:?} 不包含计划的 {} 分钟，请更正 min_minutes/max_minutes", d.min_minutes, d.max_minutes, d.minutes),
                );
            } else if !d.approximate && (d.min_minutes.is_some() || d.max_minutes.is_some()) {
                self.push(
                    format!("{path}.duration"),
                    ProblemCode::BadDurationRange,
                    "bounds are given for an exact duration; set \"approximate\": true or remove them".into(),
                    "精确时长不应设置范围，请设 \"approximate\": true 或删除范围".into(),
                );
            }
        }
    }
}
