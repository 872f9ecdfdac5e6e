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
use openday::selection;

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
    let (draw, pool, targets) = select(&plan, &report)?;
    println!();
    let out = flags.get("out").map_or("out/open_day", String::as_str);
    confirm(&plan, &report, (&draw, pool, targets), out)?;
    println!();
    run_the_day(&plan, out)?;
    println!();
    follow_up(&plan)?;
    println!();
    Ok(())
}

/// The public seed of the example draw (in practice: announced in advance,
/// e.g. a lottery result, with its SHA-256 published before the draw).
const PUBLIC_SEED: &str = "2025-09-20 福彩3D 第2025254期 开奖号码 317";

/// Balanced selection from the eligible registrants: quota table,
/// probabilities and the reserve list (names masked).
fn select(
    plan: &Plan,
    report: &openday::screening::ScreeningReport,
) -> Result<(selection::Draw, selection::Pool, selection::Targets), String> {
    let targets = selection::Targets::from_plan(plan).map_err(|e| e.to_string())?;
    let pool = selection::Pool::from_screening(report, plan, &targets.policy)
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let draw = selection::draw(&pool, &targets, PUBLIC_SEED).map_err(|e| e.to_string())?;
    let took = started.elapsed();
    println!("== Selection: {} lottery ==", draw.algorithm.as_str());
    println!(
        "Seed commitment (publish before the draw): sha256 {}",
        draw.record.commitment
    );
    println!(
        "{} seats from {} eligible registrants ({} classes, {} panels in the support, {:.0} ms).",
        draw.seats,
        pool.len(),
        draw.stats.classes,
        draw.stats.support,
        took.as_secs_f64() * 1000.0
    );
    println!(
        "Selection probability: min {:.4}, max {:.4} (seats/pool {:.4}).",
        draw.stats.min_probability,
        draw.stats.max_probability,
        f64::from(draw.seats) / f64::from(draw.stats.pool)
    );
    println!(
        "{:<8} {:<10} {:>6} {:>5} {:>6} {:>8}",
        "feature", "value", "target", "pool", "panel", "expected"
    );
    for q in &draw.quotas {
        let target = if q.listed {
            format!("{}-{}", q.min, q.max)
        } else {
            "open".to_owned()
        };
        println!(
            "{:<8} {:<10} {:>6} {:>5} {:>6} {:>8.2}",
            q.feature, q.value, target, q.pool, q.panel, q.expected
        );
    }
    let name = |id: &str| {
        pool.origin(id)
            .map_or_else(|| id.to_owned(), |o| format!("{} (row {})", o.name, o.row))
    };
    println!(
        "Panel: {}",
        draw.panel
            .iter()
            .map(|id| name(id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "Reserves in order: {}",
        draw.reserves
            .iter()
            .map(|id| name(id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    selection::verify(&draw.record, &pool, &targets).map_err(|e| e.to_string())?;
    println!("Re-running the published record gives the same panel and reserves: verified.");
    Ok((draw, pool, targets))
}

/// Confirmation calls with a seeded outcome model (80 % confirm, 10 %
/// decline, 10 % no answer), refills from the reserves, the deadline, and
/// check-in with some no-shows; every step in a JSON Lines journal.
#[allow(clippy::too_many_lines)] // a scripted scenario, one step per line
fn confirm(
    plan: &Plan,
    report: &openday::screening::ScreeningReport,
    (draw, pool, targets): (&selection::Draw, selection::Pool, selection::Targets),
    out: &str,
) -> Result<(), String> {
    use openday::confirmation::{CallOutcome, Directory, Event, Roster, Status};
    use openday::journal::FileJournal;
    use rand::{Rng, SeedableRng};

    println!("== Confirmation and check-in ==");
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    let path = format!("{out}/journal.jsonl");
    let _ = std::fs::remove_file(&path);
    let store = FileJournal::open(&path).map_err(|e| e.to_string())?;
    let mut roster = Roster::open(plan, pool.clone(), targets.clone(), Box::new(store))
        .map_err(|e| e.to_string())?;
    let err = |e: openday::confirmation::RosterError| e.to_string();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).map_err(|e| e.to_string());
    roster
        .screened(at("2025-09-17T18:30:00+08:00")?, "报名组", report)
        .map_err(err)?;
    roster
        .drawn(at("2025-09-18T09:00:00+08:00")?, "报名组", &draw.record)
        .map_err(err)?;
    let directory = Directory::from_screening(report, plan);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2025);
    let mut now = at("2025-09-18T09:00:00+08:00")?;
    let mut calls = 0;
    while now < roster.deadline() {
        let due: Vec<String> = roster
            .call_sheet(now, &directory, openday::mask::Masking::Masked)
            .into_iter()
            .filter(|r| r.call_from.is_none_or(|t| t <= now))
            .map(|r| r.id)
            .collect();
        if due.is_empty()
            && roster.people().all(|p| {
                !matches!(
                    p.status,
                    Status::Selected | Status::Notified | Status::Offered
                )
            })
        {
            break;
        }
        for id in due {
            let u: f64 = rng.random();
            let outcome = if u < 0.8 {
                CallOutcome::Confirmed
            } else if u < 0.9 {
                CallOutcome::Declined { reason: None }
            } else {
                CallOutcome::NoAnswer
            };
            roster
                .call(now, "话务员", &id, outcome, None)
                .map_err(err)?;
            calls += 1;
        }
        now += chrono::Duration::hours(2);
    }
    roster
        .release_due(roster.deadline(), "办公室")
        .map_err(err)?;
    let entries = roster.entries();
    let offered = entries
        .iter()
        .filter(|e| matches!(e.event, Event::Offered { .. }))
        .count();
    let kept = entries
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::Offered {
                    keeps_quotas: true,
                    ..
                }
            )
        })
        .count();
    let empty = entries
        .iter()
        .filter(|e| matches!(e.event, Event::LeftEmpty { .. }))
        .count();
    let count = |s: Status| roster.people().filter(|p| p.status == s).count();
    println!(
        "{calls} calls before the deadline ({}): {} confirmed, {} released (declined or unreachable); {offered} seats offered to reserves ({kept} keeping every quota), {empty} left empty.",
        roster.deadline().format("%Y-%m-%d %H:%M"),
        count(Status::Confirmed),
        count(Status::Released),
    );
    let (opens, ends, _) = roster.check_in_window();
    let confirmed: Vec<String> = roster
        .people()
        .filter(|p| p.status == Status::Confirmed)
        .map(|p| p.id.clone())
        .collect();
    let mut arrivals = Vec::new();
    for (i, id) in confirmed.iter().enumerate() {
        let u: f64 = rng.random();
        if u < 0.1 {
            continue; // does not come
        }
        let minutes = i64::try_from(i % 20).unwrap_or(0);
        let arrival = if u > 0.95 {
            ends + chrono::Duration::minutes(8)
        } else {
            opens + chrono::Duration::minutes(minutes)
        };
        arrivals.push((arrival, id));
    }
    arrivals.sort();
    for (arrival, id) in arrivals {
        roster.check_in(arrival, "签到组", id).map_err(err)?;
    }
    roster
        .walk_in(ends + chrono::Duration::minutes(9), "签到组", "马*")
        .map_err(err)?;
    roster
        .close_check_in(ends + chrono::Duration::minutes(30), "签到组")
        .map_err(err)?;
    let a = roster.attendance();
    println!(
        "Check-in {}–{}: {} came ({} late), {} no-shows, walk-ins {} admitted / {} refused; {} seats went to reserves.",
        opens.format("%H:%M"),
        ends.format("%H:%M"),
        a.came,
        a.late,
        a.no_shows,
        a.walk_ins_admitted,
        a.walk_ins_refused,
        a.replacements
    );
    println!(
        "{:<8} {:<10} {:>6} {:>6} {:>9} {:>5}",
        "feature", "value", "target", "drawn", "confirmed", "came"
    );
    for l in a.lines.iter().filter(|l| l.min > 0 || l.max < a.seats) {
        println!(
            "{:<8} {:<10} {:>6} {:>6} {:>9} {:>5}",
            l.feature,
            l.value,
            format!("{}-{}", l.min, l.max),
            l.drawn,
            l.confirmed,
            l.came
        );
    }
    println!(
        "The group that came is {}balanced: {}.",
        if a.balanced { "" } else { "not " },
        if a.balanced {
            "every quota is met".to_owned()
        } else {
            a.lines
                .iter()
                .filter(|l| !(l.min..=l.max).contains(&l.came))
                .map(|l| {
                    format!(
                        "{} {} {} (target {}-{})",
                        l.feature, l.value, l.came, l.min, l.max
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let replayed = Roster::open(
        plan,
        pool,
        targets,
        Box::new(FileJournal::open(&path).map_err(|e| e.to_string())?),
    )
    .map_err(err)?;
    let same = replayed.people().eq(roster.people()) && replayed.seats() == roster.seats();
    println!(
        "Journal: {} entries in {path} (fsync on every entry); reopening and replaying it gives the same roster: {same}.",
        roster.entries().len()
    );
    Ok(())
}

/// The vehicles the group needs, from the plan's fleet.
fn print_transport(plan: &Plan) {
    if let Some(need) = transport(plan) {
        let vehicles: Vec<String> = need
            .vehicles
            .iter()
            .map(|v| format!("{} × {} ({} seats each)", v.count, v.vehicle, v.seats))
            .collect();
        println!(
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
/// site and the re-plan, and the exports for units and participants.
fn run_the_day(plan: &Plan, out: &str) -> Result<(), String> {
    let timetable = plan.timetable();
    println!("== The day ==");
    print_transport(plan);
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

/// The discussion's opinion forms into the ledger, and 30 days of follow-up.
#[allow(clippy::too_many_lines)] // a scripted scenario, one step per line
fn follow_up(plan: &Plan) -> Result<(), String> {
    use openday::ledger::{
        Action, ContactPreference, Ledger, LedgerEvent, LedgerReport, OpinionForm, PointInput,
    };
    println!("== Follow-up: the opinion ledger (台账) ==");
    let end = plan.ends_at();
    let at = |days: i64, hours: i64| {
        (end + chrono::Duration::days(days) + chrono::Duration::hours(hours)).fixed_offset()
    };
    let point = |category: &str, text: &str| PointInput {
        category: category.into(),
        text: text.into(),
        place: None,
    };
    let forms = [
        (
            "F01",
            Some("row-3"),
            vec![
                point("parking", "西城停车场夜间车位紧张"),
                point("digital", "便民通小程序如何上传照片"),
            ],
        ),
        (
            "F02",
            Some("row-8"),
            vec![
                point("street-lights", "清河路两处路灯不亮"),
                point("greening", "大原广场绿篱修剪后枝叶未清运"),
            ],
        ),
        ("F03", None, vec![point("sewage", "污水处理厂周边偶有异味")]),
        (
            "F04",
            Some("row-15"),
            vec![
                point("municipal", "文化路人行道砖松动"),
                point("other", "希望每年举办开放日"),
            ],
        ),
    ];
    let office = "办公室";
    let mut events = Vec::new();
    for (id, participant, points) in forms {
        let form = OpinionForm {
            id: id.into(),
            participant: participant.map(Into::into),
            contact_name: None,
            contact_phone: None,
            contact: ContactPreference::Phone,
            satisfaction: Some(5),
            points,
        };
        events.push(LedgerEvent {
            at: at(0, 0),
            actor: office.into(),
            action: Action::FormReceived { form },
        });
    }
    let ev = |t, action| LedgerEvent {
        at: t,
        actor: office.into(),
        action,
    };
    // Answered at the discussion.
    events.push(ev(
        at(0, 0),
        Action::AnsweredOnSpot {
            point: "F01-2".into(),
            answer: "现场演示了上传照片的步骤".into(),
            unit: "command-centre".into(),
        },
    ));
    events.push(ev(
        at(0, 0),
        Action::AnsweredOnSpot {
            point: "F04-2".into(),
            answer: "局领导表示将每年举办".into(),
            unit: "office".into(),
        },
    ));
    // Filed with the category's unit and time limit.
    for p in ["F01-1", "F02-1", "F02-2", "F03-1", "F04-1"] {
        events.push(ev(
            at(0, 0),
            Action::Filed {
                point: p.into(),
                unit: None,
            },
        ));
    }
    // Simulated progress over the next 30 days.
    events.push(ev(
        at(1, 16),
        Action::Started {
            point: "F02-1".into(),
        },
    ));
    events.push(ev(
        at(2, 16),
        Action::Resolved {
            point: "F02-1".into(),
            result: "更换灯具两套，已恢复照明".into(),
        },
    ));
    events.push(ev(
        at(3, 16),
        Action::Verified {
            point: "F02-1".into(),
            ok: true,
            note: None,
        },
    ));
    events.push(ev(
        at(4, 16),
        Action::CitizenInformed {
            point: "F02-1".into(),
            via: ContactPreference::Phone,
            note: Some("满意".into()),
        },
    ));
    events.push(ev(
        at(1, 16),
        Action::Started {
            point: "F02-2".into(),
        },
    ));
    events.push(ev(
        at(5, 16),
        Action::Resolved {
            point: "F02-2".into(),
            result: "已清运，并调整保洁频次".into(),
        },
    ));
    events.push(ev(
        at(2, 16),
        Action::Returned {
            point: "F04-1".into(),
            reason: "人行道归市政管理二科".into(),
        },
    ));
    events.push(ev(
        at(3, 16),
        Action::Assigned {
            point: "F04-1".into(),
            unit: "municipal-2".into(),
            assignee: None,
        },
    ));
    events.push(ev(
        at(4, 16),
        Action::Started {
            point: "F01-1".into(),
        },
    ));
    events.push(ev(
        at(6, 16),
        Action::Shelved {
            point: "F01-1".into(),
            explanation: "新建停车楼已列入明年计划，届时增加夜间车位".into(),
        },
    ));
    let mut ledger = Ledger::for_plan(plan).map_err(|e| e.to_string())?;
    for e in events {
        ledger.apply(e).map_err(|e| e.to_string())?;
    }
    let report = LedgerReport::as_of(&ledger, at(30, 0), 2);
    print!("{report}");
    Ok(())
}
