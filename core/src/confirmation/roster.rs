//! The roster: a fold over journal entries, and the operations that add
//! them.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;

use super::{
    CallOutcome, ConfirmationPolicy, Entry, Event, ReleaseReason, RosterError, Shortfall, Status,
    WalkIns,
};
use crate::itinerary::{ActualTimes, Replanned, SegmentKind};
use crate::journal::{JournalStore, MemoryJournal};
use crate::ledger::LedgerEvent;
use crate::plan::Plan;
use crate::screening::ScreeningReport;
use crate::selection::{self, DrawRecord, Pool, Targets};

/// One call as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The operator.
    pub actor: String,
    /// What came of it.
    pub outcome: CallOutcome,
}

/// A person on the list or the reserve list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Pool id (a pseudonym).
    pub id: String,
    /// Where they are in the lifecycle.
    pub status: Status,
    /// The seat they hold (1-based).
    pub seat: Option<u32>,
    /// Position on the reserve list (0-based), for reserves.
    pub reserve_rank: Option<usize>,
    /// Whose released seat they were offered.
    pub replaces: Option<String>,
    /// Calls so far.
    pub calls: Vec<Call>,
    /// When they checked in.
    pub checked_in_at: Option<DateTime<FixedOffset>>,
    /// Whether they came after the check-in segment ended.
    pub late: bool,
}

impl Person {
    fn new(id: &str, status: Status) -> Self {
        Self {
            id: id.to_owned(),
            status,
            seat: None,
            reserve_rank: None,
            replaces: None,
            calls: Vec::new(),
            checked_in_at: None,
            late: false,
        }
    }

