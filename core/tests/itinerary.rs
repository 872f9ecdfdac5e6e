#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
//! Timetable layout, re-planning, postponement, transport and exports.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};
use openday::itinerary::{
    ActualTimes, ReplanError, ical, postpone, replan, run_sheets, timeline_svg, transport,
};
use openday::{OpenDayPlan, Plan, ProblemCode};
use proptest::prelude::*;

fn guyuan() -> Plan {
    Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn done(segment: &str, ended: &str) -> ActualTimes {
    ActualTimes {
        segment: segment.into(),
        started_at: None,
        ended_at: at(ended),
    }
}

fn hm(t: DateTime<chrono_tz::Tz>) -> String {
    t.format("%H:%M").to_string()
}

#[test]
fn seed_day_lays_out_as_the_plan_states_with_slack() {
    let plan = guyuan();
    let t = plan.timetable();
    let got: Vec<(String, String, i64)> = t
        .segments
        .iter()
        .map(|s| (hm(s.starts_at), hm(s.ends_at), s.slack_minutes))
        .collect();
    let want = [
        ("14:20", "14:40"),
        ("14:40", "15:20"),
        ("15:20", "16:00"),
        ("16:00", "16:30"),
        ("16:30", "17:00"),
        ("17:00", "18:00"),
    ];
    assert_eq!(
        got.iter()
            .map(|g| (g.0.as_str(), g.1.as_str()))
            .collect::<Vec<_>>(),
        want
    );
    // Everything is tight: the 17:00 discussion and the 18:00 end leave no slack.
    assert!(got.iter().all(|g| g.2 == 0), "{got:?}");
    let minimal = Plan::from_json(openday::examples::MINIMAL_PLAN).unwrap();
    assert_eq!(minimal.timetable().segments[0].slack_minutes, 90);
}

#[test]
fn travel_legs_come_from_the_travel_table() {
    let mut doc = OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    doc.travel = serde_json::from_str(
        r#"[{"from": "sewage-plants", "to": "dayuan-square", "minutes": 10}]"#,
    )
    .unwrap();
    // Make room: the discussion is no longer pinned and the day ends later.
    doc.itinerary[5].start = None;
    doc.day.end = NaiveTime::from_hms_opt(18, 30, 0).unwrap();
    let plan = Plan::new(doc).unwrap();
    let t = plan.timetable();
    let ids: Vec<&str> = t.segments.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "check-in",
            "site-1",
            "travel:dayuan-square:sewage-plants",
            "site-2",
            "site-3",
            "site-4",
            "discussion"
        ]
    );
    let leg = &t.segments[2];
    assert!(leg.derived);
    assert_eq!(
        (hm(leg.starts_at), hm(leg.ends_at)),
        ("15:20".into(), "15:30".into())
    );
    assert_eq!(hm(t.segment("discussion").unwrap().ends_at), "18:10");
}

