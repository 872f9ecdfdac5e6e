//! Reading registration tables: UTF-8 (with or without BOM), GBK/GB18030
//! (Excel in China) or UTF-16 CSV, comma, tab or semicolon separated, with
//! Chinese or English headers mapped to registrant fields.
//!
//! Every data row comes back, either as a [`Registrant`] or as the list of
//! its field errors; nothing is dropped.

mod records;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::normalize::{self, FieldProblem};
use crate::registrant::{CapacityBasis, CivilCapacity, Registrant};
use crate::registration::{ChannelKind, RegistrationField};

/// The text encoding of an input table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputEncoding {
    /// Detect: a BOM, else UTF-8 if valid, else GB18030 (a superset of GBK).
    #[default]
    Auto,
    /// UTF-8 (a BOM is skipped).
    Utf8,
    /// GB18030 / GBK / GB2312.
    Gb18030,
    /// UTF-16 with a BOM (Excel "Unicode text").
    Utf16,
}

/// How to read a registrations table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeOptions {
    /// Text encoding.
    pub encoding: InputEncoding,
    /// Field separator; sniffed from the header line (`,`, tab or `;`) when absent.
    pub delimiter: Option<char>,
    /// Header names for fields, overriding the defaults (e.g. `phone` →
    /// `手机号码`).
    pub columns: BTreeMap<RegistrationField, String>,
    /// Channel for rows whose channel cell is empty (e.g. a phone-only list).
    pub default_channel: Option<ChannelKind>,
}

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

/// Whether `bytes` look like a workbook (a ZIP container, as `.xlsx` and
/// `.ods` are, or an old `.xls`) rather than text.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Why a table could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IntakeError {
    /// The bytes are not text in the expected encoding.
    #[error(
        "{source_name}: the file is not {encoding} text; save it from Excel as \"CSV UTF-8\" (or set the encoding: utf8, gb18030, utf16)"
    )]
    Decode {
        /// The input's name.
        source_name: String,
        /// The encoding tried.
        encoding: &'static str,
    },
    /// There is no header row.
    #[error(
        "{source_name}: the table is empty; the first row must be the header (姓名, 联系电话, ...)"
    )]
    Empty {
        /// The input's name.
        source_name: String,
    },
    /// No column holds the names.
    #[error(
        "{source_name}: no name column; name a column 姓名 or name, or map one with columns.name (found: {found})"
    )]
    NoNameColumn {
        /// The input's name.
        source_name: String,
        /// The header found.
        found: String,
    },
    /// A configured header is not in the table.
    #[error(
        "{source_name}: columns.{field} names the header \"{header}\", which the table does not have (found: {found})"
    )]
    UnknownColumn {
        /// The input's name.
        source_name: String,
        /// The field.
        field: &'static str,
        /// The configured header.
        header: String,
        /// The header found.
        found: String,
    },
    /// Two headers map to the same field.
    #[error(
        "{source_name}: both \"{first}\" and \"{second}\" look like the {field} column; choose one with columns.{field}"
    )]
    AmbiguousColumn {
        /// The input's name.
        source_name: String,
        /// The field.
        field: &'static str,
        /// The first header.
        first: String,
        /// The second header.
        second: String,
    },
    /// A workbook that cannot be read.
    #[error("{source_name}: {message}")]
    Workbook {
        /// The input's name.
        source_name: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// The named sheet is not in the workbook.
    #[error(
        "{source_name}: no sheet named \"{sheet}\" (the workbook has: {found}); give one of these"
    )]
    NoSheet {
        /// The input's name.
        source_name: String,
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheets.
        found: String,
    },
    /// The CSV reader failed.
    #[error("{source_name}: line {line}: {message}")]
    Csv {
        /// The input's name.
        source_name: String,
        /// The line.
        line: u64,
        /// What the reader said.
        message: String,
    },
}

