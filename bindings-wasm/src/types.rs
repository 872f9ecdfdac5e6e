//! TypeScript declarations of the plain objects the package returns and
//! takes, so that `openday.d.ts` has no `any` in its public API. Journal
//! entries and draw records keep their file form (snake_case keys, the same
//! JSON in every language); everything else is camelCase. A test
//! (`bindings-wasm/tests/types.test.mjs`) checks these interfaces' keys
//! against the objects the package really returns.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const TS_OBJECTS: &'static str = r#"
/** The published draw record (its file form: snake_case keys, as `verify` takes it). */
export interface DrawRecord {
  method: string;
  algorithm: "leximin" | "maximin" | "legacy";
  seats: number;
  seed: string;
  commitment: string;
  pool_digest: string;
  targets_digest: string;
  panel: string[];
  reserves: string[];
  /** Rounds run when a budget or a stop cut the solve short (absent when it ran to the end). */
  stopped_after_rounds?: number;
}

/** How one feature splits the pool (see `outlook`). */
export interface FeatureOutlook {
  feature: string;
  /** Distinct values among the drawable people. */
  values: number;
  /** Values whose quota can bind; only these split people into classes. */
  binding: number;
  /** Values held by exactly one person. */
  alone: number;
  /** At least 10 values and half the people or more hold theirs alone. */
  freeText: boolean;
}

/** What a draw will involve, before it runs (see `outlook`). */
export interface DrawOutlook {
  drawable: number;
  classes: number;
  householdClasses: number;
  /**
   * Classes with households set aside (people with the same feature
   * values); `slow` is judged on them where the solver works on types.
   */
  types: number;
  /** Likely to take minutes with this algorithm: draw with a budget. */
  slow: boolean;
  features: FeatureOutlook[];
}

/** Limits on a draw's solve (see `draw`). */
export interface DrawBudget {
  /** Wall-clock seconds (`performance.now()`), checked after every round and bounding each panel search. */
  maxSeconds?: number;
  /** Rounds at most: panels sought while covering the classes, then master solves (at least one). */
  maxRounds?: number;
}

/** How far a draw has come (`fixed` of `total` classes; `fraction` 0 to 1). */
export interface DrawProgress {
  stages: number;
  fixed: number;
  classes: number;
  panels: number;
  total: number;
  fraction: number;
}

/** One quota of a draw: its bounds, the pool and the panel. */
export interface DrawQuota {
  feature: string;
  value: string;
  min: number;
  max: number;
  listed: boolean;
  pool: number;
  panel: number;
  expected: number;
}

/** Figures of a draw. */
export interface DrawStats {
  pool: number;
  drawable: number;
  classes: number;
  panelsGenerated: number;
  support: number;
  stages: number;
  minProbability: number;
  maxProbability: number;
  /** Whether the solve ran to the end (false when a budget or a stop cut it short). */
  complete: boolean;
  /** Certified upper bound on the best minimum probability that a lottery can give. */
  minProbabilityBound: number;
  /** Rounds run: panels sought while covering the classes, then master solves. */
  rounds: number;
}

/** One panel of the lottery's support, as counts per class. */
export interface SupportPanel {
  probability: number;
  groups: { values: string[]; count: number; people: number; households: boolean }[];
}

/** A quota a panel misses. */
export interface QuotaGap {
  feature: string;
  value: string;
  count: number;
  min: number;
  max: number;
}

/** The reserve who takes a freed seat. */
export interface Replacement {
  id: string;
  rank: number;
  keepsQuotas: boolean;
  gaps: QuotaGap[];
}

/** Where a pool member came from: the data row and the masked name. */
export interface Origin {
  row: number;
  name: string;
}

/** Bounds of one value of a feature (a share of the seats, or counts). */
export interface QuotaBounds {
  min?: number;
  max?: number;
  share?: number;
  tolerance?: number;
}

/** How a feature is read: an attribute of the registrant, or age bands (lower bounds). */
export type FeatureSource = { attribute: string } | { age_bands: number[] };

/** The quotas a draw must meet (the plan's `selection` section, without seats). */
export interface SelectionPolicy {
  seats?: number;
  features: { name: string; from: FeatureSource; quotas: Record<string, QuotaBounds> }[];
  household?: string;
  reserves?: number;
  algorithm?: "leximin" | "maximin" | "legacy";
}

/** `targets.toJSON()`. */
export interface TargetsJson {
  seats: number;
  policy: SelectionPolicy;
  reserved?: string[];
  excluded?: string[];
}

/** A synthetic pool's shape (`syntheticInstance`). */
export interface SyntheticSpec {
  pool: number;
  seats: number;
  features: number;
  households: number;
  tolerance: number;
  seed: number;
  algorithm?: "leximin" | "maximin" | "legacy";
}

