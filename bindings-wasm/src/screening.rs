//! Screening registrations in JavaScript: CSV text or bytes, arrays of
//! objects, or one person for a self-check page. Nothing leaves the page.

use js_sys::{Array, Object, Reflect, Uint8Array};
use openday::mask::Masking;
use openday::screening::{ScreeningOptions, ScreeningReport as CoreReport};
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::errors::value_error;
use crate::plan::{Plan, to_js};

/// Fields whose value is a map keyed by data (status codes, fact names,
/// attribute names, quota values): their own keys stay as the core writes
/// them, in every report and journal alike, as in Python.
const DATA_MAPS: [&str; 10] = [
    "by_channel",
    "opinions_by_category",
    "ledger_counts",
    "by_status",
    "counts",
    "facts",
    "attributes",
    "quotas",
    "by_unit",
    "by_person",
];

/// snake_case → camelCase for a field name.
fn camel_key(k: &str) -> String {
    let mut out = String::with_capacity(k.len());
    let mut upper = false;
    for c in k.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// snake_case → camelCase for every field name of a JSON value; the keys
/// of data maps ([`DATA_MAPS`]) are left as they are.
fn camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Object(inner) if DATA_MAPS.contains(&k.as_str()) => Value::Object(
                            inner.into_iter().map(|(dk, dv)| (dk, camel(dv))).collect(),
                        ),
                        other => camel(other),
                    };
                    (camel_key(&k), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel).collect()),
        other => other,
    }
}

/// camelCase → snake_case for every object key of a JSON value.
fn snake(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut out = String::with_capacity(k.len() + 4);
                    for c in k.chars() {
                        if c.is_ascii_uppercase() {
                            out.push('_');
                            out.push(c.to_ascii_lowercase());
                        } else {
                            out.push(c);
                        }
                    }
                    (out, snake(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake).collect()),
        other => other,
    }
}

pub(crate) fn camel_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_value(value).map_or(JsValue::NULL, |v| to_js(&camel(v)))
}

/// Options from a JS object (camelCase keys) through the core's serde form;
/// `columns` keys are field names and keep their case.
fn options(js: Option<Object>) -> Result<ScreeningOptions, JsValue> {
    let Some(js) = js else {
        return Ok(ScreeningOptions::default());
    };
    // The pseudonym key (a string or a Uint8Array) is taken out first: it
    // is a secret, not part of the serialisable options.
    let key = js_sys::Reflect::get(&js, &JsValue::from_str("pseudonymKey"))?;
    let js = Object::assign(&Object::new(), &js);
    js_sys::Reflect::delete_property(&js, &JsValue::from_str("pseudonymKey"))?;
    let pseudonym_key = if key.is_undefined() || key.is_null() {
        None
    } else if let Some(text) = key.as_string() {
        Some(openday::selection::PseudonymKey::new(text))
    } else if key.is_instance_of::<js_sys::Uint8Array>() {
        Some(openday::selection::PseudonymKey::new(
            js_sys::Uint8Array::new(&key).to_vec(),
        ))
    } else {
        return Err(value_error("pseudonymKey must be a string or a Uint8Array"));
    };
    let mut opts = options_of(js)?;
    opts.pseudonym_key = pseudonym_key;
    Ok(opts)
}

