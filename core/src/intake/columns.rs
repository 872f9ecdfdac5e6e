//! Which registrant field each column of a table holds: the default
//! header names, the header as compared, and the mapping of a header row
//! (with the caller's own names) to fields, attributes and ignored columns;
//! the separator guessed from the header line.

use std::collections::BTreeMap;

use super::{ColumnUse, IntakeError, IntakeOptions};
use crate::registration::RegistrationField;

/// The default header names of each field (compared after trimming, case-insensitively).
pub fn default_headers(field: RegistrationField) -> &'static [&'static str] {
    use RegistrationField as F;
    match field {
        F::Name => &["姓名", "名字", "name", "full_name", "vor- und nachname"],
        F::Phone => &[
            "联系电话",
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "联系方式",
            "phone",
            "mobile",
            "telephone",
        ],
        F::IdNumber => &[
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证",
            "id_number",
            "id_card",
        ],
        F::BirthDate => &[
            "出生日期",
            "出生年月日",
            "生日",
            "birth_date",
            "date_of_birth",
            "dob",
            "geburtsdatum",
        ],
        F::Gender => &["性别", "gender", "sex", "geschlecht"],
        F::EmployerOrSchool => &[
            "工作学习单位",
            "工作单位",
            "单位",
            "学校",
            "工作单位或学校",
            "employer_or_school",
            "employer",
            "school",
            "arbeitgeber",
            "arbeitgeber oder schule",
        ],
        F::Address => &[
            "住址",
            "家庭住址",
            "居住地址",
            "地址",
            "address",
            "adresse",
            "anschrift",
        ],
        F::District => &[
            "所在区县",
            "区县",
            "居住区县",
            "所在区",
            "district",
            "area",
            "stadtteil",
        ],
        F::Occupation => &["职业", "occupation", "beruf"],
        F::WorkDistrict => &[
            "单位所在区县",
            "工作学习单位所在区县",
            "work_district",
            "arbeitsort",
        ],
        F::CivilCapacity => &["民事行为能力", "civil_capacity"],
        F::Channel => &["报名方式", "报名渠道", "channel", "anmeldeweg"],
        F::SubmittedAt => &[
            "报名时间",
            "提交时间",
            "submitted_at",
            "registered_at",
            "eingegangen",
            "anmeldezeit",
        ],
        F::Consent => &["同意信息使用", "同意", "consent", "einwilligung"],
        F::Email => &[
            "电子邮箱",
            "邮箱",
            "电子邮件",
            "email",
            "e-mail",
            "mail",
            "email_address",
            "e-mail address",
        ],
    }
}

const FIELDS: [RegistrationField; 15] = [
    RegistrationField::Name,
    RegistrationField::Phone,
    RegistrationField::IdNumber,
    RegistrationField::BirthDate,
    RegistrationField::Gender,
    RegistrationField::EmployerOrSchool,
    RegistrationField::Address,
    RegistrationField::District,
    RegistrationField::Occupation,
    RegistrationField::WorkDistrict,
    RegistrationField::CivilCapacity,
    RegistrationField::Channel,
    RegistrationField::SubmittedAt,
    RegistrationField::Consent,
    RegistrationField::Email,
];

/// A header as compared: lower case, without a byte-order mark, white
/// space (a line break typed in a header cell, a space aligning `姓  名`),
/// underscores or hyphens (`Date of birth` matches `date_of_birth`), and
/// without a required mark at either end (`*姓名`, `姓名＊`).
fn header_key(h: &str) -> String {
    let key: String = h
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect();
    key.trim_matches(['*', '＊']).to_owned()
}

/// A header's key without a note in brackets at its end (`联系电话（必填）`,
/// `身份证号(18位)`), `None` when it has none: matched only when the whole
/// header matches nothing.
fn header_base(key: &str) -> Option<&str> {
    let open = key.strip_suffix([')', '）'])?.rfind(['(', '（'])?;
    let base = key[..open].trim_matches(['*', '＊']);
    (!base.is_empty()).then_some(base)
}

/// Whether header `h` names the column called `name` (a default or a
/// configured header): the same key, or the same key but for a bracketed
/// note at the end of `h`.
fn names(h: &str, name: &str) -> bool {
    let (h, name) = (header_key(h), header_key(name));
    h == name || header_base(&h) == Some(name.as_str())
}

