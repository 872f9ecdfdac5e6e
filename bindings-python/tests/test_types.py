"""The TypedDicts of ``openday.types`` (generated from the JS package's
TypeScript declarations, one source for both) against the objects the
Python package really returns: every key returned is declared, every
required key is there, and every value has the declared type. The same
calls as bindings-wasm/tests/types.test.mjs."""

import datetime
import json
import pathlib
import types as pytypes
from typing import Any, Dict, List, Literal, Tuple, Union, get_args, get_origin, get_type_hints, is_typeddict

import openday
from openday import types as T

ROOT = pathlib.Path(__file__).resolve().parents[2]
TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).astimezone(TZ)


def check(tp: Any, value: Any, where: str) -> None:
    origin = get_origin(tp)
    if tp is Any:
        return
    if origin in (Union, getattr(pytypes, "UnionType", Union)):
        errors = []
        for alt in get_args(tp):
            try:
                check(alt, value, where)
                return
            except AssertionError as e:
                errors.append(str(e))
        raise AssertionError(f"{where}: {value!r} is none of {tp}: {errors}")
    if tp is type(None):
        assert value is None, f"{where}: {value!r} is not None"
    elif origin is Literal:
        assert value in get_args(tp), f"{where}: {value!r} not in {get_args(tp)}"
    elif tp is bool:
        assert isinstance(value, bool), f"{where}: {value!r} is not a bool"
    elif tp is int:
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r} is not an int"
    elif tp is float:
        assert isinstance(value, float), f"{where}: {value!r} is not a float"
    elif tp is str:
        assert isinstance(value, str), f"{where}: {value!r} is not a str"
    elif origin in (list, List):
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for i, item in enumerate(value):
            check(get_args(tp)[0], item, f"{where}[{i}]")
    elif origin in (tuple, Tuple):
        assert isinstance(value, (list, tuple)) and len(value) == len(get_args(tp)), f"{where}: {value!r}"
        for i, (a, item) in enumerate(zip(get_args(tp), value)):
            check(a, item, f"{where}[{i}]")
    elif origin in (dict, Dict):
        assert isinstance(value, dict), f"{where}: {value!r} is not a dict"
        for k, item in value.items():
            check(get_args(tp)[1], item, f"{where}[{k!r}]")
    elif is_typeddict(tp):
        conforms(tp, value, where)
    else:
        raise AssertionError(f"{where}: no check for {tp}")


def conforms(td: Any, value: Any, where: str = "") -> None:
    where = where or td.__name__
    assert isinstance(value, dict), f"{where}: {value!r} is not a dict"
    hints = get_type_hints(td)
    for key in value:
        assert key in hints, f"{where}.{key} is returned but not declared"
    for key in td.__required_keys__:
        assert key in value, f"{where}.{key} is declared but not returned"
    for key, item in value.items():
        check(hints[key], item, f"{where}.{key}")


def test_returned_objects_have_exactly_the_declared_keys_and_types() -> None:
    plan = openday.Plan.from_json(openday.example_plan_json())
    report = openday.screen_csv(
        plan, openday.example_registrations_csv().encode(), pseudonym_key=openday.demo_pseudonym_key()
    )
    targets = openday.Targets.from_plan(plan)
    conforms(T.TargetsJson, targets.to_dict())
    pool = openday.Pool.from_screening(report, plan, targets)
    d = openday.draw(pool, targets, "types")
    conforms(T.DrawRecord, d.record())
    conforms(T.DrawStats, d.stats())
    conforms(T.DrawQuota, d.quotas()[0])
    conforms(T.SupportPanel, d.support()[0])
    conforms(T.Replacement, openday.replacement(pool, targets, d.panel, d.panel[0], d.reserves))
    gaps = openday.quota_gaps(pool, targets, d.panel[5:])
    assert gaps
    conforms(T.QuotaGap, gaps[0])

    roster = openday.Roster(plan, pool, targets)
    roster.screened(at("2025-09-18T08:00:00+08:00"), "team", report)
    roster.drawn(at("2025-09-18T09:00:00+08:00"), "team", d.record())
    roster.call(at("2025-09-18T10:00:00+08:00"), "caller", d.panel[0], "confirmed")
    roster.call(at("2025-09-18T10:00:00+08:00"), "caller", d.panel[1], {"outcome": "declined", "reason": "away"})
    roster.check_in(at("2025-09-24T14:30:00+08:00"), "desk", d.panel[0])
    roster.walk_in(at("2025-09-24T14:31:00+08:00"), "desk", "walk-in 1")
    roster.segment_ended("check-in", at("2025-09-24T14:40:00+08:00"), "site")
    roster.close_check_in(at("2025-09-24T15:30:00+08:00"), "desk")
    for e in roster.entries():
        conforms(T.JournalEntry, e)
    for p in roster.people():
        conforms(T.Person, p)
    conforms(T.CallSheetRow, roster.call_sheet(at("2025-09-18T12:00:00+08:00"), report)[0])
    conforms(T.RosterRow, roster.check_in_list(report)[0])
    conforms(T.RosterRow, roster.confirmed_roster(report)[0])
    conforms(T.Attendance, roster.attendance())

    scenario = json.loads((ROOT / "testdata/ledger/scenario.json").read_text(encoding="utf-8"))
    ledger = openday.Ledger.replay(plan, scenario["events"], openday.WorkCalendar.china())
    for c in ledger.cases():
        conforms(T.LedgerCase, c)
    for r in ledger.records():
        conforms(T.LedgerRecord, r)
    lr = ledger.report(at(scenario["as_of"]))
    conforms(T.LedgerReport, lr)

    review = openday.review(plan, report, d, ledger, at(scenario["as_of"]), roster=roster)
    conforms(T.Review, review)

    prep = openday.Preparation(plan)
    for s in prep.duties():
        conforms(T.DutyState, s)
    readiness = prep.readiness(at("2025-09-01T10:00:00+08:00"))
    conforms(T.Readiness, readiness)
    conforms(T.TaskSheet, prep.task_sheets()[0])
    conforms(T.RegistrationGuide, openday.registration_guide(plan, at("2025-09-01T10:00:00+08:00")))
