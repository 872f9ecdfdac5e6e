//! Evaluating registrants against a plan's eligibility policy.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::cause::{CapacityMiss, Cause, many_missing};
use super::{
    Age, AgeCountsFrom, AreaRelation, AttendanceHistory, EligibilityRule, LeapDayBirthday, age_on,
};
use crate::plan::Plan;
use crate::plan::{Problem, ProblemCode};
use crate::registrant::{CapacityBasis, CapacityStatus, PersonKey, Registrant};
use crate::registration::{Channel, ChannelKind, FieldRequirement, RegistrationField};

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
struct Found<'a> {
    /// Each failure's cause, with the position of its rule in the list
    /// evaluated (`None`: the plan's channel check).
    failures: Vec<Key<'a>>,
    basis: Option<Vec<Basis>>,
    age: AgeMemo,
}

/// A reference day and the registrant's age on it.
type AgeMemo = Option<(NaiveDate, Option<Age>)>;

/// A failure's rule position and cause, as evaluation finds it.
pub(crate) type Key<'a> = (Option<usize>, Cause<&'a str>);

impl Found<'_> {
    fn new(with_basis: bool) -> Self {
        Self {
            failures: Vec::new(),
            basis: with_basis.then(Vec::new),
            age: None,
        }
    }
}

pub(super) enum Prepared {
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
        /// The areas' names, each ready to be sought in a place.
        areas: Vec<memchr::memmem::Finder<'static>>,
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
    pub(super) channels: Vec<ChannelKind>,
    pub(super) tz: Tz,
    leap: LeapDayBirthday,
    from: AgeCountsFrom,
    warnings: Vec<Problem>,
}

pub(super) fn failure(
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
            failures: self.write_all(found.failures),
            basis: found.basis.unwrap_or_default(),
        }
    }

    /// The causes of the failures of [`Evaluator::evaluate`] alone
    /// (screening keeps no basis), in policy order: equal causes make
    /// equal failures through [`Evaluator::write_all`].
    pub(crate) fn causes<'a>(&'a self, r: &'a Registrant) -> Vec<Key<'a>> {
        self.collect(r, false).failures
    }

    /// The failures the causes make.
    pub(crate) fn write_all<S: AsRef<str>>(
        &self,
        causes: impl IntoIterator<Item = (Option<usize>, Cause<S>)>,
    ) -> Vec<RuleFailure> {
        causes
            .into_iter()
            .map(|(at, cause)| self.write(at.and_then(|k| self.rules.get(k)), cause))
            .collect()
    }

    fn collect<'a>(&'a self, r: &'a Registrant, with_basis: bool) -> Found<'a> {
        let mut verdict = Found::new(with_basis);
        if !self.channels.is_empty() && !self.channels.contains(&r.channel) {
            verdict.failures.push((None, Cause::Channel(r.channel)));
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

    fn eval<'a>(
        &'a self,
        rules: &'a [(usize, Prepared)],
        r: &'a Registrant,
        verdict: &mut Found<'a>,
    ) {
        let Found {
            failures,
            basis,
            age: memo,
        } = verdict;
        for (at, (i, rule)) in rules.iter().enumerate() {
            let i = *i;
            let cause = match rule {
                Prepared::MinAge { years, on } | Prepared::MaxAge { years, on } => {
                    let min = matches!(rule, Prepared::MinAge { .. });
                    let age = self.age_on(r, *on, memo);
                    age_cause(r, age, *years, min)
                }
                Prepared::Capacity {
                    accept_declared,
                    require_declaration,
                    on,
                } => {
                    let adult = self.age_on(r, *on, memo).map(|a| a.years >= 18);
                    match capacity(r, *accept_declared, *require_declaration, adult) {
                        Ok(presumed) => {
                            if let (true, Some(all)) = (presumed, basis.as_mut()) {
                                all.push(presumed_basis(i));
                            }
                            None
                        }
                        Err(miss) => Some(Cause::Capacity(miss)),
                    }
                }
                Prepared::AnyOf(groups) => match self.any_of(i, groups, r, basis.is_some()) {
                    Ok(met) => {
                        if let Some(all) = basis.as_mut() {
                            all.extend(met);
                        }
                        None
                    }
                    Err(f) => Some(Cause::Written(f)),
                },
                Prepared::Area {
                    areas, relations, ..
                } => area(r, areas, relations),
                Prepared::Window { opens, deadline } => window(r, *opens, *deadline),
                Prepared::Required(reqs) => required(i, r, reqs),
                Prepared::NotRecent {
                    attended: Some(attended),
                    ..
                } => r
                    .person_keys()
                    .into_iter()
                    .find_map(|k| attended.get(&k))
                    .map(|(day, date)| Cause::Recent {
                        day: day.as_str(),
                        date: *date,
                    }),
                Prepared::Attribute { name, one_of } => match r.attribute(name) {
                    Some(v) if one_of.contains(v) => None,
                    Some(v) => Some(Cause::AttributeNotAccepted(v)),
                    None => Some(Cause::AttributeMissing),
                },
                // Without a history the rule is not checked; the evaluator's
                // warnings say so wherever its results are shown.
                Prepared::NotRecent { attended: None, .. } => None,
            };
            if let Some(cause) = cause {
                failures.push((Some(at), cause));
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
            let failures = v
                .failures
                .into_iter()
                .map(|(at, cause)| self.write(at.and_then(|k| rules.get(k)), cause))
                .collect();
            tried.push((label, failures));
        }
        Err(alternatives_failure(i, &tried))
    }
}

/// Why a minimum (`min`) or maximum age rule fails, if it does, for a
/// registrant of `age` (`None`: no birth date, or born after the day).
fn age_cause<'a>(
    r: &Registrant,
    age: Option<Age>,
    years: u32,
    min: bool,
) -> Option<Cause<&'a str>> {
    if r.effective_birth_date().is_none() {
        return Some(Cause::AgeUnknown);
    }
    let Some(age) = age else {
        return Some(Cause::BornAfter);
    };
    let outside = if min {
        age.years < years
    } else {
        age.years > years
    };
    outside.then_some(Cause::Age(age))
}

