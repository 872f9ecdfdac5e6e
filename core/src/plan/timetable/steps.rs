//! The itinerary as steps: each segment, and the travel legs between
//! places the plan's travel-time table names, with each step's slack.

use chrono::{DateTime, Duration};
use chrono_tz::Tz;

use super::{group_sizes, party};
use crate::plan::OpenDayPlan;
use crate::plan::itinerary::{DurationSpec, MAX_MINUTES, SegmentKind, TravelTime};
use crate::plan::problem::{Problem, ProblemCode};
use crate::plan::transport::{TravelMode, segment_uses_vehicles};
use crate::time::{LocalInstant, resolve_local};

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

/// How many leading steps the day's window covers (all but a return trip
/// after the window).
pub(super) fn in_window(steps: &[Step]) -> usize {
    steps
        .iter()
        .position(|s| s.after_window)
        .unwrap_or(steps.len())
}

/// Where a step stands in the plan, for a problem's path: its segment, or
/// the travel leg before it.
pub(super) fn step_path(step: &Step) -> String {
    if step.derived {
        format!("travel (before itinerary[{}])", step.index)
    } else {
        format!("itinerary[{}]", step.index)
    }
}
