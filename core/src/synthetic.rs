//! Realistic synthetic registrations for any plan, deterministic from a seed.
//!
//! For demos, tests and benchmarks: everything event-specific comes from
//! the plan: its districts with their GB/T 2260 codes and shares
//! ([`region`](crate::plan::region)), or else the areas its eligibility
//! rule names; its registration channels, window and date; its landline area
//! code; whether people register with resident ID numbers; the language
//! (Chinese names and headers, or Latin-script names, English headers and an
//! e-mail column). Ages 15–90, submission times bunched before the deadline,
//! contacts typed in the many ways people type them, and a share of problem
//! rows an office must catch (under 18, after the deadline, missing contact,
//! bad ID check character, duplicates, limited civil capacity). Every person
//! is invented; ID numbers have correct check characters (except the
//! deliberately bad ones).
//!
//! The stream is ChaCha20 ([`rand_chacha`]) seeded with the given seed, so
//! the same options give the same bytes on every platform.
//!
//! ```
//! let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
//! let opts = openday::synthetic::SyntheticOptions::for_plan(&plan, 20, 7);
//! let mut out = Vec::new();
//! let stats = openday::synthetic::write_registrations_csv(&opts, &mut out).unwrap();
//! assert_eq!(stats.rows, 20);
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("序号,姓名,性别,身份证号"));
//! assert_eq!(text.lines().count(), 21);
//! ```

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::Serialize;

use crate::plan::Plan;
use crate::plan::eligibility::EligibilityRule;
use crate::registration::ChannelKind;
use crate::resident_id::check_character;

/// The column headers written for Chinese registrations, in order.
pub const HEADERS: [&str; 15] = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "联系电话",
    "工作学习单位",
    "单位所在区县",
    "住址",
    "所在区县",
    "职业",
    "民事行为能力",
    "报名方式",
    "报名时间",
    "同意信息使用",
];

/// The column headers written for registrations in other languages: no
/// resident ID, phone or civil-capacity column, an e-mail address instead.
pub const HEADERS_INTL: [&str; 12] = [
    "No.",
    "Name",
    "Gender",
    "Date of birth",
    "E-mail",
    "Employer or school",
    "Work district",
    "Address",
    "District",
    "Occupation",
    "Channel",
    "Submitted at",
];

/// A district of the place: name, region code, weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    /// Name (原州区, Altona).
    pub name: String,
    /// GB/T 2260 region code used in ID numbers (640402), where they apply.
    pub code: Option<String>,
    /// Relative share of registrants.
    pub weight: u32,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticOptions {
    /// Number of data rows.
    pub rows: usize,
    /// Seed of the ChaCha20 stream.
    pub seed: u64,
    /// The event's zone; submission times are written as local times in it.
    pub tz: Tz,
    /// The event's date (ages are drawn relative to it).
    pub event_date: NaiveDate,
    /// Registration opening.
    pub opens_at: DateTime<Tz>,
    /// Registration deadline.
    pub deadline: DateTime<Tz>,
    /// Districts, with weights (at least one).
    pub districts: Vec<District>,
    /// The channels people register through (at least one).
    pub channels: Vec<ChannelKind>,
    /// Landline area code, when landlines are written.
    pub phone_area_code: Option<String>,
    /// Chinese registrations (names, headers, resident IDs, phones) or
    /// Latin-script ones with e-mail addresses.
    pub chinese: bool,
    /// Share of rows with a deliberate problem, 0.0–1.0.
    pub problem_share: f64,
}

