"""Exceptions raised by openday.

Every exception has a stable ``code``. Plan errors say where the problem is
(``file``, ``line``, ``column``, ``path``) and, for an invalid plan, list
every problem in ``problems``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional

if TYPE_CHECKING:
    from openday._openday import Problem

__all__ = [
    "OpenDayError",
    "PlanError",
    "PlanFileError",
    "PlanSyntaxError",
    "PlanStructureError",
    "PlanFormatError",
    "PlanValidationError",
    "RegistrationsError",
    "RegistrationsFileError",
    "ReplanError",
    "PostponeError",
    "ExportError",
    "PreparationError",
    "CalendarError",
    "LedgerError",
    "SelectionError",
    "InfeasibleQuotasError",
    "PoolError",
    "DrawCancelled",
    "DrawVerificationError",
    "RosterError",
    "JournalError",
]


class OpenDayError(Exception):
    """Base class of every openday error. ``str(e)`` is the English message
    with every detail; ``message_zh`` says it in Chinese for the person
    who meets it (the kind's heading, and what happened where known)."""

    code: str = "error"
    message_zh: str = ""


class PlanError(OpenDayError, ValueError):
    """A plan could not be loaded. Subclasses say why."""

    code: str = "plan"
    problems: List["Problem"]
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    path: Optional[str]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problems = []
        self.file = None
        self.line = None
        self.column = None
        self.path = None


class PlanFileError(PlanError, OSError):
    """The plan file could not be read."""

    code = "io"


class PlanSyntaxError(PlanError):
    """The plan is not JSON; ``line`` and ``column`` say where."""

    code = "syntax"


class PlanStructureError(PlanError):
    """The JSON lacks a field, has an unknown one or a wrong type; ``path`` names it."""

    code = "structure"


class PlanFormatError(PlanError):
    """The plan's ``format`` is not one this openday reads."""

    code = "unsupported_format"


class PlanValidationError(PlanError):
    """The plan parsed but has problems; ``problems`` lists all of them."""

    code = "invalid"


class RegistrationsError(OpenDayError, ValueError):
    """A registrations table could not be read; ``row`` says where when known."""

    code: str = "registrations"
    row: Optional[int]
    line: Optional[int]
    file: Optional[str]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.row = None
        self.line = None
        self.file = None


class RegistrationsFileError(RegistrationsError, OSError):
    """A registrations file could not be read."""

    code = "io"


class ReplanError(OpenDayError, ValueError):
    """Actual times could not be applied; ``segment`` names the segment."""

    code: str = "replan"
    segment: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.segment = ""


class PostponeError(OpenDayError, ValueError):
    """The day cannot be moved as asked (notice too short, past midnight, invalid)."""

    code: str = "postpone"


class ExportError(OpenDayError, OSError):
    """An export (CSV or ``.xlsx``) could not be written: ``csv`` or ``xlsx``."""

    code: str = "export"


class CalendarError(OpenDayError, ValueError):
    """A working calendar cannot answer (a year without holiday data, a bad file)."""

    code: str = "calendar"


class PreparationError(OpenDayError, ValueError):
    """A preparation step was refused (``unknown_duty``, ``illegal_step``,
    ``evidence``, ``self_verified``, ``out_of_order``, ``calendar``);
    ``duty`` names the duty when there is one."""

    code: str = "preparation"
    duty: Optional[str]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.duty = None


class LedgerError(OpenDayError, ValueError):
    """A ledger step was refused; ``point`` names the point when there is one."""

    code: str = "ledger"
    point: Optional[str]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.point = None


class SelectionError(OpenDayError, ValueError):
    """A draw could not be made. Subclasses say why."""

    code: str = "selection"
    conflicts: List[Dict[str, Any]]
    relaxation: List[Dict[str, Any]]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.conflicts = []
        self.relaxation = []


class InfeasibleQuotasError(SelectionError):
    """No panel meets every quota (or the pool is smaller than the seats).

    ``conflicts`` names the quotas (``code``, ``feature``, ``value``,
    ``message``); ``relaxation`` is the smallest change of bounds that makes
    a draw possible (``feature``, ``value``, ``bound``, ``from``, ``to``).
    """

    code: str = "infeasible"


class PoolError(SelectionError):
    """A candidate is malformed, duplicated, unknown, or the pool's features
    are not the targets'."""

    code: str = "pool"


class DrawCancelled(SelectionError):
    """The progress callback returned ``False``."""

    code: str = "cancelled"


class DrawVerificationError(SelectionError):
    """A published draw record does not re-run to the same result: wrong
    ``method``, ``commitment``, ``pool``, ``targets``, or ``differs``."""

    code: str = "verify"


class RosterError(OpenDayError, ValueError):
    """A confirmation or check-in step was refused: ``code`` is
    ``illegal_step`` (the message names the state and the step),
    ``unknown_person``, ``too_soon``, ``deadline``, ``check_in_window``,
    ``out_of_order``, ``journal`` or ``store``."""

    code: str = "roster"


class JournalError(OpenDayError, OSError):
    """A journal file could not be used: ``io``, ``newer_format``,
    ``not_a_journal``, ``damaged`` (a complete line that fails its checksum
    or chain: never deleted), ``locked`` (another writer holds it),
    ``legacy`` (format 1, read-only) or ``serialise``."""

    code: str = "journal"
    #: The journal file.
    file: Optional[str]
    #: The damaged line (1-based), for ``damaged``.
    line: Optional[int]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.file = None
        self.line = None
