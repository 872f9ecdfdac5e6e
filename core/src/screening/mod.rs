//! Screening a registrations table: every row ends in exactly one bucket
//! (eligible, ineligible with reasons, invalid with field errors, or
//! duplicate of another row), and the counts add up to the rows read.
//!
//! ```
//! use openday::screening::{screen_csv, ScreeningOptions};
//! let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
//! let csv = openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes();
//! let report = screen_csv(&plan, csv, "registrations.csv", &ScreeningOptions::default()).unwrap();
//! let c = report.counts();
//! assert_eq!(c.rows, 500);
//! assert_eq!(c.eligible + c.ineligible + c.invalid + c.duplicate, c.rows);
//! ```

use std::collections::{BTreeMap, HashMap};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::eligibility::{AttendanceHistory, Evaluator, RuleFailure};
use crate::intake::{
    ColumnUse, CsvTable, FieldError, IntakeError, IntakeOptions, IntakeRow, data_lines,
    decode_table, read_table,
};
use crate::mask::{self, Masking};
use crate::plan::Plan;
use crate::registrant::Registrant;
use crate::registration::ChannelKind;

mod duplicates;
mod store;
mod stream;
mod verdicts;

pub use stream::screen_reader;

use store::Rows;
use verdicts::Verdicts;

/// What to do when the same person registered more than once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Keep the earliest registration (by time, then row).
    #[default]
    KeepEarliest,
    /// Keep the latest registration (it may correct the earlier one).
    KeepLatest,
    /// Reject every registration of that person.
    RejectAll,
}

/// Screening settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreeningOptions {
    /// How to read the table.
    pub intake: IntakeOptions,
    /// What to do with duplicates.
    pub duplicates: DuplicatePolicy,
    /// Attendance at past open days, for `not_recently_attended`.
    pub history: Option<AttendanceHistory>,
    /// The organiser's secret that keys the pool's pseudonyms (never
    /// serialised; the report keeps it for [`crate::selection::Pool`] and
    /// the call sheets' directory).
    #[serde(skip)]
    pub pseudonym_key: Option<crate::selection::PseudonymKey>,
}

/// Why two rows are the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same resident ID number.
    SameIdNumber,
    /// The same normalised name and phone.
    SameNameAndPhone,
    /// The same normalised name and e-mail address.
    SameNameAndEmail,
}

/// The bucket a row ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Meets every rule.
    Eligible,
    /// Fails at least one rule.
    Ineligible,
    /// Has field errors.
    Invalid,
    /// Another row is the same person.
    Duplicate,
}

impl Bucket {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Eligible => "eligible",
            Self::Ineligible => "ineligible",
            Self::Invalid => "invalid",
            Self::Duplicate => "duplicate",
        }
    }
}

/// What became of a row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "bucket", rename_all = "snake_case")]
pub enum Outcome {
    /// Meets every rule.
    Eligible,
    /// Fails these rules.
    Ineligible {
        /// Every failing rule.
        failures: Vec<RuleFailure>,
    },
    /// Has these field errors.
    Invalid {
        /// Every field error.
        errors: Vec<FieldError>,
    },
    /// The same person as `of_row`.
    Duplicate {
        /// The row it duplicates.
        of_row: u64,
        /// Why they are the same person.
        reason: DuplicateReason,
    },
}

impl Outcome {
    /// The bucket.
    pub fn bucket(&self) -> Bucket {
        match self {
            Self::Eligible => Bucket::Eligible,
            Self::Ineligible { .. } => Bucket::Ineligible,
            Self::Invalid { .. } => Bucket::Invalid,
            Self::Duplicate { .. } => Bucket::Duplicate,
        }
    }
}

/// One screened row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreenedRow {
    /// 1-based data row.
    pub row: u64,
    /// 1-based file line (0 for in-memory records).
    pub line: u64,
    /// The registrant, when the row could be read.
    pub registrant: Option<Registrant>,
    /// Its outcome.
    pub outcome: Outcome,
}

/// Rows per bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BucketCounts {
    /// Rows read.
    pub rows: u64,
    /// Eligible rows.
    pub eligible: u64,
    /// Ineligible rows.
    pub ineligible: u64,
    /// Invalid rows.
    pub invalid: u64,
    /// Duplicate rows.
    pub duplicate: u64,
}

