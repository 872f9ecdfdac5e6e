//! Realistic synthetic registrations, deterministic from a seed.
//!
//! For demos, tests and benchmarks: Chinese names, the districts of a city,
//! ages 15–90, phone and on-site channels, submission times bunched before the
//! deadline, phone numbers typed in the many ways people type them, and a
//! share of problem rows an office must catch (under 18, after the deadline,
//! missing phone, bad ID check character, duplicates, limited civil capacity).
//! Every person is invented; ID numbers use real region codes and correct
//! check characters (except the deliberately bad ones).
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
use crate::resident_id::check_character;

/// The column headers written, in order.
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

/// A district of the city: name, six-digit region code, weight, streets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    /// Name (原州区).
    pub name: String,
    /// GB/T 2260 region code used in ID numbers (640402).
    pub code: String,
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
    /// Districts, with weights.
    pub districts: Vec<District>,
    /// Share of rows with a deliberate problem, 0.0–1.0.
    pub problem_share: f64,
}

impl SyntheticOptions {
    /// Options for a plan: its zone, date and registration window, and the
    /// districts of 固原市 (the seed city).
    pub fn for_plan(plan: &Plan, rows: usize, seed: u64) -> Self {
        let deadline = plan.registration_deadline();
        Self {
            rows,
            seed,
            tz: plan.time_zone(),
            event_date: plan.document().day.date,
            opens_at: plan
                .registration_opens_at()
                .unwrap_or(deadline - Duration::days(21)),
            deadline,
            districts: guyuan_districts(),
            problem_share: 0.12,
        }
    }
}

/// The districts and counties of 固原市 with their region codes.
pub fn guyuan_districts() -> Vec<District> {
    [
        ("原州区", "640402", 60),
        ("西吉县", "640422", 12),
        ("隆德县", "640423", 10),
        ("泾源县", "640424", 7),
        ("彭阳县", "640425", 11),
    ]
    .into_iter()
    .map(|(name, code, weight)| District {
        name: name.into(),
        code: code.into(),
        weight,
    })
    .collect()
}