    /// Calls that did not reach a decision (no answer, busy, call back).
    pub fn open_attempts(&self) -> u32 {
        let n = self
            .calls
            .iter()
            .filter(|c| {
                matches!(
                    c.outcome,
                    CallOutcome::NoAnswer | CallOutcome::Busy | CallOutcome::CallBack { .. }
                )
            })
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// Who was drawn, called, seated and came: the fold of a journal.
pub struct Roster {
    pool: Pool,
    targets: Targets,
    policy: ConfirmationPolicy,
    deadline: DateTime<FixedOffset>,
    check_in_opens: DateTime<FixedOffset>,
    check_in_ends: DateTime<FixedOffset>,
    check_in_closes: DateTime<FixedOffset>,
    people: BTreeMap<String, Person>,
    seats: BTreeMap<u32, String>,
    reserves: Vec<String>,
    drawn_panel: Vec<String>,
    entries: Vec<Entry>,
    closed: bool,
    walk_ins: Vec<(String, bool)>,
    /// The plan, for the segments' actual times.
    plan: std::sync::Arc<Plan>,
    /// Segments ended so far, in itinerary order.
    actuals: Vec<ActualTimes>,
    /// The day re-planned from `actuals` (none before a segment ends).
    day: Option<Replanned>,
    store: Box<dyn JournalStore<Entry> + Send + Sync>,
}

impl std::fmt::Debug for Roster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roster")
            .field("entries", &self.entries.len())
            .field("seated", &self.seats.len())
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

impl Roster {
    /// A roster for the plan's open day over `pool` and `targets`, keeping
    /// its journal in memory.
    ///
    /// # Errors
    /// [`RosterError::PlanBlocked`] when the plan's confirmation section has
    /// errors (a deadline before the beginning of time, say).
    pub fn new(plan: &Plan, pool: Pool, targets: Targets) -> Result<Self, RosterError> {
        Self::open(plan, pool, targets, Box::new(MemoryJournal::default()))
    }

    /// A roster whose journal is `store`: the store's records are replayed
    /// first (an error names the first entry that does not apply), and
    /// every new entry is appended to it before the roster changes.
    pub fn open(
        plan: &Plan,
        pool: Pool,
        targets: Targets,
        store: Box<dyn JournalStore<Entry> + Send + Sync>,
    ) -> Result<Self, RosterError> {
        let blocking = plan.blocking(crate::plan::Stage::Confirmation);
        if !blocking.is_empty() {
            return Err(RosterError::PlanBlocked {
                problems: blocking.into_iter().cloned().collect(),
            });
        }
        let existing = store.records().to_vec();
        let mut roster = Self::empty(plan, pool, targets, store)?;
        for entry in existing {
            roster.verify_draw(&entry)?;
            roster.apply(entry)?;
        }
        Ok(roster)
    }

    /// A draw record in the journal must be the draw of this pool and these
    /// targets: a panel member swapped in the journal is refused on replay.
    fn verify_draw(&self, entry: &Entry) -> Result<(), RosterError> {
        if let Event::Drawn { record } = &entry.event {
            selection::verify(record, &self.pool, &self.targets).map_err(|e| {
                RosterError::Journal {
                    seq: entry.seq,
                    message: format!(
                        "the draw record does not verify against the pool and targets: {e}"
                    ),
                }
            })?;
        }
        Ok(())
    }

    /// The state after `entries`, in memory.
    pub fn replay(
        plan: &Plan,
        pool: Pool,
        targets: Targets,
        entries: &[Entry],
    ) -> Result<Self, RosterError> {
        let mut roster = Self::new(plan, pool, targets)?;
        for entry in entries {
            roster.verify_draw(entry)?;
            roster.apply(entry.clone())?;
        }
        Ok(roster)
    }

    fn empty(
        plan: &Plan,
        pool: Pool,
        targets: Targets,
        store: Box<dyn JournalStore<Entry> + Send + Sync>,
    ) -> Result<Self, RosterError> {
        let doc = plan.document();
        let policy = doc.confirmation.clone().unwrap_or_default();
        let start = plan.starts_at().fixed_offset();
        // The plan's checks bound these; checked all the same, so a plan
        // that slipped past them is refused rather than a panic.
        let out_of_range = |field: &str| RosterError::PlanBlocked {
            problems: vec![crate::plan::Problem::new(
                format!("confirmation.{field}"),
                crate::plan::ProblemCode::OutOfRange,
                format!(
                    "confirmation.{field} puts a time outside the calendar; give a smaller value"
                ),
                format!("confirmation.{field} 超出日期范围，请填写较小的数值"),
            )],
        };
        let deadline = match policy.deadline {
            Some(d) => d,
            None => start
                .checked_sub_signed(Duration::hours(i64::from(
                    policy.deadline_hours_before_start,
                )))
                .ok_or_else(|| out_of_range("deadline_hours_before_start"))?,
        };
        let check_in = plan
            .timetable()
            .segments
            .iter()
            .find(|s| s.kind == SegmentKind::CheckIn);
        let (opens, ends) = check_in.map_or((start, start), |s| {
            (s.starts_at.fixed_offset(), s.ends_at.fixed_offset())
        });
        let closes = ends
            .checked_add_signed(Duration::minutes(i64::from(policy.late_minutes)))
            .ok_or_else(|| out_of_range("late_minutes"))?;
        Ok(Self {
            pool,
            targets,
            policy,
            deadline,
            check_in_opens: opens,
            check_in_ends: ends,
            check_in_closes: closes,
            people: BTreeMap::new(),
            seats: BTreeMap::new(),
            reserves: Vec::new(),
            drawn_panel: Vec::new(),
            entries: Vec::new(),
            closed: false,
            walk_ins: Vec::new(),
            plan: std::sync::Arc::new(plan.clone()),
            actuals: Vec::new(),
            day: None,
            store,
        })
    }

    /// The plan's confirmation rules.
    pub fn policy(&self) -> &ConfirmationPolicy {
        &self.policy
    }

    /// The confirmation deadline.
    pub fn deadline(&self) -> DateTime<FixedOffset> {
        self.deadline
    }

    /// When check-in opens, when its segment ends and when late arrivals
    /// stop being accepted.
    pub fn check_in_window(
        &self,
    ) -> (
        DateTime<FixedOffset>,
        DateTime<FixedOffset>,
        DateTime<FixedOffset>,
    ) {
        (
            self.check_in_opens,
            self.check_in_ends,
            self.check_in_closes,
        )
    }

    /// The journal.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Everyone on the list and the reserve list, by id.
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people.values()
    }

    /// One person.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.get(id)
    }

    /// Seat → holder.
    pub fn seats(&self) -> &BTreeMap<u32, String> {
        &self.seats
    }

