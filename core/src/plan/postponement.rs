//! The plan's `postponement` section: when and how the day may be moved.
//! Moving it is [`crate::itinerary::postpone`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::ProblemCode;

/// When and how the day may be moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostponementPolicy {
    /// Minimum notice, in hours before the original start, for announcing a move.
    #[serde(default = "default_notice_hours")]
    pub min_notice_hours: u32,
    /// Reasons that allow moving the day, in words (极端天气、重大活动、不可抗力).
    #[serde(default)]
    pub triggers: Vec<String>,
    /// Weather warnings that postpone the day, and those that explicitly do
    /// not; see [`PostponementPolicy::weather`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weather: Vec<WeatherRule>,
    /// Where a move is announced.
    #[serde(default)]
    pub announce_via: Vec<String>,
    /// Whether the registration deadline moves with the day.
    #[serde(default)]
    pub shift_registration_deadline: bool,
}

fn default_notice_hours() -> u32 {
    24
}

impl Default for PostponementPolicy {
    fn default() -> Self {
        Self {
            min_notice_hours: default_notice_hours(),
            triggers: Vec::new(),
            weather: Vec::new(),
            announce_via: Vec::new(),
            shift_registration_deadline: false,
        }
    }
}

/// How severe a weather warning is: China's four colours (GB/T 27962
/// 气象灾害预警信号: 蓝、黄、橙、红), lowest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WarningLevel {
    /// 蓝色.
    Blue,
    /// 黄色.
    Yellow,
    /// 橙色.
    Orange,
    /// 红色.
    Red,
}

impl WarningLevel {
    /// `blue`, `yellow`, `orange` or `red`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Blue => "blue",
            Self::Yellow => "yellow",
            Self::Orange => "orange",
            Self::Red => "red",
        }
    }

    /// 蓝色, 黄色, 橙色 or 红色.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Blue => "蓝色",
            Self::Yellow => "黄色",
            Self::Orange => "橙色",
            Self::Red => "红色",
        }
    }
}

impl std::str::FromStr for WarningLevel {
    type Err = String;

    /// `blue`/`蓝`/`蓝色`/`IV` and so on, case-insensitive, an optional
    /// 预警 suffix ignored.
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_lowercase();
        let t = t.trim_end_matches("预警").trim_end_matches("级").trim();
        Ok(match t {
            "blue" | "蓝" | "蓝色" | "iv" | "4" => Self::Blue,
            "yellow" | "黄" | "黄色" | "iii" | "3" => Self::Yellow,
            "orange" | "橙" | "橙色" | "ii" | "2" => Self::Orange,
            "red" | "红" | "红色" | "i" | "1" => Self::Red,
            _ => {
                return Err(format!(
                    "\"{s}\" is not a warning level; use blue, yellow, orange or red (蓝、黄、橙、红)"
                ));
            }
        })
    }
}

/// What the plan says about one kind of weather warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeatherRule {
    /// The warning's kind as the weather service names it (暴雨, 沙尘暴,
    /// 高温, 大风, heat …).
    pub warning: String,
    /// The lowest level the rule applies to (default: every level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<WarningLevel>,
    /// Whether such a warning postpones the day (`false`: an explicit
    /// non-trigger, e.g. rain does not stop an indoor day).
    pub postpones: bool,
}

/// The plan's answer to "does this warning postpone the day?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeatherDecision {
    /// `postpones`, `does_not_postpone` or `not_covered` (the plan says
    /// nothing about this warning at this level: the organiser decides by
    /// the general triggers).
    pub decision: &'static str,
    /// Index of the rule in `postponement.weather` that decided it.
    pub rule: Option<usize>,
    /// In English.
    pub message_en: String,
    /// In Chinese.
    pub message_zh: String,
}

impl WeatherDecision {
    /// Whether the day is to be postponed.
    pub fn postpones(&self) -> bool {
        self.decision == "postpones"
    }
}

