//! From the drawn list to who actually came: confirmation calls, released
//! seats refilled from the reserve list, check-in, and the audit journal.
//!
//! Every state change is an [`Entry`] (time, actor, [`Event`]) in an
//! append-only journal; a [`Roster`] is a pure fold over its entries, and
//! every operation ([`Roster::call`], [`Roster::release_due`],
//! [`Roster::check_in`] …) only builds entries and applies them through the
//! same fold, so replaying the journal always gives the live state. The
//! entries go to any [`JournalStore`](crate::journal::JournalStore): a JSON
//! Lines file synced on every append, memory, or the host's database.
//!
//! Lifecycle of a person:
//!
//! ```text
//! selected ─call→ notified ─→ confirmed ─check-in→ checked_in
//!    │               ├─→ declined ─┐      └─close→ no_show
//!    └───────────────┴─→ unreachable ┴─→ released (seat offered to a reserve)
//! reserve ─offer→ offered ─call→ confirmed | declined → released
//! ```

mod lists;
mod roster;

pub use lists::{Attendance, AttendanceLine, CallSheetRow, Contact, Directory, RosterRow, to_csv};
pub use roster::{Call, Person, Roster};

pub use crate::plan::confirmation::{AtDeadline, ConfirmationPolicy, Shortfall, WalkIns};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::ledger::LedgerEvent;
use crate::selection::{DrawRecord, QuotaGap};

/// What a call achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
pub enum CallOutcome {
    /// They will come.
    Confirmed,
    /// They will not come.
    Declined {
        /// Why, if they said.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Nobody answered.
    NoAnswer,
    /// The line was busy.
    Busy,
    /// The number is not theirs or does not exist.
    WrongNumber,
    /// Asked to be called back.
    CallBack {
        /// When.
        at: DateTime<FixedOffset>,
    },
}

impl std::str::FromStr for CallOutcome {
    type Err = String;

    /// An outcome without details by its name: `confirmed`, `declined`,
    /// `no_answer`, `busy`, `wrong_number`.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "confirmed" => Self::Confirmed,
            "declined" => Self::Declined { reason: None },
            "no_answer" => Self::NoAnswer,
            "busy" => Self::Busy,
            "wrong_number" => Self::WrongNumber,
            other => {
                return Err(format!(
                    "unknown call outcome {other:?}: use confirmed, declined, no_answer, busy, wrong_number, or an object such as {{\"outcome\": \"call_back\", \"at\": \"2025-09-19T10:00:00+08:00\"}}"
                ));
            }
        })
    }
}

impl CallOutcome {
    /// The snake_case name.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Declined { .. } => "declined",
            Self::NoAnswer => "no_answer",
            Self::Busy => "busy",
            Self::WrongNumber => "wrong_number",
            Self::CallBack { .. } => "call_back",
        }
    }
}

/// Why a seat was released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseReason {
    /// The person declined.
    Declined,
    /// Wrong number, or no answer after the maximum attempts.
    Unreachable,
    /// Not confirmed by the deadline.
    Deadline,
}

/// One state change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// Registrations were received and screened (counts only; the rows stay
    /// in the screening report).
    Screened {
        /// The table's name.
        source: String,
        /// Rows read.
        rows: u64,
        /// Rows eligible.
        eligible: u64,
    },
    /// The panel was drawn; the record holds the seed, panel and reserves.
    Drawn {
        /// The published draw record.
        record: DrawRecord,
    },
    /// A confirmation call.
    Called {
        /// Who was called.
        person: String,
        /// What came of it.
        outcome: CallOutcome,
        /// Free note by the operator (no personal data, please).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A seat was freed.
    Released {
        /// Who held it.
        person: String,
        /// Why.
        reason: ReleaseReason,
    },
    /// A freed seat was offered to a reserve.
    Offered {
        /// The reserve.
        person: String,
        /// The seat (1-based).
        seat: u32,
        /// Whose seat it was.
        replaces: String,
        /// Whether the panel with them meets every quota.
        keeps_quotas: bool,
        /// The quotas missed (best effort only).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        gaps: Vec<QuotaGap>,
    },
    /// A freed seat stays empty: no reserve keeps the quotas (or none left).
    LeftEmpty {
        /// The seat.
        seat: u32,
        /// Whose seat it was.
        replaces: String,
        /// The quotas the best reserve would have missed.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        gaps: Vec<QuotaGap>,
    },
    /// Someone on the list arrived.
    CheckedIn {
        /// Who.
        person: String,
        /// After the check-in segment ended.
        late: bool,
    },
    /// Someone not on the list turned up.
    WalkIn {
        /// A masked name or ticket, never full personal data.
        label: String,
        /// Whether they were admitted.
        admitted: bool,
    },
    /// Check-in closed: confirmed people not checked in are no-shows.
    CheckInClosed,
    /// A feedback-ledger step, kept in the same journal.
    Feedback {
        /// The ledger event.
        ledger: LedgerEvent,
    },
    /// A preparation step (a duty started, done, verified or reopened),
    /// kept in the same journal.
    Preparation {
        /// The step.
        step: crate::preparation::PrepEvent,
    },
    /// A segment of the day finished: its actual times, for the live
    /// re-plan and the summary's planned-against-actual table. Segments end
    /// in itinerary order, each once.
    SegmentEnded {
        /// The actual times.
        actual: crate::itinerary::ActualTimes,
    },
}

