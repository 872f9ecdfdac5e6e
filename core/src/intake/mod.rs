//! Reading registration tables: UTF-8 (with or without BOM), GBK/GB18030
//! (Excel in China) or UTF-16 CSV, comma, tab or semicolon separated, with
//! Chinese or English headers mapped to registrant fields.
//!
//! Every data row comes back, either as a [`Registrant`] or as the list of
//! its field errors; nothing is dropped.
//!
//! Where each step lives:
//!
//! | module | what it does |
//! |---|---|
//! | `decode` | bytes to text: the encoding named or detected, data lines counted |
//! | `records` | text to records: cells as ranges of the input, quotes as csv-core reads them |
//! | `columns` | the header row to fields: default and configured header names |
//! | `table` | a table read row by row, each record checked as UTF-8 once |
//! | `fields` | a row's cells to a [`Registrant`]: each field normalised and cross-checked |

mod columns;
mod decode;
mod fields;
mod footer;
mod records;
mod table;

pub(crate) use columns::SEPARATORS;
pub use columns::default_headers;
#[cfg(feature = "xlsx")]
pub(crate) use columns::two_row_header_cell;
pub(crate) use decode::{data_lines, decode_table};
#[cfg(feature = "xlsx")]
pub(crate) use footer::footer_start;
pub(crate) use table::CsvTable;

use std::collections::BTreeMap;
use std::fmt;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::registrant::Registrant;
use crate::registration::{ChannelKind, RegistrationField};
use columns::{describe_columns, resolve_columns};
use fields::build;
use table::{Cells, row_length_error};

/// The text encoding of an input table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputEncoding {
    /// Detect: a BOM, else UTF-8 if valid, else Windows-1252 where bytes
    /// beyond ASCII stand alone between ASCII ones (`Müller`, as Excel
    /// writes "CSV" in Western Europe), else GB18030 (a superset of GBK).
    #[default]
    Auto,
    /// UTF-8 (a BOM is skipped).
    Utf8,
    /// GB18030 / GBK / GB2312.
    Gb18030,
    /// UTF-16 with a BOM (Excel "Unicode text").
    Utf16,
    /// Windows-1252 (Western European; ISO 8859-1 is its subset).
    Windows1252,
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
    /// Lines after the header that hold anything: more than `rows` when a
    /// row runs over several lines (a quoted cell with line breaks).
    pub data_lines: u64,
    /// Lines of the title rows above the header (a line with fewer than
    /// two cells filled, as a sheet saved as CSV keeps its title), which
    /// are not registrations.
    pub title_lines: Vec<u64>,
    /// Lines (for records, rows) of a form's sign-off lines that end the
    /// table (`填表人：…`, `审核人：…`, `日期：…`, and blank ones among
    /// them), which are not registrations and are not in `rows`.
    pub footer_lines: Vec<u64>,
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
    let title_lines = table.title_lines().to_vec();
    Ok(Intake {
        encoding,
        columns,
        rows,
        data_lines: table.data_lines(data_lines(&text)),
        title_lines,
        footer_lines: table.footer_lines().to_vec(),
    })
}

/// Title rows looked past, in a CSV file or a sheet, before a row is taken
/// as the header whatever it holds.
pub(crate) const MAX_TITLES: usize = 10;

/// Whether `headers` would be read as a registrations table's header under
/// `opts`: its columns resolve (a name column, no two columns for one
/// field, every configured header present).
#[cfg(feature = "xlsx")]
pub(crate) fn names_columns(headers: &[String], opts: &IntakeOptions) -> bool {
    resolve_columns(&csv::StringRecord::from(headers.to_vec()), opts, "").is_ok()
}

/// Read rows given as records (a header and cells per row), e.g. dicts
/// from Python or objects from JavaScript: the same column mapping,
/// normalisation and field errors as a CSV table. Rows are numbered from 1;
/// a form's sign-off rows ending the table (`填表人：…`) are left out and
/// listed in `footer_lines`.
pub fn read_table(
    headers: &[String],
    rows: &[Vec<String>],
    source_name: &str,
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<Intake, IntakeError> {
    let footer = footer::footer_start(rows);
    read_table_to(headers, rows, footer, source_name, opts, tz)
}

/// [`read_table`] of `rows` whose rows from `footer` on are a form's
/// sign-off (`rows.len()` for none): a workbook's rows, whose sign-off is
/// found where the sheet is read.
pub(crate) fn read_table_to(
    headers: &[String],
    rows: &[Vec<String>],
    footer: usize,
    source_name: &str,
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<Intake, IntakeError> {
    let headers = csv::StringRecord::from(headers.to_vec());
    let columns = resolve_columns(&headers, opts, source_name)?;
    let column_use = describe_columns(&headers, &columns);
    let footer = footer.min(rows.len());
    let (rows, signoff) = rows.split_at(footer);
    // Numbered on from the rows before them.
    let footer_lines = (1..).skip(footer).take(signoff.len()).collect();
    let rows: Vec<IntakeRow> = (1..)
        .zip(rows)
        .map(|(row, cells)| {
            let (text, bounds) = joined(cells);
            let result = match Cells::new(text.as_bytes(), &bounds) {
                Some(record) if record.len() == headers.len() => {
                    build(&record, &headers, &columns, opts, tz)
                }
                Some(record) if fields::is_blank(&record) => Err(vec![fields::blank_row_error()]),
                // Cells given as strings are text.
                _ => Err(vec![row_length_error(
                    cells.iter().map(String::as_str),
                    &headers,
                )]),
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
        title_lines: Vec::new(),
        footer_lines,
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