/// The result of screening a table.
///
/// Its rows are stored compactly (about 150 bytes a row); [`Self::rows`]
/// and [`Self::row`] rebuild each [`ScreenedRow`] when asked.
#[derive(Clone)]
pub struct ScreeningReport {
    /// Name of the input.
    pub source: String,
    /// Encoding found (`UTF-8`, `GB18030`, `UTF-16LE` ...), or `records`.
    pub encoding: String,
    /// How the columns were understood.
    pub columns: Vec<ColumnUse>,
    /// Every row, in input order.
    rows: Rows,
    /// Non-blank lines of the table after its header (the rows given, for
    /// records): more than the rows when a row runs over several lines.
    pub data_lines: u64,
    /// The organiser's pseudonym key given with the registrations (never
    /// serialised).
    pub pseudonym_key: Option<crate::selection::PseudonymKey>,
    /// What this screening could not check or wants noticed: the plan's
    /// warnings, then the rules left unchecked (a history rule without a
    /// history list). Shown with the results; they block nothing.
    pub warnings: Vec<crate::Problem>,
}

/// Screen a registrations table against the plan: CSV or tab-separated
/// text in UTF-8, GB18030 or UTF-16, or an Excel workbook (its first sheet;
/// with the `xlsx` feature, see `xlsx::screen_xlsx` for another
/// sheet; without it a workbook is refused with what to do).
pub fn screen_csv(
    plan: &Plan,
    input: &[u8],
    source_name: &str,
    opts: &ScreeningOptions,
) -> Result<ScreeningReport, IntakeError> {
    if crate::intake::is_workbook(input) {
        #[cfg(feature = "xlsx")]
        return crate::xlsx::screen_xlsx(plan, input, source_name, None, opts);
        #[cfg(not(feature = "xlsx"))]
        return Err(IntakeError::Workbook {
            source_name: source_name.to_owned(),
            message: "an Excel workbook, and this build of openday reads CSV only; save it from Excel as \"CSV UTF-8\", or use a build with the xlsx feature (the Python package and the openday command have it)".to_owned(),
        });
    }
    let (text, encoding) = decode_table(input, source_name, &opts.intake)?;
    let mut table = CsvTable::open(&text, source_name, &opts.intake, plan.time_zone())?;
    let columns = table.column_use();
    // Every row starts on a non-blank line: room for that many.
    let lines = data_lines(&text);
    let capacity = usize::try_from(lines).unwrap_or(usize::MAX);
    let mut screener = Screener::new(plan, &columns, opts, capacity);
    while let Some(row) = table.next_row_in_place()? {
        screener.push(row.line, row.result);
    }
    Ok(screener.finish(source_name, encoding.to_owned(), columns, lines))
}

/// Screen rows given as records: `headers` name the columns exactly as a
/// CSV header would (Chinese or English, mapped by `opts.intake.columns`),
/// and each row has one cell per header. Rows are numbered from 1.
pub fn screen_table(
    plan: &Plan,
    headers: &[String],
    rows: &[Vec<String>],
    opts: &ScreeningOptions,
) -> Result<ScreeningReport, IntakeError> {
    screen_named_table(plan, headers, rows, "<records>", opts)
}

/// [`screen_table`] for a table read from `source` (a workbook, say), named
/// in the report and its errors.
pub fn screen_named_table(
    plan: &Plan,
    headers: &[String],
    rows: &[Vec<String>],
    source: &str,
    opts: &ScreeningOptions,
) -> Result<ScreeningReport, IntakeError> {
    let intake = read_table(headers, rows, source, &opts.intake, plan.time_zone())?;
    Ok(screen(
        plan,
        source,
        intake.encoding.to_owned(),
        intake.columns,
        intake.rows,
        opts,
    ))
}

/// Screen records given as `(column, value)` pairs, e.g. dicts or objects
/// from a binding (see [`crate::intake::records_table`]).
pub fn screen_records(
    plan: &Plan,
    records: &[Vec<(String, String)>],
    opts: &ScreeningOptions,
) -> Result<ScreeningReport, IntakeError> {
    let (headers, rows) = crate::intake::records_table(records);
    screen_table(plan, &headers, &rows, opts)
}

