//! `roster` (confirmation calls and check-in on a journal file) and
//! `ledger report`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use clap::{Args, Subcommand};
use serde_json::json;

use super::Input;
use super::draw::{load_plan, pool_of, screen_input};
use super::output::{Failure, Out, read, write_table};
use crate::calendar::WorkCalendar;
use crate::confirmation::{CallOutcome, Directory, Roster};
use crate::journal::FileJournal;
use crate::ledger::LedgerBook;
use crate::mask::Masking;
use crate::selection::{DrawRecord, PseudonymKey};

/// `openday roster PLAN REGISTRATIONS --key-file K --journal J <action>`
#[derive(Debug, Args)]
pub(crate) struct RosterArgs {
    #[command(flatten)]
    input: Input,
    /// The organiser's secret for the pseudonyms (a file) · 假名密钥文件
    #[arg(long)]
    key_file: PathBuf,
    /// The roster's journal (JSON Lines; created when missing) · 日志文件
    #[arg(long)]
    journal: PathBuf,
    /// Who records the step (kept in the journal) · 操作人
    #[arg(long, default_value = "openday")]
    actor: String,
    /// When it happened, RFC 3339 (default: now) · 时间
    #[arg(long)]
    at: Option<String>,
    #[command(subcommand)]
    action: RosterAction,
}

#[derive(Debug, Subcommand)]
enum RosterAction {
    /// Start the journal from the published draw record · 登记抽选结果
    Drawn {
        /// The draw record (JSON) · 抽选记录
        record: PathBuf,
    },
    /// Log a call: confirmed, declined, no_answer, busy, wrong_number · 登记通话结果
    Call {
        /// The person: pool id or registration row number · 人员编号或报名行号
        person: String,
        /// The outcome · 结果
        #[arg(value_parser = ["confirmed", "declined", "no_answer", "busy", "wrong_number"])]
        outcome: String,
        /// A note (a reason for declining) · 备注
        #[arg(long)]
        note: Option<String>,
    },
    /// Release seats still unconfirmed at the deadline · 截止后释放未确认名额
    ReleaseDue,
    /// Check a person in on the day · 签到
    CheckIn {
        /// The person: pool id or registration row number · 人员编号或报名行号
        person: String,
    },
    /// Close check-in: confirmed people not checked in are no-shows · 结束签到
    CloseCheckIn,
    /// A segment of the day ended at --at (in itinerary order) · 登记环节实际结束时间
    SegmentEnded {
        /// The segment's id · 环节编号
        segment: String,
        /// When it started, RFC 3339 (default: when the previous one ended) · 实际开始时间
        #[arg(long)]
        started_at: Option<String>,
    },
    /// Who holds a seat, who came, against the quotas · 名单状态
    Status,
    /// Who to call next (.csv or .xlsx; phones masked unless --unmasked) · 通话清单
    CallSheet {
        /// Output file · 输出文件
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Phones and names unmasked (for the callers) · 不脱敏
        #[arg(long)]
        unmasked: bool,
    },
}

pub(super) fn instant(at: Option<&str>) -> Result<DateTime<FixedOffset>, Failure> {
    match at {
        None => Ok(chrono::Utc::now().fixed_offset()),
        Some(text) => DateTime::parse_from_rfc3339(text).map_err(|e| {
            Failure::Usage(format!(
                "--at {text}: not an RFC 3339 time ({e}); write it as 2025-09-18T10:00:00+08:00"
            ))
        }),
    }
}

