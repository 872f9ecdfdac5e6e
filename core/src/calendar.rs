//! Working-day calendars: public holidays and make-up working days (调休),
//! and time limits counted in working days or working hours.
//!
//! China's national schedule for 2025 and 2026 ships with the library
//! ([`WorkCalendar::china`]), each year citing the State Council notice it
//! comes from; other years or regions load the same JSON form with
//! [`WorkCalendar::from_json`]. A date in a year the calendar does not cover
//! is an error rather than a guess.
//!
//! Counting follows 《民法典》 art. 201: the day on which a period starts
//! is not counted; a limit of *n* working days ends at the close of the
//! *n*th working day after it.
//!
//! ```
//! use chrono::NaiveDate;
//! let cal = openday::calendar::WorkCalendar::china();
//! let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
//! // 5 working days from Sunday 28 September 2025 (a make-up working day),
//! // across the National Day holiday 1–8 October: 29, 30 Sep, 9, 10, 11 Oct.
//! assert_eq!(cal.add_working_days(d(9, 28), 5).unwrap(), d(10, 11));
//! assert!(cal.is_working_day(d(9, 28)).unwrap());
//! assert!(!cal.is_working_day(d(10, 8)).unwrap());
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

pub use crate::plan::calendar::{CHINA_CALENDAR_JSON, CalendarFile, CalendarYear};
use crate::time::resolve_local;

/// Why a calendar could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The date's year has no holiday data.
    #[error(
        "the working calendar has no holiday data for {year} (it covers {covered}); load that year's official schedule with WorkCalendar::from_json"
    )]
    YearNotCovered {
        /// The year.
        year: i32,
        /// The years covered.
        covered: String,
    },
    /// The calendar file is not valid.
    #[error("calendar file: {0}")]
    File(String),
    /// A limit in working hours on a calendar without office hours, or one
    /// that reaches further than ten years.
    #[error("{0}")]
    Unbounded(String),
}

impl CalendarError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::YearNotCovered { .. } => "year_not_covered",
            Self::File(_) => "file",
            Self::Unbounded(_) => "unbounded",
        }
    }
}

/// Working days and working hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    region: String,
    years: BTreeSet<i32>,
    holidays: BTreeMap<NaiveDate, String>,
    working_days: BTreeSet<NaiveDate>,
    /// Whether every year is covered (weekends off, no holiday data needed).
    open_ended: bool,
    /// Working periods of a working day, local time, in order.
    pub hours: Vec<(NaiveTime, NaiveTime)>,
}

