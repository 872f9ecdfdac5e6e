//! Any JSON Lines as ledger events, applied to the example plan's ledger.
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
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut ledger = openday::ledger::Ledger::new(plan(), openday::calendar::WorkCalendar::china());
    for line in text.lines() {
        if let Ok(event) = serde_json::from_str::<openday::ledger::LedgerEvent>(line) {
            let _ = ledger.apply(event);
        }
    }
    if let Some(at) = chrono::DateTime::from_timestamp(1_760_000_000, 0) {
        let _ = openday::ledger::LedgerReport::as_of(&ledger, at.fixed_offset(), 2).to_string();
    }
});
