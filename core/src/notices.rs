//! Public notices written from the plan's data, never hard-coded: the
//! registration notice (活动预告/报名公告), the list of those selected
//! (名单公示, names masked), the confirmation and reminder text messages
//! (counted in SMS segments), and the postponement notice. Each notice is
//! Chinese with an English version, as Markdown and as one self-contained
//! HTML page.
//!
//! ```
//! let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN)?;
//! let notice = openday::notices::registration_notice(&plan);
//! assert!(notice.markdown_zh.contains("2025-09-17 18:30"), "the deadline");
//! assert!(notice.markdown_zh.contains("名额 30 名"));
//! # Ok::<(), openday::PlanError>(())
//! ```

use std::fmt::Write as _;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;
use serde::Serialize;

use crate::Plan;
use crate::plan::registration::Channel;

/// A notice in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// `registration`, `selected_list`, `postponement` or `reply`.
    pub kind: &'static str,
    /// The Chinese title.
    pub title_zh: String,
    /// The English title.
    pub title_en: String,
    /// The Chinese text (Markdown).
    pub markdown_zh: String,
    /// The English text (Markdown).
    pub markdown_en: String,
}

const WEEKDAYS_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

fn when_zh(t: DateTime<Tz>) -> String {
    format!(
        "{}年{}月{}日（星期{}）{}",
        t.year(),
        t.month(),
        t.day(),
        WEEKDAYS_ZH[t.weekday().num_days_from_monday() as usize],
        t.format("%H:%M")
    )
}

fn when_en(t: DateTime<Tz>) -> String {
    t.format("%A %-d %B %Y, %H:%M").to_string()
}

