"""Type stubs of the native module (checked against it by mypy.stubtest)."""

import datetime
import os
import zoneinfo
from typing import Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

from .types import Attendance, CallSheetRow, DrawOutlook, DrawQuota, DrawRecord, DrawStats, DutyState, JournalEntry, LedgerCase, LedgerRecord, LedgerReport, Person, QuotaGap, Readiness, RegistrationGuide, Replacement, Review, RosterRow, SupportPanel, TargetsJson, TaskSheet

__all__ = [
    "FORMAT_VERSION",
    "Draw",
    "Pool",
    "Roster",
    "Targets",
    "draw",
    "quota_gaps",
    "outlook",
    "replacement",
    "seed_commitment",
    "synthetic_instance",
    "verify",
    "Ledger",
    "Plan",
    "Postponement",
    "Problem",
    "Replanned",
    "ScheduledSegment",
    "ScreeningReport",
    "WorkCalendar",
    "__version__",
    "check_registrant",
    "example_plan_json",
    "demo_pseudonym_key",
    "example_registrations_csv",
    "load_plan",
    "plan_schema",
    "screen_csv",
    "screen_records",
    "synthetic_registrations_csv",
    "tally_channels",
    "validate_plan",
    "write_csv",
    "write_xlsx",
    "cli_main",
    "Preparation",
    "registration_notice",
    "registration_guide",
    "selected_list",
    "text_messages",
    "postponement_notice",
    "review",
]

_Encoding = Literal["auto", "utf8", "gb18030", "utf16", "windows1252"]
_Duplicates = Literal["keep_earliest", "keep_latest", "reject_all"]
_Records = Union[Iterable[Mapping[str, Any]], Any]
"""Dicts keyed by column header, or a pandas DataFrame (its rows)."""

__version__: str
FORMAT_VERSION: int

@final
class Plan:
    """A validated open-day plan."""

    @staticmethod
    def from_json(text: str) -> Plan:
        """Parse and validate a plan from JSON text."""
    @staticmethod
    def from_path(path: Union[str, os.PathLike[str]]) -> Plan:
        """Read, parse and validate a plan file."""
    @property
    def id(self) -> str:
        """The plan id."""
    @property
    def title(self) -> str:
        """The title."""
    @property
    def theme(self) -> Optional[str]:
        """The theme, if any."""
    @property
    def organiser(self) -> str:
        """The organiser's name."""
    @property
    def seats(self) -> int:
        """Seats for citizen representatives."""
    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        """The event's time zone as a `zoneinfo.ZoneInfo`."""
    @property
    def warnings(self) -> List[Problem]:
        """When the day starts (aware datetime in the event's zone).
        What the plan's checks warn about: shown, blocking nothing.
        """
    @property
    def problems(self) -> List[Problem]:
        """Errors that block a later stage only (a quota that cannot work blocks
        the draw, not screening), then warnings.
        """
    @property
    def starts_at(self) -> datetime.datetime:
        """When the day starts: an aware datetime in the event's time zone."""
    @property
    def ends_at(self) -> datetime.datetime:
        """When the day ends."""
    @property
    def registration_opens_at(self) -> Optional[datetime.datetime]:
        """When registration opens, if announced."""
    @property
    def registration_deadline(self) -> datetime.datetime:
        """When registration closes (inclusive)."""
    @property
    def postponement_notice_deadline(self) -> datetime.datetime:
        """The latest instant a postponement may be announced."""
    def weather(self, warning: str, level: str) -> Dict[str, Any]:
        """Whether a weather warning of `warning` kind (暴雨, 沙尘暴 …) at
        `level` (blue/yellow/orange/red or 蓝/黄/橙/红) postpones the day:
        `decision` is `postpones`, `does_not_postpone` or `not_covered`.
        """
    def timetable(self) -> List[ScheduledSegment]:
        """The itinerary laid out in time."""
    def timetable_records(self) -> List[Dict[str, Any]]:
        """The timetable as a list of dicts (for `pandas.DataFrame`)."""
    def summary(self) -> str:
        """The plan summary text (identical in Rust, Python and JavaScript)."""
    def to_json(self) -> str:
        """The plan document as pretty JSON (the plan file format)."""
    def __eq__(self, value: object, /) -> bool: ...
    def replan(self, actual: Iterable[Mapping[str, Any]]) -> Replanned:
        """Re-plan the rest of the day from the actual times of finished
        segments: a list of `{"segment": id, "ended_at": datetime,
        "started_at": datetime (optional)}`, in itinerary order.
        """
    def postpone(
        self,
        new_date: datetime.date,
        announced_at: datetime.datetime,
        new_start: Optional[datetime.time] = None,
    ) -> Postponement:
        """Move the day to `new_date` (and `new_start`), announced at `announced_at`."""
    def transport(self) -> Optional[Dict[str, Any]]:
        """Vehicles needed and the legs that use them, or `None` without a transport policy."""
    def to_ical(self, stamp: Optional[datetime.datetime] = None) -> str:
        """The timetable as an iCalendar file (RFC 5545, with VTIMEZONE);
        `stamp` (DTSTAMP) defaults to now.
        """
    def run_sheets(self) -> List[Dict[str, str]]:
        """One run sheet per responsible unit: `unit`, `name`, `markdown`, `csv`."""
    def timeline_svg(self, replanned: Optional[Replanned] = None) -> str:
        """The day as an SVG timeline; with `replanned`, actual and re-planned bars too."""

