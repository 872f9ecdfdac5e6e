//! `ics`, `run-sheets` and `timeline`: the day's exports.

use std::path::Path;

use serde_json::json;

use super::draw::load_plan;
use super::output::{Failure, Format, Out, format_of, write, write_table};
use crate::export::Table;
use crate::itinerary as day;

/// Write `text` to `path`, or print it (as text, or inside the JSON).
fn emit(out: &Out, path: Option<&Path>, text: &str, kind: &str) -> Result<(), Failure> {
    if let Some(path) = path {
        write(path, text.as_bytes())?;
        out.document(&json!({ "kind": kind, "out": path.display().to_string() }));
    } else {
        out.document(&json!({ "kind": kind, "content": text }));
        out.text(text);
    }
    Ok(())
}

pub(super) fn ics(out: &mut Out, plan: &Path, file: Option<&Path>) -> Result<(), Failure> {
    let plan = load_plan(out, plan)?;
    let text = day::ical(&plan, plan.timetable(), chrono::Utc::now());
    emit(out, file, &text, "ics")
}

pub(super) fn timeline(out: &mut Out, plan: &Path, file: Option<&Path>) -> Result<(), Failure> {
    let plan = load_plan(out, plan)?;
    let svg = day::timeline_svg(&plan, plan.timetable(), None);
    emit(out, file, &svg, "svg")
}

pub(super) fn run_sheets(out: &mut Out, plan: &Path, file: Option<&Path>) -> Result<(), Failure> {
    let plan = load_plan(out, plan)?;
    let sheets = day::run_sheets(&plan, plan.timetable());
    if let Some((path, Format::Csv | Format::Xlsx)) = file.map(|p| (p, format_of(p))) {
        {
            // Every unit's rows in one table (the unit is the first column).
            let mut table = Table::default();
            for sheet in &sheets {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(sheet.csv.as_bytes());
                for (i, record) in r.records().enumerate() {
                    let cells: Vec<String> = record
                        .map_err(|e| Failure::Input(e.to_string()))?
                        .iter()
                        .map(str::to_owned)
                        .collect();
                    if i == 0 {
                        if table.header.is_empty() {
                            table.header = cells;
                        }
                    } else {
                        table.rows.push(cells);
                    }
                }
            }
            write_table(path, &table, "工作安排")?;
            out.document(&json!({ "kind": "run_sheets", "units": sheets.len(), "out": path.display().to_string() }));
            Ok(())
        }
    } else {
        let text: Vec<&str> = sheets.iter().map(|s| s.markdown.as_str()).collect();
        emit(out, file, &text.join("\n"), "run_sheets")
    }
}
