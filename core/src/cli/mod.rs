//! The `openday` command-line tool (feature `cli`): check a plan, screen
//! registrations (CSV or Excel), draw and verify the panel, keep the roster
//! journal, report on the ledger, and export the day (`.ics`, run sheets,
//! the timeline). The binary is `src/bin/openday.rs`; the Python package
//! installs the same tool as `openday` and `python -m openday`.
//!
//! Exit codes scripts can rely on (also in `openday --help`):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done (warnings may have been printed) |
//! | 1 | refused input: a plan, table, record or file that cannot be used; the message says what, where and how to fix it |
//! | 2 | wrong command-line usage |
//! | 3 | the input is readable but the step cannot be taken: a stage the plan blocks, quotas no panel meets, too few eligible |
//! | 4 | verification failed: a draw record that does not give its panel again, a damaged or locked journal |
//!
//! With `--json` every command prints one JSON document on stdout, errors
//! included (`{"error": {"kind", "code", "message", …}}`).

mod day;
mod draw;
mod follow;
mod output;
mod prepare;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use output::Lang;
use output::{Failure, Out};

const EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  done / 完成 (warnings may be printed / 可能有警告)
  1  refused input: plan, table, record or file / 输入无法使用（方案、表格、记录或文件）
  2  wrong usage / 命令用法错误
  3  the step cannot be taken: blocked stage, quotas, too few eligible / 无法执行：阶段受阻、配额无法满足、符合条件者不足
  4  verification failed: draw record or journal / 校验失败：抽选记录或日志";

