//! `openday prepare`: the units' preparation duties on a journal file (a
//! step started, done with its evidence, verified by someone else, or
//! reopened), the readiness report as of any instant, and task sheets.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::draw::load_plan;
use super::follow::{calendar_of, instant};
use super::output::{Failure, Out};
use crate::journal::{FileJournal, JournalStore};
use crate::preparation::{Evidence, PrepAction, PrepEvent, Preparation};

/// `openday prepare PLAN --journal J <action>`
#[derive(Debug, Args)]
pub(crate) struct PrepareArgs {
    /// The plan · 方案文件
    plan: PathBuf,
    /// The preparation journal (JSON Lines; created when missing) · 筹备日志
    #[arg(long)]
    journal: PathBuf,
    /// A working-day calendar (JSON; default: the built-in China calendar) · 工作日历
    #[arg(long)]
    calendar: Option<PathBuf>,
    /// Who records the step (a unit or post, kept in the journal) · 操作人
    #[arg(long, default_value = "openday")]
    actor: String,
    /// When it happened or the report's time, RFC 3339 (default: now) · 时间
    #[arg(long)]
    at: Option<String>,
    #[command(subcommand)]
    action: PrepareAction,
}

#[derive(Debug, Subcommand)]
enum PrepareAction {
    /// Work on a duty has begun · 开始办理
    Start {
        /// The duty's id (see `status`) · 任务编号
        duty: String,
    },
    /// A duty is done, with what shows it · 办结（附依据）
    Done {
        /// The duty's id · 任务编号
        duty: String,
        /// The document filed (its name or reference) · 文件名称或文号
        #[arg(long)]
        document: Option<String>,
        /// The count reached (vehicles, copies, people) · 数量
        #[arg(long)]
        count: Option<u32>,
        /// A note · 备注
        #[arg(long)]
        note: Option<String>,
    },
    /// Checked by someone other than who did it · 核验
    Verify {
        /// The duty's id · 任务编号
        duty: String,
    },
    /// Found wanting: open again, with the reason · 退回重办
    Reopen {
        /// The duty's id · 任务编号
        duty: String,
        /// Why · 原因
        #[arg(long)]
        reason: String,
    },
    /// Readiness as of --at: overdue, due soon, by unit and person, the verdict · 筹备就绪情况
    Status {
        /// "Due soon" horizon in working days · 临期提醒（工作日）
        #[arg(long, default_value_t = 3)]
        horizon: u32,
        /// Write every unit's task sheet (Markdown) to this file · 导出各单位任务单
        #[arg(long)]
        sheets: Option<PathBuf>,
    },
}

pub(super) fn prepare(out: &mut Out, args: &PrepareArgs) -> Result<(), Failure> {
    let plan = load_plan(out, &args.plan)?;
    let calendar = calendar_of(args.calendar.as_deref())?;
    let mut store: FileJournal<PrepEvent> = FileJournal::open(&args.journal)?;
    let mut prep = Preparation::replay(&plan, &calendar, store.records())?;
    let at = instant(args.at.as_deref())?;
    let action = match &args.action {
        PrepareAction::Start { duty } => PrepAction::Started { duty: duty.clone() },
        PrepareAction::Done {
            duty,
            document,
            count,
            note,
        } => PrepAction::Done {
            duty: duty.clone(),
            evidence: Evidence {
                document: document.clone(),
                count: *count,
                note: note.clone(),
            },
        },
        PrepareAction::Verify { duty } => PrepAction::Verified { duty: duty.clone() },
        PrepareAction::Reopen { duty, reason } => PrepAction::Reopened {
            duty: duty.clone(),
            reason: reason.clone(),
        },
        PrepareAction::Status { horizon, sheets } => {
            if let Some(path) = sheets {
                let mut text = String::new();
                for sheet in prep.task_sheets() {
                    text.push_str(&sheet.markdown);
                    text.push('\n');
                }
                std::fs::write(path, text).map_err(|e| {
                    Failure::Input(format!("{}: cannot write ({e})", path.display()))
                })?;
            }
            let report = prep.readiness(at, *horizon);
            out.document(&serde_json::to_value(&report).unwrap_or_default());
            out.text(&report.to_string());
            return Ok(());
        }
    };
    let event = PrepEvent {
        at,
        actor: args.actor.clone(),
        action,
    };
    // Tried on the state first: a refused step leaves the journal as it was.
    prep.apply(event.clone())?;
    store.append(&event)?;
    let duty = prep
        .duties()
        .iter()
        .find(|d| d.duty.id == event.action.duty());
    let status = duty.map_or("", |d| d.status.code());
    out.document(&json!({
        "recorded": event,
        "status": status,
        "entries": store.records().len(),
    }));
    out.text(&format!(
        "{}: {status}; the journal has {} entries",
        event.action.duty(),
        store.records().len()
    ));
    Ok(())
}
