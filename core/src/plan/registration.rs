//! The plan's `registration` section: channels, window and required fields.

use std::fmt;

use chrono::NaiveTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::ProblemCode;

use super::FileInstant;
use crate::time::schema;

/// The registration part of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationPolicy {
    /// Ways to register.
    pub channels: Vec<Channel>,
    /// When registration opens (an instant with offset), if announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schema::instant")]
    pub opens_at: Option<FileInstant>,
    /// When registration closes (an instant with offset); registrations at
    /// this very second are still accepted.
    #[schemars(schema_with = "schema::instant")]
    pub deadline: FileInstant,
    /// Information a registrant must give; an `any_of` entry is met by any one field.
    #[serde(default)]
    pub required_fields: Vec<FieldRequirement>,
}

/// A way to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Channel {
    /// By telephone.
    Phone {
        /// The registration line, e.g. `0954-2030007`.
        number: String,
        /// When the line is staffed.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hours: Vec<OfficeHours>,
    },
    /// In person at an office.
    OnSite {
        /// Where to go.
        address: String,
        /// The venue id, when the office is one of the plan's venues.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        venue: Option<String>,
        /// When the office takes registrations.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hours: Vec<OfficeHours>,
    },
    /// Through a web form or mini-program.
    Online {
        /// The address of the form.
        url: String,
    },
    /// By e-mail to the office.
    Email {
        /// The address to write to.
        address: String,
    },
}

impl Channel {
    /// The kind of this channel.
    pub fn kind(&self) -> ChannelKind {
        match self {
            Self::Phone { .. } => ChannelKind::Phone,
            Self::OnSite { .. } => ChannelKind::OnSite,
            Self::Online { .. } => ChannelKind::Online,
            Self::Email { .. } => ChannelKind::Email,
        }
    }

    /// Office hours of the channel (empty for online or when unstated).
    pub fn hours(&self) -> &[OfficeHours] {
        match self {
            Self::Phone { hours, .. } | Self::OnSite { hours, .. } => hours,
            Self::Online { .. } | Self::Email { .. } => &[],
        }
    }
}

/// The kind of registration channel a registrant used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// 电话报名.
    Phone,
    /// 现场报名.
    OnSite,
    /// 网上报名.
    Online,
    /// 邮件报名.
    Email,
    /// Anything else (a letter, a referral).
    Other,
}

