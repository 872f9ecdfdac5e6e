//! Preparation duties and readiness for JavaScript. Steps cross in their
//! journal form (snake_case, `at` as ISO 8601 with offset), reports as
//! camelCase objects.

use crate::time::instant_text;
use openday::calendar::WorkCalendar as CoreCalendar;
use openday::preparation::{PrepEvent, Preparation as CorePreparation};
use wasm_bindgen::prelude::*;

use crate::errors::value_error;
use crate::ledger::WorkCalendar;
use crate::plan::{Plan, to_js};
use crate::screening::camel_js;
use crate::selection::from_js;

/// The plan's preparation duties (接待方案, 安全预案, vehicles, printed
/// material, the room, the notice) and where each stands.
#[wasm_bindgen]
pub struct Preparation(CorePreparation);

#[wasm_bindgen]
impl Preparation {
    /// Every duty of the plan (derived from the itinerary and listed in its
    /// `preparation` section), open, with due dates on `calendar` (default:
    /// the calendar the plan names). Throws `CalendarError` or
    /// `PreparationError`.
    #[wasm_bindgen(constructor)]
    pub fn new(plan: &Plan, calendar: Option<WorkCalendar>) -> Result<Preparation, JsValue> {
        let calendar = match calendar {
            Some(c) => c.0,
            None => CoreCalendar::for_plan(plan.inner()).map_err(crate::errors::error)?,
        };
        CorePreparation::new(plan.inner(), &calendar)
            .map(Self)
            .map_err(crate::errors::error)
    }

    /// The state after `events` (plain objects, in order).
    pub fn replay(
        plan: &Plan,
        #[wasm_bindgen(unchecked_param_type = "PrepEvent[]")] events: &JsValue,
        calendar: Option<WorkCalendar>,
    ) -> Result<Preparation, JsValue> {
        let mut prep = Self::new(plan, calendar)?;
        for e in js_sys::try_iter(events)?
            .ok_or_else(|| value_error("events must be an array of preparation steps"))?
        {
            prep.apply(&e?)?;
        }
        Ok(prep)
    }

    /// Apply one step: `{ at, actor, action: { action: "done", duty,
    /// evidence: { document } } }` (`started`, `done`, `verified` by someone
    /// else, `reopened` with a `reason`). Throws `PreparationError` (`duty`,
    /// `code`) and changes nothing when refused.
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PrepEvent")] event: &JsValue,
    ) -> Result<(), JsValue> {
        let e: PrepEvent = from_js(event, "a preparation step")?;
        self.0.apply(e).map_err(crate::errors::error)
    }

    /// Every duty with its due instant, status and evidence.
    #[wasm_bindgen(unchecked_return_type = "DutyState[]")]
    pub fn duties(&self) -> JsValue {
        camel_js(&self.0.duties())
    }

    /// The steps applied (the journal records), in order.
    #[wasm_bindgen(unchecked_return_type = "PrepEvent[]")]
    pub fn events(&self) -> JsValue {
        to_js(&self.0.events())
    }

    /// Readiness as of `asOf` (ISO 8601 with offset): `ready`, the
    /// blocking, overdue, due-soon (within `horizonDays`, default 3) and
    /// unverified duties, tallies by unit and by person.
    #[wasm_bindgen(unchecked_return_type = "Readiness")]
    pub fn readiness(&self, as_of: &str, horizon_days: Option<u32>) -> Result<JsValue, JsValue> {
        Ok(camel_js(&self.0.readiness(
            instant_text(as_of, "asOf")?,
            horizon_days.unwrap_or(3),
        )))
    }

    /// The readiness report as text (the same in every language).
    #[wasm_bindgen(js_name = readinessText)]
    pub fn readiness_text(
        &self,
        as_of: &str,
        horizon_days: Option<u32>,
    ) -> Result<String, JsValue> {
        Ok(self
            .0
            .readiness(instant_text(as_of, "asOf")?, horizon_days.unwrap_or(3))
            .to_string())
    }

    /// One task sheet per unit: `unit`, `name`, `markdown`, `duties`.
    #[wasm_bindgen(js_name = taskSheets, unchecked_return_type = "TaskSheet[]")]
    pub fn task_sheets(&self) -> JsValue {
        camel_js(&self.0.task_sheets())
    }

    /// How many duties.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.duties().len()
    }
}