/** What came of a call, in the journal's form. */
export type CallOutcome =
  | { outcome: "confirmed" }
  | { outcome: "declined"; reason?: string }
  | { outcome: "no_answer" }
  | { outcome: "busy" }
  | { outcome: "wrong_number" }
  | { outcome: "call_back"; at: string };

/** A call outcome as `roster.call` takes it: a name or the journal's form. */
export type CallOutcomeInput = "confirmed" | "declined" | "no_answer" | "busy" | "wrong_number" | CallOutcome;

/** A person's state on the roster. */
export type PersonStatus =
  | "selected" | "notified" | "confirmed" | "declined" | "unreachable"
  | "released" | "checked_in" | "no_show" | "reserve" | "offered";

/** What happened, as one journal entry records it (snake_case: the file form). */
export type JournalEvent =
  | { type: "screened"; source: string; rows: number; eligible: number }
  | { type: "drawn"; record: DrawRecord }
  | { type: "called"; person: string; outcome: CallOutcome; note?: string }
  | { type: "released"; person: string; reason: "declined" | "unreachable" | "deadline" }
  | { type: "offered"; person: string; seat: number; replaces: string; keeps_quotas: boolean; gaps?: QuotaGap[] }
  | { type: "left_empty"; seat: number; replaces: string; gaps?: QuotaGap[] }
  | { type: "checked_in"; person: string; late: boolean }
  | { type: "walk_in"; label: string; admitted: boolean }
  | { type: "check_in_closed" }
  | { type: "feedback"; ledger: LedgerEvent }
  | { type: "preparation"; step: PrepEvent }
  | { type: "segment_ended"; actual: { segment: string; started_at?: string; ended_at: string } };

/** One record of the roster's journal. */
export interface JournalEntry {
  seq: number;
  /** ISO 8601 with offset. */
  at: string;
  actor: string;
  event: JournalEvent;
}

/** Someone on the list or the reserve list. */
export interface Person {
  id: string;
  status: PersonStatus;
  seat: number | null;
  reserveRank: number | null;
  replaces: string | null;
  calls: { at: string; actor: string; outcome: CallOutcome }[];
  checkedInAt: string | null;
  late: boolean;
}

/** One line of the call sheet (name and phone masked unless asked). */
export interface CallSheetRow {
  seat: number | null;
  id: string;
  row: number | null;
  name: string;
  phone: string;
  status: PersonStatus;
  attempts: number;
  lastOutcome: string | null;
  callFrom: string | null;
}

/** One line of the confirmed list or the check-in list. */
export interface RosterRow {
  seat: number | null;
  id: string;
  row: number | null;
  name: string;
  status: PersonStatus;
  replaces: string | null;
  checkedInAt: string | null;
  late: boolean;
}

/** Who came against one quota. */
export interface AttendanceLine {
  feature: string;
  value: string;
  min: number;
  max: number;
  drawn: number;
  confirmed: number;
  came: number;
}

/** Who came against the quotas. */
export interface Attendance {
  seats: number;
  confirmed: number;
  came: number;
  late: number;
  noShows: number;
  walkInsAdmitted: number;
  walkInsRefused: number;
  replacements: number;
  lines: AttendanceLine[];
  balanced: boolean;
}

/** A ledger point's state. */
export type PointStatus =
  | "received" | "filed" | "assigned" | "in_progress" | "returned"
  | "resolved" | "verified" | "shelved" | "closed";

/** How a citizen wants to be told the outcome. */
export type ContactPreference = "phone" | "sms" | "mail" | "in_person";

/** One point of the ledger with its history. */
export interface LedgerCase {
  id: string;
  form: string;
  category: string;
  text: string;
  place: string | null;
  anonymous: boolean;
  contact: ContactPreference;
  status: PointStatus;
  unit: string | null;
  assignee: string | null;
  receivedAt: string;
  filedAt: string | null;
  due: string | null;
  resolvedAt: string | null;
  outcome: string | null;
  informedAt: string | null;
  extensionPending: number | null;
  reopened: number;
  history: { at: string; actor: string; action: string; status: PointStatus }[];
}

/** One point as a flat record (contacts masked unless asked). */
export interface LedgerRecord {
  point: string;
  category: string;
  text: string;
  place: string | null;
  status: PointStatus;
  unit: string | null;
  filedAt: string | null;
  due: string | null;
  outcome: string | null;
  informedAt: string | null;
  contactName: string | null;
  contactPhone: string | null;
  anonymous: boolean;
}

/** A point past (or near) its due date. */
export interface OverdueRow {
  point: string;
  category: string;
  unit: string;
  status: PointStatus;
  due: string;
  lateHours: number;
  lateWorkingDays: number;
}

