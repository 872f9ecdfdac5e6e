//! Plan checks: every problem at once, each with a severity, a path into
//! the plan and a message in Chinese and English.

use std::collections::HashMap;

use chrono::DateTime;
use chrono_tz::Tz;

use super::eligibility::EligibilityRule;
use super::problem::{Problem, ProblemCode};
use super::registration::{Channel, FieldRequirement, OfficeHours};
use super::timetable::{self, Timetable};
use super::{FORMAT_VERSION, OpenDayPlan};
use crate::time::{LocalInstant, parse_zone, resolve_local};

/// What validation resolves on a valid plan.
pub(crate) struct Resolved {
    pub(crate) tz: Tz,
    pub(crate) starts_at: DateTime<Tz>,
    pub(crate) ends_at: DateTime<Tz>,
    pub(crate) timetable: Timetable,
    /// The warnings found (no errors, or there would be no `Resolved`).
    pub(crate) warnings: Vec<Problem>,
}

struct Checker<'a> {
    plan: &'a OpenDayPlan,
    problems: Vec<Problem>,
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
    c.travel_and_transport();
    let timetable = window.map(|(s, e, tz)| {
        let (t, problems) = timetable::layout(plan, tz, s, e);
        c.problems.extend(problems);
        t
    });
    // Errors first, then warnings; each group in the order found.
    c.problems.sort_by_key(|p| p.severity);
    let has_error = c.problems.iter().any(Problem::is_error);
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
    fn push(&mut self, path: impl Into<String>, code: ProblemCode, en: String, zh: String) {
        self.problems.push(Problem::new(path, code, en, zh));
    }

    fn not_empty(&mut self, path: &str, value: &str, what_en: &str, what_zh: &str) {
        if value.trim().is_empty() {
            self.push(
                path,
                ProblemCode::Empty,
                format!("{what_en} is empty; write it in"),
                format!("{what_zh}为空，请填写"),
            );
        }
    }

    fn unique_ids<'b>(&mut self, list: &str, ids: impl Iterator<Item = &'b str>) {
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
            if let Some(c) = v.coordinates {
                if !(-90.0..=90.0).contains(&c.latitude) || !(-180.0..=180.0).contains(&c.longitude)
                {
                    self.push(
                        format!("venues[{i}].coordinates"),
                        ProblemCode::BadCoordinates,
                        format!("({}, {}) is not a WGS 84 point; latitude is −90..90, longitude −180..180", c.latitude, c.longitude),
                        format!("坐标 ({}, {}) 超出范围：纬度 −90..90，经度 −180..180", c.latitude, c.longitude),
                    );
                }
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

    fn unit_ref(&mut self, path: String, id: &str) {
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

    fn venue_ref(&mut self, path: String, id: &str) {
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

    fn hours(&mut self, path: &str, hours: &[OfficeHours]) {
        for (j, h) in hours.iter().enumerate() {
            if h.end <= h.start {
                self.push(
                    format!("{path}.hours[{j}].end"),
                    ProblemCode::EndBeforeStart,
                    format!(
                        "office hours end at {} but start at {}; the end must be after the start",
                        h.end, h.start
                    ),
                    format!("办公时间结束 {} 不晚于开始 {}，请更正", h.end, h.start),
                );
            }
            if h.days.is_empty() {
                self.push(
                    format!("{path}.hours[{j}].days"),
                    ProblemCode::EmptyList,
                    "office hours name no days; list the weekdays they apply to".into(),
                    "办公时间未列出适用的星期，请填写".into(),
                );
            }
        }
    }

    fn registration(&mut self, event_start: Option<DateTime<Tz>>) {
        let r = &self.plan.registration;
        if r.channels.is_empty() {
            self.push(
                "registration.channels",
                ProblemCode::NoChannels,
                "no registration channel; add a phone, on_site or online channel".into(),
                "未设置报名方式，请添加电话、现场或网上报名".into(),
            );
        }
        for (i, ch) in r.channels.iter().enumerate() {
            let path = format!("registration.channels[{i}]");
            match ch {
                Channel::Phone { number, .. } => {
                    self.not_empty(
                        &format!("{path}.number"),
                        number,
                        "the phone number",
                        "报名电话",
                    );
                }
                Channel::OnSite { address, venue, .. } => {
                    self.not_empty(
                        &format!("{path}.address"),
                        address,
                        "the address",
                        "报名地址",
                    );
                    if let Some(v) = venue {
                        self.venue_ref(format!("{path}.venue"), v);
                    }
                }
                Channel::Online { url } => {
                    self.not_empty(
                        &format!("{path}.url"),
                        url,
                        "the address of the form",
                        "报名网址",
                    );
                }
            }
            self.hours(&path, ch.hours());
        }
        if let Some(opens) = r.opens_at {
            if opens >= r.deadline {
                self.push(
                    "registration.opens_at",
                    ProblemCode::OpensAfterDeadline,
                    format!("registration opens at {opens}, not before its deadline {}; fix one of them", r.deadline),
                    format!("报名开始时间 {opens} 不早于截止时间 {}，请更正", r.deadline),
                );
            }
        }
        if let Some(start) = event_start {
            if r.deadline >= start {
                self.push(
                    "registration.deadline",
                    ProblemCode::DeadlineAfterStart,
                    format!("registration closes at {}, not before the event starts at {}; move the deadline earlier", r.deadline, start.fixed_offset()),
                    format!("报名截止时间 {} 不早于活动开始时间 {}，请提前截止时间", r.deadline, start.fixed_offset()),
                );
            }
        }
        for (i, req) in r.required_fields.iter().enumerate() {
            if let FieldRequirement::AnyOf { any_of } = req {
                if any_of.is_empty() {
                    self.push(
                        format!("registration.required_fields[{i}].any_of"),
                        ProblemCode::EmptyList,
                        "any_of lists no field; list the alternatives or remove the entry".into(),
                        "any_of 未列出任何字段，请填写或删除".into(),
                    );
                }
            }
        }
    }

    fn eligibility(&mut self) {
        let rules = &self.plan.eligibility.rules;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let (mut min_age, mut max_age) = (None, None);
        for (i, rule) in rules.iter().enumerate() {
            let path = format!("eligibility.rules[{i}]");
            let code = rule.code();
            if code != "attribute" && code != "area" {
                if let Some(first) = seen.get(code) {
                    self.push(
                        path.clone(),
                        ProblemCode::DuplicateRule,
                        format!(
                            "rule {code} is already given at eligibility.rules[{first}]; keep one"
                        ),
                        format!("规则 {code} 与 eligibility.rules[{first}] 重复，请保留一条"),
                    );
                }
                seen.entry(code).or_insert(i);
            }
            match rule {
                EligibilityRule::MinimumAge { years, .. } => min_age = Some((*years, i)),
                EligibilityRule::MaximumAge { years, .. } => max_age = Some((*years, i)),
                EligibilityRule::Area { areas, .. } if areas.is_empty() => self.push(
                    format!("{path}.areas"),
                    ProblemCode::EmptyList,
                    "the area rule lists no area; name the districts or the city".into(),
                    "区域规则未列出区域，请填写".into(),
                ),
                EligibilityRule::Attribute { one_of, .. } if one_of.is_empty() => self.push(
                    format!("{path}.one_of"),
                    ProblemCode::EmptyList,
                    "the attribute rule accepts no value; list the accepted values".into(),
                    "属性规则未列出可接受的值，请填写".into(),
                ),
                EligibilityRule::AnyOf { any_of } => self.alternatives(&path, any_of),
                EligibilityRule::NotRecentlyAttended { open_days: 0, .. } => self.push(
                    format!("{path}.open_days"),
                    ProblemCode::ZeroAmount,
                    "open_days is 0, so the rule excludes nobody; give a number or remove the rule"
                        .into(),
                    "open_days 为 0，规则无效，请填写次数或删除此规则".into(),
                ),
                _ => {}
            }
        }
        if let (Some((lo, _)), Some((hi, j))) = (min_age, max_age) {
            if lo > hi {
                self.push(
                    format!("eligibility.rules[{j}].years"),
                    ProblemCode::AgeRange,
                    format!("maximum age {hi} is below minimum age {lo}; nobody could take part"),
                    format!("最高年龄 {hi} 低于最低年龄 {lo}，无人符合条件"),
                );
            }
        }
    }

    fn alternatives(&mut self, path: &str, groups: &[super::eligibility::RuleGroup]) {
        if groups.is_empty() {
            self.push(
                format!("{path}.any_of"),
                ProblemCode::EmptyList,
                "any_of lists no alternative; list the groups of rules or remove the entry".into(),
                "any_of 未列出任何条件组，请填写或删除".into(),
            );
        }
        for (g, group) in groups.iter().enumerate() {
            let gp = format!("{path}.any_of[{g}]");
            self.not_empty(
                &format!("{gp}.label"),
                &group.label,
                "the label",
                "条件组名称",
            );
            if group.rules.is_empty() {
                self.push(
                    format!("{gp}.rules"),
                    ProblemCode::EmptyList,
                    "this alternative has no rule, so it lets everyone in; list its rules".into(),
                    "此条件组没有规则，等于不设条件，请填写规则".into(),
                );
            }
            for (j, rule) in group.rules.iter().enumerate() {
                if matches!(rule, EligibilityRule::AnyOf { .. }) {
                    self.push(
                        format!("{gp}.rules[{j}]"),
                        ProblemCode::BadAlternative,
                        "an any_of inside an any_of; list its groups in the outer any_of instead"
                            .into(),
                        "any_of 中不能再嵌套 any_of，请将其条件组并入外层".into(),
                    );
                }
            }
        }
    }

    fn itinerary(&mut self) {
        let p = self.plan;
        if p.itinerary.is_empty() {
            self.push(
                "itinerary",
                ProblemCode::NoSegments,
                "the itinerary is empty; list the day's segments in order".into(),
                "活动流程为空，请按顺序列出各环节".into(),
            );
        }
        self.unique_ids("itinerary", p.itinerary.iter().map(|s| s.id.as_str()));
        for (i, seg) in p.itinerary.iter().enumerate() {
            let path = format!("itinerary[{i}]");
            self.not_empty(
                &format!("{path}.title"),
                &seg.title,
                "the segment's title",
                "环节名称",
            );
            if let Some(v) = &seg.venue {
                self.venue_ref(format!("{path}.venue"), v);
            }
            for (j, u) in seg.units.iter().enumerate() {
                self.unit_ref(format!("{path}.units[{j}]"), u);
            }
            let d = seg.duration;
            if d.minutes == 0 {
                self.push(
                    format!("{path}.duration"),
                    ProblemCode::ZeroDuration,
                    "the duration is 0 minutes; give the planned minutes".into(),
                    "时长为 0 分钟，请填写计划时长".into(),
                );
            }
            let bounds_ok = d.min_minutes.is_none_or(|m| m <= d.minutes)
                && d.max_minutes.is_none_or(|m| m >= d.minutes);
            if !bounds_ok {
                self.push(
                    format!("{path}.duration"),
                    ProblemCode::BadDurationRange,
                    format!("the bounds {:?}–{:?} do not contain the planned {} min; fix min_minutes/max_minutes", d.min_minutes, d.max_minutes, d.minutes),
                    format!("时长范围 {:?}–{:?} 不包含计划的 {} 分钟，请更正 min_minutes/max_minutes", d.min_minutes, d.max_minutes, d.minutes),
                );
            } else if !d.approximate && (d.min_minutes.is_some() || d.max_minutes.is_some()) {
                self.push(
                    format!("{path}.duration"),
                    ProblemCode::BadDurationRange,
                    "bounds are given for an exact duration; set \"approximate\": true or remove them".into(),
                    "精确时长不应设置范围，请设 \"approximate\": true 或删除范围".into(),
                );
            }
        }
    }

    fn travel_and_transport(&mut self) {
        let p = self.plan;
        for (i, t) in p.travel.iter().enumerate() {
            self.venue_ref(format!("travel[{i}].from"), &t.from);
            self.venue_ref(format!("travel[{i}].to"), &t.to);
            if t.minutes == 0 {
                self.push(
                    format!("travel[{i}].minutes"),
                    ProblemCode::ZeroDuration,
                    "a travel time of 0 minutes; give the real minutes or remove the entry".into(),
                    "路程时间为 0 分钟，请填写实际分钟数或删除此项".into(),
                );
            }
        }
        if let Some(t) = &p.transport {
            if t.seats_per_vehicle == 0 {
                self.push(
                    "transport.seats_per_vehicle",
                    ProblemCode::ZeroCapacity,
                    "vehicles with 0 seats carry nobody; give the seats per vehicle".into(),
                    "车辆座位数为 0，请填写每辆车的座位数".into(),
                );
            }
            if let Some(u) = &t.unit {
                self.unit_ref("transport.unit".into(), u);
            }
        }
    }

    fn feedback(&mut self) {
        let p = self.plan;
        self.unique_ids(
            "feedback.categories",
            p.feedback.categories.iter().map(|c| c.id.as_str()),
        );
        for (i, cat) in p.feedback.categories.iter().enumerate() {
            let path = format!("feedback.categories[{i}]");
            self.not_empty(
                &format!("{path}.name"),
                &cat.name,
                "the category's name",
                "类别名称",
            );
            if let Some(u) = &cat.unit {
                self.unit_ref(format!("{path}.unit"), u);
            }
            if cat.time_limit.is_some_and(|t| t.amount() == 0) {
                self.push(
                    format!("{path}.time_limit"),
                    ProblemCode::ZeroAmount,
                    "a time limit of 0 cannot be met; give the working days or hours".into(),
                    "办理时限为 0，请填写工作日或工作小时数".into(),
                );
            }
        }
    }
}
