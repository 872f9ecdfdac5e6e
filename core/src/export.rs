//! The one CSV writer of every export (screening records, call sheets and
//! rosters, the ledger, run sheets): UTF-8 with a byte-order mark so Excel
//! opens Chinese text correctly, a header row from the record's fields, and
//! every cell that a spreadsheet would run as a formula neutralised.
//!
//! A cell is neutralised (OWASP "CSV injection") when it starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return and is not a plain number: it
//! gets a leading `'`, which spreadsheets show as text and do not evaluate.
//!
//! ```
//! #[derive(serde::Serialize)]
//! struct Row { name: &'static str, minutes: i64 }
//! let csv = openday::export::csv_string(&[Row { name: "=HYPERLINK(\"x\")", minutes: -15 }]).unwrap();
//! assert_eq!(csv, "\u{feff}name,minutes\n\"'=HYPERLINK(\"\"x\"\")\",-15\n");
//! ```

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

/// A cell as written: with a leading `'` when a spreadsheet would read it
/// as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// An export that could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A record could not be flattened into cells, or the output failed.
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook could not be written.
    #[error("cannot write the Excel export: {0}")]
    Xlsx(String),
}

impl ExportError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Csv(_) => "csv",
            Self::Xlsx(_) => "xlsx",
        }
    }
}

/// A table of cells: the header (the record's field names) and one row of
/// cells per record, as every export writes it. The one flattening of
/// records into cells, shared by the CSV and Excel writers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Field names, in order.
    pub header: Vec<String>,
    /// One row per record, one cell per field (not yet neutralised).
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Flatten `rows` (any `Serialize` record with plain fields).
    pub fn of<T: Serialize>(rows: impl IntoIterator<Item = T>) -> Result<Self, csv::Error> {
        let mut table = Self::default();
        flatten(rows, BATCH, |record, header| {
            let cells: Vec<String> = record.iter().map(str::to_owned).collect();
            if header {
                table.header = cells;
            } else {
                table.rows.push(cells);
            }
            Ok(())
        })?;
        Ok(table)
    }
}

/// Records flattened at a time: a CSV writer and reader are built per
/// batch, not per record (built per record, they tripled the time of
/// writing a screening report).
const BATCH: usize = 4096;

/// The one flattening of records into cells: `batch` records at a time
/// are serialised as CSV (the header, from the field names, before the
/// first) and read back; `each` is given every record read, and whether
/// it is the header (the first).
fn flatten<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    batch: usize,
    mut each: impl FnMut(&csv::StringRecord, bool) -> Result<(), csv::Error>,
) -> Result<(), csv::Error> {
    let (mut first, mut record) = (true, csv::StringRecord::new());
    let mut read = |mut buf: Vec<u8>| -> Result<Vec<u8>, csv::Error> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(buf.as_slice());
        while r.read_record(&mut record)? {
            each(&record, std::mem::take(&mut first))?;
        }
        drop(r);
        buf.clear();
        Ok(buf)
    };
    let writer = |buf: Vec<u8>, header: bool| {
        csv::WriterBuilder::new()
            .has_headers(header)
            .from_writer(buf)
    };
    let into_bytes =
        |w: csv::Writer<Vec<u8>>| w.into_inner().map_err(|e| csv::Error::from(e.into_error()));
    let mut flat = writer(Vec::new(), true);
    let mut held = 0;
    for row in rows {
        flat.serialize(row)?;
        held += 1;
        if held >= batch {
            flat = writer(read(into_bytes(flat)?)?, false);
            held = 0;
        }
    }
    read(into_bytes(flat)?)?;
    Ok(())
}

impl Table {
    /// A table of records given as `(column, cell)` pairs (dicts from a
    /// binding): the header is every column in order of first appearance,
    /// a record without a column has an empty cell there.
    pub fn from_pairs(records: &[Vec<(String, String)>]) -> Self {
        let mut header: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (column, _) in records.iter().flatten() {
            if !index.contains_key(column) {
                index.insert(column.clone(), header.len());
                header.push(column.clone());
            }
        }
        let rows = records
            .iter()
            .map(|record| {
                let mut row = vec![String::new(); header.len()];
                for (column, cell) in record {
                    if let Some(&i) = index.get(column) {
                        row[i].clone_from(cell);
                    }
                }
                row
            })
            .collect();
        Self { header, rows }
    }
}

