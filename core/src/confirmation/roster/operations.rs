//! The operations that add entries: each builds its entries, checks them
//! on a copy of the roster, journals them, and only then applies them.

use chrono::{DateTime, FixedOffset};

use crate::confirmation::{
    AtDeadline, CallOutcome, Entry, Event, ReleaseReason, RosterError, Shortfall, Status, WalkIns,
};
use crate::itinerary::ActualTimes;
use crate::journal::MemoryJournal;
use crate::ledger::LedgerEvent;
use crate::screening::ScreeningReport;
use crate::selection::{self, DrawRecord};

use super::Roster;

impl Roster {
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
        if self.policy.at_deadline == AtDeadline::Keep {
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
