//! One point as the ledger holds it: its [`Status`], its history and what
//! the citizen is owed.

use chrono::DateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ContactPreference;

/// Where a point stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Handed in, not yet triaged.
    Received,
    /// In the ledger, not yet dispatched.
    Filed,
    /// Dispatched to a unit.
    Assigned,
    /// Being handled.
    InProgress,
    /// Sent back by the unit; to be dispatched again.
    Returned,
    /// Solved; awaiting verification.
    Resolved,
    /// Verified; the citizen is to be told.
    Verified,
    /// Cannot be solved now; the citizen is to be told why.
    Shelved,
    /// The citizen was told (or the anonymous outcome published).
    Closed,
}

impl Status {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Filed => "filed",
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Returned => "returned",
            Self::Resolved => "resolved",
            Self::Verified => "verified",
            Self::Shelved => "shelved",
            Self::Closed => "closed",
        }
    }

    /// Whether the unit still has work to do (the point can be overdue).
    pub fn is_open_work(self) -> bool {
        matches!(
            self,
            Self::Filed | Self::Assigned | Self::InProgress | Self::Returned
        )
    }
}

/// One line of a point's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// When.
    pub at: DateTime<Tz>,
    /// Who.
    pub actor: String,
    /// Action code.
    pub action: &'static str,
    /// The state after it.
    pub status: Status,
}

/// A point in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Point id (`FORM-N`).
    pub id: String,
    /// The form it came from.
    pub form: String,
    /// Category id.
    pub category: String,
    /// The citizen's words.
    pub text: String,
    /// Where.
    pub place: Option<String>,
    /// Whether the form is anonymous (no reply owed).
    pub anonymous: bool,
    /// How the citizen wants to hear back.
    pub contact: ContactPreference,
    /// Where it stands.
    pub status: Status,
    /// Responsible unit (id).
    pub unit: Option<String>,
    /// The person handling it.
    pub assignee: Option<String>,
    /// When it was received.
    pub received_at: DateTime<Tz>,
    /// When it was filed (or answered).
    pub filed_at: Option<DateTime<Tz>>,
    /// When it is due.
    pub due: Option<DateTime<Tz>>,
    /// When it was (last) resolved or shelved.
    pub resolved_at: Option<DateTime<Tz>>,
    /// The result, answer or shelving explanation.
    pub outcome: Option<String>,
    /// When the citizen was told.
    pub informed_at: Option<DateTime<Tz>>,
    /// Extra working days asked for, not yet granted.
    pub extension_pending: Option<u32>,
    /// How often it was reopened.
    pub reopened: u32,
    /// Every step.
    pub history: Vec<HistoryEntry>,
}
