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

use chrono::{DateTime, Duration};
use chrono_tz::Tz;
use serde::Serialize;

use super::OpenDayPlan;
use super::itinerary::{DurationSpec, MAX_MINUTES, Segment, SegmentKind, TravelTime};
use super::problem::{Problem, ProblemCode};
use super::transport::{TravelMode, segment_uses_vehicles};
use crate::time::{LocalInstant, resolve_local};

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

/// One step of the day before placing: a plan segment or a derived travel leg.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) index: usize,
    pub(crate) id: String,
    pub(crate) kind: SegmentKind,
    pub(crate) title: String,
    pub(crate) venue: Option<String>,
    pub(crate) units: Vec<String>,
    pub(crate) nominal: Duration,
    /// The shortest the step may become when re-planning.
    pub(crate) min: Duration,
    pub(crate) approximate: bool,
    pub(crate) fixed: Option<DateTime<Tz>>,
    pub(crate) derived: bool,
    pub(crate) mode: Option<TravelMode>,
    pub(crate) after_window: bool,
    /// Group sizes when the party takes turns (empty otherwise).
    pub(crate) groups: Vec<u32>,
}

fn venue_name(plan: &OpenDayPlan, id: &str) -> String {
    plan.venues
        .iter()
        .find(|x| x.id == id)
        .map_or(id, |x| &x.name)
        .to_owned()
}

/// Minutes of travel between two venues from the plan's table (either direction).
fn travel_minutes<'p>(plan: &'p OpenDayPlan, from: &str, to: &str) -> Option<&'p TravelTime> {
    plan.travel
        .iter()
        .find(|t| (t.from == from && t.to == to) || (t.from == to && t.to == from))
}

/// The plan's segments as steps on `date`, with derived travel legs and
/// resolved fixed starts, and the problems found resolving them.
pub(crate) fn steps(
    plan: &OpenDayPlan,
    tz: Tz,
    date: chrono::NaiveDate,
) -> (Vec<Step>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(plan.itinerary.len());
    let mut previous_venue: Option<&str> = None;
    for (index, seg) in plan.itinerary.iter().enumerate() {
        if let (Some(from), Some(to)) = (previous_venue, seg.venue.as_deref())
            && from != to
            && seg.kind != SegmentKind::Travel
            && let Some(t) = travel_minutes(plan, from, to)
        {
            out.push(Step {
                index,
                id: format!("travel:{from}:{to}"),
                kind: SegmentKind::Travel,
                title: format!("{} → {}", venue_name(plan, from), venue_name(plan, to)),
                venue: None,
                units: Vec::new(),
                nominal: Duration::minutes(i64::from(t.minutes.min(MAX_MINUTES))),
                min: Duration::minutes(i64::from(t.minutes.min(MAX_MINUTES))),
                approximate: false,
                fixed: None,
                derived: true,
                mode: Some(t.mode),
                after_window: false,
                groups: Vec::new(),
            });
        }
        if seg.venue.is_some() {
            previous_venue = seg.venue.as_deref();
        }
        let fixed = seg.start.and_then(|t| match resolve_local(tz, date, t) {
            LocalInstant::Nonexistent => {
                problems.push(Problem::new(
                    format!("itinerary[{index}].start"),
                    ProblemCode::NonexistentLocalTime,
                    format!("{t} does not exist on {date} in {tz} (clocks go forward); choose another time"),
                    format!("{date} {t} 在 {tz} 时区不存在（夏令时跳过），请另选时间"),
                ));
                None
            }
            r => r.earliest(),
        });
        // Longer than a day is an error the checks report; bounded here so
        // the layout's arithmetic cannot overflow on the way.
        let d = DurationSpec {
            minutes: seg.duration.minutes.min(MAX_MINUTES),
            min_minutes: seg.duration.min_minutes.map(|m| m.min(MAX_MINUTES)),
            max_minutes: seg.duration.max_minutes.map(|m| m.min(MAX_MINUTES)),
            ..seg.duration
        };
        let min = if d.approximate {
            d.min_minutes.unwrap_or(d.minutes)
        } else {
            d.minutes
        };
        out.push(Step {
            index,
            id: seg.id.clone(),
            kind: seg.kind,
            title: seg.title.clone(),
            venue: seg.venue.as_deref().map(|v| venue_name(plan, v)),
            units: seg.units.iter().map(|u| unit_name(plan, u)).collect(),
            nominal: d.nominal(),
            min: Duration::minutes(i64::from(min.min(d.minutes))),
            approximate: d.approximate,
            fixed,
            derived: false,
            mode: seg
                .mode
                .or_else(|| segment_uses_vehicles(seg).then_some(TravelMode::Bus)),
            after_window: false,
            groups: seg
                .groups
                .map(|g| group_sizes(party(plan), g.max_size))
                .unwrap_or_default(),
        });
    }
    out.extend(previous_venue.and_then(|from| return_step(plan, from)));
    (out, problems)
}

