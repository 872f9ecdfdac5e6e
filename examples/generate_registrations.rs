//! Write synthetic registrations for a plan as CSV (deterministic from a seed).
//!
//! ```text
//! cargo run --example generate_registrations -- --rows 500 --seed 2025 \
//!     --out core/data/examples/guyuan-2025/registrations.csv
//! ```

use std::process::ExitCode;

use openday::Plan;
use openday::synthetic::{SyntheticOptions, write_registrations_csv};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate_registrations: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let flags = openday_examples::flags(&["plan", "rows", "seed", "out"])?;
    let plan = match flags.get("plan") {
        Some(path) => Plan::from_path(path),
        None => Plan::from_json(openday::examples::GUYUAN_2025_PLAN),
    }
    .map_err(|e| e.to_string())?;
    let number = |name: &str, default: u64| -> Result<u64, String> {
        flags.get(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| format!("--{name} must be a whole number, not `{v}`"))
        })
    };
    let rows = usize::try_from(number("rows", 500)?).map_err(|e| e.to_string())?;
    let opts = SyntheticOptions::for_plan(&plan, rows, number("seed", 2025)?);
    let stats = match flags.get("out") {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| format!("{path}: cannot create ({e})"))?;
            write_registrations_csv(&opts, std::io::BufWriter::new(file))
        }
        None => write_registrations_csv(&opts, std::io::stdout().lock()),
    }
    .map_err(|e| e.to_string())?;
    eprintln!(
        "{} rows; deliberate problems: {:?}",
        stats.rows, stats.problems
    );
    Ok(())
}