/// Check one person, as a citizen's self-check page would: the same
/// normalisation and rules as a table, for a single record of `(header,
/// value)` pairs.
///
/// ```
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let me = [("姓名", "张三"), ("出生日期", "1990-01-01"), ("联系电话", "13800000001"),
///           ("住址", "原州区文化路1号"), ("民事行为能力", "完全"), ("报名方式", "电话"),
///           ("报名时间", "2025-09-01 10:00")];
/// let row = openday::screening::check_registrant(&plan, &me, &Default::default()).unwrap();
/// assert_eq!(row.outcome.bucket(), openday::screening::Bucket::Eligible);
/// let young = [("姓名", "李四"), ("出生日期", "2008-01-01")];
/// let row = openday::screening::check_registrant(&plan, &young, &Default::default()).unwrap();
/// let openday::screening::Outcome::Ineligible { failures } = row.outcome else { panic!() };
/// let codes: Vec<_> = failures.iter().map(|f| f.code).collect();
/// assert_eq!(codes, ["under_minimum_age", "civil_capacity_minor", "outside_area", "submitted_at_unknown", "missing_required_field"]);
/// ```
pub fn check_registrant(
    plan: &Plan,
    record: &[(&str, &str)],
    opts: &ScreeningOptions,
) -> Result<ScreenedRow, IntakeError> {
    let headers: Vec<String> = record.iter().map(|(h, _)| (*h).to_owned()).collect();
    let cells: Vec<String> = record.iter().map(|(_, v)| (*v).to_owned()).collect();
    let report = screen_table(plan, &headers, &[cells], opts)?;
    report.row(0).ok_or(IntakeError::Empty {
        source_name: "<record>".into(),
    })
}

/// Screen registrants given as records (rows are numbered from 1).
pub fn screen_registrants(
    plan: &Plan,
    registrants: Vec<Registrant>,
    opts: &ScreeningOptions,
) -> ScreeningReport {
    let rows = (1..).zip(registrants).map(|(row, r)| IntakeRow {
        row,
        line: 0,
        result: Ok(r),
    });
    screen(plan, "<records>", "records".into(), Vec::new(), rows, opts)
}

fn screen(
    plan: &Plan,
    source: &str,
    encoding: String,
    columns: Vec<ColumnUse>,
    rows: impl IntoIterator<Item = IntakeRow>,
    opts: &ScreeningOptions,
) -> ScreeningReport {
    let rows = rows.into_iter();
    let mut screener = Screener::new(plan, &columns, opts, rows.size_hint().0);
    for r in rows {
        match r.result {
            Ok(reg) => screener.push(r.line, Ok(&reg)),
            Err(errors) => screener.push(r.line, Err(errors)),
        }
    }
    let data_lines = screener.rows.len() as u64;
    screener.finish(source, encoding, columns, data_lines)
}

/// Screening row by row: each row is judged and stored compactly as it is
/// read; duplicates are found once every row is in.
struct Screener<'p> {
    plan: &'p Plan,
    opts: &'p ScreeningOptions,
    evaluator: Evaluator,
    rows: Rows,
    verdicts: Verdicts,
}

impl<'p> Screener<'p> {
    fn new(
        plan: &'p Plan,
        columns: &[ColumnUse],
        opts: &'p ScreeningOptions,
        capacity: usize,
    ) -> Self {
        let mut evaluator = Evaluator::new(plan, opts.history.as_ref());
        // Registrants given as records always carry their channel; a table
        // does only through a channel column or a default.
        let channel_known = columns.is_empty()
            || opts.intake.default_channel.is_some()
            || columns.iter().any(|c| c.used_as == "field:channel");
        if !channel_known {
            evaluator = evaluator.without_channel_check();
        }
        Self {
            plan,
            opts,
            evaluator,
            rows: Rows::with_capacity(capacity),
            verdicts: Verdicts::default(),
        }
    }

    /// Judge the next row (read at `line`): its registrant, or the
    /// problems that kept it from being read.
    fn push(&mut self, line: u64, result: Result<&Registrant, Vec<FieldError>>) {
        match result {
            Err(errors) => self.rows.push(line, None, Outcome::Invalid { errors }),
            Ok(reg) => {
                // A row found to be a duplicate later is judged too; its
                // outcome is then replaced.
                let causes = self.evaluator.causes(reg);
                if causes.is_empty() {
                    self.rows.push(line, Some(reg), Outcome::Eligible);
                } else {
                    let outcome = self
                        .verdicts
                        .symbol(&self.evaluator, causes, &mut self.rows);
                    self.rows
                        .push_interned(line, Some(reg), Bucket::Ineligible, outcome);
                }
            }
        }
    }