/// `name`, or where an earlier column is an attribute of that name (a
/// sheet with two 备注 columns), `name (2)`, `name (3)`, …: each column
/// keeps its own value, where one name for both would keep only the last.
fn unique_attribute(name: String, columns: &[Column]) -> String {
    let taken = |n: &str| {
        columns
            .iter()
            .any(|c| matches!(c, Column::Attribute(a) if a == n))
    };
    if !taken(&name) {
        return name;
    }
    // Of as many numbers as there are columns and one more, one is free.
    (2..=columns.len().saturating_add(2))
        .map(|k| format!("{name} ({k})"))
        .find(|n| !taken(n))
        .unwrap_or(name)
}

/// The name an attribute column goes by: the header trimmed, a line break
/// typed in the cell (with the spaces around it) dropped between two
/// characters that are not ASCII (`所在\n社区` is `所在社区`) and a space
/// otherwise (`Age\ngroup` is `Age group`), so that the plan can name it.
fn attribute_name(h: &str) -> String {
    let mut name = String::with_capacity(h.len());
    for (i, piece) in h
        .trim()
        .split(['\r', '\n'])
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        let piece = piece.trim();
        let joins = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        if i > 0 && !(joins(name.chars().last()) && joins(piece.chars().next())) {
            name.push(' ');
        }
        name.push_str(piece);
    }
    name
}

/// A table cell shown in a message when it may be personal data: a short
/// run of CJK characters (a name) or anything with five digits or more (a
/// phone, an ID number) keeps its first character only.
fn mask_cell(cell: &str) -> String {
    let t = cell.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let cjk = t
        .chars()
        .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·');
    let n = t.chars().count();
    if digits >= 5 || (cjk && (2..=4).contains(&n)) || t.contains('@') {
        t.chars()
            .next()
            .map(|c| format!("{c}{}", "*".repeat(n.saturating_sub(1))))
            .unwrap_or_default()
    } else {
        t.to_owned()
    }
}

/// Headers that carry no registrant data (row numbers).
const IGNORED: [&str; 5] = ["序号", "编号", "no", "no.", "#"];
/// A column saying the office verified civil capacity.
const CAPACITY_VERIFIED: [&str; 3] = ["能力核实", "民事行为能力核实", "capacity_verified"];

pub(super) enum Column {
    Field(RegistrationField),
    Attribute(String),
    CapacityVerified,
    Ignored,
}

/// Lines looked at for a separator.
const MAX_SNIFFED: usize = 64;

/// The field separators sniffed when none is configured: comma, tab and
/// semicolon. A line holding none of them cannot be a header of several
/// columns.
pub(crate) const SEPARATORS: [char; 3] = [',', '\t', ';'];

