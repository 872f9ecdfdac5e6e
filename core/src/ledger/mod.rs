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
//!
//! Where each part lives: `events` (opinion forms, [`LedgerEvent`] and its
//! [`Action`]s), `case` (a point's [`Status`] and history), `error`
//! ([`LedgerError`]), this module (the [`Ledger`], a fold over events),
//! `book` (a ledger kept in a journal), `report` (reports and exports).

mod book;
mod case;
mod error;
mod events;
mod report;

use std::collections::BTreeMap;

use chrono::DateTime;
use chrono_tz::Tz;

pub use book::LedgerBook;
pub use case::{Case, HistoryEntry, Status};
pub use error::LedgerError;
pub use events::{Action, ContactPreference, LedgerEvent, OpinionForm, PointInput};
pub use report::{CategoryRow, LedgerReport, OverdueRow, ReplyRow, UnitRow};

use crate::calendar::WorkCalendar;
use crate::plan::Plan;
use crate::plan::feedback::TimeLimit;

/// Default handling limit for categories without one in the plan.
pub const DEFAULT_TIME_LIMIT: TimeLimit = TimeLimit::WorkingDays(15);

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
