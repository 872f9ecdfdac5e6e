//! The post-event summary (活动总结): registrations by channel, the
//! screening's buckets and top reasons, the draw's fairness (its smallest
//! and largest selection probability and the quota table), who came against
//! the quotas, the opinions by category and unit, the ledger's outcomes,
//! on-time rate and the replies still owed, the citizens' satisfaction, and
//! the day as planned against as it ran (overruns and cuts, from the
//! segments' actual times kept in the roster's journal).
//! It can be made at any later date: the ledger part is as of that date.
//! Markdown, and one self-contained printable HTML page with SVG bar charts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::Plan;
use crate::confirmation::Attendance;
use crate::itinerary::Replanned;
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

/// One segment as planned and as it ran (or, when it has not run yet, as
/// re-planned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentOutcome {
    /// The segment's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Planned start and end (RFC 3339, the plan's zone).
    pub planned_start: String,
    /// Planned end.
    pub planned_end: String,
    /// Actual start and end when it ran; the re-planned times otherwise.
    pub start: String,
    /// Actual or re-planned end.
    pub end: String,
    /// Whether `start`/`end` are actual times.
    pub actual: bool,
    /// Minutes its start moved (positive: later).
    pub shift_minutes: i64,
    /// Minutes it ran longer than planned (negative: shorter); for a
    /// segment not run yet, minus the minutes re-planning cut from it.
    pub overrun_minutes: i64,
}

/// The day as planned against as it ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayOutcome {
    /// Every segment in order.
    pub segments: Vec<SegmentOutcome>,
    /// Segments with actual times.
    pub finished: u32,
    /// When the programme was planned to end (RFC 3339).
    pub planned_end: String,
    /// When it ended, or is now expected to end.
    pub end: String,
    /// Whether it ends within the day's window.
    pub window_holds: bool,
    /// Minutes past the window (0 when it holds).
    pub overrun_minutes: i64,
    /// Minutes segments ran (or are re-planned to run) longer than
    /// planned, in total.
    pub over_minutes: i64,
    /// Minutes cut: segments shorter than planned, in total.
    pub cut_minutes: i64,
}

impl DayOutcome {
    /// The plan's timetable against `day`.
    pub fn new(plan: &Plan, day: &Replanned) -> Self {
        let tz = plan.time_zone();
        let rfc = |t: DateTime<chrono_tz::Tz>| t.with_timezone(&tz).to_rfc3339();
        let planned = plan.timetable();
        let segments: Vec<SegmentOutcome> = day
            .timetable
            .segments
            .iter()
            .filter_map(|s| {
                let p = planned.segment(&s.id)?;
                let minutes =
                    |a: DateTime<chrono_tz::Tz>, b: DateTime<chrono_tz::Tz>| (b - a).num_minutes();
                Some(SegmentOutcome {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    planned_start: rfc(p.starts_at),
                    planned_end: rfc(p.ends_at),
                    start: rfc(s.starts_at),
                    end: rfc(s.ends_at),
                    actual: s.actual,
                    shift_minutes: minutes(p.starts_at, s.starts_at),
                    overrun_minutes: minutes(s.starts_at, s.ends_at)
                        .saturating_sub(minutes(p.starts_at, p.ends_at)),
                })
            })
            .collect();
        let over_minutes = segments.iter().map(|s| s.overrun_minutes.max(0)).sum();
        let cut_minutes = segments.iter().map(|s| (-s.overrun_minutes).max(0)).sum();
        Self {
            finished: u32::try_from(segments.iter().filter(|s| s.actual).count())
                .unwrap_or(u32::MAX),
            segments,
            planned_end: rfc(planned.ends_at()),
            end: rfc(day.new_end),
            window_holds: day.window_holds,
            overrun_minutes: day.overrun_minutes,
            over_minutes,
            cut_minutes,
        }
    }
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
    /// The day planned against actual (when segments' actual times were
    /// recorded).
    pub day: Option<DayOutcome>,
}