impl SyntheticOptions {
    /// Options for a plan: its zone, date, registration window and
    /// channels, and its region (districts, codes, area code, language);
    /// without a region, the areas its eligibility rule names.
    pub fn for_plan(plan: &Plan, rows: usize, seed: u64) -> Self {
        let doc = plan.document();
        let deadline = plan.registration_deadline();
        let chinese = doc.region.resident_ids && doc.region.language.starts_with("zh");
        let mut districts: Vec<District> = doc
            .region
            .districts
            .iter()
            .map(|d| District {
                name: d.name.clone(),
                code: d.code.clone(),
                weight: d.weight.max(1),
            })
            .collect();
        if districts.is_empty() {
            districts = area_names(&doc.eligibility.rules)
                .into_iter()
                .map(|name| District {
                    name,
                    code: None,
                    weight: 1,
                })
                .collect();
        }
        if districts.is_empty() {
            districts.push(District {
                name: if chinese { "城区" } else { "Centre" }.to_owned(),
                code: None,
                weight: 1,
            });
        }
        let mut channels: Vec<ChannelKind> = doc
            .registration
            .channels
            .iter()
            .map(crate::registration::Channel::kind)
            .collect();
        channels.dedup();
        if channels.is_empty() {
            channels.push(ChannelKind::Other);
        }
        Self {
            rows,
            seed,
            tz: plan.time_zone(),
            event_date: doc.day.date,
            opens_at: plan
                .registration_opens_at()
                .unwrap_or(deadline - Duration::days(21)),
            deadline,
            districts,
            channels,
            phone_area_code: doc.region.phone_area_code.clone(),
            chinese,
            problem_share: 0.12,
        }
    }
}

/// The area names of the first area rule (also inside alternatives).
fn area_names(rules: &[EligibilityRule]) -> Vec<String> {
    for rule in rules {
        match rule {
            EligibilityRule::Area { areas, .. } if !areas.is_empty() => return areas.clone(),
            EligibilityRule::AnyOf { any_of } => {
                for g in any_of {
                    let names = area_names(&g.rules);
                    if !names.is_empty() {
                        return names;
                    }
                }
            }
            _ => {}
        }
    }
    Vec::new()
}

/// A deliberate problem in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    /// Aged 15–17 on the event date.
    UnderAge,
    /// Submitted after the deadline.
    AfterDeadline,
    /// No phone number (Chinese registrations) or e-mail address (others).
    MissingPhone,
    /// ID number with a wrong check character.
    BadIdNumber,
    /// The same person as an earlier row.
    Duplicate,
    /// Limited civil capacity.
    LimitedCapacity,
}

const PROBLEMS: [RowProblem; 6] = [
    RowProblem::UnderAge,
    RowProblem::AfterDeadline,
    RowProblem::MissingPhone,
    RowProblem::BadIdNumber,
    RowProblem::Duplicate,
    RowProblem::LimitedCapacity,
];

/// The problems that can occur without resident IDs and a capacity column.
const PROBLEMS_INTL: [RowProblem; 4] = [
    RowProblem::UnderAge,
    RowProblem::AfterDeadline,
    RowProblem::MissingPhone,
    RowProblem::Duplicate,
];

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyntheticStats {
    /// Data rows written.
    pub rows: usize,
    /// Rows per deliberate problem.
    pub problems: BTreeMap<RowProblem, usize>,
}

const SURNAMES: &[(&str, u32)] = &[
    ("王", 10),
    ("李", 9),
    ("张", 9),
    ("马", 8),
    ("刘", 7),
    ("杨", 6),
    ("陈", 5),
    ("海", 3),
    ("田", 3),
    ("赵", 3),
    ("周", 2),
    ("吴", 2),
    ("徐", 2),
    ("孙", 2),
    ("胡", 2),
    ("朱", 2),
    ("郭", 2),
    ("何", 2),
    ("高", 2),
    ("罗", 1),
    ("郑", 1),
    ("梁", 1),
    ("谢", 1),
    ("韩", 1),
    ("冯", 1),
    ("苏", 1),
    ("摆", 1),
    ("虎", 1),
    ("欧阳", 1),
    ("司马", 1),
];
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "军", "磊", "勇", "杰", "涛", "斌", "明", "超", "鹏", "辉", "刚", "平", "建国",
    "志强", "文博", "子轩", "浩然", "国庆", "海龙", "万福", "学文", "宇航",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂兰", "玉梅", "雪", "婷", "欣怡",
    "梓涵", "红梅", "丽娟", "海燕", "春花", "晓燕", "佳琪", "雨桐",
];
const STREETS: &[&str] = &[
    "文化路",
    "人民路",
    "中山街",
    "解放路",
    "建设路",
    "新华街",
    "和平路",
    "北京路",
    "团结路",
    "民族路",
    "长城路",
    "光明街",
];
/// Employers as templates on a district's name, with the occupation they
/// imply (`""`: no district, self-employed).
const EMPLOYERS: &[(&str, &str)] = &[
    ("{}人民医院", "医务人员"),
    ("{}第二小学", "教师"),
    ("{}第一中学", "教师"),
    ("{}市场监督管理局", "公务员"),
    ("{}城关街道办事处", "社区工作者"),
    ("{}商贸有限公司", "企业职工"),
    ("{}供电公司", "企业职工"),
    ("{}人民政府", "公务员"),
    ("{}公交公司", "企业职工"),
    ("{}妇幼保健院", "医务人员"),
    ("{}建筑工程有限公司", "企业职工"),
    ("个体经营", "个体经营者"),
];
const STUDIES: &[&str] = &["{}职业技术学校", "{}第一中学", "{}高级中学"];
const OTHER_OCCUPATIONS: &[&str] = &["自由职业", "农民", "待业"];

