#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Plan-level behaviour: committed artefacts stay in sync with the code,
//! and validation catches each kind of mistake.

use std::path::Path;

use openday::{OpenDayPlan, Plan, ProblemCode};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn committed_schema_matches_the_types() {
    let path = root().join("core/schema/openday-plan.schema.json");
    let generated = openday::schema::plan_schema();
    if std::env::var_os("OPENDAY_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        committed,
        generated,
        "run OPENDAY_BLESS=1 cargo test to refresh {}",
        path.display()
    );
    assert_eq!(
        openday::schema::PLAN_SCHEMA_JSON,
        generated,
        "the built-in copy is the committed file (rebuild after blessing)"
    );
}

#[test]
fn committed_registrations_are_the_generator_output_for_seed_2025() {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let opts = openday::synthetic::SyntheticOptions::for_plan(&plan, 500, 2025);
    let mut out = Vec::new();
    openday::synthetic::write_registrations_csv(&opts, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        openday::examples::GUYUAN_2025_REGISTRATIONS
    );
}

#[test]
fn seed_plan_keeps_the_source_text_and_names_its_stand_ins() {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let doc = plan.document();
    assert_eq!(
        plan.registration_deadline().to_rfc3339(),
        "2025-09-17T18:30:00+08:00"
    );
    assert_eq!(plan.ends_at().to_rfc3339(), "2025-09-24T18:00:00+08:00");
    assert!(doc.itinerary.iter().all(|s| !s.units.is_empty()));
    assert!(doc.source.as_ref().unwrap().stand_ins.len() >= 5);
    assert_eq!(plan.timetable().slack_minutes(), 0);
    assert_eq!(
        plan.postponement_notice_deadline().to_rfc3339(),
        "2025-09-23T14:20:00+08:00"
    );
}

fn minimal() -> OpenDayPlan {
    OpenDayPlan::from_json(openday::examples::MINIMAL_PLAN).unwrap()
}

fn codes(doc: &OpenDayPlan) -> Vec<(String, ProblemCode)> {
    doc.validate()
        .into_iter()
        .map(|p| (p.path, p.code))
        .collect()
}

#[test]
fn minimal_plan_is_valid() {
    assert_eq!(codes(&minimal()), vec![]);
}

#[test]
fn end_before_start_is_reported_once_with_segments_outside() {
    let mut doc = minimal();
    doc.day.end = doc.day.start;
    let found = codes(&doc);
    assert!(
        found.contains(&("day.end".into(), ProblemCode::EndBeforeStart)),
        "{found:?}"
    );
    assert!(
        found.contains(&("itinerary[0]".into(), ProblemCode::SegmentOutsideDay)),
        "{found:?}"
    );
}

#[test]
fn fixed_start_earlier_than_previous_end_is_a_conflict() {
    let mut doc = minimal();
    let mut second = doc.itinerary[0].clone();
    second.id = "talk".into();
    second.start = Some(chrono::NaiveTime::from_hms_opt(14, 10, 0).unwrap());
    doc.itinerary.push(second);
    assert_eq!(
        codes(&doc),
        vec![("itinerary[1].start".into(), ProblemCode::FixedStartConflict)]
    );
    let msg = &doc.validate()[0].message_en;
    assert!(msg.contains("20 min later"), "{msg}");
}

#[test]
fn daylight_saving_gap_is_reported_for_the_day_start() {
    let mut doc = minimal();
    doc.time_zone = "America/New_York".into();
    doc.day.date = chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
    doc.day.start = chrono::NaiveTime::from_hms_opt(2, 30, 0).unwrap();
    doc.registration.deadline = "2026-03-01T00:00:00-05:00".parse().unwrap();
    assert_eq!(
        codes(&doc),
        vec![("day.start".into(), ProblemCode::NonexistentLocalTime)]
    );
}