pub(super) fn roster(out: &mut Out, args: &RosterArgs) -> Result<(), Failure> {
    let key = PseudonymKey::new(read(&args.key_file, "pseudonym key")?);
    let (plan, report) = screen_input(out, &args.input, Some(key))?;
    let (pool, targets) = pool_of(&plan, &report)?;
    let store = FileJournal::open(&args.journal)?;
    let mut roster = Roster::open(&plan, pool, targets, Box::new(store))?;
    let at = instant(args.at.as_deref())?;
    let actor = args.actor.as_str();
    let person = |who: &str| -> Result<String, Failure> {
        if roster.person(who).is_some() {
            return Ok(who.to_owned());
        }
        let row: Option<u64> = who.parse().ok();
        roster
            .pool()
            .candidates()
            .iter()
            .find(|c| row.is_some() && roster.pool().origin(&c.id).map(|o| o.row) == row)
            .map(|c| c.id.clone())
            .ok_or_else(|| {
                Failure::Input(format!(
                    "{who}: no such person on the list (give a pool id from the call sheet or a registration row number)"
                ))
            })
    };
    let added = match &args.action {
        RosterAction::Drawn { record } => {
            let text = read(record, "draw record")?;
            let record: DrawRecord = serde_json::from_slice(&text).map_err(|e| {
                Failure::Input(format!("{}: not a draw record ({e})", record.display()))
            })?;
            let mut added = roster.screened(at, actor, &report)?;
            added.extend(roster.drawn(at, actor, &record)?);
            added
        }
        RosterAction::Call {
            person: who,
            outcome,
            note,
        } => {
            let id = person(who)?;
            let outcome = match outcome.as_str() {
                "declined" => CallOutcome::Declined {
                    reason: note.clone(),
                },
                other => other.parse::<CallOutcome>().map_err(Failure::Usage)?,
            };
            roster.call(at, actor, &id, outcome, note.clone())?
        }
        RosterAction::ReleaseDue => roster.release_due(at, actor)?,
        RosterAction::CheckIn { person: who } => {
            let id = person(who)?;
            roster.check_in(at, actor, &id)?
        }
        RosterAction::CloseCheckIn => roster.close_check_in(at, actor)?,
        RosterAction::SegmentEnded {
            segment,
            started_at,
        } => {
            let started_at = started_at
                .as_deref()
                .map(|t| instant(Some(t)))
                .transpose()?;
            roster.segment_ended(
                crate::itinerary::ActualTimes {
                    segment: segment.clone(),
                    started_at,
                    ended_at: at,
                },
                actor,
            )?
        }
        RosterAction::Status => Vec::new(),
        RosterAction::CallSheet {
            out: file,
            unmasked,
        } => {
            let directory = Directory::from_screening(&report, &plan);
            let masking = if *unmasked {
                Masking::Unmasked
            } else {
                Masking::Masked
            };
            let rows = roster.call_sheet(at, &directory, masking);
            if let Some(path) = file {
                let table =
                    crate::export::Table::of(&rows).map_err(crate::export::ExportError::from)?;
                write_table(path, &table, "通话清单")?;
            }
            out.document(&json!({ "call_sheet": rows }));
            out.text(&format!("{} to call", rows.len()));
            return Ok(());
        }
    };
    print_state(out, &roster, &added);
    Ok(())
}

