//! The screening report: every row with its bucket and reasons, the
//! counts, and the views and exports made from them (the texts of a row
//! are read back from the compact store only when asked for).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::intake::ColumnUse;
use crate::mask::{self, Masking};
use crate::registrant::Registrant;
use crate::registration::ChannelKind;

use super::store::Rows;
use super::{Bucket, Outcome};

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
    pub(super) rows: Rows,
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
