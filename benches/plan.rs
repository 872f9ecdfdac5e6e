//! Plan loading, validation, summary, synthetic data and channel counting.
#![allow(missing_docs, clippy::missing_panics_doc)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use openday::registration::ChannelTally;
use openday::synthetic::{SyntheticOptions, write_registrations_csv};
use openday::{OpenDayPlan, Plan};

fn plan(c: &mut Criterion) {
    let json = openday::examples::GUYUAN_2025_PLAN;
    let mut g = c.benchmark_group("plan");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("parse_and_validate_guyuan", |b| {
        b.iter(|| Plan::from_json(black_box(json)).expect("valid"));
    });
    let doc = OpenDayPlan::from_json(json).expect("parses");
    g.bench_function("validate_guyuan", |b| b.iter(|| black_box(&doc).validate()));
    let plan = Plan::from_json(json).expect("valid");
    g.bench_function("summary_text_guyuan", |b| {
        b.iter(|| black_box(&plan).summary().to_string());
    });
    g.finish();
}

fn registrations(c: &mut Criterion) {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).expect("valid");
    let rows = 100_000;
    let opts = SyntheticOptions::for_plan(&plan, rows, 1);
    let mut csv = Vec::new();
    write_registrations_csv(&opts, &mut csv).expect("in memory");
    let mut g = c.benchmark_group("registrations");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("synthetic_100k", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(csv.len());
            write_registrations_csv(black_box(&opts), &mut out).expect("in memory");
            out
        });
    });
    g.bench_function("tally_channels_100k", |b| {
        b.iter(|| ChannelTally::from_csv(black_box(csv.as_slice()), "bench").expect("valid csv"));
    });
    g.finish();
}

fn itinerary(c: &mut Criterion) {
    use openday::itinerary::{ActualTimes, ical, postpone, replan, run_sheets, timeline_svg};
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).expect("valid");
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("instant");
    let actual = vec![
        ActualTimes {
            segment: "check-in".into(),
            started_at: None,
            ended_at: at("2025-09-24T14:40:00+08:00"),
        },
        ActualTimes {
            segment: "site-1".into(),
            started_at: None,
            ended_at: at("2025-09-24T15:20:00+08:00"),
        },
        ActualTimes {
            segment: "site-2".into(),
            started_at: None,
            ended_at: at("2025-09-24T16:15:00+08:00"),
        },
    ];
    let stamp = chrono::DateTime::parse_from_rfc3339("2025-09-01T00:00:00Z")
        .expect("instant")
        .to_utc();
    let mut g = c.benchmark_group("itinerary");
    g.bench_function("replan_guyuan", |b| {
        b.iter(|| replan(black_box(&plan), &actual).expect("replans"));
    });
    let day = chrono::NaiveDate::from_ymd_opt(2025, 9, 26).expect("date");
    g.bench_function("postpone_guyuan", |b| {
        b.iter(|| {
            postpone(black_box(&plan), day, None, at("2025-09-20T00:00:00+08:00")).expect("moves")
        });
    });
    g.bench_function("ical_guyuan", |b| {
        b.iter(|| ical(black_box(&plan), plan.timetable(), stamp));
    });
    g.bench_function("run_sheets_guyuan", |b| {
        b.iter(|| run_sheets(black_box(&plan), plan.timetable()));
    });
    let r = replan(&plan, &actual).expect("replans");
    g.bench_function("timeline_svg_guyuan", |b| {
        b.iter(|| timeline_svg(black_box(&plan), plan.timetable(), Some(&r.timetable)));
    });
    g.finish();
}

criterion_group!(benches, plan, registrations, itinerary);
criterion_main!(benches);