/** One unit's points. */
export interface UnitRow {
  unit: string;
  name: string;
  total: number;
  open: number;
  overdue: number;
  done: number;
  onTime: number;
  onTimeRate: number | null;
  medianHandlingHours: number | null;
}

/** The ledger as of an instant. */
export interface LedgerReport {
  asOf: string;
  /** Points by state (keys are states). */
  counts: Record<string, number>;
  overdue: OverdueRow[];
  dueSoon: OverdueRow[];
  units: UnitRow[];
  categories: { category: string; name: string; total: number; byStatus: Record<string, number> }[];
  replies: { point: string; status: PointStatus; unit: string; outcome: string; contact: ContactPreference; waitingWorkingDays: number }[];
}

/** What a duty is. */
export type DutyKind =
  | "reception_plan" | "safety_plan" | "vehicles" | "printed_material"
  | "room_setup" | "notice" | "guidance" | "press" | "other";

/** A preparation duty as the plan gives it (or derives it). */
export interface Duty {
  id: string;
  kind: DutyKind;
  title: string;
  unit: string;
  person?: string;
  due: { workingDaysBefore: number } | { workingDaysBeforeRegistration: number } | { at: string };
  doneWhen: "document" | "check" | { count: number };
  segment?: string;
}

/** Where a duty stands. */
export interface DutyState {
  duty: Duty;
  due: string;
  status: "open" | "in_progress" | "done" | "verified";
  doneAt: string | null;
  doneBy: string | null;
  evidence: { document?: string; count?: number; note?: string } | null;
  verifiedAt: string | null;
}

/** A duty in a report. */
export interface DutyLine {
  id: string;
  kind: DutyKind;
  title: string;
  /** The unit's name. */
  unit: string;
  person: string | null;
  due: string;
  status: "open" | "in_progress" | "done" | "verified";
}

/** Duties counted. */
export interface DutyTally {
  total: number;
  open: number;
  overdue: number;
  done: number;
  verified: number;
}

/** Is the day ready, as of an instant. */
export interface Readiness {
  asOf: string;
  ready: boolean;
  blocking: DutyLine[];
  overdue: DutyLine[];
  dueSoon: DutyLine[];
  unverified: DutyLine[];
  byUnit: Record<string, DutyTally>;
  byPerson: Record<string, DutyTally>;
}

/** One unit's duties. */
export interface TaskSheet {
  unit: string;
  name: string;
  markdown: string;
  duties: DutyLine[];
}

/** One segment as planned and as it ran (or as re-planned). */
export interface SegmentOutcome {
  id: string;
  title: string;
  plannedStart: string;
  plannedEnd: string;
  start: string;
  end: string;
  actual: boolean;
  shiftMinutes: number;
  overrunMinutes: number;
}

/** What a citizen needs to know to register (`registrationGuide`). */
export interface RegistrationGuide {
  title: string;
  window: "not_open" | "open" | "closed";
  opensAt: string | null;
  deadline: string;
  statusZh: string;
  statusEn: string;
  eventZh: string;
  eventEn: string;
  stepsZh: string[];
  stepsEn: string[];
  bringZh: string | null;
  bringEn: string | null;
  chosenZh: string;
  chosenEn: string;
  /** The self-check form's fields, from the plan's rules and required fields. */
  fields: FormField[];
}

/** One field of the self-check form. */
export interface FormField {
  /** The field's code (`birth_date`), or a custom attribute's name. */
  field: string;
  /** The column the checks read it from (`出生日期`): the input's name. */
  header: string;
  labelZh: string;
  labelEn: string;
  /** Whether the plan's registration requires it. */
  required: boolean;
  /** The accepted values when the plan lists them. */
  choices: string[];
}

/** The post-event summary (活动总结) with its Markdown and HTML. */
export interface Review {
  title: string;
  asOf: string;
  registrations: BucketCounts;
  byChannel: Record<string, BucketCounts>;
  topReasons: [string, number][];
  seats: number;
  minProbability: number;
  maxProbability: number;
  quotas: { feature: string; value: string; min: number; max: number; pool: number; drawn: number; came: number | null }[];
  attendance: Attendance | null;
  opinionsByCategory: Record<string, number>;
  ledgerCounts: Record<string, number>;
  units: UnitRow[];
  onTimeRate: number | null;
  repliesOwed: number;
  satisfaction: { satisfied: number; fairly: number; notSatisfied: number; unanswered: number };
  day: {
    segments: SegmentOutcome[];
    finished: number;
    plannedEnd: string;
    end: string;
    windowHolds: boolean;
    overrunMinutes: number;
    overMinutes: number;
    cutMinutes: number;
  } | null;
  markdown: string;
  html: string;
}
"#;