fn stamp(t: DateTime<Tz>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn channel_zh(ch: &Channel) -> String {
    match ch {
        Channel::Phone { number, .. } => format!("电话报名：{number}"),
        Channel::OnSite { address, .. } => format!("现场报名：{address}"),
        Channel::Online { url } => format!("网上报名：{url}"),
        Channel::Email { address } => format!("电子邮件报名：{address}"),
    }
}

fn channel_en(ch: &Channel) -> String {
    match ch {
        Channel::Phone { number, .. } => format!("by phone: {number}"),
        Channel::OnSite { address, .. } => format!("in person at {address}"),
        Channel::Online { url } => format!("online: {url}"),
        Channel::Email { address } => format!("by e-mail to {address}"),
    }
}

/// The place people gather: the first segment's venue.
fn gathering(plan: &Plan) -> Option<String> {
    let doc = plan.document();
    let first = doc.itinerary.first()?;
    let venue = doc
        .venues
        .iter()
        .find(|v| Some(&v.id) == first.venue.as_ref())?;
    Some(match &venue.address {
        Some(address) => format!("{}（{address}）", venue.name),
        None => venue.name.clone(),
    })
}

/// The registration notice (活动预告/报名公告): theme, time, place, who may
/// register, the channels, the deadline, and how people are chosen.
pub fn registration_notice(plan: &Plan) -> Notice {
    let doc = plan.document();
    let place = gathering(plan);
    let features: Vec<&str> = doc
        .selection
        .iter()
        .flat_map(|s| s.features.iter().map(|f| f.name.as_str()))
        .collect();
    let title_zh = format!("关于{}的公告", doc.title);
    let title_en = format!("Notice: {}", doc.title);
    Notice {
        kind: "registration",
        markdown_zh: registration_zh(plan, &title_zh, place.as_deref(), &features),
        markdown_en: registration_en(plan, &title_en, place.as_deref(), &features),
        title_zh,
        title_en,
    }
}

fn registration_zh(plan: &Plan, title: &str, place: Option<&str>, features: &[&str]) -> String {
    let doc = plan.document();
    let (start, end) = (plan.starts_at(), plan.ends_at());
    let mut zh = String::new();
    let _ = writeln!(zh, "# {title}\n");
    if let Some(theme) = &doc.theme {
        let _ = writeln!(zh, "**活动主题**：{theme}\n");
    }
    let _ = writeln!(
        zh,
        "**活动时间**：{}至{}",
        when_zh(start),
        end.format("%H:%M")
    );
    if let Some(place) = place {
        let _ = writeln!(zh, "\n**集合地点**：{place}");
    }
    let _ = writeln!(zh, "\n**名额**：市民代表名额 {} 名。\n", doc.seats);
    let _ = writeln!(zh, "**报名条件**：");
    for rule in &doc.eligibility.rules {
        let _ = writeln!(zh, "- {}", rule.describe_zh());
    }
    let _ = writeln!(zh, "\n**报名方式**：");
    for ch in &doc.registration.channels {
        let _ = writeln!(zh, "- {}", channel_zh(ch));
    }
    let opens = plan.registration_opens_at();
    let _ = writeln!(
        zh,
        "\n**报名时间**：{}截至 {}。",
        opens.map_or(String::new(), |o| format!("{} 起，", stamp(o))),
        stamp(plan.registration_deadline())
    );
    let chosen_zh = if doc.selection.is_some() {
        format!(
            "报名人数超过名额时，按{}结构均衡抽选 {} 名并确定候补名单，抽选种子事先公布、结果可复核。入选者将接到电话确认。",
            features.join("、"),
            doc.seats
        )
    } else {
        "报名人数超过名额时按报名先后确定。入选者将接到电话确认。".to_owned()
    };
    let _ = writeln!(zh, "\n**确定方式**：{chosen_zh}");
    let _ = writeln!(
        zh,
        "\n如遇极端天气等情况，活动可能顺延，将至少提前 {} 小时通知。\n\n{}",
        doc.postponement.min_notice_hours, doc.organiser.name
    );
    if let Some(phone) = &doc.organiser.phone {
        let _ = writeln!(zh, "\n咨询电话：{phone}");
    }

    zh
}

fn registration_en(plan: &Plan, title: &str, place: Option<&str>, features: &[&str]) -> String {
    let doc = plan.document();
    let (start, end) = (plan.starts_at(), plan.ends_at());
    let opens = plan.registration_opens_at();
    let mut en = String::new();
    let _ = writeln!(en, "# {title}\n");
    if let Some(theme) = &doc.theme {
        let _ = writeln!(en, "**Theme**: {theme}\n");
    }
    let _ = writeln!(
        en,
        "**When**: {} to {} ({})",
        when_en(start),
        end.format("%H:%M"),
        doc.time_zone
    );
    if let Some(place) = place {
        let _ = writeln!(en, "\n**Meeting point**: {place}");
    }
    let _ = writeln!(en, "\n**Seats**: {} citizen representatives.\n", doc.seats);
    let _ = writeln!(en, "**Who may register**:");
    for rule in &doc.eligibility.rules {
        let _ = writeln!(en, "- {}", rule.describe());
    }
    let _ = writeln!(en, "\n**How to register**:");
    for ch in &doc.registration.channels {
        let _ = writeln!(en, "- {}", channel_en(ch));
    }
    let _ = writeln!(
        en,
        "\n**Registration**: {}until {}.",
        opens.map_or(String::new(), |o| format!("from {} ", stamp(o))),
        stamp(plan.registration_deadline())
    );
    let chosen_en = if doc.selection.is_some() {
        format!(
            "If more people register than there are seats, {} are drawn by a lottery balanced by {} with a reserve list; the seed is published beforehand and anyone can check the result. Those selected are phoned to confirm.",
            doc.seats,
            features.join(", ")
        )
    } else {
        "If more people register than there are seats, the earliest registrations are taken. Those selected are phoned to confirm.".to_owned()
    };
    let _ = writeln!(en, "\n**How people are chosen**: {chosen_en}");
    let _ = writeln!(
        en,
        "\nThe day may be postponed for extreme weather and the like, with at least {} hours' notice.\n\n{}",
        doc.postponement.min_notice_hours, doc.organiser.name
    );
    if let Some(phone) = &doc.organiser.phone {
        let _ = writeln!(en, "\nEnquiries: {phone}");
    }
    en
}

/// One line of the published list: a masked name and where they live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedPerson {
    /// The masked name (`张*丰`).
    pub name: String,
    /// The district, if known.
    pub district: Option<String>,
}