    /// The panel as drawn.
    pub fn drawn_panel(&self) -> &[String] {
        &self.drawn_panel
    }

    /// Walk-ins: (label, admitted).
    pub fn walk_ins(&self) -> &[(String, bool)] {
        &self.walk_ins
    }

    /// The pool.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The targets.
    pub fn targets(&self) -> &Targets {
        &self.targets
    }

    /// Whether check-in has closed.
    pub fn check_in_closed(&self) -> bool {
        self.closed
    }

    /// The segments ended so far with their actual times, in itinerary
    /// order.
    pub fn actuals(&self) -> &[ActualTimes] {
        &self.actuals
    }

    /// The day re-planned from the segments ended so far: the finished
    /// ones at their actual times, the rest moved or shortened (see
    /// [`crate::itinerary::replan`]). `None` before a segment has ended.
    pub fn day(&self) -> Option<&Replanned> {
        self.day.as_ref()
    }

    fn state(&self, id: &str) -> Result<&Person, RosterError> {
        self.people.get(id).ok_or_else(|| RosterError::Unknown {
            person: id.to_owned(),
        })
    }

    fn illegal(p: &Person, step: &'static str) -> RosterError {
        RosterError::Illegal {
            person: p.id.clone(),
            state: p.status.code(),
            step,
        }
    }

