//! The audit journal's storage: an append-only sequence of records.
//!
//! [`JournalStore`] is the trait a host implements to keep records in its
//! own database; [`MemoryJournal`] keeps them in memory (the browser, tests)
//! and [`FileJournal`] in a JSON Lines file:
//!
//! - the first line is a header `{"openday_journal":1}`; a file written by a
//!   newer format is refused rather than misread;
//! - each record is one line, written and then flushed to disk with
//!   `fsync` (`File::sync_data`) before `append` returns;
//! - on opening, a last line cut short by a crash mid-write (no final
//!   newline, or not valid JSON) is reported and truncated away; every
//!   complete record before it is kept. A bad line anywhere else is an
//!   error naming the line, since that is damage, not a torn write.
//!
//! The records are [`Entry`]s, the one journal entry of openday: roster
//! steps and ledger steps alike, so a journal may hold a day's roster, its
//! ledger, or both ([`crate::ledger::LedgerBook`] replays the ledger's).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::confirmation::{Entry, Event};

/// The journal file format this version writes.
pub const JOURNAL_FORMAT: u32 = 1;

/// Why a journal could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file was written by a newer openday.
    #[error(
        "{path}: journal format {found} is newer than this openday reads ({JOURNAL_FORMAT}); upgrade openday"
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// Its format.
        found: u64,
    },
    /// The first line is not a journal header.
    #[error(
        "{path}: line 1 is not an openday journal header ({{\"openday_journal\":1}}); is this the right file?"
    )]
    NotAJournal {
        /// The file.
        path: PathBuf,
    },
    /// A complete line in the middle of the file is not a record.
    #[error(
        "{path}: line {line} is not a valid record ({message}); the file is damaged, restore it from a copy"
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// A record could not be serialised.
    #[error("cannot serialise a record: {0}")]
    Serialise(String),
}

impl JournalError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "io",
            Self::NewerFormat { .. } => "newer_format",
            Self::NotAJournal { .. } => "not_a_journal",
            Self::Damaged { .. } => "damaged",
            Self::Serialise(_) => "serialise",
        }
    }
}

/// Where journal records are kept.
pub trait JournalStore<R> {
    /// Adds a record at the end; it is durable when this returns.
    fn append(&mut self, record: &R) -> Result<(), JournalError>;
    /// Every record, in order.
    fn records(&self) -> &[R];
}

/// Records in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryJournal<R> {
    records: Vec<R>,
}

impl<R> Default for MemoryJournal<R> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
        }
    }
}

impl<R: Clone> JournalStore<R> for MemoryJournal<R> {
    fn append(&mut self, record: &R) -> Result<(), JournalError> {
        self.records.push(record.clone());
        Ok(())
    }

    fn records(&self) -> &[R] {
        &self.records
    }
}

/// What opening a file journal found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recovery {
    /// Bytes of a torn last line that were truncated away (0: none).
    pub truncated_bytes: u64,
}

/// Records in a JSON Lines file, each synced to disk on append.
#[derive(Debug)]
pub struct FileJournal<R> {
    path: PathBuf,
    file: File,
    records: Vec<R>,
    recovery: Recovery,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_owned(),
        source,
    }
}

