//! `Plan` for JavaScript.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A validated open-day plan.
#[wasm_bindgen]
pub struct Plan(openday::Plan);

impl From<openday::Plan> for Plan {
    fn from(p: openday::Plan) -> Self {
        Self(p)
    }
}

impl From<Plan> for openday::Plan {
    fn from(p: Plan) -> Self {
        p.0
    }
}

impl Plan {
    pub(crate) fn inner(&self) -> &openday::Plan {
        &self.0
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsProblem<'a> {
    path: &'a str,
    code: &'static str,
    severity: &'static str,
    stage: &'static str,
    message_en: &'a str,
    message_zh: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_excessive_bools)] // mirrors the core's ScheduledSegment
struct JsSegment<'a> {
    index: usize,
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    venue: Option<&'a str>,
    starts_at: String,
    ends_at: String,
    approximate: bool,
    fixed_start: bool,
    units: &'a [String],
    gap_before_minutes: i64,
    slack_minutes: i64,
    derived: bool,
    actual: bool,
    mode: Option<&'static str>,
    after_window: bool,
    turns: Vec<JsTurn>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsTurn {
    group: u32,
    size: u32,
    starts_at: String,
    ends_at: String,
}

/// The segments of a timetable as plain objects.
pub(crate) fn segments_js(t: &openday::itinerary::Timetable) -> JsValue {
    let rows: Vec<JsSegment<'_>> = t
        .segments
        .iter()
        .map(|s| JsSegment {
            index: s.index,
            id: &s.id,
            kind: s.kind.code(),
            title: &s.title,
            venue: s.venue.as_deref(),
            starts_at: s.starts_at.to_rfc3339(),
            ends_at: s.ends_at.to_rfc3339(),
            approximate: s.approximate,
            fixed_start: s.fixed_start,
            units: &s.units,
            gap_before_minutes: s.gap_before_minutes,
            slack_minutes: s.slack_minutes,
            derived: s.derived,
            actual: s.actual,
            mode: s.mode.map(openday::itinerary::TravelMode::code),
            after_window: s.after_window,
            turns: s
                .turns
                .iter()
                .map(|t| JsTurn {
                    group: t.group,
                    size: t.size,
                    starts_at: t.starts_at.to_rfc3339(),
                    ends_at: t.ends_at.to_rfc3339(),
                })
                .collect(),
        })
        .collect();
    to_js(&rows)
}

pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

pub(crate) fn problem_value(p: &openday::Problem) -> JsValue {
    to_js(&JsProblem {
        path: &p.path,
        code: p.code.as_str(),
        severity: p.severity.as_str(),
        stage: p.stage().as_str(),
        message_en: &p.message_en,
        message_zh: &p.message_zh,
    })
}