/// The roster's state after a step: what was added, counts by status, attendance.
fn print_state(out: &Out, roster: &Roster, added: &[crate::confirmation::Entry]) {
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for p in roster.people() {
        let status = serde_json::to_value(p.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        *by_status.entry(status).or_default() += 1;
    }
    let attendance = roster.attendance();
    out.document(&json!({
        "added": added,
        "entries": roster.entries().len(),
        "by_status": by_status,
        "attendance": attendance,
        "deadline": roster.deadline().to_rfc3339(),
        "day": roster.day(),
    }));
    for e in added {
        out.text(&format!(
            "#{} {}",
            e.seq,
            serde_json::to_string(&e.event).unwrap_or_default()
        ));
    }
    let counts: Vec<String> = by_status.iter().map(|(s, n)| format!("{s} {n}")).collect();
    out.text(&format!(
        "{} entries; {}; seats {}, confirmed {}, came {}",
        roster.entries().len(),
        counts.join(", "),
        attendance.seats,
        attendance.confirmed,
        attendance.came
    ));
}

#[derive(Debug, Subcommand)]
pub(crate) enum LedgerCommand {
    /// Append ledger events (a JSON list: forms, answers, assignments, replies) · 登记台账事项
    Record {
        /// The plan · 方案文件
        plan: PathBuf,
        /// The ledger's journal (JSON Lines; created when missing) · 台账日志
        journal: PathBuf,
        /// The events (JSON list, each {"at", "actor", "action"}) · 事项文件
        events: PathBuf,
        /// A working-day calendar (JSON; default: the built-in China calendar) · 工作日历
        #[arg(long)]
        calendar: Option<PathBuf>,
    },
    /// Overdue, due soon, per unit and who awaits a reply · 台账报告
    Report {
        /// The plan · 方案文件
        plan: PathBuf,
        /// The ledger's journal (JSON Lines) · 台账日志
        journal: PathBuf,
        /// The report's time, RFC 3339 (default: now) · 报告时间
        #[arg(long)]
        as_of: Option<String>,
        /// "Due soon" horizon in working days · 临期提醒（工作日）
        #[arg(long, default_value_t = 2)]
        horizon: u32,
        /// A working-day calendar (JSON; default: the built-in China calendar) · 工作日历
        #[arg(long)]
        calendar: Option<PathBuf>,
        /// Write the ledger (.csv or .xlsx) · 导出台账
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Contacts unmasked in the export · 不脱敏
        #[arg(long)]
        unmasked: bool,
    },
}

pub(super) fn calendar_of(path: Option<&Path>) -> Result<WorkCalendar, Failure> {
    match path {
        Some(path) => {
            let text = read(path, "calendar")?;
            Ok(WorkCalendar::from_json(&String::from_utf8_lossy(&text))?)
        }
        None => Ok(WorkCalendar::china()),
    }
}

pub(super) fn ledger(out: &mut Out, command: &LedgerCommand) -> Result<(), Failure> {
    if let LedgerCommand::Record {
        plan,
        journal,
        events,
        calendar,
    } = command
    {
        let plan = load_plan(out, plan)?;
        let text = read(events, "ledger events")?;
        let list: Vec<crate::ledger::LedgerEvent> = serde_json::from_slice(&text).map_err(|e| {
            Failure::Input(format!(
                "{}: line {}, column {}: not a list of ledger events ({e}); each is {{\"at\", \"actor\", \"action\": {{\"action\": \"form_received\", ...}}}}",
                events.display(),
                e.line(),
                e.column()
            ))
        })?;
        let store = FileJournal::open(journal)?;
        let mut book = LedgerBook::open(&plan, calendar_of(calendar.as_deref())?, Box::new(store))?;
        let n = list.len();
        // All or nothing: every event is tried on a copy first, so a bad
        // event leaves the journal as it was.
        let mut trial = book.ledger().clone();
        for (i, event) in list.iter().enumerate() {
            trial.apply(event.clone()).map_err(|e| {
                Failure::Input(format!(
                    "{}: event {} of {n}: {e}; nothing was recorded",
                    events.display(),
                    i + 1
                ))
            })?;
        }
        for event in list {
            book.record(event)?;
        }
        out.document(&json!({ "recorded": n, "entries": book.entries().len() }));
        out.text(&format!(
            "{n} events recorded; the journal has {} entries",
            book.entries().len()
        ));
        return Ok(());
    }
    let LedgerCommand::Report {
        plan,
        journal,
        as_of,
        horizon,
        calendar,
        out: file,
        unmasked,
    } = command
    else {
        return Ok(());
    };
    let plan = load_plan(out, plan)?;
    let calendar = calendar_of(calendar.as_deref())?;
    let store = open_existing(journal)?;
    let book = LedgerBook::open(&plan, calendar, Box::new(store))?;
    let now = instant(as_of.as_deref())?;
    let report = crate::ledger::LedgerReport::as_of(book.ledger(), now, *horizon);
    if let Some(path) = file {
        let masking = if *unmasked {
            Masking::Unmasked
        } else {
            Masking::Masked
        };
        let table = crate::export::Table::of(book.ledger().rows(masking))
            .map_err(crate::export::ExportError::from)?;
        write_table(path, &table, "台账")?;
    }
    out.document(&serde_json::to_value(&report).unwrap_or_default());
    out.text(&report.to_string());
    Ok(())
}

/// A journal that must exist (a report does not create one).
fn open_existing(path: &Path) -> Result<FileJournal<crate::journal::Entry>, Failure> {
    if !path.exists() {
        return Err(Failure::Input(format!(
            "{}: no such journal; give the ledger's journal file",
            path.display()
        )));
    }
    Ok(FileJournal::open(path)?)
}
