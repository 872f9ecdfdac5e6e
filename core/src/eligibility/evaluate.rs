//! Evaluating registrants against a plan's eligibility policy.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::{
    Age, AgeCountsFrom, AreaRelation, AttendanceHistory, EligibilityRule, LeapDayBirthday, age_on,
};
use crate::plan::Plan;
use crate::plan::{Problem, ProblemCode};
use crate::registrant::{CapacityBasis, CapacityStatus, PersonKey, Registrant};
use crate::registration::{Channel, ChannelKind, FieldRequirement, RegistrationField};
use crate::time::format_minutes;

/// One rule a registrant does not meet, with the facts that decided it.
///
/// Its hash covers the rule, the code and the facts, not the messages
/// (written from them): equal failures hash equally, and screening interns
/// a report's many repeated failures without hashing their sentences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleFailure {
    /// Index of the rule in the policy; `None` for a check the plan itself
    /// implies (a channel the plan does not offer).
    pub rule: Option<usize>,
    /// Stable code, e.g. `under_minimum_age`, `after_deadline`.
    pub code: &'static str,
    /// Explanation in English.
    pub message_en: String,
    /// Explanation in Chinese.
    pub message_zh: String,
    /// The facts that decided it (never a raw ID number, name or phone).
    pub facts: BTreeMap<&'static str, String>,
}

impl std::hash::Hash for RuleFailure {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.rule.hash(state);
        self.code.hash(state);
        self.facts.hash(state);
    }
}

/// Why a rule passed when that is worth recording: the alternative that
/// was met, or a presumption made (full civil capacity of an adult who did
/// not state it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// Index of the rule in the policy.
    pub rule: usize,
    /// Stable code: `alternative` or `civil_capacity_presumed`.
    pub code: &'static str,
    /// In English.
    pub message_en: String,
    /// In Chinese.
    pub message_zh: String,
}

/// The verdict on one registrant: eligible when no rule failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Every failing rule, in policy order.
    pub failures: Vec<RuleFailure>,
    /// What passing rules rested on (alternatives met, presumptions made).
    pub basis: Vec<Basis>,
}

