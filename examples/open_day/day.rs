//! The day itself: transport, a simulated overrun and its re-plan, exports.

use openday::Plan;
use openday::confirmation::Roster;
use openday::itinerary::{ActualTimes, ical, run_sheets, timeline_svg, transport};

/// The vehicles the group needs, from the plan's fleet.
fn print_transport(plan: &Plan) {
    if let Some(need) = transport(plan) {
        let vehicles: Vec<String> = need
            .vehicles
            .iter()
            .map(|v| format!("{} × {} ({} seats each)", v.count, v.vehicle, v.seats))
            .collect();
        openday_examples::say!(
            "Transport: {} people ({} seats + staff) need {} for {} legs by vehicle{}",
            need.group,
            plan.document().seats,
            if need.fits {
                vehicles.join(" + ")
            } else {
                "more vehicles than the fleet has".to_owned()
            },
            need.legs.len(),
            if need.other_legs.is_empty() {
                String::new()
            } else {
                format!(", {} on foot or otherwise", need.other_legs.len())
            }
        );
    }
}

/// The day itself: transport, a simulated 15-minute overrun at the second
/// site recorded in the roster's journal (each segment's actual times as it
/// ends) and the re-plan, and the exports for units and participants.
pub(crate) fn run_the_day(plan: &Plan, roster: &mut Roster, out: &str) -> Result<(), String> {
    let timetable = plan.timetable();
    openday_examples::say!("== The day ==");
    print_transport(plan);
    // Simulate: everything on time until the first approximate site visit
    // (else the first site visit, else the first segment), which runs 15
    // minutes over.
    let segments = &timetable.segments;
    let visits: Vec<_> = segments
        .iter()
        .filter(|s| s.kind == openday::itinerary::SegmentKind::SiteVisit && !s.after_window)
        .collect();
    let Some(second) = visits
        .iter()
        .find(|s| s.approximate)
        .or(visits.first())
        .copied()
        .or(segments.first())
    else {
        openday_examples::say!("The itinerary is empty: nothing to run.");
        return Ok(());
    };
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
    let zh = plan.document().region.language.starts_with("zh");
    for actual in actuals {
        roster
            .segment_ended(actual, if zh { "现场组" } else { "site team" })
            .map_err(|e| e.to_string())?;
    }
    let r = roster
        .day()
        .ok_or_else(|| "no segment has ended".to_owned())?
        .clone();
    openday_examples::say!(
        "Re-plan after \"{}\" ended {} instead of {}:",
        second.title,
        (second.ends_at + chrono::Duration::minutes(15)).format("%H:%M"),
        second.ends_at.format("%H:%M")
    );
    for s in &r.timetable.segments {
        let mark = if s.actual { "done" } else { "    " };
        openday_examples::say!(
            "  {mark} {}–{}  {}",
            s.starts_at.format("%H:%M"),
            s.ends_at.format("%H:%M"),
            s.title
        );
    }
    for c in &r.changes {
        openday_examples::say!(
            "  - {}: start {:+} min, shortened by {} min",
            c.title,
            c.shift_minutes,
            c.shortened_minutes
        );
    }
    openday_examples::say!(
        "  The day now ends at {}; {}",
        r.new_end.format("%H:%M"),
        if r.window_holds {
            "the window holds".to_owned()
        } else {
            format!("{} min past the window", r.overrun_minutes)
        }
    );
    // The rest of the day then runs as re-planned: each segment's end is
    // recorded as it comes, so the summary has the day as it ran.
    for s in r.timetable.segments.iter().filter(|s| !s.actual) {
        roster
            .segment_ended(
                ActualTimes {
                    segment: s.id.clone(),
                    started_at: Some(s.starts_at.fixed_offset()),
                    ended_at: s.ends_at.fixed_offset(),
                },
                if zh { "现场组" } else { "site team" },
            )
            .map_err(|e| e.to_string())?;
    }
    openday_examples::say!(
        "The rest ran as re-planned: {} segment ends recorded in the journal ({} entries).",
        roster.actuals().len(),
        roster.entries().len()
    );
    write_exports(plan, &r.timetable, out)
}

/// The calendar file, the timeline (planned against re-planned) and the
/// units' run sheets.
fn write_exports(
    plan: &Plan,
    replanned: &openday::itinerary::Timetable,
    out: &str,
) -> Result<(), String> {
    let timetable = plan.timetable();
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
        &timeline_svg(plan, timetable, Some(replanned)),
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
    openday_examples::say!(
        "Wrote {out}/{id}.ics, {id}-timeline.svg, run-sheets.csv and {} run sheets (Markdown)",
        sheets.len()
    );
    Ok(())
}