/// The return trip from the last venue, laid out after the programme.
fn return_step(plan: &OpenDayPlan, from: &str) -> Option<Step> {
    let t = plan.transport.as_ref()?;
    let r = t.return_trip.as_ref()?;
    let minutes = Duration::minutes(i64::from(r.minutes.min(MAX_MINUTES)));
    Some(Step {
        index: plan.itinerary.len(),
        id: format!("return:{from}:{}", r.to),
        kind: SegmentKind::Travel,
        title: format!("{} → {}", venue_name(plan, from), venue_name(plan, &r.to)),
        venue: None,
        units: t
            .unit
            .as_deref()
            .map(|u| vec![unit_name(plan, u)])
            .unwrap_or_default(),
        nominal: minutes,
        min: minutes,
        approximate: false,
        fixed: None,
        derived: true,
        mode: Some(r.mode),
        after_window: !r.within_window,
        groups: Vec::new(),
    })
}

fn unit_name(plan: &OpenDayPlan, id: &str) -> String {
    plan.units
        .iter()
        .find(|x| x.id == id)
        .map_or(id, |x| &x.name)
        .to_owned()
}

/// Slack of each placed step: how far it may overrun before a later fixed
/// start or the window end is missed (later steps keep their durations).
pub(crate) fn slack(
    steps: &[Step],
    times: &[(DateTime<Tz>, DateTime<Tz>)],
    window_end: DateTime<Tz>,
) -> Vec<i64> {
    let mut latest_end = window_end;
    let mut out = vec![0; steps.len()];
    // Steps after the window (the return trip) have no slack to speak of.
    let within = in_window(steps);
    for i in (0..within).rev() {
        out[i] = (latest_end - times[i].1).num_minutes();
        let duration = times[i].1 - times[i].0;
        let mut latest_start = latest_end - duration;
        if let Some(f) = steps[i].fixed {
            latest_start = latest_start.min(f);
        }
        latest_end = latest_start;
    }
    out
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

/// The end of a block of steps placed from `start` with `durations`.
pub(crate) fn block_end(
    steps: &[Step],
    durations: &[Duration],
    start: DateTime<Tz>,
) -> DateTime<Tz> {
    let mut cursor = start;
    for (s, d) in steps.iter().zip(durations) {
        cursor = s.fixed.map_or(cursor, |f| f.max(cursor)) + *d;
    }
    cursor
}

/// Shorten the approximate steps of `range` toward their minimum, in order,
/// until `late` is absorbed. Returns what is still late and records each cut
/// as (step position, minutes).
pub(crate) fn shorten(
    steps: &[Step],
    durations: &mut [Duration],
    range: std::ops::Range<usize>,
    mut late: Duration,
    cuts: &mut Vec<(usize, i64)>,
) -> Duration {
    for k in range {
        if late <= Duration::zero() {
            break;
        }
        let room = durations[k] - steps[k].min;
        if steps[k].approximate && room > Duration::zero() {
            let cut = room.min(late);
            durations[k] -= cut;
            late -= cut;
            cuts.push((k, cut.num_minutes()));
        }
    }
    late
}

/// Fit the steps from `first` on, placed from `cursor`, to their fixed
/// starts and the window's end by shortening approximate steps within their
/// bounds, block by block (a block runs up to the next fixed start).
/// Returns the placed times of those steps and, per block that needed it,
/// (the step the block must meet or `None` for the window end, the cuts
/// made, the minutes still late).
pub(crate) fn fit(
    steps: &[Step],
    durations: &mut [Duration],
    first: usize,
    mut cursor: DateTime<Tz>,
    window_end: DateTime<Tz>,
) -> (Vec<Span>, Vec<Fitted>) {
    let mut times = Vec::with_capacity(steps.len().saturating_sub(first));
    let mut fitted = Vec::new();
    let within = in_window(steps);
    let mut i = first;
    while i < within {
        let anchor = (i + 1..within)
            .find(|&j| steps[j].fixed.is_some())
            .unwrap_or(within);
        let target = steps
            .get(anchor)
            .and_then(|s| s.fixed)
            .unwrap_or(window_end);
        let late = block_end(&steps[i..anchor], &durations[i..anchor], cursor) - target;
        if late > Duration::zero() {
            let mut cuts = Vec::new();
            let still = shorten(steps, durations, i..anchor, late, &mut cuts);
            fitted.push(Fitted {
                anchor: (anchor < within).then_some(anchor),
                cuts,
                late_minutes: still.num_minutes().max(0),
            });
        }
        for k in i..anchor {
            let begin = steps[k].fixed.map_or(cursor, |f| f.max(cursor));
            cursor = begin + durations[k];
            times.push((begin, cursor));
        }
        i = anchor;
    }
    // After the window: one after another, nothing to fit.
    for d in &durations[within.max(first)..] {
        let begin = cursor;
        cursor = begin + *d;
        times.push((begin, cursor));
    }
    (times, fitted)
}

/// How many leading steps the day's window covers (all but a return trip
/// after the window).
fn in_window(steps: &[Step]) -> usize {
    steps
        .iter()
        .position(|s| s.after_window)
        .unwrap_or(steps.len())
}

/// A placed step: its start and end.
pub(crate) type Span = (DateTime<Tz>, DateTime<Tz>);

/// A block that had to be fitted to a fixed start or the window's end.
pub(crate) struct Fitted {
    /// The step with the fixed start it had to meet; `None` for the window's end.
    pub(crate) anchor: Option<usize>,
    /// (step position, minutes cut).
    pub(crate) cuts: Vec<(usize, i64)>,
    /// Minutes still late after every cut.
    pub(crate) late_minutes: i64,
}

fn step_path(step: &Step) -> String {
    if step.derived {
        format!("travel (before itinerary[{}])", step.index)
    } else {
        format!("itinerary[{}]", step.index)
    }
}

/// Lay out the itinerary of `plan` in the window, returning the timetable
/// and every timing problem: approximate segments shortened within their
/// bounds to meet a fixed start or the window's end (a warning), fixed
/// starts that cannot be met even then or do not exist, segments outside the
/// window, a check-in that is not first, segments with no responsible unit,
/// venues smaller than the group.
pub(crate) fn layout(
    plan: &OpenDayPlan,
    tz: Tz,
    window_start: DateTime<Tz>,
    window_end: DateTime<Tz>,
) -> (Timetable, Vec<Problem>) {
    let (steps, mut problems) = steps(plan, tz, plan.day.date);
    let mut durations: Vec<Duration> = steps.iter().map(|s| s.nominal).collect();
    let (times, fitted) = fit(&steps, &mut durations, 0, window_start, window_end);
    for f in &fitted {
        problems.extend(fit_problem(&steps, &durations, &times, f, window_end));
    }
    for (s, (begin, end)) in steps.iter().zip(&times) {
        if !s.after_window && (*begin < window_start || *end > window_end) {
            problems.push(outside_window(s, *begin, *end, window_start, window_end));
        }
    }
    problems.extend(checks(plan));
    let table = timetable(&steps, &times, &[], window_start, window_end);
    (table, problems)
}

/// The problem a fitted block makes: a warning naming the cuts when they
/// were enough, an error naming what is still late when they were not (for
/// the window's end, [`outside_window`] reports that).
fn fit_problem(
    steps: &[Step],
    durations: &[Duration],
    times: &[(DateTime<Tz>, DateTime<Tz>)],
    f: &Fitted,
    window_end: DateTime<Tz>,
) -> Option<Problem> {
    let cuts_en: Vec<String> = f
        .cuts
        .iter()
        .map(|&(k, m)| {
            let s = &steps[k];
            let now = durations[k].num_minutes();
            format!("\"{}\" from {} to {now} min", s.title, now + m)
        })
        .collect();
    let cuts_zh: Vec<String> = f
        .cuts
        .iter()
        .map(|&(k, m)| {
            let s = &steps[k];
            let now = durations[k].num_minutes();
            format!("“{}”由 {} 分钟缩短为 {now} 分钟", s.title, now + m)
        })
        .collect();
    match (f.anchor, f.late_minutes) {
        (Some(a), 0) => {
            let s = &steps[a];
            let at = times[a].0.format("%H:%M");
            Some(Problem::warning(
                format!("{}.start", step_path(s)),
                ProblemCode::ShortenedToFit,
                format!(
                    "to start \"{}\" at its fixed {at}, the layout shortens {} (within their bounds); check that this is meant",
                    s.title,
                    cuts_en.join(", ")
                ),
                format!(
                    "为使“{}”按固定时间 {at} 开始，已在允许范围内将{}，请确认",
                    s.title,
                    cuts_zh.join("，")
                ),
            ))
        }
        (None, 0) => {
            let at = window_end.format("%H:%M");
            Some(Problem::warning(
                "day.end",
                ProblemCode::ShortenedToFit,
                format!(
                    "to end by {at}, the layout shortens {} (within their bounds); check that this is meant",
                    cuts_en.join(", ")
                ),
                format!(
                    "为在 {at} 前结束，已在允许范围内将{}，请确认",
                    cuts_zh.join("，")
                ),
            ))
        }
        (Some(a), late) => {
            let s = &steps[a];
            let (title, at) = (
                &s.title,
                s.fixed
                    .map(|f| f.format("%H:%M").to_string())
                    .unwrap_or_default(),
            );
            let cursor = times[a].0.format("%H:%M");
            let shortened_en = if f.cuts.is_empty() {
                "no segment before it may be shortened".to_owned()
            } else {
                format!(
                    "even with {} (every approximate segment at its minimum)",
                    cuts_en.join(", ")
                )
            };
            let shortened_zh = if f.cuts.is_empty() {
                "之前没有可缩短的环节".to_owned()
            } else {
                format!("即使{}（均已缩至最短）", cuts_zh.join("，"))
            };
            Some(Problem::new(
                format!("{}.start", step_path(s)),
                ProblemCode::FixedStartConflict,
                format!(
                    "\"{title}\" is fixed to start at {at}, but the segments before it run until {cursor}, {late} min later, {shortened_en}; shorten them, widen their bounds or move this start"
                ),
                format!(
                    "“{title}”固定于 {at} 开始，但之前的环节持续到 {cursor}，晚 {late} 分钟，{shortened_zh}；请缩短之前环节、放宽时长范围或调整开始时间"
                ),
            ))
        }
        (None, _) => None,
    }
}

/// Checks of the programme that do not depend on times.
fn checks(plan: &OpenDayPlan) -> Vec<Problem> {
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

fn outside_window(
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
