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
    let report = screen_csv(&plan, &csv, "generated.csv", &keyed()).unwrap();
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
            &keyed(),
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
    // A case with `max_rounds` is a draw stopped by a budget: the same
    // rounds give the same lottery and panel in every language.
    let budget = selection::Budget {
        max_seconds: None,
        max_rounds: case["max_rounds"]
            .as_u64()
            .map(|r| u32::try_from(r).unwrap()),
    };
    let seed = case["seed"].as_str().unwrap();
    match selection::draw_within(&pool, &targets, seed, budget, &mut |_| true) {
        Ok(d) => {
            let mut out = json!({
                "panel": d.panel,
                "reserves": d.reserves,
                "min_probability": (d.stats.min_probability * 1e6).round() / 1e6,
                "commitment": d.record.commitment,
                "pool_digest": d.record.pool_digest,
                "targets_digest": d.record.targets_digest,
            });
            if budget.max_rounds.is_some() {
                assert!(!d.stats.complete);
                out["stopped_after_rounds"] = json!(d.record.stopped_after_rounds);
                out["min_probability_bound"] =
                    json!((d.stats.min_probability_bound * 1e6).round() / 1e6);
            }
            out
        }
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

/// Screening options with the examples' (public) pseudonym key.
fn keyed() -> ScreeningOptions {
    ScreeningOptions {
        pseudonym_key: Some(openday::selection::PseudonymKey::new(
            openday::examples::DEMO_PSEUDONYM_KEY,
        )),
        ..ScreeningOptions::default()
    }
}

#[test]
fn pool_ids_are_keyed_and_the_unkeyed_hash_no_longer_finds_anyone() {
    use sha2::Digest;
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let csv = openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes();
    let targets = Targets::from_plan(&plan).unwrap();
    let pool_with = |key: &str| {
        let opts = ScreeningOptions {
            pseudonym_key: Some(openday::selection::PseudonymKey::new(key)),
            ..ScreeningOptions::default()
        };
        let report = screen_csv(&plan, csv, "r.csv", &opts).unwrap();
        (
            Pool::from_screening(&report, &plan, &targets.policy).unwrap(),
            report,
        )
    };
    let (a, report) = pool_with("organiser secret A");
    let (b, _) = pool_with("organiser secret B");
    let ids = |p: &Pool| {
        p.candidates()
            .iter()
            .map(|c| c.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert!(ids(&a).is_disjoint(&ids(&b)), "another key, other ids");
    // The unkeyed form (SHA-256 of the plan id and the ID number), which
    // anyone with the masked export could search, matches nobody.
    let (row, person) = report.eligible().next().unwrap();
    let id = person.id_number.as_ref().unwrap().canonical();
    let digest =
        sha2::Sha256::digest(format!("{}\0person\0id\0{id}", plan.document().id).as_bytes());
    let hex = digest.iter().fold(String::new(), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    });
    let unkeyed = format!("p{}", &hex[..16]);
    assert!(!ids(&a).contains(&unkeyed));
    assert!(
        a.origin(&openday::selection::pseudonym(
            &openday::selection::PseudonymKey::new("organiser secret A"),
            &plan.document().id,
            &person
        ))
        .is_some_and(|o| o.row == row)
    );
    // Without a key there is no pool.
    let report = screen_csv(&plan, csv, "r.csv", &ScreeningOptions::default()).unwrap();
    let err = Pool::from_screening(&report, &plan, &targets.policy).unwrap_err();
    assert_eq!(err.code(), "no_pseudonym_key");
    // Whoever holds the pool verifies a draw without the key.
    let drawn = selection::draw(&a, &targets, "seed").unwrap();
    selection::verify(&drawn.record, &a, &targets).unwrap();
}
