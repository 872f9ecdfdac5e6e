//! Any bytes as an Excel workbook (a ZIP container of XML parts, or an old
//! `.xls`), read and screened against the example plan: an error or a
//! report with every row accounted for, never a panic. The seed corpus is
//! openday's own exports, so mutations reach the XML inside the ZIP.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn plan() -> &'static openday::Plan {
    static PLAN: OnceLock<openday::Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).expect("the example plan")
    })
}

fuzz_target!(|data: &[u8]| {
    let opts = openday::screening::ScreeningOptions::default();
    if let Ok(table) = openday::xlsx::read_workbook(data, "fuzz.xlsx", None) {
        assert_eq!(table.rows.len(), table.row_numbers.len());
        assert!(table.rows.iter().all(|r| r.len() == table.header.len()));
    }
    if let Ok(report) = openday::xlsx::screen_xlsx(plan(), data, "fuzz.xlsx", None, &opts) {
        let c = report.counts();
        assert_eq!(c.eligible + c.ineligible + c.invalid + c.duplicate, c.rows);
    }
});