#[test]
fn layout_checks_report_every_problem() {
    let mut doc = OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    doc.itinerary.swap(0, 1);
    doc.itinerary[0].start = None;
    doc.itinerary[3].units.clear();
    doc.venues[5].capacity = Some(20);
    doc.travel =
        serde_json::from_str(r#"[{"from": "nowhere", "to": "cgj-gate", "minutes": 0}]"#).unwrap();
    let problems: Vec<(String, ProblemCode)> = doc
        .validate()
        .into_iter()
        .map(|p| (p.path, p.code))
        .collect();
    for want in [
        ("itinerary[1].kind", ProblemCode::CheckInNotFirst),
        ("itinerary[3].units", ProblemCode::NoResponsibleUnit),
        ("itinerary[4].venue", ProblemCode::CapacityBelowGroup),
        ("itinerary[5].venue", ProblemCode::CapacityBelowGroup),
        ("travel[0].from", ProblemCode::UnknownVenue),
        ("travel[0].minutes", ProblemCode::ZeroDuration),
    ] {
        assert!(
            problems.contains(&(want.0.into(), want.1)),
            "missing {want:?} in {problems:?}"
        );
    }
}

#[test]
fn transport_counts_vehicles_for_seats_and_staff() {
    let plan = guyuan();
    let need = transport(&plan).unwrap();
    assert_eq!((need.group, need.vehicle_count, need.fits), (36, 1, true));
    assert_eq!(need.vehicles[0].vehicle, "大巴");
    assert_eq!(need.legs, ["site-1", "site-2", "site-3", "site-4"]);
    let mut doc = plan.into_document();
    doc.seats = 90;
    doc.venues[5].capacity = None;
    // One bus is not enough for 96; booked as needed, three are.
    assert!(Plan::new(doc.clone()).is_err());
    doc.transport.as_mut().unwrap().fleet[0].count = None;
    assert_eq!(
        transport(&Plan::new(doc).unwrap()).unwrap().vehicle_count,
        3
    );
}

/// A second office's day: one 22-seat bus for 20 citizens and 3 staff, a
/// walk between two sites, a return trip after the window.
fn fleet_day(count: u32) -> OpenDayPlan {
    let mut doc = lab_day(35, "10:20");
    doc.seats = 20;
    doc.venues = serde_json::from_value(serde_json::json!([
        {"id": "gate", "name": "Gate"}, {"id": "plant", "name": "Plant"}, {"id": "lab", "name": "Lab"}
    ]))
    .unwrap();
    doc.itinerary[0].venue = Some("gate".into());
    doc.itinerary[1].venue = Some("plant".into());
    doc.itinerary.remove(2); // the walk becomes a derived leg of the travel table
    doc.itinerary[2].venue = Some("lab".into());
    doc.travel = serde_json::from_value(serde_json::json!([
        {"from": "gate", "to": "plant", "minutes": 10},
        {"from": "plant", "to": "lab", "minutes": 5, "mode": "walk"}
    ]))
    .unwrap();
    doc.transport = Some(
        serde_json::from_value(serde_json::json!({
            "fleet": [{"vehicle": "bus", "seats": 22, "count": count}],
            "staff": 3,
            "return_trip": {"to": "gate", "minutes": 25}
        }))
        .unwrap(),
    );
    doc
}

#[test]
fn a_fleet_too_small_for_the_group_is_an_error_naming_what_would_do() {
    let err = Plan::new(fleet_day(1)).unwrap_err();
    let p = err
        .problems()
        .iter()
        .find(|p| p.code == ProblemCode::FleetTooSmall)
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(p.path, "transport.fleet");
    assert!(
        p.message_en.contains("seats 22, but the group is 23"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_en.contains("2 × bus (22 seats)"),
        "{}",
        p.message_en
    );
}

#[test]
fn walking_legs_need_no_vehicle_and_the_return_trip_runs_after_the_window() {
    let plan = Plan::new(fleet_day(2)).unwrap();
    let t = plan.timetable();
    let ids: Vec<&str> = t.segments.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "check-in",
            "travel:gate:plant",
            "plant",
            "travel:plant:lab",
            "lab",
            "return:lab:gate"
        ]
    );
    let walk = t.segment("travel:plant:lab").unwrap();
    assert_eq!(walk.mode, Some(openday::itinerary::TravelMode::Walk));
    let back = t.segment("return:lab:gate").unwrap();
    assert!(back.after_window);
    assert_eq!(
        (hm(back.starts_at), hm(back.ends_at)),
        ("10:50".into(), "11:15".into())
    );
    // The programme ends with the lab; the return trip does not count against the window.
    assert_eq!(hm(t.ends_at()), "10:50");
    let need = transport(&plan).unwrap();
    assert_eq!(need.legs, ["travel:gate:plant", "return:lab:gate"]);
    assert_eq!(need.other_legs, ["travel:plant:lab"]);
    assert_eq!((need.vehicle_count, need.seats), (2, 44));
    // A return trip the window must cover, and that does not fit, is an error.
    let mut doc = fleet_day(2);
    doc.day.end = NaiveTime::from_hms_opt(11, 0, 0).unwrap();
    if let Some(t) = doc.transport.as_mut() {
        t.return_trip.as_mut().unwrap().within_window = true;
    }
    let err = Plan::new(doc).unwrap_err();
    assert!(
        err.problems()
            .iter()
            .any(|p| p.code == ProblemCode::SegmentOutsideDay),
        "{err}"
    );
}