impl IntakeError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Decode { .. } => "decode",
            Self::Empty { .. } => "empty",
            Self::NoNameColumn { .. } => "no_name_column",
            Self::UnknownColumn { .. } => "unknown_column",
            Self::AmbiguousColumn { .. } => "ambiguous_column",
            Self::Csv { .. } => "csv",
            Self::Workbook { .. } => "workbook",
            Self::NoSheet { .. } => "no_sheet",
        }
    }

    /// The line of a CSV reader error.
    pub fn line(&self) -> Option<u64> {
        match self {
            Self::Csv { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// One problem in one cell (or the row's shape), located by row and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FieldError {
    /// The field, when the problem is in a field.
    pub field: Option<RegistrationField>,
    /// The table's header of that column.
    pub column: Option<String>,
    /// Stable code, e.g. `phone_format`, `id_check_character`.
    pub code: &'static str,
    /// Explanation and fix, in English.
    pub message_en: String,
    /// Explanation and fix, in Chinese.
    pub message_zh: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = &self.column {
            write!(f, "column {c}: ")?;
        }
        write!(f, "[{}] {}", self.code, self.message_en)
    }
}

/// How columns were understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    /// The header as written.
    pub header: String,
    /// `field:phone`, `attribute:occupation`, `capacity_verified` or `ignored`.
    pub used_as: String,
}

/// A table read into rows.
#[derive(Debug, Clone)]
pub struct Intake {
    /// The encoding found.
    pub encoding: &'static str,
    /// How each column was understood.
    pub columns: Vec<ColumnUse>,
    /// Every data row: (row, line, registrant or field errors).
    pub rows: Vec<IntakeRow>,
    /// Non-blank physical lines after the header: more than `rows` when a
    /// row runs over several lines (a quoted cell with line breaks).
    pub data_lines: u64,
}

/// One data row after intake.
#[derive(Debug, Clone)]
pub struct IntakeRow {
    /// 1-based data row (the header is row 0).
    pub row: u64,
    /// 1-based line of the file where the row starts.
    pub line: u64,
    /// The registrant, or every problem of the row.
    pub result: Result<Registrant, Vec<FieldError>>,
}

enum Column {
    Field(RegistrationField),
    Attribute(String),
    CapacityVerified,
    Ignored,
}

fn decode<'a>(
    input: &'a [u8],
    enc: InputEncoding,
    source: &str,
) -> Result<(Cow<'a, str>, &'static str), IntakeError> {
    let err = |encoding| IntakeError::Decode {
        source_name: source.to_owned(),
        encoding,
    };
    let utf16 = |bytes: &'a [u8]| -> Result<(Cow<'a, str>, &'static str), IntakeError> {
        let (enc, bom) =
            encoding_rs::Encoding::for_bom(bytes).ok_or_else(|| err("UTF-16 (with BOM)"))?;
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            Err(err("UTF-16"))
        } else {
            Ok((text, enc.name()))
        }
    };
    match enc {
        InputEncoding::Utf16 => utf16(input),
        InputEncoding::Utf8 => {
            let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
            std::str::from_utf8(body)
                .map(|s| (Cow::Borrowed(s), "UTF-8"))
                .map_err(|_| err("UTF-8"))
        }
        InputEncoding::Gb18030 => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(input)
            .map(|t| (t, "GB18030"))
            .ok_or_else(|| err("GB18030")),
        InputEncoding::Auto => {
            if input.starts_with(b"\xFF\xFE") || input.starts_with(b"\xFE\xFF") {
                return utf16(input);
            }
            let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
            if let Ok(s) = std::str::from_utf8(body) {
                return Ok((Cow::Borrowed(s), "UTF-8"));
            }
            // Mostly UTF-8 with a few stray bytes: read as UTF-8 and let
            // the rows with the stray bytes be reported (they hold U+FFFD),
            // rather than misreading the whole file as GB18030.
            if mostly_utf8(body) {
                return Ok((String::from_utf8_lossy(body), "UTF-8"));
            }
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(input)
                .map(|t| (t, "GB18030"))
                .ok_or_else(|| err("UTF-8 or GB18030"))
        }
    }
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with a few
/// damaged places: there is valid multi-byte UTF-8 text, and at most one
/// invalid sequence per hundred lines (and at most ten).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut invalid, mut multibyte) = (0usize, 0usize);
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| c.len_utf8() > 1).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                multibyte += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| c.len_utf8() > 1).count());
                invalid += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    let lines = bytes.split(|&b| b == b'\n').count().max(1);
    multibyte > 0 && invalid <= 10 && invalid * 100 <= lines.max(100)
}

fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c| header.chars().filter(|x| *x == c).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

fn resolve_columns(
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

/// Read a registrations table. `tz` is the event's zone (local times in the
/// table are read in it).
pub fn read_csv(
    input: &[u8],
    source_name: &str,
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<Intake, IntakeError> {
    let (text, encoding) = decode_table(input, source_name, opts)?;
    let mut table = CsvTable::open(&text, source_name, opts, tz)?;
    let columns = table.column_use();
    let mut rows = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count());
    while let Some(row) = table.next_row()? {
        rows.push(row);
    }
    Ok(Intake {
        encoding,
        columns,
        rows,
        data_lines: data_lines(&text),
    })
}

/// The text of a table in its encoding (see [`InputEncoding`]), and the
/// encoding's name; an error when it is not text or is blank.
pub(crate) fn decode_table<'a>(
    input: &'a [u8],
    source_name: &str,
    opts: &IntakeOptions,
) -> Result<(Cow<'a, str>, &'static str), IntakeError> {
    let (text, encoding) = decode(input, opts.encoding, source_name)?;
    if text.trim().is_empty() {
        return Err(IntakeError::Empty {
            source_name: source_name.to_owned(),
        });
    }
    Ok((text, encoding))
}

/// Non-blank lines after the header; a line ends at CRLF, LF or a lone CR
/// (what Excel for Mac's "CSV (Macintosh)" writes).
pub(crate) fn data_lines(text: &str) -> u64 {
    // Splitting at both bytes leaves an empty piece inside each CRLF,
    // which counts as blank.
    u64::try_from(
        text.split(['\r', '\n'])
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count(),
    )
    .unwrap_or(u64::MAX)
}

/// A CSV table being read row by row, so that a caller can keep what it
/// needs of each row rather than every row at once.
pub(crate) struct CsvTable<'t, R: std::io::Read> {
    records: records::Records<R>,
    headers: csv::StringRecord,
    columns: Vec<Column>,
    delimiter: u8,
    source_name: &'t str,
    opts: &'t IntakeOptions,
    tz: Tz,
    row: u64,
    /// Whether the text was decoded with replacement (U+FFFD marks bytes
    /// that were not text); only then are cells searched for it.
    lossy: bool,
    /// Set when a row is not UTF-8 (a streamed file that is not).
    not_utf8: bool,
    /// The registrant each row is read into, in place (its buffers are
    /// reused from row to row).
    current: Registrant,
}

impl<'t> CsvTable<'t, &'t [u8]> {
    /// Read the header of decoded `text` and map its columns.
    pub(crate) fn open(
        text: &'t str,
        source_name: &'t str,
        opts: &'t IntakeOptions,
        tz: Tz,
    ) -> Result<Self, IntakeError> {
        let lossy = text.contains('\u{FFFD}');
        CsvTable::from_reader(text.as_bytes(), text, source_name, opts, tz, lossy)
    }
}

impl<'t, R: std::io::Read> CsvTable<'t, R> {
    /// Read the header from `reader` (UTF-8 text; `first_line` is its first
    /// line, to guess the delimiter from) and map its columns.
    pub(crate) fn from_reader(
        reader: R,
        first_line: &str,
        source_name: &'t str,
        opts: &'t IntakeOptions,
        tz: Tz,
        lossy: bool,
    ) -> Result<Self, IntakeError> {
        let delimiter = opts
            .delimiter
            .and_then(|c| u8::try_from(c).ok())
            .unwrap_or_else(|| sniff_delimiter(first_line));
        let mut records = records::Records::new(reader, delimiter);
        let headers = read_headers(&mut records, source_name)?;
        let columns = resolve_columns(&headers, opts, source_name)?;
        Ok(Self {
            records,
            headers,
            columns,
            delimiter,
            source_name,
            opts,
            tz,
            row: 0,
            lossy,
            not_utf8: false,
            current: Registrant::new(String::new(), ChannelKind::Other),
        })
    }

    /// How each column was understood.
    pub(crate) fn column_use(&self) -> Vec<ColumnUse> {
        describe_columns(&self.headers, &self.columns)
    }

