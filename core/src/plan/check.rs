//! Plan checks: every problem at once, each with a severity, a path into
//! the plan and a message in Chinese and English.

use std::collections::HashMap;

use chrono::DateTime;
use chrono_tz::Tz;

use super::problem::{Problem, ProblemCode};
use super::timetable::{self, Timetable};
use super::{FORMAT_VERSION, OpenDayPlan};
use crate::time::{LocalInstant, parse_zone, resolve_local};

/// What validation resolves on a valid plan.
pub(crate) struct Resolved {
    pub(crate) tz: Tz,
    pub(crate) starts_at: DateTime<Tz>,
    pub(crate) ends_at: DateTime<Tz>,
    pub(crate) timetable: Timetable,
    /// The errors that block a later stage only, then the warnings (no
    /// error blocks the plan, or there would be no `Resolved`).
    pub(crate) warnings: Vec<Problem>,
}

/// Collects the problems of one plan; each section's module adds its own
/// checks as methods.
pub(super) struct Checker<'a> {
    pub(super) plan: &'a OpenDayPlan,
    pub(super) problems: Vec<Problem>,
}

/// Check a plan; on success give its resolved zone, instants and timetable.
pub(crate) fn check(plan: &OpenDayPlan) -> Result<Resolved, Vec<Problem>> {
    let mut c = Checker {
        plan,
        problems: Vec::new(),
    };
    c.header();
    let window = c.window();
    c.units_and_venues();
    c.registration(window.map(|(s, _, _)| s));
    c.eligibility();
    c.itinerary();
    c.feedback();
    c.postponement();
    c.calendar();
    c.region();
    c.selection();
    c.confirmation(window.map(|(s, _, _)| s));
    c.travel_and_transport();
    c.preparation();
    let timetable = window.map(|(s, e, tz)| {
        let (t, problems) = timetable::layout(plan, tz, s, e);
        c.problems.extend(problems);
        t
    });
    // Errors first, then warnings; each group in the order found.
    c.problems.sort_by_key(|p| p.severity);
    let has_error = c
        .problems
        .iter()
        .any(|p| p.is_error() && p.stage() == super::problem::Stage::Plan);
    match (window, timetable) {
        (Some((starts_at, ends_at, tz)), Some(timetable)) if !has_error => Ok(Resolved {
            tz,
            starts_at,
            ends_at,
            timetable,
            warnings: c.problems,
        }),
        _ => Err(c.problems),
    }
}