/// The list of those selected (名单公示): masked names only (each name is
/// masked here, [`crate::mask::name`], whatever it is given as), with the
/// district, the seed and the commitment so anyone can check the draw.
pub fn selected_list(plan: &Plan, people: &[ListedPerson], seed: &str, commitment: &str) -> Notice {
    let doc = plan.document();
    let title_zh = format!("{}市民代表名单公示", doc.title);
    let title_en = format!("{}: the citizen representatives", doc.title);
    let mut zh = format!(
        "# {title_zh}\n\n经资格审核和均衡抽选，确定以下 {} 名市民代表（姓名已部分隐去）：\n\n| 序号 | 姓名 | 区县 |\n|---|---|---|\n",
        people.len()
    );
    let mut en = format!(
        "# {title_en}\n\nAfter screening and a balanced lottery, these {} citizen representatives were selected (names partly hidden):\n\n| No. | Name | District |\n|---|---|---|\n",
        people.len()
    );
    for (i, p) in people.iter().enumerate() {
        let district = p.district.as_deref().unwrap_or("—");
        let name = crate::mask::name(&p.name);
        let _ = writeln!(zh, "| {} | {name} | {district} |", i + 1);
        let _ = writeln!(en, "| {} | {name} | {district} |", i + 1);
    }
    let _ = write!(
        zh,
        "\n抽选种子：{seed}\n\n种子承诺（SHA-256）：`{commitment}`\n\n{}\n",
        doc.organiser.name
    );
    let _ = write!(
        en,
        "\nDraw seed: {seed}\n\nSeed commitment (SHA-256): `{commitment}`\n\n{}\n",
        doc.organiser.name
    );
    Notice {
        kind: "selected_list",
        title_zh,
        title_en,
        markdown_zh: zh,
        markdown_en: en,
    }
}

/// A text message, with its length in SMS segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextMessage {
    /// `confirmation` or `reminder`.
    pub kind: &'static str,
    /// The text (Chinese).
    pub text: String,
    /// Characters.
    pub chars: usize,
    /// SMS segments: 70 characters in one and 67 a segment when longer
    /// with Chinese (UCS-2); 160 and 153 for plain Latin text (GSM 7-bit).
    pub segments: usize,
}

/// SMS segments for a text with Chinese characters (UCS-2): 70 in one,
/// 67 a segment once it is split.
pub fn sms_segments(chars: usize) -> usize {
    if chars <= 70 { 1 } else { chars.div_ceil(67) }
}

/// SMS segments for a text in the GSM 7-bit alphabet ([`gsm7_septets`]):
/// 160 septets in one, 153 a segment once it is split.
pub fn sms_segments_gsm(septets: usize) -> usize {
    if septets <= 160 {
        1
    } else {
        septets.div_ceil(153)
    }
}

/// The text's length in GSM 7-bit septets (extension characters such as
/// `[`, `€` or `|` take two), or `None` when a character is outside the GSM
/// alphabet and the text goes as UCS-2.
pub fn gsm7_septets(text: &str) -> Option<usize> {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENSION: &str = "^{}\\[~]|€\u{c}";
    text.chars().try_fold(0usize, |n, c| {
        if BASIC.contains(c) {
            Some(n + 1)
        } else if EXTENSION.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    })
}

fn message(kind: &'static str, text: String) -> TextMessage {
    let chars = text.chars().count();
    let segments = match gsm7_septets(&text) {
        Some(septets) => sms_segments_gsm(septets),
        None => sms_segments(chars),
    };
    TextMessage {
        kind,
        text,
        chars,
        segments,
    }
}

