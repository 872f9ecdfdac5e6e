//! Criterion benchmarks of openday live in this package's `[[bench]]`
//! targets; run them with `cargo bench -p openday-benches`.
