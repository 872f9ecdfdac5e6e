//! Any text as an ID number, phone, e-mail, date or civil capacity.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(id) = openday::normalize::id_number(text) {
            assert_eq!(id.canonical().len(), 18);
        }
        let _ = openday::normalize::phone(text);
        let _ = openday::normalize::email(text);
        let _ = openday::normalize::date(text);
        let _ = openday::normalize::civil_capacity(text);
        let _ = openday::mask::name(text);
        let _ = openday::mask::phone(text);
        let _ = openday::mask::email(text);
        let _ = openday::export::neutralise(text);
    }
});
