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

use chrono::{DateTime, Duration, NaiveDate};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::Serialize;

use crate::plan::Plan;
use crate::plan::eligibility::EligibilityRule;
use crate::registration::ChannelKind;

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

mod names;
mod rows;
use rows::{Generator, fresh_row};
#[cfg(test)]
mod tests;
