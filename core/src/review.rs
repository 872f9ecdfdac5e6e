//! The post-event summary (活动总结): registrations by channel, the
//! screening's buckets and top reasons, the draw's fairness (its smallest
//! and largest selection probability and the quota table), who came against
//! the quotas, the opinions by category and unit, the ledger's outcomes,
//! on-time rate and the replies still owed, and the citizens' satisfaction.
//! It can be made at any later date: the ledger part is as of that date.
//! Markdown, and one self-contained printable HTML page with SVG bar charts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::Plan;
use crate::confirmation::Attendance;
use crate::ledger::{Ledger, LedgerReport};
use crate::screening::{BucketCounts, ScreeningReport};
use crate::selection::Draw;

/// Satisfaction as the opinion form asks it (1–5): 4–5 满意 satisfied,
/// 3 基本满意 fairly satisfied, 1–2 不满意 not satisfied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Satisfaction {
    /// 满意 (4–5).
    pub satisfied: u64,
    /// 基本满意 (3).
    pub fairly: u64,
    /// 不满意 (1–2).
    pub not_satisfied: u64,
    /// Forms that did not answer.
    pub unanswered: u64,
}

/// One quota of the draw against who came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaOutcome {
    /// The feature.
    pub feature: String,
    /// The value.
    pub value: String,
    /// Bounds.
    pub min: u32,
    /// Bounds.
    pub max: u32,
    /// Registrants in the pool with it.
    pub pool: u32,
    /// Drawn onto the panel.
    pub drawn: u32,
    /// Came on the day (when the roster is given).
    pub came: Option<u32>,
}

/// The figures of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// The plan's title.
    pub title: String,
    /// When the summary was made (RFC 3339).
    pub as_of: String,
    /// Every registration row by bucket.
    pub registrations: BucketCounts,
    /// Rows by channel code (`unknown` for rows too broken to tell).
    pub by_channel: BTreeMap<String, BucketCounts>,
    /// The commonest reasons rows were not eligible, most first (up to 5).
    pub top_reasons: Vec<(String, u64)>,
    /// Seats.
    pub seats: u32,
    /// The smallest selection probability of an eligible registrant.
    pub min_probability: f64,
    /// The largest.
    pub max_probability: f64,
    /// The quota table with who came.
    pub quotas: Vec<QuotaOutcome>,
    /// Attendance (when the roster is given).
    pub attendance: Option<Attendance>,
    /// Opinion points by category name.
    pub opinions_by_category: BTreeMap<String, u64>,
    /// The ledger as of `as_of`: points by state.
    pub ledger_counts: BTreeMap<&'static str, u64>,
    /// Per unit: total, open, overdue, done, on time.
    pub units: Vec<crate::ledger::UnitRow>,
    /// Done on time over done, across units.
    pub on_time_rate: Option<f64>,
    /// Citizens still owed a reply.
    pub replies_owed: u64,
    /// The citizens' satisfaction.
    pub satisfaction: Satisfaction,
}

