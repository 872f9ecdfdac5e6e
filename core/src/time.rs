//! Zone-aware time helpers shared by the plan, the itinerary and later stages.
//!
//! Every instant openday computes is a [`DateTime<Tz>`] in the event's IANA
//! time zone; local wall-clock values from a plan file (`"14:20"`) are
//! resolved through [`resolve_local`], which reports times that do not exist
//! (a daylight-saving gap) instead of guessing.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// How a local wall-clock time maps to an instant in a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalInstant {
    /// The local time names exactly one instant.
    Single(DateTime<Tz>),
    /// The local time happens twice (clocks went back); the earlier instant is used.
    Ambiguous(DateTime<Tz>),
    /// The local time never happens (clocks went forward).
    Nonexistent,
}

impl LocalInstant {
    /// The instant, taking the earlier one of an ambiguous pair.
    pub fn earliest(self) -> Option<DateTime<Tz>> {
        match self {
            Self::Single(t) | Self::Ambiguous(t) => Some(t),
            Self::Nonexistent => None,
        }
    }
}

/// Resolve `date` + `time` as wall-clock time in `tz`.
///
/// ```
/// use chrono::{NaiveDate, NaiveTime};
/// use openday::time::{resolve_local, LocalInstant};
/// let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
/// let d = NaiveDate::from_ymd_opt(2025, 9, 24).unwrap();
/// let t = NaiveTime::from_hms_opt(14, 20, 0).unwrap();
/// let at = resolve_local(tz, d, t).earliest().unwrap();
/// assert_eq!(at.to_rfc3339(), "2025-09-24T14:20:00+08:00");
/// // 02:30 on the spring-forward day in New York never happens:
/// let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
/// let gap = resolve_local(ny, NaiveDate::from_ymd_opt(2025, 3, 9).unwrap(),
///                         NaiveTime::from_hms_opt(2, 30, 0).unwrap());
/// assert_eq!(gap, LocalInstant::Nonexistent);
/// ```
pub fn resolve_local(tz: Tz, date: NaiveDate, time: NaiveTime) -> LocalInstant {
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => LocalInstant::Single(t),
        LocalResult::Ambiguous(a, _) => LocalInstant::Ambiguous(a),
        LocalResult::None => LocalInstant::Nonexistent,
    }
}

/// Parse an IANA time-zone name (`"Asia/Shanghai"`).
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// Format a duration in whole minutes as `1 h 05 min` / `40 min`.
pub fn format_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    if m >= 60 {
        format!("{sign}{} h {:02} min", m / 60, m % 60)
    } else {
        format!("{sign}{m} min")
    }
}

pub(crate) mod schema {
    //! JSON Schema fragments for chrono values written by hand in plan files.
    use schemars::{Schema, SchemaGenerator, json_schema};

    /// Schema of a local wall-clock time (`"14:20"` or `"14:20:00"`).
    pub(crate) fn local_time(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "description": "Local wall-clock time in the event's time zone, HH:MM or HH:MM:SS."
        })
    }

    /// Schema of an instant written as RFC 3339 with an explicit UTC offset.
    pub(crate) fn instant(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$",
            "description": "An instant: RFC 3339 date-time with its UTC offset, e.g. 2025-09-17T18:30:00+08:00."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_are_formatted_with_hours() {
        assert_eq!(format_minutes(40), "40 min");
        assert_eq!(format_minutes(65), "1 h 05 min");
        assert_eq!(format_minutes(-15), "-15 min");
    }

    #[test]
    fn ambiguous_local_time_takes_the_earlier_instant() {
        let ny = parse_zone("America/New_York").unwrap();
        let d = NaiveDate::from_ymd_opt(2025, 11, 2).unwrap();
        let t = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
        let r = resolve_local(ny, d, t);
        assert!(matches!(r, LocalInstant::Ambiguous(_)));
        assert_eq!(
            r.earliest().unwrap().to_rfc3339(),
            "2025-11-02T01:30:00-04:00"
        );
    }

    #[test]
    fn unknown_zone_is_none() {
        assert!(parse_zone("Asia/Beijing").is_none());
        assert!(parse_zone("Asia/Shanghai").is_some());
    }
}
