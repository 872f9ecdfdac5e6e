//! The fold: each journal entry applied to the roster, or refused with
//! the person, their state and the step.

use std::collections::BTreeMap;

use chrono::Duration;

use crate::confirmation::{CallOutcome, Entry, Event, ReleaseReason, RosterError, Status, WalkIns};

use super::{Person, Roster};

/// A person's entry, to change it (borrows only the people, so the rest of
/// the roster stays free to change alongside).
fn person_mut<'a>(
    people: &'a mut BTreeMap<String, Person>,
    id: &str,
) -> Result<&'a mut Person, RosterError> {
    people.get_mut(id).ok_or_else(|| RosterError::Unknown {
        person: id.to_owned(),
    })
}

impl Roster {
    pub(super) fn state(&self, id: &str) -> Result<&Person, RosterError> {
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
                let p = person_mut(&mut self.people, person)?;
                p.calls.push(super::Call {
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
                let p = person_mut(&mut self.people, person)?;
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
                let p = person_mut(&mut self.people, person)?;
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
                let p = person_mut(&mut self.people, person)?;
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
}