/// How far working-day arithmetic may reach: ten years of days.
const MAX_DAYS: u32 = 3_660;

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl WorkCalendar {
    /// China's national calendar for the years shipped (2025, 2026), with
    /// office hours 08:30–12:00 and 14:30–18:00.
    pub fn china() -> Self {
        Self::from_json(CHINA_CALENDAR_JSON).unwrap_or_else(|_| Self::empty("CN"))
    }

    fn empty(region: &str) -> Self {
        Self {
            region: region.to_owned(),
            years: BTreeSet::new(),
            holidays: BTreeMap::new(),
            working_days: BTreeSet::new(),
            open_ended: false,
            hours: vec![(hm(8, 30), hm(12, 0)), (hm(14, 30), hm(18, 0))],
        }
    }

    /// Saturdays and Sundays off, every year covered, no public holidays
    /// until [merged](WorkCalendar::merge) in; office hours 09:00–12:00 and
    /// 13:00–17:00. For places without a shipped calendar.
    pub fn weekends(region: &str) -> Self {
        Self {
            open_ended: true,
            hours: vec![(hm(9, 0), hm(12, 0)), (hm(13, 0), hm(17, 0))],
            ..Self::empty(region)
        }
    }

    /// The calendar a plan names (`calendar` section): its base, the extra
    /// regional holidays and make-up days written in the plan, and its
    /// office hours. A `file` the section names is not read here (see
    /// [`WorkCalendar::for_plan_file`]).
    pub fn for_plan(plan: &crate::Plan) -> Result<Self, CalendarError> {
        use crate::plan::calendar::BaseCalendar;
        let policy = &plan.document().calendar;
        let mut cal = match policy.base {
            BaseCalendar::Cn => Self::china(),
            BaseCalendar::Weekends => Self::weekends(&policy.region.clone().unwrap_or_default()),
        };
        for extra in &policy.extra {
            cal.merge(extra.clone())?;
        }
        if !policy.hours.is_empty() {
            cal.hours = policy.hours.iter().map(|h| (h.start, h.end)).collect();
        }
        Ok(cal)
    }

    /// [`WorkCalendar::for_plan`], plus the calendar file the plan names,
    /// read relative to `dir` (the plan file's folder).
    pub fn for_plan_file(plan: &crate::Plan, dir: &std::path::Path) -> Result<Self, CalendarError> {
        let mut cal = Self::for_plan(plan)?;
        if let Some(file) = &plan.document().calendar.file {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                CalendarError::File(format!(
                    "{}: cannot read it ({e}); check calendar.file in the plan",
                    path.display()
                ))
            })?;
            let extra: CalendarFile = serde_json::from_str(&text)
                .map_err(|e| CalendarError::File(format!("{}: {e}", path.display())))?;
            cal.merge(extra)?;
        }
        Ok(cal)
    }

    /// A calendar from its JSON form (see `core/data/cn-work-calendar.json`).
    pub fn from_json(json: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile =
            serde_json::from_str(json).map_err(|e| CalendarError::File(e.to_string()))?;
        let mut cal = Self::empty(&file.region);
        cal.merge(file)?;
        Ok(cal)
    }

    /// Add the years of another calendar file (e.g. a later year's schedule).
    pub fn merge(&mut self, file: CalendarFile) -> Result<(), CalendarError> {
        file.check().map_err(CalendarError::File)?;
        for (year, data) in file.years {
            for (first, last, name) in data.holidays {
                let mut d = Some(first);
                while let Some(day) = d.filter(|day| *day <= last) {
                    self.holidays.insert(day, name.clone());
                    d = day.succ_opt();
                }
            }
            self.working_days.extend(data.working_days);
            self.years.insert(year);
        }
        Ok(())
    }

    /// The region code.
    pub fn region(&self) -> &str {
        &self.region
    }

    fn covered(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if self.open_ended || self.years.contains(&date.year()) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered {
                year: date.year(),
                covered: self
                    .years
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.covered(date)?;
        if self.working_days.contains(&date) {
            return Ok(true);
        }
        if self.holidays.contains_key(&date) {
            return Ok(false);
        }
        Ok(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The holiday's name on `date`, if it is one.
    pub fn holiday(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// The `n`th working day after `start` (`start` itself does not count).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n > MAX_DAYS {
            return Err(CalendarError::Unbounded(format!(
                "a limit of {n} working days reaches beyond ten years; give a shorter limit"
            )));
        }
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().ok_or_else(|| {
                CalendarError::Unbounded("a date past the end of the calendar".into())
            })?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The `n`th working day before `start` (`start` itself does not count).
    pub fn sub_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n > MAX_DAYS {
            return Err(CalendarError::Unbounded(format!(
                "{n} working days reach beyond ten years; give a shorter lead"
            )));
        }
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.pred_opt().ok_or_else(|| {
                CalendarError::Unbounded("a date before the start of the calendar".into())
            })?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The close of business on `day` in `tz` (the end of the last office
    /// period, 18:00 without hours).
    pub fn close_of_business(&self, tz: Tz, day: NaiveDate) -> Option<DateTime<Tz>> {
        let close = self.hours.last().map_or(hm(18, 0), |p| p.1);
        resolve_local(tz, day, close).earliest()
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The close of business on the `n`th working day after `start`'s date.
    pub fn due_after_working_days(
        &self,
        start: DateTime<Tz>,
        n: u32,
    ) -> Result<DateTime<Tz>, CalendarError> {
        let day = self.add_working_days(start.date_naive(), n)?;
        let close = self.hours.last().map_or(hm(18, 0), |p| p.1);
        Ok(resolve_local(start.timezone(), day, close)
            .earliest()
            .unwrap_or(start))
    }

    /// The instant `hours` working hours after `start`, counting only the
    /// working periods of working days.
    ///
    /// ```
    /// let cal = openday::calendar::WorkCalendar::china();
    /// let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    /// let friday_5pm = chrono::TimeZone::with_ymd_and_hms(&tz, 2025, 9, 26, 17, 0, 0).unwrap();
    /// // 1 h on Friday; Saturday 27 Sep is a weekend; Sunday 28 Sep is a make-up working day:
    /// // 3.5 h in the morning and the last 0.5 h after 14:30.
    /// let due = cal.add_working_hours(friday_5pm, 5).unwrap();
    /// assert_eq!(due.to_rfc3339(), "2025-09-28T15:00:00+08:00");
    /// ```
    pub fn add_working_hours(
        &self,
        start: DateTime<Tz>,
        hours: u32,
    ) -> Result<DateTime<Tz>, CalendarError> {
        let tz = start.timezone();
        let mut left = Duration::hours(i64::from(hours));
        let mut day = start.date_naive();
        let mut from = start;
        if self.hours.iter().all(|(a, b)| b <= a) {
            return Err(CalendarError::Unbounded(
                "the calendar has no office hours, so working hours cannot be counted; give its hours".into(),
            ));
        }
        for _ in 0..=MAX_DAYS {
            if self.is_working_day(day)? {
                for (a, b) in &self.hours {
                    let (Some(pa), Some(pb)) = (
                        resolve_local(tz, day, *a).earliest(),
                        resolve_local(tz, day, *b).earliest(),
                    ) else {
                        continue;
                    };
                    let begin = pa.max(from);
                    if begin >= pb {
                        continue;
                    }
                    let available = pb - begin;
                    if available >= left {
                        return Ok(begin + left);
                    }
                    left -= available;
                }
            }
            day = day.succ_opt().ok_or_else(|| {
                CalendarError::Unbounded("a date past the end of the calendar".into())
            })?;
            from = resolve_local(tz, day, NaiveTime::MIN)
                .earliest()
                .unwrap_or(from);
        }
        Err(CalendarError::Unbounded(format!(
            "a limit of {hours} working hours reaches beyond ten years; give a shorter limit"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn official_2025_and_2026_schedules() {
        let cal = WorkCalendar::china();
        // 2025: Spring Festival 28 Jan – 4 Feb, make-up 26 Jan (Sun) and 8 Feb (Sat).
        assert!(!cal.is_working_day(d(2025, 1, 28)).unwrap());
        assert!(cal.is_working_day(d(2025, 1, 26)).unwrap());
        assert!(cal.is_working_day(d(2025, 2, 8)).unwrap());
        assert_eq!(cal.holiday(d(2025, 10, 6)), Some("国庆节、中秋节"));
        // 2026: Spring Festival 15–23 Feb, make-up 14 and 28 Feb; National Day 1–7 Oct, make-up 20 Sep and 10 Oct.
        assert!(!cal.is_working_day(d(2026, 2, 23)).unwrap());
        assert!(cal.is_working_day(d(2026, 2, 28)).unwrap());
        assert!(cal.is_working_day(d(2026, 9, 20)).unwrap());
        assert!(!cal.is_working_day(d(2026, 9, 25)).unwrap());
        assert!(cal.is_working_day(d(2026, 10, 10)).unwrap());
        assert_eq!(
            cal.add_working_days(d(2026, 9, 30), 3).unwrap(),
            d(2026, 10, 10)
        );
        // An ordinary weekend.
        assert!(!cal.is_working_day(d(2025, 9, 20)).unwrap());
    }

    #[test]
    fn uncovered_years_are_an_error_not_a_guess() {
        let cal = WorkCalendar::china();
        let err = cal.is_working_day(d(2027, 1, 4)).unwrap_err();
        assert!(
            err.to_string()
                .contains("no holiday data for 2027 (it covers 2025, 2026)"),
            "{err}"
        );
        assert!(cal.add_working_days(d(2026, 12, 30), 5).is_err());
    }

    #[test]
    fn working_days_between_counts_after_the_start() {
        let cal = WorkCalendar::china();
        assert_eq!(
            cal.working_days_between(d(2025, 9, 28), d(2025, 10, 11))
                .unwrap(),
            5
        );
        assert_eq!(
            cal.working_days_between(d(2025, 10, 11), d(2025, 9, 28))
                .unwrap(),
            0
        );
    }

    #[test]
    fn a_bad_file_is_refused() {
        let bad = r#"{"region":"X","years":{"2025":{"source":"s","holidays":[["2025-02-03","2025-02-01","x"]]}}}"#;
        assert!(WorkCalendar::from_json(bad).is_err());
    }
}