const SURNAMES_INTL: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schulz",
    "Koch",
    "Yılmaz",
    "Nowak",
    "Kowalski",
    "Petersen",
    "Hansen",
    "Brown",
    "Rossi",
];
const GIVEN_MALE_INTL: &[&str] = &[
    "Lukas", "Leon", "Finn", "Paul", "Jonas", "Ben", "Elias", "Noah", "Mehmet", "Jan", "Tom",
    "Peter", "Klaus",
];
const GIVEN_FEMALE_INTL: &[&str] = &[
    "Anna", "Mia", "Emma", "Lena", "Sophie", "Marie", "Hannah", "Leonie", "Ayşe", "Julia",
    "Sabine", "Ursula",
];
const STREETS_INTL: &[&str] = &[
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulweg",
    "Gartenstraße",
    "Lindenallee",
    "Kirchweg",
    "Hafenstraße",
    "Marktplatz",
];
const EMPLOYERS_INTL: &[(&str, &str)] = &[
    ("{} Hospital", "health worker"),
    ("{} Primary School", "teacher"),
    ("{} Borough Office", "civil servant"),
    ("{} Logistics GmbH", "employee"),
    ("{} Public Transport", "employee"),
    ("self-employed", "self-employed"),
];
const STUDIES_INTL: &[&str] = &["{} College", "{} Secondary School"];
const OTHER_OCCUPATIONS_INTL: &[&str] = &["freelancer", "unemployed", "homemaker"];
const MAIL_DOMAINS: &[&str] = &["example.org", "example.com", "example.net", "mail.example"];

struct Person {
    name: String,
    male: bool,
    birth: NaiveDate,
    district: usize,
    seq: u32,
    address: String,
    employer: String,
    work_district: String,
    occupation: String,
}

struct Generator<'a> {
    opts: &'a SyntheticOptions,
    rng: ChaCha20Rng,
    weight_total: u32,
}

