//! Phone numbers as people write them: a mobile, or a landline with its
//! area code, with a country code, full-width digits or separators.

use super::FieldProblem;
use super::text::{excel_scientific, excel_scientific_problem, fold_width, without_text_mark};
use crate::registrant::Phone;

/// A mainland phone number: full-width digits, spaces, dashes, brackets and
/// a `+86`/`0086` prefix are accepted; the result is `13812345678` (mobile)
/// or `0954-2031234` (landline with area code).
///
/// ```
/// use openday::normalize::phone;
/// assert_eq!(phone("+86 138-1234-5678").unwrap().as_str(), "13812345678");
/// assert_eq!(phone("１３８１２３４５６７８").unwrap().as_str(), "13812345678");
/// assert_eq!(phone("(0954) 203 1234").unwrap().as_str(), "0954-2031234");
/// assert_eq!(phone("010-62345678").unwrap().as_str(), "010-62345678");
/// assert_eq!(phone("12812345678").unwrap_err().code, "phone_format");
/// ```
pub fn phone(raw: &str) -> Result<Phone, FieldProblem> {
    plain_mobile(raw).map_or_else(|| phone_read(raw), Ok)
}

/// Separators a phone number's digits may carry.
fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '(' | ')' | '.' | '+' | '\u{2013}' | '\u{2014}' | '\u{ff08}' | '\u{ff09}'
    )
}

/// The refusal of a phone cell holding a sign that is not a separator,
/// named for what offices write: two numbers in one cell
/// (`13800000001/13900000002`, `…、…`), an extension (`…转8001`), or else
/// letters or other signs.
fn sign_problem(folded: &str) -> FieldProblem {
    let numbers = folded
        .split(|c: char| !c.is_ascii_digit() && !separator(c))
        .filter(|part| part.bytes().filter(u8::is_ascii_digit).count() >= 7)
        .count();
    let lowered = folded.to_lowercase();
    if numbers >= 2 {
        FieldProblem::new(
            "several_phones",
            format!(
                "the cell holds {numbers} phone numbers; keep the one to call here (another can go in a note column)"
            ),
            format!(
                "该单元格含有 {numbers} 个电话号码，请只保留用于联系的一个（其余可填入备注列）"
            ),
        )
    } else if ["转", "分机", "ext"]
        .iter()
        .any(|mark| lowered.contains(mark))
        && numbers == 1
    {
        FieldProblem::new(
            "phone_extension",
            "the phone number has an extension (转, ext.); write the number alone here and the extension in a note column",
            "电话号码带有分机号（转、分机），请在此只填写号码，分机号填入备注列",
        )
    } else {
        FieldProblem::new(
            "phone_characters",
            "the phone number contains letters or other signs; keep only digits (spaces, dashes and +86 are fine)",
            "电话号码含有字母或其他符号，请只填写数字（可含空格、短横线、+86）",
        )
    }
}

/// The number most cells hold, taken as it is: 11 ASCII digits starting
/// `13` to `19`. `None` for anything else, which [`phone_read`] then reads;
/// where this gives a number, that gives the same one (a proptest holds
/// them to it).
pub(super) fn plain_mobile(raw: &str) -> Option<Phone> {
    let b: &[u8; 11] = raw.as_bytes().try_into().ok()?;
    let plain = b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
    plain.then(|| Phone::from_normalised(&[raw])).flatten()
}

/// [`phone`] for any cell: width folded, separators and a country code
/// dropped, each problem with its own refusal.
pub(super) fn phone_read(raw: &str) -> Result<Phone, FieldProblem> {
    let folded = fold_width(raw);
    let folded = without_text_mark(&folded);
    if excel_scientific(folded) {
        return Err(excel_scientific_problem("phone number", "电话号码"));
    }
    let mut buf = [0u8; 24];
    let mut len = 0;
    for c in folded.chars() {
        match c {
            '0'..='9' if len < buf.len() => {
                buf[len] = c as u8;
                len += 1;
            }
            '0'..='9' => len += 1,
            c if separator(c) => {}
            _ => return Err(sign_problem(folded)),
        }
    }
    if len > buf.len() {
        return Err(FieldProblem::new(
            "phone_format",
            format!(
                "the phone number has {len} digits, far too many for a phone number; check the column"
            ),
            format!("电话号码有 {len} 位数字，过长，请检查该列"),
        ));
    }
    let digits = std::str::from_utf8(&buf[..len]).unwrap_or_default();
    let plus = folded.trim_start().starts_with('+');
    // An international number for another country is not a mainland
    // number with its digits run together (+1 415 … is not 1415…).
    let international = if plus {
        Some(digits)
    } else {
        digits.strip_prefix("00")
    };
    if let Some(number) = international.filter(|n| !n.starts_with("86")) {
        return Err(FieldProblem::new(
            "phone_country",
            format!(
                "the phone number is international (+{}…), not a number of mainland China (+86); ask for a mainland number or record the contact elsewhere",
                &number[..number.len().min(3)]
            ),
            "电话号码为境外号码（非 +86），请向报名人确认境内联系电话",
        ));
    }
    let national = if let Some(rest) = digits.strip_prefix("0086") {
        rest
    } else if digits.len() == 13
        && digits.starts_with("86")
        && (plus || digits.as_bytes()[2] == b'1')
    {
        &digits[2..]
    } else {
        digits
    };
    let b = national.as_bytes();
    if b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && let Some(mobile) = Phone::from_normalised(&[national])
    {
        return Ok(mobile);
    }
    if b.first() == Some(&b'0') && b.get(1).is_some_and(|d| *d != b'0') {
        let area = if matches!(b[1], b'1' | b'2') { 3 } else { 4 };
        let local = b.len().saturating_sub(area);
        if (7..=8).contains(&local)
            && b[area] != b'0'
            && b[area] != b'1'
            && let Some(landline) =
                Phone::from_normalised(&[&national[..area], "-", &national[area..]])
        {
            return Ok(landline);
        }
    }
    if b.is_empty() {
        return Err(FieldProblem::new(
            "missing",
            "the phone number is empty; write it in",
            "联系电话为空，请填写",
        ));
    }
    Err(FieldProblem::new(
        "phone_format",
        format!(
            "the phone number has {} digits and is neither a mobile number (11 digits starting 13–19) nor a landline with area code (e.g. 0954-2031234); check it with the registrant",
            b.len()
        ),
        format!(
            "电话号码为 {} 位数字，既不是手机号（13–19 开头的 11 位）也不是带区号的固定电话（如 0954-2031234），请与报名人核实",
            b.len()
        ),
    ))
}
