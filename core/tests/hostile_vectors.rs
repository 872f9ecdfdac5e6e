#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! The shared hostile vectors (`testdata/hostile/vectors.json`): inputs that
//! once crashed, lost rows or leaked personal data. Python and JavaScript run
//! the same file through their bindings and must reach the same outcomes.

use openday::Plan;
use openday::confirmation::Roster;
use openday::ledger::{Ledger, LedgerEvent};
use openday::mask::Masking;
use openday::screening::{ScreeningOptions, ScreeningReport, screen_csv};
use openday::selection::{self, Pool, PseudonymKey, Targets};
use serde_json::Value;

fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn vectors() -> Value {
    let text = std::fs::read_to_string(repo("testdata/hostile/vectors.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// The base plan file with each `[pointer, value]` of `set` applied.
fn patched(case: &Value) -> String {
    let text = std::fs::read_to_string(repo(case["base"].as_str().unwrap())).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    for op in case["set"].as_array().unwrap() {
        let (pointer, value) = (op[0].as_str().unwrap(), op[1].clone());
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.to_owned(), value);
    }
    doc.to_string()
}

fn has_problems(found: &[openday::Problem], expected: &Value, case: &str) {
    for want in expected.as_array().into_iter().flatten() {
        assert!(
            found
                .iter()
                .any(|p| p.path == want["path"].as_str().unwrap()
                    && p.code.as_str() == want["code"].as_str().unwrap()),
            "{case}: {want} not among {found:?}"
        );
    }
}

fn plan(path: &Value) -> Plan {
    Plan::from_json(&std::fs::read_to_string(repo(path.as_str().unwrap())).unwrap()).unwrap()
}

fn keyed() -> ScreeningOptions {
    ScreeningOptions {
        pseudonym_key: Some(PseudonymKey::new(openday::examples::DEMO_PSEUDONYM_KEY)),
        ..ScreeningOptions::default()
    }
}

#[test]
fn hostile_plans() {
    for case in vectors()["plans"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        let json = patched(case);
        match Plan::from_json(&json) {
            Err(err) => {
                let err = openday::Error::from(err);
                assert_eq!(Some(err.kind().name()), expect["error"].as_str(), "{name}");
                assert_eq!(Some(err.code()), expect["code"].as_str(), "{name}");
                let problems = err.facts().problems;
                has_problems(problems, &expect["problems"], name);
                for (code, n) in expect["count"].as_object().into_iter().flatten() {
                    let found = problems.iter().filter(|p| p.code.as_str() == code).count();
                    assert_eq!(Some(found as u64), n.as_u64(), "{name}: {code}");
                }
            }
            Ok(plan) => {
                assert_eq!(expect["loads"], true, "{name} loaded");
                has_problems(plan.problems(), &expect["problems"], name);
                if let Some(class) = expect["roster_error"].as_str() {
                    let pool = Pool::new(vec![], vec![]).unwrap();
                    let targets = Targets::new(1, plan.document().selection.clone().unwrap());
                    let err = Roster::new(&plan, pool.clone(), targets.clone())
                        .map(|_| ())
                        .unwrap_err();
                    assert_eq!(openday::Error::from(err).kind().name(), class, "{name}");
                    let err = Roster::replay(&plan, pool, targets, &[])
                        .map(|_| ())
                        .unwrap_err();
                    assert_eq!(openday::Error::from(err).kind().name(), class, "{name}");
                }
            }
        }
    }
}

fn codes(report: &ScreeningReport) -> Vec<Vec<String>> {
    report
        .records(Masking::Masked)
        .into_iter()
        .map(|r| {
            r.reasons
                .split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn csv_text(report: &ScreeningReport, masking: Masking) -> String {
    let mut out = Vec::new();
    report.write_csv(&mut out, masking).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn hostile_screenings() {
    for case in vectors()["screenings"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        let plan = plan(&case["plan"]);
        let bytes = match case["csv"].as_str() {
            Some(text) => text.as_bytes().to_vec(),
            None => hex(case["csv_hex"].as_str().unwrap()),
        };
        let never = strings(expect, "never_shown");
        match screen_csv(&plan, &bytes, "hostile.csv", &ScreeningOptions::default()) {
            Err(err) => {
                let err = openday::Error::from(err);
                assert_eq!(Some(err.kind().name()), expect["error"].as_str(), "{name}");
                assert_eq!(Some(err.code()), expect["code"].as_str(), "{name}");
                let shown = format!("{err} {err:?}");
                for secret in &never {
                    assert!(!shown.contains(secret.as_str()), "{name}: {shown}");
                }
            }
            Ok(report) => {
                assert!(expect["error"].is_null(), "{name}: screened");
                if let Some(want) = expect.get("codes") {
                    let want: Vec<Vec<String>> = serde_json::from_value(want.clone()).unwrap();
                    assert_eq!(codes(&report), want, "{name}");
                }
                if let Some(enc) = expect["encoding"].as_str() {
                    assert_eq!(report.encoding, enc, "{name}");
                }
                has_problems(&report.warnings, &expect["problems"], name);
                let summary = report.to_string();
                for s in strings(expect, "summary_contains") {
                    assert!(summary.contains(&s), "{name}: {summary}");
                }
                for s in strings(expect, "summary_lacks") {
                    assert!(!summary.contains(&s), "{name}: {summary}");
                }
                let masked = csv_text(&report, Masking::Masked);
                let messages = report
                    .records(Masking::Masked)
                    .iter()
                    .flat_map(|r| [r.messages_en.clone(), r.messages_zh.clone()])
                    .collect::<Vec<_>>()
                    .join(" ");
                let unmasked_messages = report
                    .records(Masking::Unmasked)
                    .iter()
                    .map(|r| r.messages_en.clone())
                    .collect::<Vec<_>>()
                    .join(" ");
                for s in strings(expect, "messages_contain") {
                    assert!(
                        unmasked_messages.contains(&s),
                        "{name}: {unmasked_messages}"
                    );
                }
                for secret in &never {
                    for shown in [&summary, &masked, &messages] {
                        assert!(!shown.contains(secret.as_str()), "{name}: {secret}");
                    }
                }
                let unmasked = csv_text(&report, Masking::Unmasked);
                for s in strings(expect, "unmasked_csv_contains") {
                    assert!(unmasked.contains(&s), "{name}: {s} in {unmasked}");
                }
                for s in strings(expect, "unmasked_csv_lacks") {
                    assert!(!unmasked.contains(&s), "{name}: {s} in {unmasked}");
                }
            }
        }
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn hostile_calendars() {
    for case in vectors()["calendars"].as_array().unwrap() {
        let loaded = openday::calendar::WorkCalendar::from_json(case["json"].as_str().unwrap());
        assert_eq!(
            loaded.is_ok(),
            case["expect"]["loads"] == true,
            "{}",
            case["name"]
        );
    }
}

#[test]
fn hostile_draws() {
    for case in vectors()["draws"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let plan = plan(&case["plan"]);
        let policy = plan.document().selection.clone().unwrap();
        let features = policy.features.iter().map(|f| f.name.clone()).collect();
        let pool = Pool::new(features, vec![]).unwrap();
        let seats = u32::try_from(case["seats"].as_u64().unwrap()).unwrap();
        let targets = Targets::new(seats, policy);
        let err = selection::draw(&pool, &targets, "hostile").unwrap_err();
        let err = openday::Error::from(err);
        assert_eq!(
            Some(err.kind().name()),
            case["expect"]["error"].as_str(),
            "{name}"
        );
    }
}

#[test]
fn hostile_ledgers() {
    for case in vectors()["ledgers"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        let plan = plan(&case["plan"]);
        let events: Vec<LedgerEvent> = serde_json::from_value(case["events"].clone()).unwrap();
        let ledger =
            Ledger::replay(&plan, openday::calendar::WorkCalendar::china(), &events).unwrap();
        let masked = ledger.to_csv(Masking::Masked);
        let unmasked = ledger.to_csv(Masking::Unmasked);
        for s in strings(expect, "masked_csv_contains") {
            assert!(masked.contains(&s), "{name}: {s} in {masked}");
        }
        for s in strings(expect, "masked_csv_lacks") {
            assert!(!masked.contains(&s), "{name}: {s} in {masked}");
        }
        for s in strings(expect, "unmasked_csv_contains") {
            assert!(unmasked.contains(&s), "{name}: {s} in {unmasked}");
        }
    }
}

#[test]
fn hostile_rosters() {
    for case in vectors()["rosters"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let plan = plan(&case["plan"]);
        let csv = std::fs::read(repo(case["registrations"].as_str().unwrap())).unwrap();
        let report = screen_csv(&plan, &csv, "registrations.csv", &keyed()).unwrap();
        let targets = Targets::from_plan(&plan).unwrap();
        let pool = Pool::from_screening(&report, &plan, &targets.policy).unwrap();
        let record = selection::draw(&pool, &targets, case["seed"].as_str().unwrap())
            .unwrap()
            .record;
        let at = (plan.starts_at() - chrono::Duration::days(5)).fixed_offset();
        let mut roster = Roster::new(&plan, pool.clone(), targets.clone()).unwrap();
        roster.drawn(at, "hostile", &record).unwrap();
        let mut entries = roster.entries().to_vec();
        // The entries as plain JSON, the way a binding sees them.
        let mut json = serde_json::to_value(&entries).unwrap();
        swap_first_panel_member(&mut json, &pool);
        entries = serde_json::from_value(json).unwrap();
        let err = Roster::replay(&plan, pool, targets, &entries)
            .map(|_| ())
            .unwrap_err();
        let err = openday::Error::from(err);
        assert_eq!(
            Some(err.kind().name()),
            case["expect"]["error"].as_str(),
            "{name}"
        );
        let contains = case["expect"]["contains"].as_str().unwrap();
        assert!(err.to_string().contains(contains), "{name}: {err}");
    }
}

/// Put the first pool member who is neither on the panel nor a reserve in
/// the first panel seat of the journal's draw record.
fn swap_first_panel_member(entries: &mut Value, pool: &Pool) {
    let drawn = entries
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["event"]["type"] == "drawn")
        .unwrap();
    let record = &mut drawn["event"]["record"];
    let taken: Vec<String> = ["panel", "reserves"]
        .iter()
        .flat_map(|k| strings(record, k))
        .collect();
    let outsider = pool
        .candidates()
        .iter()
        .map(|c| c.id.clone())
        .find(|id| !taken.contains(id))
        .unwrap();
    record["panel"][0] = Value::String(outsider);
}
