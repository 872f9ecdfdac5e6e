//! What decided a rule's failure, and the failure written from it.
//!
//! Evaluating a rule yields a [`Cause`]: the few values that decided the
//! failure (an age, the districts given, a registration time), borrowed
//! from the registrant. A [`RuleFailure`] with its sentences and facts is
//! written from the cause and the rule alone, so equal causes under the
//! same rule always make equal failures: screening writes each distinct
//! failure once and recognises the many rows that repeat it by their
//! causes, without writing or hashing sentences per row.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::Age;
use super::evaluate::{Evaluator, Prepared, RuleFailure, failure};
use crate::registrant::CapacityStatus;
use crate::registration::{ChannelKind, FieldRequirement};
use crate::time::format_minutes;

/// Why the civil-capacity rule failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CapacityMiss {
    /// Full capacity declared, verification required.
    DeclaredNotVerified,
    /// Not stated, and the plan asks everyone to state it.
    MustDeclare,
    /// Not stated, and under 18.
    Minor,
    /// Not stated, and no birth date to presume it from.
    NoBirthDate,
    /// Not stated, and the plan requires verification.
    NotVerified,
    /// Limited or none.
    NotFull(CapacityStatus),
}

/// What decided one failure; `S` is a text, borrowed while a row is
/// judged (`&str`) or kept (`Box<str>`).
///
/// Equal causes under the same rule write equal failures (the rendering
/// reads nothing else of the registrant), and a cause hashes as its
/// borrowed and kept forms alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Cause<S> {
    /// The channel is not one the plan accepts (no rule: the plan's own).
    Channel(ChannelKind),
    /// No birth date or ID number.
    AgeUnknown,
    /// Born after the rule's reference day.
    BornAfter,
    /// Under the minimum or over the maximum age (as the rule says).
    Age(Age),
    /// The civil-capacity rule.
    Capacity(CapacityMiss),
    /// Lives, works and studies outside the areas (the districts given).
    OutsideArea {
        /// Home district.
        district: Option<S>,
        /// Workplace or school district.
        work: Option<S>,
    },
    /// No registration time.
    SubmittedUnknown,
    /// Registered after the deadline, at this instant.
    AfterDeadline(DateTime<FixedOffset>),
    /// Registered before registration opened, at this instant.
    BeforeOpening(DateTime<FixedOffset>),
    /// The rule's requirements not met, one bit per requirement (a rule of
    /// more than 64 requirements is written at once, as `Written`).
    Missing(u64),
    /// Attended a recent open day.
    Recent {
        /// The open day's name.
        day: S,
        /// Its date.
        date: NaiveDate,
    },
    /// The attribute has a value the rule does not accept.
    AttributeNotAccepted(S),
    /// The attribute is not given.
    AttributeMissing,
    /// A failure written at once (alternatives: their sentences gather
    /// the groups' failures).
    Written(RuleFailure),
}

impl<S: AsRef<str>> Cause<S> {
    /// The cause with its texts kept.
    pub(crate) fn to_kept(&self) -> Cause<Box<str>> {
        let keep = |s: &S| Box::from(s.as_ref());
        match self {
            Self::Channel(c) => Cause::Channel(*c),
            Self::AgeUnknown => Cause::AgeUnknown,
            Self::BornAfter => Cause::BornAfter,
            Self::Age(a) => Cause::Age(*a),
            Self::Capacity(m) => Cause::Capacity(*m),
            Self::OutsideArea { district, work } => Cause::OutsideArea {
                district: district.as_ref().map(keep),
                work: work.as_ref().map(keep),
            },
            Self::SubmittedUnknown => Cause::SubmittedUnknown,
            Self::AfterDeadline(t) => Cause::AfterDeadline(*t),
            Self::BeforeOpening(t) => Cause::BeforeOpening(*t),
            Self::Missing(m) => Cause::Missing(*m),
            Self::Recent { day, date } => Cause::Recent {
                day: keep(day),
                date: *date,
            },
            Self::AttributeNotAccepted(v) => Cause::AttributeNotAccepted(keep(v)),
            Self::AttributeMissing => Cause::AttributeMissing,
            Self::Written(f) => Cause::Written(f.clone()),
        }
    }

