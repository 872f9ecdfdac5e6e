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

criterion_group!(benches, plan, registrations);
criterion_main!(benches);