/// The confirmation request and the day-before reminder, from the plan:
/// who sends it, the title, the date, time and meeting point, and the
/// confirmation deadline. In Chinese for a plan whose region speaks Chinese
/// (`region.language`), in English otherwise.
pub fn text_messages(plan: &Plan, confirm_by: DateTime<Tz>) -> Vec<TextMessage> {
    let doc = plan.document();
    let start = plan.starts_at();
    let venue = doc
        .itinerary
        .first()
        .and_then(|s| s.venue.as_ref())
        .and_then(|v| doc.venues.iter().find(|x| &x.id == v))
        .map(|v| v.name.clone());
    if doc.region.language.starts_with("zh") {
        let place = venue.map_or_else(String::new, |v| format!("，{v}集合"));
        vec![
            message(
                "confirmation",
                format!(
                    "【{}】您已入选“{}”市民代表，活动时间{}月{}日{}{place}。请于{}前回复1确认参加，回复2放弃。",
                    doc.organiser.name,
                    doc.title,
                    start.month(),
                    start.day(),
                    start.format("%H:%M"),
                    confirm_by.format("%-m月%-d日%H:%M")
                ),
            ),
            message(
                "reminder",
                format!(
                    "【{}】提醒：“{}”明天{}开始{place}，请准时签到。",
                    doc.organiser.name,
                    doc.title,
                    start.format("%H:%M")
                ),
            ),
        ]
    } else {
        let place = venue.map_or_else(String::new, |v| format!(", meet at {v}"));
        vec![
            message(
                "confirmation",
                format!(
                    "{}: you have a seat at \"{}\" on {}{place}. Reply 1 to confirm or 2 to decline by {}.",
                    doc.organiser.name,
                    doc.title,
                    start.format("%-d %b %H:%M"),
                    confirm_by.format("%-d %b %H:%M")
                ),
            ),
            message(
                "reminder",
                format!(
                    "{}: \"{}\" is tomorrow at {}{place}. Please be on time for check-in.",
                    doc.organiser.name,
                    doc.title,
                    start.format("%H:%M")
                ),
            ),
        ]
    }
}