    fn finish(
        mut self,
        source: &str,
        encoding: String,
        columns: Vec<ColumnUse>,
        data_lines: u64,
    ) -> ScreeningReport {
        for (i, of, reason) in duplicates::duplicates(&self.rows, self.opts.duplicates) {
            let of_row = of as u64 + 1;
            self.rows
                .set_outcome(i, Outcome::Duplicate { of_row, reason });
        }
        let mut warnings = self.plan.problems().to_vec();
        warnings.extend_from_slice(self.evaluator.warnings());
        ScreeningReport {
            source: source.to_owned(),
            encoding,
            columns,
            data_lines,
            rows: self.rows,
            pseudonym_key: self.opts.pseudonym_key.clone(),
            warnings,
        }
    }
}

/// A flat record of one screened row, for CSV, pandas and JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreenedRecord {
    /// Data row.
    pub row: u64,
    /// Bucket code.
    pub bucket: &'static str,
    /// Name (masked unless asked).
    pub name: Option<String>,
    /// Phone (masked unless asked).
    pub phone: Option<String>,
    /// ID number (masked unless asked).
    pub id_number: Option<String>,
    /// E-mail address (masked unless asked).
    pub email: Option<String>,
    /// Birth date (month and day masked unless asked).
    pub birth_date: Option<String>,
    /// Gender code.
    pub gender: Option<&'static str>,
    /// District of residence.
    pub district: Option<String>,
    /// District of work or study.
    pub work_district: Option<String>,
    /// Channel code.
    pub channel: Option<&'static str>,
    /// Submission time, RFC 3339.
    pub submitted_at: Option<String>,
    /// Occupation attribute.
    pub occupation: Option<String>,
    /// Reason codes (rule failures or field errors), `;`-separated.
    pub reasons: String,
    /// Explanations in Chinese, `；`-separated.
    pub messages_zh: String,
    /// Explanations in English, `; `-separated.
    pub messages_en: String,
    /// The row this one duplicates.
    pub duplicate_of: Option<u64>,
}

impl ScreenedRow {
    /// The flat record of this row.
    pub fn record(&self, masking: Masking) -> ScreenedRecord {
        let r = self.registrant.as_ref();
        let (codes, zh, en): (Vec<&str>, Vec<String>, Vec<String>) = match &self.outcome {
            Outcome::Eligible => (vec![], vec![], vec![]),
            Outcome::Ineligible { failures } => (
                failures.iter().map(|f| f.code).collect(),
                failures.iter().map(|f| f.message_zh.clone()).collect(),
                failures.iter().map(|f| f.message_en.clone()).collect(),
            ),
            Outcome::Invalid { errors } => (
                errors.iter().map(|e| e.code).collect(),
                errors.iter().map(|e| e.message_zh.clone()).collect(),
                errors.iter().map(ToString::to_string).collect(),
            ),
            Outcome::Duplicate { of_row, .. } => (
                vec!["duplicate"],
                vec![format!("与第 {of_row} 行为同一人")],
                vec![format!("same person as row {of_row}")],
            ),
        };
        ScreenedRecord {
            row: self.row,
            bucket: self.outcome.bucket().code(),
            name: r.map(|r| masking.apply(&r.name, mask::name)),
            phone: r
                .and_then(|r| r.phone.as_ref())
                .map(|p| masking.apply(p.as_str(), mask::phone)),
            id_number: r
                .and_then(|r| r.id_number.as_ref())
                .map(|id| masking.apply(id.number(), mask::id_number)),
            email: r
                .and_then(|r| r.email.as_deref())
                .map(|e| masking.apply(e, mask::email)),
            birth_date: r
                .and_then(Registrant::effective_birth_date)
                .map(|d| match masking {
                    Masking::Masked => d.format("%Y-**-**").to_string(),
                    Masking::Unmasked => d.to_string(),
                }),
            gender: r
                .and_then(|r| r.gender)
                .map(crate::registrant::Gender::code),
            district: r.and_then(|r| r.district.clone()),
            work_district: r.and_then(|r| r.work_district.clone()),
            channel: r.map(|r| r.channel.code()),
            submitted_at: r.and_then(|r| r.submitted_at).map(|t| t.to_rfc3339()),
            occupation: r.and_then(|r| r.occupation.clone()),
            reasons: codes.join(";"),
            messages_zh: zh.join("；"),
            messages_en: en.join("; "),
            duplicate_of: match self.outcome {
                Outcome::Duplicate { of_row, .. } => Some(of_row),
                _ => None,
            },
        }
    }
}

