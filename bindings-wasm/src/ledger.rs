//! The working calendar and the feedback ledger for JavaScript.
//!
//! Ledger events cross in their journal form (the same JSON in every
//! language: snake_case keys, `at` as ISO 8601 with offset); reports and
//! records cross as camelCase objects.

use chrono::NaiveDate;
use openday::calendar::WorkCalendar as CoreCalendar;
use openday::ledger::{Ledger as CoreLedger, LedgerEvent, LedgerReport};
use openday::mask::Masking;
use wasm_bindgen::prelude::*;

use crate::errors::value_error;
use crate::plan::{Plan, to_js};
use crate::screening::camel_js;

fn date(s: &str) -> Result<NaiveDate, JsValue> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| value_error(&format!("\"{s}\" is not a date; write YYYY-MM-DD")))
}

/// Working days and hours: public holidays and make-up working days.
#[wasm_bindgen]
pub struct WorkCalendar(pub(crate) CoreCalendar);

impl From<CoreCalendar> for WorkCalendar {
    fn from(c: CoreCalendar) -> Self {
        Self(c)
    }
}

impl From<WorkCalendar> for CoreCalendar {
    fn from(c: WorkCalendar) -> Self {
        c.0
    }
}

#[wasm_bindgen]
impl WorkCalendar {
    /// China's national calendar (2025, 2026) with office hours.
    pub fn china() -> WorkCalendar {
        Self(CoreCalendar::china())
    }

    /// A calendar from its JSON form.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<WorkCalendar, JsValue> {
        CoreCalendar::from_json(text)
            .map(Self)
            .map_err(crate::errors::error)
    }

    /// Whether `day` (`YYYY-MM-DD`) is a working day.
    #[wasm_bindgen(js_name = isWorkingDay)]
    pub fn is_working_day(&self, day: &str) -> Result<bool, JsValue> {
        self.0
            .is_working_day(date(day)?)
            .map_err(crate::errors::error)
    }

    /// The holiday's name on `day` (`YYYY-MM-DD`), or `null`.
    pub fn holiday(&self, day: &str) -> Result<Option<String>, JsValue> {
        Ok(self.0.holiday(date(day)?).map(str::to_owned))
    }

    /// The `n`th working day after `day` (`day` itself does not count), `YYYY-MM-DD`.
    #[wasm_bindgen(js_name = addWorkingDays)]
    pub fn add_working_days(&self, day: &str, n: u32) -> Result<String, JsValue> {
        self.0
            .add_working_days(date(day)?, n)
            .map(|d| d.to_string())
            .map_err(crate::errors::error)
    }
}

/// The feedback ledger (台账).
#[wasm_bindgen]
pub struct Ledger(pub(crate) CoreLedger);

fn event(value: &JsValue) -> Result<LedgerEvent, JsValue> {
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| value_error("a ledger event must be a plain object"))?;
    serde_json::from_str(&String::from(json))
        .map_err(|e| value_error(&format!("invalid ledger event: {e}")))
}

#[wasm_bindgen]
impl Ledger {
    /// An empty ledger for the plan's categories and units, on `calendar`
    /// or else the calendar the plan names (its `calendar` section).
    /// Throws a `CalendarError` when that calendar cannot be built.
    #[wasm_bindgen(constructor)]
    pub fn new(plan: &Plan, calendar: Option<WorkCalendar>) -> Result<Ledger, JsValue> {
        let ledger = match calendar {
            Some(c) => CoreLedger::check_plan(plan.inner())
                .map(|()| CoreLedger::new(plan.inner(), c.0))
                .map_err(openday::Error::from),
            None => CoreLedger::for_plan(plan.inner()),
        };
        ledger.map(Self).map_err(crate::errors::error)
    }

    /// A ledger rebuilt from its events (plain objects, in order), on
    /// `calendar` or else the calendar the plan names.
    pub fn replay(
        plan: &Plan,
        #[wasm_bindgen(unchecked_param_type = "LedgerEvent[]")] events: &JsValue,
        calendar: Option<WorkCalendar>,
    ) -> Result<Ledger, JsValue> {
        let mut ledger = Self::new(plan, calendar)?;
        for e in js_sys::try_iter(events)?
            .ok_or_else(|| value_error("events must be an array of ledger events"))?
        {
            ledger.apply(&e?)?;
        }
        Ok(ledger)
    }

