//! Screening a registrations table: every row ends in exactly one bucket
//! (eligible, ineligible with reasons, invalid with field errors, or
//! duplicate of another row), and the counts add up to the rows read.
//!
//! Here: the options, buckets and outcomes, and the screening itself (each
//! row judged as it is read). `stream` screens a file as it is read,
//! `shape` warns of what the table's shape means (rows skipped, required
//! columns missing), `store` keeps the rows compactly, `verdicts` writes each distinct cause
//! once, `duplicates` finds the same person twice, `report` is the
//! [`ScreeningReport`] and what is made from it.
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

use serde::{Deserialize, Serialize};

use crate::eligibility::{AttendanceHistory, Evaluator, RuleFailure};
use crate::intake::{
    ColumnUse, CsvTable, FieldError, IntakeError, IntakeOptions, IntakeRow, data_lines,
    decode_table, read_table,
};
use crate::plan::Plan;
use crate::registrant::Registrant;

mod duplicates;
mod report;
mod shape;
mod store;
mod stream;
mod verdicts;

pub use report::{BucketCounts, ScreenedRecord, ScreenedRow, ScreeningReport};
pub use stream::screen_reader;

#[cfg(feature = "xlsx")]
pub(crate) use shape::{
    Skipped, merged_cells_warning, merges_unread_warning, skipped_rows_warning,
    unread_cells_warning,
};
use shape::{footer_warning, title_warning};
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
    let titles = table.title_lines().to_vec();
    let lines = table.data_lines(lines);
    let mut report = screener.finish(source_name, encoding.to_owned(), columns, lines);
    report.warnings.extend(title_warning(&titles));
    report.warnings.extend(footer_warning(table.footer_lines()));
    Ok(report)
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
    Ok(screen_intake(plan, intake, source, opts))
}

/// Screen rows read by [`read_table`] (or a workbook's, read the same way)
/// from `source`, with the warning for the sign-off rows it left out.
pub(crate) fn screen_intake(
    plan: &Plan,
    intake: crate::intake::Intake,
    source: &str,
    opts: &ScreeningOptions,
) -> ScreeningReport {
    let mut report = screen(
        plan,
        source,
        intake.encoding.to_owned(),
        intake.columns,
        intake.rows,
        opts,
    );
    report
        .warnings
        .extend(shape::footer_rows_warning(&intake.footer_lines));
    report
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
        let doc = self.plan.document();
        let enforced = doc
            .eligibility
            .rules
            .iter()
            .any(|r| matches!(r, crate::plan::eligibility::EligibilityRule::RequiredFields));
        warnings.extend(shape::missing_columns(
            &columns,
            &doc.registration.required_fields,
            enforced,
        ));
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