impl ScreeningReport {
    /// Rows screened (every data row of the input).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    /// Row `index` (0-based; its [`ScreenedRow::row`] is `index + 1`),
    /// with its registrant rebuilt.
    pub fn row(&self, index: usize) -> Option<ScreenedRow> {
        Some(ScreenedRow {
            row: index as u64 + 1,
            line: self.rows.line(index),
            registrant: self.rows.registrant(index),
            outcome: self.rows.outcome(index)?.clone(),
        })
    }

    /// Every row in input order, each rebuilt as it is reached.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = ScreenedRow> + '_ {
        (0..self.rows.len()).map(|i| ScreenedRow {
            row: i as u64 + 1,
            line: self.rows.line(i),
            registrant: self.rows.registrant(i),
            outcome: self.rows.outcome(i).cloned().unwrap_or(Outcome::Eligible),
        })
    }

    /// The outcome of row `index` (0-based), without rebuilding the row.
    pub fn outcome(&self, index: usize) -> Option<&Outcome> {
        self.rows.outcome(index)
    }

    /// The registrant of row `index` (0-based), rebuilt; `None` for a row
    /// that could not be read.
    pub fn registrant(&self, index: usize) -> Option<Registrant> {
        self.rows.registrant(index)
    }

    /// Rows per bucket; they always add up to `rows`.
    pub fn counts(&self) -> BucketCounts {
        let mut c = BucketCounts {
            rows: self.rows.len() as u64,
            ..BucketCounts::default()
        };
        for i in 0..self.rows.len() {
            c.add(self.rows.bucket(i));
        }
        c
    }

    /// Reason codes of ineligible and invalid rows with how many rows have
    /// each, most frequent first (ties by code).
    pub fn reasons(&self) -> Vec<(&'static str, u64)> {
        let mut counts: HashMap<&'static str, u64> = HashMap::new();
        for (_, outcome) in self.rows.problems() {
            let mut codes: Vec<&'static str> = match outcome {
                Outcome::Ineligible { failures } => failures.iter().map(|f| f.code).collect(),
                Outcome::Invalid { errors } => errors.iter().map(|e| e.code).collect(),
                _ => continue,
            };
            codes.sort_unstable();
            codes.dedup();
            for c in codes {
                *counts.entry(c).or_default() += 1;
            }
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }

    /// Rows per bucket for each registration channel (`None`: rows too
    /// broken to tell the channel).
    pub fn by_channel(&self) -> BTreeMap<Option<ChannelKind>, BucketCounts> {
        let mut out: BTreeMap<Option<ChannelKind>, BucketCounts> = BTreeMap::new();
        for i in 0..self.rows.len() {
            let c = out.entry(self.rows.channel(i)).or_default();
            c.rows += 1;
            c.add(self.rows.bucket(i));
        }
        out
    }

    /// The eligible registrants with their rows, each rebuilt.
    pub fn eligible(&self) -> impl Iterator<Item = (u64, Registrant)> + '_ {
        (0..self.rows.len())
            .filter(|&i| self.rows.bucket(i) == Some(Bucket::Eligible))
            .filter_map(|i| Some((i as u64 + 1, self.rows.registrant(i)?)))
    }

    /// Every row as a flat record.
    pub fn records(&self, masking: Masking) -> Vec<ScreenedRecord> {
        self.rows().map(|r| r.record(masking)).collect()
    }

    /// Write the records as CSV ([`crate::export`]: UTF-8 with BOM so Excel
    /// opens it correctly, formula cells neutralised), one row at a time.
    pub fn write_csv(&self, out: impl std::io::Write, masking: Masking) -> std::io::Result<()> {
        crate::export::write_csv(self.rows().map(|r| r.record(masking)), out)
            .map_err(std::io::Error::other)
    }
}

impl BucketCounts {
    fn add(&mut self, bucket: Option<Bucket>) {
        match bucket {
            Some(Bucket::Eligible) => self.eligible += 1,
            Some(Bucket::Ineligible) => self.ineligible += 1,
            Some(Bucket::Invalid) => self.invalid += 1,
            Some(Bucket::Duplicate) => self.duplicate += 1,
            None => {}
        }
    }
}