impl<R: Serialize + DeserializeOwned + Clone> FileJournal<R> {
    /// Opens (or creates) the journal at `path`, reading every complete
    /// record and truncating a torn last line.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        let path = path.as_ref().to_owned();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io(&path))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io(&path))?;
        if bytes.is_empty() {
            let header = format!("{{\"openday_journal\":{JOURNAL_FORMAT}}}\n");
            file.write_all(header.as_bytes()).map_err(io(&path))?;
            file.sync_data().map_err(io(&path))?;
            return Ok(Self {
                path,
                file,
                records: Vec::new(),
                recovery: Recovery::default(),
            });
        }
        let mut records = Vec::new();
        let mut good_end = 0usize;
        let mut start = 0usize;
        let mut line_no = 0usize;
        let mut torn = false;
        while start < bytes.len() {
            line_no += 1;
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|i| start + i);
            let Some(end) = end else {
                // No newline: the last write was cut short.
                torn = true;
                break;
            };
            let line = &bytes[start..end];
            if line_no == 1 {
                check_header(line, &path)?;
            } else {
                match serde_json::from_slice::<R>(line) {
                    Ok(r) => records.push(r),
                    Err(e) if end + 1 == bytes.len() => {
                        // A complete-looking but unreadable last line is torn too
                        // (e.g. zeros written by a crash after the length grew).
                        let _ = e;
                        torn = true;
                        break;
                    }
                    Err(e) => {
                        return Err(JournalError::Damaged {
                            path,
                            line: line_no,
                            message: e.to_string(),
                        });
                    }
                }
            }
            good_end = end + 1;
            start = end + 1;
        }
        let mut recovery = Recovery::default();
        if torn {
            if good_end == 0 {
                return Err(JournalError::NotAJournal { path });
            }
            recovery.truncated_bytes = (bytes.len() - good_end) as u64;
            file.set_len(good_end as u64).map_err(io(&path))?;
            file.sync_data().map_err(io(&path))?;
            file.seek(SeekFrom::End(0)).map_err(io(&path))?;
        }
        Ok(Self {
            path,
            file,
            records,
            recovery,
        })
    }

    /// What opening found (a torn last line, truncated).
    pub fn recovery(&self) -> Recovery {
        self.recovery
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl<R: Serialize + DeserializeOwned + Clone> JournalStore<R> for FileJournal<R> {
    fn append(&mut self, record: &R) -> Result<(), JournalError> {
        let mut line =
            serde_json::to_vec(record).map_err(|e| JournalError::Serialise(e.to_string()))?;
        line.push(b'\n');
        self.file.write_all(&line).map_err(io(&self.path))?;
        self.file.sync_data().map_err(io(&self.path))?;
        self.records.push(record.clone());
        Ok(())
    }

    fn records(&self) -> &[R] {
        &self.records
    }
}

/// Checks the header line: a journal, of a format this version reads.
fn check_header(line: &[u8], path: &Path) -> Result<(), JournalError> {
    let not = || JournalError::NotAJournal {
        path: path.to_owned(),
    };
    let header: serde_json::Value = serde_json::from_slice(line).map_err(|_| not())?;
    let found = header
        .get("openday_journal")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(not)?;
    if found > u64::from(JOURNAL_FORMAT) {
        return Err(JournalError::NewerFormat {
            path: path.to_owned(),
            found,
        });
    }
    Ok(())
}

/// Records as JSON Lines text with the header (an export of any store).
pub fn to_json_lines<R: Serialize>(records: &[R]) -> Result<String, JournalError> {
    let mut out = format!("{{\"openday_journal\":{JOURNAL_FORMAT}}}\n");
    for r in records {
        out.push_str(
            &serde_json::to_string(r).map_err(|e| JournalError::Serialise(e.to_string()))?,
        );
        out.push('\n');
    }
    Ok(out)
}

/// Records from JSON Lines text (an import); the same rules as
/// [`FileJournal::open`] except that nothing is truncated: a torn last line
/// is dropped and counted in the returned [`Recovery`].
pub fn from_json_lines<R: DeserializeOwned>(
    text: &str,
    source: &str,
) -> Result<(Vec<R>, Recovery), JournalError> {
    let path = PathBuf::from(source);
    let mut records = Vec::new();
    let mut recovery = Recovery::default();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, raw) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        let line = raw.trim_end_matches('\n');
        if i == 0 {
            check_header(line.as_bytes(), &path)?;
            continue;
        }
        match serde_json::from_str::<R>(line) {
            // Only the last piece can lack its newline; complete JSON there
            // is a whole record.
            Ok(r) => records.push(r),
            Err(_) if last => recovery.truncated_bytes = raw.len() as u64,
            Err(e) => {
                return Err(JournalError::Damaged {
                    path,
                    line: i + 1,
                    message: e.to_string(),
                });
            }
        }
    }
    Ok((records, recovery))
}
