//! Screening registrations: 1,000,000 rows from CSV (decode, parse,
//! normalise, validate, deduplicate, evaluate), streamed from a reader, and
//! from memory.
#![allow(missing_docs, clippy::missing_panics_doc)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use openday::Plan;
use openday::registrant::Registrant;
use openday::screening::{ScreeningOptions, screen_csv, screen_reader, screen_registrants};
use openday::synthetic::{SyntheticOptions, write_registrations_csv};

/// 1,000,000 rows under `cargo bench`; a small table when `cargo test
/// --benches` runs each benchmark once as a smoke test.
fn rows() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        1_000_000
    } else {
        10_000
    }
}

fn screening(c: &mut Criterion) {
    let rows = rows();
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).expect("valid");
    let mut csv = Vec::new();
    write_registrations_csv(&SyntheticOptions::for_plan(&plan, rows, 42), &mut csv)
        .expect("in memory");
    let opts = ScreeningOptions::default();
    let registrants: Vec<Registrant> = screen_csv(&plan, &csv, "bench", &opts)
        .expect("screens")
        .rows()
        .filter_map(|r| r.registrant)
        .collect();
    let mut g = c.benchmark_group("screening");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("csv_1m", |b| {
        b.iter(|| screen_csv(&plan, black_box(&csv), "bench", &opts).expect("screens"));
    });
    // As a file is screened: read through a 64 KiB buffer, never held whole.
    g.bench_function("reader_1m", |b| {
        b.iter(|| {
            let input = std::io::Cursor::new(black_box(&csv));
            screen_reader(&plan, input, "bench", &opts).expect("screens")
        });
    });
    g.throughput(Throughput::Elements(registrants.len() as u64));
    g.bench_function("memory_1m", |b| {
        b.iter_batched(
            || registrants.clone(),
            |rs| screen_registrants(&plan, rs, &opts),
            BatchSize::LargeInput,
        );
    });
    g.finish();
}

criterion_group!(benches, screening);
criterion_main!(benches);