/// One journal record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Position in the journal, from 1.
    pub seq: u64,
    /// When it happened.
    pub at: DateTime<FixedOffset>,
    /// Who did it.
    pub actor: String,
    /// What happened.
    pub event: Event,
}

/// A person's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Drawn, not yet called.
    Selected,
    /// Called at least once, no answer yet.
    Notified,
    /// Will come.
    Confirmed,
    /// Said no.
    Declined,
    /// Could not be reached.
    Unreachable,
    /// Seat freed (after declining, being unreachable, or the deadline).
    Released,
    /// Arrived.
    CheckedIn,
    /// Confirmed but did not come.
    NoShow,
    /// On the reserve list, not offered a seat.
    Reserve,
    /// Offered a freed seat, not yet confirmed.
    Offered,
}

impl Status {
    /// The snake_case name.
    pub fn code(self) -> &'static str {
        match self {
            Self::Selected => "selected",
            Self::Notified => "notified",
            Self::Confirmed => "confirmed",
            Self::Declined => "declined",
            Self::Unreachable => "unreachable",
            Self::Released => "released",
            Self::CheckedIn => "checked_in",
            Self::NoShow => "no_show",
            Self::Reserve => "reserve",
            Self::Offered => "offered",
        }
    }
}

/// A refused step.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RosterError {
    /// The step is not allowed in the person's state.
    #[error("{person} is {state}; cannot {step}")]
    Illegal {
        /// Who.
        person: String,
        /// Their state.
        state: &'static str,
        /// The step tried.
        step: &'static str,
    },
    /// The id is not on the list or the reserves.
    #[error("{person} is not on the list or the reserve list")]
    Unknown {
        /// The id.
        person: String,
    },
    /// Called again too soon.
    #[error("{person} was called at {last}; the next call may be from {next}")]
    TooSoon {
        /// Who.
        person: String,
        /// The last call.
        last: DateTime<FixedOffset>,
        /// The earliest next call.
        next: DateTime<FixedOffset>,
    },
    /// After the confirmation deadline (calls) or before it (release).
    #[error("{step} at {at}: the confirmation deadline is {deadline}")]
    Deadline {
        /// The step.
        step: &'static str,
        /// When it was tried.
        at: DateTime<FixedOffset>,
        /// The deadline.
        deadline: DateTime<FixedOffset>,
    },
    /// Check-in is not open.
    #[error("check-in at {at} is outside {opens} – {closes} (late arrivals included)")]
    CheckInWindow {
        /// When it was tried.
        at: DateTime<FixedOffset>,
        /// When check-in opens.
        opens: DateTime<FixedOffset>,
        /// When it closes.
        closes: DateTime<FixedOffset>,
    },
    /// An entry earlier than the one before it.
    #[error("entry {seq} at {at} is earlier than the previous entry at {previous}")]
    OutOfOrder {
        /// Its position.
        seq: u64,
        /// Its time.
        at: DateTime<FixedOffset>,
        /// The previous entry's time.
        previous: DateTime<FixedOffset>,
    },
    /// A journal entry out of place (a second draw, a wrong sequence number).
    #[error("entry {seq}: {message}")]
    Journal {
        /// Its position.
        seq: u64,
        /// What is wrong.
        message: String,
    },
    /// The plan's `confirmation` section has errors; they are listed.
    #[error(
        "the plan has {} error(s) that block confirmation:\n{}",
        problems.len(),
        problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
    )]
    PlanBlocked {
        /// The blocking errors.
        problems: Vec<crate::plan::Problem>,
    },
    /// The journal store failed; nothing was applied.
    #[error(transparent)]
    Store(#[from] crate::journal::JournalError),
    /// The replacement search failed (the pool and targets do not fit).
    #[error(transparent)]
    Selection(#[from] crate::selection::SelectionError),
    /// A segment's actual times do not fit the itinerary (unknown segment,
    /// out of order, an end before its start).
    #[error(transparent)]
    Segment(#[from] crate::itinerary::ReplanError),
}

impl RosterError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Illegal { .. } => "illegal_step",
            Self::Unknown { .. } => "unknown_person",
            Self::TooSoon { .. } => "too_soon",
            Self::Deadline { .. } => "deadline",
            Self::CheckInWindow { .. } => "check_in_window",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::Journal { .. } => "journal",
            Self::PlanBlocked { .. } => "plan_blocked",
            Self::Store(e) => e.code(),
            Self::Selection(e) => e.code(),
            Self::Segment(e) => e.code(),
        }
    }
}
