//! Confirmation, replacements and check-in for JavaScript, with the journal
//! in memory and exported or imported as JSON Lines text.

// wasm-bindgen extracts arguments as owned values.
#![allow(clippy::needless_pass_by_value)]

use crate::time::instant_text;
use openday::confirmation::{CallOutcome, Directory, Entry, Roster as CoreRoster};
use openday::journal;
use openday::mask::Masking;
use wasm_bindgen::prelude::*;

use crate::errors::value_error;
use crate::plan::{Plan, to_js};
use crate::screening::{ScreeningReport, camel_js};
use crate::selection::{Pool, Targets};

fn masking(unmasked: Option<bool>) -> Masking {
    if unmasked == Some(true) {
        Masking::Unmasked
    } else {
        Masking::Masked
    }
}

/// Who was drawn, called, seated and came, folded from its journal (kept
/// in memory; `exportJournal` / `Roster.importJournal` move it as text).
#[wasm_bindgen]
pub struct Roster {
    pub(crate) roster: CoreRoster,
    plan: openday::Plan,
}

impl From<Roster> for CoreRoster {
    fn from(r: Roster) -> Self {
        r.roster
    }
}

#[wasm_bindgen]
impl Roster {
    /// An empty roster for the plan's open day.
    ///
    /// Throws `PlanValidationError` when the plan's confirmation section has
    /// errors.
    #[wasm_bindgen(constructor)]
    pub fn new(plan: &Plan, pool: &Pool, targets: &Targets) -> Result<Roster, JsValue> {
        let roster = CoreRoster::new(plan.inner(), pool.inner().clone(), targets.inner().clone())
            .map_err(crate::errors::error)?;
        Ok(Self {
            roster,
            plan: plan.inner().clone(),
        })
    }

    /// A roster replayed from journal text (JSON Lines); a torn last line
    /// is dropped. Throws `JournalError` or `RosterError`.
    #[wasm_bindgen(js_name = importJournal)]
    pub fn import_journal(
        plan: &Plan,
        pool: &Pool,
        targets: &Targets,
        text: &str,
    ) -> Result<Roster, JsValue> {
        let (entries, _) =
            journal::from_json_lines::<Entry>(text, "journal").map_err(crate::errors::error)?;
        Self::from_entries(plan, pool, targets, &entries)
    }

    /// The roster after `entries` (the one replay behind `importJournal`
    /// and `replay`).
    fn from_entries(
        plan: &Plan,
        pool: &Pool,
        targets: &Targets,
        entries: &[Entry],
    ) -> Result<Roster, JsValue> {
        let roster = CoreRoster::replay(
            plan.inner(),
            pool.inner().clone(),
            targets.inner().clone(),
            entries,
        )
        .map_err(crate::errors::error)?;
        Ok(Self {
            roster,
            plan: plan.inner().clone(),
        })
    }

    /// A roster rebuilt from journal entries (as `entries()` gives them);
    /// a draw record among them is verified against `pool` and `targets`.
    /// Throws `RosterError` naming the first entry that does not apply.
    pub fn replay(
        plan: &Plan,
        pool: &Pool,
        targets: &Targets,
        #[wasm_bindgen(unchecked_param_type = "JournalEntry[]")] entries: JsValue,
    ) -> Result<Roster, JsValue> {
        let entries: Vec<Entry> = serde_wasm_bindgen::from_value(entries)
            .map_err(|e| value_error(&format!("entries: {e}")))?;
        Self::from_entries(plan, pool, targets, &entries)
    }

    /// The post-event summary (活动总结) as of `asOf`, with who came from
    /// this roster: see `review`.
    #[wasm_bindgen(unchecked_return_type = "Review")]
    pub fn review(
        &self,
        plan: &Plan,
        report: &crate::screening::ScreeningReport,
        draw: &crate::selection::Draw,
        ledger: &crate::ledger::Ledger,
        as_of: &str,
    ) -> Result<JsValue, JsValue> {
        let attendance = self.roster.attendance();
        crate::notices::review_with(
            plan,
            report,
            draw,
            ledger,
            as_of,
            (Some(&attendance), self.roster.day()),
        )
    }

    /// The journal as JSON Lines text (header line first).
    #[wasm_bindgen(js_name = exportJournal)]
    pub fn export_journal(&self) -> Result<String, JsValue> {
        journal::to_json_lines(self.roster.entries()).map_err(crate::errors::error)
    }

    /// The confirmation deadline (ISO 8601).
    #[wasm_bindgen(getter)]
    pub fn deadline(&self) -> String {
        self.roster.deadline().to_rfc3339()
    }