impl ChannelKind {
    /// Every kind, in display order.
    pub const ALL: [Self; 5] = [
        Self::Phone,
        Self::OnSite,
        Self::Online,
        Self::Email,
        Self::Other,
    ];

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::OnSite => "on_site",
            Self::Online => "online",
            Self::Email => "email",
            Self::Other => "other",
        }
    }

    /// Chinese label as used on registration forms.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Phone => "电话报名",
            Self::OnSite => "现场报名",
            Self::Online => "网上报名",
            Self::Email => "邮件报名",
            Self::Other => "其他",
        }
    }

    /// Read a channel as written in a registrations table: a code
    /// (`phone`, `on_site`, `online`, `other`) or a Chinese label (电话,
    /// 电话报名, 现场, 现场报名, 网上, 网络, 线上, 其他; 微信, 公众号, 小程序
    /// and 网站 are online). Case and surrounding space are ignored.
    ///
    /// ```
    /// use openday::registration::ChannelKind;
    /// assert_eq!(ChannelKind::parse(" 电话报名 "), Some(ChannelKind::Phone));
    /// assert_eq!(ChannelKind::parse("On_Site"), Some(ChannelKind::OnSite));
    /// assert_eq!(ChannelKind::parse("微信小程序"), Some(ChannelKind::Online));
    /// assert_eq!(ChannelKind::parse("fax"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        // The values nearly every cell holds, before any trimming or
        // lowering.
        match text {
            "电话报名" | "电话" => return Some(Self::Phone),
            "现场报名" | "现场" => return Some(Self::OnSite),
            _ => {}
        }
        // A cell arrives trimmed already: look at its ends before trimming.
        let spaced = |c: char| c.is_whitespace();
        let t = if text.starts_with(spaced) || text.ends_with(spaced) {
            text.trim()
        } else {
            text
        };
        // Every name below is in lower case: compare the text lowered (a
        // copy only when it has an upper-case ASCII letter).
        let lowered;
        let t = if t.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = t.to_ascii_lowercase();
            lowered.as_str()
        } else {
            t
        };
        match t {
            "电话" | "电话报名" | "phone" | "telephone" => Some(Self::Phone),
            "现场" | "现场报名" | "on_site" | "on-site" | "onsite" | "in person" => {
                Some(Self::OnSite)
            }
            "网上" | "网上报名" | "网络" | "网络报名" | "线上" | "线上报名" | "online" | "web"
            // WeChat, its official accounts and mini programs, a website:
            // the ways offices take registrations online.
            | "微信" | "微信报名" | "公众号" | "微信公众号" | "小程序" | "微信小程序" | "网站"
            | "网站报名" | "website" => Some(Self::Online),
            "邮件" | "邮件报名" | "电子邮件" | "email" | "e-mail" | "mail" | "by e-mail" => {
                Some(Self::Email)
            }
            "其他" | "other" => Some(Self::Other),
            _ => None,
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Opening hours on some weekdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeHours {
    /// Days these hours apply to.
    pub days: Vec<Weekday>,
    /// Local opening time.
    #[schemars(schema_with = "schema::local_time")]
    pub start: NaiveTime,
    /// Local closing time.
    #[schemars(schema_with = "schema::local_time")]
    pub end: NaiveTime,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<Weekday> for chrono::Weekday {
    fn from(d: Weekday) -> Self {
        match d {
            Weekday::Mon => Self::Mon,
            Weekday::Tue => Self::Tue,
            Weekday::Wed => Self::Wed,
            Weekday::Thu => Self::Thu,
            Weekday::Fri => Self::Fri,
            Weekday::Sat => Self::Sat,
            Weekday::Sun => Self::Sun,
        }
    }
}

impl From<chrono::Weekday> for Weekday {
    fn from(d: chrono::Weekday) -> Self {
        match d {
            chrono::Weekday::Mon => Self::Mon,
            chrono::Weekday::Tue => Self::Tue,
            chrono::Weekday::Wed => Self::Wed,
            chrono::Weekday::Thu => Self::Thu,
            chrono::Weekday::Fri => Self::Fri,
            chrono::Weekday::Sat => Self::Sat,
            chrono::Weekday::Sun => Self::Sun,
        }
    }
}

/// A piece of information a registrant gives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationField {
    /// 姓名.
    Name,
    /// 联系电话.
    Phone,
    /// 身份证号.
    IdNumber,
    /// 出生日期.
    BirthDate,
    /// 性别.
    Gender,
    /// 工作学习单位.
    EmployerOrSchool,
    /// 住址.
    Address,
    /// 所在区县.
    District,
    /// 职业.
    Occupation,
    /// 工作学习单位所在区县.
    WorkDistrict,
    /// 民事行为能力.
    CivilCapacity,
    /// 报名方式.
    Channel,
    /// 报名时间.
    SubmittedAt,
    /// 同意信息使用.
    Consent,
    /// 电子邮箱.
    Email,
}

impl RegistrationField {
    /// Chinese label, as on registration forms.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Name => "姓名",
            Self::Phone => "联系电话",
            Self::IdNumber => "身份证号",
            Self::BirthDate => "出生日期",
            Self::Gender => "性别",
            Self::EmployerOrSchool => "工作学习单位",
            Self::Address => "住址",
            Self::District => "所在区县",
            Self::Occupation => "职业",
            Self::WorkDistrict => "单位所在区县",
            Self::CivilCapacity => "民事行为能力",
            Self::Channel => "报名方式",
            Self::SubmittedAt => "报名时间",
            Self::Consent => "同意信息使用",
            Self::Email => "电子邮箱",
        }
    }

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Phone => "phone",
            Self::IdNumber => "id_number",
            Self::BirthDate => "birth_date",
            Self::Gender => "gender",
            Self::EmployerOrSchool => "employer_or_school",
            Self::Address => "address",
            Self::District => "district",
            Self::Occupation => "occupation",
            Self::WorkDistrict => "work_district",
            Self::CivilCapacity => "civil_capacity",
            Self::Channel => "channel",
            Self::SubmittedAt => "submitted_at",
            Self::Consent => "consent",
            Self::Email => "email",
        }
    }
}

/// A required field, or a set of fields of which any one will do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FieldRequirement {
    /// This field must be given.
    One(RegistrationField),
    /// At least one of these fields must be given (工作学习单位或住址).
    AnyOf {
        /// The alternatives.
        any_of: Vec<RegistrationField>,
    },
}

impl fmt::Display for FieldRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::One(field) => f.write_str(field.code()),
            Self::AnyOf { any_of } => {
                let codes: Vec<_> = any_of.iter().map(|x| x.code()).collect();
                write!(f, "{}", codes.join(" or "))
            }
        }
    }
}