/// A deliberate problem in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    /// Aged 15–17 on the event date.
    UnderAge,
    /// Submitted after the deadline.
    AfterDeadline,
    /// No phone number.
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
    "政府街",
    "中山街",
    "南关街",
    "西城路",
    "北京路",
    "六盘山路",
    "清河路",
    "东岳路",
    "开城路",
    "长城路",
    "民族路",
];
/// Employers with the occupation they imply and their district (`""`: the
/// registrant's own district).
const EMPLOYERS: &[(&str, &str, &str)] = &[
    ("固原市人民医院", "医务人员", "原州区"),
    ("原州区第二小学", "教师", "原州区"),
    ("固原市第一中学", "教师", "原州区"),
    ("宁夏师范学院", "教师", "原州区"),
    ("固原市市场监督管理局", "公务员", "原州区"),
    ("原州区南关街道办事处", "社区工作者", "原州区"),
    ("宁夏六盘山酒店有限公司", "企业职工", "原州区"),
    ("固原市供电公司", "企业职工", "原州区"),
    ("原州区清河镇人民政府", "公务员", "原州区"),
    ("固原市公交公司", "企业职工", "原州区"),
    ("固原市妇幼保健院", "医务人员", "原州区"),
    ("西吉县人民医院", "医务人员", "西吉县"),
    ("彭阳县第一中学", "教师", "彭阳县"),
    ("隆德县供销合作社", "企业职工", "隆德县"),
    ("个体经营", "个体经营者", ""),
];
const STUDIES: &[&str] = &[
    "宁夏师范学院",
    "固原市职业技术学校",
    "固原市第一中学",
    "宁夏医科大学固原校区",
];

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

    fn person(&mut self, age: i32) -> Person {
        let male = self.rng.random_bool(0.5);
        let surname = *self.weighted(SURNAMES);
        let given = if male {
            *self.pick(GIVEN_MALE)
        } else {
            *self.pick(GIVEN_FEMALE)
        };
        let birth = self.birth_for_age(age);
        let district = self.district();
        let street = *self.pick(STREETS);
        let address = format!(
            "{}{}{}号{}单元{}室",
            self.opts.districts[district].name,
            street,
            self.rng.random_range(1..300),
            self.rng.random_range(1..7),
            self.rng.random_range(101..1803)
        );
        let home = self.opts.districts[district].name.clone();
        let (employer, occupation, work_district) = if age < 23 && self.rng.random_bool(0.7) {
            (
                (*self.pick(STUDIES)).to_owned(),
                "学生".to_owned(),
                "原州区".to_owned(),
            )
        } else if age >= 62 {
            (String::new(), "退休人员".to_owned(), String::new())
        } else if self.rng.random_bool(0.08) {
            (
                String::new(),
                (*self.pick(&["自由职业", "农民", "待业"])).to_owned(),
                String::new(),
            )
        } else {
            let (e, o, d) = *self.pick(EMPLOYERS);
            (
                e.to_owned(),
                o.to_owned(),
                if d.is_empty() { home } else { d.to_owned() },
            )
        };
        let seq = self.rng.random_range(0..500) * 2 + u32::from(male);
        Person {
            name: format!("{surname}{given}"),
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

    fn id_number(&self, p: &Person) -> String {
        let first = format!(
            "{}{}{:03}",
            self.opts.districts[p.district].code,
            p.birth.format("%Y%m%d"),
            p.seq % 1000
        );
        let check = check_character(&first).unwrap_or('0');
        format!("{first}{check}")
    }

    fn phone(&mut self) -> String {
        if self.rng.random_bool(0.1) {
            return format!("0954-{}", self.rng.random_range(2_000_000..2_999_999));
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

/// Write `opts.rows` registrations as UTF-8 CSV with Chinese headers.
pub fn write_registrations_csv(
    opts: &SyntheticOptions,
    out: impl Write,
) -> std::io::Result<SyntheticStats> {
    let mut g = Generator {
        opts,
        rng: ChaCha20Rng::seed_from_u64(opts.seed),
        weight_total: opts.districts.iter().map(|d| d.weight).sum::<u32>().max(1),
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADERS)?;
    let mut stats = SyntheticStats::default();
    let mut earlier: Vec<[String; 15]> = Vec::new();
    for i in 1..=opts.rows {
        let problem = if g.rng.random_bool(opts.problem_share.clamp(0.0, 1.0)) {
            let p = *g.pick(&PROBLEMS);
            (p != RowProblem::Duplicate || !earlier.is_empty()).then_some(p)
        } else {
            None
        };
        let mut row = if problem == Some(RowProblem::Duplicate) {
            let mut row = earlier[g.rng.random_range(0..earlier.len())].clone();
            row[5] = g.phone_like(&row[5]);
            row
        } else {
            let age = if problem == Some(RowProblem::UnderAge) {
                g.rng.random_range(15..=17)
            } else {
                g.age()
            };
            let p = g.person(age);
            let mut id = g.id_number(&p);
            if problem == Some(RowProblem::BadIdNumber) {
                let good = id.pop().unwrap_or('0');
                id.push(if good == '0' { '1' } else { '0' });
            }
            let id_given = problem == Some(RowProblem::BadIdNumber) || g.rng.random_bool(0.9);
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
            let channel = if g.rng.random_bool(0.62) {
                "电话报名"
            } else {
                "现场报名"
            };
            [
                String::new(),
                p.name,
                (if p.male { "男" } else { "女" }).to_owned(),
                if id_given { id } else { String::new() },
                if birth_given {
                    p.birth.to_string()
                } else {
                    String::new()
                },
                phone,
                p.employer,
                p.work_district,
                p.address,
                opts.districts[p.district].name.clone(),
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
        };
        row[0] = i.to_string();
        row[13] = g
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

impl Generator<'_> {
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