impl Generator<'_> {
    fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn weighted<'s, T>(&mut self, items: &'s [(T, u32)]) -> &'s T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.rng.random_range(0..total);
        for (item, w) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].0
    }

    fn district(&mut self) -> usize {
        let mut r = self.rng.random_range(0..self.weight_total);
        for (i, d) in self.opts.districts.iter().enumerate() {
            if r < d.weight {
                return i;
            }
            r -= d.weight;
        }
        self.opts.districts.len() - 1
    }

    /// A birth date making the person `age` full years old on the event date.
    fn birth_for_age(&mut self, age: i32) -> NaiveDate {
        let event = self.opts.event_date;
        let latest = shift_years(event, -age);
        let days = self.rng.random_range(0..365);
        latest - Duration::days(days)
    }

    fn age(&mut self) -> i32 {
        // Adults bunched in working age, with a long tail to 90.
        match self.rng.random_range(0..100) {
            0..=14 => self.rng.random_range(18..=24),
            15..=69 => self.rng.random_range(25..=59),
            70..=92 => self.rng.random_range(60..=74),
            _ => self.rng.random_range(75..=90),
        }
    }

    fn name(&mut self, male: bool) -> String {
        if self.opts.chinese {
            let surname = *self.weighted(SURNAMES);
            let given = if male {
                *self.pick(GIVEN_MALE)
            } else {
                *self.pick(GIVEN_FEMALE)
            };
            format!("{surname}{given}")
        } else {
            let given = if male {
                *self.pick(GIVEN_MALE_INTL)
            } else {
                *self.pick(GIVEN_FEMALE_INTL)
            };
            format!("{given} {}", self.pick(SURNAMES_INTL))
        }
    }

    fn address(&mut self, district: usize) -> String {
        let name = &self.opts.districts[district].name;
        if self.opts.chinese {
            let street = *self.pick(STREETS);
            format!(
                "{name}{street}{}号{}单元{}室",
                self.rng.random_range(1..300),
                self.rng.random_range(1..7),
                self.rng.random_range(101..1803)
            )
        } else {
            let street = *self.pick(STREETS_INTL);
            format!("{street} {}, {name}", self.rng.random_range(1..200))
        }
    }

    /// Employer or school, occupation and the district they are in.
    fn work(&mut self, age: i32, home: usize) -> (String, String, String) {
        let zh = self.opts.chinese;
        if age < 23 && self.rng.random_bool(0.7) {
            let d = self.district();
            let school = *self.pick(if zh { STUDIES } else { STUDIES_INTL });
            let name = self.opts.districts[d].name.clone();
            let occupation = if zh { "学生" } else { "student" };
            return (school.replace("{}", &name), occupation.to_owned(), name);
        }
        if age >= 62 {
            let retired = if zh { "退休人员" } else { "retired" };
            return (String::new(), retired.to_owned(), String::new());
        }
        if self.rng.random_bool(0.08) {
            let o = *self.pick(if zh {
                OTHER_OCCUPATIONS
            } else {
                OTHER_OCCUPATIONS_INTL
            });
            return (String::new(), o.to_owned(), String::new());
        }
        // Most work where they live; some commute.
        let d = if self.rng.random_bool(0.7) {
            home
        } else {
            self.district()
        };
        let (e, o) = *self.pick(if zh { EMPLOYERS } else { EMPLOYERS_INTL });
        let name = self.opts.districts[d].name.clone();
        if e.contains("{}") {
            (e.replace("{}", &name), o.to_owned(), name)
        } else {
            (
                e.to_owned(),
                o.to_owned(),
                self.opts.districts[home].name.clone(),
            )
        }
    }

    fn person(&mut self, age: i32) -> Person {
        let male = self.rng.random_bool(0.5);
        let name = self.name(male);
        let birth = self.birth_for_age(age);
        let district = self.district();
        let address = self.address(district);
        let (employer, occupation, work_district) = self.work(age, district);
        let seq = self.rng.random_range(0..500) * 2 + u32::from(male);
        Person {
            name,
            male,
            birth,
            district,
            seq,
            address,
            employer,
            work_district,
            occupation,
        }
    }

    /// The resident ID number, when the district has a region code.
    fn id_number(&self, p: &Person) -> Option<String> {
        let code = self.opts.districts[p.district].code.as_deref()?;
        let first = format!("{code}{}{:03}", p.birth.format("%Y%m%d"), p.seq % 1000);
        let check = check_character(&first).unwrap_or('0');
        Some(format!("{first}{check}"))
    }

    fn phone(&mut self) -> String {
        let landline = self.rng.random_bool(0.1);
        if let Some(area) = self.opts.phone_area_code.as_deref().filter(|_| landline) {
            return format!("{area}-{}", self.rng.random_range(2_000_000..2_999_999));
        }
        let prefix = *self.pick(&[
            "139", "138", "137", "136", "135", "150", "151", "152", "158", "159", "180", "181",
            "187", "188", "189", "133", "153", "177", "199",
        ]);
        let (a, b) = (
            self.rng.random_range(0..10_000),
            self.rng.random_range(0..10_000),
        );
        match self.rng.random_range(0..20) {
            0 => format!("{prefix} {a:04} {b:04}"),
            1 => format!("{prefix}-{a:04}-{b:04}"),
            2 => format!("+86 {prefix}{a:04}{b:04}"),
            3 => fullwidth(&format!("{prefix}{a:04}{b:04}")),
            _ => format!("{prefix}{a:04}{b:04}"),
        }
    }

    fn email(&mut self, name: &str) -> String {
        let local: String = name
            .chars()
            .map(|c| match c {
                'ü' => 'u',
                'ö' => 'o',
                'ä' => 'a',
                'ı' => 'i',
                'ş' => 's',
                ' ' => '.',
                c => c.to_ascii_lowercase(),
            })
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let n = self.rng.random_range(1..100);
        let domain = *self.pick(MAIL_DOMAINS);
        match self.rng.random_range(0..10) {
            0 => format!(" {local}{n}@{} ", domain.to_uppercase()),
            1 => format!("{}{n}@{domain}", capitalise(&local)),
            _ => format!("{local}{n}@{domain}"),
        }
    }

    fn channel(&mut self) -> ChannelKind {
        let channels = &self.opts.channels;
        // Two channels: most people phone (as offices see it); otherwise even.
        if channels.len() == 2 {
            return if self.rng.random_bool(0.62) {
                channels[0]
            } else {
                channels[1]
            };
        }
        channels[self.rng.random_range(0..channels.len())]
    }

    fn submitted(&mut self, late: bool) -> DateTime<Tz> {
        let (opens, deadline) = (self.opts.opens_at, self.opts.deadline);
        if late {
            return deadline + Duration::seconds(self.rng.random_range(1..=3 * 86_400));
        }
        let span = (deadline - opens).num_seconds().max(1);
        let back = if self.rng.random_bool(0.35) {
            self.rng.random_range(0..span.min(2 * 86_400))
        } else {
            self.rng.random_range(0..span)
        };
        deadline - Duration::seconds(back)
    }

    /// The same phone typed differently (or the same), as a repeat registrant would.
    fn phone_like(&mut self, phone: &str) -> String {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 11 && self.rng.random_bool(0.5) {
            format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..])
        } else {
            phone.to_owned()
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(d)
}

