//! The audit journal's storage: an append-only, tamper-evident sequence of
//! records.
//!
//! [`JournalStore`] is the trait a host implements to keep records in its
//! own database; [`MemoryJournal`] keeps them in memory (the browser, tests)
//! and [`FileJournal`] in a JSON Lines file:
//!
//! - the first line is a header `{"openday_journal":2}`; a file of a newer
//!   format is refused without being touched;
//! - each record is one line `{"hash":…,"record":…}` whose hash is
//!   SHA-256 of the previous line's hash and the record's exact bytes (the
//!   first from the header's): a checksum per record and a hash chain, so a
//!   changed, removed or reordered record is detected, and [`FileJournal::head`]
//!   can be published to pin the whole history;
//! - a record is written, then flushed to disk with `fsync`
//!   (`File::sync_data`) before `append` returns; a failed write or sync is
//!   cut back to the last good length, so nothing is glued to a half record;
//! - on opening, only an unterminated last line (a write cut short by a
//!   crash) is torn: it is reported and truncated away. A complete line that
//!   fails its checksum or does not parse is *damaged*: opening stops with an
//!   error naming the line, and nothing is deleted;
//! - the file is locked for the journal's lifetime: a second writer, in this
//!   process or another, gets [`JournalError::Locked`].
//!
//! Format-1 journals (no checksums) are still read, and refused for appends.
//!
//! The records are [`Entry`]s, the one journal entry of openday: roster
//! steps and ledger steps alike, so a journal may hold a day's roster, its
//! ledger, or both ([`crate::ledger::LedgerBook`] replays the ledger's).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

pub use crate::confirmation::{Entry, Event};

/// The journal file format this version writes.
pub const JOURNAL_FORMAT: u32 = 2;

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
    /// Another writer holds the journal.
    #[error(
        "{path}: another process (or another journal in this one) has the journal open for writing; close it first, or open a copy to read"
    )]
    Locked {
        /// The file.
        path: PathBuf,
    },
    /// A format-1 journal (no checksums): readable, not extended.
    #[error(
        "{path}: a format-1 journal (without checksums) can be read but not extended; export its records and import them into a new journal"
    )]
    Legacy {
        /// The file.
        path: PathBuf,
    },
}

impl JournalError {
    /// The journal file, when the error concerns one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Self::Io { path, .. }
            | Self::NewerFormat { path, .. }
            | Self::NotAJournal { path, .. }
            | Self::Damaged { path, .. }
            | Self::Locked { path, .. }
            | Self::Legacy { path, .. } => Some(path),
            Self::Serialise(_) => None,
        }
    }

    /// The damaged line (1-based), for [`JournalError::Damaged`].
    pub fn line(&self) -> Option<u64> {
        match self {
            Self::Damaged { line, .. } => u64::try_from(*line).ok(),
            _ => None,
        }
    }

    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "io",
            Self::NewerFormat { .. } => "newer_format",
            Self::NotAJournal { .. } => "not_a_journal",
            Self::Damaged { .. } => "damaged",
            Self::Serialise(_) => "serialise",
            Self::Locked { .. } => "locked",
            Self::Legacy { .. } => "legacy",
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

/// The hash chain over a journal's lines.
#[derive(Debug, Clone)]
struct Chain {
    head: [u8; 32],
}

impl Chain {
    /// A chain starting from the header line (without its newline).
    fn new(header: &[u8]) -> Self {
        Self {
            head: Sha256::digest(header).into(),
        }
    }

    fn next(&self, record: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(hex(&self.head).as_bytes());
        h.update(b"\n");
        h.update(record);
        h.finalize().into()
    }

    /// The line for `record` (its JSON), advancing the chain.
    fn line(&mut self, record: &RawValue) -> Vec<u8> {
        let hash = self.next(record.get().as_bytes());
        self.head = hash;
        let mut line = format!("{{\"hash\":\"{}\",\"record\":", hex(&hash)).into_bytes();
        line.extend_from_slice(record.get().as_bytes());
        line.extend_from_slice(b"}\n");
        line
    }

    /// The record of a checked line, advancing the chain; why not otherwise.
    fn check<'a>(&mut self, line: &'a [u8]) -> Result<&'a RawValue, String> {
        #[derive(serde::Deserialize)]
        struct Line<'a> {
            hash: &'a str,
            #[serde(borrow)]
            record: &'a RawValue,
        }
        let parsed: Line<'a> =
            serde_json::from_slice(line).map_err(|e| format!("not a journal line ({e})"))?;
        let expected = self.next(parsed.record.get().as_bytes());
        if parsed.hash != hex(&expected) {
            return Err(
                "its checksum does not match: the record, or one before it, was changed or damaged"
                    .to_owned(),
            );
        }
        self.head = expected;
        Ok(parsed.record)
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn header_line() -> String {
    format!("{{\"openday_journal\":{JOURNAL_FORMAT}}}")
}

/// Records in a JSON Lines file, each checksummed, chained and synced to
/// disk on append; locked against a second writer.
#[derive(Debug)]
pub struct FileJournal<R> {
    path: PathBuf,
    file: File,
    records: Vec<R>,
    recovery: Recovery,
    chain: Chain,
    /// Bytes of the file that are good (appends start here).
    len: u64,
    legacy: bool,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_owned(),
        source,
    }
}

