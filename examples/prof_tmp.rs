//! temporary profiling driver (not committed)
#![allow(missing_docs, clippy::print_stdout)]
fn main() {
    let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let mut csv = Vec::new();
    openday::synthetic::write_registrations_csv(
        &openday::synthetic::SyntheticOptions::for_plan(&plan, 1_000_000, 42),
        &mut csv,
    )
    .unwrap();
    let regs: Vec<_> = openday::screening::screen_csv(&plan, &csv, "x", &Default::default())
        .unwrap()
        .rows
        .into_iter()
        .filter_map(|r| r.registrant)
        .collect();
    for _ in 0..3 {
        let input = regs.clone();
        let t = std::time::Instant::now();
        let r = openday::screening::screen_registrants(&plan, input, &Default::default());
        println!("{:?} {:?}", t.elapsed(), r.counts());
        let t = std::time::Instant::now();
        drop(r);
        println!("drop {:?}", t.elapsed());
    }
}
