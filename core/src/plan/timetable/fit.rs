//! Steps placed in time: fixed starts met by shortening approximate
//! segments toward their minimum, or a problem saying why they cannot be.

use chrono::{DateTime, Duration};
use chrono_tz::Tz;

use super::checks::{checks, outside_window};
use super::steps::{in_window, step_path};
use super::{Step, Timetable, steps, timetable};
use crate::plan::OpenDayPlan;
use crate::plan::problem::{Problem, ProblemCode};

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
