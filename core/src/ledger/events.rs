//! What goes into the ledger: an opinion form's points, and every later
//! step on a point as a [`LedgerEvent`] (time, actor, [`Action`]).

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::mask;

/// How a citizen wants to hear back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPreference {
    /// A phone call.
    #[default]
    Phone,
    /// A text message.
    Sms,
    /// A letter or e-mail.
    Mail,
    /// In person.
    InPerson,
}

/// An opinion form (市民意见征求表) as handed in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionForm {
    /// Form id, unique in the ledger.
    pub id: String,
    /// The participant's id (e.g. their registration row), or `None` for an anonymous form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<String>,
    /// Name to address the reply to (personal data: masked in output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// Phone for the reply (personal data: masked in output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// How they want to hear back.
    #[serde(default)]
    pub contact: ContactPreference,
    /// Satisfaction with the day, 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u8>,
    /// The points raised.
    pub points: Vec<PointInput>,
}

impl fmt::Debug for OpinionForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpinionForm")
            .field("id", &self.id)
            .field("participant", &self.participant)
            .field(
                "contact_name",
                &self.contact_name.as_deref().map(mask::name),
            )
            .field(
                "contact_phone",
                &self.contact_phone.as_deref().map(mask::phone),
            )
            .field("contact", &self.contact)
            .field("satisfaction", &self.satisfaction)
            .field("points", &self.points)
            .finish()
    }
}

/// One point on a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointInput {
    /// Category id from the plan's feedback categories.
    pub category: String,
    /// The point in the citizen's words.
    pub text: String,
    /// Where, if it concerns a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// One step in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEvent {
    /// When it happened.
    pub at: DateTime<FixedOffset>,
    /// Who did it (an operator, a unit's officer).
    pub actor: String,
    /// What happened.
    pub action: Action,
}

/// What happened. Point ids are `FORM-N` (the Nth point of form FORM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// A form was handed in; its points await triage.
    FormReceived {
        /// The form.
        form: OpinionForm,
    },
    /// Answered at the discussion: closed at once.
    AnsweredOnSpot {
        /// Point id.
        point: String,
        /// The answer given.
        answer: String,
        /// The answering unit (id).
        unit: String,
    },
    /// Filed into the ledger with a responsible unit; the due date follows
    /// from the category's time limit.
    Filed {
        /// Point id.
        point: String,
        /// Responsible unit (id); the category's default when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// Dispatched to a unit (again, after a return).
    Assigned {
        /// Point id.
        point: String,
        /// Unit id.
        unit: String,
        /// The person handling it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee: Option<String>,
    },
    /// Work has started.
    Started {
        /// Point id.
        point: String,
    },
    /// Sent back: not this unit's matter.
    Returned {
        /// Point id.
        point: String,
        /// Why.
        reason: String,
    },
    /// The unit asks for more time.
    ExtensionRequested {
        /// Point id.
        point: String,
        /// Extra working days asked for.
        working_days: u32,
        /// Why.
        reason: String,
    },
    /// More time granted: the due date moves by the requested working days.
    ExtensionGranted {
        /// Point id.
        point: String,
        /// Why.
        reason: String,
    },
    /// Solved, with the result.
    Resolved {
        /// Point id.
        point: String,
        /// What was done.
        result: String,
    },
    /// The office checked the result (not ok: back to work).
    Verified {
        /// Point id.
        point: String,
        /// Whether the result holds.
        ok: bool,
        /// Notes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Cannot be solved now; the citizen is still owed this explanation.
    Shelved {
        /// Point id.
        point: String,
        /// The written explanation.
        explanation: String,
    },
    /// The citizen was told the outcome: closed.
    CitizenInformed {
        /// Point id.
        point: String,
        /// How.
        via: ContactPreference,
        /// What they said.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// An anonymous point is closed (the outcome published, nobody to tell).
    ClosedAnonymous {
        /// Point id.
        point: String,
        /// Where the outcome was published.
        note: String,
    },
    /// The citizen is not satisfied: back to the unit with a new due date.
    Reopened {
        /// Point id.
        point: String,
        /// Why.
        reason: String,
    },
}

impl Action {
    /// The point the action concerns (`None` for a form).
    pub fn point(&self) -> Option<&str> {
        match self {
            Self::FormReceived { .. } => None,
            Self::AnsweredOnSpot { point, .. }
            | Self::Filed { point, .. }
            | Self::Assigned { point, .. }
            | Self::Started { point }
            | Self::Returned { point, .. }
            | Self::ExtensionRequested { point, .. }
            | Self::ExtensionGranted { point, .. }
            | Self::Resolved { point, .. }
            | Self::Verified { point, .. }
            | Self::Shelved { point, .. }
            | Self::CitizenInformed { point, .. }
            | Self::ClosedAnonymous { point, .. }
            | Self::Reopened { point, .. } => Some(point),
        }
    }

    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::FormReceived { .. } => "form_received",
            Self::AnsweredOnSpot { .. } => "answered_on_spot",
            Self::Filed { .. } => "filed",
            Self::Assigned { .. } => "assigned",
            Self::Started { .. } => "started",
            Self::Returned { .. } => "returned",
            Self::ExtensionRequested { .. } => "extension_requested",
            Self::ExtensionGranted { .. } => "extension_granted",
            Self::Resolved { .. } => "resolved",
            Self::Verified { .. } => "verified",
            Self::Shelved { .. } => "shelved",
            Self::CitizenInformed { .. } => "citizen_informed",
            Self::ClosedAnonymous { .. } => "closed_anonymous",
            Self::Reopened { .. } => "reopened",
        }
    }
}
