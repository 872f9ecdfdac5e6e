//! Normalisation and validation of registrant fields as typed by hand.
//!
//! Every parser takes the raw cell and returns the normalised value or a
//! [`FieldProblem`] whose message says what is wrong and how to fix it,
//! without repeating the value (it may be personal data).

use std::borrow::Cow;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::Serialize;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::registrant::{CapacityStatus, Gender, Phone, ResidentId};
use crate::resident_id::check_character;
use crate::time::{LocalInstant, resolve_local};

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

/// Full-width ASCII (０-９, Ａ-Ｚ, －, ＋ ...) and the ideographic space folded
/// to ASCII, as NFKC would, without allocating for plain ASCII.
pub fn fold_width(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(
        raw.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// Trimmed, NFC-normalised text; `None` when blank.
pub fn text(raw: &str) -> Option<String> {
    nfc_trimmed(raw).map(Cow::into_owned)
}

/// [`text`] written into `slot`, reusing the buffer it holds: `slot` is
/// left `Some("")` (kept for reuse, read as no value) when there is none.
pub(crate) fn text_into(raw: &str, slot: &mut Option<String>) {
    match (nfc_trimmed(raw), slot) {
        (Some(t), Some(s)) => {
            s.clear();
            s.push_str(&t);
        }
        (Some(t), slot) => *slot = Some(t.into_owned()),
        (None, Some(s)) => s.clear(),
        (None, None) => {}
    }
}

/// The lead bytes of characters that are neither white space nor a BOM:
/// printable ASCII, and every lead above it but those of the white space
/// beyond ASCII (U+0085, U+00A0: C2; U+1680: E1; U+2000..U+205F: E2;
/// U+3000: E3) and of the BOM (EF). A table: it is read twice per cell.
const PLAIN_LEAD: [bool; 256] = {
    let mut table = [false; 256];
    let mut lead: u8 = 0;
    loop {
        table[lead as usize] = (lead >= 0x21 && lead < 0x80)
            || (lead >= 0xC0 && !matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF));
        if lead == u8::MAX {
            break table;
        }
        lead += 1;
    }
};

/// Whether `s` starts and ends with a character that is neither white
/// space nor a BOM, decided from its bytes: then [`str::trim`] and
/// trimming BOMs leave it as it is. Conservative (`false` when unsure):
/// nearly every cell of an export is settled, and the character tables
/// are consulted only for the others.
pub(crate) fn settled(s: &str) -> bool {
    let plain = |lead: u8| PLAIN_LEAD[usize::from(lead)];
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    // The last character's lead byte: at most three continuation bytes back.
    let last = b
        .iter()
        .rev()
        .take(4)
        .find(|&&c| !(0x80..0xC0).contains(&c));
    plain(first) && last.is_some_and(|&c| plain(c))
}

/// [`str::trim`], quick for a settled cell.
pub(crate) fn trim(s: &str) -> &str {
    if settled(s) { s } else { s.trim() }
}

/// Trimmed (white space and BOM) and NFC-normalised, borrowing when possible.
fn nfc_trimmed(raw: &str) -> Option<Cow<'_, str>> {
    let t = if settled(raw) {
        raw
    } else {
        raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
    };
    if t.is_empty() {
        return None;
    }
    // ASCII and CJK unified ideographs never change under NFC; skip the check for them.
    Some(
        if ascii_or_ideographs(t) || is_nfc_quick(t.chars()) == IsNormalized::Yes {
            Cow::Borrowed(t)
        } else {
            Cow::Owned(t.nfc().collect())
        },
    )
}

/// Whether every character of `s` is ASCII or a CJK unified ideograph
/// (U+4E00..=U+9FFF), read from the bytes: in UTF-8 those ideographs are
/// the three-byte sequences from `E4 B8 80` to `E9 BF BF`.
fn ascii_or_ideographs(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        i += match lead {
            0x00..0x80 => 1,
            0xE4 if b.get(i + 1).is_some_and(|&c| c >= 0xB8) => 3,
            0xE5..=0xE9 => 3,
            _ => return false,
        };
    }
    true
}

