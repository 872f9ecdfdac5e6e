//! The main job: run an open day from its plan, end to end.
//!
//! ```text
//! cargo run --release --example open_day                       # the embedded 2025 example
//! cargo run --release --example open_day -- --plan my.openday.json --registrations regs.csv \
//!     --history past.json --seed "2026-04-18 福彩3D 开奖号码 317" --key-file secret.key --out out/my-day
//! ```
//!
//! Every event-specific value comes from the plan or a flag: registrations
//! (`--registrations`; without it, the embedded example's for the embedded
//! plan, or synthetic ones generated from the plan: `--rows`), the history
//! of past attendance (`--history`), the draw's public seed (`--seed`), the
//! screening, draw and call times (the plan's registration and confirmation
//! deadlines), the segments the overrun is simulated at, and the feedback
//! categories and units.

use std::process::ExitCode;

use openday::Plan;
use openday::eligibility::AttendanceHistory;
use openday::screening::{ScreeningOptions, ScreeningReport, screen_csv};

mod confirm;
mod day;
mod follow_up;
mod prepare;
mod select;

/// Why the job stopped.
enum Stop {
    /// Bad input or a failed step: exit code 1.
    Failed(String),
    /// The plan or the registrations do not allow a draw: exit code 2.
    CannotDraw(String),
}

impl From<String> for Stop {
    fn from(s: String) -> Self {
        Self::Failed(s)
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Failed(message)) => {
            eprintln!("open_day: {message}");
            ExitCode::FAILURE
        }
        Err(Stop::CannotDraw(message)) => {
            eprintln!("open_day: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Stop> {
    let flags = openday_examples::flags(&[
        "plan",
        "registrations",
        "history",
        "seed",
        "rows",
        "key-file",
        "out",
    ])?;
    let embedded = !flags.contains_key("plan");
    let plan = match flags.get("plan") {
        Some(path) => Plan::from_path(path),
        None => Plan::from_json(openday::examples::GUYUAN_2025_PLAN),
    }
    .map_err(|e| e.to_string())?;
    openday_examples::say!("== Plan ==");
    openday_examples::say_part!("{}", plan.summary());
    for w in plan.warnings() {
        openday_examples::say!("WARNING {}: {}", w.path, w.message_en);
        openday_examples::say!("警告 {}：{}", w.path, w.message_zh);
    }
    openday_examples::say!();
    let (bytes, source) = registrations(&flags, &plan, embedded)?;
    let history = flags.get("history").map(|p| history(p)).transpose()?;
    let key = if let Some(path) = flags.get("key-file") {
        std::fs::read(path).map_err(|e| format!("{path}: cannot read the pseudonym key ({e})"))?
    } else {
        openday_examples::say!(
            "Pseudonym key: the public example key (pass --key-file with the organiser's secret for a real open day)."
        );
        openday::examples::DEMO_PSEUDONYM_KEY.as_bytes().to_vec()
    };
    let opts = ScreeningOptions {
        history,
        pseudonym_key: Some(openday::selection::PseudonymKey::new(key)),
        ..ScreeningOptions::default()
    };
    let report = screen_csv(&plan, &bytes, &source, &opts).map_err(|e| e.to_string())?;
    openday_examples::say!("== Registrations: screening ==");
    openday_examples::say_part!("{report}");
    openday_examples::say!();
    enough_to_draw(&plan, &report)?;
    let seed = flags.get("seed").cloned().unwrap_or_else(|| {
        format!(
            "{} demo seed (announce a public one in advance and pass it with --seed)",
            plan.document().id
        )
    });
    let (draw, pool, targets) = select::select(&plan, &report, &seed)?;
    openday_examples::say!();
    let out = flags.get("out").map_or("out/open_day", String::as_str);
    prepare::prepare(&plan, out)?;
    openday_examples::say!();
    let mut roster = confirm::confirm(&plan, &report, (&draw, pool, targets), out)?;
    openday_examples::say!();
    day::run_the_day(&plan, &mut roster, out)?;
    openday_examples::say!();
    let ledger = follow_up::follow_up(&plan, out)?;
    if let Some(ledger) = ledger {
        // The summary (活动总结), a month after the day.
        let as_of = (plan.ends_at() + chrono::Duration::days(30)).fixed_offset();
        let attendance = roster.attendance();
        let summary = openday::review::review(
            &plan,
            &report,
            &draw,
            (Some(&attendance), roster.day()),
            &ledger,
            as_of,
        );
        for (name, text) in [
            ("summary.md", summary.markdown()),
            ("summary.html", summary.html()),
        ] {
            let path = format!("{out}/{name}");
            std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))?;
        }
        openday_examples::say!(
            "Wrote {out}/summary.md and {out}/summary.html (the post-event summary with charts)"
        );
    }
    openday_examples::say!();
    Ok(())
}

/// The registrations table: the file given, the embedded example's for the
/// embedded plan, or synthetic ones generated from the plan.
fn registrations(
    flags: &std::collections::HashMap<String, String>,
    plan: &Plan,
    embedded: bool,
) -> Result<(Vec<u8>, String), String> {
    if let Some(path) = flags.get("registrations") {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{path}: cannot read the registrations ({e}); check the path"))?;
        return Ok((bytes, path.clone()));
    }
    if embedded {
        return Ok((
            openday::examples::GUYUAN_2025_REGISTRATIONS
                .as_bytes()
                .to_vec(),
            "registrations.csv (embedded example)".to_owned(),
        ));
    }
    let rows = match flags.get("rows") {
        Some(r) => r
            .parse::<usize>()
            .map_err(|_| format!("--rows {r}: give a whole number of rows"))?,
        None => 500,
    };
    let opts = openday::synthetic::SyntheticOptions::for_plan(plan, rows, 2025);
    let mut out = Vec::new();
    openday::synthetic::write_registrations_csv(&opts, &mut out).map_err(|e| e.to_string())?;
    openday_examples::say!(
        "No --registrations given: {rows} synthetic registrations generated from the plan (seed 2025)."
    );
    Ok((out, format!("{rows} synthetic registrations")))
}

/// Past attendance from a JSON file: `[{"open_day", "date", "id_number" |
/// "name" + "phone" | "name" + "email"}]`.
fn history(path: &str) -> Result<AttendanceHistory, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{path}: cannot read the attendance history ({e})"))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{path}: line {}, column {}: not an attendance history ({e}); write a JSON list of {{\"open_day\", \"date\", \"id_number\" or \"name\" with \"phone\" or \"email\"}}",
            e.line(),
            e.column()
        )
    })
}

/// Stop with the reason when too few people can be drawn.
fn enough_to_draw(plan: &Plan, report: &ScreeningReport) -> Result<(), Stop> {
    let seats = plan
        .document()
        .selection
        .as_ref()
        .and_then(|s| s.seats)
        .unwrap_or(plan.document().seats);
    let eligible = report.counts().eligible;
    if eligible < u64::from(seats) {
        let reasons: Vec<String> = report
            .reasons()
            .iter()
            .take(3)
            .map(|(code, n)| format!("{code} ({n} rows)"))
            .collect();
        return Err(Stop::CannotDraw(format!(
            "only {eligible} of {} registrants are eligible for {seats} seats, so no draw is made; the commonest reasons: {}. Check the registrations against the plan (districts, channels, window) or extend registration | 仅 {eligible} 人符合条件，少于名额 {seats}，未进行抽选；请核对报名数据与方案（区域、报名方式、报名时间）或延长报名",
            report.counts().rows,
            reasons.join(", ")
        )));
    }
    Ok(())
}