#[test]
fn registration_and_policy_mistakes_are_each_reported() {
    let mut doc = minimal();
    doc.registration.opens_at = Some("2026-05-10T00:00:00+02:00".parse().unwrap());
    doc.registration.channels.clear();
    doc.eligibility.rules = serde_json::from_str(
        r#"[{"rule":"minimum_age","years":18},{"rule":"maximum_age","years":16},
            {"rule":"minimum_age","years":20},{"rule":"area","areas":[]}]"#,
    )
    .unwrap();
    doc.feedback = serde_json::from_str(
        r#"{"categories":[{"id":"a","name":"A","unit":"nobody","time_limit":{"working_days":0}},
                          {"id":"a","name":""}]}"#,
    )
    .unwrap();
    let found = codes(&doc);
    let expect = [
        ("registration.channels", ProblemCode::NoChannels),
        ("registration.opens_at", ProblemCode::OpensAfterDeadline),
        ("eligibility.rules[2]", ProblemCode::DuplicateRule),
        ("eligibility.rules[3].areas", ProblemCode::EmptyList),
        ("eligibility.rules[1].years", ProblemCode::AgeRange),
        ("feedback.categories[1].id", ProblemCode::DuplicateId),
        ("feedback.categories[0].unit", ProblemCode::UnknownUnit),
        ("feedback.categories[0].time_limit", ProblemCode::ZeroAmount),
        ("feedback.categories[1].name", ProblemCode::Empty),
    ];
    for (path, code) in expect {
        assert!(
            found.contains(&(path.into(), code)),
            "missing {path} {code:?} in {found:?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:?}");
}

#[test]
fn timetable_is_zone_aware_whatever_the_host_zone() {
    // The instants depend on the plan's zone only.
    let plan = Plan::from_json(openday::examples::MINIMAL_PLAN).unwrap();
    assert_eq!(plan.starts_at().to_rfc3339(), "2026-05-16T14:00:00+02:00");
    assert_eq!(plan.starts_at().timestamp(), 1_778_932_800);
}

