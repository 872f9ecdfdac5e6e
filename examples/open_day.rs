//! The main job: run an open day from its plan.
//!
//! ```text
//! cargo run --release --example open_day                       # the embedded 2025 example
//! cargo run --release --example open_day -- --plan my.openday.json --registrations regs.csv
//! ```
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use openday::Plan;
use openday::screening::{ScreeningOptions, screen_csv};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("open_day: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let flags = openday_examples::flags(&["plan", "registrations"])?;
    let plan = match flags.get("plan") {
        Some(path) => Plan::from_path(path),
        None => Plan::from_json(openday::examples::GUYUAN_2025_PLAN),
    }
    .map_err(|e| e.to_string())?;
    let (bytes, source) = match flags.get("registrations") {
        Some(path) => (
            std::fs::read(path).map_err(|e| format!("{path}: cannot read ({e})"))?,
            path.clone(),
        ),
        None => (
            openday::examples::GUYUAN_2025_REGISTRATIONS
                .as_bytes()
                .to_vec(),
            "registrations.csv (embedded example)".to_owned(),
        ),
    };
    let report = screen_csv(&plan, &bytes, &source, &ScreeningOptions::default())
        .map_err(|e| e.to_string())?;
    println!("== Plan ==");
    print!("{}", plan.summary());
    println!();
    println!("== Registrations: screening ==");
    print!("{report}");
    println!();
    println!("== Next stages ==");
    let doc = plan.document();
    let local = "%Y-%m-%d %H:%M";
    println!(
        "1. Select: draw {} seats by a balanced, auditable lottery from the {} eligible registrants, with a reserve list.",
        doc.seats,
        report.counts().eligible
    );
    println!(
        "2. Confirm: phone each selected citizen after the deadline ({}); refill declined seats from the reserves.",
        plan.registration_deadline().format(local)
    );
    println!(
        "3. Run the day: {} segments from {} to {}; postponement must be announced by {}.",
        plan.timetable().segments.len(),
        plan.starts_at().format(local),
        plan.ends_at().format("%H:%M"),
        plan.postponement_notice_deadline().format(local)
    );
    println!(
        "4. Follow up: file opinion points into the ledger under {} categories with time limits, and tell each citizen the outcome.",
        doc.feedback.categories.len()
    );
    Ok(())
}
