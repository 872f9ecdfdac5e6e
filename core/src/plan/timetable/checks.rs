//! Checks on the itinerary that need no layout: room capacities and
//! segments outside the day's window.

use chrono::DateTime;
use chrono_tz::Tz;

use super::steps::step_path;
use super::{Step, group_sizes, party};
use crate::plan::OpenDayPlan;
use crate::plan::itinerary::{Segment, SegmentKind};
use crate::plan::problem::{Problem, ProblemCode};

/// Checks of the programme that do not depend on times.
pub(super) fn checks(plan: &OpenDayPlan) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(i) = plan
        .itinerary
        .iter()
        .position(|s| s.kind == SegmentKind::CheckIn)
        .filter(|i| *i > 0)
    {
        problems.push(Problem::new(
            format!("itinerary[{i}].kind"),
            ProblemCode::CheckInNotFirst,
            "check-in is not the first segment; people must check in before anything else starts"
                .to_owned(),
            "集合签到不是第一个环节，请将签到放在最前".to_owned(),
        ));
    }
    for (i, seg) in plan.itinerary.iter().enumerate() {
        if seg.units.is_empty() && !matches!(seg.kind, SegmentKind::Travel | SegmentKind::Break) {
            problems.push(Problem::new(
                format!("itinerary[{i}].units"),
                ProblemCode::NoResponsibleUnit,
                format!(
                    "\"{}\" has no responsible unit; name the unit in charge",
                    seg.title
                ),
                format!("“{}”未明确责任单位，请填写", seg.title),
            ));
        }
    }
    for (i, seg) in plan.itinerary.iter().enumerate() {
        problems.extend(capacity(plan, i, seg));
    }
    problems
}

/// A segment's venue against the party, or against each group when the
/// party takes turns.
fn capacity(plan: &OpenDayPlan, i: usize, seg: &Segment) -> Option<Problem> {
    let party = party(plan);
    if let Some(g) = seg.groups {
        let sizes = group_sizes(party, g.max_size);
        if g.max_size == 0 {
            return Some(Problem::new(
                format!("itinerary[{i}].groups.max_size"),
                ProblemCode::ZeroCapacity,
                "groups of at most 0 people; give the largest group the place can take",
                "分组人数上限为 0，请填写每组最多人数",
            ));
        }
        let turns = u32::try_from(sizes.len()).unwrap_or(u32::MAX);
        if seg.duration.minutes / turns.max(1) == 0 {
            return Some(Problem::new(
                format!("itinerary[{i}].duration"),
                ProblemCode::ZeroDuration,
                format!(
                    "{} groups taking turns in {} min leave each less than a minute; lengthen the segment or allow larger groups",
                    sizes.len(),
                    seg.duration.minutes
                ),
                format!(
                    "{} 组轮流，{} 分钟内每组不足 1 分钟，请延长时间或放宽每组人数",
                    sizes.len(),
                    seg.duration.minutes
                ),
            ));
        }
    }
    let venue = plan
        .venues
        .iter()
        .find(|x| Some(&x.id) == seg.venue.as_ref())?;
    let capacity = venue.capacity?;
    let largest = seg.groups.map_or(party, |g| g.max_size.min(party));
    if capacity >= largest {
        return None;
    }
    let turns = party.div_ceil(capacity.max(1));
    let size = party.div_ceil(turns.max(1));
    Some(if seg.groups.is_some() {
        Problem::new(
            format!("itinerary[{i}].groups.max_size"),
            ProblemCode::CapacityBelowGroup,
            format!(
                "{} holds {capacity}, but groups may have up to {largest}; set \"max_size\": {capacity} or less ({turns} groups of at most {size})",
                venue.name
            ),
            format!(
                "{}可容纳 {capacity} 人，但每组最多 {largest} 人；请将 max_size 设为 {capacity} 以下（分 {turns} 组，每组不超过 {size} 人）",
                venue.name
            ),
        )
    } else {
        Problem::new(
            format!("itinerary[{i}].venue"),
            ProblemCode::CapacityBelowGroup,
            format!(
                "{} holds {capacity}, but the party is {party} (seats and staff); split it into {turns} groups of at most {size} taking turns (\"groups\": {{\"max_size\": {size}}}), choose a larger place or reduce seats",
                venue.name
            ),
            format!(
                "{}可容纳 {capacity} 人，但参与人数为 {party} 人（名额与工作人员）；可分 {turns} 组轮流参观，每组不超过 {size} 人（\"groups\": {{\"max_size\": {size}}}），或更换场地、减少名额",
                venue.name
            ),
        )
    })
}

pub(super) fn outside_window(
    step: &Step,
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
        step_path(step),
        ProblemCode::SegmentOutsideDay,
        format!(
            "\"{}\" runs {s}–{e}, {by} min outside the day's window {ws}–{we}; shorten the programme or widen the window",
            step.title
        ),
        format!(
            "“{}”安排在 {s}–{e}，超出活动时间 {ws}–{we} {by} 分钟；请压缩流程或调整活动时间",
            step.title
        ),
    )
}