    /// Whether this cause equals `other`, whatever form each keeps its
    /// texts in.
    pub(crate) fn same<T: AsRef<str>>(&self, other: &Cause<T>) -> bool {
        let text = |a: &Option<S>, b: &Option<T>| match (a, b) {
            (Some(a), Some(b)) => a.as_ref() == b.as_ref(),
            (None, None) => true,
            _ => false,
        };
        match (self, other) {
            (Self::Channel(a), Cause::Channel(b)) => a == b,
            (Self::AgeUnknown, Cause::AgeUnknown)
            | (Self::BornAfter, Cause::BornAfter)
            | (Self::SubmittedUnknown, Cause::SubmittedUnknown)
            | (Self::AttributeMissing, Cause::AttributeMissing) => true,
            (Self::Age(a), Cause::Age(b)) => a == b,
            (Self::Capacity(a), Cause::Capacity(b)) => a == b,
            (
                Self::OutsideArea { district, work },
                Cause::OutsideArea {
                    district: d,
                    work: w,
                },
            ) => text(district, d) && text(work, w),
            (Self::AfterDeadline(a), Cause::AfterDeadline(b))
            | (Self::BeforeOpening(a), Cause::BeforeOpening(b)) => a == b,
            (Self::Missing(a), Cause::Missing(b)) => a == b,
            (Self::Recent { day, date }, Cause::Recent { day: d, date: t }) => {
                day.as_ref() == d.as_ref() && date == t
            }
            (Self::AttributeNotAccepted(a), Cause::AttributeNotAccepted(b)) => {
                a.as_ref() == b.as_ref()
            }
            (Self::Written(a), Cause::Written(b)) => a == b,
            _ => false,
        }
    }
}

