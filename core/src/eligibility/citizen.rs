//! The same reasons, worded for the citizen checking their own answers
//! (the self-check page) rather than for the staff screening a table: no
//! "ask the registrant", no check-digit algorithms; what the rule asks and
//! what to do. Built from each reason's code and facts; a reason without a
//! citizen wording keeps its staff message.

use std::collections::BTreeMap;

use crate::plan::registration::RegistrationField;

/// A reason for the citizen: Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenWording {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

fn field_labels(codes: &str) -> (String, String) {
    let one = |c: &str| {
        serde_json::from_value::<RegistrationField>(serde_json::Value::String(c.to_owned()))
            .map_or_else(
                |_| (c.to_owned(), c.replace('_', " ")),
                |f| (f.label_zh().to_owned(), f.code().replace('_', " ")),
            )
    };
    // `a; b or c`: requirements by `;`, alternatives by ` or `.
    let fields: Vec<(String, String)> = codes
        .split([',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|req| {
            let alternatives: Vec<(String, String)> =
                req.split(" or ").map(|c| one(c.trim())).collect();
            (
                alternatives
                    .iter()
                    .map(|a| a.0.as_str())
                    .collect::<Vec<_>>()
                    .join("或"),
                alternatives
                    .iter()
                    .map(|a| a.1.as_str())
                    .collect::<Vec<_>>()
                    .join(" or "),
            )
        })
        .collect();
    (
        fields
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        fields
            .iter()
            .map(|f| f.1.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The citizen's wording of a reason (`code` with its `facts`), or `None`
/// when the staff message is the one to show.
///
/// ```
/// use std::collections::BTreeMap;
/// let facts = BTreeMap::from([("areas", "兴庆区 / 金凤区".to_owned())]);
/// let w = openday::eligibility::citizen_wording("outside_area", &facts).unwrap();
/// assert!(w.zh.starts_with("本次活动面向在兴庆区 / 金凤区生活、工作或学习的市民"));
/// assert!(!w.en.contains("registrant"));
/// ```
pub fn citizen_wording(code: &str, facts: &BTreeMap<&str, String>) -> Option<CitizenWording> {
    let fact = |k: &str| facts.get(k).map_or("", String::as_str);
    let (zh, en) = match code {
        "outside_area" => (
            format!(
                "本次活动面向在{}生活、工作或学习的市民。请填写您的居住区县，或工作学习单位所在区县。",
                fact("areas")
            ),
            format!(
                "This open day is for people who live, work or study in {}. Give the district where you live, or where you work or study.",
                fact("areas")
            ),
        ),
        "missing_required_field" => {
            let (zh, en) = field_labels(fact("missing"));
            (
                format!("报名还需要：{zh}。请补充填写。"),
                format!("Registration also needs: {en}. Please fill it in."),
            )
        }
        "under_minimum_age" => (
            format!(
                "本次活动要求年满 {} 周岁（按 {} 计算）。",
                fact("limit"),
                fact("on")
            ),
            format!(
                "You need to be {} or older on {}.",
                fact("limit"),
                fact("on")
            ),
        ),
        "over_maximum_age" => (
            format!(
                "本次活动要求不超过 {} 周岁（按 {} 计算）。",
                fact("limit"),
                fact("on")
            ),
            format!(
                "You need to be {} or younger on {}.",
                fact("limit"),
                fact("on")
            ),
        ),
        "no_alternative_met" => {
            // `label: code, code | label: code`: the plan's own labels.
            let labels: Vec<&str> = fact("alternatives")
                .split(" | ")
                .map(|a| a.rsplit_once(": ").map_or(a, |(label, _)| label).trim())
                .filter(|l| !l.is_empty())
                .collect();
            (
                format!(
                    "参加须符合以下条件之一：{}。按您填写的信息，暂不符合其中任何一种。",
                    labels.join("；或")
                ),
                format!(
                    "You need to meet one of: {}. Your answers meet none of them.",
                    labels.join("; or ")
                ),
            )
        }
        "recently_attended" => (
            format!(
                "您已参加过 {} 的开放日，名额优先给近期未参加过的市民。",
                fact("date")
            ),
            format!(
                "You took part in the open day on {}; places go first to people who have not come recently.",
                fact("date")
            ),
        ),
        "attribute_missing" => (
            format!("请填写“{}”，它决定能否报名。", fact("attribute")),
            format!(
                "Please give “{}”: it decides who may register.",
                fact("attribute")
            ),
        ),
        "attribute_not_accepted" => (
            format!(
                "本次活动对“{}”有要求，“{}”不在范围内。",
                fact("attribute"),
                fact("value")
            ),
            format!(
                "This open day asks for a particular “{}”; “{}” is not one of them.",
                fact("attribute"),
                fact("value")
            ),
        ),
        other => {
            let (zh, en) = fixed(other)?;
            (zh.to_owned(), en.to_owned())
        }
    };
    Some(CitizenWording { zh, en })
}

/// The reasons whose wording needs no facts.
fn fixed(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "age_unknown" => (
            "请填写出生日期（或身份证号），以便核对年龄。",
            "Give your birth date (or ID card number) so that your age can be checked.",
        ),
        "born_after_reference" => (
            "出生日期似乎有误，请检查。",
            "The birth date looks wrong; please check it.",
        ),
        "civil_capacity_minor" | "civil_capacity_not_full" => (
            "参加者须具有完全民事行为能力。",
            "Participants must have full civil capacity.",
        ),
        "civil_capacity_unknown" | "civil_capacity_not_verified" => (
            "参加者须具有完全民事行为能力，请确认后选择。",
            "Participants must have full civil capacity; please confirm it.",
        ),
        "after_deadline" => (
            "本次活动报名已截止。",
            "Registration for this open day has closed.",
        ),
        "before_opening" => (
            "本次活动报名尚未开始。",
            "Registration for this open day has not opened yet.",
        ),
        "id_check_character" | "id_format" | "id_region" | "id_birth_date" => (
            "身份证号码似乎有误，请对照证件重新填写。",
            "The ID card number looks wrong; please copy it again from the card.",
        ),
        "excel_scientific" => (
            "号码不完整，请逐位重新填写。",
            "The number is not written out in full; type it again digit by digit.",
        ),
        "birth_date_mismatch" => (
            "出生日期与身份证号码不一致，请检查。",
            "The birth date does not match the ID card number; please check both.",
        ),
        "gender_mismatch" => (
            "性别与身份证号码不一致，请检查。",
            "The gender does not match the ID card number; please check both.",
        ),
        "phone_format" | "phone_characters" | "phone_country" => (
            "联系电话似乎有误，请填写 11 位手机号或带区号的固定电话。",
            "The phone number looks wrong; give a mobile number or a landline with its area code.",
        ),
        "several_phones" => (
            "请只填写一个联系电话。",
            "Please give one phone number only.",
        ),
        "phone_extension" => (
            "请填写不带分机号的联系电话。",
            "Please give the phone number without an extension.",
        ),
        "date_format" => (
            "日期格式不对，请按 1990-01-01 的格式填写。",
            "The date is not in a form we can read; write it like 1990-01-01.",
        ),
        "name_has_digits" | "name_too_long" => (
            "姓名似乎有误，请填写证件上的姓名。",
            "The name looks wrong; give the name on your ID card.",
        ),
        "email_format" => (
            "电子邮箱地址似乎有误，请检查。",
            "The e-mail address looks wrong; please check it.",
        ),
        _ => return None,
    })
}

/// One reason as the citizen sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CitizenReason {
    /// The reason's code.
    pub code: &'static str,
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl crate::screening::Outcome {
    /// Every reason of the outcome worded for the citizen (the staff
    /// message where there is no citizen wording); empty when eligible.
    pub fn for_citizen(&self) -> Vec<CitizenReason> {
        use crate::screening::Outcome;
        let empty = BTreeMap::new();
        let reason = |code: &'static str, facts: &BTreeMap<&str, String>, zh: &str, en: &str| {
            let w = citizen_wording(code, facts);
            CitizenReason {
                code,
                zh: w.as_ref().map_or_else(|| zh.to_owned(), |w| w.zh.clone()),
                en: w.map_or_else(|| en.to_owned(), |w| w.en),
            }
        };
        match self {
            Outcome::Eligible | Outcome::Duplicate { .. } => Vec::new(),
            Outcome::Ineligible { failures } => failures
                .iter()
                .map(|f| {
                    let facts: BTreeMap<&str, String> =
                        f.facts.iter().map(|(k, v)| (*k, v.clone())).collect();
                    reason(f.code, &facts, &f.message_zh, &f.message_en)
                })
                .collect(),
            Outcome::Invalid { errors } => errors
                .iter()
                .map(|e| reason(e.code, &empty, &e.message_zh, &e.message_en))
                .collect(),
        }
    }
}