impl fmt::Debug for ScreeningReport {
    /// Every field, the rows as rebuilt rows (personal data masked, as in
    /// [`Registrant`]'s `Debug`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct AllRows<'a>(&'a ScreeningReport);
        impl fmt::Debug for AllRows<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.rows()).finish()
            }
        }
        f.debug_struct("ScreeningReport")
            .field("source", &self.source)
            .field("encoding", &self.encoding)
            .field("columns", &self.columns)
            .field("rows", &AllRows(self))
            .field("data_lines", &self.data_lines)
            .field("pseudonym_key", &self.pseudonym_key)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl PartialEq for ScreeningReport {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.encoding == other.encoding
            && self.columns == other.columns
            && self.data_lines == other.data_lines
            && self.warnings == other.warnings
            && self.pseudonym_key == other.pseudonym_key
            && self.len() == other.len()
            && self.rows().eq(other.rows())
    }
}

impl Eq for ScreeningReport {}

impl Serialize for ScreeningReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct AllRows<'a>(&'a ScreeningReport);
        impl Serialize for AllRows<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.rows())
            }
        }
        let mut st = serializer.serialize_struct("ScreeningReport", 6)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("encoding", &self.encoding)?;
        st.serialize_field("columns", &self.columns)?;
        st.serialize_field("rows", &AllRows(self))?;
        st.serialize_field("data_lines", &self.data_lines)?;
        st.serialize_field("warnings", &self.warnings)?;
        st.end()
    }
}

impl fmt::Display for ScreeningReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.counts();
        writeln!(
            f,
            "Screened {} rows from {} ({}):",
            c.rows, self.source, self.encoding
        )?;
        writeln!(f, "  eligible    {:>6}", c.eligible)?;
        writeln!(f, "  ineligible  {:>6}", c.ineligible)?;
        writeln!(f, "  invalid     {:>6}", c.invalid)?;
        writeln!(f, "  duplicate   {:>6}", c.duplicate)?;
        let sum = c.eligible + c.ineligible + c.invalid + c.duplicate;
        writeln!(
            f,
            "  = {sum} of {} rows read{}",
            c.rows,
            if sum == c.rows {
                ", every row accounted for"
            } else {
                " (MISMATCH)"
            }
        )?;
        if self.data_lines != c.rows {
            let spanning: Vec<u64> = self
                .rows
                .problems()
                .filter(|(_, outcome)| {
                    matches!(outcome, Outcome::Invalid { errors }
                        if errors.iter().any(|e| e.code == "swallowed_lines"))
                })
                .map(|(i, _)| i as u64 + 1)
                .collect();
            writeln!(
                f,
                "  NOTE: {} data lines made {} rows: rows that run over several lines{}; check them",
                self.data_lines,
                c.rows,
                if spanning.is_empty() {
                    " (quoted cells with line breaks)".to_owned()
                } else {
                    format!(
                        ", a stray quote in row {}",
                        spanning
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )?;
        }
        for w in &self.warnings {
            if w.is_error() {
                writeln!(
                    f,
                    "  ERROR (blocks the {} stage) {}: {}",
                    w.stage().as_str(),
                    w.path,
                    w.message_en
                )?;
                writeln!(f, "  错误（影响后续环节）{}：{}", w.path, w.message_zh)?;
            } else {
                writeln!(f, "  WARNING {}: {}", w.path, w.message_en)?;
                writeln!(f, "  警告 {}：{}", w.path, w.message_zh)?;
            }
        }
        writeln!(
            f,
            "By channel (rows: eligible / ineligible / invalid / duplicate):"
        )?;
        for (channel, n) in self.by_channel() {
            let name = channel.map_or("(invalid)", ChannelKind::code);
            writeln!(
                f,
                "  {name:<10} {:>6}: {} / {} / {} / {}",
                n.rows, n.eligible, n.ineligible, n.invalid, n.duplicate
            )?;
        }
        let reasons = self.reasons();
        if !reasons.is_empty() {
            writeln!(f, "Top reasons (rows):")?;
            for (code, n) in reasons.iter().take(8) {
                writeln!(f, "  {code:<28} {n:>6}")?;
            }
        }
        Ok(())
    }
}
