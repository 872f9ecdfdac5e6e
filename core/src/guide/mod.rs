//! The citizen's guide to registering, from the plan: whether registration
//! is open at a given instant, how to register (each channel with its
//! number or address and office hours), by when, and what to have ready.
//! Worded for citizens, not staff, in Chinese and English; the self-check
//! page shows it beside the eligibility check.
//!
//! ```
//! let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN)?;
//! let at = "2025-09-01T10:00:00+08:00".parse().unwrap();
//! let guide = openday::guide::registration_guide(&plan, at);
//! assert_eq!(guide.window, openday::guide::Window::Open);
//! assert!(guide.steps_zh[0].contains("0954-2030007"));
//! let later = openday::guide::registration_guide(&plan, "2026-01-01T10:00:00+08:00".parse().unwrap());
//! assert_eq!(later.window, openday::guide::Window::Closed);
//! assert!(later.status_zh.starts_with("本次活动报名已于 2025年9月17日 18:30 截止"));
//! # Ok::<(), openday::PlanError>(())
//! ```

mod form;

pub use form::{FormField, form_fields};

use chrono::{DateTime, Datelike, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;

use crate::Plan;
use crate::plan::registration::{
    Channel, FieldRequirement, OfficeHours, RegistrationField, Weekday,
};

/// Where registration stands at the instant asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Not open yet.
    NotOpen,
    /// Open: registrations are taken until the deadline.
    Open,
    /// Past the deadline.
    Closed,
}

/// What a citizen needs to know to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationGuide {
    /// The open day's title.
    pub title: String,
    /// Not open yet, open, or closed.
    pub window: Window,
    /// When registration opens (RFC 3339), when the plan says.
    pub opens_at: Option<String>,
    /// The deadline (RFC 3339).
    pub deadline: String,
    /// Where registration stands, in a sentence.
    pub status_zh: String,
    /// The same in English.
    pub status_en: String,
    /// When and where the day is.
    pub event_zh: String,
    /// The same in English.
    pub event_en: String,
    /// How to register: one line per channel.
    pub steps_zh: Vec<String>,
    /// The same in English.
    pub steps_en: Vec<String>,
    /// What to have ready (the plan's required fields), when it lists any.
    pub bring_zh: Option<String>,
    /// The same in English.
    pub bring_en: Option<String>,
    /// How places are given when more people register than there are seats.
    pub chosen_zh: String,
    /// The same in English.
    pub chosen_en: String,
    /// The self-check form's fields ([`form_fields`]).
    pub fields: Vec<FormField>,
}

const DAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn day_index(d: Weekday) -> usize {
    chrono::Weekday::from(d).num_days_from_monday() as usize
}

/// `周一至周五 08:30–18:30` / `Mon–Fri 08:30–18:30`: a run of days as a
/// range, other sets listed.
fn hours(h: &OfficeHours, names: &[&str; 7], to: &str, sep: &str) -> String {
    let mut days: Vec<usize> = h.days.iter().map(|d| day_index(*d)).collect();
    days.sort_unstable();
    days.dedup();
    let run = days.windows(2).all(|w| w[1] == w[0] + 1);
    let days = match (days.first(), days.last()) {
        (Some(a), Some(b)) if run && b > a => format!("{}{to}{}", names[*a], names[*b]),
        _ => days.iter().map(|d| names[*d]).collect::<Vec<_>>().join(sep),
    };
    format!(
        "{days} {}–{}",
        h.start.format("%H:%M"),
        h.end.format("%H:%M")
    )
}

fn all_hours(list: &[OfficeHours], zh: bool) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|h| {
            if zh {
                hours(h, &DAYS_ZH, "至", "、")
            } else {
                hours(h, &DAYS_EN, "–", ", ")
            }
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else if zh {
        format!("（{}）", parts.join("；"))
    } else {
        format!(" ({})", parts.join("; "))
    }
}

fn step_zh(ch: &Channel) -> String {
    match ch {
        Channel::Phone { number, hours } => {
            format!("拨打电话 {number} 报名{}", all_hours(hours, true))
        }
        Channel::OnSite { address, hours, .. } => {
            format!("到 {address} 现场报名{}", all_hours(hours, true))
        }
        Channel::Online { url } => format!("在网上报名：{url}"),
        Channel::Email { address } => format!("发送电子邮件至 {address} 报名"),
    }
}

fn step_en(ch: &Channel) -> String {
    match ch {
        Channel::Phone { number, hours } => {
            format!("Call {number} to register{}", all_hours(hours, false))
        }
        Channel::OnSite { address, hours, .. } => {
            format!("Register in person at {address}{}", all_hours(hours, false))
        }
        Channel::Online { url } => format!("Register online: {url}"),
        Channel::Email { address } => format!("E-mail {address} to register"),
    }
}

fn when_zh(t: DateTime<Tz>) -> String {
    format!(
        "{}年{}月{}日 {}",
        t.year(),
        t.month(),
        t.day(),
        t.format("%H:%M")
    )
}

fn when_en(t: DateTime<Tz>) -> String {
    t.format("%-d %B %Y, %H:%M").to_string()
}