@final
class Replanned:
    """A re-planned day."""

    def timetable(self) -> List[ScheduledSegment]:
        """Finished segments (actual times) and the re-planned rest."""
    @property
    def changes(self) -> List[Dict[str, Any]]:
        """What moved or was shortened: `segment`, `title`, `shift_minutes`, `shortened_minutes`."""
    @property
    def new_end(self) -> datetime.datetime:
        """When the day now ends."""
    @property
    def window_holds(self) -> bool:
        """Whether the day still ends within its window."""
    @property
    def overrun_minutes(self) -> int:
        """Minutes past the window's end."""

@final
class Postponement:
    """A postponed day."""

    @property
    def plan(self) -> Plan:
        """The moved plan."""
    @property
    def original_start(self) -> datetime.datetime:
        """The original start."""
    @property
    def new_start(self) -> datetime.datetime:
        """The new start."""
    @property
    def notice_hours(self) -> int:
        """Hours of notice given."""
    @property
    def changes(self) -> List[Dict[str, str]]:
        """Every field that moved: `field`, `from`, `to` (records for the journal)."""
    @property
    def notify(self) -> List[Dict[str, str]]:
        """Who must be told: `{"audience": "confirmed_participants" | "reserves" | "unit", ...}`."""

@final
class Problem:
    """One thing wrong with a plan: where, what, in English and Chinese."""

    @property
    def path(self) -> str:
        """Path into the plan, e.g. `itinerary[2].duration`."""
    @property
    def code(self) -> str:
        """Stable code, e.g. `unknown_unit`."""
    @property
    def severity(self) -> Literal["error", "warning"]:
        """`error` (blocks its stage) or `warning` (shown, blocks nothing)."""
    @property
    def stage(self) -> Literal["plan", "draw", "confirmation", "follow_up"]:
        """The stage an error here blocks: `plan` (everything), `draw`,
        `confirmation` or `follow_up`.
        """
    @property
    def message_en(self) -> str:
        """The message in English."""
    @property
    def message_zh(self) -> str:
        """The message in Chinese."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class ScheduledSegment:
    """A segment of the itinerary placed in time."""

    @property
    def index(self) -> int:
        """Position in the itinerary."""
    @property
    def id(self) -> str:
        """Segment id."""
    @property
    def kind(self) -> str:
        """Kind code (`check_in`, `site_visit`, ...)."""
    @property
    def title(self) -> str:
        """Title."""
    @property
    def venue(self) -> Optional[str]:
        """Venue name."""
    @property
    def starts_at(self) -> datetime.datetime:
        """Start (aware datetime)."""
    @property
    def ends_at(self) -> datetime.datetime:
        """End (aware datetime)."""
    @property
    def approximate(self) -> bool:
        """Whether the duration is approximate."""
    @property
    def fixed_start(self) -> bool:
        """Whether the plan fixes the start."""
    @property
    def units(self) -> List[str]:
        """Responsible unit names."""
    @property
    def gap_before_minutes(self) -> int:
        """Idle minutes before this segment."""
    @property
    def slack_minutes(self) -> int:
        """Minutes it may run over before a later fixed start or the day's end is missed."""
    @property
    def derived(self) -> bool:
        """Whether this is a travel leg derived from the plan's travel table."""
    @property
    def actual(self) -> bool:
        """Whether these are recorded (actual) times."""
    @property
    def mode(self) -> Optional[Literal["bus", "walk", "other"]]:
        """For a travel leg: `bus`, `walk` or `other`; otherwise `None`."""
    @property
    def after_window(self) -> bool:
        """Whether it runs after the day's window (a return trip)."""
    @property
    def turns(self) -> List[Dict[str, Any]]:
        """Groups taking turns: `group`, `size`, `starts_at`, `ends_at` each."""
    def as_dict(self) -> Dict[str, Any]:
        """The segment as a dict."""

