//! Screening 100,000 registrations from an Excel workbook against the same
//! rows as CSV: what reading `.xlsx` (calamine: unzip, XML, shared strings)
//! adds to the screening itself.
#![allow(missing_docs, clippy::missing_panics_doc)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use openday::Plan;
use openday::export::Table;
use openday::screening::{ScreeningOptions, screen_csv};
use openday::synthetic::{SyntheticOptions, write_registrations_csv};
use openday::xlsx::{read_workbook, screen_xlsx, write_table_xlsx};

/// 100,000 rows under `cargo bench`; a small table as a smoke test.
fn rows() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        100_000
    } else {
        2_000
    }
}

/// The synthetic CSV's rows as a workbook (every cell text, as an office's
/// export of a registration form is).
fn workbook(csv: &[u8]) -> Vec<u8> {
    let mut r = csv::ReaderBuilder::new().from_reader(csv);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(str::to_owned).collect())
        .collect();
    write_table_xlsx(&Table { header, rows }, "报名").expect("workbook")
}

fn excel(c: &mut Criterion) {
    let rows = rows();
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).expect("valid");
    let mut csv = Vec::new();
    write_registrations_csv(&SyntheticOptions::for_plan(&plan, rows, 42), &mut csv)
        .expect("in memory");
    let book = workbook(&csv);
    if std::env::var_os("OPENDAY_BENCH_XLSX_OUT").is_some() {
        // For benches/compare_excel.py: the same workbook for pandas.
        std::fs::write(
            std::env::var_os("OPENDAY_BENCH_XLSX_OUT").expect("set"),
            &book,
        )
        .expect("written");
    }
    let opts = ScreeningOptions::default();
    let same = screen_xlsx(&plan, &book, "bench.xlsx", None, &opts).expect("screens");
    assert_eq!(
        same.counts(),
        screen_csv(&plan, &csv, "bench.csv", &opts)
            .expect("screens")
            .counts()
    );
    let mut g = c.benchmark_group("excel");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("screen_csv_100k", |b| {
        b.iter(|| screen_csv(&plan, black_box(&csv), "bench.csv", &opts).expect("screens"));
    });
    g.bench_function("screen_xlsx_100k", |b| {
        b.iter(|| {
            screen_xlsx(&plan, black_box(&book), "bench.xlsx", None, &opts).expect("screens")
        });
    });
    g.bench_function("read_xlsx_100k", |b| {
        b.iter(|| read_workbook(black_box(&book), "bench.xlsx", None).expect("reads"));
    });
    g.finish();
}

criterion_group!(benches, excel);
criterion_main!(benches);
