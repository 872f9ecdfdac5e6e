//! The feedback ledger (台账): opinion points from the day, answered on the
//! spot or filed with a responsible unit and a due date, followed through to
//! the citizen being told the outcome.
//!
//! The ledger is event-sourced: every step is a [`LedgerEvent`] (time,
//! actor, action), serde-serialisable for the audit journal, and the state
//! is a pure fold over the events ([`Ledger::replay`]). Illegal steps are
//! errors naming the point, its state and the step.
//!
//! Lifecycle (after GB/T 30428's collect → file → dispatch → handle → verify
//! → close): `filed → assigned → in_progress → resolved → verified →
//! closed` (the citizen informed); `returned` (wrong unit) goes back to
//! `assigned` under another unit; `shelved` (cannot be solved now, with a
//! written explanation) still owes the citizen a reply; `reopen` takes a
//! closed point back to `assigned`; an extension (requested, then granted)
//! moves the due date. Points answered at the discussion are closed at once.

mod book;
mod report;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use book::LedgerBook;
pub use report::{CategoryRow, LedgerReport, OverdueRow, ReplyRow, UnitRow};

use crate::calendar::{CalendarError, WorkCalendar};
use crate::mask;
use crate::plan::Plan;
use crate::plan::feedback::TimeLimit;

/// Default handling limit for categories without one in the plan.
pub const DEFAULT_TIME_LIMIT: TimeLimit = TimeLimit::WorkingDays(15);

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

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The plan's `feedback` or `calendar` section has errors; they are listed.
    #[error(
        "the plan has {} error(s) that block the ledger:\n{}",
        problems.len(),
        problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
    )]
    PlanBlocked {
        /// The blocking errors.
        problems: Vec<crate::plan::Problem>,
    },
    /// No point with that id.
    #[error(
        "no point \"{point}\" in the ledger; point ids are FORM-N (form id, point number from 1)"
    )]
    UnknownPoint {
        /// The id given.
        point: String,
    },
    /// The step is not allowed in the point's state.
    #[error("point {point} is {state}: it cannot be {action}; {hint}")]
    IllegalTransition {
        /// The point.
        point: String,
        /// Its state.
        state: &'static str,
        /// The step tried.
        action: &'static str,
        /// What is allowed instead.
        hint: &'static str,
    },
    /// A form id used twice.
    #[error("form \"{form}\" was already received; give each form its own id")]
    DuplicateForm {
        /// The id.
        form: String,
    },
    /// A category the plan does not have.
    #[error(
        "point {point}: category \"{category}\" is not in the plan's feedback categories ({known})"
    )]
    UnknownCategory {
        /// The point.
        point: String,
        /// The category.
        category: String,
        /// The plan's categories.
        known: String,
    },
    /// A unit the plan does not have.
    #[error("point {point}: unit \"{unit}\" is not in the plan's units ({known})")]
    UnknownUnit {
        /// The point.
        point: String,
        /// The unit.
        unit: String,
        /// The plan's units.
        known: String,
    },
    /// Events must not go back in time for a point.
    #[error(
        "point {point}: this step at {at} is earlier than its previous step at {previous}; record steps in time order"
    )]
    OutOfOrder {
        /// The point.
        point: String,
        /// This step's time.
        at: String,
        /// The previous step's time.
        previous: String,
    },
    /// The due date could not be computed.
    #[error("point {point}: {source}")]
    Calendar {
        /// The point.
        point: String,
        /// The calendar's error.
        source: CalendarError,
    },
}

impl LedgerError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::PlanBlocked { .. } => "plan_blocked",
            Self::UnknownPoint { .. } => "unknown_point",
            Self::IllegalTransition { .. } => "illegal_transition",
            Self::DuplicateForm { .. } => "duplicate_form",
            Self::UnknownCategory { .. } => "unknown_category",
            Self::UnknownUnit { .. } => "unknown_unit",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::Calendar { .. } => "calendar",
        }
    }

    /// The point concerned, when there is one.
    pub fn point(&self) -> Option<&str> {
        match self {
            Self::UnknownPoint { point }
            | Self::IllegalTransition { point, .. }
            | Self::UnknownCategory { point, .. }
            | Self::UnknownUnit { point, .. }
            | Self::OutOfOrder { point, .. }
            | Self::Calendar { point, .. } => Some(point),
            Self::DuplicateForm { .. } | Self::PlanBlocked { .. } => None,
        }
    }
}

