//! Re-planning, postponement, transport and exports for JavaScript.

use chrono::{NaiveDate, NaiveTime, Utc};
use js_sys::{Array, Reflect};
use openday::itinerary::{ActualTimes, Postponement as CorePostponement};
use wasm_bindgen::prelude::*;

use crate::errors::value_error;
use crate::plan::{Plan, segments_js, to_js};
use crate::time::instant;

pub(crate) fn actual_times(item: &JsValue) -> Result<ActualTimes, JsValue> {
    let get = |k: &str| Reflect::get(item, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let segment = get("segment")
        .as_string()
        .ok_or_else(|| value_error("actual times need a segment id"))?;
    let started = get("startedAt");
    Ok(ActualTimes {
        segment,
        started_at: if started.is_undefined() || started.is_null() {
            None
        } else {
            Some(instant(&started, "startedAt")?)
        },
        ended_at: instant(&get("endedAt"), "endedAt")?,
    })
}

fn actuals(list: &Array) -> Result<Vec<ActualTimes>, JsValue> {
    list.iter().map(|item| actual_times(&item)).collect()
}

/// A re-planned day as JS: `{ timetable, changes, newEnd, windowHolds,
/// overrunMinutes }`.
pub(crate) fn replanned_js(r: &openday::itinerary::Replanned) -> Result<JsValue, JsValue> {
    let obj = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&obj, &JsValue::from_str(k), v);
    set("timetable", &segments_js(&r.timetable))?;
    set("changes", &crate::screening::camel_js(&r.changes))?;
    set("newEnd", &JsValue::from_str(&r.new_end.to_rfc3339()))?;
    set("windowHolds", &JsValue::from_bool(r.window_holds))?;
    #[allow(clippy::cast_precision_loss)]
    set(
        "overrunMinutes",
        &JsValue::from_f64(r.overrun_minutes as f64),
    )?;
    Ok(obj.into())
}

/// A postponed day: the moved plan and the change set.
#[wasm_bindgen]
pub struct Postponement(pub(crate) CorePostponement);

impl From<CorePostponement> for Postponement {
    fn from(p: CorePostponement) -> Self {
        Self(p)
    }
}

impl From<Postponement> for CorePostponement {
    fn from(p: Postponement) -> Self {
        p.0
    }
}

#[wasm_bindgen]
impl Postponement {
    /// The moved plan.
    #[wasm_bindgen(getter)]
    pub fn plan(&self) -> Plan {
        Plan::from(self.0.plan.clone())
    }

    /// The original start, ISO 8601.
    #[wasm_bindgen(getter, js_name = originalStart)]
    pub fn original_start(&self) -> String {
        self.0.original_start.to_rfc3339()
    }

    /// The new start, ISO 8601.
    #[wasm_bindgen(getter, js_name = newStart)]
    pub fn new_start(&self) -> String {
        self.0.new_start.to_rfc3339()
    }

    /// Hours of notice given.
    #[wasm_bindgen(getter, js_name = noticeHours)]
    pub fn notice_hours(&self) -> i32 {
        i32::try_from(self.0.notice_hours).unwrap_or(i32::MAX)
    }

    /// Every field that moved (records for the journal).
    #[wasm_bindgen(unchecked_return_type = "{ field: string; from: string; to: string }[]")]
    pub fn changes(&self) -> JsValue {
        to_js(&self.0.changes)
    }

    /// Who must be told.
    #[wasm_bindgen(
        unchecked_return_type = "({ audience: \"confirmed_participants\" | \"reserves\" } | { audience: \"unit\"; id: string; name: string })[]"
    )]
    pub fn notify(&self) -> JsValue {
        to_js(&self.0.notify)
    }
}

#[wasm_bindgen]
impl Plan {
    /// Re-plan the rest of the day from the actual times of finished
    /// segments (`{ segment, endedAt, startedAt? }`, ISO strings or Dates).
    #[wasm_bindgen(unchecked_return_type = "Replanned")]
    pub fn replan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ActualTimes[]")] actual: &Array,
    ) -> Result<JsValue, JsValue> {
        let actual = actuals(actual)?;
        let r = openday::itinerary::replan(self.inner(), &actual).map_err(crate::errors::error)?;
        replanned_js(&r)
    }

    /// Move the day to `newDate` (`YYYY-MM-DD`), optionally starting at
    /// `newStart` (`HH:MM`), announced at `announcedAt`.
    pub fn postpone(
        &self,
        new_date: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] announced_at: &JsValue,
        new_start: Option<String>,
    ) -> Result<Postponement, JsValue> {
        let date = NaiveDate::parse_from_str(new_date, "%Y-%m-%d")
            .map_err(|_| value_error("newDate must be YYYY-MM-DD"))?;
        let start = new_start
            .map(|t| {
                NaiveTime::parse_from_str(&t, "%H:%M")
                    .or_else(|_| NaiveTime::parse_from_str(&t, "%H:%M:%S"))
            })
            .transpose()
            .map_err(|_| value_error("newStart must be HH:MM"))?;
        let announced = instant(announced_at, "announcedAt")?;
        openday::itinerary::postpone(self.inner(), date, start, announced)
            .map(Postponement)
            .map_err(crate::errors::error)
    }

    /// Vehicles needed and the legs that use them, or `null`.
    #[wasm_bindgen(unchecked_return_type = "TransportNeed | null")]
    pub fn transport(&self) -> JsValue {
        openday::itinerary::transport(self.inner())
            .map_or(JsValue::NULL, |t| crate::screening::camel_js(&t))
    }

    /// The timetable as an iCalendar file (RFC 5545, with VTIMEZONE);
    /// `stamp` (DTSTAMP) defaults to now.
    #[wasm_bindgen(js_name = toIcal)]
    pub fn to_ical(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Date")] stamp: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let stamp = match stamp {
            Some(s) if !s.is_undefined() && !s.is_null() => {
                instant(&s, "stamp")?.with_timezone(&Utc)
            }
            _ => instant(&js_sys::Date::new_0().into(), "now")?.with_timezone(&Utc),
        };
        Ok(openday::itinerary::ical(
            self.inner(),
            self.inner().timetable(),
            stamp,
        ))
    }

    /// One run sheet per responsible unit.
    #[wasm_bindgen(js_name = runSheets, unchecked_return_type = "{ unit: string; name: string; markdown: string; csv: string }[]")]
    pub fn run_sheets(&self) -> JsValue {
        to_js(&openday::itinerary::run_sheets(
            self.inner(),
            self.inner().timetable(),
        ))
    }

    /// The day as an SVG timeline; with actual times, the re-planned day too.
    #[wasm_bindgen(js_name = timelineSvg)]
    pub fn timeline_svg(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ActualTimes[]")] actual: Option<Array>,
    ) -> Result<String, JsValue> {
        let replanned = match actual {
            Some(a) => Some(
                openday::itinerary::replan(self.inner(), &actuals(&a)?)
                    .map_err(crate::errors::error)?,
            ),
            None => None,
        };
        Ok(openday::itinerary::timeline_svg(
            self.inner(),
            self.inner().timetable(),
            replanned.as_ref().map(|r| &r.timetable),
        ))
    }
}