impl Verdict {
    /// Whether every rule passed.
    pub fn is_eligible(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What one evaluation collects: every failure; the basis when asked for
/// (`None`: not built); the last age computed, as the age and capacity
/// rules ask for the same day's.
struct Found {
    failures: Vec<RuleFailure>,
    basis: Option<Vec<Basis>>,
    age: AgeMemo,
}

/// A reference day and the registrant's age on it.
type AgeMemo = Option<(NaiveDate, Option<Age>)>;

impl Found {
    fn new(with_basis: bool) -> Self {
        Self {
            failures: Vec::new(),
            basis: with_basis.then(Vec::new),
            age: None,
        }
    }
}

enum Prepared {
    MinAge {
        years: u32,
        on: NaiveDate,
    },
    MaxAge {
        years: u32,
        on: NaiveDate,
    },
    Capacity {
        accept_declared: bool,
        require_declaration: bool,
        on: NaiveDate,
    },
    Area {
        areas: Vec<String>,
        relations: Vec<AreaRelation>,
        /// The areas as the messages name them: `a / b` and `a、b`.
        named_en: String,
        named_zh: String,
    },
    Window {
        opens: Option<DateTime<FixedOffset>>,
        deadline: DateTime<FixedOffset>,
    },
    Required(Vec<FieldRequirement>),
    NotRecent {
        open_days: u32,
        /// `None` when screening has no history: the rule is not checked
        /// and the evaluator warns.
        attended: Option<HashMap<PersonKey, (String, NaiveDate)>>,
    },
    Attribute {
        name: String,
        one_of: HashSet<String>,
    },
    AnyOf(Vec<(String, Vec<(usize, Prepared)>)>),
}

/// A plan's eligibility policy prepared for evaluating many registrants.
///
/// ```
/// use openday::eligibility::Evaluator;
/// use openday::registrant::Registrant;
/// use openday::registration::ChannelKind;
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let evaluator = Evaluator::new(&plan, None);
/// let mut r = Registrant::new("张三", ChannelKind::Phone);
/// r.birth_date = chrono::NaiveDate::from_ymd_opt(2007, 10, 20);
/// let verdict = evaluator.evaluate(&r);
/// let young = verdict.failures.iter().find(|f| f.code == "under_minimum_age").unwrap();
/// assert_eq!(young.facts["age"], "17 years 11 months");
/// assert_eq!(young.facts["on"], "2025-09-24");
/// ```
pub struct Evaluator {
    rules: Vec<(usize, Prepared)>,
    channels: Vec<ChannelKind>,
    tz: Tz,
    leap: LeapDayBirthday,
    from: AgeCountsFrom,
    warnings: Vec<Problem>,
}

fn failure(
    rule: usize,
    code: &'static str,
    en: String,
    zh: String,
    facts: impl IntoIterator<Item = (&'static str, String)>,
) -> RuleFailure {
    RuleFailure {
        rule: Some(rule),
        code,
        message_en: en,
        message_zh: zh,
        facts: facts.into_iter().collect(),
    }
}

impl Evaluator {
    /// Prepare the plan's policy; `history` feeds `not_recently_attended`
    /// (without it that rule is not checked and [`Evaluator::warnings`]
    /// says so).
    pub fn new(plan: &Plan, history: Option<&AttendanceHistory>) -> Self {
        let doc = plan.document();
        let mut prep = Prepare {
            plan,
            history,
            event_day: plan.starts_at().date_naive(),
            warnings: Vec::new(),
        };
        let rules = prep.rules(&doc.eligibility.rules, "eligibility.rules");
        let mut channels: Vec<ChannelKind> = doc
            .registration
            .channels
            .iter()
            .map(Channel::kind)
            .collect();
        channels.dedup();
        Self {
            rules,
            channels,
            tz: plan.time_zone(),
            leap: doc.eligibility.leap_day_birthday,
            from: doc.eligibility.age_counts_from,
            warnings: prep.warnings,
        }
    }

    /// Leave out the check that a registrant used one of the plan's
    /// channels, for input that does not record the channel (an export
    /// without that column); a `channel_unchecked` warning says so.
    #[must_use]
    pub fn without_channel_check(mut self) -> Self {
        if !self.channels.is_empty() {
            self.channels.clear();
            self.warnings.push(Problem::warning(
                "registration.channels",
                ProblemCode::ChannelUnchecked,
                "the registrations do not say how each person registered (no channel column), so the plan's channels are NOT checked; add the column or set a default channel",
                "报名数据未记录报名方式（缺少报名方式列），未核对是否通过规定方式报名；请补充该列或设置默认报名方式",
            ));
        }
        self
    }

    /// What screening with this evaluator cannot check (a history rule
    /// without a history list): warnings to show beside its results.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Every rule the registrant fails, with the facts, and the basis of
    /// the rules that passed on an alternative or a presumption.
    pub fn evaluate(&self, r: &Registrant) -> Verdict {
        let found = self.collect(r, true);
        Verdict {
            failures: found.failures,
            basis: found.basis.unwrap_or_default(),
        }
    }

    /// The failures of [`Evaluator::evaluate`] alone (screening keeps no
    /// basis): the same failures, without building the basis's messages.
    pub(crate) fn failures(&self, r: &Registrant) -> Vec<RuleFailure> {
        self.collect(r, false).failures
    }

    fn collect(&self, r: &Registrant, with_basis: bool) -> Found {
        let mut verdict = Found::new(with_basis);
        if !self.channels.is_empty() && !self.channels.contains(&r.channel) {
            let offered_en: Vec<&str> = self.channels.iter().map(|c| c.code()).collect();
            let offered_zh: Vec<&str> = self.channels.iter().map(|c| c.label_zh()).collect();
            verdict.failures.push(RuleFailure {
                rule: None,
                code: "channel_not_accepted",
                message_en: format!(
                    "registered by {}, which this open day does not accept (only {}); ask the person to register that way",
                    r.channel.code(),
                    offered_en.join(", ")
                ),
                message_zh: format!(
                    "报名方式为{}，本次活动仅接受{}，请提醒报名人按规定方式报名",
                    r.channel.label_zh(),
                    offered_zh.join("、")
                ),
                facts: [
                    ("channel", r.channel.code().to_owned()),
                    ("accepted", offered_en.join(", ")),
                ]
                .into_iter()
                .collect(),
            });
        }
        self.eval(&self.rules, r, &mut verdict);
        verdict
    }

    /// Age on `on`, computed once for the rules that ask for the same day.
    fn age_on(&self, r: &Registrant, on: NaiveDate, memo: &mut AgeMemo) -> Option<Age> {
        if let Some((day, age)) = *memo
            && day == on
        {
            return age;
        }
        let age = r
            .effective_birth_date()
            .and_then(|b| age_on(b, on, self.leap, self.from));
        *memo = Some((on, age));
        age
    }

    fn eval(&self, rules: &[(usize, Prepared)], r: &Registrant, verdict: &mut Found) {
        let Found {
            failures,
            basis,
            age: memo,
        } = verdict;
        for (i, rule) in rules {
            let i = *i;
            match rule {
                Prepared::MinAge { years, on } | Prepared::MaxAge { years, on } => {
                    let min = matches!(rule, Prepared::MinAge { .. });
                    let age = self.age_on(r, *on, memo);
                    failures.extend(age_failure(i, r, age, *years, *on, min));
                }
                Prepared::Capacity {
                    accept_declared,
                    require_declaration,
                    on,
                } => {
                    let adult = self.age_on(r, *on, memo).map(|a| a.years >= 18);
                    let with_basis = basis.is_some();
                    match capacity(
                        i,
                        r,
                        *accept_declared,
                        *require_declaration,
                        adult,
                        with_basis,
                    ) {
                        Ok(Some(b)) => {
                            if let Some(all) = basis.as_mut() {
                                all.push(b);
                            }
                        }
                        Ok(None) => {}
                        Err(f) => failures.push(f),
                    }
                }
                Prepared::AnyOf(groups) => match self.any_of(i, groups, r, basis.is_some()) {
                    Ok(met) => {
                        if let Some(all) = basis.as_mut() {
                            all.extend(met);
                        }
                    }
                    Err(f) => failures.push(f),
                },
                Prepared::Area {
                    areas,
                    relations,
                    named_en,
                    named_zh,
                } => {
                    failures.extend(area(i, r, areas, relations, [named_en, named_zh]));
                }
                Prepared::Window { opens, deadline } => {
                    failures.extend(self.window(i, r, *opens, *deadline));
                }
                Prepared::Required(reqs) => failures.extend(required(i, r, reqs)),
                Prepared::NotRecent {
                    open_days,
                    attended: Some(attended),
                } => {
                    let hit = r.person_keys().into_iter().find_map(|k| attended.get(&k));
                    if let Some((day, date)) = hit {
                        failures.push(failure(
                            i,
                            "recently_attended",
                            format!("attended the open day {day} on {date}, one of the last {open_days}; places go to people who have not come recently"),
                            format!("已参加 {date} 的开放日（{day}），属于最近 {open_days} 次之内，名额优先给近期未参加的市民"),
                            [("open_day", day.clone()), ("date", date.to_string())],
                        ));
                    }
                }
                Prepared::Attribute { name, one_of } => match r.attribute(name) {
                    Some(v) if one_of.contains(v) => {}
                    Some(v) => {
                        let mut accepted: Vec<_> = one_of.iter().cloned().collect();
                        accepted.sort();
                        failures.push(failure(
                            i,
                            "attribute_not_accepted",
                            format!("{name} is {v}, not one of {}", accepted.join(", ")),
                            format!("{name}为“{v}”，不在可接受范围（{}）内", accepted.join("、")),
                            [("attribute", name.clone()), ("value", v.to_owned())],
                        ));
                    }
                    None => failures.push(failure(
                        i,
                        "attribute_missing",
                        format!("{name} is not given; it decides eligibility, ask the registrant"),
                        format!("未填写{name}，该项决定报名资格，请向报名人询问"),
                        [("attribute", name.clone())],
                    )),
                },
                // Without a history the rule is not checked; the evaluator's
                // warnings say so wherever its results are shown.
                Prepared::NotRecent { attended: None, .. } => {}
            }
        }
    }

    /// The basis of the first group met, or why none was.
    fn any_of(
        &self,
        i: usize,
        groups: &[(String, Vec<(usize, Prepared)>)],
        r: &Registrant,
        with_basis: bool,
    ) -> Result<Vec<Basis>, RuleFailure> {
        let mut tried = Vec::new();
        for (label, rules) in groups {
            let mut v = Found::new(with_basis);
            self.eval(rules, r, &mut v);
            if v.failures.is_empty() {
                let Some(met) = v.basis else {
                    return Ok(Vec::new());
                };
                let mut basis = vec![Basis {
                    rule: i,
                    code: "alternative",
                    message_en: format!("eligible as: {label}"),
                    message_zh: format!("符合条件：{label}"),
                }];
                basis.extend(met);
                return Ok(basis);
            }
            tried.push((label, v.failures));
        }
        Err(alternatives_failure(i, &tried))
    }

    fn window(
        &self,
        i: usize,
        r: &Registrant,
        opens: Option<DateTime<FixedOffset>>,
        deadline: DateTime<FixedOffset>,
    ) -> Option<RuleFailure> {
        let local = |t: DateTime<FixedOffset>| {
            t.with_timezone(&self.tz)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        let Some(at) = r.submitted_at else {
            return Some(failure(
                i,
                "submitted_at_unknown",
                "the registration time is not recorded, so the deadline cannot be checked; record when it was received".into(),
                "未记录报名时间，无法核对是否在截止前报名，请补充".into(),
                [("deadline", local(deadline))],
            ));
        };
        let gap = |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>| {
            let secs = (a - b).num_seconds();
            format!("{} {} s", format_minutes(secs / 60), secs % 60)
        };
        if at > deadline {
            let (at_local, deadline_local, late) = (local(at), local(deadline), gap(at, deadline));
            return Some(failure(
                i,
                "after_deadline",
                format!(
                    "registered at {at_local}, {late} after the deadline {deadline_local} (inclusive)"
                ),
                format!("报名时间 {at_local}，晚于截止时间 {deadline_local}（{late}）"),
                [("submitted_at", at_local), ("deadline", deadline_local)],
            ));
        }
        if let Some(opens) = opens.filter(|o| at < *o) {
            return Some(failure(
                i,
                "before_opening",
                format!(
                    "registered at {}, before registration opened at {}",
                    local(at),
                    local(opens)
                ),
                format!("报名时间 {}，早于报名开始时间 {}", local(at), local(opens)),
                [("submitted_at", local(at)), ("opens_at", local(opens))],
            ));
        }
        None
    }
}

/// The failure of a minimum (`min`) or maximum age rule, if any, for a
/// registrant of `age` on `on` (`None`: no birth date, or born after `on`).
fn age_failure(
    i: usize,
    r: &Registrant,
    age: Option<Age>,
    years: u32,
    on: NaiveDate,
    min: bool,
) -> Option<RuleFailure> {
    if r.effective_birth_date().is_none() {
        return Some(failure(
            i,
            "age_unknown",
            "no birth date or ID number, so the age cannot be checked; ask for the birth date"
                .into(),
            "缺少出生日期或身份证号，无法核对年龄，请补充出生日期".into(),
            [("on", on.to_string())],
        ));
    }
    let facts = |age: &str| {
        vec![
            ("age", age.to_owned()),
            ("on", on.to_string()),
            ("limit", years.to_string()),
        ]
    };
    let Some(age) = age else {
        return Some(failure(
            i,
            "born_after_reference",
            format!("the birth date is after {on}; check it"),
            format!("出生日期晚于 {on}，请核对"),
            facts("not born"),
        ));
    };
    if min && age.years < years {
        return Some(failure(
            i,
            "under_minimum_age",
            format!("aged {age} on {on}, under the minimum age of {years}"),
            format!("{on} 时年龄为{}，未满{years}周岁", age.to_zh()),
            facts(&age.to_string()),
        ));
    }
    if !min && age.years > years {
        return Some(failure(
            i,
            "over_maximum_age",
            format!("aged {age} on {on}, over the maximum age of {years}"),
            format!("{on} 时年龄为{}，超过{years}周岁", age.to_zh()),
            facts(&age.to_string()),
        ));
    }
    None
}

fn capacity(
    i: usize,
    r: &Registrant,
    accept_declared: bool,
    require_declaration: bool,
    adult: Option<bool>,
    with_basis: bool,
) -> Result<Option<Basis>, RuleFailure> {
    let c = r.civil_capacity;
    let status = c.status.code();
    match c.status {
        CapacityStatus::Full if accept_declared || c.basis == CapacityBasis::Verified => Ok(None),
        CapacityStatus::Full => Err(failure(
            i,
            "civil_capacity_not_verified",
            "full civil capacity is declared but not verified, and the plan requires verification"
                .into(),
            "已声明具有完全民事行为能力但尚未核实，本次活动要求核实".into(),
            [("status", status.to_owned())],
        )),
        CapacityStatus::Unknown if require_declaration => Err(failure(
            i,
            "civil_capacity_unknown",
            "civil capacity is not stated, and the plan asks everyone to state it; ask whether the registrant has full civil capacity"
                .into(),
            "未说明民事行为能力，本次活动要求声明，请向报名人确认是否具有完全民事行为能力".into(),
            [("status", status.to_owned())],
        )),
        CapacityStatus::Unknown if accept_declared => match adult {
            Some(true) if !with_basis => Ok(None),
            Some(true) => Ok(Some(Basis {
                rule: i,
                code: "civil_capacity_presumed",
                message_en: "full civil capacity presumed: an adult who did not state otherwise (Civil Code art. 17–18)".into(),
                message_zh: "未声明民事行为能力，已成年，依《民法典》第十七、十八条推定具有完全民事行为能力".into(),
            })),
            Some(false) => Err(failure(
                i,
                "civil_capacity_minor",
                "under 18 and no full civil capacity stated; a minor has it only when 16 or over and living on their own labour income (Civil Code art. 18), so ask".into(),
                "未满十八周岁且未声明具有完全民事行为能力；未成年人仅在十六周岁以上并以自己的劳动收入为主要生活来源时视为完全民事行为能力人（《民法典》第十八条），请核实".into(),
                [("status", status.to_owned())],
            )),
            None => Err(failure(
                i,
                "civil_capacity_unknown",
                "civil capacity is not stated and without a birth date it cannot be presumed; ask for the birth date".into(),
                "未说明民事行为能力，且缺少出生日期无法推定，请补充出生日期".into(),
                [("status", status.to_owned())],
            )),
        },
        CapacityStatus::Unknown => Err(failure(
            i,
            "civil_capacity_not_verified",
            "civil capacity is not stated, and the plan requires it verified by the office".into(),
            "未说明民事行为能力，本次活动要求经核实".into(),
            [("status", status.to_owned())],
        )),
        CapacityStatus::Limited | CapacityStatus::None => Err(failure(
            i,
            "civil_capacity_not_full",
            format!("civil capacity is {status}; the open day requires full civil capacity"),
            format!(
                "民事行为能力为“{}”，本次活动要求具有完全民事行为能力",
                if c.status == CapacityStatus::Limited {
                    "限制"
                } else {
                    "无"
                }
            ),
            [("status", status.to_owned())],
        )),
    }
}

fn alternatives_failure(i: usize, tried: &[(&String, Vec<RuleFailure>)]) -> RuleFailure {
    let en: Vec<String> = tried
        .iter()
        .map(|(label, f)| {
            let why: Vec<&str> = f.iter().map(|f| f.message_en.as_str()).collect();
            format!("{label}: {}", why.join("; "))
        })
        .collect();
    let zh: Vec<String> = tried
        .iter()
        .map(|(label, f)| {
            let why: Vec<&str> = f.iter().map(|f| f.message_zh.as_str()).collect();
            format!("{label}：{}", why.join("；"))
        })
        .collect();
    let codes: Vec<String> = tried
        .iter()
        .map(|(label, f)| {
            let codes: Vec<&str> = f.iter().map(|f| f.code).collect();
            format!("{label}: {}", codes.join(", "))
        })
        .collect();
    failure(
        i,
        "no_alternative_met",
        format!("meets none of the alternatives ({})", en.join(" | ")),
        format!("不符合任何一种条件（{}）", zh.join(" | ")),
        [("alternatives", codes.join(" | "))],
    )
}

/// Prepares rules (recursively, for alternatives) and collects warnings.
struct Prepare<'a> {
    plan: &'a Plan,
    history: Option<&'a AttendanceHistory>,
    event_day: NaiveDate,
    warnings: Vec<Problem>,
}

impl Prepare<'_> {
    fn day_of(&self, at: Option<&DateTime<FixedOffset>>) -> NaiveDate {
        at.map_or(self.event_day, |t| {
            t.with_timezone(&self.plan.time_zone()).date_naive()
        })
    }

    fn rules(&mut self, rules: &[EligibilityRule], path: &str) -> Vec<(usize, Prepared)> {
        rules
            .iter()
            .enumerate()
            .map(|(i, rule)| (i, self.rule(rule, &format!("{path}[{i}]"))))
            .collect()
    }

    fn rule(&mut self, rule: &EligibilityRule, path: &str) -> Prepared {
        let doc = self.plan.document();
        match rule {
            EligibilityRule::MinimumAge { years, at } => Prepared::MinAge {
                years: *years,
                on: self.day_of(at.as_ref()),
            },
            EligibilityRule::MaximumAge { years, at } => Prepared::MaxAge {
                years: *years,
                on: self.day_of(at.as_ref()),
            },
            EligibilityRule::CivilCapacity {
                accept_declared,
                require_declaration,
            } => Prepared::Capacity {
                accept_declared: *accept_declared,
                require_declaration: *require_declaration,
                on: self.event_day,
            },
            EligibilityRule::Area { areas, relations } => Prepared::Area {
                areas: areas.clone(),
                named_en: areas.join(" / "),
                named_zh: areas.join("、"),
                relations: if relations.is_empty() {
                    vec![
                        AreaRelation::Lives,
                        AreaRelation::Works,
                        AreaRelation::Studies,
                    ]
                } else {
                    relations.clone()
                },
            },
            EligibilityRule::RegistrationWindow => Prepared::Window {
                opens: doc.registration.opens_at,
                deadline: doc.registration.deadline,
            },
            EligibilityRule::RequiredFields => {
                Prepared::Required(doc.registration.required_fields.clone())
            }
            EligibilityRule::NotRecentlyAttended { open_days, history } => {
                if self.history.is_none() {
                    let from = history
                        .as_deref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    self.warnings.push(Problem::warning(
                        path,
                        ProblemCode::HistoryMissing,
                        format!("no attendance history was given{from}, so \"did not attend any of the last {open_days} open days\" is NOT checked: nobody is excluded by it; give the history list (the main job's --history) to apply it"),
                        format!("未提供参加记录{from}，“最近 {open_days} 次未参加”规则未被核对，无人因此被排除；请提供参加记录（主程序 --history）以执行此规则"),
                    ));
                }
                Prepared::NotRecent {
                    open_days: *open_days,
                    attended: self
                        .history
                        .map(|h| h.recent(self.event_day, *open_days as usize)),
                }
            }
            EligibilityRule::Attribute { name, one_of } => Prepared::Attribute {
                name: name.clone(),
                one_of: one_of.iter().cloned().collect(),
            },
            EligibilityRule::AnyOf { any_of } => Prepared::AnyOf(
                any_of
                    .iter()
                    .enumerate()
                    .map(|(g, group)| {
                        let rules = self.rules(&group.rules, &format!("{path}.any_of[{g}].rules"));
                        (group.label.clone(), rules)
                    })
                    .collect(),
            ),
        }
    }
}

fn in_areas(place: Option<&str>, areas: &[String]) -> bool {
    place.is_some_and(|p| areas.iter().any(|a| p.contains(a.as_str())))
}

fn area(
    i: usize,
    r: &Registrant,
    areas: &[String],
    relations: &[AreaRelation],
    [named_en, named_zh]: [&String; 2],
) -> Option<RuleFailure> {
    let student = r
        .occupation
        .as_deref()
        .is_some_and(|o| o == "学生" || o.eq_ignore_ascii_case("student"));
    let lives = in_areas(r.district.as_deref(), areas) || in_areas(r.address.as_deref(), areas);
    let at_work = in_areas(r.work_district.as_deref(), areas)
        || in_areas(r.employer_or_school.as_deref(), areas);
    let ok = relations.iter().any(|rel| match rel {
        AreaRelation::Lives => lives,
        AreaRelation::Works => at_work && !student,
        AreaRelation::Studies => at_work && student,
    });
    if ok {
        return None;
    }
    let district = r.district.clone().unwrap_or_else(|| "not given".into());
    let work = r
        .work_district
        .clone()
        .unwrap_or_else(|| "not given".into());
    Some(failure(
        i,
        "outside_area",
        format!(
            "does not live, work or study in {named_en} (district: {district}; workplace or school district: {work}); ask where they live, work or study"
        ),
        format!(
            "未在{named_zh}生活、工作或学习（居住区县：{}；工作学习单位所在区县：{}），请向报名人核实",
            r.district.as_deref().unwrap_or("未填写"),
            r.work_district.as_deref().unwrap_or("未填写")
        ),
        [
            ("district", district),
            ("work_district", work),
            ("areas", named_en.clone()),
        ],
    ))
}

fn given(r: &Registrant, f: RegistrationField) -> bool {
    match f {
        RegistrationField::Name => !r.name.is_empty(),
        RegistrationField::Phone => r.phone.is_some(),
        RegistrationField::IdNumber => r.id_number.is_some(),
        RegistrationField::BirthDate => r.effective_birth_date().is_some(),
        RegistrationField::Gender => r.gender.is_some(),
        RegistrationField::EmployerOrSchool => r.employer_or_school.is_some(),
        RegistrationField::Address => r.address.is_some(),
        RegistrationField::District => r.district.is_some(),
        RegistrationField::Occupation => r.occupation.is_some(),
        RegistrationField::WorkDistrict => r.work_district.is_some(),
        RegistrationField::CivilCapacity => r.civil_capacity.status != CapacityStatus::Unknown,
        RegistrationField::Channel => true,
        RegistrationField::SubmittedAt => r.submitted_at.is_some(),
        RegistrationField::Consent => r.consent.is_some(),
        RegistrationField::Email => r.email.is_some(),
    }
}

fn required(i: usize, r: &Registrant, reqs: &[FieldRequirement]) -> Option<RuleFailure> {
    let missing: Vec<&FieldRequirement> = reqs
        .iter()
        .filter(|req| match req {
            FieldRequirement::One(f) => !given(r, *f),
            FieldRequirement::AnyOf { any_of } => !any_of.iter().any(|f| given(r, *f)),
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
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
    Some(failure(
        i,
        "missing_required_field",
        format!(
            "missing required information: {}; ask the registrant",
            en.join("; ")
        ),
        format!("缺少必填信息：{}，请向报名人补充", zh.join("；")),
        [("missing", en.join("; "))],
    ))
}
