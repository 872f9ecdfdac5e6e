//! Confirmation calls, refills from the reserves, the deadline and check-in;
//! the roster (and its journal file) goes on to the day.

use openday::Plan;
use openday::selection;

/// Confirmation calls with a seeded outcome model (80 % confirm, 10 %
/// decline, 10 % no answer), refills from the reserves, the deadline, and
/// check-in with some no-shows; every step in a JSON Lines journal.
#[allow(clippy::too_many_lines)] // a scripted scenario, one step per line
pub(crate) fn confirm(
    plan: &Plan,
    report: &openday::screening::ScreeningReport,
    (draw, pool, targets): (&selection::Draw, selection::Pool, selection::Targets),
    out: &str,
) -> Result<openday::confirmation::Roster, String> {
    use openday::confirmation::{CallOutcome, Directory, Event, Roster, Status};
    use openday::journal::FileJournal;
    use rand::{Rng, SeedableRng};

    openday_examples::say!("== Confirmation and check-in ==");
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    let path = format!("{out}/journal.jsonl");
    let _ = std::fs::remove_file(&path);
    let store = FileJournal::open(&path).map_err(|e| e.to_string())?;
    let mut roster = Roster::open(plan, pool.clone(), targets.clone(), Box::new(store))
        .map_err(|e| e.to_string())?;
    let err = |e: openday::confirmation::RosterError| e.to_string();
    write_notices(plan, report, draw, &pool, roster.deadline(), out)?;
    let zh = plan.document().region.language.starts_with("zh");
    let (team, caller, office, desk) = if zh {
        ("报名组", "话务员", "办公室", "签到组")
    } else {
        ("registration team", "caller", "office", "check-in desk")
    };
    // Screened when registration closes, drawn an hour later; calls from then
    // until the plan's confirmation deadline.
    let closed = plan.registration_deadline().fixed_offset();
    let drawn_at = closed + chrono::Duration::hours(1);
    roster.screened(closed, team, report).map_err(err)?;
    roster.drawn(drawn_at, team, &draw.record).map_err(err)?;
    let directory = Directory::from_screening(report, plan);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2025);
    let mut now = drawn_at;
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
            roster.call(now, caller, &id, outcome, None).map_err(err)?;
            calls += 1;
        }
        now += chrono::Duration::hours(2);
    }
    roster.release_due(roster.deadline(), office).map_err(err)?;
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
    openday_examples::say!(
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
        roster.check_in(arrival, desk, id).map_err(err)?;
    }
    roster
        .walk_in(ends + chrono::Duration::minutes(9), desk, "walk-in 1")
        .map_err(err)?;
    roster
        .close_check_in(ends + chrono::Duration::minutes(30), desk)
        .map_err(err)?;
    let a = roster.attendance();
    openday_examples::say!(
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
    openday_examples::say!(
        "{:<8} {:<10} {:>6} {:>6} {:>9} {:>5}",
        "feature",
        "value",
        "target",
        "drawn",
        "confirmed",
        "came"
    );
    for l in a.lines.iter().filter(|l| l.min > 0 || l.max < a.seats) {
        openday_examples::say!(
            "{:<8} {:<10} {:>6} {:>6} {:>9} {:>5}",
            l.feature,
            l.value,
            format!("{}-{}", l.min, l.max),
            l.drawn,
            l.confirmed,
            l.came
        );
    }
    openday_examples::say!(
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
    // The journal is locked while the roster holds it: close it, then
    // reopen and replay.
    let people: Vec<_> = roster.people().cloned().collect();
    let seats = roster.seats().clone();
    let entries = roster.entries().len();
    drop(roster);
    let store = FileJournal::open(&path).map_err(|e| e.to_string())?;
    let head = store.head();
    let replayed = Roster::open(plan, pool, targets, Box::new(store)).map_err(err)?;
    let same =
        replayed.people().cloned().collect::<Vec<_>>() == people && *replayed.seats() == seats;
    openday_examples::say!(
        "Journal: {entries} entries in {path} (checksummed and chained, fsync on every entry; head {}); reopening and replaying it, the draw re-verified, gives the same roster: {same}.",
        &head[..16]
    );
    Ok(replayed)
}

/// The published list of those selected (masked names, districts, seed and
/// commitment) and the confirmation and reminder messages.
fn write_notices(
    plan: &Plan,
    report: &openday::screening::ScreeningReport,
    draw: &selection::Draw,
    pool: &selection::Pool,
    deadline: chrono::DateTime<chrono::FixedOffset>,
    out: &str,
) -> Result<(), String> {
    use openday::notices::{ListedPerson, selected_list, text_messages};
    let people: Vec<ListedPerson> = draw
        .panel
        .iter()
        .filter_map(|id| pool.origin(id))
        .map(|o| ListedPerson {
            name: o.name.clone(),
            district: usize::try_from(o.row)
                .ok()
                .and_then(|r| report.registrant(r.checked_sub(1)?))
                .and_then(|r| r.district),
        })
        .collect();
    let list = selected_list(plan, &people, &draw.record.seed, &draw.record.commitment);
    let write = |name: &str, text: String| {
        let path = format!("{out}/{name}");
        std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))
    };
    write(
        "notice-selected.md",
        format!("{}\n---\n\n{}", list.markdown_zh, list.markdown_en),
    )?;
    write("notice-selected.html", list.html())?;
    let sms = text_messages(plan, deadline.with_timezone(&plan.time_zone()));
    let text: Vec<String> = sms
        .iter()
        .map(|m| {
            format!(
                "[{}] {} chars, {} SMS\n{}\n",
                m.kind, m.chars, m.segments, m.text
            )
        })
        .collect();
    write("text-messages.txt", text.join("\n"))?;
    openday_examples::say!(
        "Wrote {out}/notice-selected.md and .html ({} masked names) and {out}/text-messages.txt ({})",
        people.len(),
        sms.iter()
            .map(|m| format!("{}: {} SMS", m.kind, m.segments))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
