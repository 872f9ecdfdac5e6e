//! Excel workbooks (feature `xlsx`): registrations in, every list out.
//!
//! **In.** [`read_workbook`] reads the first sheet (or a named one) of an
//! `.xlsx`, `.xlsm`, `.xls` or `.ods` file with calamine. The header is the
//! first row with at least two filled cells (title rows above it, such as a
//! merged "2025年政府开放日报名表", are skipped and counted); when
//! screening, the first such row among the first few whose columns are
//! recognised (a form's line "填报单位：… 填报日期：…" above the header is a
//! title too). A header over two rows (a cell merged down over both, such
//! as 姓名 beside 联系方式 over 联系电话 and 电子邮箱) is read as one, each
//! column named by its lower cell where it has one. Cells to the right of
//! the header's last column are not read,
//! and the report says on which rows they are. An area merged below the
//! header (a district or a unit merged over the rows of its people) gives
//! its value to every row it spans, as the sheet shows it, and the report
//! names the areas. Cells become
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
    /// cut to the header's width (see `unread_cells`).
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet row number (1-based) of each data row.
    pub row_numbers: Vec<u32>,
    /// Rows above the header skipped as titles.
    pub title_rows: u32,
    /// Rows the header takes: 1, or 2 for a header over two rows (a cell
    /// of its first row merged down over the second).
    pub header_rows: u32,
    /// Blank rows skipped below the header.
    pub blank_rows: u32,
    /// A form's sign-off rows that end the sheet (`填表人：…`, `审核人：…`,
    /// `日期：…`), skipped: they are not registrations.
    pub footer_rows: u32,
    /// Data rows with a filled cell to the right of the header's last
    /// column, which no header names and which is not read: the row's
    /// spreadsheet number and the rightmost such cell's column (`M`).
    pub unread_cells: Vec<(u32, String)>,
    /// Areas merged over cells below the header (`G5:G9`), whose value
    /// every cell of the area was given, as the sheet shows it.
    pub merged: Vec<String>,
    /// Why the sheet's merged areas could not be read, where they could
    /// not (a damaged list of merges): each area's value is then in its
    /// first cell only, and the report warns.
    pub merges_unread: Option<String>,
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

/// Read the first sheet (or `sheet`) of a workbook as text cells. The
/// header is the first row with at least two cells filled.
pub fn read_workbook(
    bytes: &[u8],
    source: &str,
    sheet: Option<&str>,
) -> Result<SheetTable, IntakeError> {
    read_sheet(bytes, source, sheet, |_| true)
}

/// A sheet's rows as text cells, each with its spreadsheet row number.
type Rows = Vec<(u32, Vec<String>)>;

/// A sheet as read: its name, its first row and column (0-based), its rows
/// and its merged areas.
struct Sheet {
    name: String,
    first_row: u32,
    first_column: u32,
    rows: Rows,
    merged: Vec<calamine::Dimensions>,
    /// Why the merged areas could not be read, where they could not.
    merges_unread: Option<String>,
}

/// The sheet `sheet` (or the first) of a workbook.
fn sheet_rows(bytes: &[u8], source: &str, sheet: Option<&str>) -> Result<Sheet, IntakeError> {
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
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows: Rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let number = u32::try_from(i)
                .ok()
                .and_then(|i| i.checked_add(first_row))
                .and_then(|r| r.checked_add(1))
                .unwrap_or(u32::MAX);
            (number, row.iter().map(cell_text).collect())
        })
        .collect();
    // Merged areas are what xlsx and xls files record; a file whose merges
    // cannot be read is read as its cells (each merge's value in its first
    // cell only), as other readers do, and the reason is kept for a warning.
    let read_merges = match &mut book {
        calamine::Sheets::Xlsx(x) => x
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| e.to_string()),
        calamine::Sheets::Xls(x) => x
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| e.to_string()),
        _ => Ok(Vec::new()),
    };
    let (merged, merges_unread) = match read_merges {
        Ok(areas) => (areas, None),
        Err(why) => (
            Vec::new(),
            Some(why.trim_end_matches('.').chars().take(120).collect()),
        ),
    };
    Ok(Sheet {
        name,
        first_row,
        first_column,
        rows,
        merged,
        merges_unread,
    })
}

