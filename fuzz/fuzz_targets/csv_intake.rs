//! Any bytes as a registrations table, screened against the example plan:
//! every row accounted for, never a panic.
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
    if let Ok(report) = openday::screening::screen_csv(plan(), data, "fuzz.csv", &opts) {
        let c = report.counts();
        assert_eq!(c.eligible + c.ineligible + c.invalid + c.duplicate, c.rows);
        let _ = report.to_string();
        let mut out = Vec::new();
        let _ = report.write_csv(&mut out, openday::mask::Masking::Masked);
    }
});
