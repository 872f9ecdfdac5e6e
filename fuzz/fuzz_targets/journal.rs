//! Any bytes as an exported journal: imported (checksums checked), never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = openday::journal::from_json_lines::<openday::journal::Entry>(text, "fuzz.jsonl");
    }
});