/// The plan is the bottom layer: no module under `core/src/plan/` uses a
/// stage (only other plan modules, `time`, and examples in tests).
#[test]
fn the_plan_depends_on_no_stage() {
    let dir = root().join("core/src/plan");
    // `time` is arithmetic below the plan, not a stage.
    let allowed = [
        "crate::plan",
        "crate::time",
        "crate::examples",
        "crate::Plan",
    ];
    // Every file under the plan, child modules' folders included.
    let mut files = Vec::new();
    let mut folders = vec![dir];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(
        files.len() > 10,
        "the plan's files were not found: {files:?}"
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at..];
                assert!(
                    allowed.iter().any(|a| rest.starts_with(a)),
                    "{}:{}: the plan must not depend on a stage: {line}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}

fn guyuan_doc() -> OpenDayPlan {
    OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

fn codes_at(doc: OpenDayPlan) -> Vec<(String, &'static str, &'static str)> {
    match Plan::new(doc) {
        Ok(plan) => plan
            .problems()
            .iter()
            .map(|p| (p.path.clone(), p.code.as_str(), p.severity.as_str()))
            .collect(),
        Err(e) => e
            .problems()
            .iter()
            .map(|p| (p.path.clone(), p.code.as_str(), p.severity.as_str()))
            .collect(),
    }
}

#[test]
fn selection_quotas_are_checked_when_the_plan_loads() {
    let mut doc = guyuan_doc();
    let sel = doc.selection.as_mut().unwrap();
    sel.features[1].quotas.get_mut("female").unwrap().share = Some(1.5);
    // A label that no age band can produce (the bands are 18-34, 35-49 …).
    let q = sel.features[2].quotas.remove("65+").unwrap();
    sel.features[2].quotas.insert("65-".into(), q);
    // Minimums above the seats.
    sel.features[3].quotas.get_mut("学生").unwrap().min = Some(40);
    let got = codes_at(doc.clone());
    // They block the draw, not the plan: screening still runs.
    let plan = Plan::new(doc).unwrap();
    assert_eq!(plan.blocking(openday::Stage::Draw).len(), 4);
    assert!(plan.blocking(openday::Stage::Plan).is_empty());
    let report = openday::screening::screen_csv(
        &plan,
        openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes(),
        "r.csv",
        &openday::screening::ScreeningOptions::default(),
    )
    .unwrap();
    assert_eq!(report.counts().rows, 500);
    assert!(report.to_string().contains("ERROR (blocks the draw stage)"));
    let err: openday::Error = openday::selection::Targets::from_plan(&plan)
        .unwrap_err()
        .into();
    assert_eq!(err.kind(), openday::ErrorKind::PlanValidation);
    assert_eq!(err.code(), "plan_blocked");
    assert_eq!(err.facts().problems.len(), 4);
    assert_eq!(
        got,
        [
            (
                "selection.features[1].quotas.female".into(),
                "bad_quota",
                "error"
            ),
            (
                "selection.features[2].quotas.65-".into(),
                "bad_quota",
                "error"
            ),
            (
                "selection.features[3].quotas.学生".into(),
                "bad_quota",
                "error"
            ),
            ("selection.features[3]".into(), "bad_quota", "error"),
        ]
    );
}

#[test]
fn the_confirmation_section_is_checked_when_the_plan_loads() {
    let mut doc = guyuan_doc();
    doc.confirmation = Some(
        serde_json::from_str(r#"{"max_attempts": 0, "deadline": "2025-09-25T12:00:00+08:00"}"#)
            .unwrap(),
    );
    assert_eq!(
        codes_at(doc.clone()),
        [
            ("confirmation.max_attempts".into(), "zero_amount", "error"),
            (
                "confirmation.deadline".into(),
                "deadline_after_start",
                "error"
            ),
        ]
    );
    doc.confirmation =
        Some(serde_json::from_str(r#"{"deadline_hours_before_start": 4294967295}"#).unwrap());
    doc.postponement.min_notice_hours = u32::MAX;
    assert_eq!(
        codes_at(doc.clone()),
        [
            (
                "postponement.min_notice_hours".into(),
                "out_of_range",
                "error"
            ),
            (
                "confirmation.deadline_hours_before_start".into(),
                "out_of_range",
                "error"
            ),
        ]
    );
    // A deadline before registration closes leaves no time to call anyone.
    doc.postponement.min_notice_hours = 24;
    doc.confirmation =
        Some(serde_json::from_str(r#"{"deadline_hours_before_start": 240}"#).unwrap());
    assert_eq!(
        codes_at(doc),
        [(
            "confirmation.deadline_hours_before_start".into(),
            "opens_after_deadline",
            "error"
        )]
    );
}

#[test]
fn weather_warnings_postpone_or_not_as_the_plan_says() {
    use openday::plan::postponement::WarningLevel;
    let mut doc = guyuan_doc();
    doc.postponement.weather = serde_json::from_str(
        r#"[{"warning": "沙尘暴", "min_level": "yellow", "postpones": true},
            {"warning": "暴雨", "postpones": false},
            {"warning": "暴雨", "min_level": "red", "postpones": true}]"#,
    )
    .unwrap();
    let plan = Plan::new(doc.clone()).unwrap();
    let d = |w: &str, l: &str| plan.weather(w, l.parse::<WarningLevel>().unwrap());
    assert!(d("沙尘暴预警", "橙色").postpones());
    assert_eq!(d("沙尘暴", "蓝").decision, "not_covered");
    assert_eq!(d("暴雨", "orange").decision, "does_not_postpone");
    let red = d("暴雨", "红色预警");
    assert_eq!((red.decision, red.rule), ("postpones", Some(2)));
    assert!(red.message_zh.contains("延期"));
    assert_eq!(d("高温", "red").decision, "not_covered");
    assert!("purple".parse::<WarningLevel>().is_err());
    // The same warning and level twice is refused.
    doc.postponement
        .weather
        .push(doc.postponement.weather[0].clone());
    assert_eq!(
        codes_at(doc),
        [("postponement.weather[3]".into(), "duplicate_rule", "error")]
    );
}

#[test]
fn the_plan_names_its_calendar_and_due_dates_follow_it() {
    use chrono::NaiveDate;
    use openday::calendar::WorkCalendar;
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let mut doc = guyuan_doc();
    // Ningxia's own holiday on Friday 24 October 2025 (a stand-in for a
    // regional day off), and office hours that close at 17:30.
    doc.calendar = serde_json::from_str(
        r#"{"extra": [{"region": "CN-64", "name": "宁夏", "years": {"2025": {
              "source": "test", "holidays": [["2025-10-24", "2025-10-24", "regional"]]}}}],
            "hours": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:30"}]}"#,
    )
    .unwrap();
    let plan = Plan::new(doc.clone()).unwrap();
    let cal = WorkCalendar::for_plan(&plan).unwrap();
    assert!(!cal.is_working_day(d(10, 24)).unwrap());
    // Thursday 23 Oct + 1 working day skips the regional holiday and the weekend.
    assert_eq!(cal.add_working_days(d(10, 23), 1).unwrap(), d(10, 27));
    let tz = plan.time_zone();
    let start = chrono::TimeZone::with_ymd_and_hms(&tz, 2025, 10, 23, 10, 0, 0).unwrap();
    let due = cal.due_after_working_days(start, 1).unwrap();
    assert_eq!(due.to_rfc3339(), "2025-10-27T17:30:00+08:00");
    // A bad range is refused when the plan loads.
    doc.calendar.extra[0].years.get_mut(&2025).unwrap().holidays[0].1 = d(10, 20);
    assert_eq!(
        codes_at(doc.clone()),
        [("calendar.extra[0]".into(), "bad_calendar", "error")]
    );
    // It blocks the ledger only.
    let plan = Plan::new(doc.clone()).unwrap();
    let err = openday::ledger::Ledger::for_plan(&plan).unwrap_err();
    assert_eq!(
        (err.kind(), err.code()),
        (openday::ErrorKind::PlanValidation, "plan_blocked")
    );
    assert!(openday::selection::Targets::from_plan(&plan).is_ok());
    // A day in a year the national calendar does not ship warns: due dates
    // could not be worked out.
    let mut doc = guyuan_doc();
    doc.calendar = openday::plan::calendar::CalendarPolicy::default();
    doc.day.date = NaiveDate::from_ymd_opt(2031, 9, 24).unwrap();
    doc.registration.opens_at = None;
    doc.registration.deadline =
        chrono::DateTime::parse_from_rfc3339("2031-09-17T18:30:00+08:00").unwrap();
    assert!(codes_at(doc.clone()).contains(&("calendar".into(), "bad_calendar", "warning")));
    // Weekends only: any year, no holidays.
    doc.calendar.base = openday::plan::calendar::BaseCalendar::Weekends;
    let plan = Plan::new(doc).unwrap();
    let cal = WorkCalendar::for_plan(&plan).unwrap();
    assert!(
        cal.is_working_day(NaiveDate::from_ymd_opt(2031, 10, 1).unwrap())
            .unwrap()
    );
}

#[test]
fn the_region_is_checked_and_drives_the_generator() {
    let mut doc = guyuan_doc();
    doc.region.districts[1].code = Some("64042".into());
    doc.region.districts[2].code = None;
    doc.region.phone_area_code = Some("09x4".into());
    assert_eq!(
        codes_at(doc),
        [
            ("region.districts[1].code".into(), "bad_region", "error"),
            ("region.districts[2].code".into(), "bad_region", "error"),
            ("region.phone_area_code".into(), "bad_region", "error"),
        ]
    );
    // Generated registrations use only the region's districts and the
    // plan's channels, and no ID numbers where resident IDs do not apply.
    let plan = Plan::from_json(openday::examples::ALTONA_2026_PLAN).unwrap();
    let opts = openday::synthetic::SyntheticOptions::for_plan(&plan, 200, 3);
    let mut out = Vec::new();
    openday::synthetic::write_registrations_csv(&opts, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert!(
        !headers
            .iter()
            .any(|h| h.contains("身份证") || h.contains("ID"))
    );
    let district = headers.iter().position(|h| h == "District").unwrap();
    let channel = headers.iter().position(|h| h == "Channel").unwrap();
    let names: Vec<&str> = plan
        .document()
        .region
        .districts
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    for r in reader.records() {
        let r = r.unwrap();
        assert!(names.contains(&&r[district]), "{}", &r[district]);
        assert_eq!(&r[channel], "e-mail");
    }
}

#[test]
fn a_format_1_document_validates_with_its_migration_warning() {
    let text =
        std::fs::read_to_string(root().join("testdata/plans/format-1-guyuan-2025.openday.json"))
            .unwrap();
    let doc = OpenDayPlan::from_json(&text).unwrap();
    assert_eq!(doc.format, 1);
    let problems = doc.validate();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, ProblemCode::MigratedFormat);
    let plan = Plan::new(doc).unwrap();
    assert_eq!(plan.document().format, 2);
    assert_eq!(
        plan.document().transport.as_ref().unwrap().vehicles()[0].seats,
        45
    );
}