impl<R: Serialize + DeserializeOwned + Clone> FileJournal<R> {
    /// Opens (or creates) the journal at `path`: locks it, reads and checks
    /// every complete record, and truncates a torn last line.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        let path = path.as_ref().to_owned();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(JournalError::Locked { path }),
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&path)(e)),
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io(&path))?;
        if bytes.is_empty() {
            let header = header_line();
            file.write_all(format!("{header}\n").as_bytes())
                .map_err(io(&path))?;
            file.sync_data().map_err(io(&path))?;
            return Ok(Self {
                len: header.len() as u64 + 1,
                chain: Chain::new(header.as_bytes()),
                path,
                file,
                records: Vec::new(),
                recovery: Recovery::default(),
                legacy: false,
            });
        }
        let read = read_lines::<R>(&bytes, &path)?;
        let mut recovery = Recovery::default();
        if read.good_end < bytes.len() {
            recovery.truncated_bytes = (bytes.len() - read.good_end) as u64;
            file.set_len(read.good_end as u64).map_err(io(&path))?;
            file.sync_data().map_err(io(&path))?;
        }
        file.seek(SeekFrom::Start(read.good_end as u64))
            .map_err(io(&path))?;
        Ok(Self {
            path,
            file,
            records: read.records,
            recovery,
            chain: read.chain,
            len: read.good_end as u64,
            legacy: read.legacy,
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

    /// The hash of the last record (of the header for an empty journal), in
    /// hex: publish it to pin every record written so far.
    pub fn head(&self) -> String {
        hex(&self.chain.head)
    }
}

/// What reading a journal's bytes found.
struct Lines<R> {
    records: Vec<R>,
    chain: Chain,
    /// End of the last complete, good line.
    good_end: usize,
    legacy: bool,
}

/// Read and check every newline-terminated line; an unterminated tail is
/// left out (torn), a bad complete line is an error.
fn read_lines<R: DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<Lines<R>, JournalError> {
    let mut records = Vec::new();
    let mut chain = None;
    let mut legacy = false;
    let mut start = 0usize;
    let mut line_no = 0usize;
    while let Some(i) = bytes[start..].iter().position(|&b| b == b'\n') {
        let end = start + i;
        line_no += 1;
        let line = &bytes[start..end];
        let damaged = |message: String| JournalError::Damaged {
            path: path.to_owned(),
            line: line_no,
            message,
        };
        if line_no == 1 {
            legacy = check_header(line, path)? == 1;
            chain = Some(Chain::new(line));
        } else if legacy {
            records.push(serde_json::from_slice::<R>(line).map_err(|e| damaged(e.to_string()))?);
        } else if let Some(c) = chain.as_mut() {
            let raw = c.check(line).map_err(damaged)?;
            let record =
                serde_json::from_str::<R>(raw.get()).map_err(|e| damaged(e.to_string()))?;
            records.push(record);
        }
        start = end + 1;
    }
    let Some(chain) = chain else {
        // Not even a complete header line.
        return Err(JournalError::NotAJournal {
            path: path.to_owned(),
        });
    };
    Ok(Lines {
        records,
        chain,
        good_end: start,
        legacy,
    })
}

impl<R: Serialize + DeserializeOwned + Clone> JournalStore<R> for FileJournal<R> {
    fn append(&mut self, record: &R) -> Result<(), JournalError> {
        if self.legacy {
            return Err(JournalError::Legacy {
                path: self.path.clone(),
            });
        }
        let json =
            serde_json::to_string(record).map_err(|e| JournalError::Serialise(e.to_string()))?;
        let raw =
            RawValue::from_string(json).map_err(|e| JournalError::Serialise(e.to_string()))?;
        let mut chain = self.chain.clone();
        let line = chain.line(&raw);
        let written = self
            .file
            .write_all(&line)
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            // Cut back to the last good record, so the next append does not
            // glue onto a half-written line.
            let _ = self.file.set_len(self.len);
            let _ = self.file.seek(SeekFrom::Start(self.len));
            let _ = self.file.sync_data();
            return Err(io(&self.path)(e));
        }
        self.len += line.len() as u64;
        self.chain = chain;
        self.records.push(record.clone());
        Ok(())
    }

    fn records(&self) -> &[R] {
        &self.records
    }
}

/// Checks the header line: a journal, of a format this version reads.
/// Returns the format.
fn check_header(line: &[u8], path: &Path) -> Result<u64, JournalError> {
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
    Ok(found)
}

/// Records as JSON Lines text with the header, checksummed and chained as
/// a file journal is (an export of any store).
pub fn to_json_lines<R: Serialize>(records: &[R]) -> Result<String, JournalError> {
    let header = header_line();
    let mut chain = Chain::new(header.as_bytes());
    let mut out = format!("{header}\n").into_bytes();
    for r in records {
        let json = serde_json::to_string(r).map_err(|e| JournalError::Serialise(e.to_string()))?;
        let raw =
            RawValue::from_string(json).map_err(|e| JournalError::Serialise(e.to_string()))?;
        out.extend(chain.line(&raw));
    }
    String::from_utf8(out).map_err(|e| JournalError::Serialise(e.to_string()))
}

/// Records from JSON Lines text (an import), checked as
/// [`FileJournal::open`] checks a file: an unterminated last line is
/// dropped and counted in the returned [`Recovery`]; a complete line that
/// fails its checksum is an error naming it.
pub fn from_json_lines<R: DeserializeOwned>(
    text: &str,
    source: &str,
) -> Result<(Vec<R>, Recovery), JournalError> {
    let path = PathBuf::from(source);
    let read = read_lines::<R>(text.as_bytes(), &path)?;
    let recovery = Recovery {
        truncated_bytes: (text.len() - read.good_end) as u64,
    };
    Ok((read.records, recovery))
}
