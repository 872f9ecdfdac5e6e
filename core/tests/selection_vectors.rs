//! Shared selection vectors (`testdata/selection/vectors.json`): the same
//! inputs and seed must give the same panel, reserves and record in Rust,
//! Python and the browser. Set `OPENDAY_BLESS=1` to rewrite the expected
//! results after an intended change of the draw method.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc, missing_docs)]

use openday::Plan;
use openday::screening::{ScreeningOptions, screen_csv};
use openday::selection::{self, Pool, Targets, synthetic};
use serde_json::{Value, json};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/selection/vectors.json"
);

/// A plan file's pool from registrations generated from the plan, and the
/// screening counts.
fn generated(case: &Value) -> (Pool, Targets, Value) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let plan = Plan::from_path(format!("{root}/{}", case["plan_file"].as_str().unwrap())).unwrap();
    let g = &case["generated"];
    let opts = openday::synthetic::SyntheticOptions::for_plan(
        &plan,
        usize::try_from(g["rows"].as_u64().unwrap()).unwrap(),
        g["seed"].as_u64().unwrap(),
    );
    let mut csv = Vec::new();
    openday::synthetic::write_registrations_csv(&opts, &mut csv).unwrap();
    let report = screen_csv(&plan, &csv, "generated.csv", &ScreeningOptions::default()).unwrap();
    let targets = Targets::from_plan(&plan).unwrap();
    let pool = Pool::from_screening(&report, &plan, &targets.policy).unwrap();
    (pool, targets, json!(report.counts()))
}

fn inputs(case: &Value) -> (Pool, Targets) {
    if case.get("plan_file").is_some() {
        let (pool, targets, _) = generated(case);
        return (pool, targets);
    }
    if let Some(spec) = case.get("synthetic") {
        return synthetic::instance(&serde_json::from_value(spec.clone()).unwrap());
    }
    if case.get("guyuan").is_some() {
        let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
        let report = screen_csv(
            &plan,
            openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes(),
            "registrations.csv",
            &ScreeningOptions::default(),
        )
        .unwrap();
        let targets = Targets::from_plan(&plan).unwrap();
        let pool = Pool::from_screening(&report, &plan, &targets.policy).unwrap();
        return (pool, targets);
    }
    (
        serde_json::from_value(case["pool"].clone()).unwrap(),
        serde_json::from_value(case["targets"].clone()).unwrap(),
    )
}

fn outcome(case: &Value) -> Value {
    let (pool, targets) = inputs(case);
    match selection::draw(&pool, &targets, case["seed"].as_str().unwrap()) {
        Ok(d) => json!({
            "panel": d.panel,
            "reserves": d.reserves,
            "min_probability": (d.stats.min_probability * 1e6).round() / 1e6,
            "commitment": d.record.commitment,
            "pool_digest": d.record.pool_digest,
            "targets_digest": d.record.targets_digest,
        }),
        Err(e) => {
            let relaxation = match &e {
                selection::SelectionError::Infeasible { relaxation, .. } => json!(relaxation),
                _ => json!([]),
            };
            json!({"error": e.code(), "relaxation": relaxation})
        }
    }
}

#[test]
fn shared_vectors() {
    let text = std::fs::read_to_string(PATH).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let bless = std::env::var_os("OPENDAY_BLESS").is_some();
    for case in doc["cases"].as_array_mut().unwrap() {
        let mut got = outcome(case);
        if case.get("plan_file").is_some() {
            got["counts"] = generated(case).2;
        }
        if bless {
            case["expect"] = got;
        } else {
            assert_eq!(got, case["expect"], "case {}", case["name"]);
        }
    }
    if bless {
        std::fs::write(PATH, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
}