impl Checker<'_> {
    pub(super) fn hours(&mut self, path: &str, hours: &[OfficeHours]) {
        for (j, h) in hours.iter().enumerate() {
            if h.end <= h.start {
                self.push(
                    format!("{path}.hours[{j}].end"),
                    ProblemCode::EndBeforeStart,
                    format!(
                        "office hours end at {} but start at {}; the end must be after the start",
                        h.end, h.start
                    ),
                    format!("办公时间结束 {} 不晚于开始 {}，请更正", h.end, h.start),
                );
            }
            if h.days.is_empty() {
                self.push(
                    format!("{path}.hours[{j}].days"),
                    ProblemCode::EmptyList,
                    "office hours name no days; list the weekdays they apply to".into(),
                    "办公时间未列出适用的星期，请填写".into(),
                );
            }
        }
    }

    pub(super) fn registration(&mut self, event_start: Option<chrono::DateTime<chrono_tz::Tz>>) {
        let r = &self.plan.registration;
        if r.channels.is_empty() {
            self.push(
                "registration.channels",
                ProblemCode::NoChannels,
                "no registration channel; add a phone, on_site or online channel".into(),
                "未设置报名方式，请添加电话、现场或网上报名".into(),
            );
        }
        for (i, ch) in r.channels.iter().enumerate() {
            let path = format!("registration.channels[{i}]");
            match ch {
                Channel::Phone { number, .. } => {
                    self.not_empty(
                        &format!("{path}.number"),
                        number,
                        "the phone number",
                        "报名电话",
                    );
                }
                Channel::OnSite { address, venue, .. } => {
                    self.not_empty(
                        &format!("{path}.address"),
                        address,
                        "the address",
                        "报名地址",
                    );
                    if let Some(v) = venue {
                        self.venue_ref(format!("{path}.venue"), v);
                    }
                }
                Channel::Email { address } => {
                    if !address.contains('@') {
                        self.push(
                            format!("{path}.address"),
                            ProblemCode::Empty,
                            format!("\"{address}\" is not an e-mail address; write the address registrations go to"),
                            format!("“{address}”不是电子邮箱地址，请填写接收报名的邮箱"),
                        );
                    }
                }
                Channel::Online { url } => {
                    self.not_empty(
                        &format!("{path}.url"),
                        url,
                        "the address of the form",
                        "报名网址",
                    );
                }
            }
            self.hours(&path, ch.hours());
        }
        if let Some(opens) = r.opens_at
            && opens >= r.deadline
        {
            self.push(
                "registration.opens_at",
                ProblemCode::OpensAfterDeadline,
                format!(
                    "registration opens at {opens}, not before its deadline {}; fix one of them",
                    r.deadline
                ),
                format!("报名开始时间 {opens} 不早于截止时间 {}，请更正", r.deadline),
            );
        }
        if let Some(start) = event_start
            && r.deadline >= start
        {
            self.push(
                    "registration.deadline",
                    ProblemCode::DeadlineAfterStart,
                    format!("registration closes at {}, not before the event starts at {}; move the deadline earlier", r.deadline, start.fixed_offset()),
                    format!("报名截止时间 {} 不早于活动开始时间 {}，请提前截止时间", r.deadline, start.fixed_offset()),
                );
        }
        for (i, req) in r.required_fields.iter().enumerate() {
            if let FieldRequirement::AnyOf { any_of } = req
                && any_of.is_empty()
            {
                self.push(
                    format!("registration.required_fields[{i}].any_of"),
                    ProblemCode::EmptyList,
                    "any_of lists no field; list the alternatives or remove the entry".into(),
                    "any_of 未列出任何字段，请填写或删除".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ChannelKind;
    use proptest::prelude::*;

    const NAMES: [(&str, ChannelKind); 27] = [
        ("电话", ChannelKind::Phone),
        ("电话报名", ChannelKind::Phone),
        ("phone", ChannelKind::Phone),
        ("telephone", ChannelKind::Phone),
        ("现场", ChannelKind::OnSite),
        ("现场报名", ChannelKind::OnSite),
        ("on_site", ChannelKind::OnSite),
        ("on-site", ChannelKind::OnSite),
        ("onsite", ChannelKind::OnSite),
        ("in person", ChannelKind::OnSite),
        ("网上", ChannelKind::Online),
        ("网上报名", ChannelKind::Online),
        ("网络", ChannelKind::Online),
        ("网络报名", ChannelKind::Online),
        ("线上", ChannelKind::Online),
        ("线上报名", ChannelKind::Online),
        ("online", ChannelKind::Online),
        ("web", ChannelKind::Online),
        ("邮件", ChannelKind::Email),
        ("邮件报名", ChannelKind::Email),
        ("电子邮件", ChannelKind::Email),
        ("email", ChannelKind::Email),
        ("e-mail", ChannelKind::Email),
        ("mail", ChannelKind::Email),
        ("by e-mail", ChannelKind::Email),
        ("其他", ChannelKind::Other),
        ("other", ChannelKind::Other),
    ];

    proptest! {
        /// Any ASCII case and surrounding space: the same channel; anything
        /// else (a name with a letter changed or added): none.
        #[test]
        fn a_channel_is_read_in_any_case(
            which in 0..NAMES.len(), upper in any::<u64>(), pad in "[ \t]{0,2}", extra in "[a-z]",
        ) {
            let (name, kind) = NAMES[which];
            let cased: String = name
                .chars()
                .enumerate()
                .map(|(i, c)| if upper >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect();
            prop_assert_eq!(ChannelKind::parse(&format!("{pad}{cased}{pad}")), Some(kind));
            prop_assert_eq!(ChannelKind::parse(&format!("{cased}{extra}")), None);
        }
    }
}
