//! Screen a registrations table against a plan and write the per-row report.
//!
//! ```text
//! cargo run --release --example screen -- --registrations regs.csv \
//!     [--plan plan.openday.json] [--out report.csv] [--unmasked yes] [--duplicates keep_latest]
//! ```
//!
//! The report CSV has one row per input row (bucket, reasons in Chinese and
//! English, the row it duplicates); names, phones and ID numbers are masked
//! unless `--unmasked yes` is given.

use std::process::ExitCode;

use openday::Plan;
use openday::mask::Masking;
use openday::screening::{DuplicatePolicy, ScreeningOptions, screen_reader};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("screen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let flags =
        openday_examples::flags(&["plan", "registrations", "out", "unmasked", "duplicates"])?;
    let plan = match flags.get("plan") {
        Some(path) => Plan::from_path(path),
        None => Plan::from_json(openday::examples::GUYUAN_2025_PLAN),
    }
    .map_err(|e| e.to_string())?;
    let path = flags
        .get("registrations")
        .ok_or("--registrations PATH is required")?;
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: cannot open ({e})"))?;
    let duplicates = match flags.get("duplicates").map(String::as_str) {
        None | Some("keep_earliest") => DuplicatePolicy::KeepEarliest,
        Some("keep_latest") => DuplicatePolicy::KeepLatest,
        Some("reject_all") => DuplicatePolicy::RejectAll,
        Some(other) => {
            return Err(format!(
                "--duplicates must be keep_earliest, keep_latest or reject_all, not `{other}`"
            ));
        }
    };
    let masking = match flags.get("unmasked").map(String::as_str) {
        None | Some("no") => Masking::Masked,
        Some("yes") => Masking::Unmasked,
        Some(other) => return Err(format!("--unmasked takes yes or no, not `{other}`")),
    };
    let opts = ScreeningOptions {
        duplicates,
        ..ScreeningOptions::default()
    };
    let started = std::time::Instant::now();
    // Streamed: the file is screened as it is read, never held whole.
    let report = screen_reader(&plan, file, path, &opts).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    openday_examples::say_part!("{report}");
    openday_examples::say!("({} rows in {:.2} s)", report.len(), elapsed.as_secs_f64());
    if let Some(out) = flags.get("out") {
        let file = std::fs::File::create(out).map_err(|e| format!("{out}: cannot create ({e})"))?;
        report
            .write_csv(std::io::BufWriter::new(file), masking)
            .map_err(|e| format!("{out}: {e}"))?;
        openday_examples::say!(
            "per-row report written to {out}{}",
            if masking == Masking::Masked {
                " (personal data masked)"
            } else {
                " (UNMASKED)"
            }
        );
    }
    Ok(())
}