fn presumed_basis(i: usize) -> Basis {
    Basis {
        rule: i,
        code: "civil_capacity_presumed",
        message_en: "full civil capacity presumed: an adult who did not state otherwise (Civil Code art. 17–18)".into(),
        message_zh: "未声明民事行为能力，已成年，依《民法典》第十七、十八条推定具有完全民事行为能力".into(),
    }
}

/// Whether the civil-capacity rule holds (`Ok(true)`: on the presumption
/// for an adult who did not state it), or why not.
fn capacity(
    r: &Registrant,
    accept_declared: bool,
    require_declaration: bool,
    adult: Option<bool>,
) -> Result<bool, CapacityMiss> {
    let c = r.civil_capacity;
    match c.status {
        CapacityStatus::Full if accept_declared || c.basis == CapacityBasis::Verified => Ok(false),
        CapacityStatus::Full => Err(CapacityMiss::DeclaredNotVerified),
        CapacityStatus::Unknown if require_declaration => Err(CapacityMiss::MustDeclare),
        CapacityStatus::Unknown if accept_declared => match adult {
            Some(true) => Ok(true),
            Some(false) => Err(CapacityMiss::Minor),
            None => Err(CapacityMiss::NoBirthDate),
        },
        CapacityStatus::Unknown => Err(CapacityMiss::NotVerified),
        CapacityStatus::Limited | CapacityStatus::None => Err(CapacityMiss::NotFull(c.status)),
    }
}

/// Why the registration window rule fails, if it does.
fn window<'a>(
    r: &Registrant,
    opens: Option<DateTime<FixedOffset>>,
    deadline: DateTime<FixedOffset>,
) -> Option<Cause<&'a str>> {
    let Some(at) = r.submitted_at else {
        return Some(Cause::SubmittedUnknown);
    };
    if at > deadline {
        return Some(Cause::AfterDeadline(at));
    }
    opens.filter(|o| at < *o).map(|_| Cause::BeforeOpening(at))
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
                areas: areas
                    .iter()
                    .map(|a| memchr::memmem::Finder::new(a).into_owned())
                    .collect(),
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

/// Whether `place` names one of the areas (contains its name).
fn in_areas(place: Option<&str>, areas: &[memchr::memmem::Finder<'_>]) -> bool {
    place.is_some_and(|p| areas.iter().any(|a| a.find(p.as_bytes()).is_some()))
}

fn area<'a>(
    r: &'a Registrant,
    areas: &[memchr::memmem::Finder<'_>],
    relations: &[AreaRelation],
) -> Option<Cause<&'a str>> {
    // Each test is made only when a relation asks for it (most people live
    // in the area, and their work place is then never read).
    let student = || {
        r.occupation
            .as_deref()
            .is_some_and(|o| o == "学生" || o.eq_ignore_ascii_case("student"))
    };
    let lives = || in_areas(r.district.as_deref(), areas) || in_areas(r.address.as_deref(), areas);
    let at_work = || {
        in_areas(r.work_district.as_deref(), areas)
            || in_areas(r.employer_or_school.as_deref(), areas)
    };
    let ok = relations.iter().any(|rel| match rel {
        AreaRelation::Lives => lives(),
        AreaRelation::Works => !student() && at_work(),
        AreaRelation::Studies => student() && at_work(),
    });
    (!ok).then_some(Cause::OutsideArea {
        district: r.district.as_deref(),
        work: r.work_district.as_deref(),
    })
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

fn required<'a>(i: usize, r: &Registrant, reqs: &[FieldRequirement]) -> Option<Cause<&'a str>> {
    let unmet = |req: &FieldRequirement| match req {
        FieldRequirement::One(f) => !given(r, *f),
        FieldRequirement::AnyOf { any_of } => !any_of.iter().any(|f| given(r, *f)),
    };
    if reqs.len() > 64 {
        let missing: Vec<&FieldRequirement> = reqs.iter().filter(|req| unmet(req)).collect();
        return (!missing.is_empty()).then(|| many_missing(i, &missing));
    }
    let bits = reqs
        .iter()
        .enumerate()
        .filter(|(_, req)| unmet(req))
        .fold(0_u64, |bits, (k, _)| bits | 1 << k);
    (bits != 0).then_some(Cause::Missing(bits))
}