#[test]
fn a_fifteen_minute_overrun_is_absorbed_before_the_discussion() {
    let plan = guyuan();
    let r = replan(
        &plan,
        &[
            done("check-in", "2025-09-24T14:40:00+08:00"),
            done("site-1", "2025-09-24T15:20:00+08:00"),
            done("site-2", "2025-09-24T16:15:00+08:00"),
        ],
    )
    .unwrap();
    let t = &r.timetable;
    assert!(t.segments[..3].iter().all(|s| s.actual));
    assert_eq!(
        (hm(t.segments[3].starts_at), hm(t.segments[3].ends_at)),
        ("16:15".into(), "16:35".into())
    );
    assert_eq!(
        (hm(t.segments[4].starts_at), hm(t.segments[4].ends_at)),
        ("16:35".into(), "17:00".into())
    );
    assert_eq!(hm(t.segments[5].starts_at), "17:00");
    assert!(r.window_holds);
    let changes: Vec<(&str, i64, i64)> = r
        .changes
        .iter()
        .map(|c| (c.segment.as_str(), c.shift_minutes, c.shortened_minutes))
        .collect();
    assert_eq!(changes, [("site-3", 15, 10), ("site-4", 5, 5)]);
}

#[test]
fn a_long_overrun_pushes_the_discussion_and_breaks_the_window() {
    let plan = guyuan();
    let r = replan(
        &plan,
        &[
            done("check-in", "2025-09-24T14:40:00+08:00"),
            done("site-1", "2025-09-24T15:20:00+08:00"),
            done("site-2", "2025-09-24T16:45:00+08:00"),
        ],
    )
    .unwrap();
    // 16:45 + 20 + 20 (both sites at their minimum) = 17:25.
    assert_eq!(
        hm(r.timetable.segment("discussion").unwrap().starts_at),
        "17:25"
    );
    assert!(!r.window_holds);
    assert_eq!(r.overrun_minutes, 25);
    assert_eq!(hm(r.new_end), "18:25");
}

#[test]
fn replan_refuses_unknown_out_of_order_and_backwards_times() {
    let plan = guyuan();
    let err = replan(&plan, &[done("site-9", "2025-09-24T15:00:00+08:00")]).unwrap_err();
    assert!(matches!(err, ReplanError::UnknownSegment { .. }), "{err}");
    let err = replan(&plan, &[done("site-1", "2025-09-24T15:20:00+08:00")]).unwrap_err();
    assert_eq!(
        err,
        ReplanError::OutOfOrder {
            segment: "site-1".into(),
            missing: "check-in".into()
        }
    );
    let backwards = ActualTimes {
        segment: "check-in".into(),
        started_at: Some(at("2025-09-24T14:30:00+08:00")),
        ended_at: at("2025-09-24T14:25:00+08:00"),
    };
    assert!(matches!(
        replan(&plan, &[backwards]).unwrap_err(),
        ReplanError::EndBeforeStart { .. }
    ));
}

