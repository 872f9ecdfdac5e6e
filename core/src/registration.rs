//! A first count of a registrations table by channel. The plan's side of
//! registration (channels, window, required fields) is
//! [`crate::plan::registration`], re-exported here.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

pub use crate::plan::registration::{
    Channel, ChannelKind, FieldRequirement, OfficeHours, RegistrationField, RegistrationPolicy,
    Weekday,
};

/// Why a registrations table could not be counted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TallyError {
    /// The CSV is malformed at a row.
    #[error(
        "{source_name}: row {row}: {message}; fix that row (quotes must be closed, every row needs the same number of columns)"
    )]
    Csv {
        /// Name of the input (file path or `<memory>`).
        source_name: String,
        /// 1-based data row (the header is row 0).
        row: u64,
        /// What the CSV reader said.
        message: String,
    },
    /// No column holds the channel.
    #[error(
        "{source_name}: no registration-channel column; name one of the columns 报名方式 or channel (found: {found})"
    )]
    NoChannelColumn {
        /// Name of the input.
        source_name: String,
        /// The header that was found.
        found: String,
    },
}

impl TallyError {
    /// Stable code: `csv` or `no_channel_column`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Csv { .. } => "csv",
            Self::NoChannelColumn { .. } => "no_channel_column",
        }
    }

    /// The row of a CSV error.
    pub fn row(&self) -> Option<u64> {
        match self {
            Self::Csv { row, .. } => Some(*row),
            Self::NoChannelColumn { .. } => None,
        }
    }
}

/// Registrations counted by channel; every data row is counted once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChannelTally {
    /// Data rows read (the header is not counted).
    pub rows: u64,
    /// Rows per recognised channel.
    pub by_channel: BTreeMap<ChannelKind, u64>,
    /// Rows whose channel cell was empty or not recognised, by 1-based row.
    pub unrecognised_rows: Vec<u64>,
}

impl ChannelTally {
    /// Count a UTF-8 CSV (with or without BOM) by its channel column
    /// (`报名方式` or `channel`).
    ///
    /// ```
    /// use openday::registration::{ChannelKind, ChannelTally};
    /// let csv = "姓名,报名方式\n张三,电话\n李四,现场报名\n王五,\n";
    /// let t = ChannelTally::from_csv(csv.as_bytes(), "<memory>").unwrap();
    /// assert_eq!(t.rows, 3);
    /// assert_eq!(t.by_channel[&ChannelKind::Phone], 1);
    /// assert_eq!(t.unrecognised_rows, vec![3]);
    /// ```
    pub fn from_csv(input: impl std::io::Read, source_name: &str) -> Result<Self, TallyError> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let csv_error = |row: u64, e: &csv::Error| TallyError::Csv {
            source_name: source_name.to_owned(),
            row,
            message: e.to_string(),
        };
        let headers = reader.headers().map_err(|e| csv_error(0, &e))?.clone();
        let column = headers
            .iter()
            .position(|h| matches!(h.trim(), "报名方式" | "channel" | "Channel"))
            .ok_or_else(|| TallyError::NoChannelColumn {
                source_name: source_name.to_owned(),
                found: headers.iter().collect::<Vec<_>>().join(","),
            })?;
        let mut tally = Self::default();
        let mut record = csv::StringRecord::new();
        loop {
            let row = tally.rows + 1;
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(row, &e)),
            }
            tally.rows = row;
            match record.get(column).and_then(ChannelKind::parse) {
                Some(kind) => *tally.by_channel.entry(kind).or_default() += 1,
                None => tally.unrecognised_rows.push(row),
            }
        }
        Ok(tally)
    }

    /// Rows of a channel.
    pub fn count(&self, kind: ChannelKind) -> u64 {
        self.by_channel.get(&kind).copied().unwrap_or(0)
    }
}

impl fmt::Display for ChannelTally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Registrations read: {}", self.rows)?;
        for kind in ChannelKind::ALL {
            let n = self.count(kind);
            if n > 0 {
                writeln!(f, "  {:<8} {:>6}  {}", kind.code(), n, kind.label_zh())?;
            }
        }
        if !self.unrecognised_rows.is_empty() {
            writeln!(
                f,
                "  {:<8} {:>6}  channel empty or not recognised (rows {})",
                "unknown",
                self.unrecognised_rows.len(),
                crate::plan::summary::compact_rows(&self.unrecognised_rows)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_counted_once() {
        let csv = "\u{feff}姓名,报名方式\n甲,电话\n乙,现场\n丙,网上\n丁,传真\n戊,phone\n";
        let t = ChannelTally::from_csv(csv.as_bytes(), "t.csv").unwrap();
        assert_eq!(t.rows, 5);
        let counted: u64 = t.by_channel.values().sum::<u64>() + t.unrecognised_rows.len() as u64;
        assert_eq!(counted, t.rows);
        assert_eq!(t.count(ChannelKind::Phone), 2);
        assert_eq!(t.unrecognised_rows, vec![4]);
    }

    #[test]
    fn ragged_row_is_reported_with_its_row_number() {
        let csv = "姓名,报名方式\n甲,电话\n乙,现场,多余\n";
        let err = ChannelTally::from_csv(csv.as_bytes(), "t.csv").unwrap_err();
        assert!(matches!(err, TallyError::Csv { row: 2, .. }), "{err:?}");
        assert!(err.to_string().starts_with("t.csv: row 2:"));
    }

    #[test]
    fn missing_channel_column_lists_the_header() {
        let err = ChannelTally::from_csv("a,b\n1,2\n".as_bytes(), "t.csv").unwrap_err();
        assert!(err.to_string().contains("found: a,b"), "{err}");
    }
}
