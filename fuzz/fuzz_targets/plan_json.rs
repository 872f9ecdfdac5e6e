//! Any text as a plan file: parsed, checked, laid out, summarised; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(plan) = openday::Plan::from_json(text) {
            let _ = plan.summary().to_string();
            let _ = openday::itinerary::transport(&plan);
            let _ = openday::itinerary::ical(&plan, plan.timetable(), chrono_now());
            let _ = openday::itinerary::run_sheets(&plan, plan.timetable());
        }
    }
});

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap_or_default()
}
