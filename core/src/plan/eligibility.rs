//! The plan's `eligibility` section: who may take part.
//!
//! A policy is an ordered list of composable [`EligibilityRule`]s; a
//! registrant is eligible when every rule passes. Evaluating registrants
//! against it is [`crate::eligibility`].
//!
//! ```
//! use openday::eligibility::{EligibilityPolicy, EligibilityRule};
//! let policy: EligibilityPolicy = serde_json::from_str(r#"{
//!   "rules": [
//!     {"rule": "minimum_age", "years": 18},
//!     {"rule": "civil_capacity"},
//!     {"rule": "area", "areas": ["原州区"], "relations": ["lives", "works", "studies"]},
//!     {"rule": "registration_window"}
//!   ]
//! }"#).unwrap();
//! assert!(matches!(policy.rules[0], EligibilityRule::MinimumAge { years: 18, .. }));
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use super::check::Checker;
use super::problem::ProblemCode;

use super::FileInstant;
use crate::time::schema;

/// The eligibility policy: every rule must pass (an [`EligibilityRule::AnyOf`]
/// passes when one of its groups does).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EligibilityPolicy {
    /// The rules, all of which must pass.
    #[serde(default)]
    pub rules: Vec<EligibilityRule>,
    /// How a 29 February birthday falls in a common year.
    #[serde(default)]
    pub leap_day_birthday: LeapDayBirthday,
    /// Whether a year of age is complete on the birthday or the day after.
    #[serde(default)]
    pub age_counts_from: AgeCountsFrom,
}

/// One eligibility rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum EligibilityRule {
    /// At least `years` full years of age (周岁) at the reference instant.
    MinimumAge {
        /// Full years.
        years: u32,
        /// Reference instant; the event's start when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(schema_with = "schema::instant")]
        at: Option<FileInstant>,
    },
    /// At most `years` full years of age at the reference instant.
    MaximumAge {
        /// Full years.
        years: u32,
        /// Reference instant; the event's start when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(schema_with = "schema::instant")]
        at: Option<FileInstant>,
    },
    /// Full civil capacity (完全民事行为能力).
    ///
    /// Without a declaration, an adult is presumed to have full capacity
    /// (《民法典》 art. 17–18: a person of 18 or over is an adult and has
    /// full civil capacity; only a court's determination, art. 24, says
    /// otherwise), and the verdict records that presumption. A plan that
    /// wants a declaration from everyone sets `require_declaration`.
    CivilCapacity {
        /// Whether the registrant's own declaration suffices (default) or
        /// the office must have verified it.
        #[serde(default = "yes")]
        accept_declared: bool,
        /// Whether a missing declaration fails the rule even for an adult
        /// (default: no, adults are presumed to have full capacity).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        require_declaration: bool,
    },
    /// Lives, works or studies in one of the areas (any relation listed).
    Area {
        /// Area names (districts, counties, the city).
        areas: Vec<String>,
        /// Which relations count; all three when empty.
        #[serde(default)]
        relations: Vec<AreaRelation>,
    },
    /// Registered within the plan's registration window (inclusive to the second).
    RegistrationWindow,
    /// Gave every field the plan's registration requires.
    RequiredFields,
    /// Did not attend any of the last `open_days` open days (from a history list).
    ///
    /// Screening without a history list cannot check this rule: it then
    /// passes nobody silently but reports a `history_missing` warning.
    NotRecentlyAttended {
        /// How many past open days count.
        open_days: u32,
        /// Where the attendance history comes from (a file, a system), for
        /// the people running screening; the main job takes it as `--history`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        history: Option<String>,
    },
    /// A registrant attribute equals one of the listed values.
    Attribute {
        /// Attribute name (e.g. `occupation`).
        name: String,
        /// Accepted values.
        one_of: Vec<String>,
    },
    /// Alternatives: passes when every rule of at least one group passes,
    /// and the verdict records which group did (its `basis`), e.g. "18 or
    /// older, or 16–17 and living on their own labour income" (《民法典》
    /// art. 18).
    AnyOf {
        /// The groups, tried in order.
        any_of: Vec<RuleGroup>,
    },
}

/// One alternative of an [`EligibilityRule::AnyOf`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleGroup {
    /// A short name recorded as the basis of eligibility (e.g. `成年人`).
    pub label: String,
    /// Rules that must all pass (no nested `any_of`).
    pub rules: Vec<EligibilityRule>,
}

fn yes() -> bool {
    true
}