def load_plan(source: Union[str, os.PathLike[str]]) -> Plan:
    """Load a plan from a path (`str` or `os.PathLike`) or from JSON text (a
    `str` starting with `{`), and validate it.
    """
def validate_plan(text: str) -> List[Problem]:
    """Every problem of a plan given as JSON text; `[]` when it is valid.
    Raises `PlanError` only when the text cannot be parsed at all.
    """
def plan_schema() -> str:
    """The JSON Schema of plan files."""
def example_plan_json() -> str:
    """The embedded example plan (固原市城市管理局 2025) as JSON text."""
def demo_pseudonym_key() -> str:
    """The examples' and shared vectors' pseudonym key (public: never use it
    for a real open day; keep the organiser's own secret instead).
    """
def example_registrations_csv() -> str:
    """The embedded example registrations (500 synthetic rows, UTF-8 CSV)."""
def synthetic_registrations_csv(plan: Plan, rows: int, seed: int) -> str:
    """Synthetic registrations for `plan` as CSV text, deterministic from `seed`."""
def tally_channels(csv: Union[str, bytes], source_name: str = "<memory>") -> Dict[str, Any]:
    """Count a registrations CSV (text or bytes) by channel; every row is counted once."""

@final
class ScreeningReport:
    """The result of screening: every row in exactly one bucket."""

    @property
    def source(self) -> str:
        """Name of the input."""
    @property
    def encoding(self) -> str:
        """Encoding found (`UTF-8`, `GB18030`, `UTF-16LE`, `records`)."""
    @property
    def warnings(self) -> List[Problem]:
        """What this screening could not check or wants noticed (the plan's
        warnings, rules left unchecked): shown with the results, blocking nothing.
        """
    @property
    def counts(self) -> Dict[str, int]:
        """Rows per bucket: `rows`, `eligible`, `ineligible`, `invalid`, `duplicate`."""
    @property
    def columns(self) -> List[Tuple[str, str]]:
        """How each column was understood: `(header, used_as)`."""
    def reasons(self) -> List[Tuple[str, int]]:
        """Reason codes with their row counts, most frequent first."""
    def records(self, *, unmasked: bool = False) -> List[Dict[str, Any]]:
        """Every row as a dict (ready for `pandas.DataFrame`); personal data is
        masked unless `unmasked=True`.
        """
    def explain(self, row: int) -> Dict[str, Any]:
        """Why row `row` (1-based) ended where it did: its bucket and every rule
        failure or field error with code, messages and facts.
        """
    def to_csv(self, *, unmasked: bool = False) -> str:
        """The records as CSV text (UTF-8 with BOM for Excel); masked unless `unmasked=True`."""
    def to_pandas(self, *, unmasked: bool = False) -> Any:
        """The records as a pandas DataFrame (pandas must be installed):
        `submitted_at` as aware datetimes, `birth_date` as dates when
        unmasked, `row` and `duplicate_of` as nullable integers.
        """
    def to_xlsx(self, path: Optional[Union[str, os.PathLike[str]]] = None, *, unmasked: bool = False) -> Optional[bytes]:
        """The records as an Excel workbook (`.xlsx`, every cell text, formula
        cells neutralised); masked unless `unmasked=True`. Writes `path`, or
        returns the bytes when no path is given.
        """
    def summary(self) -> str:
        """The report as text (counts by bucket and channel, top reasons)."""
    def __len__(self) -> int: ...

