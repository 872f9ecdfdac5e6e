//! temporary profiling driver (not committed)
#![allow(missing_docs, clippy::print_stdout)]
fn main() {
    let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let mut csv = Vec::new();
    openday::synthetic::write_registrations_csv(&openday::synthetic::SyntheticOptions::for_plan(&plan, 100_000, 42), &mut csv).unwrap();
    let t = std::time::Instant::now();
    let mut r = openday::screening::screen_csv(&plan, &csv, "x", &Default::default()).unwrap();
    for _ in 0..5 { r = openday::screening::screen_csv(&plan, &csv, "x", &Default::default()).unwrap(); }
    println!("{:?} {:?}", t.elapsed(), r.counts());
}
