//! Balanced selection: the LEXIMIN (and MAXIMIN) lottery on synthetic pools
//! of 200 to 20,000 (see `openday::selection::synthetic`).
//!
//! Under `cargo test --benches` (a smoke run) only the 200 pool runs.
#![allow(missing_docs, clippy::missing_panics_doc)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use openday::selection::{
    self, Algorithm,
    synthetic::{InstanceSpec, instance},
};

/// (pool, seats, features, share in households, algorithm)
const CASES: &[(u32, u32, u32, f64, Algorithm)] = &[
    (200, 30, 4, 0.0, Algorithm::Leximin),
    (1000, 30, 4, 0.0, Algorithm::Leximin),
    (1000, 30, 4, 0.05, Algorithm::Leximin),
    (1000, 30, 4, 0.05, Algorithm::Maximin),
    (1000, 30, 4, 0.2, Algorithm::Maximin),
    (5000, 50, 4, 0.0, Algorithm::Leximin),
    (5000, 50, 5, 0.0, Algorithm::Maximin),
    (20000, 100, 4, 0.0, Algorithm::Leximin),
    (20000, 100, 4, 0.0, Algorithm::Maximin),
];

fn lottery(c: &mut Criterion) {
    let full = std::env::args().any(|a| a == "--bench");
    let mut group = c.benchmark_group("selection");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for &(pool, seats, features, households, algorithm) in CASES {
        if !full && pool > 200 {
            continue;
        }
        let spec = InstanceSpec {
            pool,
            seats,
            features,
            households,
            tolerance: 0.05,
            seed: 1,
            algorithm,
        };
        let (pool_, targets) = instance(&spec);
        let id = format!(
            "{}/pool={pool}/seats={seats}/features={features}/households={households}",
            algorithm.as_str()
        );
        group.bench_function(BenchmarkId::from_parameter(id), |b| {
            b.iter(|| selection::draw(black_box(&pool_), &targets, "bench").expect("draws"));
        });
    }
    group.finish();
}

criterion_group!(benches, lottery);
criterion_main!(benches);
