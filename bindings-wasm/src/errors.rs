//! The one mapping of openday's errors to JS `Error`s: the core decides the
//! name (`openday::ErrorKind::name`), the code and the facts; this module
//! only builds the object.

use js_sys::{Array, Error, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::plan::problem_value;

fn build(name: &str, message: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let err = Error::new(message);
    err.set_name(name);
    let obj: &Object = err.as_ref();
    for (key, value) in fields {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(obj, &JsValue::from_str(key), value);
    }
    err.into()
}

fn opt_str(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_str)
}

fn opt_num(v: Option<u64>) -> JsValue {
    #[allow(clippy::cast_precision_loss)] // lines, columns and rows are far below 2^53
    v.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64))
}

/// Any openday error as a JS `Error` named after its kind, with `code`,
/// `messageZh` (the message in Chinese) and every fact (`file`, `line`,
/// `column`, `path`, `row`, `segment`, `point`, `duty`, `problems`,
/// `conflicts`, `relaxation`).
pub(crate) fn error(err: impl Into<openday::Error>) -> JsValue {
    let err: openday::Error = err.into();
    let f = err.facts();
    let problems: Array = f.problems.iter().map(problem_value).collect();
    build(
        err.kind().name(),
        &err.to_string(),
        &[
            ("code", JsValue::from_str(err.code())),
            ("file", opt_str(f.file)),
            ("line", opt_num(f.line)),
            ("column", opt_num(f.column)),
            ("path", opt_str(f.path)),
            ("row", opt_num(f.row)),
            ("segment", opt_str(f.segment)),
            ("point", opt_str(f.point)),
            ("duty", opt_str(f.duty)),
            ("problems", problems.into()),
            ("conflicts", crate::plan::to_js(f.conflicts)),
            ("relaxation", crate::plan::to_js(f.relaxation)),
            ("messageZh", JsValue::from_str(&err.message_zh())),
        ],
    )
}

/// A bad argument (an unknown option value, a wrong type), as a `TypeError`
/// with `code: "invalid_argument"`.
pub(crate) fn value_error(message: &str) -> JsValue {
    let err: JsValue = js_sys::TypeError::new(message).into();
    let _ = Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str("invalid_argument"),
    );
    err
}
