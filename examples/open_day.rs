//! The main job: run an open day from its plan.
//!
//! ```text
//! cargo run --release --example open_day                       # the embedded 2025 example
//! cargo run --release --example open_day -- --plan my.openday.json --registrations regs.csv
//! ```
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use openday::Plan;
use openday::itinerary::{ActualTimes, ical, replan, run_sheets, timeline_svg, transport};
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
    let flags = openday_examples::flags(&["plan", "registrations", "out"])?;
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
    run_the_day(
        &plan,
        flags.get("out").map_or("out/open_day", String::as_str),
    )?;
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
        "3. Follow up: file opinion points into the ledger under {} categories with time limits, and tell each citizen the outcome.",
        doc.feedback.categories.len()
    );
    Ok(())
}

/// The day itself: transport, a simulated 15-minute overrun at the second
/// site and the re-plan, and the exports for units and participants.
fn run_the_day(plan: &Plan, out: &str) -> Result<(), String> {
    let timetable = plan.timetable();
    println!("== The day ==");
    if let Some(need) = transport(plan.document()) {
        println!(
            "Transport: {} people ({} seats + staff) need {} × {} ({} seats each) for {} legs",
            need.group,
            plan.document().seats,
            need.vehicles,
            need.vehicle,
            need.seats_per_vehicle,
            need.legs.len()
        );
    }
    // Simulate: everything on time until the second site visit, which runs 15 minutes over.
    let visits: Vec<_> = timetable
        .segments
        .iter()
        .filter(|s| s.kind == openday::itinerary::SegmentKind::SiteVisit)
        .collect();
    let second = visits
        .get(1)
        .ok_or("the plan has fewer than two site visits to simulate an overrun at")?;
    let actuals: Vec<ActualTimes> = timetable
        .segments
        .iter()
        .take_while(|s| s.index <= second.index)
        .map(|s| ActualTimes {
            segment: s.id.clone(),
            started_at: None,
            ended_at: (s.ends_at
                + if s.id == second.id {
                    chrono::Duration::minutes(15)
                } else {
                    chrono::Duration::zero()
                })
            .fixed_offset(),
        })
        .collect();
    let r = replan(plan, &actuals).map_err(|e| e.to_string())?;
    println!(
        "Re-plan after \"{}\" ended {} instead of {}:",
        second.title,
        (second.ends_at + chrono::Duration::minutes(15)).format("%H:%M"),
        second.ends_at.format("%H:%M")
    );
    for s in &r.timetable.segments {
        let mark = if s.actual { "done" } else { "    " };
        println!(
            "  {mark} {}–{}  {}",
            s.starts_at.format("%H:%M"),
            s.ends_at.format("%H:%M"),
            s.title
        );
    }
    for c in &r.changes {
        println!(
            "  - {}: start {:+} min, shortened by {} min",
            c.title, c.shift_minutes, c.shortened_minutes
        );
    }
    println!(
        "  The day now ends at {}; {}",
        r.new_end.format("%H:%M"),
        if r.window_holds {
            "the window holds".to_owned()
        } else {
            format!("{} min past the window", r.overrun_minutes)
        }
    );
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: cannot create ({e})"))?;
    let write = |name: &str, text: &str| {
        let path = std::path::Path::new(out).join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: cannot write ({e})", path.display()))
    };
    let id = &plan.document().id;
    write(
        &format!("{id}.ics"),
        &ical(plan, timetable, chrono::Utc::now()),
    )?;
    write(
        &format!("{id}-timeline.svg"),
        &timeline_svg(plan, timetable, Some(&r.timetable)),
    )?;
    let sheets = run_sheets(plan, timetable);
    let mut all_csv = String::new();
    for sheet in &sheets {
        write(&format!("run-sheet-{}.md", sheet.unit), &sheet.markdown)?;
        let body = if all_csv.is_empty() {
            sheet.csv.as_str()
        } else {
            sheet.csv.split_once('\n').map_or("", |x| x.1)
        };
        all_csv.push_str(body);
    }
    write("run-sheets.csv", &all_csv)?;
    println!(
        "Wrote {out}/{id}.ics, {id}-timeline.svg, run-sheets.csv and {} run sheets (Markdown)",
        sheets.len()
    );
    Ok(())
}