def screen_csv(
    plan: Plan,
    source: Union[str, os.PathLike[str], bytes],
    *,
    encoding: _Encoding = "auto",
    delimiter: Optional[str] = None,
    columns: Optional[Mapping[str, str]] = None,
    default_channel: Optional[str] = None,
    duplicates: _Duplicates = "keep_earliest",
    history: Optional[Sequence[Mapping[str, Any]]] = None,
    pseudonym_key: Optional[Union[str, bytes]] = None,
    sheet: Optional[str] = None,
) -> ScreeningReport:
    """Screen a registrations table against the plan's rules: every row ends
    eligible, ineligible (with reasons), invalid (with field errors) or a
    duplicate.

    `source` is a path (`str` or `os.PathLike`) or the file's `bytes`: CSV or
    tab-separated text, or an Excel workbook (`.xlsx`, `.xls`, `.ods`).

    Keyword options:
    - `encoding`: `"auto"` (default: UTF-8, else Windows-1252 where bytes
      beyond ASCII stand alone, else GB18030/GBK; UTF-16 by its BOM),
      `"utf8"`, `"gb18030"`, `"utf16"` or `"windows1252"`.
    - `delimiter`: one character; by default guessed (`,`, tab, `;`).
    - `columns`: `{field: header}` for headers openday does not recognise,
      e.g. `{"phone": "手机"}`.
    - `default_channel`: the channel of rows without one (`"phone"`,
      `"on_site"`, `"online"`, `"email"`, ...).
    - `duplicates`: `"keep_earliest"` (default), `"keep_latest"` or
      `"reject_all"`.
    - `history`: past attendance, dicts with `open_day`, `date` and
      `id_number` (or `name` with `phone` or `email`), for a
      not-recently-attended rule.
    - `pseudonym_key`: the organiser's secret (`str` or `bytes`) keying the
      pool's pseudonyms; needed for `Pool.from_screening`.
    - `sheet`: the sheet of a workbook (default: the first).

    Raises `RegistrationsError` (`code`, `line`) when the table cannot be
    read, `RegistrationsFileError` when the file cannot be opened.
    """
def screen_records(
    plan: Plan,
    records: _Records,
    *,
    columns: Optional[Mapping[str, str]] = None,
    default_channel: Optional[str] = None,
    duplicates: _Duplicates = "keep_earliest",
    history: Optional[Sequence[Mapping[str, Any]]] = None,
    pseudonym_key: Optional[Union[str, bytes]] = None,
) -> ScreeningReport:
    """Screen records given as dicts whose keys are column headers (姓名 or
    name, 联系电话 or phone, ...), or a pandas DataFrame (its rows). Values
    may be `str`, numbers, `date` or `datetime`, `None`; NaN, NaT and
    pandas' NA are empty cells, whole floats (a phone column with gaps) lose
    their `.0`.

    Keyword options as in `screen_csv`: `columns`, `default_channel`,
    `duplicates` (`"keep_earliest"`, `"keep_latest"`, `"reject_all"`),
    `history` and `pseudonym_key`.

    A form's sign-off records ending the table (`填表人：…`, `审核人：…`,
    `填报日期：…`, a `合计` totals record, blank ones among them; the last
    20 at most) are not screened: the report's `skipped_rows` warning
    names them by row.
    """
def check_registrant(
    plan: Plan,
    record: Mapping[str, Any],
    *,
    history: Optional[Sequence[Mapping[str, Any]]] = None,
) -> Dict[str, Any]:
    """Check one person (a dict like one record of `screen_records`): returns
    `{"eligible": bool, "bucket": ..., "failures"/"errors": [...],
    "citizen": [...]}` with messages in Chinese and English; `citizen` words
    every reason for the person checking their own answers.
    """