    /// Whether reading stopped at a row that is not UTF-8.
    pub(crate) fn not_utf8(&self) -> bool {
        self.not_utf8
    }

    /// The reader the table is read from.
    pub(crate) fn get_ref(&self) -> &R {
        self.records.get_ref()
    }

    /// The next data row, `None` after the last.
    pub(crate) fn next_row(&mut self) -> Result<Option<IntakeRow>, IntakeError> {
        let Some(row) = self.next_row_in_place()? else {
            return Ok(None);
        };
        let (number, line, read) = (row.row, row.line, row.result.map(|_| ()));
        let result = match read {
            Ok(()) => Ok(std::mem::replace(
                &mut self.current,
                Registrant::new(String::new(), ChannelKind::Other),
            )),
            Err(errors) => Err(errors),
        };
        Ok(Some(IntakeRow {
            row: number,
            line,
            result,
        }))
    }

    /// The next data row, its registrant read into the table's own (valid
    /// until the next call), `None` after the last.
    pub(crate) fn next_row_in_place(&mut self) -> Result<Option<RowRef<'_>>, IntakeError> {
        match self.records.next_record() {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(io_error(self.source_name, self.records.reached(), &e)),
        }
        let line = self.records.line();
        let Some(record) = Cells::new(self.records.bytes(), self.records.bounds()) else {
            self.not_utf8 = true;
            return Err(IntakeError::Csv {
                source_name: self.source_name.to_owned(),
                line,
                message: format!(
                    "line {line} is not valid UTF-8; save the file as UTF-8, or name its encoding"
                ),
            });
        };
        self.row += 1;
        let headers = &self.headers;
        let damaged = || record.iter().position(|c| c.contains('\u{FFFD}'));
        let result = if let Some(e) = swallowed(&record, headers, self.delimiter, line) {
            Err(vec![e])
        } else if let Some(i) = self.lossy.then(damaged).flatten() {
            Err(vec![FieldError {
                field: None,
                column: headers.get(i).map(str::to_owned),
                code: "encoding",
                message_en: format!(
                    "line {line} has bytes that are not UTF-8 (the rest of the file is); retype the damaged text or save the file again as UTF-8"
                ),
                message_zh: format!(
                    "第 {line} 行含有非 UTF-8 字节（文件其余部分为 UTF-8），请重新输入受损内容或将文件另存为 UTF-8"
                ),
            }])
        } else if record.len() == headers.len() {
            build_into(
                &record,
                headers,
                &self.columns,
                self.opts,
                self.tz,
                &mut self.current,
            )
        } else {
            Err(vec![row_length_error(record.len(), headers.len())])
        };
        Ok(Some(RowRef {
            row: self.row,
            line,
            result: result.map(|()| &self.current),
        }))
    }
}

/// A row read by [`CsvTable::next_row_in_place`]: an [`IntakeRow`] whose
/// registrant is borrowed.
pub(crate) struct RowRef<'t> {
    pub(crate) row: u64,
    pub(crate) line: u64,
    pub(crate) result: Result<&'t Registrant, Vec<FieldError>>,
}

/// The cells of one record as text: the record's bytes are checked to be
/// UTF-8 once, as a whole (with SIMD where the machine has it), and each
/// cell is a slice of them.
struct Cells<'r> {
    text: &'r str,
    bounds: &'r [(usize, usize)],
}

impl<'r> Cells<'r> {
    /// `None` when the record is not UTF-8.
    fn new(bytes: &'r [u8], bounds: &'r [(usize, usize)]) -> Option<Self> {
        let text = simdutf8::basic::from_utf8(bytes).ok()?;
        Some(Self { text, bounds })
    }

    fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Every cell; cells end at separators and quotes (ASCII), so each
    /// range falls on character boundaries.
    fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        self.bounds
            .iter()
            .map(|&(a, b)| self.text.get(a..b).unwrap_or_default())
    }
}

