#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! The post-event summary's figures against their sources: the screening
//! report, the draw, the roster's journal and the ledger.

use openday::Plan;
use openday::calendar::WorkCalendar;
use openday::confirmation::{CallOutcome, Roster};
use openday::ledger::{Ledger, LedgerEvent};
use openday::screening::{ScreeningOptions, screen_csv};
use openday::selection::{self, Pool, PseudonymKey, Targets};

#[test]
#[allow(clippy::too_many_lines)] // one scenario, checked figure by figure
fn the_summary_adds_up_to_its_sources() {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let opts = ScreeningOptions {
        pseudonym_key: Some(PseudonymKey::new("review test")),
        ..ScreeningOptions::default()
    };
    let report = screen_csv(
        &plan,
        openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes(),
        "r.csv",
        &opts,
    )
    .unwrap();
    let targets = Targets::from_plan(&plan).unwrap();
    let pool = Pool::from_screening(&report, &plan, &targets.policy).unwrap();
    let draw = selection::draw(&pool, &targets, "review").unwrap();
    let mut roster = Roster::new(&plan, pool, targets).unwrap();
    let t = |s: &str| s.parse().unwrap();
    roster
        .drawn(t("2025-09-18T09:00:00+08:00"), "报名组", &draw.record)
        .unwrap();
    for id in &draw.panel[..5] {
        roster
            .call(
                t("2025-09-18T10:00:00+08:00"),
                "话务",
                id,
                CallOutcome::Confirmed,
                None,
            )
            .unwrap();
    }
    for id in &draw.panel[..3] {
        roster
            .check_in(t("2025-09-24T14:30:00+08:00"), "签到", id)
            .unwrap();
    }
    // The day: check-in as planned, the first site 10 minutes over.
    let planned = plan.timetable();
    let site1 = planned.segment("site-1").unwrap();
    for (id, over) in [("check-in", 0), ("site-1", 10)] {
        let s = planned.segment(id).unwrap();
        roster
            .segment_ended(
                openday::itinerary::ActualTimes {
                    segment: id.to_owned(),
                    started_at: None,
                    ended_at: (s.ends_at + chrono::Duration::minutes(over)).fixed_offset(),
                },
                "现场",
            )
            .unwrap();
    }
    // A segment out of order, twice, or unknown is refused and not kept.
    for (id, code) in [
        ("discussion", "out_of_order"),
        ("site-1", "repeated"),
        ("nowhere", "unknown_segment"),
    ] {
        let e = roster
            .segment_ended(
                openday::itinerary::ActualTimes {
                    segment: id.to_owned(),
                    started_at: None,
                    ended_at: t("2025-09-24T18:00:00+08:00"),
                },
                "现场",
            )
            .unwrap_err();
        assert_eq!(e.code(), code);
        assert_eq!(openday::Error::from(e).kind().name(), "ReplanError");
    }
    assert_eq!(roster.actuals().len(), 2);
    let attendance = roster.attendance();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scenario: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("testdata/ledger/scenario.json")).unwrap(),
    )
    .unwrap();
    let events: Vec<LedgerEvent> = serde_json::from_value(scenario["events"].clone()).unwrap();
    let ledger = Ledger::replay(&plan, WorkCalendar::china(), &events).unwrap();
    let as_of = t(scenario["as_of"].as_str().unwrap());
    let r = openday::review::review(
        &plan,
        &report,
        &draw,
        (Some(&attendance), roster.day()),
        &ledger,
        as_of,
    );

    // Registrations: the report's counts; the channels add up to every row.
    assert_eq!(r.registrations, report.counts());
    let rows: u64 = r.by_channel.values().map(|c| c.rows).sum();
    assert_eq!(rows, report.counts().rows);
    assert_eq!(
        r.top_reasons.first().map(|(c, _)| c.as_str()),
        Some("outside_area")
    );
    // The draw: every feature's drawn values add up to the seats; came comes
    // from the journal (3 checked in).
    for feature in ["所在区县", "性别"] {
        let drawn: u32 = r
            .quotas
            .iter()
            .filter(|q| q.feature == feature)
            .map(|q| q.drawn)
            .sum();
        let came: u32 = r
            .quotas
            .iter()
            .filter(|q| q.feature == feature)
            .map(|q| q.came.unwrap())
            .sum();
        assert_eq!((drawn, came), (r.seats, 3), "{feature}");
    }
    assert!(r.min_probability > 0.0 && r.min_probability <= r.max_probability);
    assert_eq!(
        r.attendance.as_ref().map(|a| (a.confirmed, a.came)),
        Some((5, 3))
    );
    // Opinions: one per point in the ledger; satisfaction: one per form.
    let points: u64 = r.opinions_by_category.values().sum();
    assert_eq!(points, u64::try_from(ledger.cases().count()).unwrap());
    let s = &r.satisfaction;
    let forms = u64::try_from(ledger.forms().count()).unwrap();
    assert_eq!(
        s.satisfied + s.fairly + s.not_satisfied + s.unanswered,
        forms
    );
    let done: u64 = r.units.iter().map(|u| u.done).sum();
    let states: u64 = r.ledger_counts.values().sum();
    assert_eq!(states, points);
    assert!(
        r.on_time_rate.is_none_or(|x| (0.0..=1.0).contains(&x))
            && (done == 0) == r.on_time_rate.is_none()
    );
    // The day: two segments ran, the first site 10 min over; the rest is
    // re-planned, and the table says so.
    let day = r.day.as_ref().unwrap();
    assert_eq!(day.finished, 2);
    let s1 = day.segments.iter().find(|s| s.id == "site-1").unwrap();
    assert!(s1.actual);
    assert_eq!((s1.shift_minutes, s1.overrun_minutes), (0, 10));
    assert_eq!(
        s1.planned_end,
        site1.ends_at.fixed_offset().to_rfc3339(),
        "planned times are the plan's"
    );
    let next = day
        .segments
        .iter()
        .find(|s| !s.actual && !planned.segment(&s.id).unwrap().derived)
        .unwrap();
    assert!(
        next.shift_minutes > 0 || next.overrun_minutes < 0,
        "{next:?}"
    );
    assert_eq!(
        (day.over_minutes, day.cut_minutes),
        day.segments.iter().fold((0, 0), |(o, c), s| (
            o + s.overrun_minutes.max(0),
            c + (-s.overrun_minutes).max(0)
        ))
    );
    assert!(day.over_minutes >= 10);
    // The page: charts and the same numbers.
    let html = r.html();
    assert_eq!(html.matches("<svg").count(), 5);
    let md = r.markdown();
    assert!(md.contains("| 0 | +10 |"), "{md}");
    assert!(html.contains(&format!("共 {} 条", report.counts().rows)));
    assert!(md.contains(&format!("符合 {}", report.counts().eligible)));
    // Regenerated later, the ledger part moves on, the rest stays.
    let later = openday::review::review(
        &plan,
        &report,
        &draw,
        (Some(&attendance), roster.day()),
        &ledger,
        t("2026-01-01T09:00:00+08:00"),
    );
    assert_eq!(later.registrations, r.registrations);
    assert!(later.as_of > r.as_of);
}