@final
class WorkCalendar:
    """Working days and hours: public holidays and make-up working days."""

    @staticmethod
    def china() -> WorkCalendar:
        """China's national calendar (2025, 2026) with office hours."""
    @staticmethod
    def from_json(text: str) -> WorkCalendar:
        """A calendar from its JSON form (see `core/data/cn-work-calendar.json`)."""
    def is_working_day(self, day: datetime.date) -> bool:
        """Whether `day` is a working day."""
    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The `n`th working day after `day` (`day` itself does not count)."""
    def holiday(self, day: datetime.date) -> Optional[str]:
        """The holiday's name on `day`, if it is one."""

@final
class Ledger:
    """The feedback ledger (台账), rebuilt from its events."""

    def __new__(cls, plan: Plan, calendar: Optional[WorkCalendar] = None) -> Ledger: ...
    @staticmethod
    def replay(plan: Plan, events: Iterable[Mapping[str, Any]], calendar: Optional[WorkCalendar] = None) -> Ledger:
        """A ledger rebuilt from its events (dicts, in order)."""
    def apply(self, event: Mapping[str, Any]) -> None:
        """Apply one event: `{"at": datetime, "actor": str, "action": {"action": "filed", "point": "F1-1"}}`."""
    def events(self) -> List[Dict[str, Any]]:
        """The events applied, as dicts (the journal records)."""
    def cases(self) -> List[LedgerCase]:
        """Every point with its state, unit, due date and history."""
    def report(self, as_of: datetime.datetime, horizon_working_days: int = 2) -> LedgerReport:
        """Reports as of `as_of` (aware datetime): counts, overdue, due soon,
        per unit, per category, replies owed; records ready for pandas.
        """
    def report_text(self, as_of: datetime.datetime, horizon_working_days: int = 2) -> str:
        """The report as text."""
    def records(self, *, unmasked: bool = False) -> List[LedgerRecord]:
        """Every point as a flat record; contact details masked unless `unmasked=True`."""
    def to_csv(self, *, unmasked: bool = False) -> str:
        """The ledger as CSV (with BOM for Excel); masked unless `unmasked=True`."""
    def reply(self, form: str, *, unmasked: bool = False) -> Optional[Dict[str, str]]:
        """The reply to the citizen who handed in form `form` (办理结果反馈):
        a dict with `title_zh`, `title_en`, `markdown_zh`, `markdown_en`,
        `html`; the name masked unless `unmasked=True`; `None` for an unknown
        or anonymous form.
        """
    def to_pandas(self, *, unmasked: bool = False) -> Any:
        """The ledger as a pandas DataFrame (pandas must be installed), one
        row per point: `filed_at`, `due` and `informed_at` as aware datetimes.
        """
    def to_xlsx(self, path: Optional[Union[str, os.PathLike[str]]] = None, *, unmasked: bool = False) -> Optional[bytes]:
        """The ledger as an Excel workbook; masked unless `unmasked=True`.
        Writes `path`, or returns the bytes when no path is given.
        """
    def due(self, point: str) -> Optional[datetime.datetime]:
        """When point `point` is due, if filed."""
    def status(self, point: str) -> Optional[str]:
        """The state code of `point`."""
    def __len__(self) -> int: ...

@final
class Preparation:
    """The plan's preparation duties (接待方案, 安全预案, vehicles, printed
    material, the room, the notice) and where each stands.
    """
    def __new__(cls, plan: Plan, calendar: Optional[WorkCalendar] = None) -> Preparation: ...
    @staticmethod
    def replay(plan: Plan, events: Iterable[Mapping[str, Any]], calendar: Optional[WorkCalendar] = None) -> Preparation:
        """The state after `events` (dicts, in order)."""
    def apply(self, event: Mapping[str, Any]) -> None:
        """Apply one step: `{"at": datetime, "actor": str, "action": {"action":
        "done", "duty": "safety-site-1", "evidence": {"document": "..."}}}`
        (`started`, `done`, `verified` by someone else, `reopened` with a
        `reason`). Raises `PreparationError` (`duty`, `code`) and changes
        nothing when refused.
        """
    def duties(self) -> List[DutyState]:
        """Every duty with its due instant, status and evidence, as dicts."""
    def events(self) -> List[Dict[str, Any]]:
        """The steps applied, as dicts (the journal records)."""
    def readiness(self, as_of: datetime.datetime, horizon_days: int = 3) -> Readiness:
        """Readiness as of `as_of` (aware datetime): `ready`, the blocking,
        overdue, due-soon (within `horizon_days`) and unverified duties,
        tallies by unit and by person.
        """
    def readiness_text(self, as_of: datetime.datetime, horizon_days: int = 3) -> str:
        """The readiness report as text (Chinese and English)."""
    def task_sheets(self) -> List[TaskSheet]:
        """One task sheet per unit: `unit`, `name`, `markdown`, `duties`."""
    def __len__(self) -> int: ...

