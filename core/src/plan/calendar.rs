//! The plan's `calendar` section: which working-day calendar and office
//! hours the office's time limits (the ledger's due dates) follow. The
//! arithmetic is [`crate::calendar`].
//!
//! ```
//! let c: openday::plan::calendar::CalendarPolicy = serde_json::from_str(r#"{
//!   "base": "cn",
//!   "extra": [{"region": "CN-64", "name": "宁夏", "years": {"2025": {
//!       "source": "自治区人民政府办公厅通知", "holidays": [["2025-10-25", "2025-10-25", "自治区成立纪念日"]]}}}],
//!   "hours": [{"start": "08:30", "end": "12:00"}, {"start": "14:30", "end": "18:00"}]
//! }"#).unwrap();
//! assert_eq!(c.extra[0].region, "CN-64");
//! ```

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::{Problem, ProblemCode};
use crate::time::schema;

/// The working-day calendar of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarPolicy {
    /// The calendar to start from (default `cn`).
    #[serde(default)]
    pub base: BaseCalendar,
    /// Region code, for a `weekends` base (e.g. `DE-BE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Extra holidays and make-up working days (a region's own), in the
    /// calendar file form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CalendarFile>,
    /// A calendar file in the same form beside the plan file, read by the
    /// tools that load the plan from a file (the main job).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Office hours of a working day, for limits in working hours and the
    /// close of business (default: the base's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<HoursRange>,
}

/// A built-in calendar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BaseCalendar {
    /// China's national holidays and make-up working days (shipped years),
    /// office hours 08:30–12:00 and 14:30–18:00.
    #[default]
    Cn,
    /// Saturdays and Sundays off, no public holidays unless listed in
    /// `extra`; office hours 09:00–12:00 and 13:00–17:00.
    Weekends,
}

/// A period of office hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursRange {
    /// Local start.
    #[schemars(schema_with = "schema::local_time")]
    pub start: NaiveTime,
    /// Local end.
    #[schemars(schema_with = "schema::local_time")]
    pub end: NaiveTime,
}

impl CalendarPolicy {
    /// Whether nothing is set (the national calendar with its hours).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Checker<'_> {
    pub(super) fn calendar(&mut self) {
        let p = self.plan;
        let c = &p.calendar;
        for (i, extra) in c.extra.iter().enumerate() {
            if let Err(e) = extra.check() {
                self.push(
                    format!("calendar.extra[{i}]"),
                    ProblemCode::BadCalendar,
                    format!("{e}; fix the dates"),
                    format!("日历数据有误：{e}，请更正日期"),
                );
            }
        }
        for (i, h) in c.hours.iter().enumerate() {
            if h.end <= h.start {
                self.push(
                    format!("calendar.hours[{i}].end"),
                    ProblemCode::EndBeforeStart,
                    format!(
                        "office hours end at {} but start at {}; the end must be after the start",
                        h.end, h.start
                    ),
                    format!("办公时间结束 {} 不晚于开始 {}，请更正", h.end, h.start),
                );
            }
        }
        if c.file.as_deref().is_some_and(|f| f.trim().is_empty()) {
            self.push(
                "calendar.file",
                ProblemCode::Empty,
                "the calendar file name is empty; name it or leave it out".into(),
                "日历文件名为空，请填写或删除".into(),
            );
        }
        // Due dates need the calendar to cover the day's year.
        let year = p.day.date.year();
        let covers = c.base == BaseCalendar::Weekends
            || c.file.is_some()
            || CalendarFile::china().is_some_and(|f| f.years.contains_key(&year))
            || c.extra.iter().any(|e| e.years.contains_key(&year));
        if !covers && !p.feedback.categories.is_empty() {
            self.problems.push(Problem::warning(
                "calendar",
                ProblemCode::BadCalendar,
                format!("the working-day calendar has no holiday data for {year}, so the ledger cannot work out due dates; add {year}'s official schedule under calendar.extra (or calendar.file)"),
                format!("工作日历缺少 {year} 年的节假日安排，台账无法计算办理期限；请在 calendar.extra（或 calendar.file）中补充 {year} 年的官方安排"),
            ));
        }
    }
}

/// The shipped calendar of China's national holidays (2025, 2026).
pub const CHINA_CALENDAR_JSON: &str = include_str!("../../data/cn-work-calendar.json");

/// A calendar file: holidays and make-up working days per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    /// Region code (e.g. `CN`, `CN-64`).
    pub region: String,
    /// Human-readable name.
    #[serde(default)]
    pub name: String,
    /// Years by number.
    pub years: BTreeMap<i32, CalendarYear>,
}

/// One year of a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    /// The official source.
    pub source: String,
    /// Holiday ranges: first day, last day (inclusive), name.
    pub holidays: Vec<(NaiveDate, NaiveDate, String)>,
    /// Weekend days that are working days (调休上班).
    #[serde(default)]
    pub working_days: Vec<NaiveDate>,
}

impl CalendarFile {
    /// The shipped calendar of China's national holidays.
    pub fn china() -> Option<Self> {
        serde_json::from_str(CHINA_CALENDAR_JSON).ok()
    }

    /// Whether every holiday is a range within its year: the message says
    /// which is not.
    pub fn check(&self) -> Result<(), String> {
        for (year, data) in &self.years {
            for (first, last, name) in &data.holidays {
                if last < first || first.year() != *year || last.year() != *year {
                    return Err(format!(
                        "{year}: holiday {name} {first}..{last} is not a range within {year}"
                    ));
                }
            }
            if let Some(d) = data.working_days.iter().find(|d| d.year() != *year) {
                return Err(format!("{year}: make-up working day {d} is not in {year}"));
            }
        }
        Ok(())
    }
}