#[wasm_bindgen]
impl Plan {
    /// Parse and validate a plan from JSON text. Throws a `PlanError`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Plan, JsValue> {
        openday::Plan::from_json(json)
            .map(Self)
            .map_err(crate::errors::error)
    }

    /// What the plan's checks warn about: shown, blocking nothing.
    #[wasm_bindgen(getter, unchecked_return_type = "Problem[]")]
    pub fn warnings(&self) -> JsValue {
        let list = js_sys::Array::new();
        for p in self.0.warnings() {
            list.push(&problem_value(p));
        }
        list.into()
    }

    /// Errors that block a later stage only (a quota that cannot work
    /// blocks the draw, not screening), then warnings.
    #[wasm_bindgen(getter, unchecked_return_type = "Problem[]")]
    pub fn problems(&self) -> JsValue {
        self.0
            .problems()
            .iter()
            .map(problem_value)
            .collect::<js_sys::Array>()
            .into()
    }

    /// The plan id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.0.document().id.clone()
    }

    /// The title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.0.document().title.clone()
    }

    /// The theme, if any.
    #[wasm_bindgen(getter)]
    pub fn theme(&self) -> Option<String> {
        self.0.document().theme.clone()
    }

    /// The organiser's name.
    #[wasm_bindgen(getter)]
    pub fn organiser(&self) -> String {
        self.0.document().organiser.name.clone()
    }

    /// Seats for citizen representatives.
    #[wasm_bindgen(getter)]
    pub fn seats(&self) -> u32 {
        self.0.document().seats
    }

    /// The IANA time zone, e.g. `Asia/Shanghai`.
    #[wasm_bindgen(getter, js_name = timeZone)]
    pub fn time_zone(&self) -> String {
        self.0.time_zone().name().to_owned()
    }

    /// When the day starts, ISO 8601 with offset.
    #[wasm_bindgen(getter, js_name = startsAt)]
    pub fn starts_at(&self) -> String {
        self.0.starts_at().to_rfc3339()
    }

    /// When the day ends, ISO 8601 with offset.
    #[wasm_bindgen(getter, js_name = endsAt)]
    pub fn ends_at(&self) -> String {
        self.0.ends_at().to_rfc3339()
    }

    /// When registration opens, if announced.
    #[wasm_bindgen(getter, js_name = registrationOpensAt)]
    pub fn registration_opens_at(&self) -> Option<String> {
        self.0.registration_opens_at().map(|t| t.to_rfc3339())
    }

    /// When registration closes (inclusive).
    #[wasm_bindgen(getter, js_name = registrationDeadline)]
    pub fn registration_deadline(&self) -> String {
        self.0.registration_deadline().to_rfc3339()
    }

    /// The latest instant a postponement may be announced.
    #[wasm_bindgen(getter, js_name = postponementNoticeDeadline)]
    pub fn postponement_notice_deadline(&self) -> String {
        self.0.postponement_notice_deadline().to_rfc3339()
    }

    /// The itinerary laid out in time.
    #[wasm_bindgen(unchecked_return_type = "ScheduledSegment[]")]
    pub fn timetable(&self) -> JsValue {
        segments_js(self.0.timetable())
    }

    /// Whether a weather warning of `warning` kind (暴雨, 沙尘暴 …) at
    /// `level` (blue/yellow/orange/red or 蓝/黄/橙/红) postpones the day.
    /// Throws a `RangeError` for an unknown level.
    #[wasm_bindgen(unchecked_return_type = "WeatherDecision")]
    pub fn weather(&self, warning: &str, level: &str) -> Result<JsValue, JsValue> {
        let level: openday::plan::postponement::WarningLevel = level
            .parse()
            .map_err(|e: String| JsValue::from(js_sys::RangeError::new(&e)))?;
        Ok(crate::screening::camel_js(&self.0.weather(warning, level)))
    }

    /// The plan summary text (identical in Rust, Python and JavaScript).
    pub fn summary(&self) -> String {
        self.0.summary().to_string()
    }

    /// The plan document as pretty JSON (the plan file format).
    #[wasm_bindgen(js_name = toJsonString)]
    pub fn to_json_string(&self) -> String {
        self.0.document().to_json_pretty()
    }
}

/// Parse and validate a plan from JSON text; `fileName` (optional) is named
/// in error messages. Throws a `PlanError`.
#[wasm_bindgen(js_name = loadPlan)]
pub fn load_plan(json: &str, file_name: Option<String>) -> Result<Plan, JsValue> {
    match file_name {
        Some(name) => openday::Plan::from_named_json(&name, json)
            .map(Plan)
            .map_err(crate::errors::error),
        None => Plan::from_json(json),
    }
}

/// Every problem of a plan given as JSON text; `[]` when it is valid.
/// Throws only when the text cannot be parsed at all.
#[wasm_bindgen(js_name = validatePlan, unchecked_return_type = "Problem[]")]
pub fn validate_plan(json: &str) -> Result<JsValue, JsValue> {
    let doc = openday::OpenDayPlan::from_json(json).map_err(crate::errors::error)?;
    let problems: js_sys::Array = doc.validate().iter().map(problem_value).collect();
    Ok(problems.into())
}

/// The JSON Schema of plan files.
#[wasm_bindgen(js_name = planSchema)]
pub fn plan_schema() -> String {
    openday::schema::PLAN_SCHEMA_JSON.to_owned()
}

/// The examples' and shared vectors' pseudonym key (public: never use it
/// for a real open day; keep the organiser's own secret instead).
#[wasm_bindgen(js_name = demoPseudonymKey)]
pub fn demo_pseudonym_key() -> String {
    openday::examples::DEMO_PSEUDONYM_KEY.to_owned()
}

/// The embedded example plan (固原市城市管理局 2025) as JSON text.
#[wasm_bindgen(js_name = examplePlanJson)]
pub fn example_plan_json() -> String {
    openday::examples::GUYUAN_2025_PLAN.to_owned()
}
