//! Resident ID numbers: 18 digits with their check character (or the old
//! 15-digit form), read into the birth date and gender they encode.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::FieldProblem;
use super::dates::compact_date;
use super::text::{excel_scientific, excel_scientific_problem, fold_width, without_text_mark};
use crate::registrant::{Gender, ResidentId};
use crate::resident_id::check_character;

const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// [`PROVINCES`] as a set of the numbers 0 to 99 (bit `n` for code `n`).
const PROVINCE_SET: u128 = {
    let mut set = 0_u128;
    let mut i = 0;
    while i < PROVINCES.len() {
        set |= 1 << PROVINCES[i];
        i += 1;
    }
    set
};

/// Whether two digit values are a province code.
fn is_province(tens: u8, ones: u8) -> bool {
    let code = u32::from(tens) * 10 + u32::from(ones);
    code < 100 && PROVINCE_SET >> code & 1 == 1
}

fn id_problem(code: &'static str, en: &str, zh: &str) -> FieldProblem {
    FieldProblem::new(code, en, zh)
}

/// A mainland resident ID number: 18 characters with a valid ISO 7064
/// MOD 11-2 check character, or a legacy 15-digit number; birth date and
/// gender are read from it.
///
/// ```
/// use openday::normalize::id_number;
/// let id = id_number("11010519491231002x").unwrap();
/// assert_eq!(id.number(), "11010519491231002X");
/// assert_eq!(id.birth_date.to_string(), "1949-12-31");
/// assert_eq!(id_number("110105491231002").unwrap().birth_date.to_string(), "1949-12-31");
/// assert_eq!(id_number("110105194912310021").unwrap_err().code, "id_check_character");
/// ```
pub fn id_number(raw: &str) -> Result<ResidentId, FieldProblem> {
    plain_id_number(raw).map_or_else(|| id_number_read(raw), Ok)
}

/// The number most cells hold, read straight from its bytes: exactly 18
/// ASCII characters, 17 digits and a digit or `X`, every check passed.
/// `None` for anything else, which [`id_number_read`] then reads (and
/// refuses with the reason); where this gives a number, that gives the
/// same one (a proptest holds them to it).
pub(super) fn plain_id_number(raw: &str) -> Option<ResidentId> {
    let bytes: &[u8; 18] = raw.as_bytes().try_into().ok()?;
    let (first17, last) = bytes.split_first_chunk::<17>()?;
    let d = first17.map(|b| b.wrapping_sub(b'0'));
    let last = last.first()?.to_ascii_uppercase();
    if d.iter().any(|&v| v > 9) || !(last.is_ascii_digit() || last == b'X') {
        return None;
    }
    if !is_province(d[0], d[1]) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        d.get(range)
            .unwrap_or_default()
            .iter()
            .fold(0_u32, |n, &v| n * 10 + u32::from(v))
    };
    let year = i32::try_from(number(6..10)).ok()?;
    let birth = NaiveDate::from_ymd_opt(year, number(10..12), number(12..14))?;
    if year < 1900 || crate::resident_id::check_of_digits(&d) != char::from(last) {
        return None;
    }
    let gender = if d[16] % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    let mut upper = *bytes;
    upper[17] = last;
    ResidentId::from_parts(std::str::from_utf8(&upper).ok()?, birth, gender)
}

/// [`id_number`] for any cell: width folded, white space dropped, each
/// check with its own refusal.
pub(super) fn id_number_read(raw: &str) -> Result<ResidentId, FieldProblem> {
    let folded = fold_width(raw);
    let folded = without_text_mark(&folded);
    if excel_scientific(folded) {
        return Err(excel_scientific_problem("ID number", "身份证号"));
    }
    // The number without white space, upper-case, in a buffer of the
    // longest form; `n` counts its bytes (a character beyond ASCII is not
    // copied, and fails the digit checks below).
    let mut buf = [0_u8; 18];
    let mut n = 0_usize;
    if folded.is_ascii() {
        // `char::is_whitespace` on ASCII: the ASCII white space and VT.
        for &c in folded.as_bytes() {
            if c.is_ascii_whitespace() || c == 0x0B {
                continue;
            }
            if let Some(slot) = buf.get_mut(n) {
                *slot = c.to_ascii_uppercase();
            }
            n += 1;
        }
    } else {
        for c in folded.chars().filter(|c| !c.is_whitespace()) {
            if let Some(slot) = buf.get_mut(n).filter(|_| c.is_ascii()) {
                *slot = (c as u8).to_ascii_uppercase();
            }
            n = n.saturating_add(c.len_utf8());
        }
    }
    let b = buf.get(..n).unwrap_or_default();
    let s = std::str::from_utf8(b).unwrap_or_default();
    let (date_digits, seq_digit, legacy) = match n {
        18 if b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X') =>
        {
            (&s[6..14], b[16], false)
        }
        15 if b.iter().all(u8::is_ascii_digit) => (&s[6..12], b[14], true),
        n => {
            return Err(id_problem(
                "id_format",
                &format!(
                    "the ID number has {n} characters; it must be 18 (17 digits and a digit or X) or a legacy 15-digit number"
                ),
                &format!(
                    "身份证号为 {n} 位，应为 18 位（17 位数字加校验位数字或 X）或 15 位旧号码"
                ),
            ));
        }
    };
    if !is_province(b[0] - b'0', b[1] - b'0') {
        return Err(id_problem(
            "id_region",
            "the ID number's first two digits are not a province code; check the number",
            "身份证号前两位不是有效的省级代码，请核对",
        ));
    }
    let full_date = if legacy {
        Cow::Owned(format!("19{date_digits}"))
    } else {
        Cow::Borrowed(date_digits)
    };
    let Some(birth) = compact_date(&full_date) else {
        return Err(id_problem(
            "id_birth_date",
            "the birth date inside the ID number is not a real date; check the number",
            "身份证号中的出生日期无效，请核对",
        ));
    };
    if birth.year_ce().1 < 1900 {
        return Err(id_problem(
            "id_birth_date",
            "the birth date inside the ID number is before 1900; check the number",
            "身份证号中的出生日期早于 1900 年，请核对",
        ));
    }
    if !legacy && check_character(&s[..17]) != Some(b[17] as char) {
        return Err(id_problem(
            "id_check_character",
            "the ID number's last character does not match its check character (ISO 7064 MOD 11-2); a digit was probably mistyped",
            "身份证号校验位不符（ISO 7064 MOD 11-2），可能有数字录入错误，请核对",
        ));
    }
    let gender = if (seq_digit - b'0') % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    ResidentId::from_parts(s, birth, gender).ok_or_else(|| {
        id_problem(
            "id_format",
            "the ID number is not 15 or 18 characters; check it",
            "身份证号应为 18 位或 15 位，请核对",
        )
    })
}