fn options_of(js: Object) -> Result<ScreeningOptions, JsValue> {
    let value: Value = serde_wasm_bindgen::from_value(js.into())
        .map_err(|e| value_error(&format!("screening options: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err(value_error("screening options must be an object"));
    };
    let columns = map.remove("columns");
    let mut intake = serde_json::Map::new();
    for key in ["encoding", "delimiter", "defaultChannel"] {
        if let Some(v) = map.remove(key) {
            intake.insert(key.to_owned(), v);
        }
    }
    let mut intake = snake(Value::Object(intake));
    if let (Some(cols), Value::Object(m)) = (columns, &mut intake) {
        m.insert("columns".into(), cols);
    }
    let mut out = snake(Value::Object(map));
    if let Value::Object(m) = &mut out {
        m.insert("intake".into(), intake);
    }
    serde_json::from_value(out).map_err(|e| value_error(&format!("invalid screening option: {e}")))
}

/// A JS value as a table cell: strings as they are, numbers, booleans,
/// `Date`s as ISO 8601 (UTC), `null`/`undefined` as empty.
fn cell(v: &JsValue) -> String {
    if v.is_null() || v.is_undefined() {
        String::new()
    } else if let Some(s) = v.as_string() {
        s
    } else if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        d.to_iso_string().into()
    } else if let Some(b) = v.as_bool() {
        if b { "true".into() } else { "false".into() }
    } else if let Some(n) = v.as_f64() {
        if n.is_nan() {
            String::new()
        } else {
            n.to_string()
        }
    } else {
        js_sys::JSON::stringify(v)
            .map(String::from)
            .unwrap_or_default()
    }
}

/// Objects as `(column, value)` pairs, values turned into cells.
pub(crate) fn pairs(records: &Array) -> Result<Vec<Vec<(String, String)>>, JsValue> {
    records
        .iter()
        .map(|item| {
            let obj = item
                .dyn_into::<Object>()
                .map_err(|_| value_error("records must be objects"))?;
            Ok(Object::keys(&obj)
                .iter()
                .map(|key| {
                    let value = Reflect::get(&obj, &key).unwrap_or(JsValue::UNDEFINED);
                    (key.as_string().unwrap_or_default(), cell(&value))
                })
                .collect())
        })
        .collect()
}

/// The result of screening: every row in exactly one bucket.
#[wasm_bindgen]
pub struct ScreeningReport(pub(crate) CoreReport);

impl From<CoreReport> for ScreeningReport {
    fn from(r: CoreReport) -> Self {
        Self(r)
    }
}

impl From<ScreeningReport> for CoreReport {
    fn from(r: ScreeningReport) -> Self {
        r.0
    }
}

fn masking(unmasked: Option<bool>) -> Masking {
    if unmasked == Some(true) {
        Masking::Unmasked
    } else {
        Masking::Masked
    }
}

impl ScreeningReport {
    pub(crate) fn inner(&self) -> &CoreReport {
        &self.0
    }
}

#[wasm_bindgen]
impl ScreeningReport {
    /// Name of the input.
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.0.source.clone()
    }

    /// Encoding found (`UTF-8`, `GB18030`, `UTF-16LE`, `windows-1252`, `records`).
    #[wasm_bindgen(getter)]
    pub fn encoding(&self) -> String {
        self.0.encoding.clone()
    }

    /// What this screening could not check or wants noticed (the plan's
    /// warnings, rules left unchecked): shown with the results, blocking nothing.
    #[wasm_bindgen(getter, unchecked_return_type = "Problem[]")]
    pub fn warnings(&self) -> JsValue {
        let list = js_sys::Array::new();
        for p in &self.0.warnings {
            list.push(&crate::plan::problem_value(p));
        }
        list.into()
    }

    /// How each column was understood: `[header, usedAs]` pairs.
    #[wasm_bindgen(unchecked_return_type = "[string, string][]")]
    pub fn columns(&self) -> JsValue {
        let pairs: Vec<(&str, &str)> = self
            .0
            .columns
            .iter()
            .map(|c| (c.header.as_str(), c.used_as.as_str()))
            .collect();
        to_js(&pairs)
    }

    /// Number of rows read.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.len()
    }

    /// Rows per bucket.
    #[wasm_bindgen(unchecked_return_type = "BucketCounts")]
    pub fn counts(&self) -> JsValue {
        camel_js(&self.0.counts())
    }

    /// Reason codes with their row counts, most frequent first.
    #[wasm_bindgen(unchecked_return_type = "[string, number][]")]
    pub fn reasons(&self) -> JsValue {
        camel_js(&self.0.reasons())
    }

    /// Every row as a plain object; personal data masked unless `unmasked`.
    #[wasm_bindgen(unchecked_return_type = "ScreenedRecord[]")]
    pub fn records(&self, unmasked: Option<bool>) -> JsValue {
        camel_js(&self.0.records(masking(unmasked)))
    }

    /// Why row `row` (1-based) ended where it did.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn explain(&self, row: u32) -> Result<JsValue, JsValue> {
        let outcome = (row as usize)
            .checked_sub(1)
            .and_then(|i| self.0.outcome(i))
            .ok_or_else(|| value_error(&format!("no row {row}; rows are 1 to {}", self.0.len())))?;
        Ok(camel_js(outcome))
    }

    /// The records as CSV text (with BOM for Excel); masked unless `unmasked`.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self, unmasked: Option<bool>) -> Result<String, JsValue> {
        let mut out = Vec::new();
        self.0
            .write_csv(&mut out, masking(unmasked))
            .map_err(|e| value_error(&e.to_string()))?;
        String::from_utf8(out).map_err(|e| value_error(&e.to_string()))
    }

    /// Every record as an Excel workbook (`.xlsx` bytes, sheet 筛选结果):
    /// the same header and cells as `toCsv`; masked unless `unmasked`.
    #[wasm_bindgen(js_name = toXlsx)]
    pub fn to_xlsx(&self, unmasked: Option<bool>) -> Result<Vec<u8>, JsValue> {
        let table = crate::export::table_of(self.0.records(masking(unmasked)))?;
        crate::export::xlsx_bytes(&table, "筛选结果")
    }

    /// The report as text.
    pub fn summary(&self) -> String {
        self.0.to_string()
    }
}

