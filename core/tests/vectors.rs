#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Shared test vectors (`testdata/plans/vectors.json`): the same cases run
//! in Rust, Python and JavaScript and must give the same results.
//!
//! Set `OPENDAY_BLESS=1` to rewrite the golden summary files after an
//! intended change of the summary text.

use std::path::{Path, PathBuf};

use openday::{OpenDayPlan, Plan, PlanError};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/plans")
}

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join("vectors.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn check_ok(name: &str, plan: &Plan, expect: &Value) {
    if let Some(turns) = expect.get("turns").and_then(Value::as_object) {
        for (id, want) in turns {
            let seg = plan.timetable().segment(id).unwrap();
            let got: Vec<Value> = seg
                .turns
                .iter()
                .map(|t| {
                    serde_json::json!({"group": t.group, "size": t.size,
                        "starts_at": t.starts_at.to_rfc3339(), "ends_at": t.ends_at.to_rfc3339()})
                })
                .collect();
            assert_eq!(&Value::Array(got), want, "{name}: turns of {id}");
        }
    }
    if let Some(warnings) = expect.get("warnings") {
        let actual: Vec<Value> = plan
            .warnings()
            .iter()
            .map(|p| serde_json::json!({"path": p.path, "code": p.code.as_str()}))
            .collect();
        assert_eq!(&Value::Array(actual), warnings, "{name}: warnings");
    }
    let timetable: Vec<Value> = plan
        .timetable()
        .segments
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id,
                "starts_at": s.starts_at.to_rfc3339(),
                "ends_at": s.ends_at.to_rfc3339(),
            })
        })
        .collect();
    assert_eq!(
        &Value::Array(timetable),
        &expect["timetable"],
        "{name}: timetable"
    );
    if let Some(file) = expect["summary"].as_str() {
        let path = dir().join(file);
        let actual = plan.summary().to_string();
        if std::env::var_os("OPENDAY_BLESS").is_some() {
            std::fs::write(&path, &actual).unwrap();
        }
        let golden = std::fs::read_to_string(&path).unwrap();
        assert_eq!(actual, golden, "{name}: summary differs from {file}");
    }
}

fn check_err(name: &str, err: &PlanError, expect: &Value) {
    assert_eq!(err.code(), expect["code"], "{name}: {err}");
    if let Some(problems) = expect["problems"].as_array() {
        let actual: Vec<Value> = err
            .problems()
            .iter()
            .map(|p| serde_json::json!({"path": p.path, "code": p.code.as_str()}))
            .collect();
        assert_eq!(&actual, problems, "{name}: {err}");
    }
    if let Some(line) = expect["line"].as_u64() {
        assert_eq!(
            err.location().map(|l| l.0 as u64),
            Some(line),
            "{name}: {err}"
        );
    }
    if let Some(path) = expect["path"].as_str() {
        let PlanError::Structure { path: actual, .. } = err else {
            panic!("{name}: {err:?}")
        };
        assert_eq!(actual, path);
    }
}

#[test]
fn every_vector_gives_its_expected_result() {
    let cases = vectors();
    assert!(cases.len() >= 7);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let path = dir().join(case["plan"].as_str().unwrap());
        let expect = &case["expect"];
        match Plan::from_path(&path) {
            Ok(plan) => {
                assert!(expect.get("error").is_none(), "{name}: expected an error");
                check_ok(name, &plan, expect);
            }
            Err(err) => {
                let e = expect
                    .get("error")
                    .unwrap_or_else(|| panic!("{name}: unexpected {err}"));
                check_err(name, &err, e);
                // The file name is part of every located message.
                assert!(
                    err.to_string().contains(&path.display().to_string()),
                    "{err}"
                );
            }
        }
    }
}

#[test]
fn invalid_plan_messages_carry_paths_and_both_languages() {
    let err = Plan::from_path(dir().join("five-mistakes.openday.json")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("has 5 error(s) and 0 warning(s)"), "{text}");
    for p in err.problems() {
        assert!(text.contains(&p.path));
        assert!(p.message_en.contains(' '), "{}", p.message_en);
        assert!(
            p.message_zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            p.message_zh
        );
    }
    // The document still parses, so a tool can show the problems next to it.
    let text = std::fs::read_to_string(dir().join("five-mistakes.openday.json")).unwrap();
    assert_eq!(OpenDayPlan::from_json(&text).unwrap().validate().len(), 5);
}

/// The screening vector: the embedded example registrations screened against
/// the embedded plan give these masked records in every language.
#[test]
fn screening_vector_records_match_the_golden_file() {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let report = openday::screening::screen_csv(
        &plan,
        openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes(),
        "registrations.csv",
        &openday::screening::ScreeningOptions::default(),
    )
    .unwrap();
    let records = report.records(openday::mask::Masking::Masked);
    let actual = serde_json::to_string_pretty(&serde_json::json!({
        "counts": report.counts(),
        "reasons": report.reasons(),
        "records": records,
    }))
    .unwrap()
        + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/screening/guyuan-2025.expected.json");
    if std::env::var_os("OPENDAY_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap();
    assert!(
        actual == golden,
        "screening output differs from {}; bless after an intended change",
        path.display()
    );
}