    /// The state code of `point`, or `null`.
    pub fn status(&self, point: &str) -> Option<String> {
        self.0.case(point).map(|c| c.status.code().to_owned())
    }

    /// The due instant of `point` (ISO 8601 with offset), or `null`.
    pub fn due(&self, point: &str) -> Option<String> {
        self.0
            .case(point)
            .and_then(|c| c.due)
            .map(|d| d.to_rfc3339())
    }

    /// The reply to the citizen who handed in form `form` (办理结果反馈),
    /// a `Notice`; the name masked unless `unmasked`; `null` for an unknown
    /// or anonymous form.
    #[wasm_bindgen(unchecked_return_type = "Notice | null")]
    pub fn reply(&self, form: &str, unmasked: Option<bool>) -> JsValue {
        let masking = if unmasked.unwrap_or(false) {
            Masking::Unmasked
        } else {
            Masking::Masked
        };
        openday::notices::ledger_reply(&self.0, form, masking)
            .map_or(JsValue::NULL, |n| crate::notices::notice(&n))
    }

    /// The report as text (the same in every language).
    #[wasm_bindgen(js_name = reportText)]
    pub fn report_text(
        &self,
        as_of: &str,
        horizon_working_days: Option<u32>,
    ) -> Result<String, JsValue> {
        let at = crate::time::instant_text(as_of, "asOf")?;
        Ok(LedgerReport::as_of(&self.0, at, horizon_working_days.unwrap_or(2)).to_string())
    }

    /// Apply one event in its journal form:
    /// `{ at: "2025-09-24T17:30:00+08:00", actor, action: { action: "filed", point: "F1-1" } }`.
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "LedgerEvent")] event: &JsValue,
    ) -> Result<(), JsValue> {
        self.0
            .apply(self::event(event)?)
            .map_err(crate::errors::error)
    }

    /// The events applied (the journal records), in order.
    #[wasm_bindgen(unchecked_return_type = "LedgerEvent[]")]
    pub fn events(&self) -> JsValue {
        to_js(&self.0.events())
    }

    /// Every point with its state, unit, due date and history.
    #[wasm_bindgen(unchecked_return_type = "LedgerCase[]")]
    pub fn cases(&self) -> JsValue {
        camel_js(&self.0.cases().collect::<Vec<_>>())
    }

    /// Reports as of `asOf` (ISO 8601 with offset): overdue, due soon, per
    /// unit, per category, replies owed.
    #[wasm_bindgen(unchecked_return_type = "LedgerReport")]
    pub fn report(
        &self,
        as_of: &str,
        horizon_working_days: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        let at = crate::time::instant_text(as_of, "asOf")?;
        Ok(camel_js(&LedgerReport::as_of(
            &self.0,
            at,
            horizon_working_days.unwrap_or(2),
        )))
    }

    /// Every point as a flat record; contact details masked unless `unmasked`.
    #[wasm_bindgen(unchecked_return_type = "LedgerRecord[]")]
    pub fn records(&self, unmasked: Option<bool>) -> JsValue {
        camel_js(&self.0.rows(if unmasked == Some(true) {
            Masking::Unmasked
        } else {
            Masking::Masked
        }))
    }

    /// The ledger as CSV (with BOM for Excel); masked unless `unmasked`.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self, unmasked: Option<bool>) -> String {
        self.0.to_csv(if unmasked == Some(true) {
            Masking::Unmasked
        } else {
            Masking::Masked
        })
    }

    /// The ledger as an Excel workbook (`.xlsx` bytes, sheet 台账): the same
    /// header and cells as `toCsv`; masked unless `unmasked`.
    #[wasm_bindgen(js_name = toXlsx)]
    pub fn to_xlsx(&self, unmasked: Option<bool>) -> Result<Vec<u8>, JsValue> {
        let table = crate::export::table_of(self.0.rows(if unmasked == Some(true) {
            Masking::Unmasked
        } else {
            Masking::Masked
        }))?;
        crate::export::xlsx_bytes(&table, "台账")
    }
}