fn filled(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.trim().is_empty()).count()
}

/// Read a sheet whose header is the first row of two cells or more that
/// `is_header` accepts among the first few rows (above it: titles, and a
/// form's lines such as "填报单位：… 填报日期：…"), or else the one of those
/// with the most cells filled (so that an error names the likeliest
/// header), or else the first row of two cells or more further down.
fn read_sheet(
    bytes: &[u8],
    source: &str,
    sheet: Option<&str>,
    is_header: impl Fn(&[String]) -> bool,
) -> Result<SheetTable, IntakeError> {
    let Sheet {
        name,
        first_row,
        first_column,
        mut rows,
        merged,
        merges_unread,
    } = sheet_rows(bytes, source, sheet)?;
    let candidates: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, (_, cells))| filled(cells) > 0)
        .take(crate::intake::MAX_TITLES.saturating_add(1))
        .filter(|(_, (_, cells))| filled(cells) >= 2)
        .map(|(i, _)| i)
        .collect();
    let at = candidates
        .iter()
        .find(|&&i| is_header(&header_at(&rows, &merged, first_row, i).0))
        .copied()
        .or_else(|| most_filled(&rows, &candidates))
        .or_else(|| rows.iter().position(|(_, cells)| filled(cells) >= 2))
        .ok_or_else(|| IntakeError::Empty {
            source_name: source.to_owned(),
        })?;
    let (header, span) = header_at(&rows, &merged, first_row, at);
    let width = header
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |p| p + 1);
    let mut table = SheetTable {
        sheet: name,
        header: header.into_iter().take(width).collect(),
        header_rows: u32::try_from(span).unwrap_or(u32::MAX),
        title_rows: u32::try_from(at).unwrap_or(u32::MAX),
        merges_unread,
        ..SheetTable::default()
    };
    let last = at.saturating_add(span).saturating_sub(1);
    table.merged = fill_merged(&mut rows, &merged, last, (first_row, first_column));
    for (number, mut cells) in rows.into_iter().skip(at.saturating_add(span)) {
        if filled(&cells) == 0 {
            table.blank_rows = table.blank_rows.saturating_add(1);
            continue;
        }
        if let Some(p) = cells.iter().rposition(|c| !c.trim().is_empty())
            && p >= width
        {
            table
                .unread_cells
                .push((number, column_name(first_column, p)));
        }
        cells.resize(width, String::new());
        table.rows.push(cells);
        table.row_numbers.push(number);
    }
    let end = crate::intake::footer_start(&table.rows);
    if let Some(&first) = table.row_numbers.get(end) {
        // The sign-off's own cells right of the table are not a loss.
        table.unread_cells.retain(|(row, _)| *row < first);
    }
    table.footer_rows = u32::try_from(table.rows.len().saturating_sub(end)).unwrap_or(u32::MAX);
    table.rows.truncate(end);
    table.row_numbers.truncate(end);
    Ok(table)
}

/// The header that row `i` of `rows` starts, and how many rows it takes:
/// two where a cell of the row is merged down over the next one (a header
/// over two rows, such as 联系方式 over 联系电话 and 电子邮箱 beside 姓名
/// merged over both), each column then named by its lower cell where it
/// has one, else by its upper one; otherwise the row alone.
fn header_at(
    rows: &Rows,
    merged: &[calamine::Dimensions],
    first_row: u32,
    i: usize,
) -> (Vec<String>, usize) {
    let Some((_, top)) = rows.get(i) else {
        return (Vec::new(), 1);
    };
    let at = u64::from(first_row).saturating_add(i as u64);
    let over_two = merged
        .iter()
        .any(|a| u64::from(a.start.0) == at && u64::from(a.end.0) > at);
    match rows.get(i.saturating_add(1)) {
        Some((_, below)) if over_two && filled(below) > 0 => {
            let cells = top
                .iter()
                .zip(below)
                .map(|(upper, lower)| crate::intake::two_row_header_cell(upper, lower).to_owned())
                .collect();
            (cells, 2)
        }
        _ => (top.clone(), 1),
    }
}