/// Screen a registrations table given as text or bytes (`Uint8Array`): a
/// CSV in UTF-8, GBK or UTF-16, or an Excel workbook (`.xlsx`, `.xls`,
/// `.ods`; the first sheet, title rows above the header skipped). Throws a
/// `RegistrationsError`.
#[wasm_bindgen(js_name = screenCsv)]
pub fn screen_csv(
    plan: &Plan,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ScreeningOptions")] options: Option<Object>,
) -> Result<ScreeningReport, JsValue> {
    let opts = self::options(options)?;
    let bytes = match data.as_string() {
        Some(text) => text.into_bytes(),
        None => data
            .dyn_into::<Uint8Array>()
            .map_err(|_| value_error("screenCsv takes the table as a string or a Uint8Array"))?
            .to_vec(),
    };
    let name = "<data>";
    openday::screening::screen_csv(plan.inner(), &bytes, name, &opts)
        .map(ScreeningReport)
        .map_err(crate::errors::error)
}

/// Screen an array of objects whose keys are column headers (姓名 or name, ...).
/// A form's sign-off records ending the array (`填表人：…`, `审核人：…`,
/// `填报日期：…`, a `合计` totals record, blank ones among them; the last
/// 20 at most) are not screened: the report's `skipped_rows` warning
/// names them by row.
#[wasm_bindgen(js_name = screenRecords)]
pub fn screen_records(
    plan: &Plan,
    #[wasm_bindgen(
        unchecked_param_type = "Record<string, string | number | boolean | Date | null | undefined>[]"
    )]
    records: &Array,
    #[wasm_bindgen(unchecked_optional_param_type = "ScreeningOptions")] options: Option<Object>,
) -> Result<ScreeningReport, JsValue> {
    let opts = self::options(options)?;
    openday::screening::screen_records(plan.inner(), &pairs(records)?, &opts)
        .map(ScreeningReport)
        .map_err(crate::errors::error)
}

/// Check one person (an object like one record of `screenRecords`):
/// `{ eligible, bucket, failures | errors, citizen }`, with messages in
/// Chinese and English; `citizen` words every reason for the person
/// checking their own answers (the self-check page shows it).
#[wasm_bindgen(js_name = checkRegistrant, unchecked_return_type = "Outcome & { eligible: boolean; citizen: { code: string; zh: string; en: string }[] }")]
pub fn check_registrant(
    plan: &Plan,
    record: &Object,
    #[wasm_bindgen(unchecked_optional_param_type = "ScreeningOptions")] options: Option<Object>,
) -> Result<JsValue, JsValue> {
    let opts = self::options(options)?;
    let record = pairs(&Array::of1(record))?.pop().unwrap_or_default();
    let pairs: Vec<(&str, &str)> = record
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let row = openday::screening::check_registrant(plan.inner(), &pairs, &opts)
        .map_err(crate::errors::error)?;
    let mut value = serde_json::to_value(&row.outcome).map_err(|e| value_error(&e.to_string()))?;
    if let Value::Object(m) = &mut value {
        m.insert(
            "eligible".into(),
            Value::Bool(matches!(row.outcome, openday::screening::Outcome::Eligible)),
        );
        m.insert(
            "citizen".into(),
            serde_json::to_value(row.outcome.for_citizen())
                .map_err(|e| value_error(&e.to_string()))?,
        );
    }
    Ok(to_js(&camel(value)))
}