/// The ledger: every point's current state, folded from the events.
#[derive(Debug, Clone)]
pub struct Ledger {
    tz: Tz,
    calendar: WorkCalendar,
    categories: BTreeMap<String, (String, Option<String>, TimeLimit)>,
    units: BTreeMap<String, String>,
    cases: BTreeMap<String, Case>,
    forms: BTreeMap<String, OpinionForm>,
    events: Vec<LedgerEvent>,
}

impl Ledger {
    /// An empty ledger on the calendar the plan names
    /// ([`WorkCalendar::for_plan`]), refused while the plan's `feedback` or
    /// `calendar` section has errors.
    pub fn for_plan(plan: &Plan) -> Result<Self, crate::Error> {
        Self::check_plan(plan)?;
        Ok(Self::new(plan, WorkCalendar::for_plan(plan)?))
    }

    /// Whether the plan's `feedback` and `calendar` sections allow a ledger.
    pub fn check_plan(plan: &Plan) -> Result<(), LedgerError> {
        let blocking = plan.blocking(crate::plan::Stage::FollowUp);
        if blocking.is_empty() {
            Ok(())
        } else {
            Err(LedgerError::PlanBlocked {
                problems: blocking.into_iter().cloned().collect(),
            })
        }
    }

    /// An empty ledger for a plan's categories and units.
    pub fn new(plan: &Plan, calendar: WorkCalendar) -> Self {
        let doc = plan.document();
        Self {
            tz: plan.time_zone(),
            calendar,
            categories: doc
                .feedback
                .categories
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        (
                            c.name.clone(),
                            c.unit.clone(),
                            c.time_limit.unwrap_or(DEFAULT_TIME_LIMIT),
                        ),
                    )
                })
                .collect(),
            units: doc
                .units
                .iter()
                .map(|u| (u.id.clone(), u.name.clone()))
                .collect(),
            cases: BTreeMap::new(),
            forms: BTreeMap::new(),
            events: Vec::new(),
        }
    }

    /// A ledger rebuilt from its journal.
    pub fn replay(
        plan: &Plan,
        calendar: WorkCalendar,
        events: &[LedgerEvent],
    ) -> Result<Self, LedgerError> {
        let mut ledger = Self::new(plan, calendar);
        for e in events {
            ledger.apply(e.clone())?;
        }
        Ok(ledger)
    }

    /// Every opinion form received, by id.
    pub fn forms(&self) -> impl Iterator<Item = &OpinionForm> {
        self.forms.values()
    }

    /// Every point, by id.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.cases.values()
    }

    /// One point.
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.get(id)
    }

    /// The events applied, in order (the ledger's journal).
    pub fn events(&self) -> &[LedgerEvent] {
        &self.events
    }

    /// A unit's name.
    pub fn unit_name(&self, id: &str) -> String {
        self.units.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    /// A category's name.
    pub fn category_name(&self, id: &str) -> String {
        self.categories
            .get(id)
            .map_or_else(|| id.to_owned(), |c| c.0.clone())
    }

    /// The working calendar.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// The event's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    fn unit_ok(&self, point: &str, unit: &str) -> Result<(), LedgerError> {
        if self.units.contains_key(unit) {
            Ok(())
        } else {
            Err(LedgerError::UnknownUnit {
                point: point.to_owned(),
                unit: unit.to_owned(),
                known: self.units.keys().cloned().collect::<Vec<_>>().join(", "),
            })
        }
    }

    fn due_from(
        &self,
        point: &str,
        category: &str,
        at: DateTime<Tz>,
    ) -> Result<DateTime<Tz>, LedgerError> {
        let limit = self
            .categories
            .get(category)
            .map_or(DEFAULT_TIME_LIMIT, |c| c.2);
        let due = match limit {
            TimeLimit::WorkingDays(n) => self.calendar.due_after_working_days(at, n),
            TimeLimit::WorkingHours(n) => self.calendar.add_working_hours(at, n),
        };
        due.map_err(|source| LedgerError::Calendar {
            point: point.to_owned(),
            source,
        })
    }

    /// Apply one event: check it against the point's state, then record it.
    #[allow(clippy::too_many_lines)] // the transition table reads best as one match
    pub fn apply(&mut self, event: LedgerEvent) -> Result<(), LedgerError> {
        use Status as S;
        let at = event.at.with_timezone(&self.tz);
        if let Action::FormReceived { form } = &event.action {
            self.receive(form, at)?;
            self.events.push(event);
            return Ok(());
        }
        let point = event.action.point().unwrap_or_default().to_owned();
        let case = self
            .cases
            .get(&point)
            .ok_or_else(|| LedgerError::UnknownPoint {
                point: point.clone(),
            })?;
        if let Some(last) = case.history.last().filter(|h| h.at > at) {
            return Err(LedgerError::OutOfOrder {
                point,
                at: at.to_rfc3339(),
                previous: last.at.to_rfc3339(),
            });
        }
        let mut next = case.clone();
        let illegal = |hint: &'static str| LedgerError::IllegalTransition {
            point: point.clone(),
            state: case.status.code(),
            action: event.action.code(),
            hint,
        };
        match &event.action {
            Action::FormReceived { .. } => {}
            Action::AnsweredOnSpot { answer, unit, .. } => {
                if case.status != S::Received {
                    return Err(illegal(
                        "only a point not yet triaged can be answered on the spot",
                    ));
                }
                self.unit_ok(&point, unit)?;
                next.unit = Some(unit.clone());
                next.filed_at = Some(at);
                next.resolved_at = Some(at);
                next.outcome = Some(answer.clone());
                next.informed_at = Some(at);
                next.status = S::Closed;
            }
            Action::Filed { unit, .. } => {
                if case.status != S::Received {
                    return Err(illegal("a point is filed once, when it is triaged"));
                }
                let unit = unit.clone().or_else(|| {
                    self.categories
                        .get(&case.category)
                        .and_then(|c| c.1.clone())
                });
                if let Some(u) = &unit {
                    self.unit_ok(&point, u)?;
                }
                next.due = Some(self.due_from(&point, &case.category, at)?);
                next.filed_at = Some(at);
                next.status = if unit.is_some() {
                    S::Assigned
                } else {
                    S::Filed
                };
                next.unit = unit;
            }
            Action::Assigned { unit, assignee, .. } => {
                if !matches!(case.status, S::Filed | S::Returned | S::Assigned) {
                    return Err(illegal(
                        "only a filed, returned or assigned point can be (re)assigned",
                    ));
                }
                self.unit_ok(&point, unit)?;
                next.unit = Some(unit.clone());
                next.assignee.clone_from(assignee);
                next.status = S::Assigned;
            }
            Action::Started { .. } => {
                if case.status != S::Assigned {
                    return Err(illegal("work starts on an assigned point"));
                }
                next.status = S::InProgress;
            }
            Action::Returned { .. } => {
                if !matches!(case.status, S::Assigned | S::InProgress) {
                    return Err(illegal("only the unit holding a point can return it"));
                }
                next.status = S::Returned;
                next.assignee = None;
            }
            Action::ExtensionRequested { working_days, .. } => {
                if !matches!(case.status, S::Assigned | S::InProgress)
                    || case.extension_pending.is_some()
                {
                    return Err(illegal(
                        "an extension is requested by the unit handling the point, one at a time",
                    ));
                }
                next.extension_pending = Some(*working_days);
            }
            Action::ExtensionGranted { .. } => {
                let Some(days) = case.extension_pending else {
                    return Err(illegal("grant an extension after it was requested"));
                };
                let due = case.due.unwrap_or(at);
                let moved = self
                    .calendar
                    .add_working_days(due.date_naive(), days)
                    .map_err(|source| LedgerError::Calendar {
                        point: point.clone(),
                        source,
                    })?;
                next.due = crate::time::resolve_local(self.tz, moved, due.time()).earliest();
                next.extension_pending = None;
            }
            Action::Resolved { result, .. } => {
                if case.status != S::InProgress {
                    return Err(illegal(
                        "a point is resolved while in progress (start it first)",
                    ));
                }
                next.status = S::Resolved;
                next.resolved_at = Some(at);
                next.outcome = Some(result.clone());
                next.extension_pending = None;
            }
            Action::Verified { ok, .. } => {
                if case.status != S::Resolved {
                    return Err(illegal("only a resolved point is verified"));
                }
                next.status = if *ok { S::Verified } else { S::InProgress };
            }
            Action::Shelved { explanation, .. } => {
                if !case.status.is_open_work() {
                    return Err(illegal("only a point still being handled can be shelved"));
                }
                next.status = S::Shelved;
                next.resolved_at = Some(at);
                next.outcome = Some(explanation.clone());
                next.extension_pending = None;
            }
            Action::CitizenInformed { .. } => {
                if case.anonymous {
                    return Err(illegal(
                        "the point is anonymous: close it with closed_anonymous",
                    ));
                }
                if !matches!(case.status, S::Verified | S::Shelved) {
                    return Err(illegal(
                        "the citizen is told once the result is verified or the point shelved",
                    ));
                }
                next.status = S::Closed;
                next.informed_at = Some(at);
            }
            Action::ClosedAnonymous { .. } => {
                if !case.anonymous {
                    return Err(illegal(
                        "the point has a citizen to inform: record citizen_informed",
                    ));
                }
                if !matches!(case.status, S::Verified | S::Shelved) {
                    return Err(illegal(
                        "an anonymous point is closed once verified or shelved",
                    ));
                }
                next.status = S::Closed;
                next.informed_at = Some(at);
            }
            Action::Reopened { .. } => {
                if case.status != S::Closed {
                    return Err(illegal("only a closed point can be reopened"));
                }
                next.status = if next.unit.is_some() {
                    S::Assigned
                } else {
                    S::Filed
                };
                next.due = Some(self.due_from(&point, &case.category, at)?);
                next.resolved_at = None;
                next.informed_at = None;
                next.reopened += 1;
            }
        }
        next.history.push(HistoryEntry {
            at,
            actor: event.actor.clone(),
            action: event.action.code(),
            status: next.status,
        });
        self.cases.insert(point, next);
        self.events.push(event);
        Ok(())
    }

    fn receive(&mut self, form: &OpinionForm, at: DateTime<Tz>) -> Result<(), LedgerError> {
        if self.forms.contains_key(&form.id) {
            return Err(LedgerError::DuplicateForm {
                form: form.id.clone(),
            });
        }
        for (i, p) in form.points.iter().enumerate() {
            let id = format!("{}-{}", form.id, i + 1);
            if !self.categories.contains_key(&p.category) {
                return Err(LedgerError::UnknownCategory {
                    point: id,
                    category: p.category.clone(),
                    known: self
                        .categories
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        for (i, p) in form.points.iter().enumerate() {
            let id = format!("{}-{}", form.id, i + 1);
            self.cases.insert(
                id.clone(),
                Case {
                    id,
                    form: form.id.clone(),
                    category: p.category.clone(),
                    text: p.text.clone(),
                    place: p.place.clone(),
                    anonymous: form.participant.is_none(),
                    contact: form.contact,
                    status: Status::Received,
                    unit: None,
                    assignee: None,
                    received_at: at,
                    filed_at: None,
                    due: None,
                    resolved_at: None,
                    outcome: None,
                    informed_at: None,
                    extension_pending: None,
                    reopened: 0,
                    history: vec![HistoryEntry {
                        at,
                        actor: String::new(),
                        action: "form_received",
                        status: Status::Received,
                    }],
                },
            );
        }
        self.forms.insert(form.id.clone(), form.clone());
        Ok(())
    }

    /// The form a point came from.
    pub fn form(&self, id: &str) -> Option<&OpinionForm> {
        self.forms.get(id)
    }
}
