//! Any text as a working-day calendar file, then questions asked of it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(cal) = openday::calendar::WorkCalendar::from_json(text) {
            if let Some(d) = chrono::NaiveDate::from_ymd_opt(2025, 10, 1) {
                let _ = cal.is_working_day(d);
                let _ = cal.add_working_days(d, 30);
            }
        }
    }
});
