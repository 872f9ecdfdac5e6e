//! WebAssembly bindings of openday: thin wrappers over the core crate.
//!
//! Names are camelCase, times cross as ISO 8601 strings with offset, plain
//! data crosses as typed objects (see the TypeScript section below), and
//! every core error becomes a JS `Error` with `name`, `code` and details
//! (see [`errors`]). No domain logic lives here.

mod confirmation;
mod errors;
mod export;
mod itinerary;
mod ledger;
mod notices;
mod plan;
mod preparation;
mod registration;
mod screening;
mod selection;
mod time;
mod types;

use wasm_bindgen::prelude::*;

pub use confirmation::Roster;
pub use export::{write_csv, write_xlsx};
pub use itinerary::Postponement;
pub use ledger::{Ledger, WorkCalendar};
pub use notices::{
    postponement_notice, registration_guide, registration_notice, review, selected_list,
    text_messages,
};
pub use plan::{
    Plan, demo_pseudonym_key, example_plan_json, load_plan, plan_schema, validate_plan,
};
pub use preparation::Preparation;
pub use registration::{example_registrations_csv, synthetic_registrations_csv, tally_channels};
pub use screening::{ScreeningReport, check_registrant, screen_csv, screen_records};
pub use selection::{
    Draw, Pool, Targets, draw, outlook, quota_gaps, replacement, seed_commitment,
    synthetic_instance, verify,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A public notice, Chinese and English, as Markdown and one HTML page. */
export interface Notice {
  kind: "registration" | "selected_list" | "postponement";
  titleZh: string;
  titleEn: string;
  markdownZh: string;
  markdownEn: string;
  html: string;
}

/** A text message with its length in SMS segments. */
export interface TextMessage {
  kind: "confirmation" | "reminder";
  text: string;
  chars: number;
  segments: number;
}

/** A preparation step in its journal form (the same JSON in every language). */
export interface PrepEvent {
  /** ISO 8601 with offset. */
  at: string;
  /** A unit or a post. */
  actor: string;
  action:
    | { action: "started"; duty: string }
    | { action: "done"; duty: string; evidence: { document?: string; count?: number; note?: string } }
    | { action: "verified"; duty: string }
    | { action: "reopened"; duty: string; reason: string };
}

/** One thing wrong with a plan. */
export interface Problem {
  /** Path into the plan, e.g. `itinerary[2].duration`. */
  path: string;
  /** Stable code, e.g. `unknown_unit`. */
  code: string;
  /** `error` blocks its stage; `warning` is shown and blocks nothing. */
  severity: "error" | "warning";
  /** The stage an error here blocks (`plan`: everything). */
  stage: "plan" | "draw" | "confirmation" | "follow_up";
  messageEn: string;
  messageZh: string;
}

/** The plan's answer to "does this weather warning postpone the day?". */
export interface WeatherDecision {
  decision: "postpones" | "does_not_postpone" | "not_covered";
  /** Index of the rule in `postponement.weather` that decided it. */
  rule: number | null;
  messageEn: string;
  messageZh: string;
}

/** Vehicles of one kind used for the group. */
export interface VehicleUse {
  vehicle: string;
  seats: number;
  count: number;
}

/** The vehicles the group needs and the legs that use them. */
export interface TransportNeed {
  /** Citizen seats and staff. */
  group: number;
  /** Vehicles to use, largest kinds first; empty when the fleet cannot carry the group. */
  vehicles: VehicleUse[];
  vehicleCount: number;
  /** Seats in the vehicles used. */
  seats: number;
  /** Whether the fleet can carry the group. */
  fits: boolean;
  /** Timetable ids of the legs by the group's vehicles. */
  legs: string[];
  /** Timetable ids of the legs on foot or otherwise. */
  otherLegs: string[];
}

/** A segment of the itinerary placed in time. Times are ISO 8601 with offset. */
export interface ScheduledSegment {
  index: number;
  id: string;
  kind: string;
  title: string;
  venue: string | null;
  startsAt: string;
  endsAt: string;
  approximate: boolean;
  fixedStart: boolean;
  units: string[];
  gapBeforeMinutes: number;
  /** Minutes it may run over before a later fixed start or the day's end is missed. */
  slackMinutes: number;
  /** A travel leg derived from the plan's travel table. */
  derived: boolean;
  /** Recorded (actual) rather than planned times. */
  actual: boolean;
  /** For a travel leg: how it is made. */
  mode: "bus" | "walk" | "other" | null;
  /** Runs after the day's window (a return trip). */
  afterWindow: boolean;
  /** Groups taking turns, each with its slot (empty when the party stays together). */
  turns: Turn[];
}

/** One group's turn at a segment split into groups. */
export interface Turn {
  group: number;
  size: number;
  startsAt: string;
  endsAt: string;
}

/** Recorded times of a finished segment. */
export interface ActualTimes {
  segment: string;
  startedAt?: string | Date;
  endedAt: string | Date;
}

/** A re-planned day. */
export interface Replanned {
  timetable: ScheduledSegment[];
  changes: { segment: string; title: string; shiftMinutes: number; shortenedMinutes: number }[];
  newEnd: string;
  windowHolds: boolean;
  overrunMinutes: number;
}

/** Registrations counted by channel; every row is counted once. */
export interface ChannelTally {
  rows: number;
  byChannel: Record<string, number>;
  unrecognisedRows: number[];
}

/** Rows per bucket; they add up to `rows`. */
export interface BucketCounts {
  rows: number;
  eligible: number;
  ineligible: number;
  invalid: number;
  duplicate: number;
}

/** One screened row, flat (personal data masked unless asked). */
export interface ScreenedRecord {
  row: number;
  bucket: "eligible" | "ineligible" | "invalid" | "duplicate";
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  birthDate: string | null;
  gender: "male" | "female" | null;
  district: string | null;
  workDistrict: string | null;
  channel: string | null;
  submittedAt: string | null;
  occupation: string | null;
  /** Reason codes, `;`-separated. */
  reasons: string;
  messagesZh: string;
  messagesEn: string;
  duplicateOf: number | null;
}

/** A rule a registrant does not meet, with the facts that decided it. */
export interface RuleFailure {
  rule: number;
  code: string;
  messageEn: string;
  messageZh: string;
  facts: Record<string, string>;
}

/** A problem in one cell of a row. */
export interface FieldError {
  field: string | null;
  column: string | null;
  code: string;
  messageEn: string;
  messageZh: string;
}

/** What became of a row. */
export type Outcome =
  | { bucket: "eligible" }
  | { bucket: "ineligible"; failures: RuleFailure[] }
  | { bucket: "invalid"; errors: FieldError[] }
  | { bucket: "duplicate"; ofRow: number; reason: "same_id_number" | "same_name_and_phone" };

/**
 * A ledger event in its journal form (the same JSON in every language).
 * `action` is one of form_received, answered_on_spot, filed, assigned,
 * started, returned, extension_requested, extension_granted, resolved,
 * verified, shelved, citizen_informed, closed_anonymous, reopened.
 */
export interface LedgerEvent {
  at: string;
  actor: string;
  action: { action: string; [field: string]: unknown };
}

/** Screening options (all optional). */
export interface ScreeningOptions {
  /** The organiser's secret that keys the pool's pseudonyms (never published). */
  pseudonymKey?: string | Uint8Array;
  encoding?: "auto" | "utf8" | "gb18030" | "utf16" | "windows1252";
  delimiter?: string;
  /** Header names for fields, e.g. `{ phone: "手机号码" }`. */
  columns?: Record<string, string>;
  defaultChannel?: "phone" | "on_site" | "online" | "other";
  duplicates?: "keep_earliest" | "keep_latest" | "reject_all";
  history?: { openDay: string; date: string; idNumber?: string; name?: string; phone?: string }[];
}

/**
 * The errors openday throws are `Error`s with these extra fields.
 * `name` is one of PlanFileError, PlanSyntaxError, PlanStructureError,
 * PlanFormatError, PlanValidationError, RegistrationsError.
 */
/** One person a draw can choose. */
export interface Candidate {
  /** Stable identifier (a pseudonym when built from registrations). */
  id: string;
  /** One value per feature, in the pool's feature order. */
  values: string[];
  /** People with the same household key are never drawn together. */
  household?: string | null;
}

export interface OpenDayError extends Error {
  code: string;
  /** The message in Chinese, for the person who meets it (`message` is the English detail). */
  messageZh: string;
  problems?: Problem[];
  file?: string | null;
  line?: number | null;
  column?: number | null;
  path?: string | null;
  row?: number | null;
}
"#;

/// The plan file format version this build reads.
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> u32 {
    openday::FORMAT_VERSION
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Recovery from a trap. openday refuses bad input with errors, but should
/// any input still reach a panic, the panic hook schedules a fresh
/// WebAssembly instance: the call that panicked throws a `RuntimeError`,
/// objects made before it are stale (using one throws), and every later
/// call runs on a clean instance instead of a poisoned one.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|_| wasm_bindgen::handler::schedule_reinit()));
}

/// A deliberate panic, for the recovery test only (not part of the API):
/// it panics under `stack_kib` KiB of stack frames, which a trap leaves
/// behind on a poisoned instance.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests, skip_typescript)]
pub fn panic_for_tests(stack_kib: u32) -> u32 {
    let frame = [0u8; 1024];
    let used = u32::from(std::hint::black_box(frame)[0]);
    if stack_kib > 1 {
        return used + panic_for_tests(stack_kib - 1);
    }
    #[allow(clippy::panic)]
    {
        panic!("deliberate panic for the recovery test");
    }
}