/// The shared vector (`testdata/review/vector.json`): the same summary
/// figures from Rust, Python and JavaScript for the same inputs. Re-bless
/// with `OPENDAY_BLESS=1`.
#[test]
fn shared_review_vector() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("testdata/review/vector.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let plan = Plan::from_path(root.join(v["plan"].as_str().unwrap())).unwrap();
    let opts = ScreeningOptions {
        pseudonym_key: Some(PseudonymKey::new(openday::examples::DEMO_PSEUDONYM_KEY)),
        ..ScreeningOptions::default()
    };
    let csv = std::fs::read(root.join(v["registrations"].as_str().unwrap())).unwrap();
    let report = screen_csv(&plan, &csv, "registrations.csv", &opts).unwrap();
    let targets = Targets::from_plan(&plan).unwrap();
    let pool = Pool::from_screening(&report, &plan, &targets.policy).unwrap();
    let draw = selection::draw(&pool, &targets, v["seed"].as_str().unwrap()).unwrap();
    let mut roster = Roster::new(&plan, pool, targets).unwrap();
    let t = |k: &str| v[k].as_str().unwrap().parse().unwrap();
    roster.drawn(t("drawn_at"), "office", &draw.record).unwrap();
    let confirm = usize::try_from(v["confirm"].as_u64().unwrap()).unwrap();
    let check_in = usize::try_from(v["check_in"].as_u64().unwrap()).unwrap();
    for id in &draw.panel[..confirm] {
        roster
            .call(t("call_at"), "caller", id, CallOutcome::Confirmed, None)
            .unwrap();
    }
    for id in &draw.panel[..check_in] {
        roster.check_in(t("check_in_at"), "desk", id).unwrap();
    }
    let ended: Vec<openday::itinerary::ActualTimes> =
        serde_json::from_value(v["segments_ended"].clone()).unwrap();
    for actual in ended {
        roster.segment_ended(actual, "desk").unwrap();
    }
    let scenario: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(v["ledger"].as_str().unwrap())).unwrap(),
    )
    .unwrap();
    let events: Vec<LedgerEvent> = serde_json::from_value(scenario["events"].clone()).unwrap();
    let ledger = Ledger::replay(&plan, WorkCalendar::china(), &events).unwrap();
    let attendance = roster.attendance();
    let r = openday::review::review(
        &plan,
        &report,
        &draw,
        (Some(&attendance), roster.day()),
        &ledger,
        t("as_of"),
    );
    let got = serde_json::to_value(&r).unwrap();
    let keys = [
        "registrations",
        "by_channel",
        "top_reasons",
        "seats",
        "quotas",
        "opinions_by_category",
        "ledger_counts",
        "replies_owed",
        "satisfaction",
        "day",
    ];
    let pick: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| ((*k).to_owned(), got[*k].clone()))
        .collect();
    let mut expect = serde_json::Value::Object(pick);
    expect["attendance"] = serde_json::json!({
        "confirmed": attendance.confirmed, "came": attendance.came
    });
    expect["min_probability"] = got["min_probability"].clone();
    if std::env::var_os("OPENDAY_BLESS").is_some() {
        v["expect"] = expect.clone();
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap() + "\n").unwrap();
    }
    assert_eq!(
        expect, v["expect"],
        "re-bless with OPENDAY_BLESS=1 if the change is meant"
    );
}