#[test]
fn postponement_checks_notice_and_lists_who_to_tell() {
    let plan = guyuan();
    let day = NaiveDate::from_ymd_opt(2025, 9, 26).unwrap();
    let moved = postpone(
        &plan,
        day,
        Some(NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
        at("2025-09-23T14:20:00+08:00"),
    )
    .unwrap();
    assert_eq!(moved.new_start.to_rfc3339(), "2025-09-26T09:00:00+08:00");
    assert_eq!(
        hm(moved
            .plan
            .timetable()
            .segment("discussion")
            .unwrap()
            .starts_at),
        "11:40"
    );
    let fields: Vec<&str> = moved.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "day.date",
            "day.start",
            "day.end",
            "itinerary[0].start",
            "itinerary[5].start"
        ]
    );
    assert_eq!(moved.notify.len(), 2 + plan.document().units.len());
    assert_eq!(moved.notice_hours, 24);
    let err = postpone(&plan, day, None, at("2025-09-23T14:20:01+08:00")).unwrap_err();
    assert!(err.to_string().contains("at least 24 h notice"), "{err}");
    let err = postpone(
        &plan,
        day,
        Some(NaiveTime::from_hms_opt(22, 0, 0).unwrap()),
        at("2025-09-20T00:00:00+08:00"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("midnight"), "{err}");
    // With the policy, the registration deadline moves by as much as the start.
    let mut doc = plan.document().clone();
    doc.postponement.shift_registration_deadline = true;
    let moved = postpone(
        &Plan::new(doc).unwrap(),
        day,
        None,
        at("2025-09-10T00:00:00+08:00"),
    )
    .unwrap();
    assert_eq!(
        moved.plan.registration_deadline().to_rfc3339(),
        "2025-09-19T18:30:00+08:00"
    );
}

fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn ical_is_folded_escaped_and_has_one_event_per_segment() {
    let plan = guyuan();
    let stamp = Utc::now().with_timezone(&Utc);
    let ics = ical(&plan, plan.timetable(), stamp);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for raw in ics.split("\r\n") {
        assert!(raw.len() <= 75, "line over 75 octets: {raw}");
        assert!(!raw.contains('\n'));
    }
    let lines = unfold(&ics);
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 6);
    assert!(lines.contains(&"DTSTART;TZID=Asia/Shanghai:20250924T142000".to_owned()));
    assert!(lines.contains(&"DTEND;TZID=Asia/Shanghai:20250924T180000".to_owned()));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("LOCATION:城管大楼门前\\, 固原市原州区文化路7号"))
    );
    assert!(lines.contains(&"TZOFFSETTO:+0800".to_owned()));
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("BEGIN:V")).count(),
        lines.iter().filter(|l| l.starts_with("END:V")).count()
    );
}

#[test]
fn ical_vtimezone_lists_daylight_saving_transitions() {
    let mut doc = OpenDayPlan::from_json(openday::examples::MINIMAL_PLAN).unwrap();
    doc.time_zone = "America/New_York".into();
    doc.registration.deadline = at("2026-05-01T00:00:00-04:00");
    let plan = Plan::new(doc).unwrap();
    let lines = unfold(&ical(&plan, plan.timetable(), Utc::now()));
    assert!(lines.contains(&"BEGIN:DAYLIGHT".to_owned()));
    assert!(
        lines.contains(&"DTSTART:20260308T020000".to_owned()),
        "spring forward 2026"
    );
    assert!(
        lines.contains(&"DTSTART:20251102T020000".to_owned()),
        "fall back 2025"
    );
    assert!(lines.contains(&"DTSTART;TZID=America/New_York:20260516T140000".to_owned()));
}

