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
        let mut w = csv::WriterBuilder::new()
            .has_headers(true)
            .from_writer(Vec::new());
        for row in rows {
            w.serialize(row)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let mut table = Self::default();
        for (i, record) in r.records().enumerate() {
            let cells: Vec<String> = record?.iter().map(str::to_owned).collect();
            if i == 0 {
                table.header = cells;
            } else {
                table.rows.push(cells);
            }
        }
        Ok(table)
    }
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
    // Records flattened at a time: a writer and a reader are built per
    // batch, not per record (building them per record tripled the time).
    write_csv_in_batches(rows, out, 4096)
}

/// [`write_csv`], flattening `batch` records at a time.
fn write_csv_in_batches<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    mut out: impl Write,
    batch: usize,
) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    // A batch at a time through the same flattening as `Table::of`:
    // serialised (the header before the first record), then read back as
    // cells, the first record read being the header.
    let mut cells = Cells {
        first: true,
        record: csv::StringRecord::new(),
    };
    let writer = |buf: Vec<u8>, header: bool| {
        csv::WriterBuilder::new()
            .has_headers(header)
            .from_writer(buf)
    };
    let mut flat = writer(Vec::new(), true);
    let mut held = 0;
    for row in rows {
        flat.serialize(row)?;
        held += 1;
        if held >= batch {
            let buf = flat
                .into_inner()
                .map_err(|e| csv::Error::from(e.into_error()))?;
            flat = writer(cells.write(buf, &mut w)?, false);
            held = 0;
        }
    }
    let buf = flat
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    cells.write(buf, &mut w)?;
    w.flush()?;
    Ok(())
}

/// What [`write_csv`] carries from one batch to the next.
struct Cells {
    /// Whether the next record read is the header.
    first: bool,
    record: csv::StringRecord,
}

impl Cells {
    /// Writes the records serialised in `buf` to `w` (the header as it is,
    /// every other cell neutralised) and gives `buf` back, emptied.
    fn write<W: Write>(
        &mut self,
        mut buf: Vec<u8>,
        w: &mut csv::Writer<W>,
    ) -> Result<Vec<u8>, csv::Error> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(buf.as_slice());
        while r.read_record(&mut self.record)? {
            if self.first {
                // The header row, from field names, is safe as it is.
                self.first = false;
                if !self.record.is_empty() {
                    w.write_record(&self.record)?;
                }
                continue;
            }
            for cell in &self.record {
                w.write_field(neutralise(cell).as_bytes())?;
            }
            w.write_record(None::<&[u8]>)?;
        }
        buf.clear();
        Ok(buf)
    }
}

/// Write a [`Table`] as CSV (BOM first, header, cells neutralised).
pub fn write_table_csv(table: &Table, mut out: impl Write) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    if !table.header.is_empty() {
        // The header row, from field names, is safe as it is.
        w.write_record(&table.header)?;
    }
    for row in &table.rows {
        for cell in row {
            w.write_field(neutralise(cell).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
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
            write_table_csv(&Table::of(&rows).unwrap(), &mut whole).unwrap();
            proptest::prop_assert_eq!(streamed, whole);
        }
    }
}
