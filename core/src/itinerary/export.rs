//! Exports of a timetable: iCalendar (RFC 5545), run sheets per responsible
//! unit (Markdown and CSV), and an SVG timeline.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};

use super::Timetable;
use crate::plan::Plan;

/// RFC 5545 TEXT escaping.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Append a content line folded at 75 octets (never inside a UTF-8 character).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// An offset change: when, from and to (seconds east of UTC), whether the
/// new offset is daylight-saving time, and its abbreviation.
type Transition = (DateTime<Utc>, i32, i32, bool, String);

/// The zone's offset transitions within a year either side of `around`,
/// after the offset (and DST flag) in force a year before.
fn transitions(tz: Tz, around: DateTime<Utc>) -> (i32, bool, Vec<Transition>) {
    let at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let start = around - Duration::days(366);
    let first = at(start);
    let mut out = Vec::new();
    let mut prev_t = start;
    let mut prev = first;
    let mut t = start;
    while t < around + Duration::days(366) {
        t += Duration::days(1);
        let now = at(t);
        if now.fix() != prev.fix() {
            // Find the exact second of the change.
            let (mut lo, mut hi) = (prev_t, t);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if at(mid).fix() == prev.fix() {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push((
                hi,
                prev.fix().local_minus_utc(),
                now.fix().local_minus_utc(),
                !now.dst_offset().is_zero(),
                now.to_string(),
            ));
        }
        prev = now;
        prev_t = t;
    }
    (
        first.fix().local_minus_utc(),
        !first.dst_offset().is_zero(),
        out,
    )
}

fn vtimezone(out: &mut String, tz: Tz, around: DateTime<Utc>) {
    let (initial, initial_dst, changes) = transitions(tz, around);
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{}", tz.name()));
    let kind = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    let name = tz
        .offset_from_utc_datetime(&(around - Duration::days(366)).naive_utc())
        .to_string();
    line(out, &format!("BEGIN:{}", kind(initial_dst)));
    line(out, "DTSTART:19700101T000000");
    line(out, &format!("TZOFFSETFROM:{}", offset_text(initial)));
    line(out, &format!("TZOFFSETTO:{}", offset_text(initial)));
    line(out, &format!("TZNAME:{name}"));
    line(out, &format!("END:{}", kind(initial_dst)));
    for (at, from, to, dst, name) in changes {
        let local_before = at.naive_utc() + Duration::seconds(i64::from(from));
        line(out, &format!("BEGIN:{}", kind(dst)));
        line(
            out,
            &format!("DTSTART:{}", local_before.format("%Y%m%dT%H%M%S")),
        );
        line(out, &format!("TZOFFSETFROM:{}", offset_text(from)));
        line(out, &format!("TZOFFSETTO:{}", offset_text(to)));
        line(out, &format!("TZNAME:{name}"));
        line(out, &format!("END:{}", kind(dst)));
    }
    line(out, "END:VTIMEZONE");
}

/// The timetable as an iCalendar file: one VEVENT per segment, times with
/// `TZID` and a `VTIMEZONE` generated from the time-zone database (valid
/// for a year either side of the day). `stamp` is the `DTSTAMP` (when the
/// file is produced), passed in so that output is reproducible.
pub fn ical(plan: &Plan, timetable: &Timetable, stamp: DateTime<Utc>) -> String {
    let doc = plan.document();
    let tz = plan.time_zone();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!(
            "PRODID:-//openday//openday {}//ZH",
            env!("CARGO_PKG_VERSION")
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", ics_text(&doc.title)));
    line(&mut out, &format!("X-WR-TIMEZONE:{}", tz.name()));
    vtimezone(&mut out, tz, plan.starts_at().with_timezone(&Utc));
    let local = "%Y%m%dT%H%M%S";
    for s in &timetable.segments {
        let seg = doc.itinerary.get(s.index).filter(|g| g.id == s.id);
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:{}-{}@openday", doc.id, s.id.replace(':', "-")),
        );
        line(
            &mut out,
            &format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        );
        line(
            &mut out,
            &format!("DTSTART;TZID={}:{}", tz.name(), s.starts_at.format(local)),
        );
        line(
            &mut out,
            &format!("DTEND;TZID={}:{}", tz.name(), s.ends_at.format(local)),
        );
        line(&mut out, &format!("SUMMARY:{}", ics_text(&s.title)));
        let venue = seg
            .and_then(|g| g.venue.as_deref())
            .and_then(|v| doc.venues.iter().find(|x| x.id == v));
        if let Some(v) = venue {
            let place = v
                .address
                .as_ref()
                .map_or_else(|| v.name.clone(), |a| format!("{}, {a}", v.name));
            line(&mut out, &format!("LOCATION:{}", ics_text(&place)));
            if let Some(c) = v.coordinates {
                line(&mut out, &format!("GEO:{};{}", c.latitude, c.longitude));
            }
        }
        let mut description = Vec::new();
        if let Some(c) = seg.and_then(|g| g.content.as_deref()) {
            description.push(c.to_owned());
        }
        if !s.units.is_empty() {
            description.push(format!("责任单位：{}", s.units.join("、")));
        }
        if let Some(g) = seg.filter(|g| !g.safety.is_empty()) {
            description.push(format!("安全要求：{}", g.safety.join("；")));
        }
        if s.approximate {
            description.push("时长为约数 (approximate duration)".to_owned());
        }
        if !s.turns.is_empty() {
            description.push(turns_text(&s.turns));
        }
        if !description.is_empty() {
            line(
                &mut out,
                &format!("DESCRIPTION:{}", ics_text(&description.join("\n"))),
            );
        }
        line(
            &mut out,
            &format!("CATEGORIES:{}", s.kind.code().to_uppercase()),
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// A run sheet for one responsible unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunSheet {
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The sheet as Markdown.
    pub markdown: String,
    /// The unit's rows as CSV (with header).
    pub csv: String,
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// One run sheet per unit with duties on the day: what, where, when, and
/// their duties and the safety rules, as Markdown and CSV.
pub fn run_sheets(plan: &Plan, timetable: &Timetable) -> Vec<RunSheet> {
    let doc = plan.document();
    let transport_unit = doc.transport.as_ref().and_then(|t| t.unit.as_deref());
    doc.units
        .iter()
        .filter_map(|unit| {
            let rows: Vec<_> = timetable
                .segments
                .iter()
                .filter(|s| !s.derived)
                .filter_map(|s| {
                    let seg = doc.itinerary.get(s.index)?;
                    let drives =
                        transport_unit == Some(unit.id.as_str()) && seg.transport.is_some();
                    (seg.units.contains(&unit.id) || drives).then_some((s, seg, drives))
                })
                .collect();
            if rows.is_empty() {
                return None;
            }
            let mut md = String::new();
            let _ = writeln!(md, "# {} · {}", unit.name, doc.title);
            let _ = writeln!(md);
            let _ = writeln!(
                md,
                "{} ({}), {}",
                doc.day.date,
                doc.day.date.format("%a"),
                doc.time_zone
            );
            if let Some(role) = &unit.role {
                let _ = writeln!(md, "\n职责 Duties: {role}");
            }
            let _ = writeln!(
                md,
                "\n| 时间 Time | 环节 Segment | 地点 Place | 内容 Content | 安全 Safety |"
            );
            let _ = writeln!(md, "|---|---|---|---|---|");
            let mut csv_rows: Vec<Vec<String>> = vec![
                [
                    "unit",
                    "start",
                    "end",
                    "segment",
                    "title",
                    "place",
                    "content",
                    "safety",
                    "transport",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            for (s, seg, drives) in rows {
                let time = format!(
                    "{}–{}{}",
                    s.starts_at.format("%H:%M"),
                    s.ends_at.format("%H:%M"),
                    if s.approximate { " (约)" } else { "" }
                );
                let place = s.venue.clone().unwrap_or_default();
                let content = sheet_content(s, seg, drives);
                let safety = seg.safety.join("；");
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    time,
                    md_cell(&s.title),
                    md_cell(&place),
                    md_cell(&content),
                    md_cell(&safety)
                );
                csv_rows.push(vec![
                    unit.name.clone(),
                    s.starts_at.to_rfc3339(),
                    s.ends_at.to_rfc3339(),
                    s.id.clone(),
                    s.title.clone(),
                    place,
                    content,
                    safety,
                    seg.transport.clone().unwrap_or_default(),
                ]);
            }
            let csv = crate::export::cells_string(csv_rows);
            Some(RunSheet {
                unit: unit.id.clone(),
                name: unit.name.clone(),
                markdown: md,
                csv,
            })
        })
        .collect()
}

/// What a unit's run sheet says a segment is about: the vehicles for the
/// unit that drives, the plan's content, and the groups' turns.
fn sheet_content(
    s: &crate::plan::timetable::ScheduledSegment,
    seg: &crate::plan::itinerary::Segment,
    drives: bool,
) -> String {
    let mut parts = Vec::new();
    if drives {
        parts.push(format!(
            "车辆保障（{}）",
            seg.transport.as_deref().unwrap_or_default()
        ));
    }
    if let Some(c) = seg.content.as_deref().filter(|c| !c.is_empty()) {
        parts.push(c.to_owned());
    }
    if !s.turns.is_empty() {
        parts.push(turns_text(&s.turns));
    }
    parts.join("；")
}

/// The groups' turns, e.g. `分组轮流 Groups in turn: 第1组 12人 10:20–10:35；第2组 11人 10:35–10:50`.
fn turns_text(turns: &[crate::plan::timetable::Turn]) -> String {
    let list: Vec<String> = turns
        .iter()
        .map(|t| {
            format!(
                "第{}组 group {} ({}人) {}–{}",
                t.group,
                t.group,
                t.size,
                t.starts_at.format("%H:%M"),
                t.ends_at.format("%H:%M")
            )
        })
        .collect();
    format!("分组轮流 Groups in turn: {}", list.join("；"))
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A Gantt-style SVG of the day: one row per segment with its planned bar
/// and, when `replanned` is given, the actual or re-planned bar beneath it.
#[allow(clippy::too_many_lines)] // one linear drawing routine, easier to follow whole
pub fn timeline_svg(plan: &Plan, planned: &Timetable, replanned: Option<&Timetable>) -> String {
    const LEFT: f64 = 280.0;
    const WIDTH: f64 = 980.0;
    const ROW: f64 = 30.0;
    const TOP: f64 = 56.0;
    let start = planned.window_start;
    let mut end = planned.window_end.max(planned.ends_at());
    if let Some(r) = replanned {
        end = end.max(r.ends_at());
    }
    #[allow(clippy::cast_precision_loss)]
    let span = (end - start).num_seconds().max(60) as f64;
    #[allow(clippy::cast_precision_loss)]
    let x =
        |t: DateTime<Tz>| LEFT + (WIDTH - LEFT - 20.0) * ((t - start).num_seconds() as f64) / span;
    #[allow(clippy::cast_precision_loss)]
    let height = TOP + ROW * planned.segments.len() as f64 + 40.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif" font-size="12">"#
    );
    let _ = write!(
        out,
        r"<style>.planned{{fill:#9ec5e8}}.actual{{fill:#1f5f99}}.replanned{{fill:#e8a33d}}.grid{{stroke:#ddd}}</style>"
    );
    let _ = write!(
        out,
        r##"<text x="10" y="22" font-size="15" font-weight="bold">{}</text><text x="10" y="40" fill="#555">{} {}–{} {}</text>"##,
        xml(&plan.document().title),
        plan.document().day.date,
        start.format("%H:%M"),
        planned.window_end.format("%H:%M"),
        plan.time_zone()
    );
    let mut tick = start.date_naive().and_hms_opt(0, 0, 0).map_or(start, |d| {
        plan.time_zone()
            .from_local_datetime(&d)
            .earliest()
            .unwrap_or(start)
    });
    while tick <= end {
        if tick >= start {
            let tx = x(tick);
            let _ = write!(
                out,
                r##"<line class="grid" x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{}"/><text x="{tx:.1}" y="{}" text-anchor="middle" fill="#555">{}</text>"##,
                TOP - 6.0,
                height - 30.0,
                height - 14.0,
                tick.format("%H:%M")
            );
        }
        tick += Duration::minutes(30);
    }
    if replanned.is_some() {
        let lx = WIDTH - 300.0;
        let _ = write!(
            out,
            r#"<g class="legend"><rect class="planned key" x="{lx}" y="12" width="14" height="8"/><text x="{}" y="20">计划 planned</text><rect class="actual key" x="{}" y="12" width="14" height="8"/><text x="{}" y="20">实际 actual</text><rect class="replanned key" x="{}" y="12" width="14" height="8"/><text x="{}" y="20">调整 re-planned</text></g>"#,
            lx + 18.0,
            lx + 100.0,
            lx + 118.0,
            lx + 190.0,
            lx + 208.0
        );
    }
    let we = x(planned.window_end);
    let _ = write!(
        out,
        r##"<line x1="{we:.1}" y1="{}" x2="{we:.1}" y2="{}" stroke="#c00" stroke-dasharray="4 3"/>"##,
        TOP - 10.0,
        height - 30.0
    );
    for (row, s) in planned.segments.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = TOP + ROW * row as f64;
        let _ = write!(out, r#"<g class="segment" data-id="{}">"#, xml(&s.id));
        let _ = write!(
            out,
            r#"<text x="10" y="{:.1}">{} {}</text>"#,
            y + 15.0,
            s.starts_at.format("%H:%M"),
            xml(&s.title)
        );
        let (x0, x1) = (x(s.starts_at), x(s.ends_at));
        let _ = write!(
            out,
            r#"<rect class="planned" x="{x0:.1}" y="{:.1}" width="{:.1}" height="11" data-start="{}" data-end="{}"><title>{}–{} {}</title></rect>"#,
            y + 4.0,
            (x1 - x0).max(1.0),
            s.starts_at.to_rfc3339(),
            s.ends_at.to_rfc3339(),
            s.starts_at.format("%H:%M"),
            s.ends_at.format("%H:%M"),
            xml(&s.title)
        );
        if let Some(r) = replanned.and_then(|r| r.segment(&s.id)) {
            let (x0, x1) = (x(r.starts_at), x(r.ends_at));
            let class = if r.actual { "actual" } else { "replanned" };
            let _ = write!(
                out,
                r#"<rect class="{class}" x="{x0:.1}" y="{:.1}" width="{:.1}" height="8" data-start="{}" data-end="{}"><title>{}–{}</title></rect>"#,
                y + 17.0,
                (x1 - x0).max(1.0),
                r.starts_at.to_rfc3339(),
                r.ends_at.to_rfc3339(),
                r.starts_at.format("%H:%M"),
                r.ends_at.format("%H:%M")
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
    out
}