fn channel_label(kind: ChannelKind, chinese: bool) -> &'static str {
    match (kind, chinese) {
        (ChannelKind::Phone, true) => "电话报名",
        (ChannelKind::OnSite, true) => "现场报名",
        (ChannelKind::Online, true) => "网上报名",
        (ChannelKind::Email, true) => "邮件报名",
        (ChannelKind::Other, true) => "其他",
        (ChannelKind::Phone, false) => "phone",
        (ChannelKind::OnSite, false) => "on site",
        (ChannelKind::Online, false) => "online",
        (ChannelKind::Email, false) => "e-mail",
        (ChannelKind::Other, false) => "other",
    }
}

/// Write `opts.rows` registrations as UTF-8 CSV: Chinese headers (with
/// resident ID, phone and civil capacity) for Chinese registrations, else
/// English headers with an e-mail address ([`HEADERS_INTL`]).
pub fn write_registrations_csv(
    opts: &SyntheticOptions,
    out: impl Write,
) -> std::io::Result<SyntheticStats> {
    let mut g = Generator {
        opts,
        rng: ChaCha20Rng::seed_from_u64(opts.seed),
        weight_total: opts.districts.iter().map(|d| d.weight).sum::<u32>().max(1),
    };
    let zh = opts.chinese;
    let mut w = csv::Writer::from_writer(out);
    if zh {
        w.write_record(HEADERS)?;
    } else {
        w.write_record(HEADERS_INTL)?;
    }
    let (contact, time) = if zh { (5, 13) } else { (4, 11) };
    let ids = opts.districts.iter().all(|d| d.code.is_some());
    let kinds: Vec<RowProblem> = if zh {
        &PROBLEMS[..]
    } else {
        &PROBLEMS_INTL[..]
    }
    .iter()
    .copied()
    .filter(|p| ids || *p != RowProblem::BadIdNumber)
    .collect();
    let mut stats = SyntheticStats::default();
    let mut earlier: Vec<Vec<String>> = Vec::new();
    for i in 1..=opts.rows {
        let problem = if g.rng.random_bool(opts.problem_share.clamp(0.0, 1.0)) {
            let p = *g.pick(&kinds);
            (p != RowProblem::Duplicate || !earlier.is_empty()).then_some(p)
        } else {
            None
        };
        let mut row = if problem == Some(RowProblem::Duplicate) {
            let mut row = earlier[g.rng.random_range(0..earlier.len())].clone();
            if zh {
                row[contact] = g.phone_like(&row[contact]);
            }
            row
        } else {
            fresh_row(&mut g, problem)
        };
        row[0] = i.to_string();
        row[time] = g
            .submitted(problem == Some(RowProblem::AfterDeadline))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        w.write_record(&row)?;
        if let Some(p) = problem {
            *stats.problems.entry(p).or_default() += 1;
        }
        stats.rows += 1;
        if problem.is_none() {
            earlier.push(row);
        }
    }
    w.flush()?;
    Ok(stats)
}