/// A warning kind compared without case, spaces or a 预警/warning suffix.
fn warning_key(s: &str) -> String {
    let t: String = s.split_whitespace().collect::<String>().to_lowercase();
    let t = t.strip_suffix("预警").unwrap_or(&t);
    let t = t.strip_suffix("warning").unwrap_or(t);
    t.to_owned()
}

impl PostponementPolicy {
    /// Whether a weather warning of `kind` at `level` postpones the day:
    /// the most specific rule for the kind that covers the level decides
    /// (the one with the highest `min_level` not above `level`).
    ///
    /// ```
    /// use openday::plan::postponement::{PostponementPolicy, WarningLevel};
    /// let p: PostponementPolicy = serde_json::from_str(r#"{"weather": [
    ///   {"warning": "沙尘暴", "min_level": "yellow", "postpones": true},
    ///   {"warning": "暴雨", "postpones": false}]}"#).unwrap();
    /// assert!(p.weather("沙尘暴预警", WarningLevel::Orange).postpones());
    /// assert_eq!(p.weather("沙尘暴", WarningLevel::Blue).decision, "not_covered");
    /// assert_eq!(p.weather("暴雨", WarningLevel::Red).decision, "does_not_postpone");
    /// ```
    pub fn weather(&self, kind: &str, level: WarningLevel) -> WeatherDecision {
        let key = warning_key(kind);
        let rule = self
            .weather
            .iter()
            .enumerate()
            .filter(|(_, r)| warning_key(&r.warning) == key)
            .filter(|(_, r)| r.min_level.is_none_or(|m| m <= level))
            .max_by_key(|(i, r)| (r.min_level, std::cmp::Reverse(*i)));
        let (en_level, zh_level) = (level.code(), level.label_zh());
        match rule {
            Some((i, r)) if r.postpones => WeatherDecision {
                decision: "postpones",
                rule: Some(i),
                message_en: format!(
                    "a {en_level} {kind} warning postpones the day (postponement.weather[{i}]); announce the new date"
                ),
                message_zh: format!(
                    "{kind}{zh_level}预警：按方案（postponement.weather[{i}]）活动延期，请发布延期公告"
                ),
            },
            Some((i, _)) => WeatherDecision {
                decision: "does_not_postpone",
                rule: Some(i),
                message_en: format!(
                    "a {en_level} {kind} warning does not postpone the day (postponement.weather[{i}])"
                ),
                message_zh: format!(
                    "{kind}{zh_level}预警：按方案（postponement.weather[{i}]）活动照常举行"
                ),
            },
            None => WeatherDecision {
                decision: "not_covered",
                rule: None,
                message_en: format!(
                    "the plan says nothing about a {en_level} {kind} warning; the organiser decides under the general triggers"
                ),
                message_zh: format!(
                    "方案未规定{kind}{zh_level}预警的处理，由主办单位按一般延期条件决定"
                ),
            },
        }
    }
}

impl Checker<'_> {
    pub(super) fn postponement(&mut self) {
        let p = self.plan;
        if p.postponement.min_notice_hours > super::confirmation::MAX_HOURS {
            self.push(
                "postponement.min_notice_hours",
                ProblemCode::OutOfRange,
                format!("{} hours of notice is more than a year; give the hours before the start by which a postponement must be announced", p.postponement.min_notice_hours),
                format!("延期须提前 {} 小时公告，超过一年，请填写实际小时数", p.postponement.min_notice_hours),
            );
        }
        let rules = &self.plan.postponement.weather;
        for (i, r) in rules.iter().enumerate() {
            let path = format!("postponement.weather[{i}]");
            self.not_empty(
                &format!("{path}.warning"),
                &r.warning,
                "the warning's kind",
                "预警种类",
            );
            let clash = rules[..i].iter().position(|o| {
                warning_key(&o.warning) == warning_key(&r.warning) && o.min_level == r.min_level
            });
            if let Some(j) = clash {
                self.push(
                    path,
                    ProblemCode::DuplicateRule,
                    format!("postponement.weather[{j}] already says what a \"{}\" warning at this level does; keep one", r.warning),
                    format!("postponement.weather[{j}] 已规定同一级别的“{}”预警，请保留一条", r.warning),
                );
            }
        }
    }
}
