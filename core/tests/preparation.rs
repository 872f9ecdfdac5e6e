#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Preparation duties: defaults from the itinerary, listed duties, the
//! steps' rules, readiness, and the shared scenario (Rust, Python, JS).

use openday::calendar::WorkCalendar;
use openday::plan::preparation::{DoneWhen, DutyKind};
use openday::preparation::{PrepEvent, Preparation, Readiness};
use openday::{OpenDayPlan, Plan, ProblemCode};
use serde_json::Value;

fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn guyuan() -> Plan {
    Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

#[test]
fn duties_are_derived_from_the_itinerary() {
    let plan = guyuan();
    let prep = Preparation::new(&plan, &WorkCalendar::china()).unwrap();
    let ids: Vec<(&str, DutyKind, &str)> = prep
        .duties()
        .iter()
        .map(|d| (d.duty.id.as_str(), d.duty.kind, d.duty.unit.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("notice", DutyKind::Notice, "office"),
            ("printed-material", DutyKind::PrintedMaterial, "office"),
            ("reception-site-1", DutyKind::ReceptionPlan, "gardens"),
            ("safety-site-1", DutyKind::SafetyPlan, "gardens"),
            ("reception-site-2", DutyKind::ReceptionPlan, "sewage"),
            ("safety-site-2", DutyKind::SafetyPlan, "sewage"),
            ("reception-site-3", DutyKind::ReceptionPlan, "municipal-2"),
            ("reception-site-4", DutyKind::ReceptionPlan, "command-hall"),
            ("safety-site-4", DutyKind::SafetyPlan, "command-hall"),
            ("room-discussion", DutyKind::RoomSetup, "office"),
            ("vehicles", DutyKind::Vehicles, "office"),
        ]
    );
    let due = |id: &str| {
        prep.duties()
            .iter()
            .find(|d| d.duty.id == id)
            .unwrap()
            .due
            .to_rfc3339()
    };
    // Wednesday 24 Sep 2025: five working days before is Wednesday 17 Sep,
    // at the close of business of China's calendar.
    assert_eq!(due("safety-site-1"), "2025-09-17T18:00:00+08:00");
    // Registration opens Tuesday 26 Aug 09:00: the notice is due the
    // working day before, Monday 25 Aug.
    assert_eq!(due("notice"), "2025-08-25T18:00:00+08:00");
    let printed = prep
        .duties()
        .iter()
        .find(|d| d.duty.id == "printed-material")
        .unwrap();
    assert_eq!(
        printed.duty.done_when,
        DoneWhen::Count(30),
        "one copy a seat"
    );
}

#[test]
fn another_plan_gets_its_own_duties_on_its_own_calendar() {
    let text =
        std::fs::read_to_string(repo("core/data/examples/altona-2026/plan.openday.json")).unwrap();
    let plan = Plan::from_json(&text).unwrap();
    let calendar = WorkCalendar::for_plan(&plan).unwrap();
    let prep = Preparation::new(&plan, &calendar).unwrap();
    let doc = plan.document();
    let sites = doc
        .itinerary
        .iter()
        .filter(|s| s.kind == openday::itinerary::SegmentKind::SiteVisit)
        .count();
    let safety = prep
        .duties()
        .iter()
        .filter(|d| d.duty.kind == DutyKind::SafetyPlan)
        .count();
    assert_eq!(safety, sites);
    for d in prep.duties() {
        assert!(d.due < plan.starts_at(), "{} due before the day", d.duty.id);
        assert_eq!(d.due.timezone(), plan.time_zone());
        assert!(
            doc.units.iter().any(|u| u.id == d.duty.unit),
            "{}: {}",
            d.duty.id,
            d.duty.unit
        );
    }
}

#[test]
fn listed_duties_are_checked() {
    let mut doc = OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    doc.preparation = serde_json::from_value(serde_json::json!({
        "duties": [
            {"id": "press", "kind": "press", "title": "媒体", "unit": "nobody", "due": {"working_days_before": 2}},
            {"id": "press", "kind": "other", "title": "again", "unit": "office", "segment": "site-9", "due": {"working_days_before": 400}}
        ]
    }))
    .unwrap();
    let err = Plan::new(doc).unwrap_err();
    let codes: Vec<(String, ProblemCode)> = err
        .problems()
        .iter()
        .map(|p| (p.path.clone(), p.code))
        .collect();
    for want in [
        ("preparation.duties[0].unit", ProblemCode::UnknownUnit),
        ("preparation.duties[1].id", ProblemCode::DuplicateId),
        ("preparation.duties[1].segment", ProblemCode::UnknownSegment),
        ("preparation.duties[1].due", ProblemCode::OutOfRange),
        ("preparation.duties", ProblemCode::NoPerson),
    ] {
        assert!(
            codes.iter().any(|(p, c)| p == want.0 && *c == want.1),
            "{want:?} in {codes:?}"
        );
    }
}

fn scenario() -> Value {
    let text = std::fs::read_to_string(repo("testdata/preparation/scenario.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn scenario_plan(v: &Value) -> Plan {
    let text = std::fs::read_to_string(repo(v["plan"].as_str().unwrap())).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["preparation"] = serde_json::json!({ "duties": v["duties"] });
    Plan::from_json(&doc.to_string()).unwrap()
}

/// What the shared vector pins: readiness as ids and tallies.
fn summary(r: &Readiness) -> Value {
    let ids = |list: &[openday::preparation::DutyLine]| -> Vec<String> {
        list.iter().map(|d| d.id.clone()).collect()
    };
    serde_json::json!({
        "ready": r.ready,
        "blocking": ids(&r.blocking),
        "overdue": ids(&r.overdue),
        "due_soon": ids(&r.due_soon),
        "unverified": ids(&r.unverified),
        "by_unit": r.by_unit,
        "by_person": r.by_person,
    })
}

#[test]
fn the_shared_scenario() {
    let mut v = scenario();
    let plan = scenario_plan(&v);
    let events: Vec<PrepEvent> = serde_json::from_value(v["events"].clone()).unwrap();
    let mut prep = Preparation::replay(&plan, &WorkCalendar::china(), &events).unwrap();
    // The listed safety plan replaced the derived one, with its person.
    let listed = prep
        .duties()
        .iter()
        .find(|d| d.duty.id == "safety-site-2")
        .unwrap();
    assert_eq!(listed.duty.person.as_deref(), Some("王工"));
    assert_eq!(listed.status.code(), "open", "reopened");
    let as_of = v["as_of"].as_str().unwrap().parse().unwrap();
    let horizon = u32::try_from(v["horizon_days"].as_u64().unwrap()).unwrap();
    let readiness = prep.readiness(as_of, horizon);
    assert!(!readiness.ready);
    // As of an earlier instant, only the steps taken by then count: the
    // notice is done but not yet verified, the site-1 plans not yet done.
    let early = prep.readiness("2025-08-20T12:00:00+08:00".parse().unwrap(), 3);
    let ids =
        |l: &[openday::preparation::DutyLine]| l.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&early.unverified), ["notice"]);
    assert!(ids(&early.blocking).contains(&"reception-site-1".to_owned()));
    assert!(readiness.to_string().contains("NOT READY"));
    // Every refused step is refused with its code and changes nothing.
    let before = prep.duties().to_vec();
    for r in v["refused"].as_array().unwrap() {
        let e: PrepEvent = serde_json::from_value(r["event"].clone()).unwrap();
        let err = prep.apply(e).unwrap_err();
        assert_eq!(err.code(), r["code"].as_str().unwrap(), "{err}");
    }
    assert_eq!(prep.duties(), before.as_slice());
    let got = summary(&readiness);
    if std::env::var_os("OPENDAY_BLESS").is_some() {
        v["expect"] = got;
        let text = serde_json::to_string_pretty(&v).unwrap() + "\n";
        std::fs::write(repo("testdata/preparation/scenario.json"), text).unwrap();
    } else {
        assert_eq!(
            got, v["expect"],
            "re-bless with OPENDAY_BLESS=1 if the change is meant"
        );
    }
    // Finish everything (a second person verifies): ready.
    let at = |h: u32| -> chrono::DateTime<chrono::FixedOffset> {
        format!("2025-09-19T{h:02}:00:00+08:00").parse().unwrap()
    };
    let ids: Vec<(String, DoneWhen)> = prep
        .duties()
        .iter()
        .filter(|d| d.status.code() != "verified")
        .map(|d| (d.duty.id.clone(), d.duty.done_when.clone()))
        .collect();
    for (id, done_when) in &ids {
        let state = prep.duties().iter().find(|d| &d.duty.id == id).unwrap();
        if state.status.code() != "done" {
            let evidence = match done_when {
                DoneWhen::Document => serde_json::json!({"document": "方案"}),
                DoneWhen::Count(n) => serde_json::json!({"count": n}),
                DoneWhen::Check => serde_json::json!({}),
            };
            prep.apply(
                serde_json::from_value(serde_json::json!({
                    "at": at(9).to_rfc3339(), "actor": "承办单位",
                    "action": {"action": "done", "duty": id, "evidence": evidence}
                }))
                .unwrap(),
            )
            .unwrap();
        }
    }
    for (id, _) in &ids {
        prep.apply(
            serde_json::from_value(serde_json::json!({
                "at": at(15).to_rfc3339(), "actor": "督查组",
                "action": {"action": "verified", "duty": id}
            }))
            .unwrap(),
        )
        .unwrap();
    }
    let done = prep.readiness(at(16), 3);
    assert!(done.ready && done.blocking.is_empty() && done.unverified.is_empty());
    assert!(done.to_string().contains("READY · 准备就绪"));
    assert!(
        prep.task_sheets()
            .iter()
            .all(|s| s.markdown.contains("| verified |"))
    );
}
