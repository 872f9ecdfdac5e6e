//! Excel workbooks (feature `xlsx`): registrations in, every list out.
//!
//! **In.** [`read_workbook`] reads the first sheet (or a named one) of an
//! `.xlsx`, `.xlsm`, `.xls` or `.ods` file with calamine. The header is the
//! first row with at least two filled cells (title rows above it, such as a
//! merged "2025年政府开放日报名表", are skipped and counted). Cells become
//! the text the intake reads from a CSV: dates and times as ISO 8601, whole
//! numbers without a decimal point, an Excel error (`#N/A`) as its text so
//! the row is refused with the cell named. A number too long to be exact in
//! Excel (an 18-digit ID number typed as a number has lost its last digits)
//! is read as Excel stored it; its check digit then fails on that row.
//! [`screen_xlsx`] screens the result like [`crate::screening::screen_csv`].
//!
//! **Out.** [`write_xlsx`] writes any export's records ([`crate::export`]:
//! the same header and cells as the CSV) as a workbook: every cell a text
//! cell (never a formula, and formula-like text neutralised as in the CSV),
//! a bold, frozen header with a filter, columns sized to their content.
//!
//! ```
//! # #[cfg(feature = "xlsx")] {
//! use openday::{Plan, xlsx};
//! #[derive(serde::Serialize)]
//! struct Row { 姓名: &'static str, 联系电话: &'static str, 报名方式: &'static str }
//! let book = xlsx::write_xlsx([Row { 姓名: "张三", 联系电话: "13800000001", 报名方式: "电话" }], "报名")?;
//! let table = xlsx::read_workbook(&book, "报名.xlsx", None)?;
//! assert_eq!(table.header, ["姓名", "联系电话", "报名方式"]);
//! assert_eq!(table.rows, [["张三", "13800000001", "电话"]]);
//! # }
//! # Ok::<(), openday::Error>(())
//! ```

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use serde::Serialize;

use crate::export::{ExportError, Table, neutralise};
use crate::intake::IntakeError;
use crate::plan::Plan;
use crate::screening::{ScreeningOptions, ScreeningReport};

/// A sheet read as text cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetTable {
    /// The sheet's name.
    pub sheet: String,
    /// The header row's cells.
    pub header: Vec<String>,
    /// The data rows below the header, blank rows left out, each padded or
    /// cut to the header's width.
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet row number (1-based) of each data row.
    pub row_numbers: Vec<u32>,
    /// Rows above the header skipped as titles.
    pub title_rows: u32,
    /// Blank rows skipped below the header.
    pub blank_rows: u32,
}

fn workbook_error(source: &str, message: impl std::fmt::Display) -> IntakeError {
    IntakeError::Workbook {
        source_name: source.to_owned(),
        message: message.to_string(),
    }
}

/// The text of one cell, as the intake reads a CSV cell.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                match dt.as_datetime() {
                    Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
                    Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
                    None => float_text(dt.as_f64()),
                }
            } else {
                float_text(dt.as_f64())
            }
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number as Excel shows it in General format: whole numbers without a
/// decimal point (phones, ID numbers typed as numbers).
///
/// A whole number beyond 2⁵³ is written in scientific notation
/// (`6.40423198512135E17`), as Excel shows it: a number cannot hold it
/// exactly (Excel keeps 15 significant digits, so an 18-digit ID number
/// typed into a cell not formatted as text has lost its last three), and
/// its digits written out would look like an ID number with a wrong check
/// character. The intake refuses it as `excel_scientific`, saying why.
fn float_text(f: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2⁵³
    if f.is_finite() && f.fract() == 0.0 && f.abs() >= EXACT {
        format!("{f:E}")
    } else if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// Read the first sheet (or `sheet`) of a workbook as text cells.
pub fn read_workbook(
    bytes: &[u8],
    source: &str,
    sheet: Option<&str>,
) -> Result<SheetTable, IntakeError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        workbook_error(
            source,
            format!("not a readable workbook ({e}); save it from Excel as .xlsx or as CSV UTF-8"),
        )
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| IntakeError::NoSheet {
                source_name: source.to_owned(),
                sheet: wanted.to_owned(),
                found: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| workbook_error(source, "the workbook has no sheet"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| workbook_error(source, format!("sheet {name}: {e}")))?;
    let first_row = range.start().map_or(0, |(row, _)| row);
    let mut table = SheetTable {
        sheet: name,
        ..SheetTable::default()
    };
    let mut header_found = false;
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
        let number = u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_add(first_row))
            .and_then(|r| r.checked_add(1))
            .unwrap_or(u32::MAX);
        if !header_found {
            if filled >= 2 {
                let width = cells
                    .iter()
                    .rposition(|c| !c.trim().is_empty())
                    .map_or(0, |p| p + 1);
                table.header = cells.into_iter().take(width).collect();
                header_found = true;
            } else {
                table.title_rows += 1;
            }
            continue;
        }
        if filled == 0 {
            table.blank_rows += 1;
            continue;
        }
        let mut cells = cells;
        cells.resize(table.header.len(), String::new());
        table.rows.push(cells);
        table.row_numbers.push(number);
    }
    if !header_found {
        return Err(IntakeError::Empty {
            source_name: source.to_owned(),
        });
    }
    Ok(table)
}