impl Checker<'_> {
    pub(super) fn push(
        &mut self,
        path: impl Into<String>,
        code: ProblemCode,
        en: String,
        zh: String,
    ) {
        self.problems.push(Problem::new(path, code, en, zh));
    }

    pub(super) fn not_empty(&mut self, path: &str, value: &str, what_en: &str, what_zh: &str) {
        if value.trim().is_empty() {
            self.push(
                path,
                ProblemCode::Empty,
                format!("{what_en} is empty; write it in"),
                format!("{what_zh}为空，请填写"),
            );
        }
    }

    pub(super) fn unique_ids<'b>(&mut self, list: &str, ids: impl Iterator<Item = &'b str>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            self.not_empty(&format!("{list}[{i}].id"), id, "the id", "编号");
            if id.trim().is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(id, i) {
                seen.insert(id, first);
                self.push(
                    format!("{list}[{i}].id"),
                    ProblemCode::DuplicateId,
                    format!(
                        "id \"{id}\" is already used by {list}[{first}]; give each entry its own id"
                    ),
                    format!("编号“{id}”已被 {list}[{first}] 使用，请使用不同的编号"),
                );
            }
        }
    }

    fn header(&mut self) {
        let p = self.plan;
        if p.format != FORMAT_VERSION {
            self.push(
                "format",
                ProblemCode::UnsupportedFormat,
                format!(
                    "format {} is not {FORMAT_VERSION}; set \"format\": {FORMAT_VERSION}",
                    p.format
                ),
                format!("格式版本 {} 不受支持，请设为 {FORMAT_VERSION}", p.format),
            );
        }
        self.not_empty("id", &p.id, "the plan id", "方案编号");
        self.not_empty("title", &p.title, "the title", "活动名称");
        self.not_empty(
            "organiser.name",
            &p.organiser.name,
            "the organiser's name",
            "主办单位名称",
        );
        if p.seats == 0 {
            self.push(
                "seats",
                ProblemCode::NoSeats,
                "seats is 0: no citizen could take part; set the number of citizen representatives"
                    .into(),
                "名额为 0，无法邀请市民代表，请填写名额".into(),
            );
        }
    }

    /// The day's window as instants, when the zone and times resolve.
    fn window(&mut self) -> Option<(DateTime<Tz>, DateTime<Tz>, Tz)> {
        let p = self.plan;
        let Some(tz) = parse_zone(&p.time_zone) else {
            self.push(
                "time_zone",
                ProblemCode::UnknownTimeZone,
                format!(
                    "\"{}\" is not an IANA time zone; use a name such as Asia/Shanghai",
                    p.time_zone
                ),
                format!(
                    "“{}”不是有效的 IANA 时区，请使用如 Asia/Shanghai 的时区名",
                    p.time_zone
                ),
            );
            return None;
        };
        if !(1900..=2999).contains(&chrono::Datelike::year(&p.day.date)) {
            self.push(
                "day.date",
                ProblemCode::OutOfRange,
                format!(
                    "{} is not a date an open day can be on; give the date (years 1900–2999)",
                    p.day.date
                ),
                format!(
                    "日期 {} 不在可用范围（1900–2999 年），请填写活动日期",
                    p.day.date
                ),
            );
            return None;
        }
        if p.day.end <= p.day.start {
            self.push(
                "day.end",
                ProblemCode::EndBeforeStart,
                format!(
                    "the day ends at {} but starts at {}; the end must be after the start",
                    p.day.end, p.day.start
                ),
                format!(
                    "活动结束时间 {} 不晚于开始时间 {}，请更正",
                    p.day.end, p.day.start
                ),
            );
        }
        let mut resolve = |field: &str, t| match resolve_local(tz, p.day.date, t) {
            LocalInstant::Nonexistent => {
                self.push(
                    format!("day.{field}"),
                    ProblemCode::NonexistentLocalTime,
                    format!(
                        "{t} does not exist on {} in {tz} (clocks go forward); choose another time",
                        p.day.date
                    ),
                    format!(
                        "{} {t} 在 {tz} 时区不存在（夏令时跳过），请另选时间",
                        p.day.date
                    ),
                );
                None
            }
            r => r.earliest(),
        };
        let (start, end) = (resolve("start", p.day.start), resolve("end", p.day.end));
        Some((start?, end?, tz))
    }

    fn units_and_venues(&mut self) {
        let p = self.plan;
        self.unique_ids("units", p.units.iter().map(|u| u.id.as_str()));
        for (i, u) in p.units.iter().enumerate() {
            self.not_empty(
                &format!("units[{i}].name"),
                &u.name,
                "the unit's name",
                "单位名称",
            );
        }
        self.unique_ids("venues", p.venues.iter().map(|v| v.id.as_str()));
        for (i, v) in p.venues.iter().enumerate() {
            self.not_empty(
                &format!("venues[{i}].name"),
                &v.name,
                "the venue's name",
                "地点名称",
            );
            if let Some(c) = v.coordinates
                && (!(-90.0..=90.0).contains(&c.latitude)
                    || !(-180.0..=180.0).contains(&c.longitude))
            {
                self.push(
                    format!("venues[{i}].coordinates"),
                    ProblemCode::BadCoordinates,
                    format!(
                        "({}, {}) is not a WGS 84 point; latitude is −90..90, longitude −180..180",
                        c.latitude, c.longitude
                    ),
                    format!(
                        "坐标 ({}, {}) 超出范围：纬度 −90..90，经度 −180..180",
                        c.latitude, c.longitude
                    ),
                );
            }
            if v.capacity == Some(0) {
                self.push(
                    format!("venues[{i}].capacity"),
                    ProblemCode::ZeroCapacity,
                    "capacity 0 holds nobody; give the real capacity or leave it out".into(),
                    "容量为 0，请填写实际容量或删除此项".into(),
                );
            }
        }
    }

    pub(super) fn unit_ref(&mut self, path: String, id: &str) {
        if !self.plan.units.iter().any(|u| u.id == id) {
            let known = self
                .plan
                .units
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            self.push(
                path,
                ProblemCode::UnknownUnit,
                format!(
                    "unit \"{id}\" is not in `units` (known: {known}); add it there or fix the id"
                ),
                format!("单位“{id}”未在 units 中定义（已有：{known}），请补充或更正"),
            );
        }
    }

    pub(super) fn venue_ref(&mut self, path: String, id: &str) {
        if !self.plan.venues.iter().any(|v| v.id == id) {
            let known = self
                .plan
                .venues
                .iter()
                .map(|v| v.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            self.push(
                path,
                ProblemCode::UnknownVenue,
                format!(
                    "venue \"{id}\" is not in `venues` (known: {known}); add it there or fix the id"
                ),
                format!("地点“{id}”未在 venues 中定义（已有：{known}），请补充或更正"),
            );
        }
    }
}