/// Where registration stands, in a sentence each language.
fn status(window: Window, opens: Option<DateTime<Tz>>, deadline: DateTime<Tz>) -> (String, String) {
    match (window, opens) {
        (Window::NotOpen, Some(o)) => (
            format!(
                "报名尚未开始：{} 起接受报名，截止到 {}。",
                when_zh(o),
                when_zh(deadline)
            ),
            format!(
                "Registration has not opened yet: it opens on {} and closes on {}.",
                when_en(o),
                when_en(deadline)
            ),
        ),
        (Window::Closed, _) => (
            format!(
                "本次活动报名已于 {} 截止，欢迎关注下一次开放日。",
                when_zh(deadline)
            ),
            format!(
                "Registration for this open day closed on {}. Look out for the next one.",
                when_en(deadline)
            ),
        ),
        _ => (
            format!("正在接受报名，截止到 {}。", when_zh(deadline)),
            format!("Registration is open until {}.", when_en(deadline)),
        ),
    }
}

/// A field as a citizen would name it.
fn label_en(field: RegistrationField) -> String {
    match field {
        RegistrationField::IdNumber => "your ID card number".to_owned(),
        RegistrationField::EmployerOrSchool => "your employer or school".to_owned(),
        RegistrationField::Address => "your home address".to_owned(),
        RegistrationField::Phone => "a phone number".to_owned(),
        RegistrationField::Email => "an e-mail address".to_owned(),
        other => format!("your {}", other.code().replace('_', " ")),
    }
}

/// What to have ready, from the plan's required fields.
fn bring(fields: &[FieldRequirement]) -> (Option<String>, Option<String>) {
    if fields.is_empty() {
        (None, None)
    } else {
        let zh: Vec<String> = fields
            .iter()
            .map(|f| match f {
                FieldRequirement::One(x) => x.label_zh().to_owned(),
                FieldRequirement::AnyOf { any_of } => any_of
                    .iter()
                    .map(|x| x.label_zh())
                    .collect::<Vec<_>>()
                    .join("或"),
            })
            .collect();
        let en: Vec<String> = fields
            .iter()
            .map(|f| match f {
                FieldRequirement::One(x) => label_en(*x),
                FieldRequirement::AnyOf { any_of } => any_of
                    .iter()
                    .map(|x| label_en(*x))
                    .collect::<Vec<_>>()
                    .join(", or "),
            })
            .collect();
        (
            Some(format!("报名时请提供：{}。", zh.join("、"))),
            Some(format!("Have ready: {}.", en.join(", "))),
        )
    }
}

/// The guide as of `at`.
pub fn registration_guide(plan: &Plan, at: DateTime<FixedOffset>) -> RegistrationGuide {
    let doc = plan.document();
    let tz = plan.time_zone();
    let deadline = plan.registration_deadline();
    let opens = plan.registration_opens_at();
    let window = match opens {
        Some(o) if at < o => Window::NotOpen,
        _ if at > deadline => Window::Closed,
        _ => Window::Open,
    };
    let (status_zh, status_en) = status(window, opens, deadline);
    let (start, end) = (plan.starts_at(), plan.ends_at());
    let place = doc.itinerary.first().and_then(|s| {
        doc.venues
            .iter()
            .find(|v| Some(&v.id) == s.venue.as_ref())
            .map(|v| match &v.address {
                Some(a) => format!("{}（{a}）", v.name),
                None => v.name.clone(),
            })
    });
    let event_zh = format!(
        "活动时间：{}至{}{}",
        when_zh(start),
        end.format("%H:%M"),
        place
            .as_ref()
            .map_or_else(String::new, |p| format!("；集合地点：{p}"))
    );
    let event_en = format!(
        "The open day: {} to {}{}",
        when_en(start),
        end.format("%H:%M"),
        place
            .as_ref()
            .map_or_else(String::new, |p| format!("; meet at {p}"))
    );
    let (bring_zh, bring_en) = bring(&doc.registration.required_fields);
    let seats = doc
        .selection
        .as_ref()
        .and_then(|s| s.seats)
        .unwrap_or(doc.seats);
    let features: Vec<&str> = doc
        .selection
        .iter()
        .flat_map(|s| s.features.iter().map(|f| f.name.as_str()))
        .collect();
    let (chosen_zh, chosen_en) = if features.is_empty() {
        (
            format!(
                "共 {seats} 个名额。报名人数超过名额时，以公开的随机抽选确定参加人员，并电话通知本人确认。"
            ),
            format!(
                "There are {seats} places. If more people register, a public random draw decides, and those chosen are called to confirm."
            ),
        )
    } else {
        (
            format!(
                "共 {seats} 个名额。报名人数超过名额时，按{}均衡、公开随机抽选，并电话通知本人确认。",
                features.join("、")
            ),
            format!(
                "There are {seats} places. If more people register, a public random draw balanced by {} decides, and those chosen are called to confirm.",
                features.join(", ")
            ),
        )
    };
    RegistrationGuide {
        title: doc.title.clone(),
        window,
        opens_at: opens.map(|o| o.with_timezone(&tz).to_rfc3339()),
        deadline: deadline.to_rfc3339(),
        status_zh,
        status_en,
        event_zh,
        event_en,
        steps_zh: doc.registration.channels.iter().map(step_zh).collect(),
        steps_en: doc.registration.channels.iter().map(step_en).collect(),
        bring_zh,
        bring_en,
        chosen_zh,
        chosen_en,
        fields: form_fields(plan),
    }
}
