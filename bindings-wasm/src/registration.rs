//! Registrations tables for JavaScript.

use std::collections::BTreeMap;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::plan::{Plan, to_js};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsTally<'a> {
    rows: u64,
    by_channel: BTreeMap<&'static str, u64>,
    unrecognised_rows: &'a [u64],
}

/// The embedded example registrations (500 synthetic rows, UTF-8 CSV).
#[wasm_bindgen(js_name = exampleRegistrationsCsv)]
pub fn example_registrations_csv() -> String {
    openday::examples::GUYUAN_2025_REGISTRATIONS.to_owned()
}

/// Synthetic registrations for `plan` as CSV text, deterministic from `seed`
/// (a BigInt or a safe integer).
#[wasm_bindgen(js_name = syntheticRegistrationsCsv)]
pub fn synthetic_registrations_csv(plan: &Plan, rows: usize, seed: u64) -> Result<String, JsValue> {
    let opts = openday::synthetic::SyntheticOptions::for_plan(plan.inner(), rows, seed);
    let mut out = Vec::new();
    openday::synthetic::write_registrations_csv(&opts, &mut out)
        .map_err(|e| js_sys::Error::new(&e.to_string()))?;
    String::from_utf8(out).map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// Count a registrations CSV (text) by channel; every row is counted once.
#[wasm_bindgen(js_name = tallyChannels, unchecked_return_type = "ChannelTally")]
pub fn tally_channels(csv: &str, source_name: Option<String>) -> Result<JsValue, JsValue> {
    let name = source_name.unwrap_or_else(|| "<memory>".to_owned());
    let tally = openday::registration::ChannelTally::from_csv(csv.as_bytes(), &name)
        .map_err(crate::errors::error)?;
    Ok(to_js(&JsTally {
        rows: tally.rows,
        by_channel: tally
            .by_channel
            .iter()
            .map(|(k, v)| (k.code(), *v))
            .collect(),
        unrecognised_rows: &tally.unrecognised_rows,
    }))
}