/// Make the summary as of `as_of` from what each stage produced: the
/// attendance and the day as it ran come from the roster
/// ([`crate::confirmation::Roster::attendance`] and
/// [`crate::confirmation::Roster::day`]) when there is one.
pub fn review(
    plan: &Plan,
    screening: &ScreeningReport,
    draw: &Draw,
    (attendance, day): (Option<&Attendance>, Option<&Replanned>),
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
        day: day.map(|d| DayOutcome::new(plan, d)),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// About how wide `label` is at 13 px: wide (CJK) characters a full em,
/// the rest about half.
fn label_width(label: &str) -> usize {
    label
        .chars()
        .map(|c| if u32::from(c) >= 0x2E80 { 13 } else { 7 })
        .sum()
}

/// A horizontal bar chart as inline SVG; the label column is as wide as the
/// longest label.
fn bars(title: &str, items: &[(String, u64)]) -> String {
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let row = 22;
    let height = 30 + row * items.len();
    let left = items
        .iter()
        .map(|(l, _)| label_width(l) + 10)
        .max()
        .unwrap_or(0)
        .max(200);
    let width = left + 360;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto\" role=\"img\" aria-label=\"{}\">",
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
        let w = ((*n as f64 / max as f64) * 300.0).round() as usize;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text><rect x=\"{left}\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"#3b6ea5\"/><text x=\"{}\" y=\"{}\" font-size=\"13\">{n}</text>",
            y + 13,
            escape(label),
            left + 5 + w,
            y + 13
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// `HH:MM` of an RFC 3339 time.
fn hm(t: &str) -> &str {
    t.get(11..16).unwrap_or(t)
}

/// `+5`, `-5`, `0`.
fn signed(n: i64) -> String {
    if n == 0 {
        "0".to_owned()
    } else {
        format!("{n:+}")
    }
}

fn day_markdown(md: &mut String, d: &DayOutcome) {
    let all_run = d.segments.iter().all(|s| s.actual);
    let (ended_zh, ended_en) = if all_run {
        ("实际", "ended")
    } else {
        ("预计", "is now expected to end")
    };
    let (window_zh, window_en) = if d.window_holds {
        ("未超出活动时间", "within the day's window".to_owned())
    } else {
        (
            "超出活动时间",
            format!("{} min past the window", d.overrun_minutes),
        )
    };
    let _ = writeln!(
        md,
        "\n## 日程执行 The day, planned against actual\n\n已完成 {} 个环节；计划 {} 结束，{} {} 结束，{}{}；各环节共超时 {} 分钟、压缩 {} 分钟。\n{} segment(s) ran; planned to end at {}, {} at {}, {}; segments ran {} min over and {} min were cut.\n\n| 环节 Segment | 计划 Planned | 实际/预计 Actual or expected | 推迟 Shift (min) | 超时 Overrun (min) |\n|---|---|---|---|---|",
        d.finished,
        hm(&d.planned_end),
        ended_zh,
        hm(&d.end),
        window_zh,
        if d.window_holds {
            String::new()
        } else {
            format!(" {} 分钟", d.overrun_minutes)
        },
        d.over_minutes,
        d.cut_minutes,
        d.finished,
        hm(&d.planned_end),
        ended_en,
        hm(&d.end),
        window_en,
        d.over_minutes,
        d.cut_minutes,
    );
    for s in &d.segments {
        let _ = writeln!(
            md,
            "| {} | {}–{} | {}{}–{} | {} | {} |",
            s.title,
            hm(&s.planned_start),
            hm(&s.planned_end),
            if s.actual { "" } else { "预计 expected " },
            hm(&s.start),
            hm(&s.end),
            signed(s.shift_minutes),
            signed(s.overrun_minutes)
        );
    }
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
        if let Some(d) = &self.day {
            day_markdown(&mut md, d);
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
        let mut charts = [
            bars("报名渠道 Registrations by channel", &channels),
            bars("入选结构 Drawn by quota", &drawn),
            bars("意见类别 Opinions by category", &opinions),
            bars("满意度 Satisfaction", &satisfaction),
        ]
        .concat();
        if let Some(d) = &self.day {
            let minutes = |a: &str, b: &str| match (
                DateTime::parse_from_rfc3339(a),
                DateTime::parse_from_rfc3339(b),
            ) {
                (Ok(a), Ok(b)) => u64::try_from((b - a).num_minutes()).unwrap_or(0),
                _ => 0,
            };
            let mut rows = Vec::with_capacity(d.segments.len() * 2);
            for s in &d.segments {
                rows.push((
                    format!("{} 计划 planned", s.title),
                    minutes(&s.planned_start, &s.planned_end),
                ));
                rows.push((
                    format!(
                        "{} {}",
                        s.title,
                        if s.actual {
                            "实际 actual"
                        } else {
                            "预计 expected"
                        }
                    ),
                    minutes(&s.start, &s.end),
                ));
            }
            charts.push_str(&bars("环节时长（分钟）Minutes per segment", &rows));
        }
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