@final
class Pool:
    """The people a draw chooses from, sorted by id."""

    def __new__(cls, features: Sequence[str], candidates: Iterable[Mapping[str, Any]]) -> Pool: ...
    @staticmethod
    def from_screening(report: ScreeningReport, plan: Plan, targets: Targets) -> Pool:
        """The eligible registrants of a screening report, with pseudonymous
        ids and the targets' features.
        """
    @property
    def features(self) -> List[str]:
        """Feature names."""
    def candidates(self) -> List[Dict[str, Any]]:
        """Candidates as dicts (`id`, `values`, `household`)."""
    def origin(self, id: str) -> Optional[Dict[str, Any]]:
        """Data row and masked name of a candidate built from registrations."""
    def digest(self) -> str:
        """SHA-256 of the pool's canonical form (in the draw record)."""
    def __len__(self) -> int: ...

@final
class Targets:
    """What to draw: seats, features and quotas, household field, reserved and
    excluded ids.
    """

    def __new__(
        cls,
        seats: int,
        policy: Mapping[str, Any],
        *,
        reserved: Sequence[str] = ...,
        excluded: Sequence[str] = ...,
    ) -> Targets: ...
    @staticmethod
    def from_plan(plan: Plan) -> Targets:
        """The plan's `selection` section with its seats."""
    @property
    def seats(self) -> int:
        """Seats to fill."""
    def to_dict(self) -> TargetsJson:
        """The targets as a dict."""
    def digest(self) -> str:
        """SHA-256 of the targets' canonical form (in the draw record)."""

@final
class Draw:
    """The result of a draw."""

    @property
    def algorithm(self) -> str:
        """`leximin`, `maximin` or `legacy`."""
    @property
    def panel(self) -> List[str]:
        """Ids on the panel, sorted."""
    @property
    def reserves(self) -> List[str]:
        """Reserve ids in the order to offer seats."""
    @property
    def probabilities(self) -> Dict[str, float]:
        """Selection probability by id."""
    def quotas(self) -> List[DrawQuota]:
        """Quota table rows (`feature`, `value`, `min`, `max`, `listed`,
        `pool`, `panel`, `expected`), ready for `pandas.DataFrame`.
        """
    def support(self) -> List[SupportPanel]:
        """The lottery's panels of groups with their probabilities."""
    def stats(self) -> DrawStats:
        """Figures: pool, drawable, classes, panels, stages, min/max probability."""
    def record(self) -> DrawRecord:
        """The record to publish (a dict; `json.dumps` it)."""

def draw(
    pool: Pool,
    targets: Targets,
    seed: str,
    *,
    progress: Optional[Callable[[Dict[str, int]], Optional[bool]]] = None,
    max_seconds: Optional[float] = None,
    max_rounds: Optional[int] = None,
) -> Draw:
    """Draw a panel with the public `seed`. The solve runs without the GIL;
    `progress`, if given, is called now and then with a dict (`stages`,
    `fixed`, `classes`, `panels`, `total` and `fraction`: `fixed` of `total`
    classes, for a tqdm bar) and cancels the draw by returning `False`
    (an exception it raises is re-raised).

    With `max_seconds` or `max_rounds` the draw runs within that budget:
    when it runs out (or `progress` returns `False`) the draw stops and
    gives the best lottery found so far, with `stats()["complete"]` false
    and `stats()["min_probability_bound"]` a certified bound on the best
    possible minimum probability. Its record keeps the rounds run, so
    `verify` re-runs it exactly.
    """