/// The first record, as the header (empty for a file without records).
fn read_headers<R: std::io::Read>(
    records: &mut records::Records<R>,
    source_name: &str,
) -> Result<csv::StringRecord, IntakeError> {
    if !records
        .next_record()
        .map_err(|e| io_error(source_name, records.reached(), &e))?
    {
        return Ok(csv::StringRecord::new());
    }
    let line = records.line();
    let cells = Cells::new(records.bytes(), records.bounds()).ok_or_else(|| IntakeError::Csv {
        source_name: source_name.to_owned(),
        line,
        message: format!(
            "the header (line {line}) is not valid UTF-8; save the file as UTF-8, or name its encoding"
        ),
    })?;
    Ok(cells.iter().collect())
}

/// A read that failed at `line` (the file could not be read further).
fn io_error(source_name: &str, line: u64, e: &std::io::Error) -> IntakeError {
    IntakeError::Csv {
        source_name: source_name.to_owned(),
        line,
        message: format!(
            "the file could not be read beyond line {line} ({e}); the rows before that line were read, but a table is screened whole: read it again once the file can be read"
        ),
    }
}

/// Values read from a row that are cross-checked once the row is complete.
#[derive(Default)]
struct Declared {
    birth: Option<chrono::NaiveDate>,
    gender: Option<crate::registrant::Gender>,
    channel_seen: bool,
}