#[test]
fn run_sheets_per_unit_and_svg_per_segment() {
    let plan = guyuan();
    let sheets = run_sheets(&plan, plan.timetable());
    let office = sheets.iter().find(|s| s.unit == "office").unwrap();
    assert!(office.markdown.contains("总体协调"));
    assert!(office.markdown.contains("| 14:20–14:40 | 集合签到 |"));
    assert!(
        office.markdown.contains("车辆保障（大巴"),
        "the transport unit gets the bus legs"
    );
    assert_eq!(office.csv.lines().count(), 1 + 1 + 4);
    let gardens = sheets.iter().find(|s| s.unit == "gardens").unwrap();
    assert_eq!(gardens.csv.lines().count(), 2);
    assert!(sheets.iter().all(|s| s.unit != "nobody"));
    let r = replan(
        &plan,
        &[
            done("check-in", "2025-09-24T14:40:00+08:00"),
            done("site-1", "2025-09-24T15:35:00+08:00"),
        ],
    )
    .unwrap();
    let svg = timeline_svg(&plan, plan.timetable(), Some(&r.timetable));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("<g class=\"segment\"").count(), 6);
    assert_eq!(svg.matches("class=\"planned\"").count(), 6);
    assert_eq!(svg.matches("class=\"actual\"").count(), 2);
    assert_eq!(svg.matches("class=\"replanned\"").count(), 4);
    assert!(svg.contains("data-id=\"site-3\""));
}

fn ordered(t: &openday::itinerary::Timetable) -> bool {
    t.segments
        .windows(2)
        .all(|w| w[0].ends_at <= w[1].starts_at)
        && t.segments.iter().all(|s| s.starts_at <= s.ends_at)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn laid_out_segments_never_overlap(durations in prop::collection::vec((5u32..120, any::<bool>()), 1..8)) {
        let mut doc = OpenDayPlan::from_json(openday::examples::MINIMAL_PLAN).unwrap();
        doc.day.start = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        doc.day.end = NaiveTime::from_hms_opt(23, 0, 0).unwrap();
        let template = doc.itinerary[0].clone();
        doc.itinerary = durations.iter().enumerate().map(|(i, (m, fixed))| {
            let mut s = template.clone();
            s.id = format!("s{i}");
            s.duration.minutes = *m;
            // A fixed start late enough never to conflict: i hours after 08:00 plus the running total.
            s.start = fixed.then(|| NaiveTime::from_hms_opt(8, 0, 0).unwrap() + Duration::minutes(i64::from(i as u32 * 120)));
            s
        }).collect();
        if let Ok(plan) = Plan::new(doc) {
            prop_assert!(ordered(plan.timetable()));
            prop_assert_eq!(plan.timetable().segments.len(), durations.len());
        }
    }

    #[test]
    fn replanning_keeps_finished_segments_and_minimums(delays in prop::collection::vec(-20i64..60, 1..6)) {
        let plan = guyuan();
        let planned = plan.timetable().clone();
        let mut end = plan.starts_at();
        let mut actuals = Vec::new();
        for (s, d) in planned.segments.iter().zip(&delays) {
            let length = (s.ends_at - s.starts_at + Duration::minutes(*d)).max(Duration::minutes(1));
            let begin = end.max(s.starts_at);
            end = begin + length;
            actuals.push(ActualTimes { segment: s.id.clone(), started_at: Some(begin.fixed_offset()), ended_at: end.fixed_offset() });
        }
        let r = replan(&plan, &actuals).unwrap();
        prop_assert!(ordered(&r.timetable));
        for (s, a) in r.timetable.segments.iter().zip(&actuals) {
            prop_assert!(s.actual);
            prop_assert_eq!(s.ends_at, a.ended_at.with_timezone(&plan.time_zone()));
        }
        for (s, seg) in r.timetable.segments.iter().zip(&plan.document().itinerary).skip(actuals.len()) {
            let min = i64::from(seg.duration.min_minutes.unwrap_or(seg.duration.minutes));
            prop_assert!((s.ends_at - s.starts_at).num_minutes() >= min);
            prop_assert!(!s.actual);
        }
    }

    #[test]
    fn postponing_and_moving_back_restores_the_timetable(days in 1i64..60, minutes in -240i64..120) {
        let plan = guyuan();
        let original = plan.document().day;
        let new_date = original.date + Duration::days(days);
        let new_start = original.start + Duration::minutes(minutes);
        let moved = postpone(&plan, new_date, Some(new_start), at("2025-09-01T00:00:00+08:00")).unwrap();
        let back = postpone(&moved.plan, original.date, Some(original.start), at("2025-09-01T00:00:00+08:00")).unwrap();
        prop_assert_eq!(back.plan.timetable(), plan.timetable());
        prop_assert_eq!(back.plan.document(), plan.document());
    }
}