def verify(record: Union[str, Mapping[str, Any]], pool: Pool, targets: Targets) -> Draw:
    """Re-run a published record (a dict or JSON text) against the pool and
    targets; gives the re-run draw or raises `DrawVerificationError`.
    """
def seed_commitment(seed: str) -> str:
    """The SHA-256 commitment (hex) to publish before the draw."""
def replacement(
    pool: Pool, targets: Targets, panel: Sequence[str], leaving: str, reserves: Sequence[str]
) -> Optional[Replacement]:
    """Who takes the seat of `leaving`: a dict (`id`, `rank`, `keeps_quotas`,
    `gaps`) or `None` when no reserve can enter.
    """
def outlook(pool: Pool, targets: Targets) -> DrawOutlook:
    """What a draw will involve, before it runs: a dict with `drawable`,
    `classes`, `household_classes`, `types` (classes with households set
    aside), `slow` (likely to take minutes: use a budget) and `features`
    (per feature: `values`, `binding`, `alone`, `free_text`).
    """
def quota_gaps(pool: Pool, targets: Targets, panel: Sequence[str]) -> List[QuotaGap]:
    """The quotas a panel (list of ids) misses, as dicts."""
def synthetic_instance(spec: Mapping[str, Any]) -> Tuple[Pool, Targets]:
    """A synthetic pool and targets (for trials and benchmarks): `spec` is a
    dict with `pool`, `seats`, `features`, `households`, `tolerance`,
    `seed` and optionally `algorithm`.
    """

@final
class Roster:
    """Who was drawn, called, seated and came, folded from its journal."""

    def __new__(
        cls, plan: Plan, pool: Pool, targets: Targets, journal: Optional[Union[str, os.PathLike[str]]] = None
    ) -> Roster: ...
    @staticmethod
    def replay(plan: Plan, pool: Pool, targets: Targets, entries: Iterable[Mapping[str, Any]]) -> Roster:
        """The state after `entries` (dicts in the journal form), in memory."""
    @property
    def recovered_bytes(self) -> int:
        """Bytes of a torn last line truncated when the journal file was opened."""
    @property
    def deadline(self) -> datetime.datetime:
        """The confirmation deadline."""
    def screened(self, at: datetime.datetime, actor: str, report: ScreeningReport) -> List[JournalEntry]:
        """Records a screening (counts only)."""
    def drawn(self, at: datetime.datetime, actor: str, record: Mapping[str, Any]) -> List[JournalEntry]:
        """Records the draw (the `record()` dict of a `Draw`)."""
    def call(
        self,
        at: datetime.datetime,
        actor: str,
        person: str,
        outcome: Union[str, Mapping[str, Any]],
        note: Optional[str] = None,
    ) -> List[JournalEntry]:
        """Logs a call: `outcome` is `"confirmed"`, `"no_answer"`, `"busy"`,
        `"wrong_number"`, or a dict such as `{"outcome": "declined",
        "reason": "..."}` / `{"outcome": "call_back", "at": "...+08:00"}`.
        Gives the new journal entries (a release and a refill follow a
        decline).
        """
    def release_due(self, at: datetime.datetime, actor: str) -> List[JournalEntry]:
        """At or after the deadline: releases unconfirmed seats."""
    def check_in(self, at: datetime.datetime, actor: str, person: str) -> List[JournalEntry]:
        """Checks in a confirmed person (late after the check-in segment)."""
    def walk_in(self, at: datetime.datetime, actor: str, label: str) -> List[JournalEntry]:
        """Records someone not on the list (admitted or refused by policy);
        `label` must not be personal data.
        """
    def close_check_in(self, at: datetime.datetime, actor: str) -> List[JournalEntry]:
        """Closes check-in; confirmed people who did not come become no-shows."""
    def segment_ended(
        self,
        segment: str,
        ended_at: datetime.datetime,
        actor: str,
        *,
        started_at: Optional[datetime.datetime] = None,
    ) -> List[JournalEntry]:
        """Records that a segment of the day ended (`ended_at`, and
        `started_at` when it did not start as the previous one ended), in
        itinerary order, each once; raises `ReplanError` otherwise. Gives
        the entries added.
        """
    def day(self) -> Optional[Replanned]:
        """The day re-planned from the segments ended so far (as
        `Plan.replan` gives it), or None before a segment has ended.
        """
    def entries(self) -> List[JournalEntry]:
        """The journal entries (dicts)."""
    def people(self) -> List[Person]:
        """Everyone on the list and the reserve list with status, seat, calls."""
    def to_pandas(self) -> Any:
        """`people()` as a pandas DataFrame (pandas must be installed): `seat`
        and `reserve_rank` as nullable integers, `checked_in_at` as aware
        datetimes; the calls stay a list per person.
        """
    def call_sheet(
        self, at: datetime.datetime, report: ScreeningReport, *, unmasked: bool = False
    ) -> List[CallSheetRow]:
        """Who to call next as of `at`, with names and phones from `report`
        (masked unless `unmasked=True`, which the caller needs).
        """
    def confirmed_roster(self, report: ScreeningReport, *, unmasked: bool = False) -> List[RosterRow]:
        """Confirmed people by seat (masked unless asked)."""
    def check_in_list(self, report: ScreeningReport, *, unmasked: bool = False) -> List[RosterRow]:
        """The check-in list by name (masked unless asked)."""
    def attendance(self) -> Attendance:
        """Who came against the quotas."""
    def __len__(self) -> int: ...