/// Give every row of an area merged below the header (whose last row is
/// `header` of `rows`) the value of the area's first cell in the area's first column,
/// where a sheet shows it (a district or a unit merged over the rows of
/// its people): the cells filled, named as a spreadsheet names them
/// (`G5:G9`). `first` is the sheet's first row and column (0-based).
fn fill_merged(
    rows: &mut Rows,
    merged: &[calamine::Dimensions],
    header: usize,
    first: (u32, u32),
) -> Vec<String> {
    let index = |at: u32, from: u32| usize::try_from(at.checked_sub(from)?).ok();
    let mut areas = Vec::new();
    for area in merged {
        let ((top, left), (bottom, _)) = (area.start, area.end);
        let (Some(r0), Some(c0)) = (index(top, first.0), index(left, first.1)) else {
            continue;
        };
        if r0 <= header {
            continue;
        }
        let Some(value) = rows
            .get(r0)
            .and_then(|(_, cells)| cells.get(c0))
            .filter(|v| !v.trim().is_empty())
            .cloned()
        else {
            continue;
        };
        let Some(r1) = index(bottom, first.0) else {
            continue;
        };
        // Down the area's first column only: an area wider than a column
        // shows one value, which belongs to that column, not to the
        // fields of the columns it covers.
        let mut any = false;
        for (_, cells) in rows.iter_mut().take(r1.saturating_add(1)).skip(r0) {
            if let Some(cell) = cells.get_mut(c0)
                && cell.is_empty()
            {
                cell.clone_from(&value);
                any = true;
            }
        }
        if any {
            let column = column_name(left, 0);
            areas.push(format!(
                "{column}{}:{column}{}",
                u64::from(top) + 1,
                u64::from(bottom) + 1
            ));
        }
    }
    areas
}

/// The first of `candidates` with the most cells filled: the likeliest
/// header when none is recognised (a form's line above it has fewer).
fn most_filled(rows: &[(u32, Vec<String>)], candidates: &[usize]) -> Option<usize> {
    let filled_at = |i: usize| rows.get(i).map_or(0, |(_, cells)| filled(cells));
    candidates.iter().copied().reduce(|best, i| {
        if filled_at(i) > filled_at(best) {
            i
        } else {
            best
        }
    })
}

/// The spreadsheet name of the column at `offset` from `first` (0-based):
/// `A`, …, `Z`, `AA`, ….
fn column_name(first: u32, offset: usize) -> String {
    let mut n = u64::from(first).saturating_add(offset as u64);
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
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
    let table = read_sheet(bytes, source, sheet, |header| {
        crate::intake::names_columns(header, &opts.intake)
    })?;
    // The sheet's sign-off rows are left out already (`footer_rows`).
    let intake = crate::intake::read_table_to(
        &table.header,
        &table.rows,
        table.rows.len(),
        source,
        &opts.intake,
        plan.time_zone(),
    )?;
    let mut report = crate::screening::screen_intake(plan, intake, source, opts);
    report.encoding = format!("xlsx (sheet {})", table.sheet);
    let (place, place_zh) = (
        format!("sheet {}", table.sheet),
        format!("工作表 {}", table.sheet),
    );
    report
        .warnings
        .extend(crate::screening::skipped_rows_warning(
            &place,
            &place_zh,
            crate::screening::Skipped {
                titles: u64::from(table.title_rows),
                blanks: u64::from(table.blank_rows),
                footers: u64::from(table.footer_rows),
            },
        ));
    report
        .warnings
        .extend(crate::screening::unread_cells_warning(
            &place,
            &place_zh,
            &table.unread_cells,
        ));
    report
        .warnings
        .extend(crate::screening::merged_cells_warning(
            &place,
            &place_zh,
            &table.merged,
        ));
    report
        .warnings
        .extend(crate::screening::merges_unread_warning(
            &place,
            &place_zh,
            table.merges_unread.as_deref(),
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

#[cfg(test)]
mod tests {
    #[test]
    fn columns_are_named_as_a_spreadsheet_names_them() {
        let named: Vec<String> = [
            (0, 0),
            (0, 25),
            (0, 26),
            (0, 51),
            (0, 52),
            (2, 0),
            (0, 701),
            (0, 702),
        ]
        .iter()
        .map(|&(first, offset)| super::column_name(first, offset))
        .collect();
        assert_eq!(named, ["A", "Z", "AA", "AZ", "BA", "C", "ZZ", "AAA"]);
    }
}