/// Make the summary as of `as_of` from what each stage produced.
pub fn review(
    plan: &Plan,
    screening: &ScreeningReport,
    draw: &Draw,
    attendance: Option<&Attendance>,
    ledger: &Ledger,
    as_of: DateTime<FixedOffset>,
) -> Review {
    let ledger_report = LedgerReport::as_of(ledger, as_of, 2);
    let by_channel = screening
        .by_channel()
        .into_iter()
        .map(|(k, v)| {
            (
                k.map_or_else(|| "unknown".to_owned(), |c| c.code().to_owned()),
                v,
            )
        })
        .collect();
    let came = |feature: &str, value: &str| {
        attendance.and_then(|a| {
            a.lines
                .iter()
                .find(|l| l.feature == feature && l.value == value)
                .map(|l| l.came)
        })
    };
    let quotas = draw
        .quotas
        .iter()
        .map(|q| QuotaOutcome {
            feature: q.feature.clone(),
            value: q.value.clone(),
            min: q.min,
            max: q.max,
            pool: q.pool,
            drawn: q.panel,
            came: came(&q.feature, &q.value),
        })
        .collect();
    let mut opinions_by_category = BTreeMap::new();
    for c in ledger.cases() {
        *opinions_by_category
            .entry(ledger.category_name(&c.category))
            .or_insert(0u64) += 1;
    }
    let (done, on_time) = ledger_report
        .units
        .iter()
        .fold((0u64, 0u64), |(d, o), u| (d + u.done, o + u.on_time));
    #[allow(clippy::cast_precision_loss)]
    let on_time_rate = (done > 0).then(|| on_time as f64 / done as f64);
    let mut satisfaction = Satisfaction::default();
    for f in ledger.forms() {
        match f.satisfaction {
            Some(4..=5) => satisfaction.satisfied += 1,
            Some(3) => satisfaction.fairly += 1,
            Some(1..=2) => satisfaction.not_satisfied += 1,
            _ => satisfaction.unanswered += 1,
        }
    }
    Review {
        title: plan.document().title.clone(),
        as_of: as_of.with_timezone(&plan.time_zone()).to_rfc3339(),
        registrations: screening.counts(),
        by_channel,
        top_reasons: screening
            .reasons()
            .into_iter()
            .take(5)
            .map(|(code, n)| (code.to_owned(), n))
            .collect(),
        seats: draw.record.seats,
        min_probability: draw.stats.min_probability,
        max_probability: draw.stats.max_probability,
        quotas,
        attendance: attendance.cloned(),
        opinions_by_category,
        ledger_counts: ledger_report.counts.clone(),
        units: ledger_report.units.clone(),
        on_time_rate,
        replies_owed: u64::try_from(ledger_report.replies.len()).unwrap_or(u64::MAX),
        satisfaction,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart as inline SVG.
fn bars(title: &str, items: &[(String, u64)]) -> String {
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let row = 22;
    let height = 30 + row * items.len();
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        escape(title)
    );
    for (i, (label, n)) in items.iter().enumerate() {
        let y = 10 + row * i;
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let w = ((*n as f64 / max as f64) * 300.0).round() as u64;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text><rect x=\"200\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"#3b6ea5\"/><text x=\"{}\" y=\"{}\" font-size=\"13\">{n}</text>",
            y + 13,
            escape(label),
            205 + w,
            y + 13
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

impl Review {
    /// The summary as Markdown, Chinese with English headings beside.
    #[allow(clippy::too_many_lines)] // one section after another, in order
    pub fn markdown(&self) -> String {
        let r = &self.registrations;
        let mut md = format!(
            "# {} · 活动总结 Summary\n\n截至 As of {}\n\n## 报名 Registrations\n\n共 {} 条：符合 {}、不符合 {}、无效 {}、重复 {}。\nRows {}: eligible {}, ineligible {}, invalid {}, duplicate {}.\n\n| 渠道 Channel | 条 Rows | 符合 Eligible |\n|---|---|---|\n",
            self.title,
            self.as_of
                .get(..16)
                .unwrap_or(&self.as_of)
                .replace('T', " "),
            r.rows,
            r.eligible,
            r.ineligible,
            r.invalid,
            r.duplicate,
            r.rows,
            r.eligible,
            r.ineligible,
            r.invalid,
            r.duplicate,
        );
        for (ch, c) in &self.by_channel {
            let _ = writeln!(md, "| {ch} | {} | {} |", c.rows, c.eligible);
        }
        let _ = writeln!(md, "\n主要原因 Top reasons:");
        for (code, n) in &self.top_reasons {
            let _ = writeln!(md, "- {code}: {n}");
        }
        let _ = writeln!(
            md,
            "\n## 抽选 Draw\n\n名额 Seats {}；入选概率最小 {:.3}、最大 {:.3}。Selection probability: smallest {:.3}, largest {:.3}.\n\n| 特征 Feature | 值 Value | 区间 Bounds | 报名 Pool | 入选 Drawn | 到场 Came |\n|---|---|---|---|---|---|",
            self.seats,
            self.min_probability,
            self.max_probability,
            self.min_probability,
            self.max_probability
        );
        for q in &self.quotas {
            let _ = writeln!(
                md,
                "| {} | {} | {}–{} | {} | {} | {} |",
                q.feature,
                q.value,
                q.min,
                q.max,
                q.pool,
                q.drawn,
                q.came.map_or_else(|| "—".to_owned(), |c| c.to_string())
            );
        }
        if let Some(a) = &self.attendance {
            let _ = writeln!(
                md,
                "\n## 到场 Attendance\n\n名额 {}，确认 {}，到场 {}（迟到 {}），缺席 {}，递补 {}，现场自来 {} 人准入、{} 人婉拒；结构{}。\nSeats {}, confirmed {}, came {} ({} late), no-shows {}, replacements {}, walk-ins admitted {} and refused {}; the quotas {}.",
                a.seats,
                a.confirmed,
                a.came,
                a.late,
                a.no_shows,
                a.replacements,
                a.walk_ins_admitted,
                a.walk_ins_refused,
                if a.balanced {
                    "均衡"
                } else {
                    "未完全均衡"
                },
                a.seats,
                a.confirmed,
                a.came,
                a.late,
                a.no_shows,
                a.replacements,
                a.walk_ins_admitted,
                a.walk_ins_refused,
                if a.balanced {
                    "held"
                } else {
                    "were not all met"
                },
            );
        }
        let _ = writeln!(md, "\n## 意见建议 Opinions\n");
        for (cat, n) in &self.opinions_by_category {
            let _ = writeln!(md, "- {cat}: {n}");
        }
        let _ = writeln!(
            md,
            "\n## 台账办理 The ledger\n\n| 单位 Unit | 总数 Total | 未办结 Open | 逾期 Overdue | 办结 Done | 按时 On time |\n|---|---|---|---|---|---|"
        );
        for u in &self.units {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                u.name, u.total, u.open, u.overdue, u.done, u.on_time
            );
        }
        let _ = writeln!(
            md,
            "\n按时办结率 On-time rate: {}；待反馈 Replies owed: {}。",
            self.on_time_rate
                .map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0)),
            self.replies_owed
        );
        let s = &self.satisfaction;
        let _ = writeln!(
            md,
            "\n## 满意度 Satisfaction\n\n满意 {}、基本满意 {}、不满意 {}、未填 {}。Satisfied {}, fairly satisfied {}, not satisfied {}, unanswered {}.",
            s.satisfied,
            s.fairly,
            s.not_satisfied,
            s.unanswered,
            s.satisfied,
            s.fairly,
            s.not_satisfied,
            s.unanswered
        );
        md
    }

    /// One self-contained printable HTML page with SVG bar charts.
    pub fn html(&self) -> String {
        let channels: Vec<(String, u64)> = self
            .by_channel
            .iter()
            .map(|(k, v)| (k.clone(), v.rows))
            .collect();
        let opinions: Vec<(String, u64)> = self
            .opinions_by_category
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let drawn: Vec<(String, u64)> = self
            .quotas
            .iter()
            .map(|q| (format!("{} {}", q.feature, q.value), u64::from(q.drawn)))
            .collect();
        let s = &self.satisfaction;
        let satisfaction = vec![
            ("满意 satisfied".to_owned(), s.satisfied),
            ("基本满意 fairly".to_owned(), s.fairly),
            ("不满意 not satisfied".to_owned(), s.not_satisfied),
        ];
        let charts = [
            bars("报名渠道 Registrations by channel", &channels),
            bars("入选结构 Drawn by quota", &drawn),
            bars("意见类别 Opinions by category", &opinions),
            bars("满意度 Satisfaction", &satisfaction),
        ]
        .concat();
        let markdown = self.markdown();
        // The title first, then the charts, then the tables.
        let (head, rest) = markdown.split_once('\n').unwrap_or((&markdown, ""));
        let title = crate::notices::markdown_html(head);
        let body = crate::notices::markdown_html(rest);
        format!(
            "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>body{{font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}figure{{margin:1rem 0}}p{{margin:.2rem 0}}table{{border-collapse:collapse;margin:.5rem 0}}td,th{{border:1px solid #999;padding:.1rem .5rem}}</style></head><body>\n{title}{charts}{body}</body></html>\n",
            escape(&self.title)
        )
    }
}
