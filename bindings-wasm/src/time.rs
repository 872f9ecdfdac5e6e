//! The one reading of an instant from JS: an ISO 8601 string with an offset
//! (`2025-09-24T16:15:00+08:00`) or a `Date`; anything else is a
//! `TypeError` that names the argument and shows the form wanted.

use chrono::{DateTime, FixedOffset};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::errors::value_error;

/// An instant from ISO 8601 text with an offset; `what` names the argument.
pub(crate) fn instant_text(text: &str, what: &str) -> Result<DateTime<FixedOffset>, JsValue> {
    DateTime::parse_from_rfc3339(text).map_err(|e| {
        value_error(&format!(
            "{what}: \"{text}\" is not an ISO 8601 instant with offset ({e}), e.g. 2025-09-24T16:15:00+08:00"
        ))
    })
}

/// An instant from an ISO 8601 string with offset or a `Date`.
pub(crate) fn instant(v: &JsValue, what: &str) -> Result<DateTime<FixedOffset>, JsValue> {
    match v.dyn_ref::<js_sys::Date>() {
        Some(d) => instant_text(&String::from(d.to_iso_string()), what),
        None => instant_text(
            &v.as_string().ok_or_else(|| {
                value_error(&format!(
                    "{what} must be an ISO 8601 string with offset or a Date"
                ))
            })?,
            what,
        ),
    }
}