/// The cell [`neutralise`] was given: a leading `'` before `=`, `+`, `-`,
/// `@`, a tab or a carriage return is taken off, so that openday's own
/// exports read back as they were written (intake calls this on every
/// cell). Any other cell is returned as it is.
///
/// ```
/// use openday::export::{neutralise, unneutralise};
/// for cell in ["+86 138 0013 8000", "=1+1", "-", "'quoted'", "张三", "-15"] {
///     assert_eq!(unneutralise(&neutralise(cell)), cell);
/// }
/// ```
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if rest
                .chars()
                .next()
                .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')) =>
        {
            rest
        }
        _ => cell,
    }
}

/// Write `rows` as CSV with a header to `out` (BOM first).
///
/// Streamed: records are flattened and written 4,096 at a time, so
/// writing a million rows holds one batch's cells, not a table of them (a
/// screening report of 1,000,000 rows was written at a peak of 1.38 GB
/// through a [`Table`]). The bytes are those of [`write_table_csv`] on
/// [`Table::of`] the same rows.
pub fn write_csv<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    out: impl Write,
) -> Result<(), csv::Error> {
    write_csv_in_batches(rows, out, BATCH)
}

/// [`write_csv`], flattening `batch` records at a time.
fn write_csv_in_batches<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    mut out: impl Write,
    batch: usize,
) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    flatten(rows, batch, |record, header| {
        if header {
            write_header(&mut w, record)
        } else {
            write_row(&mut w, record)
        }
    })?;
    w.flush()?;
    Ok(())
}

/// The header row, unless empty: from field names, safe as it is.
fn write_header<W: Write, C: AsRef<[u8]>>(
    w: &mut csv::Writer<W>,
    header: impl IntoIterator<Item = C>,
) -> Result<(), csv::Error> {
    let mut header = header.into_iter().peekable();
    if header.peek().is_some() {
        w.write_record(header)?;
    }
    Ok(())
}

/// One row, every cell neutralised.
fn write_row<W: Write, C: AsRef<str>>(
    w: &mut csv::Writer<W>,
    row: impl IntoIterator<Item = C>,
) -> Result<(), csv::Error> {
    for cell in row {
        w.write_field(neutralise(cell.as_ref()).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

/// Write a [`Table`] as CSV (BOM first, header, cells neutralised).
pub fn write_table_csv(table: &Table, mut out: impl Write) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    write_header(&mut w, &table.header)?;
    for row in &table.rows {
        write_row(&mut w, row)?;
    }
    w.flush()?;
    Ok(())
}

/// [`write_csv`] into a string.
pub fn csv_string<T: Serialize>(rows: impl IntoIterator<Item = T>) -> Result<String, csv::Error> {
    let mut out = Vec::new();
    write_csv(rows, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Write rows of plain cells (a header first) as CSV to a string, every cell
/// neutralised, without a BOM (for a part of a larger file).
pub fn cells_string<I, R>(rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        // Writing to memory cannot fail.
        let _ = w.write_record(&cells);
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        for (cell, out) in [
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-", "'-"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("-15", "-15"),
            ("+3.5", "+3.5"),
            ("张三", "张三"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
        }
    }

    #[derive(Serialize)]
    struct Row {
        name: String,
        note: Option<String>,
        count: u32,
    }

    /// The flattening as it was, all records in one buffer: what the
    /// batches must give.
    fn whole_table(rows: &[Row]) -> Table {
        let mut w = csv::Writer::from_writer(Vec::new());
        for row in rows {
            w.serialize(row).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let mut table = Table::default();
        for (i, record) in r.records().enumerate() {
            let cells: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
            if i == 0 {
                table.header = cells;
            } else {
                table.rows.push(cells);
            }
        }
        table
    }

    proptest::proptest! {
        /// Streaming a CSV writes the bytes a whole table would: quotes,
        /// line breaks, formulas, empty and absent cells, no rows at all.
        #[test]
        fn a_streamed_csv_is_the_whole_tables_bytes(
            rows in proptest::collection::vec(
                ("[=+@a-z张三\"\n\r, -]{0,8}", proptest::option::of("[=a-z\"\n,]{0,5}"), 0u32..100),
                0..20,
            ),
            batch in 1usize..6,
        ) {
            let rows: Vec<Row> = rows
                .into_iter()
                .map(|(name, note, count)| Row { name, note, count })
                .collect();
            let (mut streamed, mut whole) = (Vec::new(), Vec::new());
            write_csv_in_batches(&rows, &mut streamed, batch).unwrap();
            write_table_csv(&whole_table(&rows), &mut whole).unwrap();
            proptest::prop_assert_eq!(streamed, whole);
            proptest::prop_assert_eq!(Table::of(&rows).unwrap(), whole_table(&rows));
        }
    }
}
