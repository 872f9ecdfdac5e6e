//! Exports as files: any records as CSV or as an Excel workbook, through the
//! core's one writer ([`openday::export`], [`openday::xlsx`]): a header from
//! the keys, every cell text, formula-like cells neutralised.

use js_sys::Array;
use openday::export::{ExportError, Table};
use wasm_bindgen::prelude::*;

use crate::errors::error;
use crate::screening::pairs;

/// A table's bytes as an Excel workbook with one sheet.
pub(crate) fn xlsx_bytes(table: &Table, sheet: &str) -> Result<Vec<u8>, JsValue> {
    openday::xlsx::write_table_xlsx(table, sheet).map_err(error)
}

/// Records (objects) flattened as every export flattens them.
pub(crate) fn table_of<T: serde::Serialize>(
    rows: impl IntoIterator<Item = T>,
) -> Result<Table, JsValue> {
    Table::of(rows).map_err(|e| error(ExportError::from(e)))
}

/// Records (objects whose keys are column headers) as CSV text: a byte-order
/// mark for Excel, the header is every key in order of first appearance,
/// cells that a spreadsheet would run as formulas neutralised.
#[wasm_bindgen(js_name = writeCsv)]
pub fn write_csv(
    #[wasm_bindgen(
        unchecked_param_type = "Record<string, string | number | boolean | Date | null | undefined>[]"
    )]
    records: &Array,
) -> Result<String, JsValue> {
    let mut out = Vec::new();
    openday::export::write_table_csv(&Table::from_pairs(&pairs(records)?), &mut out)
        .map_err(|e| error(ExportError::from(e)))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Records as an Excel workbook (`.xlsx` bytes) with one sheet named
/// `sheet` (default "openday"): every cell text, formula cells
/// neutralised, a bold frozen header with a filter.
#[wasm_bindgen(js_name = writeXlsx)]
#[allow(clippy::needless_pass_by_value)] // wasm-bindgen gives an owned string
pub fn write_xlsx(
    #[wasm_bindgen(
        unchecked_param_type = "Record<string, string | number | boolean | Date | null | undefined>[]"
    )]
    records: &Array,
    sheet: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    xlsx_bytes(
        &Table::from_pairs(&pairs(records)?),
        sheet.as_deref().unwrap_or("openday"),
    )
}
