//! The ledger kept in a journal: the same [`Entry`] records the roster
//! writes, so a ledger can live in a journal of its own or share one with
//! the roster, and is replayed from it either way.

use crate::confirmation::{Entry, Event};
use crate::error::Error;
use crate::journal::JournalStore;
use crate::plan::Plan;

use super::{Ledger, LedgerEvent};
use crate::calendar::WorkCalendar;

/// A [`Ledger`] whose every step is checked on a copy, appended to its
/// journal (durable when the store says so), and only then applied: a
/// store failure changes nothing.
///
/// ```
/// use openday::journal::MemoryJournal;
/// use openday::ledger::{LedgerBook, LedgerEvent};
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let cal = openday::calendar::WorkCalendar::china();
/// let mut book = LedgerBook::open(&plan, cal.clone(), Box::new(MemoryJournal::default())).unwrap();
/// let form: LedgerEvent = serde_json::from_value(serde_json::json!({
///     "at": "2025-09-24T18:00:00+08:00", "actor": "办公室",
///     "action": {"action": "form_received", "form": {"id": "F1", "points": [
///         {"category": "parking", "text": "夜间车位紧张"}]}}})).unwrap();
/// book.record(form).unwrap();
/// assert_eq!(book.ledger().cases().count(), 1);
/// assert_eq!(book.entries()[0].seq, 1);
/// ```
pub struct LedgerBook {
    ledger: Ledger,
    store: Box<dyn JournalStore<Entry>>,
}

impl std::fmt::Debug for LedgerBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LedgerBook")
            .field("entries", &self.store.records().len())
            .finish_non_exhaustive()
    }
}

impl LedgerBook {
    /// Open a ledger on `store`, replaying its ledger entries (other
    /// entries of a journal shared with the roster are passed over).
    /// Entries must be numbered 1, 2, 3 … without gaps.
    pub fn open(
        plan: &Plan,
        calendar: WorkCalendar,
        store: Box<dyn JournalStore<Entry>>,
    ) -> Result<Self, Error> {
        Ledger::check_plan(plan)?;
        let mut ledger = Ledger::new(plan, calendar);
        for (i, entry) in store.records().iter().enumerate() {
            let expected = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
            if entry.seq != expected {
                return Err(crate::confirmation::RosterError::Journal {
                    seq: entry.seq,
                    message: format!(
                        "expected entry number {expected}; the journal has a gap or a repeat"
                    ),
                }
                .into());
            }
            if let Event::Feedback { ledger: e } = &entry.event {
                ledger.apply(e.clone())?;
            }
        }
        Ok(Self { ledger, store })
    }

    /// Check, append and apply one ledger step.
    pub fn record(&mut self, event: LedgerEvent) -> Result<(), Error> {
        let mut trial = self.ledger.clone();
        trial.apply(event.clone())?;
        let seq = u64::try_from(self.store.records().len())
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let entry = Entry {
            seq,
            at: event.at,
            actor: event.actor.clone(),
            event: Event::Feedback { ledger: event },
        };
        self.store.append(&entry)?;
        self.ledger = trial;
        Ok(())
    }

    /// The ledger as it stands.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Every journal entry, in order.
    pub fn entries(&self) -> &[Entry] {
        self.store.records()
    }
}