pub(super) fn sniff_delimiter(text: &str) -> u8 {
    // The first line that holds a separator: the reader skips empty lines
    // (and lines end at a lone CR too), and a title above the header may
    // hold none.
    let count = |line: &str, c| line.chars().filter(|x| *x == c).count();
    let header = text
        .split(['\r', '\n'])
        .take(1 + MAX_SNIFFED)
        .find(|l| l.contains(SEPARATORS))
        .unwrap_or("");
    let count = |c| count(header, c);
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// A column's name in a header over two rows (a group's text over the
/// fields it covers, other cells merged down over both): its lower cell
/// where it has one, else its upper one. One rule for a CSV file and a
/// workbook.
pub(crate) fn two_row_header_cell<'a>(upper: &'a str, lower: &'a str) -> &'a str {
    if lower.trim().is_empty() {
        upper
    } else {
        lower
    }
}

/// Whether `cell` names a field as a header does: one of the fields'
/// headers (as typed: see `header_key`, a bracketed note allowed) or one
/// configured in `opts.columns`.
pub(super) fn names_a_field(cell: &str, opts: &IntakeOptions) -> bool {
    let named = |key: &str| {
        opts.columns.values().any(|h| header_key(h) == key)
            || FIELDS
                .iter()
                .any(|f| default_headers(*f).iter().any(|d| header_key(d) == key))
    };
    let key = header_key(cell);
    !key.is_empty() && (named(&key) || header_base(&key).is_some_and(named))
}

pub(super) fn resolve_columns(
    headers: &csv::StringRecord,
    opts: &IntakeOptions,
    source: &str,
) -> Result<Vec<Column>, IntakeError> {
    // The first line may be data, not headers: what might be a name or a
    // number is masked before it goes into an error message.
    let is_default = |h: &str| {
        FIELDS
            .iter()
            .any(|f| default_headers(*f).iter().any(|d| names(h, d)))
    };
    let found = || {
        headers
            .iter()
            .map(|h| {
                if is_default(h) {
                    h.to_owned()
                } else {
                    mask_cell(h)
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut columns: Vec<Column> = Vec::with_capacity(headers.len());
    let mut taken: BTreeMap<RegistrationField, usize> = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        let key = header_key(h);
        // The whole header first; its base (without a bracketed note) only
        // when the whole matches no field.
        let field_named = |key: &str| {
            opts.columns
                .iter()
                .find(|(_, header)| header_key(header) == key)
                .map(|(f, _)| *f)
                .or_else(|| {
                    FIELDS
                        .into_iter()
                        .filter(|f| !opts.columns.contains_key(f))
                        .find(|f| default_headers(*f).iter().any(|d| header_key(d) == key))
                })
        };
        let field = field_named(&key).or_else(|| header_base(&key).and_then(field_named));
        let column = if let Some(f) = field {
            if let Some(first) = taken.insert(f, i) {
                return Err(IntakeError::AmbiguousColumn {
                    source_name: source.to_owned(),
                    field: f.code(),
                    first: headers.get(first).unwrap_or_default().to_owned(),
                    second: h.to_owned(),
                });
            }
            Column::Field(f)
        } else if key.is_empty() || IGNORED.iter().any(|n| header_key(n) == key) {
            Column::Ignored
        } else if CAPACITY_VERIFIED.iter().any(|n| header_key(n) == key) {
            Column::CapacityVerified
        } else {
            Column::Attribute(unique_attribute(attribute_name(h), &columns))
        };
        columns.push(column);
    }
    for (field, header) in &opts.columns {
        if !headers.iter().any(|h| names(h, header)) {
            // A row with a name column is a header, not data: its headers
            // are shown as they are, so that the right one can be chosen.
            let found = if taken.contains_key(&RegistrationField::Name) {
                headers.iter().collect::<Vec<_>>().join(",")
            } else {
                found()
            };
            return Err(IntakeError::UnknownColumn {
                source_name: source.to_owned(),
                field: field.code(),
                header: header.clone(),
                found,
            });
        }
    }
    if !taken.contains_key(&RegistrationField::Name) {
        return Err(IntakeError::NoNameColumn {
            source_name: source.to_owned(),
            found: found(),
        });
    }
    Ok(columns)
}

pub(super) fn describe_columns(headers: &csv::StringRecord, columns: &[Column]) -> Vec<ColumnUse> {
    headers
        .iter()
        .zip(columns)
        .map(|(h, c)| ColumnUse {
            header: h.to_owned(),
            used_as: match c {
                Column::Field(f) => format!("field:{}", f.code()),
                Column::Attribute(a) => format!("attribute:{a}"),
                Column::CapacityVerified => "capacity_verified".into(),
                Column::Ignored => "ignored".into(),
            },
        })
        .collect()
}

pub(super) fn header_of(
    field: RegistrationField,
    columns: &[Column],
    headers: &csv::StringRecord,
) -> Option<String> {
    columns
        .iter()
        .position(|c| matches!(c, Column::Field(f) if *f == field))
        .and_then(|i| headers.get(i))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_as_typed_in_forms_and_sheets() {
        for (typed, name) in [
            ("联系\r\n电话", "联系电话"),
            ("姓  名", "姓名"),
            ("姓\u{3000}名", "姓名"),
            ("*姓名", "姓名"),
            ("姓名＊", "姓名"),
            ("联系电话（必填）", "联系电话"),
            ("身份证号(18位)", "身份证号"),
            ("*联系电话 (11位)", "联系电话"),
            ("Date of birth", "date_of_birth"),
            ("E-Mail", "email"),
            ("\u{feff}姓名", "姓名"),
        ] {
            assert!(names(typed, name), "{typed:?} should name {name}");
        }
        for (typed, name) in [
            ("联系电话备注", "联系电话"),
            ("（必填）", ""),
            ("电话号码(区号)后四位", "电话号码"),
            ("单位所在区县", "所在区县"),
        ] {
            assert!(!names(typed, name), "{typed:?} should not name {name:?}");
        }
    }

    #[test]
    fn no_key_names_two_fields() {
        let mut seen = BTreeMap::new();
        for f in FIELDS {
            for d in default_headers(f) {
                if let Some(other) = seen.insert(header_key(d), f) {
                    assert_eq!(other, f, "{d} names two fields");
                }
            }
        }
        for h in IGNORED.iter().chain(&CAPACITY_VERIFIED) {
            assert!(!seen.contains_key(&header_key(h)), "{h}");
        }
    }

    #[test]
    fn an_attribute_keeps_its_name_without_typed_line_breaks() {
        assert_eq!(attribute_name("  所在\r\n社区 "), "所在社区");
        assert_eq!(attribute_name("Age\ngroup"), "Age group");
        assert_eq!(attribute_name("所在 社区"), "所在 社区");
        assert_eq!(attribute_name("年龄段\n(age)"), "年龄段 (age)");
    }
}
