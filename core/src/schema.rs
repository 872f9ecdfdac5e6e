//! The JSON Schema of plan files, generated from the types.
//!
//! The schema is committed as `core/schema/openday-plan.schema.json` so that
//! editors can validate plan files (add `"$schema":
//! "path/to/openday-plan.schema.json"`); a test keeps the committed file equal
//! to what the types generate.

/// The committed schema file, built in: the same text as [`plan_schema`]
/// gives (a test keeps them equal), without the generator's code, for
/// builds that count bytes (the WebAssembly package).
pub const PLAN_SCHEMA_JSON: &str = include_str!("../schema/openday-plan.schema.json");

/// The plan file's JSON Schema (draft 2020-12) as pretty JSON.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(&openday::schema::plan_schema()).unwrap();
/// assert_eq!(schema["title"], "openday plan");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
pub fn plan_schema() -> String {
    let schema = schemars::schema_for!(crate::OpenDayPlan);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
