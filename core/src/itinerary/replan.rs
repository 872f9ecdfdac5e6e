//! Live re-planning: given the actual times of the segments already done,
//! recompute the rest of the day.
//!
//! Order of measures, documented for organisers:
//! 1. Finished segments keep their actual times; nothing already done moves.
//! 2. The rest is shifted to start when the last finished segment ended (a
//!    fixed start that is still ahead is kept).
//! 3. Between two fixed starts (or the last fixed start and the end of the
//!    day), if the block would end late, its approximate segments are
//!    shortened toward their `min_minutes`, nearest first, until the block
//!    ends on time or nothing more can be shortened.
//! 4. What still does not fit pushes the next fixed start, and the report
//!    says whether the day's window holds.

use chrono::{DateTime, Duration, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::plan::timetable::{Step, Timetable, fit, steps, timetable};

/// Recorded times of a finished segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActualTimes {
    /// The segment's id.
    pub segment: String,
    /// When it started; the previous segment's end when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When it ended.
    pub ended_at: DateTime<FixedOffset>,
}

/// Why actual times could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplanError {
    /// No segment has that id.
    #[error(
        "actual times given for \"{segment}\", which is not in the itinerary; use a segment id such as {known}"
    )]
    UnknownSegment {
        /// The id given.
        segment: String,
        /// Some valid ids.
        known: String,
    },
    /// Finished segments must be given in itinerary order, without holes.
    #[error(
        "actual times for \"{segment}\" come before those of \"{missing}\", which precedes it; give the finished segments in order"
    )]
    OutOfOrder {
        /// The segment given.
        segment: String,
        /// The earlier segment without times.
        missing: String,
    },
    /// An end before its start.
    #[error("\"{segment}\" is recorded as ending before it started; check the times")]
    EndBeforeStart {
        /// The segment.
        segment: String,
    },
    /// The same segment's times given twice.
    #[error("actual times for \"{segment}\" are given twice; give each finished segment once")]
    Repeated {
        /// The segment.
        segment: String,
    },
}

impl ReplanError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownSegment { .. } => "unknown_segment",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::EndBeforeStart { .. } => "end_before_start",
            Self::Repeated { .. } => "repeated",
        }
    }

    /// The segment concerned.
    pub fn segment(&self) -> &str {
        match self {
            Self::UnknownSegment { segment, .. }
            | Self::OutOfOrder { segment, .. }
            | Self::EndBeforeStart { segment }
            | Self::Repeated { segment } => segment,
        }
    }
}

/// One adjustment made by re-planning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Segment id.
    pub segment: String,
    /// Segment title.
    pub title: String,
    /// Minutes its start moved (positive: later).
    pub shift_minutes: i64,
    /// Minutes it was shortened by.
    pub shortened_minutes: i64,
}

/// A re-planned day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replanned {
    /// Finished segments with actual times, then the re-planned rest.
    pub timetable: Timetable,
    /// What moved or was shortened.
    pub changes: Vec<Change>,
    /// When the day now ends.
    pub new_end: DateTime<Tz>,
    /// Whether the day still ends within its window.
    pub window_holds: bool,
    /// Minutes past the window's end (0 when it holds).
    pub overrun_minutes: i64,
}

