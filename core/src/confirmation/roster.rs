//! The roster: a fold over journal entries, and the operations that add
//! them.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;

use super::{CallOutcome, ConfirmationPolicy, Entry, Event, RosterError, Status};
use crate::itinerary::{ActualTimes, Replanned, SegmentKind};
use crate::journal::{JournalStore, MemoryJournal};
use crate::plan::Plan;
use crate::selection::{self, Pool, Targets};

mod apply;
mod operations;

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
}