    /// Records the draw (`draw.record()`).
    #[wasm_bindgen(unchecked_return_type = "JournalEntry[]")]
    pub fn drawn(
        &mut self,
        at: &str,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "DrawRecord")] record: JsValue,
    ) -> Result<JsValue, JsValue> {
        let record = serde_wasm_bindgen::from_value(record)
            .map_err(|e| value_error(&format!("record: {e}")))?;
        self.roster
            .drawn(instant_text(at, "at")?, actor, &record)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// Logs a call: `outcome` is `"confirmed"`, `"no_answer"`, `"busy"`,
    /// `"wrong_number"`, or `{ outcome: "declined", reason }` /
    /// `{ outcome: "call_back", at }`. Gives the new journal entries.
    #[wasm_bindgen(unchecked_return_type = "JournalEntry[]")]
    pub fn call(
        &mut self,
        at: &str,
        actor: &str,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "CallOutcomeInput")] outcome: JsValue,
        note: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let outcome: CallOutcome = match outcome.as_string() {
            Some(name) => name.parse().map_err(|e: String| value_error(&e))?,
            None => serde_wasm_bindgen::from_value(outcome)
                .map_err(|e| value_error(&format!("outcome: {e}")))?,
        };
        self.roster
            .call(instant_text(at, "at")?, actor, person, outcome, note)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// At or after the deadline: releases unconfirmed seats.
    #[wasm_bindgen(js_name = releaseDue, unchecked_return_type = "JournalEntry[]")]
    pub fn release_due(&mut self, at: &str, actor: &str) -> Result<JsValue, JsValue> {
        self.roster
            .release_due(instant_text(at, "at")?, actor)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// Checks in a confirmed person (late after the check-in segment).
    #[wasm_bindgen(js_name = checkIn, unchecked_return_type = "JournalEntry[]")]
    pub fn check_in(&mut self, at: &str, actor: &str, person: &str) -> Result<JsValue, JsValue> {
        self.roster
            .check_in(instant_text(at, "at")?, actor, person)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// Records someone not on the list (admitted or refused by policy).
    #[wasm_bindgen(js_name = walkIn, unchecked_return_type = "JournalEntry[]")]
    pub fn walk_in(&mut self, at: &str, actor: &str, label: &str) -> Result<JsValue, JsValue> {
        self.roster
            .walk_in(instant_text(at, "at")?, actor, label)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// Closes check-in; confirmed people who did not come become no-shows.
    #[wasm_bindgen(js_name = closeCheckIn, unchecked_return_type = "JournalEntry[]")]
    pub fn close_check_in(&mut self, at: &str, actor: &str) -> Result<JsValue, JsValue> {
        self.roster
            .close_check_in(instant_text(at, "at")?, actor)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// Records that a segment of the day ended (`{ segment, endedAt,
    /// startedAt? }`), in itinerary order, each once; throws `ReplanError`
    /// otherwise.
    #[wasm_bindgen(js_name = segmentEnded, unchecked_return_type = "JournalEntry[]")]
    pub fn segment_ended(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ActualTimes")] actual: &JsValue,
        actor: &str,
    ) -> Result<JsValue, JsValue> {
        let actual = crate::itinerary::actual_times(actual)?;
        self.roster
            .segment_ended(actual, actor)
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// The day re-planned from the segments ended so far (as
    /// `plan.replan` gives it), or `undefined` before a segment has ended.
    #[wasm_bindgen(unchecked_return_type = "Replanned | undefined")]
    pub fn day(&self) -> Result<JsValue, JsValue> {
        self.roster
            .day()
            .map_or(Ok(JsValue::UNDEFINED), crate::itinerary::replanned_js)
    }

    /// The journal entries (their JSON form).
    #[wasm_bindgen(unchecked_return_type = "JournalEntry[]")]
    pub fn entries(&self) -> JsValue {
        to_js(self.roster.entries())
    }

    /// Everyone with status, seat and calls.
    #[wasm_bindgen(unchecked_return_type = "Person[]")]
    pub fn people(&self) -> JsValue {
        camel_js(&self.roster.people().collect::<Vec<_>>())
    }

    /// Who to call next as of `at` (names and phones masked unless
    /// `unmasked`).
    #[wasm_bindgen(js_name = callSheet, unchecked_return_type = "CallSheetRow[]")]
    pub fn call_sheet(
        &self,
        at: &str,
        report: &ScreeningReport,
        unmasked: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        let directory = Directory::from_screening(report.inner(), &self.plan);
        Ok(camel_js(&self.roster.call_sheet(
            instant_text(at, "at")?,
            &directory,
            masking(unmasked),
        )))
    }

    /// Records the screening (counts only). Gives the new journal entries.
    #[wasm_bindgen(unchecked_return_type = "JournalEntry[]")]
    pub fn screened(
        &mut self,
        at: &str,
        actor: &str,
        report: &ScreeningReport,
    ) -> Result<JsValue, JsValue> {
        self.roster
            .screened(instant_text(at, "at")?, actor, report.inner())
            .map(|e| to_js(&e))
            .map_err(crate::errors::error)
    }

    /// Who confirmed, by name (masked unless asked).
    #[wasm_bindgen(js_name = confirmedRoster, unchecked_return_type = "RosterRow[]")]
    pub fn confirmed_roster(&self, report: &ScreeningReport, unmasked: Option<bool>) -> JsValue {
        let directory = Directory::from_screening(report.inner(), &self.plan);
        camel_js(&self.roster.confirmed_roster(&directory, masking(unmasked)))
    }

    /// The check-in list by name (masked unless asked).
    #[wasm_bindgen(js_name = checkInList, unchecked_return_type = "RosterRow[]")]
    pub fn check_in_list(&self, report: &ScreeningReport, unmasked: Option<bool>) -> JsValue {
        let directory = Directory::from_screening(report.inner(), &self.plan);
        camel_js(&self.roster.check_in_list(&directory, masking(unmasked)))
    }

    /// Who came against the quotas.
    #[wasm_bindgen(unchecked_return_type = "Attendance")]
    pub fn attendance(&self) -> JsValue {
        camel_js(&self.roster.attendance())
    }
}
