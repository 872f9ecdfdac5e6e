//! Times a LEXIMIN/MAXIMIN draw on a synthetic pool and prints the classes,
//! stages, panels and seconds, one JSON line per run.
//!
//! ```text
//! cargo run --release -p openday-examples --example draw_scale -- \
//!     --pool 1000 --seats 30 --features 4 --households 0.05 [--maximin] \
//!     [--max-seconds 60] [--outlook]
//! ```
//!
//! With `--max-seconds` the draw runs within that budget and reports whether
//! it finished and its certified bound on the best minimum probability;
//! `--outlook` prints the outlook before the draw.

use std::time::Instant;

use openday::selection::{
    self, Algorithm,
    synthetic::{InstanceSpec, instance},
};

fn main() {
    let mut spec = InstanceSpec {
        pool: 1000,
        seats: 30,
        features: 4,
        households: 0.0,
        tolerance: 0.05,
        seed: 1,
        algorithm: Algorithm::Leximin,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut budget = selection::Budget::default();
    let mut show_outlook = false;
    let mut i = 0;
    let value = |i: usize| -> &str {
        args.get(i + 1).map_or_else(
            || {
                eprintln!("{} needs a value", args[i]);
                std::process::exit(2)
            },
            String::as_str,
        )
    };
    let parse = |s: &str| -> f64 {
        s.parse().unwrap_or_else(|_| {
            eprintln!("not a number: {s}");
            std::process::exit(2)
        })
    };
    while i < args.len() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        match args[i].as_str() {
            "--pool" => spec.pool = parse(value(i)) as u32,
            "--seats" => spec.seats = parse(value(i)) as u32,
            "--features" => spec.features = parse(value(i)) as u32,
            "--households" => spec.households = parse(value(i)),
            "--tolerance" => spec.tolerance = parse(value(i)),
            "--seed" => spec.seed = parse(value(i)) as u64,
            "--max-seconds" => budget.max_seconds = Some(parse(value(i))),
            "--outlook" => {
                show_outlook = true;
                i += 1;
                continue;
            }
            "--maximin" => {
                spec.algorithm = Algorithm::Maximin;
                i += 1;
                continue;
            }
            other => {
                eprintln!("unknown flag {other}");
                std::process::exit(2)
            }
        }
        i += 2;
    }
    let (pool, targets) = instance(&spec);
    if show_outlook {
        match selection::outlook(&pool, &targets) {
            Ok(o) => openday_examples::say!(
                "{{\"outlook\":{{\"classes\":{},\"household_classes\":{},\"types\":{},\"slow\":{}}}}}",
                o.classes,
                o.household_classes,
                o.types,
                o.slow
            ),
            Err(e) => openday_examples::say!("{{\"error\":\"{}\"}}", e.code()),
        }
    }
    let start = Instant::now();
    match selection::draw_within(&pool, &targets, "scale", budget, &mut |_| true) {
        Ok(draw) => {
            let s = draw.stats;
            openday_examples::say!(
                "{{\"pool\":{},\"seats\":{},\"features\":{},\"households\":{},\"algorithm\":\"{}\",\"classes\":{},\"stages\":{},\"rounds\":{},\"panels\":{},\"support\":{},\"complete\":{},\"min_p\":{:.6},\"bound\":{:.6},\"seconds\":{:.3}}}",
                spec.pool,
                spec.seats,
                spec.features,
                spec.households,
                spec.algorithm.as_str(),
                s.classes,
                s.stages,
                s.rounds,
                s.panels_generated,
                s.support,
                s.complete,
                s.min_probability,
                s.min_probability_bound,
                start.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            openday_examples::say!(
                "{{\"error\":\"{}\",\"message\":{:?},\"seconds\":{:.3}}}",
                e.code(),
                e.to_string(),
                start.elapsed().as_secs_f64()
            );
        }
    }
}
