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

/// Write `rows` as CSV with a header to `out` (BOM first).
pub fn write_csv<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    mut out: impl Write,
) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    // Serialise each record once into memory, then write its cells
    // neutralised (the header row, from field names, is safe as it is).
    let mut header_done = false;
    for row in rows {
        let mut one = csv::Writer::from_writer(Vec::new());
        one.serialize(row)?;
        let bytes = one
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        for (i, record) in r.records().enumerate() {
            let record = record?;
            if i == 0 {
                if !header_done {
                    w.write_record(&record)?;
                    header_done = true;
                }
                continue;
            }
            w.write_record(record.iter().map(neutralise).map(Cow::into_owned))?;
        }
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
}