/// A new person's row, with `problem` built in.
fn fresh_row(g: &mut Generator<'_>, problem: Option<RowProblem>) -> Vec<String> {
    let zh = g.opts.chinese;
    let age = if problem == Some(RowProblem::UnderAge) {
        g.rng.random_range(15..=17)
    } else {
        g.age()
    };
    let p = g.person(age);
    let district = g.opts.districts[p.district].name.clone();
    if !zh {
        let email = if problem == Some(RowProblem::MissingPhone) {
            String::new()
        } else {
            g.email(&p.name)
        };
        let channel = channel_label(g.channel(), false);
        return vec![
            String::new(),
            p.name,
            (if p.male { "male" } else { "female" }).to_owned(),
            p.birth.to_string(),
            email,
            p.employer,
            p.work_district,
            p.address,
            district,
            p.occupation,
            channel.to_owned(),
            String::new(),
        ];
    }
    let mut id = g.id_number(&p);
    if let (Some(id), Some(RowProblem::BadIdNumber)) = (id.as_mut(), problem) {
        let good = id.pop().unwrap_or('0');
        id.push(if good == '0' { '1' } else { '0' });
    }
    let id_given =
        id.is_some() && (problem == Some(RowProblem::BadIdNumber) || g.rng.random_bool(0.9));
    let birth_given = !id_given || g.rng.random_bool(0.4);
    let phone = if problem == Some(RowProblem::MissingPhone) {
        String::new()
    } else {
        g.phone()
    };
    let capacity = if problem == Some(RowProblem::LimitedCapacity) {
        "限制"
    } else {
        "完全"
    };
    let channel = channel_label(g.channel(), true);
    vec![
        String::new(),
        p.name,
        (if p.male { "男" } else { "女" }).to_owned(),
        if id_given {
            id.unwrap_or_default()
        } else {
            String::new()
        },
        if birth_given {
            p.birth.to_string()
        } else {
            String::new()
        },
        phone,
        p.employer,
        p.work_district,
        p.address,
        district,
        p.occupation,
        capacity.to_owned(),
        channel.to_owned(),
        String::new(),
        (if g.rng.random_bool(0.97) {
            "是"
        } else {
            "否"
        })
        .to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(rows: usize, seed: u64) -> SyntheticOptions {
        let plan = Plan::from_json(crate::examples::GUYUAN_2025_PLAN).unwrap();
        SyntheticOptions::for_plan(&plan, rows, seed)
    }

    fn generate(o: &SyntheticOptions) -> (String, SyntheticStats) {
        let mut out = Vec::new();
        let stats = write_registrations_csv(o, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), stats)
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let (a, _) = generate(&opts(200, 1));
        let (b, _) = generate(&opts(200, 1));
        let (c, _) = generate(&opts(200, 2));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn every_problem_kind_appears_near_its_share() {
        let (text, stats) = generate(&opts(5000, 3));
        assert_eq!(stats.rows, 5000);
        assert_eq!(text.lines().count(), 5001);
        for p in PROBLEMS {
            let n = stats.problems.get(&p).copied().unwrap_or(0);
            // 12% of 5000 spread over 6 kinds: about 100 each.
            assert!((50..=160).contains(&n), "{p:?}: {n}");
        }
    }

    #[test]
    fn clean_rows_have_valid_ids_and_adult_ages() {
        let o = opts(300, 4);
        let (text, _) = generate(&o);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for rec in reader.records() {
            let rec = rec.unwrap();
            let id = &rec[3];
            if !id.is_empty() && crate::resident_id::has_valid_check_character(id) {
                let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").unwrap();
                let age = o.event_date.years_since(birth).unwrap();
                assert!((15..=90).contains(&age), "age {age}");
                let male = (id.as_bytes()[16] - b'0') % 2 == 1;
                assert_eq!(&rec[2], if male { "男" } else { "女" });
            }
        }
    }

    #[test]
    fn fullwidth_digits_are_mapped() {
        assert_eq!(fullwidth("13a9"), "１３a９");
    }
}
