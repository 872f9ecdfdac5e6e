"""openday: run government open days.

Load and validate an open-day plan, lay out its timetable, and (as the
library grows) screen registrations, draw a balanced panel, confirm
participants and track feedback. The work is done by the Rust core; this
package is a thin typed wrapper.

>>> import openday
>>> plan = openday.load_plan(openday.example_plan_json())
>>> plan.starts_at.isoformat()
'2025-09-24T14:20:00+08:00'
"""

from openday._openday import (
    FORMAT_VERSION,
    Ledger,
    Plan,
    Postponement,
    Problem,
    Replanned,
    ScheduledSegment,
    ScreeningReport,
    WorkCalendar,
    __version__,
    check_registrant,
    example_plan_json,
    example_registrations_csv,
    load_plan,
    plan_schema,
    screen_csv,
    screen_records,
    synthetic_registrations_csv,
    tally_channels,
    validate_plan,
)
from openday.errors import (
    CalendarError,
    LedgerError,
    OpenDayError,
    PlanError,
    PlanFileError,
    PlanFormatError,
    PlanStructureError,
    PlanSyntaxError,
    PlanValidationError,
    RegistrationsError,
    RegistrationsFileError,
    ReplanError,
    PostponeError,
)

__all__ = [
    "CalendarError",
    "FORMAT_VERSION",
    "Ledger",
    "LedgerError",
    "OpenDayError",
    "Plan",
    "PlanError",
    "PostponeError",
    "Postponement",
    "PlanFileError",
    "PlanFormatError",
    "PlanStructureError",
    "PlanSyntaxError",
    "PlanValidationError",
    "Problem",
    "RegistrationsError",
    "RegistrationsFileError",
    "ReplanError",
    "Replanned",
    "ScheduledSegment",
    "ScreeningReport",
    "WorkCalendar",
    "__version__",
    "check_registrant",
    "example_plan_json",
    "example_registrations_csv",
    "load_plan",
    "plan_schema",
    "screen_csv",
    "screen_records",
    "synthetic_registrations_csv",
    "tally_channels",
    "validate_plan",
]