/// A minimal day with an approximate visit before a fixed-start lab, as a
/// second office (a water bureau) would write it.
fn lab_day(visit_min: u32, lab_start: &str) -> OpenDayPlan {
    let mut doc = OpenDayPlan::from_json(openday::examples::MINIMAL_PLAN).unwrap();
    doc.day.start = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    doc.day.end = NaiveTime::from_hms_opt(11, 30, 0).unwrap();
    let unit = doc.units[0].id.clone();
    doc.itinerary = serde_json::from_value(serde_json::json!([
        {"id": "check-in", "kind": "check_in", "title": "Check-in", "duration": {"minutes": 30}, "units": [unit]},
        {"id": "plant", "kind": "site_visit", "title": "Plant", "units": [unit],
         "duration": {"minutes": 45, "approximate": true, "min_minutes": visit_min, "max_minutes": 50}},
        {"id": "walk", "kind": "travel", "title": "Walk", "mode": "walk", "duration": {"minutes": 10}},
        {"id": "lab", "kind": "site_visit", "title": "Lab", "start": lab_start, "units": [unit],
         "duration": {"minutes": 30}}
    ]))
    .unwrap();
    doc
}

#[test]
fn approximate_segments_are_shortened_to_meet_a_fixed_start_with_a_warning() {
    // 09:00 + 30 + 45 + 10 = 10:25, five minutes after the lab's 10:20.
    let plan = Plan::new(lab_day(35, "10:20")).unwrap();
    let plant = plan.timetable().segment("plant").unwrap();
    assert_eq!(
        (hm(plant.starts_at), hm(plant.ends_at)),
        ("09:30".into(), "10:10".into())
    );
    assert_eq!(
        hm(plan.timetable().segment("lab").unwrap().starts_at),
        "10:20"
    );
    let w = plan.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].code, ProblemCode::ShortenedToFit);
    assert_eq!(w[0].severity, openday::Severity::Warning);
    assert_eq!(w[0].path, "itinerary[3].start");
    assert!(
        w[0].message_en.contains("\"Plant\" from 45 to 40 min"),
        "{}",
        w[0].message_en
    );
    // Re-planning starts from the laid-out day: nothing changed yet.
    let r = replan(&plan, &[done("check-in", "2026-05-16T09:30:00+02:00")]).unwrap();
    assert!(r.changes.is_empty(), "{:?}", r.changes);
}

#[test]
fn a_fixed_start_that_bounds_cannot_meet_is_an_error_naming_the_shortfall() {
    // Even at its 42-minute minimum the plant visit ends at 10:12 + 10 min walk.
    let err = Plan::new(lab_day(42, "10:20")).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(
        (p.path.as_str(), p.code),
        ("itinerary[3].start", ProblemCode::FixedStartConflict)
    );
    assert!(p.is_error());
    assert!(p.message_en.contains("2 min later"), "{}", p.message_en);
    assert!(
        p.message_en.contains("from 45 to 42 min"),
        "{}",
        p.message_en
    );
}

/// The water bureau's lab: room for 12, a party of 23.
fn lab_with_capacity(groups: Option<u32>) -> OpenDayPlan {
    let mut doc = fleet_day(2);
    doc.venues[2].capacity = Some(12);
    doc.itinerary[2].groups = groups.map(|max_size| openday::itinerary::GroupSplit { max_size });
    doc
}