impl Evaluator {
    /// The failure `cause` makes under `rule` (`None`: the plan's channel
    /// check).
    pub(super) fn write<S: AsRef<str>>(
        &self,
        rule: Option<&(usize, Prepared)>,
        cause: Cause<S>,
    ) -> RuleFailure {
        let Some((i, prepared)) = rule else {
            // Only the plan's channel check has no rule.
            return match cause {
                Cause::Written(f) => f,
                Cause::Channel(kind) => self.channel_failure(kind),
                _ => self.channel_failure(ChannelKind::Other),
            };
        };
        let i = *i;
        match (prepared, cause) {
            (_, Cause::Written(f)) => f,
            (Prepared::MinAge { years, on } | Prepared::MaxAge { years, on }, cause) => {
                age_failure(
                    i,
                    &cause,
                    *years,
                    *on,
                    matches!(prepared, Prepared::MinAge { .. }),
                )
            }
            (Prepared::Capacity { .. }, Cause::Capacity(miss)) => capacity_failure(i, miss),
            (
                Prepared::Area {
                    named_en, named_zh, ..
                },
                Cause::OutsideArea { district, work },
            ) => area_failure(
                i,
                district.as_ref().map(AsRef::as_ref),
                work.as_ref().map(AsRef::as_ref),
                named_en,
                named_zh,
            ),
            (Prepared::Window { opens, deadline }, cause) => {
                self.window_failure(i, &cause, *opens, *deadline)
            }
            (Prepared::Required(reqs), Cause::Missing(bits)) => {
                let missing: Vec<&FieldRequirement> = reqs
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k < 64 && bits & (1 << k) != 0)
                    .map(|(_, req)| req)
                    .collect();
                required_failure(i, &missing)
            }
            (Prepared::NotRecent { open_days, .. }, Cause::Recent { day, date }) => {
                let day = day.as_ref();
                failure(
                    i,
                    "recently_attended",
                    format!(
                        "attended the open day {day} on {date}, one of the last {open_days}; places go to people who have not come recently"
                    ),
                    format!(
                        "已参加 {date} 的开放日（{day}），属于最近 {open_days} 次之内，名额优先给近期未参加的市民"
                    ),
                    [("open_day", day.to_owned()), ("date", date.to_string())],
                )
            }
            (Prepared::Attribute { name, one_of }, Cause::AttributeNotAccepted(v)) => {
                let v = v.as_ref();
                let mut accepted: Vec<&str> = one_of.iter().map(String::as_str).collect();
                accepted.sort_unstable();
                failure(
                    i,
                    "attribute_not_accepted",
                    format!("{name} is {v}, not one of {}", accepted.join(", ")),
                    format!("{name}为“{v}”，不在可接受范围（{}）内", accepted.join("、")),
                    [("attribute", name.clone()), ("value", v.to_owned())],
                )
            }
            (Prepared::Attribute { name, .. }, _) => failure(
                i,
                "attribute_missing",
                format!("{name} is not given; it decides eligibility, ask the registrant"),
                format!("未填写{name}，该项决定报名资格，请向报名人询问"),
                [("attribute", name.clone())],
            ),
            // A cause of another kind of rule: the evaluator makes none.
            (_, cause) => failure(
                i,
                "rule_failed",
                format!("rule {i} failed ({})", cause.code()),
                format!("第 {i} 条规则未通过（{}）", cause.code()),
                [],
            ),
        }
    }

    fn channel_failure(&self, kind: ChannelKind) -> RuleFailure {
        let offered_en: Vec<&str> = self.channels.iter().map(|c| c.code()).collect();
        let offered_zh: Vec<&str> = self.channels.iter().map(|c| c.label_zh()).collect();
        RuleFailure {
            rule: None,
            code: "channel_not_accepted",
            message_en: format!(
                "registered by {}, which this open day does not accept (only {}); ask the person to register that way",
                kind.code(),
                offered_en.join(", ")
            ),
            message_zh: format!(
                "报名方式为{}，本次活动仅接受{}，请提醒报名人按规定方式报名",
                kind.label_zh(),
                offered_zh.join("、")
            ),
            facts: [
                ("channel", kind.code().to_owned()),
                ("accepted", offered_en.join(", ")),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn window_failure<S>(
        &self,
        i: usize,
        cause: &Cause<S>,
        opens: Option<DateTime<FixedOffset>>,
        deadline: DateTime<FixedOffset>,
    ) -> RuleFailure {
        let local = |t: DateTime<FixedOffset>| {
            t.with_timezone(&self.tz)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        match (cause, opens) {
            (Cause::AfterDeadline(at), _) => {
                let secs = (*at - deadline).num_seconds();
                let late = format!("{} {} s", format_minutes(secs / 60), secs % 60);
                let (at_local, deadline_local) = (local(*at), local(deadline));
                failure(
                    i,
                    "after_deadline",
                    format!(
                        "registered at {at_local}, {late} after the deadline {deadline_local} (inclusive)"
                    ),
                    format!("报名时间 {at_local}，晚于截止时间 {deadline_local}（{late}）"),
                    [("submitted_at", at_local), ("deadline", deadline_local)],
                )
            }
            (Cause::BeforeOpening(at), Some(opens)) => failure(
                i,
                "before_opening",
                format!(
                    "registered at {}, before registration opened at {}",
                    local(*at),
                    local(opens)
                ),
                format!("报名时间 {}，早于报名开始时间 {}", local(*at), local(opens)),
                [("submitted_at", local(*at)), ("opens_at", local(opens))],
            ),
            _ => failure(
                i,
                "submitted_at_unknown",
                "the registration time is not recorded, so the deadline cannot be checked; record when it was received".into(),
                "未记录报名时间，无法核对是否在截止前报名，请补充".into(),
                [("deadline", local(deadline))],
            ),
        }
    }
}

impl<S> Cause<S> {
    /// A short name of the cause's kind (for a failure no rule explains).
    fn code(&self) -> &'static str {
        match self {
            Self::Channel(_) => "channel",
            Self::AgeUnknown => "age_unknown",
            Self::BornAfter => "born_after",
            Self::Age(_) => "age",
            Self::Capacity(_) => "capacity",
            Self::OutsideArea { .. } => "outside_area",
            Self::SubmittedUnknown => "submitted_unknown",
            Self::AfterDeadline(_) => "after_deadline",
            Self::BeforeOpening(_) => "before_opening",
            Self::Missing(_) => "missing",
            Self::Recent { .. } => "recent",
            Self::AttributeNotAccepted(_) => "attribute_not_accepted",
            Self::AttributeMissing => "attribute_missing",
            Self::Written(_) => "written",
        }
    }
}

/// The failure of a minimum (`min`) or maximum age rule.
fn age_failure<S>(i: usize, cause: &Cause<S>, years: u32, on: NaiveDate, min: bool) -> RuleFailure {
    let facts = |age: &str| {
        vec![
            ("age", age.to_owned()),
            ("on", on.to_string()),
            ("limit", years.to_string()),
        ]
    };
    match cause {
        Cause::Age(age) if min => failure(
            i,
            "under_minimum_age",
            format!("aged {age} on {on}, under the minimum age of {years}"),
            format!("{on} 时年龄为{}，未满{years}周岁", age.to_zh()),
            facts(&age.to_string()),
        ),
        Cause::Age(age) => failure(
            i,
            "over_maximum_age",
            format!("aged {age} on {on}, over the maximum age of {years}"),
            format!("{on} 时年龄为{}，超过{years}周岁", age.to_zh()),
            facts(&age.to_string()),
        ),
        Cause::BornAfter => failure(
            i,
            "born_after_reference",
            format!("the birth date is after {on}; check it"),
            format!("出生日期晚于 {on}，请核对"),
            facts("not born"),
        ),
        _ => failure(
            i,
            "age_unknown",
            "no birth date or ID number, so the age cannot be checked; ask for the birth date"
                .into(),
            "缺少出生日期或身份证号，无法核对年龄，请补充出生日期".into(),
            [("on", on.to_string())],
        ),
    }
}

fn capacity_failure(i: usize, miss: CapacityMiss) -> RuleFailure {
    let unknown = || [("status", CapacityStatus::Unknown.code().to_owned())];
    match miss {
        CapacityMiss::DeclaredNotVerified => failure(
            i,
            "civil_capacity_not_verified",
            "full civil capacity is declared but not verified, and the plan requires verification"
                .into(),
            "已声明具有完全民事行为能力但尚未核实，本次活动要求核实".into(),
            [("status", CapacityStatus::Full.code().to_owned())],
        ),
        CapacityMiss::MustDeclare => failure(
            i,
            "civil_capacity_unknown",
            "civil capacity is not stated, and the plan asks everyone to state it; ask whether the registrant has full civil capacity"
                .into(),
            "未说明民事行为能力，本次活动要求声明，请向报名人确认是否具有完全民事行为能力".into(),
            unknown(),
        ),
        CapacityMiss::Minor => failure(
            i,
            "civil_capacity_minor",
            "under 18 and no full civil capacity stated; a minor has it only when 16 or over and living on their own labour income (Civil Code art. 18), so ask".into(),
            "未满十八周岁且未声明具有完全民事行为能力；未成年人仅在十六周岁以上并以自己的劳动收入为主要生活来源时视为完全民事行为能力人（《民法典》第十八条），请核实".into(),
            unknown(),
        ),
        CapacityMiss::NoBirthDate => failure(
            i,
            "civil_capacity_unknown",
            "civil capacity is not stated and without a birth date it cannot be presumed; ask for the birth date".into(),
            "未说明民事行为能力，且缺少出生日期无法推定，请补充出生日期".into(),
            unknown(),
        ),
        CapacityMiss::NotVerified => failure(
            i,
            "civil_capacity_not_verified",
            "civil capacity is not stated, and the plan requires it verified by the office".into(),
            "未说明民事行为能力，本次活动要求经核实".into(),
            unknown(),
        ),
        CapacityMiss::NotFull(status) => failure(
            i,
            "civil_capacity_not_full",
            format!(
                "civil capacity is {}; the open day requires full civil capacity",
                status.code()
            ),
            format!(
                "民事行为能力为“{}”，本次活动要求具有完全民事行为能力",
                if status == CapacityStatus::Limited {
                    "限制"
                } else {
                    "无"
                }
            ),
            [("status", status.code().to_owned())],
        ),
    }
}

fn area_failure(
    i: usize,
    district: Option<&str>,
    work: Option<&str>,
    named_en: &str,
    named_zh: &str,
) -> RuleFailure {
    let (district_en, work_en) = (district.unwrap_or("not given"), work.unwrap_or("not given"));
    failure(
        i,
        "outside_area",
        format!(
            "does not live, work or study in {named_en} (district: {district_en}; workplace or school district: {work_en}); ask where they live, work or study"
        ),
        format!(
            "未在{named_zh}生活、工作或学习（居住区县：{}；工作学习单位所在区县：{}），请向报名人核实",
            district.unwrap_or("未填写"),
            work.unwrap_or("未填写")
        ),
        [
            ("district", district_en.to_owned()),
            ("work_district", work_en.to_owned()),
            ("areas", named_en.to_owned()),
        ],
    )
}

fn required_failure(i: usize, missing: &[&FieldRequirement]) -> RuleFailure {
    let en: Vec<String> = missing.iter().map(ToString::to_string).collect();
    let zh: Vec<String> = missing
        .iter()
        .map(|req| match req {
            FieldRequirement::One(f) => f.label_zh().to_owned(),
            FieldRequirement::AnyOf { any_of } => any_of
                .iter()
                .map(|f| f.label_zh())
                .collect::<Vec<_>>()
                .join("或"),
        })
        .collect();
    failure(
        i,
        "missing_required_field",
        format!(
            "missing required information: {}; ask the registrant",
            en.join("; ")
        ),
        format!("缺少必填信息：{}，请向报名人补充", zh.join("；")),
        [("missing", en.join("; "))],
    )
}

/// The written failure of a rule of more than 64 requirements (the bits
/// of [`Cause::Missing`] cannot name them).
pub(super) fn many_missing<S>(i: usize, missing: &[&FieldRequirement]) -> Cause<S> {
    Cause::Written(required_failure(i, missing))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn text() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "原州区"]).prop_map(str::to_owned)
    }

    /// A cause of kind `k` (0–13), from few values, so that two causes of
    /// one kind are often equal and often differ in one field.
    fn of_kind(k: usize) -> BoxedStrategy<Cause<String>> {
        let at = (0_i64..2).prop_map(|s| {
            FixedOffset::east_opt(8 * 3600)
                .and_then(|z| z.timestamp_opt(1_757_000_000 + s, 0).single())
                .unwrap_or_default()
        });
        match k {
            0 => prop::sample::select(vec![ChannelKind::Phone, ChannelKind::Email])
                .prop_map(Cause::Channel)
                .boxed(),
            1 => Just(Cause::AgeUnknown).boxed(),
            2 => Just(Cause::BornAfter).boxed(),
            3 => (17_u32..19, 0_u32..2)
                .prop_map(|(years, months)| Cause::Age(Age { years, months }))
                .boxed(),
            4 => prop::sample::select(vec![
                CapacityMiss::Minor,
                CapacityMiss::NoBirthDate,
                CapacityMiss::NotFull(CapacityStatus::Limited),
                CapacityMiss::NotFull(CapacityStatus::None),
            ])
            .prop_map(Cause::Capacity)
            .boxed(),
            5 => (prop::option::of(text()), prop::option::of(text()))
                .prop_map(|(district, work)| Cause::OutsideArea { district, work })
                .boxed(),
            6 => Just(Cause::SubmittedUnknown).boxed(),
            7 => at.prop_map(Cause::AfterDeadline).boxed(),
            8 => at.prop_map(Cause::BeforeOpening).boxed(),
            9 => (0_u64..3).prop_map(Cause::Missing).boxed(),
            10 => (text(), 0_u32..2)
                .prop_map(|(day, d)| Cause::Recent {
                    day,
                    date: NaiveDate::from_ymd_opt(2025, 1, 1 + d).unwrap_or_default(),
                })
                .boxed(),
            11 => text().prop_map(Cause::AttributeNotAccepted).boxed(),
            12 => Just(Cause::AttributeMissing).boxed(),
            _ => (0_usize..2)
                .prop_map(|i| Cause::Written(failure(i, "x", "e".into(), "z".into(), [])))
                .boxed(),
        }
    }

    /// Two causes, of one kind in most pairs.
    fn pair() -> impl Strategy<Value = (Cause<String>, Cause<String>)> {
        prop_oneof![
            3 => (0_usize..14).prop_flat_map(|k| (of_kind(k), of_kind(k))),
            1 => ((0_usize..14).prop_flat_map(of_kind), (0_usize..14).prop_flat_map(of_kind)),
        ]
    }

    /// The cause with its texts borrowed, as evaluation finds it.
    fn borrow(c: &Cause<String>) -> Cause<&str> {
        match c {
            Cause::OutsideArea { district, work } => Cause::OutsideArea {
                district: district.as_deref(),
                work: work.as_deref(),
            },
            Cause::Recent { day, date } => Cause::Recent {
                day: day.as_str(),
                date: *date,
            },
            Cause::AttributeNotAccepted(v) => Cause::AttributeNotAccepted(v.as_str()),
            Cause::Channel(k) => Cause::Channel(*k),
            Cause::AgeUnknown => Cause::AgeUnknown,
            Cause::BornAfter => Cause::BornAfter,
            Cause::Age(a) => Cause::Age(*a),
            Cause::Capacity(m) => Cause::Capacity(*m),
            Cause::SubmittedUnknown => Cause::SubmittedUnknown,
            Cause::AfterDeadline(t) => Cause::AfterDeadline(*t),
            Cause::BeforeOpening(t) => Cause::BeforeOpening(*t),
            Cause::Missing(m) => Cause::Missing(*m),
            Cause::AttributeMissing => Cause::AttributeMissing,
            Cause::Written(f) => Cause::Written(f.clone()),
        }
    }

    proptest! {
        /// A cause as evaluation finds it (texts borrowed) is the same as
        /// a kept one exactly when the two kept forms are equal: the
        /// screening cache neither merges different causes nor misses
        /// equal ones.
        #[test]
        fn same_is_equality_of_the_kept_forms((a, b) in pair()) {
            let borrowed = borrow(&a);
            prop_assert_eq!(b.to_kept().same(&borrowed), b.to_kept() == a.to_kept());
            prop_assert!(borrowed.same(&a.to_kept()));
        }
    }
}