/// Run government open days from the command line · 政府开放日命令行工具
#[derive(Debug, Parser)]
#[command(name = "openday", version, after_help = EXIT_CODES, max_term_width = 100)]
struct Cli {
    /// Print one JSON document on stdout (errors too) · 以 JSON 输出
    #[arg(long, global = true)]
    json: bool,
    /// Language of messages: zh or en (default: from LANG) · 提示语言
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
    /// No progress bars · 不显示进度条
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a plan file: every problem with its path · 检查方案文件
    Check {
        /// The plan (*.openday.json) · 方案文件
        plan: PathBuf,
    },
    /// Screen registrations (CSV or Excel) against the plan · 报名资格审核
    Screen {
        #[command(flatten)]
        input: Input,
        /// Write every row's result (.csv or .xlsx) · 导出审核结果
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Personal data in the export unmasked · 导出不脱敏的个人信息
        #[arg(long)]
        unmasked: bool,
    },
    /// Draw the balanced panel and reserves with a public seed · 均衡抽选
    Draw {
        #[command(flatten)]
        input: Input,
        /// The public seed, announced before the draw · 事先公布的公开种子
        #[arg(long)]
        seed: String,
        /// The organiser's secret for the pseudonyms (a file) · 假名密钥文件
        #[arg(long)]
        key_file: PathBuf,
        /// Write the draw record (JSON) to publish · 写出抽选记录
        #[arg(long)]
        record: Option<PathBuf>,
        /// Write the panel and reserves (.csv or .xlsx) · 导出入选及候补名单
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Personal data in the list unmasked · 名单不脱敏
        #[arg(long)]
        unmasked: bool,
    },
    /// Re-run a draw record against the registrations · 复核抽选记录
    Verify {
        /// The published draw record (JSON) · 抽选记录
        record: PathBuf,
        #[command(flatten)]
        input: Input,
        /// The organiser's secret for the pseudonyms (a file) · 假名密钥文件
        #[arg(long)]
        key_file: PathBuf,
    },
    /// Confirmation calls and check-in on a journal · 电话确认与签到
    Roster(follow::RosterArgs),
    /// Preparation duties and readiness on a journal · 筹备任务与就绪情况
    Prepare(prepare::PrepareArgs),
    /// The feedback ledger (台账) · 意见台账
    Ledger {
        #[command(subcommand)]
        command: follow::LedgerCommand,
    },
    /// The day as an iCalendar file · 导出日历 (.ics)
    Ics {
        /// The plan · 方案文件
        plan: PathBuf,
        /// Output file (default: stdout) · 输出文件
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Each unit's run sheet (.md, .csv or .xlsx) · 各单位工作安排表
    RunSheets {
        /// The plan · 方案文件
        plan: PathBuf,
        /// Output file; .md (default: stdout), .csv or .xlsx · 输出文件
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// The timetable as an SVG timeline · 日程时间轴 (SVG)
    Timeline {
        /// The plan · 方案文件
        plan: PathBuf,
        /// Output file (default: stdout) · 输出文件
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

/// A plan and its registrations table.
#[derive(Debug, Args)]
struct Input {
    /// The plan (*.openday.json) · 方案文件
    plan: PathBuf,
    /// Registrations: .csv (UTF-8, GBK, UTF-16) or .xlsx · 报名表
    registrations: PathBuf,
    /// The sheet of a workbook (default: the first) · 工作表名称
    #[arg(long)]
    sheet: Option<String>,
    /// Past attendance (JSON) for a not-recently-attended rule · 往期参加记录
    #[arg(long)]
    history: Option<PathBuf>,
    /// A column openday does not recognise, as FIELD=HEADER (repeatable;
    /// e.g. phone=联络号码) · 指定列：字段=列名
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = column_arg)]
    columns: Vec<(crate::plan::registration::RegistrationField, String)>,
    /// The channel of rows whose channel cell is empty or that have no
    /// channel column (phone, on_site, online, email, other) · 默认报名方式
    #[arg(long, value_name = "CHANNEL", value_parser = channel_arg)]
    default_channel: Option<crate::plan::registration::ChannelKind>,
}

/// `FIELD=HEADER` of `--column`.
fn column_arg(
    text: &str,
) -> Result<(crate::plan::registration::RegistrationField, String), String> {
    let (field, header) = text
        .split_once('=')
        .ok_or_else(|| format!("\"{text}\" is not FIELD=HEADER (e.g. phone=联络号码)"))?;
    let field = serde_json::from_value(serde_json::Value::String(field.trim().to_owned()))
        .map_err(|e| format!("\"{}\" is not a field: {e}", field.trim()))?;
    if header.trim().is_empty() {
        return Err(format!("\"{text}\" names no header after ="));
    }
    Ok((field, header.to_owned()))
}

/// The channel of `--default-channel`.
fn channel_arg(text: &str) -> Result<crate::plan::registration::ChannelKind, String> {
    crate::plan::registration::ChannelKind::parse(text).ok_or_else(|| {
        format!("\"{text}\" is not a channel: give phone, on_site, online, email or other")
    })
}

/// Run the tool with `args` (the program name first) and give the exit
/// code. Output goes to stdout and stderr.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let lang = Lang::pick(cli.lang.as_deref());
    let mut out = Out::new(cli.json, lang, cli.quiet);
    let result = match cli.command {
        Command::Check { plan } => draw::check(&mut out, &plan),
        Command::Screen {
            input,
            out: file,
            unmasked,
        } => draw::screen(&mut out, &input, file.as_deref(), unmasked),
        Command::Draw {
            input,
            seed,
            key_file,
            record,
            out: file,
            unmasked,
        } => draw::draw(
            &mut out,
            &input,
            &draw::DrawArgs {
                seed: &seed,
                key_file: &key_file,
                record: record.as_deref(),
                out: file.as_deref(),
                unmasked,
            },
        ),
        Command::Verify {
            record,
            input,
            key_file,
        } => draw::verify(&mut out, &record, &input, &key_file),
        Command::Roster(args) => follow::roster(&mut out, &args),
        Command::Prepare(args) => prepare::prepare(&mut out, &args),
        Command::Ledger { command } => follow::ledger(&mut out, &command),
        Command::Ics { plan, out: file } => day::ics(&mut out, &plan, file.as_deref()),
        Command::RunSheets { plan, out: file } => day::run_sheets(&mut out, &plan, file.as_deref()),
        Command::Timeline { plan, out: file } => day::timeline(&mut out, &plan, file.as_deref()),
    };
    match result {
        Ok(()) => 0,
        Err(failure) => out.fail(&failure),
    }
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::Flag(..) => 2,
            Self::CannotProceed(_) => 3,
            Self::Verification(_) => 4,
            Self::Input(_) => 1,
            Self::Openday(e) => {
                use crate::ErrorKind as K;
                match e.kind() {
                    K::InfeasibleQuotas | K::Pool | K::DrawCancelled => 3,
                    K::PlanValidation if e.code() == "plan_blocked" => 3,
                    K::DrawVerification | K::Journal => 4,
                    _ => 1,
                }
            }
        }
    }
}