impl EligibilityRule {
    /// Stable snake_case code of the rule.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MinimumAge { .. } => "minimum_age",
            Self::MaximumAge { .. } => "maximum_age",
            Self::CivilCapacity { .. } => "civil_capacity",
            Self::Area { .. } => "area",
            Self::RegistrationWindow => "registration_window",
            Self::RequiredFields => "required_fields",
            Self::NotRecentlyAttended { .. } => "not_recently_attended",
            Self::Attribute { .. } => "attribute",
            Self::AnyOf { .. } => "any_of",
        }
    }

    /// A one-line description for summaries.
    pub fn describe(&self) -> String {
        match self {
            Self::MinimumAge { years, at } => match at {
                Some(at) => format!("aged {years} or over on {at}"),
                None => format!("aged {years} or over on the day"),
            },
            Self::MaximumAge { years, at } => match at {
                Some(at) => format!("aged at most {years} on {at}"),
                None => format!("aged at most {years} on the day"),
            },
            Self::CivilCapacity {
                accept_declared,
                require_declaration,
            } => format!(
                "full civil capacity ({}{})",
                if *accept_declared {
                    "declared or verified"
                } else {
                    "verified"
                },
                if *require_declaration {
                    ", stated by everyone"
                } else {
                    "; presumed for adults who do not state it"
                }
            ),
            Self::Area { areas, relations } => {
                let rel = if relations.is_empty() {
                    "lives, works or studies".to_owned()
                } else {
                    relations
                        .iter()
                        .map(|r| r.verb())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("{rel} in {}", areas.join(" / "))
            }
            Self::RegistrationWindow => "registered within the registration window".to_owned(),
            Self::RequiredFields => "gave every required field".to_owned(),
            Self::NotRecentlyAttended { open_days, history } => match history {
                Some(h) => format!("did not attend any of the last {open_days} open days ({h})"),
                None => format!("did not attend any of the last {open_days} open days"),
            },
            Self::Attribute { name, one_of } => format!("{name} is one of {}", one_of.join(", ")),
            Self::AnyOf { any_of } => any_of
                .iter()
                .map(|g| {
                    let rules: Vec<String> = g.rules.iter().map(Self::describe).collect();
                    format!("{}: {}", g.label, rules.join(" and "))
                })
                .collect::<Vec<_>>()
                .join("; or "),
        }
    }
}

impl EligibilityRule {
    /// The rule in Chinese, for citizens (notices, the self-check page).
    pub fn describe_zh(&self) -> String {
        match self {
            Self::MinimumAge { years, at } => match at {
                Some(at) => format!("截至 {at} 年满 {years} 周岁"),
                None => format!("活动当天年满 {years} 周岁"),
            },
            Self::MaximumAge { years, at } => match at {
                Some(at) => format!("截至 {at} 不超过 {years} 周岁"),
                None => format!("活动当天不超过 {years} 周岁"),
            },
            Self::CivilCapacity { .. } => "具有完全民事行为能力".to_owned(),
            Self::Area { areas, relations } => {
                let rel = if relations.is_empty() {
                    "生活、工作或学习".to_owned()
                } else {
                    relations
                        .iter()
                        .map(|r| match r {
                            AreaRelation::Lives => "生活",
                            AreaRelation::Works => "工作",
                            AreaRelation::Studies => "学习",
                        })
                        .collect::<Vec<_>>()
                        .join("、")
                };
                format!("在{}{rel}", areas.join("、"))
            }
            Self::RegistrationWindow => "在报名时间内报名".to_owned(),
            Self::RequiredFields => "如实填写报名信息".to_owned(),
            Self::NotRecentlyAttended { open_days, .. } => {
                format!("近 {open_days} 次政府开放日未参加过")
            }
            Self::Attribute { name, one_of } => format!("{name}为{}", one_of.join("、")),
            Self::AnyOf { any_of } => any_of
                .iter()
                .map(|g| {
                    let rules: Vec<String> = g.rules.iter().map(Self::describe_zh).collect();
                    format!("{}：{}", g.label, rules.join("且"))
                })
                .collect::<Vec<_>>()
                .join("；或"),
        }
    }
}

/// A registrant's tie to an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AreaRelation {
    /// 生活 (residence).
    Lives,
    /// 工作.
    Works,
    /// 学习.
    Studies,
}

impl AreaRelation {
    fn verb(self) -> &'static str {
        match self {
            Self::Lives => "lives",
            Self::Works => "works",
            Self::Studies => "studies",
        }
    }
}

/// When someone born on 29 February has a birthday in a common year.
///
/// The default, `february_28`, follows 《民法典》 art. 202: a period counted
/// in years or months ends on the corresponding day of the last month, and
/// where that month has no such day, on its last day; the same rule makes
/// 31 January plus one month end on 28 (or 29) February. `march_1` is offered
/// for offices that count the anniversary only once February has passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeapDayBirthday {
    /// The birthday falls on 28 February in common years.
    #[default]
    #[serde(rename = "february_28")]
    February28,
    /// The birthday falls on 1 March in common years.
    #[serde(rename = "march_1")]
    March1,
}

/// When a year of age (周岁) is complete.
///
/// The default, `birthday`, follows civil law: 《民法典》 art. 17 makes a
/// person of 十八周岁以上 an adult and art. 1259 counts 以上 inclusively, so
/// a person is 18 on their 18th birthday. `day_after_birthday` follows the
/// Supreme People's Court's reading for criminal cases (法释〔2006〕1号
/// art. 2: 周岁……从周岁生日的第二天起算), for offices that apply it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgeCountsFrom {
    /// Complete on the birthday.
    #[default]
    Birthday,
    /// Complete on the day after the birthday.
    DayAfterBirthday,
}

impl Checker<'_> {
    pub(super) fn eligibility(&mut self) {
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
        if let (Some((lo, _)), Some((hi, j))) = (min_age, max_age)
            && lo > hi
        {
            self.push(
                format!("eligibility.rules[{j}].years"),
                ProblemCode::AgeRange,
                format!("maximum age {hi} is below minimum age {lo}; nobody could take part"),
                format!("最高年龄 {hi} 低于最低年龄 {lo}，无人符合条件"),
            );
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
}