/// A person's name: trimmed, NFC, spaces inside Chinese names removed,
/// middle-dot variants (•・．) unified to `·`.
///
/// ```
/// assert_eq!(openday::normalize::name(" 张 三 ").unwrap(), "张三");
/// assert_eq!(openday::normalize::name("买买提•艾力").unwrap(), "买买提·艾力");
/// assert_eq!(openday::normalize::name("Anna  Berg").unwrap(), "Anna Berg");
/// assert_eq!(openday::normalize::name("张3").unwrap_err().code, "name_has_digits");
/// ```
pub fn name(raw: &str) -> Result<String, FieldProblem> {
    let mut out = String::new();
    name_into(raw, &mut out)?;
    Ok(out)
}

/// [`name`] written into `out` (cleared first), reusing its buffer.
pub(crate) fn name_into(raw: &str, out: &mut String) -> Result<(), FieldProblem> {
    out.clear();
    let Some(t) = nfc_trimmed(raw) else {
        return Err(FieldProblem::new(
            "missing",
            "the name is empty; write it in",
            "姓名为空，请填写",
        ));
    };
    let cjk = |c: char| {
        ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{20000}'..='\u{2ffff}').contains(&c)
    };
    let too_long = || {
        FieldProblem::new(
            "name_too_long",
            "the name is longer than 40 characters; check that the column holds only the name",
            "姓名超过 40 个字符，请检查该列是否只含姓名",
        )
    };
    // Most names are ideographs only, which the rest would leave as they are.
    if t.chars().all(cjk) {
        return if t.chars().count() > 40 {
            Err(too_long())
        } else {
            out.push_str(&t);
            Ok(())
        };
    }
    let all_cjk = t
        .chars()
        .all(|c| cjk(c) || c.is_whitespace() || "·•・．.".contains(c));
    out.reserve(t.len());
    let mut space = false;
    for c in t.chars() {
        let c = if "•・．".contains(c) || (all_cjk && c == '.') {
            '·'
        } else {
            c
        };
        if c.is_whitespace() {
            space = !all_cjk;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if out
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return Err(FieldProblem::new(
            "name_has_digits",
            "the name contains digits; check that the name and phone columns are not swapped",
            "姓名中含有数字，请检查姓名与电话列是否错位",
        ));
    }
    if out.chars().count() > 40 {
        return Err(too_long());
    }
    Ok(())
}

/// An e-mail address: trimmed, a `mailto:` prefix dropped, the domain in
/// lower case.
///
/// ```
/// use openday::normalize::email;
/// assert_eq!(email(" Anna.Berg@Example.ORG ").unwrap(), "Anna.Berg@example.org");
/// assert!(email("anna.example.org").is_err());
/// ```
pub fn email(raw: &str) -> Result<String, FieldProblem> {
    let folded = fold_width(raw);
    let t = folded.trim().trim_start_matches("mailto:");
    let bad = || {
        FieldProblem::new(
            "email_format",
            "the e-mail address is not of the form name@domain; check it with the registrant",
            "电子邮箱格式应为 名称@域名，请核对",
        )
    };
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',' || c == ';');
    if !ok {
        return Err(bad());
    }
    // The mailbox may be case-sensitive; the domain is not (RFC 5321 §2.4).
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

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

/// The number most cells hold, taken as it is: 11 ASCII digits starting
/// `13` to `19`. `None` for anything else, which [`phone_read`] then reads;
/// where this gives a number, that gives the same one (a proptest holds
/// them to it).
fn plain_mobile(raw: &str) -> Option<Phone> {
    let b: &[u8; 11] = raw.as_bytes().try_into().ok()?;
    let plain = b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
    plain.then(|| Phone::from_normalised(&[raw])).flatten()
}

/// [`phone`] for any cell: width folded, separators and a country code
/// dropped, each problem with its own refusal.
fn phone_read(raw: &str) -> Result<Phone, FieldProblem> {
    let folded = fold_width(raw);
    let mut buf = [0u8; 24];
    let mut len = 0;
    for c in folded.chars() {
        match c {
            '0'..='9' if len < buf.len() => {
                buf[len] = c as u8;
                len += 1;
            }
            '0'..='9' => len += 1,
            ' ' | '-' | '(' | ')' | '.' | '+' | '\u{2013}' | '\u{2014}' | '\u{ff08}'
            | '\u{ff09}' => {}
            _ => {
                return Err(FieldProblem::new(
                    "phone_characters",
                    "the phone number contains letters or other signs; keep only digits (spaces, dashes and +86 are fine)",
                    "电话号码含有字母或其他符号，请只填写数字（可含空格、短横线、+86）",
                ));
            }
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
fn plain_id_number(raw: &str) -> Option<ResidentId> {
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
fn id_number_read(raw: &str) -> Result<ResidentId, FieldProblem> {
    let folded = fold_width(raw);
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

use chrono::Datelike;

/// Parse an all-ASCII-digit slice.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

/// `HH:MM` or `HH:MM:SS` (one-digit hours allowed).
fn time_of_day(s: &str) -> Option<NaiveTime> {
    let mut parts = s.split(':');
    let h = digits(parts.next()?)?;
    let m = parts.next().filter(|p| p.len() == 2).and_then(digits)?;
    let sec = match parts.next() {
        Some(p) if p.len() == 2 => digits(p)?,
        Some(_) => return None,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

/// `YYYYMMDD`.
fn compact_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 {
        return None;
    }
    let y = i32::try_from(digits(&s[..4])?).ok()?;
    NaiveDate::from_ymd_opt(y, digits(&s[4..6])?, digits(&s[6..8])?)
}

/// The ASCII digits of `b` at `at`, as a number (the fast paths' reader).
fn fixed(b: &[u8], at: std::ops::Range<usize>) -> Option<u32> {
    b.get(at)?.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD`, the form nearly every export writes, read directly with
/// the result the general path of [`date`] gives it; `None` for any other
/// shape (which then takes the general path).
fn iso_date(t: &[u8]) -> Option<Result<NaiveDate, FieldProblem>> {
    if t.len() != 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let (y, m, d) = (fixed(t, 0..4)?, fixed(t, 5..7)?, fixed(t, 8..10)?);
    let year = i32::try_from(y).ok().filter(|&y| y >= 1000);
    Some(
        year.and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(date_problem),
    )
}

/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, read directly with the
/// result the general path of [`instant`] gives it; `None` for any other
/// shape.
fn iso_local(t: &[u8]) -> Option<Result<(NaiveDate, NaiveTime), FieldProblem>> {
    let seconds = match t.len() {
        16 => false,
        19 if t[16] == b':' => true,
        _ => return None,
    };
    if t[10] != b' ' || t[13] != b':' {
        return None;
    }
    let day = iso_date(&t[..10])?;
    let (h, m) = (fixed(t, 11..13)?, fixed(t, 14..16)?);
    let s = if seconds { fixed(t, 17..19)? } else { 0 };
    Some(day.map_err(|_| instant_problem()).and_then(|day| {
        NaiveTime::from_hms_opt(h, m, s)
            .map(|time| (day, time))
            .ok_or_else(instant_problem)
    }))
}

fn date_problem() -> FieldProblem {
    FieldProblem::new(
        "date_format",
        "not a date; write it as YYYY-MM-DD (1985-12-13), YYYY/M/D, YYYYMMDD or YYYY年M月D日",
        "日期格式无法识别，请写作 YYYY-MM-DD（如 1985-12-13）、YYYY/M/D、YYYYMMDD 或 YYYY年M月D日",
    )
}

fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

/// A calendar date as typed or exported: `1985-12-13`, `1985/12/13`,
/// `1985.12.13`, `19851213`, `1985年12月13日`, an Excel serial number
/// (`31394`), with or without a trailing `00:00:00`.
///
/// ```
/// use openday::normalize::date;
/// for s in ["1985-12-13", "1985/12/13", "1985年12月13日", "19851213", "31394", "1985-12-13 00:00:00",
///           "1985/12/13 0:00", "1985-12-13T00:00:00"] {
///     assert_eq!(date(s).unwrap().to_string(), "1985-12-13", "{s}");
/// }
/// ```
pub fn date(raw: &str) -> Result<NaiveDate, FieldProblem> {
    if let Some(d) = iso_date(trim(raw).as_bytes()) {
        return d;
    }
    let folded = fold_width(raw);
    let t = folded.trim();
    // A date with a midnight time, as spreadsheets ("1985/5/23 0:00",
    // "1985-05-23 00:00:00") and pandas ("1985-05-23T00:00:00") write
    // dates; an instant with an offset is not a plain date.
    let t = t.split_once([' ', 'T']).map_or(t, |(d, rest)| {
        let rest = rest.trim_start();
        let midnight = rest.starts_with("00:00") || rest.starts_with("0:00");
        if midnight && !rest.contains(['+', '-', 'Z']) {
            d
        } else {
            t
        }
    });
    if t.bytes().all(|c| c.is_ascii_digit()) {
        if t.len() == 8 {
            return compact_date(t).ok_or_else(date_problem);
        }
        if (1..=5).contains(&t.len()) {
            // An Excel date serial: 1 is 1900-01-01 (0 is no date at all).
            let n: i64 = t.parse().map_err(|_| date_problem())?;
            if n < 1 {
                return Err(date_problem());
            }
            return Ok(excel_epoch() + Duration::days(n));
        }
        return Err(date_problem());
    }
    let mut parts = [0u32; 3];
    let mut n = 0;
    for piece in t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
    {
        if n == 3 {
            return Err(date_problem());
        }
        parts[n] = digits(piece).ok_or_else(date_problem)?;
        n += 1;
    }
    if n != 3 || parts[0] < 1000 {
        return Err(date_problem());
    }
    let year = i32::try_from(parts[0]).map_err(|_| date_problem())?;
    NaiveDate::from_ymd_opt(year, parts[1], parts[2]).ok_or_else(date_problem)
}

fn instant_problem() -> FieldProblem {
    FieldProblem::new(
        "time_format",
        "not a date and time; write it as YYYY-MM-DD HH:MM[:SS] in the event's local time, or RFC 3339 with offset",
        "时间格式无法识别，请写作 YYYY-MM-DD HH:MM[:SS]（活动所在时区的当地时间）或带时区偏移的 RFC 3339",
    )
}

/// An instant: RFC 3339 with offset, or local `YYYY-MM-DD HH:MM[:SS]` (any
/// date form of [`date`]) in `tz`, or an Excel serial date-time. A date
/// without a time of day is refused: a deadline needs the time.
///
/// ```
/// let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
/// let t = openday::normalize::instant("2025/9/17 18:30", tz).unwrap();
/// assert_eq!(t.to_rfc3339(), "2025-09-17T18:30:00+08:00");
/// assert_eq!(openday::normalize::instant("2025-09-17", tz).unwrap_err().code, "time_missing");
/// ```
pub fn instant(raw: &str, tz: Tz) -> Result<DateTime<FixedOffset>, FieldProblem> {
    if let Some(local) = iso_local(trim(raw).as_bytes()) {
        let (day, time) = local?;
        return local_instant(tz, day, time);
    }
    let folded = fold_width(raw);
    let t = folded.trim();
    let offset_like = t
        .get(11..)
        .is_some_and(|rest| rest.contains(['+', '-', 'Z', 'z']));
    if t.len() > 10
        && (matches!(t.as_bytes()[10], b'T' | b't') || offset_like)
        && let Ok(dt) = DateTime::parse_from_rfc3339(t)
    {
        return Ok(dt);
    }
    if let Some((days, frac)) = t.split_once('.').filter(|(d, f)| {
        !d.is_empty()
            && d.len() <= 5
            && d.bytes().all(|c| c.is_ascii_digit())
            && f.bytes().all(|c| c.is_ascii_digit())
    }) {
        let days: i64 = days.parse().map_err(|_| instant_problem())?;
        let frac: f64 = format!("0.{frac}").parse().map_err(|_| instant_problem())?;
        #[allow(clippy::cast_possible_truncation)]
        let secs = (frac * 86_400.0).round() as i64;
        let local =
            excel_epoch().and_time(NaiveTime::MIN) + Duration::days(days) + Duration::seconds(secs);
        return local_instant(tz, local.date(), local.time());
    }
    let (d, tod) = match t.split_once([' ', 'T']) {
        Some((d, tod)) => (d, tod.trim()),
        None => {
            return Err(if date(t).is_ok() {
                FieldProblem::new(
                    "time_missing",
                    "only a date is given; add the time of day (HH:MM), which decides whether the deadline was met",
                    "只有日期，缺少时刻（HH:MM），无法判断是否在截止时间前报名，请补充",
                )
            } else {
                instant_problem()
            });
        }
    };
    let day = date(d).map_err(|_| instant_problem())?;
    let time = time_of_day(tod).ok_or_else(instant_problem)?;
    local_instant(tz, day, time)
}

fn local_instant(
    tz: Tz,
    day: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<FixedOffset>, FieldProblem> {
    match resolve_local(tz, day, time) {
        LocalInstant::Nonexistent => Err(FieldProblem::new(
            "time_nonexistent",
            format!("that local time does not exist in {tz} (clocks went forward); check the time"),
            format!("该当地时间在 {tz} 时区不存在（夏令时跳过），请核对"),
        )),
        r => r
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(instant_problem),
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