/// Re-plan the rest of the day from the actual times of finished segments.
///
/// ```
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// // Site 2 ran 15 minutes over: ended 16:15 instead of 16:00.
/// let actual: Vec<openday::itinerary::ActualTimes> = serde_json::from_str(r#"[
///   {"segment": "check-in", "ended_at": "2025-09-24T14:40:00+08:00"},
///   {"segment": "site-1", "ended_at": "2025-09-24T15:20:00+08:00"},
///   {"segment": "site-2", "ended_at": "2025-09-24T16:15:00+08:00"}]"#).unwrap();
/// let r = openday::itinerary::replan(&plan, &actual).unwrap();
/// assert!(r.window_holds);
/// let site3 = r.timetable.segment("site-3").unwrap();
/// assert_eq!(site3.starts_at.format("%H:%M").to_string(), "16:15");
/// assert_eq!(r.timetable.segment("discussion").unwrap().starts_at.format("%H:%M").to_string(), "17:00");
/// ```
pub fn replan(plan: &Plan, actuals: &[ActualTimes]) -> Result<Replanned, ReplanError> {
    let tz = plan.time_zone();
    let doc = plan.document();
    let (steps, _) = steps(doc, tz, doc.day.date);
    let planned = plan.timetable();
    let finished = finished_prefix(&steps, actuals)?;
    let mut times: Vec<(DateTime<Tz>, DateTime<Tz>)> = Vec::with_capacity(steps.len());
    let mut cursor = plan.starts_at();
    for (i, step) in steps.iter().enumerate().take(finished) {
        let times_of = actuals.iter().find(|a| a.segment == step.id);
        #[allow(clippy::single_match_else)] // the two cases read as a pair
        let (begin, end) = match times_of {
            Some(a) => {
                let begin = a.started_at.map_or(cursor, |t| t.with_timezone(&tz));
                let end = a.ended_at.with_timezone(&tz);
                if end < begin {
                    return Err(ReplanError::EndBeforeStart {
                        segment: step.id.clone(),
                    });
                }
                (begin, end)
            }
            // A derived travel leg between two finished segments: from the
            // previous end to the next start.
            None => {
                let next_start = steps[i + 1..]
                    .iter()
                    .find_map(|s| actuals.iter().find(|a| a.segment == s.id))
                    .and_then(|a| a.started_at.map(|t| t.with_timezone(&tz)));
                (
                    cursor,
                    next_start.unwrap_or(cursor + step.nominal).max(cursor),
                )
            }
        };
        times.push((begin, end));
        cursor = end;
    }
    // Start from the planned durations (the layout may already have
    // shortened approximate segments to meet a fixed start).
    let mut durations: Vec<Duration> = planned
        .segments
        .iter()
        .map(|s| s.ends_at - s.starts_at)
        .collect();
    let (rest, _) = fit(&steps, &mut durations, finished, cursor, plan.ends_at());
    times.extend(rest);
    let actual: Vec<bool> = (0..steps.len()).map(|k| k < finished).collect();
    let table = timetable(&steps, &times, &actual, plan.starts_at(), plan.ends_at());
    let changes = table
        .segments
        .iter()
        .skip(finished)
        .filter_map(|now| {
            let before = planned.segment(&now.id)?;
            let shift = (now.starts_at - before.starts_at).num_minutes();
            let shortened =
                ((before.ends_at - before.starts_at) - (now.ends_at - now.starts_at)).num_minutes();
            (shift != 0 || shortened != 0).then(|| Change {
                segment: now.id.clone(),
                title: now.title.clone(),
                shift_minutes: shift,
                shortened_minutes: shortened,
            })
        })
        .collect();
    let new_end = table.ends_at();
    let overrun = (new_end - plan.ends_at()).num_minutes().max(0);
    Ok(Replanned {
        timetable: table,
        changes,
        new_end,
        window_holds: overrun == 0,
        overrun_minutes: overrun,
    })
}

/// How many leading steps are finished; checks the actuals are a prefix.
fn finished_prefix(steps: &[Step], actuals: &[ActualTimes]) -> Result<usize, ReplanError> {
    let mut last = 0;
    for (i, a) in actuals.iter().enumerate() {
        if actuals[..i].iter().any(|b| b.segment == a.segment) {
            return Err(ReplanError::Repeated {
                segment: a.segment.clone(),
            });
        }
        let Some(pos) = steps.iter().position(|s| s.id == a.segment) else {
            let known: Vec<&str> = steps
                .iter()
                .filter(|s| !s.derived)
                .take(4)
                .map(|s| s.id.as_str())
                .collect();
            return Err(ReplanError::UnknownSegment {
                segment: a.segment.clone(),
                known: known.join(", "),
            });
        };
        last = last.max(pos + 1);
    }
    for s in &steps[..last] {
        if !s.derived && !actuals.iter().any(|a| a.segment == s.id) {
            let after = actuals.iter().find(|a| {
                steps.iter().position(|x| x.id == a.segment)
                    > steps.iter().position(|x| x.id == s.id)
            });
            return Err(ReplanError::OutOfOrder {
                segment: after.map_or_else(String::new, |a| a.segment.clone()),
                missing: s.id.clone(),
            });
        }
    }
    Ok(last)
}
