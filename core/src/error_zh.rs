//! Every error in Chinese, for the people who meet it first: a heading per
//! [`ErrorKind`] ([`ErrorKind::title_zh`]) and, for the refusals a person
//! meets while running a day (a roster step, a ledger step, a segment's
//! times, a registrations file, a draw), the whole message with its facts
//! ([`Error::message_zh`]). The English message (`Display`) stays the full
//! detail beside it; nothing here changes a code or a fact.
//!
//! ```
//! let err: openday::Error = openday::Plan::from_json("{").unwrap_err().into();
//! assert_eq!(err.kind().title_zh(), "方案文件格式有误");
//! assert!(err.message_zh().starts_with("方案文件格式有误"));
//! ```

use chrono::{DateTime, FixedOffset};

use crate::confirmation::RosterError;
use crate::error::{Error, ErrorKind};
use crate::intake::IntakeError;
use crate::itinerary::ReplanError;
use crate::ledger::LedgerError;
use crate::plan::PlanError;
use crate::selection::SelectionError;

impl ErrorKind {
    /// A Chinese heading for the kind, for a person (not a class name).
    pub fn title_zh(self) -> &'static str {
        match self {
            Self::PlanFile => "方案文件无法读取",
            Self::PlanSyntax => "方案文件格式有误",
            Self::PlanStructure => "方案内容不符合格式要求",
            Self::PlanFormat => "方案格式版本不受支持",
            Self::PlanValidation => "方案有需要修改的问题",
            Self::Registrations => "报名表无法读取",
            Self::InfeasibleQuotas => "名额条件无法同时满足",
            Self::Pool => "报名池有误",
            Self::DrawCancelled => "抽选已取消",
            Self::Selection => "抽选未能完成",
            Self::DrawVerification => "抽选记录核验未通过",
            Self::Roster => "名单操作未被接受",
            Self::Journal => "日志无法读写",
            Self::Ledger => "台账操作未被接受",
            Self::Calendar => "工作日历无法计算",
            Self::Replan => "环节时间无法记录",
            Self::Postpone => "无法改期",
            Self::Export => "无法导出",
            Self::Preparation => "筹备步骤未被接受",
        }
    }
}

/// A person's or a ledger point's status code in Chinese; an unknown code
/// as it is.
fn state(code: &str) -> &str {
    match code {
        "selected" => "待通知",
        "notified" => "已联系",
        "confirmed" => "已确认",
        "declined" => "已拒绝",
        "unreachable" => "联系不上",
        "released" => "已释放",
        "checked_in" => "已签到",
        "no_show" => "未到",
        "reserve" => "候补",
        "offered" => "递补待确认",
        "received" => "待处理",
        "filed" => "已列入台账",
        "assigned" => "已交办",
        "in_progress" => "办理中",
        "returned" => "已退回",
        "resolved" => "已办结",
        "verified" => "已核实",
        "shelved" => "暂缓办理",
        "closed" => "已关闭",
        other => other,
    }
}

/// A step tried (a roster step, a ledger action) in Chinese, as a verb; an
/// unknown code as it is.
fn step(code: &str) -> &str {
    match code {
        "call" => "电话确认",
        "call again (maximum attempts reached)" => "再次拨打（已达最多次数）",
        "release the seat" | "release unconfirmed seats" => "释放名额",
        "offer a seat" => "递补",
        "check in" => "签到",
        "form_received" => "登记意见表",
        "answered_on_spot" => "当场答复",
        "filed" => "列入台账",
        "assigned" => "交办",
        "started" => "开始办理",
        "returned" => "退回",
        "extension_requested" => "申请延期",
        "extension_granted" => "批准延期",
        "resolved" => "办结",
        "verified" => "核实",
        "shelved" => "暂缓办理",
        "citizen_informed" => "告知市民",
        "closed_anonymous" => "关闭匿名意见",
        "reopened" => "重新办理",
        other => other,
    }
}