/// Screen the registrations in a workbook's first sheet (or `sheet`).
/// Rows are numbered from 1 below the header, as in a CSV; the report's
/// warnings say which title rows were skipped.
pub fn screen_xlsx(
    plan: &Plan,
    bytes: &[u8],
    source: &str,
    sheet: Option<&str>,
    opts: &ScreeningOptions,
) -> Result<ScreeningReport, IntakeError> {
    let table = read_workbook(bytes, source, sheet)?;
    let mut report =
        crate::screening::screen_named_table(plan, &table.header, &table.rows, source, opts)?;
    report.encoding = format!("xlsx (sheet {})", table.sheet);
    report
        .warnings
        .extend(crate::screening::skipped_rows_warning(
            &format!("sheet {}", table.sheet),
            &format!("工作表 {}", table.sheet),
            u64::from(table.title_rows),
            u64::from(table.blank_rows),
        ));
    report.data_lines = u64::try_from(table.rows.len()).unwrap_or(u64::MAX);
    Ok(report)
}

/// Write records as a one-sheet workbook named `sheet`.
pub fn write_xlsx<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    sheet: &str,
) -> Result<Vec<u8>, ExportError> {
    write_table_xlsx(&Table::of(rows)?, sheet)
}

#[allow(clippy::needless_pass_by_value)] // the shape map_err wants
fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Xlsx(e.to_string())
}

/// Write a [`Table`] as a one-sheet workbook named `sheet`.
pub fn write_table_xlsx(table: &Table, sheet: &str) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet();
    // Excel limits sheet names to 31 characters without []:*?/\.
    let name: String = sheet
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        ws.set_name(name.trim()).map_err(xlsx_error)?;
    }
    let mut widths: Vec<usize> = table.header.iter().map(|h| display_width(h)).collect();
    for (c, h) in table.header.iter().enumerate() {
        let c =
            u16::try_from(c).map_err(|_| ExportError::Xlsx("more than 65,535 columns".into()))?;
        ws.write_string_with_format(0, c, h, &bold)
            .map_err(xlsx_error)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1)
            .ok()
            .filter(|r| *r < 1_048_576)
            .ok_or_else(|| {
                ExportError::Xlsx("more than 1,048,575 rows; split the export".into())
            })?;
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let cell = neutralise(cell);
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(display_width(&cell));
            }
            let c = u16::try_from(c)
                .map_err(|_| ExportError::Xlsx("more than 65,535 columns".into()))?;
            ws.write_string(r, c, cell.as_ref()).map_err(xlsx_error)?;
        }
    }
    if !table.header.is_empty() {
        let last_col = u16::try_from(table.header.len() - 1).unwrap_or(u16::MAX);
        let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        ws.autofilter(0, 0, last_row, last_col)
            .map_err(xlsx_error)?;
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    }
    for (c, w) in widths.iter().enumerate() {
        if let Ok(c) = u16::try_from(c) {
            #[allow(clippy::cast_precision_loss)]
            let width = (*w).clamp(6, 60) as f64 + 2.0;
            ws.set_column_width(c, width).map_err(xlsx_error)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// Columns for text: CJK characters count twice.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if u32::from(c) >= 0x1100 { 2 } else { 1 })
        .sum()
}