#[test]
fn a_venue_smaller_than_the_party_names_the_split_that_fits() {
    let err = Plan::new(lab_with_capacity(None)).unwrap_err();
    let p = err
        .problems()
        .iter()
        .find(|p| p.code == ProblemCode::CapacityBelowGroup)
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(p.path, "itinerary[2].venue");
    assert!(p.message_en.contains("the party is 23"), "{}", p.message_en);
    assert!(
        p.message_en
            .contains("split it into 2 groups of at most 12"),
        "{}",
        p.message_en
    );
    assert!(
        p.message_en.contains(r#""groups": {"max_size": 12}"#),
        "{}",
        p.message_en
    );
    // Groups larger than the room are refused too.
    let err = Plan::new(lab_with_capacity(Some(15))).unwrap_err();
    assert_eq!(err.problems()[0].path, "itinerary[2].groups.max_size");
}

#[test]
fn groups_take_turns_each_with_its_slot_in_the_timetable_and_exports() {
    let plan = Plan::new(lab_with_capacity(Some(12))).unwrap();
    let lab = plan.timetable().segment("lab").unwrap();
    let turns: Vec<(u32, u32, String, String)> = lab
        .turns
        .iter()
        .map(|t| (t.group, t.size, hm(t.starts_at), hm(t.ends_at)))
        .collect();
    assert_eq!(
        turns,
        [
            (1, 12, "10:20".into(), "10:35".into()),
            (2, 11, "10:35".into(), "10:50".into())
        ]
    );
    let sheets = run_sheets(&plan, plan.timetable());
    assert!(
        sheets[0]
            .markdown
            .contains("第2组 group 2 (11人) 10:35–10:50"),
        "{}",
        sheets[0].markdown
    );
    let ics = unfold(&ical(&plan, plan.timetable(), Utc::now()));
    assert!(
        ics.iter()
            .any(|l| l.contains("第1组 group 1 (12人) 10:20–10:35"))
    );
}

proptest! {
    /// Groups never exceed their bound, cover the whole party, and differ
    /// in size by at most one.
    #[test]
    fn group_sizes_cover_the_party_within_the_bound(party in 0u32..500, max in 1u32..60) {
        let sizes = openday::itinerary::group_sizes(party, max);
        prop_assert_eq!(sizes.iter().sum::<u32>(), party);
        prop_assert!(sizes.iter().all(|s| *s <= max && *s > 0));
        if let (Some(a), Some(b)) = (sizes.iter().max(), sizes.iter().min()) {
            prop_assert!(a - b <= 1);
        }
        prop_assert_eq!(sizes.len() as u32, party.div_ceil(max));
    }

    /// Turns tile the segment: in order, without gaps or overlaps.
    #[test]
    fn turns_tile_their_segment(seats in 1u32..120, max in 1u32..40, minutes in 1u32..120) {
        let mut doc = lab_with_capacity(None);
        doc.seats = seats;
        doc.venues[2].capacity = None;
        doc.transport = None;
        doc.travel.clear();
        doc.itinerary[2].start = None;
        doc.day.end = NaiveTime::from_hms_opt(23, 0, 0).unwrap();
        doc.itinerary[2].duration = openday::itinerary::DurationSpec::exact(minutes);
        doc.itinerary[2].groups = Some(openday::itinerary::GroupSplit { max_size: max });
        // Each group needs at least a minute (else the plan is refused).
        prop_assume!(minutes >= seats.div_ceil(max));
        let plan = Plan::new(doc).unwrap();
        let lab = plan.timetable().segment("lab").unwrap();
        if lab.turns.is_empty() {
            prop_assert!(seats <= max);
        } else {
            prop_assert_eq!(lab.turns.len() as u32, seats.div_ceil(max));
            prop_assert_eq!(lab.turns[0].starts_at, lab.starts_at);
            prop_assert_eq!(lab.turns.last().unwrap().ends_at, lab.ends_at);
            for w in lab.turns.windows(2) {
                prop_assert_eq!(w[0].ends_at, w[1].starts_at);
                prop_assert!(w[0].starts_at < w[0].ends_at);
            }
        }
    }
}