fn t(at: &DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

impl Error {
    /// The message in Chinese: the kind's heading, then what happened and
    /// what to do where the error is one a person meets while running a day,
    /// else the heading alone (the English message carries the detail).
    pub fn message_zh(&self) -> String {
        let title = self.kind().title_zh();
        let detail = match self {
            Self::Plan(PlanError::Invalid { problems, .. }) => problems_zh(problems),
            Self::Plan(e) => e
                .file()
                .map(|f| format!("文件 {f}；请按英文说明修改"))
                .unwrap_or_default(),
            Self::Intake(e) => intake_zh(e),
            Self::Selection(e) | Self::Roster(RosterError::Selection(e)) => selection_zh(e),
            Self::Roster(RosterError::Segment(e)) | Self::Replan(e) => replan_zh(e),
            Self::Roster(e) => roster_zh(e),
            Self::Ledger(e) => ledger_zh(e),
            _ => String::new(),
        };
        let blocked = problems_zh(self.facts().problems);
        match (detail.is_empty(), blocked.is_empty()) {
            (true, true) => title.to_owned(),
            (false, _) => format!("{title}：{detail}"),
            (true, false) => format!("{title}：{blocked}"),
        }
    }
}

fn problems_zh(problems: &[crate::Problem]) -> String {
    let errors: Vec<&crate::Problem> = problems.iter().filter(|p| p.is_error()).collect();
    match errors.as_slice() {
        [] => String::new(),
        [one] => format!("{}（{}）", one.message_zh, one.path),
        [first, rest @ ..] => format!(
            "{}（{}），另有 {} 处",
            first.message_zh,
            first.path,
            rest.len()
        ),
    }
}

fn intake_zh(e: &IntakeError) -> String {
    match e {
        IntakeError::Decode { encoding, .. } => format!(
            "文件不是 {encoding} 文本；请在 Excel 中另存为“CSV UTF-8”，或指定编码（utf8、gb18030、utf16）"
        ),
        IntakeError::Empty { .. } => "表格为空；第一行应为表头（姓名、联系电话……）".to_owned(),
        IntakeError::NoNameColumn { found, .. } => {
            format!("没有姓名列；请将一列命名为“姓名”，或用 columns.name 指定（现有列：{found}）")
        }
        IntakeError::UnknownColumn { header, found, .. } => {
            format!("指定的列“{header}”在表中不存在（现有列：{found}）")
        }
        IntakeError::AmbiguousColumn { first, second, .. } => {
            format!("“{first}”和“{second}”都像同一字段；请用 columns 指定其一")
        }
        IntakeError::Workbook { .. } => {
            "不是可读取的 Excel 工作簿；请在 Excel 中另存为 .xlsx 或“CSV UTF-8”".to_owned()
        }
        IntakeError::NoSheet { sheet, found, .. } => {
            format!("没有名为“{sheet}”的工作表（现有：{found}）")
        }
        IntakeError::Csv { line, .. } => format!("第 {line} 行无法按 CSV 读取"),
    }
}

fn selection_zh(e: &SelectionError) -> String {
    match e {
        SelectionError::NoPseudonymKey => {
            "没有假名密钥：请用主办方保管的密钥筛选报名表，公布的编号才不会暴露个人".to_owned()
        }
        SelectionError::NoPolicy => "方案没有 selection 一节；请列出需要均衡的特征".to_owned(),
        SelectionError::PoolTooSmall { seats, available } => {
            format!("需选 {seats} 人，报名池最多只能选出 {available} 人")
        }
        SelectionError::Infeasible { .. } => {
            "没有名单能满足全部名额条件；请按英文说明中的最小放宽调整方案".to_owned()
        }
        SelectionError::Cancelled => "抽选已按要求取消，未产生结果".to_owned(),
        _ => String::new(),
    }
}

fn replan_zh(e: &ReplanError) -> String {
    match e {
        ReplanError::UnknownSegment { segment, .. } => format!("日程中没有环节“{segment}”"),
        ReplanError::OutOfOrder {
            segment, missing, ..
        } => {
            format!("“{segment}”在“{missing}”之前记录；请按日程顺序记录已结束的环节")
        }
        ReplanError::EndBeforeStart { segment } => {
            format!("“{segment}”的结束时间早于开始时间；请核对时间")
        }
        ReplanError::Repeated { segment } => {
            format!("“{segment}”已记录过结束时间；每个环节只记录一次")
        }
    }
}

fn roster_zh(e: &RosterError) -> String {
    match e {
        RosterError::Illegal {
            person,
            state,
            step,
        } => format!(
            "{person} 当前为“{}”，不能{}",
            self::state(state),
            self::step(step)
        ),
        RosterError::Unknown { person } => format!("{person} 不在入选名单或候补名单中"),
        RosterError::TooSoon { person, last, next } => {
            format!("{person} 上次拨打于 {}，最早 {} 再拨", t(last), t(next))
        }
        RosterError::Deadline { at, deadline, .. } => format!(
            "操作时间 {} 与确认截止时间 {} 不符（截止前才能电话确认，截止后才能释放名额）",
            t(at),
            t(deadline)
        ),
        RosterError::CheckInWindow { at, opens, closes } => format!(
            "签到时间 {} 不在 {} 至 {} 之内（含迟到时限）",
            t(at),
            t(opens),
            t(closes)
        ),
        RosterError::OutOfOrder { seq, at, previous } => format!(
            "第 {seq} 条记录时间 {} 早于上一条 {}；日志须按时间顺序",
            t(at),
            t(previous)
        ),
        RosterError::Journal { seq, .. } => format!("第 {seq} 条记录与日志不符"),
        _ => String::new(),
    }
}

fn ledger_zh(e: &LedgerError) -> String {
    match e {
        LedgerError::UnknownPoint { point } => {
            format!("台账中没有“{point}”；编号为“表号-序号”，如 F1-1")
        }
        LedgerError::IllegalTransition {
            point,
            state,
            action,
            ..
        } => format!(
            "{point} 当前为“{}”，不能{}",
            self::state(state),
            self::step(action)
        ),
        LedgerError::DuplicateForm { form } => format!("意见表“{form}”已登记；每张表用不同编号"),
        LedgerError::UnknownCategory {
            category, known, ..
        } => {
            format!("类别“{category}”不在方案的意见类别中（{known}）")
        }
        LedgerError::UnknownUnit { unit, known, .. } => {
            format!("单位“{unit}”不在方案的单位中（{known}）")
        }
        LedgerError::OutOfOrder {
            point,
            at,
            previous,
            ..
        } => {
            format!("{point} 的这一步（{at}）早于上一步（{previous}）；请按时间顺序记录")
        }
        LedgerError::Calendar { point, .. } => format!("{point} 的办理时限无法按工作日历计算"),
        _ => String::new(),
    }
}