/// The postponement notice from the postponement's change set.
pub fn postponement_notice(plan: &Plan, moved: &crate::itinerary::Postponement) -> Notice {
    let doc = plan.document();
    let title_zh = format!("关于{}延期举行的通知", doc.title);
    let title_en = format!("{}: postponed", doc.title);
    let zh = format!(
        "# {title_zh}\n\n原定于{}举行的{}，延期至{}举行，其他安排不变。已报名并确认参加的市民代表无需重新报名，我们将电话联系您确认。\n\n{}（{}发布）\n",
        when_zh(moved.original_start),
        doc.title,
        when_zh(moved.new_start),
        doc.organiser.name,
        stamp(moved.announced_at)
    );
    let en = format!(
        "# {title_en}\n\n{}, planned for {}, is postponed to {}; everything else stays as planned. Confirmed representatives need not register again; we will phone you to confirm.\n\n{} (announced {})\n",
        doc.title,
        when_en(moved.original_start),
        when_en(moved.new_start),
        doc.organiser.name,
        stamp(moved.announced_at)
    );
    Notice {
        kind: "postponement",
        title_zh,
        title_en,
        markdown_zh: zh,
        markdown_en: en,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Markdown as it is written here (headings, bold, lists, tables, code) in
/// HTML, every text escaped.
pub(crate) fn markdown_html(md: &str) -> String {
    let inline = |s: &str| {
        let mut out = String::new();
        for (i, part) in escape(s).split("**").enumerate() {
            if i % 2 == 1 {
                let _ = write!(out, "<strong>{part}</strong>");
            } else {
                out.push_str(&part.split('`').enumerate().fold(
                    String::new(),
                    |mut acc, (j, p)| {
                        if j % 2 == 1 {
                            let _ = write!(acc, "<code>{p}</code>");
                        } else {
                            acc.push_str(p);
                        }
                        acc
                    },
                ));
            }
        }
        out
    };
    let mut html = String::new();
    let mut in_list = false;
    let mut in_table = false;
    for line in md.lines() {
        let t = line.trim();
        if !t.starts_with("- ") && in_list {
            html.push_str("</ul>\n");
            in_list = false;
        }
        if !t.starts_with('|') && in_table {
            html.push_str("</table>\n");
            in_table = false;
        }
        if let Some(h) = t.strip_prefix("## ") {
            let _ = writeln!(html, "<h2>{}</h2>", inline(h));
        } else if let Some(h) = t.strip_prefix("# ") {
            let _ = writeln!(html, "<h1>{}</h1>", inline(h));
        } else if let Some(item) = t.strip_prefix("- ") {
            if !in_list {
                html.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(html, "<li>{}</li>", inline(item));
        } else if t.starts_with('|') {
            if t.starts_with("|---") {
                continue;
            }
            let tag = if in_table { "td" } else { "th" };
            if !in_table {
                html.push_str("<table>\n");
                in_table = true;
            }
            let cells: Vec<String> = t
                .trim_matches('|')
                .split('|')
                .map(|c| format!("<{tag}>{}</{tag}>", inline(c.trim())))
                .collect();
            let _ = writeln!(html, "<tr>{}</tr>", cells.concat());
        } else if !t.is_empty() {
            let _ = writeln!(html, "<p>{}</p>", inline(t));
        }
    }
    if in_list {
        html.push_str("</ul>\n");
    }
    if in_table {
        html.push_str("</table>\n");
    }
    html
}

impl Notice {
    /// One self-contained, printable HTML page: Chinese first, English
    /// beside it; a font stack that falls back to the system's CJK fonts.
    pub fn html(&self) -> String {
        format!(
            "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title>\n<style>body{{font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#111}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2rem .6rem}}section+section{{border-top:1px solid #ccc;margin-top:2rem}}code{{word-break:break-all}}</style></head><body>\n<section lang=\"zh-CN\">\n{}</section>\n<section lang=\"en\">\n{}</section>\n</body></html>\n",
            escape(&self.title_zh),
            markdown_html(&self.markdown_zh),
            markdown_html(&self.markdown_en)
        )
    }
}

fn status_zh(status: crate::ledger::Status) -> &'static str {
    use crate::ledger::Status as S;
    match status {
        S::Received | S::Filed => "已登记，待交办",
        S::Assigned | S::InProgress | S::Returned => "正在办理",
        S::Resolved | S::Verified => "已办结",
        S::Shelved => "暂不具备办理条件",
        S::Closed => "已办结并反馈",
    }
}

fn status_en(status: crate::ledger::Status) -> &'static str {
    use crate::ledger::Status as S;
    match status {
        S::Received | S::Filed => "recorded, to be assigned",
        S::Assigned | S::InProgress | S::Returned => "being handled",
        S::Resolved | S::Verified => "resolved",
        S::Shelved => "cannot be solved for now",
        S::Closed => "resolved and reported back",
    }
}

/// The reply to one citizen (办理结果反馈): each point of their opinion
/// form with the unit that handled it, where it stands and the outcome.
/// The name is masked unless `masking` is `Unmasked` (the letter that is
/// actually sent needs it). `None` for an unknown or anonymous form.
pub fn ledger_reply(
    ledger: &crate::ledger::Ledger,
    form: &str,
    masking: crate::mask::Masking,
) -> Option<Notice> {
    let f = ledger.form(form)?;
    let cases: Vec<&crate::ledger::Case> = ledger
        .cases()
        .filter(|c| c.form == form && !c.anonymous)
        .collect();
    if cases.is_empty() {
        return None;
    }
    let name = f
        .contact_name
        .as_deref()
        .map(|n| masking.apply(n, crate::mask::name));
    let mut zh = String::new();
    let mut en = String::new();
    let title_zh = "意见办理结果反馈".to_owned();
    let title_en = "How your opinions were handled".to_owned();
    let _ = writeln!(
        zh,
        "# {title_zh}\n\n{}：\n\n感谢您参加政府开放日并提出意见建议。办理情况如下：\n",
        name.as_deref()
            .map_or("尊敬的市民".to_owned(), |n| format!("尊敬的{n}"))
    );
    let _ = writeln!(
        en,
        "# {title_en}\n\nDear {},\n\nThank you for taking part and for your opinions. Here is how each was handled:\n",
        name.as_deref().unwrap_or("citizen")
    );
    for c in cases {
        let unit = c.unit.as_deref().map(|u| ledger.unit_name(u));
        let category = ledger.category_name(&c.category);
        let outcome = c.outcome.as_deref().unwrap_or("—");
        let _ = writeln!(
            zh,
            "- **{}**（{category}）：{}{}。办理结果：{outcome}",
            c.text,
            status_zh(c.status),
            unit.as_deref()
                .map_or(String::new(), |u| format!("，承办单位：{u}")),
        );
        let _ = writeln!(
            en,
            "- **{}** ({category}): {}{}. Outcome: {outcome}",
            c.text,
            status_en(c.status),
            unit.as_deref()
                .map_or(String::new(), |u| format!(", handled by {u}")),
        );
    }
    Some(Notice {
        kind: "reply",
        title_zh,
        title_en,
        markdown_zh: zh,
        markdown_en: en,
    })
}