    /// Applies one entry: the fold step. Checks everything an operation
    /// checks, so a tampered journal does not replay.
    #[allow(clippy::too_many_lines)]
    pub fn apply(&mut self, entry: Entry) -> Result<(), RosterError> {
        let seq = self.entries.len() as u64 + 1;
        if entry.seq != seq {
            return Err(RosterError::Journal {
                seq: entry.seq,
                message: format!("expected sequence number {seq}"),
            });
        }
        if let Some(prev) = self.entries.last()
            && entry.at < prev.at
        {
            return Err(RosterError::OutOfOrder {
                seq,
                at: entry.at,
                previous: prev.at,
            });
        }
        let at = entry.at;
        match &entry.event {
            Event::Screened { .. } | Event::Feedback { .. } | Event::Preparation { .. } => {}
            Event::Drawn { record } => {
                if !self.drawn_panel.is_empty() {
                    return Err(RosterError::Journal {
                        seq,
                        message: "a second draw; one journal holds one draw".to_owned(),
                    });
                }
                if record.pool_digest != self.pool.digest() {
                    return Err(RosterError::Journal {
                        seq,
                        message: "the draw record is for another pool".to_owned(),
                    });
                }
                for (i, id) in record.panel.iter().enumerate() {
                    let seat = u32::try_from(i + 1).unwrap_or(u32::MAX);
                    let mut p = Person::new(id, Status::Selected);
                    p.seat = Some(seat);
                    self.seats.insert(seat, id.clone());
                    self.people.insert(id.clone(), p);
                }
                for (rank, id) in record.reserves.iter().enumerate() {
                    let mut p = Person::new(id, Status::Reserve);
                    p.reserve_rank = Some(rank);
                    self.people.insert(id.clone(), p);
                }
                self.drawn_panel.clone_from(&record.panel);
                self.reserves.clone_from(&record.reserves);
            }
            Event::Called {
                person, outcome, ..
            } => {
                if at > self.deadline {
                    return Err(RosterError::Deadline {
                        step: "call",
                        at,
                        deadline: self.deadline,
                    });
                }
                let spacing = Duration::minutes(i64::from(self.policy.min_spacing_minutes));
                let max = self.policy.max_attempts;
                let p = self.state(person)?;
                if !matches!(
                    p.status,
                    Status::Selected | Status::Notified | Status::Offered
                ) {
                    return Err(Self::illegal(p, "call"));
                }
                if let Some(last) = p.calls.last() {
                    let waived = matches!(last.outcome, CallOutcome::CallBack { .. });
                    if !waived && at < last.at + spacing {
                        return Err(RosterError::TooSoon {
                            person: person.clone(),
                            last: last.at,
                            next: last.at + spacing,
                        });
                    }
                }
                if p.open_attempts() >= max {
                    return Err(Self::illegal(p, "call again (maximum attempts reached)"));
                }
                let offered = p.status == Status::Offered;
                let status = match outcome {
                    CallOutcome::Confirmed => Status::Confirmed,
                    CallOutcome::Declined { .. } => Status::Declined,
                    CallOutcome::WrongNumber => Status::Unreachable,
                    _ if offered => Status::Offered,
                    _ => Status::Notified,
                };
                let p = self
                    .people
                    .get_mut(person)
                    .ok_or_else(|| RosterError::Unknown {
                        person: person.clone(),
                    })?;
                p.calls.push(super::roster::Call {
                    at,
                    actor: entry.actor.clone(),
                    outcome: outcome.clone(),
                });
                p.status = status;
                if p.open_attempts() >= max && status != Status::Confirmed {
                    p.status = Status::Unreachable;
                }
            }
            Event::Released { person, reason } => {
                let p = self.state(person)?;
                let ok = match reason {
                    ReleaseReason::Declined => p.status == Status::Declined,
                    ReleaseReason::Unreachable => p.status == Status::Unreachable,
                    ReleaseReason::Deadline => {
                        at >= self.deadline
                            && matches!(
                                p.status,
                                Status::Selected
                                    | Status::Notified
                                    | Status::Offered
                                    | Status::Declined
                                    | Status::Unreachable
                            )
                    }
                };
                if !ok || p.seat.is_none() {
                    return Err(Self::illegal(p, "release the seat"));
                }
                let p = self
                    .people
                    .get_mut(person)
                    .ok_or_else(|| RosterError::Unknown {
                        person: person.clone(),
                    })?;
                if let Some(seat) = p.seat.take() {
                    self.seats.remove(&seat);
                }
                p.status = Status::Released;
            }
            Event::Offered {
                person,
                seat,
                replaces,
                ..
            } => {
                let p = self.state(person)?;
                if p.status != Status::Reserve {
                    return Err(Self::illegal(p, "offer a seat"));
                }
                if let Some(holder) = self.seats.get(seat) {
                    return Err(RosterError::Journal {
                        seq,
                        message: format!("seat {seat} is held by {holder}"),
                    });
                }
                let p = self
                    .people
                    .get_mut(person)
                    .ok_or_else(|| RosterError::Unknown {
                        person: person.clone(),
                    })?;
                p.status = Status::Offered;
                p.seat = Some(*seat);
                p.replaces = Some(replaces.clone());
                self.seats.insert(*seat, person.clone());
            }
            Event::LeftEmpty { seat, .. } => {
                if let Some(holder) = self.seats.get(seat) {
                    return Err(RosterError::Journal {
                        seq,
                        message: format!("seat {seat} is held by {holder}"),
                    });
                }
            }
            Event::CheckedIn { person, late } => {
                if self.closed || at < self.check_in_opens || at > self.check_in_closes {
                    return Err(RosterError::CheckInWindow {
                        at,
                        opens: self.check_in_opens,
                        closes: self.check_in_closes,
                    });
                }
                let p = self.state(person)?;
                if p.status != Status::Confirmed {
                    return Err(Self::illegal(p, "check in"));
                }
                if *late != (at > self.check_in_ends) {
                    return Err(RosterError::Journal {
                        seq,
                        message: "the late flag does not match the time".to_owned(),
                    });
                }
                let p = self
                    .people
                    .get_mut(person)
                    .ok_or_else(|| RosterError::Unknown {
                        person: person.clone(),
                    })?;
                p.status = Status::CheckedIn;
                p.checked_in_at = Some(at);
                p.late = *late;
            }
            Event::WalkIn { label, admitted } => {
                if self.closed {
                    return Err(RosterError::CheckInWindow {
                        at,
                        opens: self.check_in_opens,
                        closes: self.check_in_closes,
                    });
                }
                if *admitted != (self.policy.walk_ins == WalkIns::Admit) {
                    return Err(RosterError::Journal {
                        seq,
                        message: "the walk-in decision does not follow the policy".to_owned(),
                    });
                }
                self.walk_ins.push((label.clone(), *admitted));
            }
            Event::SegmentEnded { actual } => {
                let mut actuals = self.actuals.clone();
                actuals.push(actual.clone());
                self.day = Some(crate::itinerary::replan(&self.plan, &actuals)?);
                self.actuals = actuals;
            }
            Event::CheckInClosed => {
                if self.closed || at < self.check_in_opens {
                    return Err(RosterError::CheckInWindow {
                        at,
                        opens: self.check_in_opens,
                        closes: self.check_in_closes,
                    });
                }
                self.closed = true;
                for p in self.people.values_mut() {
                    if p.status == Status::Confirmed {
                        p.status = Status::NoShow;
                    }
                }
            }
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Applies `events` to a copy first, then appends them to the store,
    /// then to this roster: nothing changes unless the store has them.
    fn commit(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        events: Vec<Event>,
    ) -> Result<Vec<Entry>, RosterError> {
        let mut entries = Vec::with_capacity(events.len());
        let base = self.entries.len() as u64;
        for (i, event) in events.into_iter().enumerate() {
            entries.push(Entry {
                seq: base + i as u64 + 1,
                at,
                actor: actor.to_owned(),
                event,
            });
        }
        let mut trial = self.shadow();
        for e in &entries {
            trial.apply(e.clone())?;
        }
        for e in &entries {
            self.store.append(e)?;
        }
        for e in &entries {
            self.apply(e.clone())?;
        }
        Ok(entries)
    }

    /// A copy of the state with a throw-away store.
    fn shadow(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            targets: self.targets.clone(),
            policy: self.policy.clone(),
            deadline: self.deadline,
            check_in_opens: self.check_in_opens,
            check_in_ends: self.check_in_ends,
            check_in_closes: self.check_in_closes,
            people: self.people.clone(),
            seats: self.seats.clone(),
            reserves: self.reserves.clone(),
            drawn_panel: self.drawn_panel.clone(),
            entries: self.entries.clone(),
            closed: self.closed,
            walk_ins: self.walk_ins.clone(),
            plan: std::sync::Arc::clone(&self.plan),
            actuals: self.actuals.clone(),
            day: self.day.clone(),
            store: Box::new(MemoryJournal::default()),
        }
    }

    /// Records a screening (counts only).
    pub fn screened(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        report: &ScreeningReport,
    ) -> Result<Vec<Entry>, RosterError> {
        let c = report.counts();
        self.commit(
            at,
            actor,
            vec![Event::Screened {
                source: report.source.clone(),
                rows: c.rows,
                eligible: c.eligible,
            }],
        )
    }

    /// Records the draw: its panel takes seats 1..k in order, its reserves
    /// wait in order.
    pub fn drawn(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        record: &DrawRecord,
    ) -> Result<Vec<Entry>, RosterError> {
        let event = Event::Drawn {
            record: record.clone(),
        };
        self.verify_draw(&Entry {
            seq: 0,
            at,
            actor: actor.to_owned(),
            event: event.clone(),
        })?;
        self.commit(at, actor, vec![event])
    }

    /// Logs a call. A decline, a wrong number or the last unanswered
    /// attempt releases the seat, which goes to the first reserve whose
    /// entry keeps every quota (or per the plan's shortfall rule).
    pub fn call(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        person: &str,
        outcome: CallOutcome,
        note: Option<String>,
    ) -> Result<Vec<Entry>, RosterError> {
        let mut trial = self.shadow();
        let called = Event::Called {
            person: person.to_owned(),
            outcome,
            note,
        };
        trial.apply(Entry {
            seq: trial.entries.len() as u64 + 1,
            at,
            actor: actor.to_owned(),
            event: called.clone(),
        })?;
        let mut events = vec![called];
        let after = trial.state(person)?;
        let reason = match after.status {
            Status::Declined => Some(ReleaseReason::Declined),
            Status::Unreachable => Some(ReleaseReason::Unreachable),
            _ => None,
        };
        if let (Some(reason), Some(seat)) = (reason, after.seat) {
            events.push(Event::Released {
                person: person.to_owned(),
                reason,
            });
            let mut held: Vec<String> = trial.seats.values().cloned().collect();
            held.sort();
            events.push(self.refill(&held, person, seat)?);
        }
        self.commit(at, actor, events)
    }

    /// Who takes `seat` that `leaving` frees, `panel` being the seat
    /// holders including `leaving`.
    fn refill(&self, panel: &[String], leaving: &str, seat: u32) -> Result<Event, RosterError> {
        let waiting: Vec<String> = self
            .reserves
            .iter()
            .filter(|r| {
                self.people
                    .get(*r)
                    .is_some_and(|p| p.status == Status::Reserve)
            })
            .cloned()
            .collect();
        let found = selection::replacement(&self.pool, &self.targets, panel, leaving, &waiting)?;
        Ok(match found {
            Some(r) if r.keeps_quotas || self.policy.shortfall == Shortfall::BestEffort => {
                Event::Offered {
                    person: r.id,
                    seat,
                    replaces: leaving.to_owned(),
                    keeps_quotas: r.keeps_quotas,
                    gaps: r.gaps,
                }
            }
            Some(r) => Event::LeftEmpty {
                seat,
                replaces: leaving.to_owned(),
                gaps: r.gaps,
            },
            None => Event::LeftEmpty {
                seat,
                replaces: leaving.to_owned(),
                gaps: Vec::new(),
            },
        })
    }

    /// At or after the deadline: releases every seat whose holder has not
    /// confirmed (when the plan says so; nothing happens otherwise).
    pub fn release_due(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<Vec<Entry>, RosterError> {
        if at < self.deadline {
            return Err(RosterError::Deadline {
                step: "release unconfirmed seats",
                at,
                deadline: self.deadline,
            });
        }
        if self.policy.at_deadline == super::AtDeadline::Keep {
            return Ok(Vec::new());
        }
        let events: Vec<Event> = self
            .seats
            .values()
            .filter_map(|id| self.people.get(id))
            .filter(|p| {
                matches!(
                    p.status,
                    Status::Selected | Status::Notified | Status::Offered
                )
            })
            .map(|p| Event::Released {
                person: p.id.clone(),
                reason: ReleaseReason::Deadline,
            })
            .collect();
        if events.is_empty() {
            return Ok(Vec::new());
        }
        self.commit(at, actor, events)
    }

    /// Checks in a confirmed person; after the check-in segment they are
    /// recorded as late, until the plan's late limit.
    pub fn check_in(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        person: &str,
    ) -> Result<Vec<Entry>, RosterError> {
        let late = at > self.check_in_ends;
        self.commit(
            at,
            actor,
            vec![Event::CheckedIn {
                person: person.to_owned(),
                late,
            }],
        )
    }

    /// Records someone not on the list; admitted or refused by the plan's
    /// policy. `label` must not be personal data (a masked name, a ticket).
    pub fn walk_in(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
        label: &str,
    ) -> Result<Vec<Entry>, RosterError> {
        let admitted = self.policy.walk_ins == WalkIns::Admit;
        self.commit(
            at,
            actor,
            vec![Event::WalkIn {
                label: label.to_owned(),
                admitted,
            }],
        )
    }

    /// Closes check-in: confirmed people who did not come become no-shows.
    pub fn close_check_in(
        &mut self,
        at: DateTime<FixedOffset>,
        actor: &str,
    ) -> Result<Vec<Entry>, RosterError> {
        self.commit(at, actor, vec![Event::CheckInClosed])
    }

    /// Records that a segment of the day ended, with its actual times.
    /// Segments end in itinerary order, each once; the entry is dated at
    /// the segment's end (or the last entry's time when that is later).
    ///
    /// # Errors
    /// [`RosterError::Segment`] for an unknown segment, one out of order or
    /// given twice, or an end before its start; nothing is recorded then.
    pub fn segment_ended(
        &mut self,
        actual: ActualTimes,
        actor: &str,
    ) -> Result<Vec<Entry>, RosterError> {
        let at = actual
            .ended_at
            .max(self.entries.last().map_or(actual.ended_at, |e| e.at));
        self.commit(at, actor, vec![Event::SegmentEnded { actual }])
    }

    /// Keeps a feedback-ledger event in the same journal.
    pub fn feedback(&mut self, event: &LedgerEvent) -> Result<Vec<Entry>, RosterError> {
        let at = event.at.max(self.entries.last().map_or(event.at, |e| e.at));
        self.commit(
            at,
            &event.actor,
            vec![Event::Feedback {
                ledger: event.clone(),
            }],
        )
    }
}
