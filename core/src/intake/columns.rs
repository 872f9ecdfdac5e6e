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

/// A header as compared: trimmed, without a byte-order mark, lower case,
/// with spaces, hyphens and underscores alike (`Date of birth` matches
/// `date_of_birth`).
fn header_key(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .map(|c| if matches!(c, ' ' | '-') { '_' } else { c })
        .collect()
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

pub(super) fn resolve_columns(
    headers: &csv::StringRecord,
    opts: &IntakeOptions,
    source: &str,
) -> Result<Vec<Column>, IntakeError> {
    // The first line may be data, not headers: what might be a name or a
    // number is masked before it goes into an error message.
    let found = || {
        headers
            .iter()
            .map(|h| {
                if FIELDS.iter().any(|f| {
                    default_headers(*f)
                        .iter()
                        .any(|d| header_key(d) == header_key(h))
                }) {
                    h.to_owned()
                } else {
                    mask_cell(h)
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let norm = |h: &str| header_key(h);
    let mut columns: Vec<Column> = Vec::with_capacity(headers.len());
    let mut taken: BTreeMap<RegistrationField, usize> = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h_norm = norm(h);
        let configured = opts
            .columns
            .iter()
            .find(|(_, header)| norm(header) == h_norm)
            .map(|(f, _)| *f);
        let field = configured.or_else(|| {
            FIELDS
                .into_iter()
                .filter(|f| !opts.columns.contains_key(f))
                .find(|f| default_headers(*f).iter().any(|d| header_key(d) == h_norm))
        });
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
        } else if IGNORED.contains(&h_norm.as_str()) || h_norm.is_empty() {
            Column::Ignored
        } else if CAPACITY_VERIFIED.contains(&h_norm.as_str()) {
            Column::CapacityVerified
        } else {
            Column::Attribute(h.trim().to_owned())
        };
        columns.push(column);
    }
    for (field, header) in &opts.columns {
        if !headers.iter().any(|h| norm(h) == norm(header)) {
            return Err(IntakeError::UnknownColumn {
                source_name: source.to_owned(),
                field: field.code(),
                header: header.clone(),
                found: found(),
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
