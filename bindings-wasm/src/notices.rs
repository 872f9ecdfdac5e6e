//! Public notices for JavaScript: objects with `kind`, `titleZh`,
//! `titleEn`, `markdownZh`, `markdownEn` and `html`.

use openday::notices::{self, ListedPerson, Notice};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::itinerary::Postponement;
use crate::plan::Plan;
use crate::screening::camel_js;
use crate::selection::from_js;

pub(crate) fn notice(n: &Notice) -> JsValue {
    let value = camel_js(n);
    let _ = js_sys::Reflect::set(&value, &JsValue::from_str("html"), &JsValue::from(n.html()));
    value
}

/// The registration notice (活动预告/报名公告) written from the plan.
#[wasm_bindgen(js_name = registrationNotice, unchecked_return_type = "Notice")]
pub fn registration_notice(plan: &Plan) -> JsValue {
    notice(&notices::registration_notice(plan.inner()))
}

/// The citizen's guide to registering as of `at` (ISO 8601 or a Date;
/// default now): the window, where registration stands, how to register,
/// what to have ready, how places are given; Chinese and English; and
/// `fields`, the self-check form this plan's rules need.
#[wasm_bindgen(js_name = registrationGuide, unchecked_return_type = "RegistrationGuide")]
pub fn registration_guide(
    plan: &Plan,
    #[wasm_bindgen(unchecked_optional_param_type = "string | Date")] at: &JsValue,
) -> Result<JsValue, JsValue> {
    let at = if at.is_undefined() || at.is_null() {
        crate::time::instant(&js_sys::Date::new_0().into(), "at")?
    } else {
        crate::time::instant(at, "at")?
    };
    Ok(camel_js(&openday::guide::registration_guide(
        plan.inner(),
        at,
    )))
}

#[derive(Deserialize)]
struct Person {
    name: String,
    #[serde(default)]
    district: Option<String>,
}

/// The list of those selected (名单公示): `people` are `{ name, district }`
/// (names masked in the notice whatever they are given as), with the
/// draw's `seed` and `commitment`.
#[wasm_bindgen(js_name = selectedList, unchecked_return_type = "Notice")]
pub fn selected_list(
    plan: &Plan,
    #[wasm_bindgen(unchecked_param_type = "{ name: string; district?: string | null }[]")]
    people: &JsValue,
    seed: &str,
    commitment: &str,
) -> Result<JsValue, JsValue> {
    let people: Vec<Person> = from_js(people, "people")?;
    let people: Vec<ListedPerson> = people
        .into_iter()
        .map(|p| ListedPerson {
            name: p.name,
            district: p.district,
        })
        .collect();
    Ok(notice(&notices::selected_list(
        plan.inner(),
        &people,
        seed,
        commitment,
    )))
}

/// The confirmation request and the reminder as text messages (`text`,
/// `chars`, `segments`); `confirmBy` is ISO 8601 with offset.
#[wasm_bindgen(js_name = textMessages, unchecked_return_type = "TextMessage[]")]
pub fn text_messages(plan: &Plan, confirm_by: &str) -> Result<JsValue, JsValue> {
    let by = crate::time::instant_text(confirm_by, "confirmBy")?
        .with_timezone(&plan.inner().time_zone());
    Ok(camel_js(&notices::text_messages(plan.inner(), by)))
}

/// The postponement notice from `plan.postpone(...)`.
#[wasm_bindgen(js_name = postponementNotice, unchecked_return_type = "Notice")]
pub fn postponement_notice(plan: &Plan, postponement: &Postponement) -> JsValue {
    notice(&notices::postponement_notice(plan.inner(), &postponement.0))
}

/// The post-event summary (活动总结) as of `asOf` (ISO 8601 with offset):
/// its figures with `markdown` and `html` (a printable page with SVG
/// charts). `roster.review(...)` gives the same with who came and the day
/// as planned against as it ran.
#[wasm_bindgen(unchecked_return_type = "Review")]
pub fn review(
    plan: &Plan,
    report: &crate::screening::ScreeningReport,
    draw: &crate::selection::Draw,
    ledger: &crate::ledger::Ledger,
    as_of: &str,
) -> Result<JsValue, JsValue> {
    review_with(plan, report, draw, ledger, as_of, (None, None))
}

/// The summary, with the attendance when a roster gives it.
pub(crate) fn review_with(
    plan: &Plan,
    report: &crate::screening::ScreeningReport,
    draw: &crate::selection::Draw,
    ledger: &crate::ledger::Ledger,
    as_of: &str,
    from_roster: (
        Option<&openday::confirmation::Attendance>,
        Option<&openday::itinerary::Replanned>,
    ),
) -> Result<JsValue, JsValue> {
    let at = crate::time::instant_text(as_of, "asOf")?;
    let r = openday::review::review(plan.inner(), &report.0, &draw.0, from_roster, &ledger.0, at);
    let value = camel_js(&r);
    let _ = js_sys::Reflect::set(
        &value,
        &JsValue::from_str("markdown"),
        &JsValue::from(r.markdown()),
    );
    let _ = js_sys::Reflect::set(&value, &JsValue::from_str("html"), &JsValue::from(r.html()));
    Ok(value)
}
