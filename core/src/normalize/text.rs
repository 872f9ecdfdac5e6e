//! Free text and names: full-width forms folded, Unicode NFC, spaces
//! settled; a name checked to be one (no digits, no stray signs).

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::FieldProblem;

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

/// `folded` without the apostrophe that marks a spreadsheet cell as text
/// (`'640402…` typed into a cell already formatted as text keeps it; a
/// curly `‘` or `’` where an editor replaced it). Only for numbers, which
/// never begin with one.
pub(super) fn without_text_mark(folded: &str) -> &str {
    let t = folded.trim_start();
    t.strip_prefix(['\'', '\u{2018}', '\u{2019}'])
        .unwrap_or(folded)
}

/// Whether a cell holds a number as Excel shows one it has turned into a
/// figure in scientific notation (`1.38123E+10`, `6.40423E+17`): a long
/// phone or ID number typed into a cell not formatted as text. Its last
/// digits are gone from the file, so no reading can restore them.
pub(super) fn excel_scientific(folded: &str) -> bool {
    let s = folded.trim().as_bytes();
    let Some(e) = s.iter().position(|&b| b == b'E' || b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (&s[..e], &s[e + 1..]);
    let exponent = exponent.strip_prefix(b"+").unwrap_or(exponent);
    let digits = |b: &[u8]| !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    let mantissa_ok = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => digits(&mantissa[..dot]) && digits(&mantissa[dot + 1..]),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent) && exponent.len() <= 2
}

/// The refusal of a number Excel has put in scientific notation.
pub(super) fn excel_scientific_problem(what_en: &str, what_zh: &str) -> FieldProblem {
    FieldProblem::new(
        "excel_scientific",
        format!(
            "the {what_en} is in scientific notation (like 1.38E+10): it was stored as a figure and its last digits are lost; in Excel, format the column as Text (or type ' before the number), enter the numbers again and save (in pandas, read the file with dtype=str)"
        ),
        format!(
            "{what_zh}为科学计数法（如 1.38E+10）：它被当作数值保存，后几位已丢失；请在 Excel 中将该列设置为“文本”格式（或在号码前输入英文单引号 '），重新录入后保存（pandas 读取时请用 dtype=str）"
        ),
    )
}

/// Whether every character of `s` is ASCII or a CJK unified ideograph
/// (U+4E00..=U+9FFF), read from the bytes: in UTF-8 those ideographs are
/// the three-byte sequences from `E4 B8 80` to `E9 BF BF`.
pub(super) fn ascii_or_ideographs(s: &str) -> bool {
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
