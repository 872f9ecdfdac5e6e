//! Preparation: the plan's duties (derived from its itinerary and listed in
//! its `preparation` section), a simulated run of the units' work, the
//! readiness report a few working days before the day, and each unit's task
//! sheet in the output folder.

use openday::Plan;
use openday::calendar::WorkCalendar;
use openday::journal::{FileJournal, JournalStore};
use openday::plan::preparation::DoneWhen;
use openday::preparation::{Evidence, PrepAction, PrepEvent, Preparation};

/// Simulate the units' work (every duty done a day before it is due, except
/// the last site's safety plan, which is late; an inspection group verifies
/// each two hours later) and print readiness at two moments: three working
/// days before the day, and two hours before it starts.
pub(crate) fn prepare(plan: &Plan, out: &str) -> Result<(), String> {
    openday_examples::say!("== Preparation ==");
    let calendar = WorkCalendar::for_plan(plan).map_err(|e| e.to_string())?;
    let mut prep = Preparation::new(plan, &calendar).map_err(|e| e.to_string())?;
    let tz = plan.time_zone();
    let late = prep
        .duties()
        .iter()
        .rev()
        .find(|d| d.duty.kind == openday::plan::preparation::DutyKind::SafetyPlan)
        .map(|d| d.duty.id.clone());
    let mut steps: Vec<PrepEvent> = Vec::new();
    for d in prep.duties() {
        let evidence = match d.duty.done_when {
            DoneWhen::Document => Evidence {
                document: Some(format!("{}（定稿）", d.duty.title)),
                ..Evidence::default()
            },
            DoneWhen::Count(n) => Evidence {
                count: Some(n),
                ..Evidence::default()
            },
            DoneWhen::Check => Evidence::default(),
        };
        let on_time = d.due - chrono::Duration::days(1);
        let at = if Some(&d.duty.id) == late.as_ref() {
            plan.starts_at() - chrono::Duration::hours(3)
        } else {
            on_time
        };
        let unit = prep.unit_name(&d.duty.unit);
        steps.push(PrepEvent {
            at: at.fixed_offset(),
            actor: unit,
            action: PrepAction::Done {
                duty: d.duty.id.clone(),
                evidence,
            },
        });
        // Checked two hours later by someone other than who did it.
        steps.push(PrepEvent {
            at: (at + chrono::Duration::hours(2)).fixed_offset(),
            actor: "督查组 inspection".into(),
            action: PrepAction::Verified {
                duty: d.duty.id.clone(),
            },
        });
    }
    steps.sort_by_key(|e| e.at);
    let three_days_before = calendar
        .sub_working_days(plan.starts_at().date_naive(), 3)
        .ok()
        .and_then(|d| calendar.close_of_business(tz, d))
        .unwrap_or_else(|| plan.starts_at() - chrono::Duration::days(3));
    // Each step is tried, then appended to the preparation journal (as
    // `openday prepare` does); the journal is then reopened and replayed.
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: cannot create ({e})"))?;
    let path = format!("{out}/preparation.jsonl");
    let _ = std::fs::remove_file(&path);
    {
        let mut journal: FileJournal<PrepEvent> =
            FileJournal::open(&path).map_err(|e| e.to_string())?;
        for step in steps {
            prep.apply(step.clone()).map_err(|e| e.to_string())?;
            journal.append(&step).map_err(|e| e.to_string())?;
        }
    }
    let journal: FileJournal<PrepEvent> = FileJournal::open(&path).map_err(|e| e.to_string())?;
    let replayed =
        Preparation::replay(plan, &calendar, journal.records()).map_err(|e| e.to_string())?;
    openday_examples::say!(
        "Preparation journal: {} steps in {path}; replayed, the same duties: {}.",
        journal.records().len(),
        replayed.duties() == prep.duties()
    );
    // Readiness as of an instant replays the steps taken up to it.
    openday_examples::say_part!("{}", prep.readiness(three_days_before.fixed_offset(), 3));
    let morning = (plan.starts_at() - chrono::Duration::hours(2)).fixed_offset();
    let report = prep.readiness(morning, 0);
    openday_examples::say_part!("{report}");
    let mut sheets = String::new();
    for sheet in prep.task_sheets() {
        sheets.push_str(&sheet.markdown);
        sheets.push('\n');
    }
    let path = format!("{out}/preparation-tasks.md");
    std::fs::write(&path, sheets).map_err(|e| format!("{path}: {e}"))?;
    let path = format!("{out}/readiness.txt");
    std::fs::write(&path, report.to_string()).map_err(|e| format!("{path}: {e}"))?;
    openday_examples::say!(
        "Wrote {out}/preparation-tasks.md ({} units) and {out}/readiness.txt",
        prep.task_sheets().len()
    );
    write_registration_notice(plan, out)
}

/// The registration notice (活动预告/报名公告), written from the plan.
fn write_registration_notice(plan: &Plan, out: &str) -> Result<(), String> {
    let notice = openday::notices::registration_notice(plan);
    for (name, text) in [
        (
            "notice-registration.md",
            format!("{}\n---\n\n{}", notice.markdown_zh, notice.markdown_en),
        ),
        ("notice-registration.html", notice.html()),
    ] {
        let path = format!("{out}/{name}");
        std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))?;
    }
    openday_examples::say!("Wrote {out}/notice-registration.md and .html");
    Ok(())
}