/// Read rows given as records (a header and cells per row), e.g. dicts
/// from Python or objects from JavaScript: the same column mapping,
/// normalisation and field errors as a CSV table. Rows are numbered from 1.
pub fn read_table(
    headers: &[String],
    rows: &[Vec<String>],
    source_name: &str,
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<Intake, IntakeError> {
    let headers = csv::StringRecord::from(headers.to_vec());
    let columns = resolve_columns(&headers, opts, source_name)?;
    let column_use = describe_columns(&headers, &columns);
    let rows: Vec<IntakeRow> = (1..)
        .zip(rows)
        .map(|(row, cells)| {
            let (text, bounds) = joined(cells);
            let result = match Cells::new(text.as_bytes(), &bounds) {
                Some(record) if record.len() == headers.len() => {
                    build(&record, &headers, &columns, opts, tz)
                }
                // Cells given as strings are text.
                _ => Err(vec![row_length_error(cells.len(), headers.len())]),
            };
            IntakeRow {
                row,
                line: 0,
                result,
            }
        })
        .collect();
    let data_lines = u64::try_from(rows.len()).unwrap_or(u64::MAX);
    Ok(Intake {
        encoding: "records",
        columns: column_use,
        rows,
        data_lines,
    })
}

/// Cells one after another, with the range of each.
fn joined(cells: &[String]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(cells.iter().map(String::len).sum());
    let bounds = cells
        .iter()
        .map(|c| {
            let start = text.len();
            text.push_str(c);
            (start, text.len())
        })
        .collect();
    (text, bounds)
}

/// Records given as `(column, value)` pairs (dicts from Python, objects
/// from JavaScript) as a table: the columns in first-seen order and one cell
/// per column, empty where a record lacks it.
///
/// ```
/// let (headers, rows) = openday::intake::records_table(&[
///     vec![("姓名".into(), "张三".into())],
///     vec![("联系电话".into(), "138".into()), ("姓名".into(), "李四".into())],
/// ]);
/// assert_eq!(headers, ["姓名", "联系电话"]);
/// assert_eq!(rows, [vec!["张三", ""], vec!["李四", "138"]]);
/// ```
pub fn records_table(records: &[Vec<(String, String)>]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers: Vec<String> = Vec::new();
    for record in records {
        for (k, _) in record {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    let rows = records
        .iter()
        .map(|record| {
            headers
                .iter()
                .map(|h| {
                    record
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    (headers, rows)
}

fn describe_columns(headers: &csv::StringRecord, columns: &[Column]) -> Vec<ColumnUse> {
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

/// A row whose quoted cell ran over line breaks into what look like rows
/// of their own (a stray `"` at the start of a cell): the lines it
/// swallowed are named, so no registration disappears into one cell.
fn swallowed(
    record: &Cells<'_>,
    headers: &csv::StringRecord,
    delimiter: u8,
    line: u64,
) -> Option<FieldError> {
    // Most rows hold no newline at all: one scan of the whole record.
    memchr::memchr(b'\n', record.text.as_bytes())?;
    let (i, cell) = record
        .iter()
        .enumerate()
        .find(|(_, c)| c.lines().skip(1).any(|l| l.as_bytes().contains(&delimiter)))?;
    let extra = u64::try_from(cell.lines().count().saturating_sub(1)).unwrap_or(u64::MAX);
    let last = line.saturating_add(extra);
    Some(FieldError {
        field: None,
        column: headers.get(i).map(str::to_owned),
        code: "swallowed_lines",
        message_en: format!(
            "this cell opens a quote (\") that runs over {extra} line break(s), taking in lines {} to {last}, which look like rows of their own; remove the stray quote (or close it) so each registration is its own row",
            line.saturating_add(1)
        ),
        message_zh: format!(
            "该单元格以引号（\"）开头，跨越 {extra} 个换行，吞并了第 {} 至 {last} 行（这些行看起来是独立的报名记录）；请删除多余的引号（或补全），使每条报名单独成行",
            line.saturating_add(1)
        ),
    })
}

fn row_length_error(cells: usize, headers: usize) -> FieldError {
    FieldError {
        field: None,
        column: None,
        code: "row_length",
        message_en: format!(
            "the row has {cells} cells but the header has {headers}; a cell probably holds an unquoted separator, put it in double quotes"
        ),
        message_zh: format!(
            "该行有 {cells} 个单元格，表头有 {headers} 个；可能有单元格含未加引号的分隔符，请用双引号括起"
        ),
    }
}

fn build(
    record: &Cells<'_>,
    headers: &csv::StringRecord,
    columns: &[Column],
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<Registrant, Vec<FieldError>> {
    let channel = opts.default_channel.unwrap_or(ChannelKind::Other);
    let mut r = Registrant::new(String::new(), channel);
    build_into(record, headers, columns, opts, tz, &mut r)?;
    Ok(r)
}

/// [`build`] into `r`, whatever it held before (its buffers are reused).
fn build_into(
    record: &Cells<'_>,
    headers: &csv::StringRecord,
    columns: &[Column],
    opts: &IntakeOptions,
    tz: Tz,
    r: &mut Registrant,
) -> Result<(), Vec<FieldError>> {
    if record.iter().all(|c| normalize::trim(c).is_empty()) {
        return Err(vec![FieldError {
            field: None,
            column: None,
            code: "blank_row",
            message_en: "the row is blank; delete it or fill it in".into(),
            message_zh: "该行为空行，请删除或补全".into(),
        }]);
    }
    let mut errors = Vec::new();
    r.recycle(opts.default_channel.unwrap_or(ChannelKind::Other));
    let mut declared = Declared::default();
    let mut verified = false;
    for (i, cell) in record.iter().enumerate() {
        let cell = crate::export::unneutralise(normalize::trim(cell));
        match &columns[i] {
            Column::Ignored => {}
            Column::CapacityVerified => {
                verified = !cell.is_empty() && normalize::yes_no(cell).unwrap_or(false);
            }
            Column::Attribute(a) => {
                if let Some(v) = normalize::text(cell) {
                    r.attributes.insert(a.clone(), v);
                }
            }
            Column::Field(f) => {
                if let Err(p) = read_field(*f, cell, r, &mut declared, opts, tz) {
                    errors.push(FieldError {
                        field: Some(*f),
                        column: headers.get(i).map(str::to_owned),
                        code: p.code,
                        message_en: p.message_en,
                        message_zh: p.message_zh,
                    });
                }
            }
        }
    }
    if !declared.channel_seen && opts.default_channel.is_none() {
        r.channel = ChannelKind::Other;
    }
    if verified {
        r.civil_capacity = CivilCapacity {
            basis: CapacityBasis::Verified,
            ..r.civil_capacity
        };
    }
    r.settle();
    cross_check(
        r,
        declared.birth,
        declared.gender,
        &mut errors,
        columns,
        headers,
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A birth date: a date as offices write it, or an instant with its offset
/// (a JavaScript `Date` arrives as `1989-12-31T16:00:00.000Z`), read as
/// the calendar date in the event's zone; a year before 1900 is refused.
fn birth_date(cell: &str, tz: Tz) -> Result<chrono::NaiveDate, FieldProblem> {
    let date = normalize::date(cell).or_else(|problem| {
        chrono::DateTime::parse_from_rfc3339(cell.trim())
            .map(|t| t.with_timezone(&tz).date_naive())
            .map_err(|_| problem)
    })?;
    if chrono::Datelike::year(&date) < 1900 {
        return Err(FieldProblem::new(
            "birth_date_range",
            format!("the birth date {date} is before 1900; check it with the registrant"),
            format!("出生日期 {date} 早于 1900 年，请与报名人核实"),
        ));
    }
    Ok(date)
}

/// Read one field's cell into the registrant.
fn read_field(
    f: RegistrationField,
    cell: &str,
    r: &mut Registrant,
    declared: &mut Declared,
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<(), FieldProblem> {
    use RegistrationField as F;
    if cell.is_empty() && f != F::Name && f != F::Channel {
        return Ok(());
    }
    match f {
        F::Name => normalize::name_into(cell, &mut r.name)?,
        F::Phone => r.phone = Some(normalize::phone(cell)?),
        F::IdNumber => r.id_number = Some(normalize::id_number(cell)?),
        F::BirthDate => declared.birth = Some(birth_date(cell, tz)?),
        F::Gender => declared.gender = Some(normalize::gender(cell)?),
        F::EmployerOrSchool => normalize::text_into(cell, &mut r.employer_or_school),
        F::Address => normalize::text_into(cell, &mut r.address),
        F::District => normalize::text_into(cell, &mut r.district),
        F::WorkDistrict => normalize::text_into(cell, &mut r.work_district),
        F::Occupation => normalize::text_into(cell, &mut r.occupation),
        F::CivilCapacity => r.civil_capacity.status = normalize::civil_capacity(cell)?,
        F::Channel => {
            declared.channel_seen = true;
            r.channel = match (
                ChannelKind::parse(cell),
                cell.is_empty(),
                opts.default_channel,
            ) {
                (Some(k), _, _) | (None, true, Some(k)) => k,
                (None, true, None) => {
                    return Err(FieldProblem {
                        code: "missing",
                        message_en: "the registration channel is empty; write 电话, 现场 or 网上 (or set a default channel)".into(),
                        message_zh: "报名方式为空，请填写“电话”“现场”或“网上”（或设置默认报名方式）".into(),
                    });
                }
                (None, false, _) => {
                    return Err(FieldProblem {
                        code: "channel_value",
                        message_en: "the registration channel is not one of 电话, 现场, 网上, 其他 (phone, on_site, online, other)".into(),
                        message_zh: "报名方式应为“电话”“现场”“网上”或“其他”".into(),
                    });
                }
            };
        }
        F::SubmittedAt => r.submitted_at = Some(normalize::instant(cell, tz)?),
        F::Consent => r.consent = Some(normalize::yes_no(cell)?),
        F::Email => r.email = Some(normalize::email(cell)?),
    }
    Ok(())
}

fn header_of(
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

fn cross_check(
    r: &mut Registrant,
    birth: Option<chrono::NaiveDate>,
    gender: Option<crate::registrant::Gender>,
    errors: &mut Vec<FieldError>,
    columns: &[Column],
    headers: &csv::StringRecord,
) {
    r.birth_date = birth;
    r.gender = gender;
    let Some(id) = &r.id_number else { return };
    if birth.is_some_and(|b| b != id.birth_date) {
        errors.push(FieldError {
            field: Some(RegistrationField::BirthDate),
            column: header_of(RegistrationField::BirthDate, columns, headers),
            code: "birth_date_mismatch",
            message_en: "the birth date differs from the one in the ID number; check both with the registrant".into(),
            message_zh: "出生日期与身份证号中的出生日期不一致，请与报名人核实".into(),
        });
    }
    if gender.is_some_and(|g| g != id.gender) {
        errors.push(FieldError {
            field: Some(RegistrationField::Gender),
            column: header_of(RegistrationField::Gender, columns, headers),
            code: "gender_mismatch",
            message_en: "the gender differs from the one encoded in the ID number; check both with the registrant".into(),
            message_zh: "性别与身份证号所示性别不一致，请与报名人核实".into(),
        });
    }
    r.birth_date = Some(id.birth_date);
    r.gender = Some(id.gender);
}
