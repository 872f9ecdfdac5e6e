//! Dates and instants as offices write them (ISO, Chinese, slashes,
//! compact, Excel serials), local times read in the event's zone.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::FieldProblem;
use super::text::{fold_width, trim};
use crate::time::{LocalInstant, resolve_local};

/// Parse an all-ASCII-digit slice.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

/// `HH:MM` or `HH:MM:SS` (one-digit hours allowed), or as written in
/// Chinese: `10时`, `10时30分`, `10点30分15秒`, `10点30`.
fn time_of_day(s: &str) -> Option<NaiveTime> {
    if let Some((h, rest)) = s.split_once(['时', '点']) {
        let (m, rest) = match rest.split_once('分') {
            Some((m, rest)) => (digits(m)?, rest),
            None if rest.is_empty() => (0, ""),
            None => (digits(rest)?, ""),
        };
        let sec = match rest.strip_suffix('秒') {
            Some(sec) => digits(sec)?,
            None if rest.is_empty() => 0,
            None => return None,
        };
        return NaiveTime::from_hms_opt(digits(h)?, m, sec);
    }
    let mut parts = s.split(':');
    let h = digits(parts.next()?)?;
    let m = parts.next().filter(|p| p.len() == 2).and_then(digits)?;
    let sec = match parts.next() {
        Some(p) if p.len() == 2 => digits(p)?,
        Some(_) => return None,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

/// `YYYYMMDD`.
pub(super) fn compact_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 {
        return None;
    }
    let y = i32::try_from(digits(&s[..4])?).ok()?;
    NaiveDate::from_ymd_opt(y, digits(&s[4..6])?, digits(&s[6..8])?)
}

/// The ASCII digits of `b` at `at`, as a number (the fast paths' reader).
fn fixed(b: &[u8], at: std::ops::Range<usize>) -> Option<u32> {
    b.get(at)?.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD`, the form nearly every export writes, read directly with
/// the result the general path of [`date`] gives it; `None` for any other
/// shape (which then takes the general path).
pub(super) fn iso_date(t: &[u8]) -> Option<Result<NaiveDate, FieldProblem>> {
    if t.len() != 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let (y, m, d) = (fixed(t, 0..4)?, fixed(t, 5..7)?, fixed(t, 8..10)?);
    let year = i32::try_from(y).ok().filter(|&y| y >= 1000);
    Some(
        year.and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(date_problem),
    )
}

/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, read directly with the
/// result the general path of [`instant`] gives it; `None` for any other
/// shape.
pub(super) fn iso_local(t: &[u8]) -> Option<Result<(NaiveDate, NaiveTime), FieldProblem>> {
    let seconds = match t.len() {
        16 => false,
        19 if t[16] == b':' => true,
        _ => return None,
    };
    if t[10] != b' ' || t[13] != b':' {
        return None;
    }
    let day = iso_date(&t[..10])?;
    let (h, m) = (fixed(t, 11..13)?, fixed(t, 14..16)?);
    let s = if seconds { fixed(t, 17..19)? } else { 0 };
    Some(day.map_err(|_| instant_problem()).and_then(|day| {
        NaiveTime::from_hms_opt(h, m, s)
            .map(|time| (day, time))
            .ok_or_else(instant_problem)
    }))
}

fn date_problem() -> FieldProblem {
    FieldProblem::new(
        "date_format",
        "not a date; write it as YYYY-MM-DD (1985-12-13), YYYY/M/D, YYYYMMDD, YYYY年M月D日 or D.M.YYYY",
        "日期格式无法识别，请写作 YYYY-MM-DD（如 1985-12-13）、YYYY/M/D、YYYYMMDD、YYYY年M月D日 或 D.M.YYYY",
    )
}

fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

/// A calendar date as typed or exported: `1985-12-13`, `1985/12/13`,
/// `1985.12.13`, `19851213`, `1985年12月13日`, day first with dots as
/// German and much of Europe write it (`13.12.1985`; with slashes the order
/// is ambiguous and refused), an Excel serial number (`31394`), with or
/// without a trailing `00:00:00`.
///
/// ```
/// use openday::normalize::date;
/// for s in ["1985-12-13", "1985/12/13", "1985年12月13日", "19851213", "31394", "1985-12-13 00:00:00",
///           "1985/12/13 0:00", "1985-12-13T00:00:00", "13.12.1985", "13.12.1985 00:00"] {
///     assert_eq!(date(s).unwrap().to_string(), "1985-12-13", "{s}");
/// }
/// assert_eq!(date("12/13/1985").unwrap_err().code, "date_format");
/// ```
pub fn date(raw: &str) -> Result<NaiveDate, FieldProblem> {
    if let Some(d) = iso_date(trim(raw).as_bytes()) {
        return d;
    }
    let folded = fold_width(raw);
    let t = folded.trim();
    // A date with a midnight time, as spreadsheets ("1985/5/23 0:00",
    // "1985-05-23 00:00:00") and pandas ("1985-05-23T00:00:00") write
    // dates; an instant with an offset is not a plain date.
    let t = t.split_once([' ', 'T']).map_or(t, |(d, rest)| {
        let rest = rest.trim_start();
        let midnight = rest.starts_with("00:00") || rest.starts_with("0:00");
        if midnight && !rest.contains(['+', '-', 'Z']) {
            d
        } else {
            t
        }
    });
    if t.bytes().all(|c| c.is_ascii_digit()) {
        if t.len() == 8 {
            return compact_date(t).ok_or_else(date_problem);
        }
        if (1..=5).contains(&t.len()) {
            // An Excel date serial: 1 is 1900-01-01 (0 is no date at all).
            let n: i64 = t.parse().map_err(|_| date_problem())?;
            if n < 1 {
                return Err(date_problem());
            }
            return Ok(excel_epoch() + Duration::days(n));
        }
        return Err(date_problem());
    }
    let mut parts = [0u32; 3];
    let mut n = 0;
    for piece in t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
    {
        if n == 3 {
            return Err(date_problem());
        }
        parts[n] = digits(piece).ok_or_else(date_problem)?;
        n += 1;
    }
    // Year first; or, with dots only, day first (13.12.1985).
    let dotted = !t.contains(['-', '/', '年', '月', '日']);
    let [year, month, day] = match parts {
        _ if n != 3 => return Err(date_problem()),
        [first, _, _] if first >= 1000 => parts,
        [day, month, year] if dotted && year >= 1000 => [year, month, day],
        _ => return Err(date_problem()),
    };
    let year = i32::try_from(year).map_err(|_| date_problem())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(date_problem)
}

fn instant_problem() -> FieldProblem {
    FieldProblem::new(
        "time_format",
        "not a date and time; write it as YYYY-MM-DD HH:MM[:SS] in the event's local time, or RFC 3339 with offset",
        "时间格式无法识别，请写作 YYYY-MM-DD HH:MM[:SS]（活动所在时区的当地时间）或带时区偏移的 RFC 3339",
    )
}

/// An instant: RFC 3339 with offset, or local `YYYY-MM-DD HH:MM[:SS]` (any
/// date form of [`date`], a time in Chinese as `18时30分`) in `tz`, or an
/// Excel serial date-time. A date
/// without a time of day is refused: a deadline needs the time.
///
/// ```
/// let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
/// let t = openday::normalize::instant("2025/9/17 18:30", tz).unwrap();
/// assert_eq!(t.to_rfc3339(), "2025-09-17T18:30:00+08:00");
/// let t = openday::normalize::instant("2025年9月17日18时30分", tz).unwrap();
/// assert_eq!(t.to_rfc3339(), "2025-09-17T18:30:00+08:00");
/// assert_eq!(openday::normalize::instant("2025-09-17", tz).unwrap_err().code, "time_missing");
/// ```
pub fn instant(raw: &str, tz: Tz) -> Result<DateTime<FixedOffset>, FieldProblem> {
    if let Some(local) = iso_local(trim(raw).as_bytes()) {
        let (day, time) = local?;
        return local_instant(tz, day, time);
    }
    let folded = fold_width(raw);
    let t = folded.trim();
    let offset_like = t
        .get(11..)
        .is_some_and(|rest| rest.contains(['+', '-', 'Z', 'z']));
    if t.len() > 10
        && (matches!(t.as_bytes()[10], b'T' | b't') || offset_like)
        && let Ok(dt) = DateTime::parse_from_rfc3339(t)
    {
        return Ok(dt);
    }
    if let Some((days, frac)) = t.split_once('.').filter(|(d, f)| {
        !d.is_empty()
            && d.len() <= 5
            && d.bytes().all(|c| c.is_ascii_digit())
            && f.bytes().all(|c| c.is_ascii_digit())
    }) {
        let days: i64 = days.parse().map_err(|_| instant_problem())?;
        let frac: f64 = format!("0.{frac}").parse().map_err(|_| instant_problem())?;
        #[allow(clippy::cast_possible_truncation)]
        let secs = (frac * 86_400.0).round() as i64;
        let local =
            excel_epoch().and_time(NaiveTime::MIN) + Duration::days(days) + Duration::seconds(secs);
        return local_instant(tz, local.date(), local.time());
    }
    // A date in Chinese runs into its time: 2025年9月10日10时30分.
    let joined = t
        .split_once('日')
        .filter(|(_, tod)| !tod.trim().is_empty() && !tod.contains([' ', 'T']));
    let (d, tod) = match t.split_once([' ', 'T']).or(joined) {
        Some((d, tod)) => (d, tod.trim()),
        None => {
            return Err(if date(t).is_ok() {
                FieldProblem::new(
                    "time_missing",
                    "only a date is given; add the time of day (HH:MM), which decides whether the deadline was met",
                    "只有日期，缺少时刻（HH:MM），无法判断是否在截止时间前报名，请补充",
                )
            } else {
                instant_problem()
            });
        }
    };
    let day = date(d).map_err(|_| instant_problem())?;
    let time = time_of_day(tod).ok_or_else(instant_problem)?;
    local_instant(tz, day, time)
}

fn local_instant(
    tz: Tz,
    day: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<FixedOffset>, FieldProblem> {
    match resolve_local(tz, day, time) {
        LocalInstant::Nonexistent => Err(FieldProblem::new(
            "time_nonexistent",
            format!("that local time does not exist in {tz} (clocks went forward); check the time"),
            format!("该当地时间在 {tz} 时区不存在（夏令时跳过），请核对"),
        )),
        r => r
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(instant_problem),
    }
}