def write_csv(records: _Records, path: Optional[Union[str, os.PathLike[str]]] = None) -> Optional[str]:
    """Records (dicts, or a pandas DataFrame) as CSV text through the same
    writer as every export: a byte-order mark for Excel, the header is every
    key in order of first appearance, formula cells neutralised. Writes
    `path` (UTF-8) or returns the text.
    """
def write_xlsx(
    records: _Records, path: Optional[Union[str, os.PathLike[str]]] = None, *, sheet: str = "openday"
) -> Optional[bytes]:
    """Records (dicts, or a pandas DataFrame) as an Excel workbook: the header
    is every key in order of first appearance; every cell is text, formula
    cells neutralised. Writes `path` or returns the bytes.
    """
def cli_main(argv: List[str]) -> int:
    """Run the `openday` command with `argv` (the program name first); gives
    the exit code. Used by the `openday` console script and `python -m
    openday`.
    """
def registration_guide(plan: Plan, at: datetime.datetime) -> RegistrationGuide:
    """The citizen's guide to registering as of `at` (aware datetime): the
    `window` (`not_open`, `open` or `closed`), a sentence on where
    registration stands, how to register (one line per channel, with hours),
    what to have ready, how places are given; Chinese and English; and
    `fields`, the self-check form this plan's rules need.
    """
def registration_notice(plan: Plan) -> Dict[str, str]:
    """The registration notice (活动预告/报名公告) written from the plan:
    theme, time, meeting point, seats, who may register, the channels, the
    window and how people are chosen.
    """
def selected_list(
    plan: Plan, people: Sequence[Mapping[str, Optional[str]]], seed: str, commitment: str
) -> Dict[str, str]:
    """The list of those selected (名单公示): `people` are dicts with `name`
    (masked in the notice whatever it is given as) and `district`; with the
    draw's `seed` and `commitment`.
    """
def text_messages(plan: Plan, confirm_by: datetime.datetime) -> List[Dict[str, Any]]:
    """The confirmation request and the reminder as text messages, each with
    `text`, `chars` and `segments` (70 characters in one SMS, 67 a segment
    when longer); `confirm_by` is an aware datetime.
    """
def postponement_notice(plan: Plan, postponement: Postponement) -> Dict[str, str]:
    """The postponement notice from `Plan.postpone(...)`."""
def review(
    plan: Plan,
    report: ScreeningReport,
    draw: Draw,
    ledger: Ledger,
    as_of: datetime.datetime,
    *,
    roster: Optional[Roster] = None,
) -> Review:
    """The post-event summary (活动总结) as of `as_of` (aware datetime): a
    dict of its figures (registrations, channels, top reasons, the draw's
    probabilities and quotas with who came, attendance, opinions, the ledger
    by unit, on-time rate, replies owed, satisfaction) with its `markdown`
    and `html` (a printable page with SVG charts). `roster` adds who came
    and the day as planned against as it ran (`day`, from the segments'
    recorded ends).
    """
