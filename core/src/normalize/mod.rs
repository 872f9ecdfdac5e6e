//! Normalisation and validation of registrant fields as typed by hand.
//!
//! Every parser takes the raw cell and returns the normalised value or a
//! [`FieldProblem`] whose message says what is wrong and how to fix it,
//! without repeating the value (it may be personal data).
//!
//! By kind of value: `text` (free text, names, e-mail addresses), `phone`,
//! `id_number` (resident ID numbers), `dates` (dates and instants); gender,
//! civil capacity and yes/no answers are here.

use serde::Serialize;

use crate::registrant::{CapacityStatus, Gender};

mod dates;
mod id_number;
mod phone;
mod text;

pub use dates::{date, instant};
pub use id_number::id_number;
pub use phone::phone;
pub use text::{email, fold_width, name, text};
pub(crate) use text::{name_into, text_into, trim};

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// Stable code, e.g. `phone_format`.
    pub code: &'static str,
    /// Explanation and fix, in English.
    pub message_en: String,
    /// Explanation and fix, in Chinese.
    pub message_zh: String,
}

impl FieldProblem {
    pub(crate) fn new(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            code,
            message_en: en.into(),
            message_zh: zh.into(),
        }
    }
}

/// Gender: 男/女, M/F, male/female.
pub fn gender(raw: &str) -> Result<Gender, FieldProblem> {
    // The values nearly every cell holds, before any trimming or folding.
    match raw {
        "男" => return Ok(Gender::Male),
        "女" => return Ok(Gender::Female),
        _ => {}
    }
    let t = trim(raw);
    let is = |options: &[&str]| options.iter().any(|o| o.eq_ignore_ascii_case(t));
    if is(&["男", "m", "male", "男性", "Ｍ"]) {
        Ok(Gender::Male)
    } else if is(&["女", "f", "female", "女性", "Ｆ"]) {
        Ok(Gender::Female)
    } else {
        Err(FieldProblem::new(
            "gender_value",
            "gender must be 男 or 女 (M/F, male/female)",
            "性别应填写“男”或“女”",
        ))
    }
}

/// Civil capacity: 完全/限制/无 (with or without 民事行为能力), full/limited/none.
pub fn civil_capacity(raw: &str) -> Result<CapacityStatus, FieldProblem> {
    // The values nearly every cell holds, before any trimming or folding.
    match raw {
        "完全" => return Ok(CapacityStatus::Full),
        "限制" => return Ok(CapacityStatus::Limited),
        _ => {}
    }
    let t = trim(raw);
    let t = t
        .strip_suffix("民事行为能力")
        .or_else(|| t.strip_suffix("行为能力"))
        .unwrap_or(t);
    let is = |options: &[&str]| options.iter().any(|o| o.eq_ignore_ascii_case(t));
    if is(&["完全", "full", "是", "有"]) {
        Ok(CapacityStatus::Full)
    } else if is(&["限制", "limited"]) {
        Ok(CapacityStatus::Limited)
    } else if is(&["无", "none", "否"]) {
        Ok(CapacityStatus::None)
    } else if is(&["", "未知", "unknown"]) {
        Ok(CapacityStatus::Unknown)
    } else {
        Err(FieldProblem::new(
            "capacity_value",
            "civil capacity must be 完全, 限制 or 无 (full, limited, none)",
            "民事行为能力应填写“完全”“限制”或“无”",
        ))
    }
}

/// Yes/no: 是/否, 同意/不同意, yes/no, y/n, true/false, 1/0.
pub fn yes_no(raw: &str) -> Result<bool, FieldProblem> {
    // The values nearly every cell holds, before any trimming or folding.
    match raw {
        "是" => return Ok(true),
        "否" => return Ok(false),
        _ => {}
    }
    let t = trim(raw);
    let is = |options: &[&str]| options.iter().any(|o| o.eq_ignore_ascii_case(t));
    if is(&["是", "同意", "yes", "y", "true", "1", "√", "１"]) {
        Ok(true)
    } else if is(&["否", "不同意", "no", "n", "false", "0", "×", "０"]) {
        Ok(false)
    } else {
        Err(FieldProblem::new(
            "yes_no_value",
            "write 是 or 否 (yes or no)",
            "请填写“是”或“否”",
        ))
    }
}

#[cfg(test)]
mod tests;
