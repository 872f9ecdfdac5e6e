#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Inputs that used to panic: each is now refused with a located error.

use chrono::NaiveDate;
use openday::{OpenDayPlan, Plan, ProblemCode};

fn minimal() -> OpenDayPlan {
    OpenDayPlan::from_json(openday::examples::MINIMAL_PLAN).unwrap()
}

#[test]
fn forty_segments_of_u32_max_minutes_are_refused_not_overflowed() {
    let mut doc = minimal();
    let seg = doc.itinerary[0].clone();
    doc.itinerary = (0..40)
        .map(|i| {
            let mut s = seg.clone();
            s.id = format!("s{i}");
            s.duration = openday::itinerary::DurationSpec::exact(u32::MAX);
            s
        })
        .collect();
    let err = Plan::new(doc).unwrap_err();
    let out_of_range = err
        .problems()
        .iter()
        .filter(|p| p.code == ProblemCode::OutOfRange)
        .count();
    assert_eq!(out_of_range, 40, "{err}");
    assert_eq!(err.problems()[0].path, "itinerary[0].duration.minutes");
}

#[test]
fn years_outside_1900_to_2999_are_refused() {
    for year in [0, 1, 1899, 3000, 10000, 262_142] {
        let mut doc = minimal();
        doc.day.date = NaiveDate::from_ymd_opt(year, 5, 16).unwrap();
        let err = Plan::new(doc).unwrap_err();
        assert_eq!(err.problems()[0].path, "day.date", "{year}");
        assert_eq!(err.problems()[0].code, ProblemCode::OutOfRange);
    }
}

#[test]
fn a_calendar_at_the_end_of_time_is_read_without_panicking() {
    let json = r#"{"region": "X", "years": {"262142": {"source": "s",
        "holidays": [["+262142-12-30", "+262142-12-31", "end"]]}}}"#;
    let cal = openday::calendar::WorkCalendar::from_json(json).unwrap();
    let last = NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap();
    assert!(!cal.is_working_day(last).unwrap());
    // Counting past the end of the calendar's dates is an error, not a panic.
    assert!(cal.add_working_days(last, 5).is_err());
}

#[test]
fn a_draw_for_zero_seats_or_from_an_empty_pool_is_an_error() {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let policy = plan.document().selection.clone().unwrap();
    let pool: openday::selection::Pool = serde_json::from_value(serde_json::json!({
        "features": policy.features.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
        "candidates": []
    }))
    .unwrap();
    for seats in [0, 30] {
        let targets = openday::selection::Targets::new(seats, policy.clone());
        let result = std::panic::catch_unwind(|| openday::selection::draw(&pool, &targets, "seed"));
        let drawn = result.unwrap_or_else(|_| panic!("a draw for {seats} seats panicked"));
        assert!(drawn.is_err(), "{seats} seats from nobody");
    }
}
