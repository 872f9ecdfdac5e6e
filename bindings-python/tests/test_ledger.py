"""The working calendar and the feedback ledger through the Python binding."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest

import openday

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.datetime(2025, 9, 24, 17, 30, tzinfo=TZ)


@pytest.fixture(scope="module")
def plan() -> openday.Plan:
    return openday.load_plan(openday.example_plan_json())


def test_calendar_knows_holidays_and_make_up_days() -> None:
    cal = openday.WorkCalendar.china()
    assert cal.add_working_days(datetime.date(2025, 9, 28), 5) == datetime.date(2025, 10, 11)
    assert cal.is_working_day(datetime.date(2026, 2, 28)) and not cal.is_working_day(datetime.date(2026, 2, 23))
    assert cal.holiday(datetime.date(2026, 10, 3)) == "国庆节"
    with pytest.raises(openday.CalendarError) as info:
        cal.is_working_day(datetime.date(2027, 1, 4))
    assert info.value.code == "year_not_covered"


def ev(at: datetime.datetime, **action: Any) -> dict[str, Any]:
    return {"at": at, "actor": "办公室", "action": action}


def form(fid: str, categories: list[str], anonymous: bool = False) -> dict[str, Any]:
    f: dict[str, Any] = {"id": fid, "points": [{"category": c, "text": f"{c}问题"} for c in categories]}
    if not anonymous:
        f.update(participant="row-1", contact_name="张三丰", contact_phone="13800000007")
    return ev(DAY, action="form_received", form=f)


def test_lifecycle_report_replay_and_masking(plan: openday.Plan) -> None:
    events = [
        form("F1", ["street-lights", "greening", "digital"]),
        ev(DAY, action="answered_on_spot", point="F1-3", answer="现场演示", unit="command-centre"),
        ev(DAY, action="filed", point="F1-1"),
        ev(DAY, action="filed", point="F1-2"),
        ev(DAY + datetime.timedelta(days=1), action="started", point="F1-2"),
        ev(DAY + datetime.timedelta(days=2), action="resolved", point="F1-2", result="已补植"),
    ]
    ledger = openday.Ledger.replay(plan, events)
    assert len(ledger) == 3
    assert ledger.status("F1-3") == "closed" and ledger.status("F1-2") == "resolved"
    assert ledger.due("F1-1") == datetime.datetime(2025, 9, 30, 18, 0, tzinfo=TZ)
    report = ledger.report(datetime.datetime(2025, 10, 24, 9, tzinfo=TZ))
    assert [(o["point"], o["late_working_days"]) for o in report["overdue"]] == [("F1-1", 13)]
    assert [r["point"] for r in report["replies"]] == ["F1-2"]
    assert "Overdue (1)" in ledger.report_text(datetime.datetime(2025, 10, 24, 9, tzinfo=TZ))
    again = openday.Ledger.replay(plan, ledger.events())
    assert again.cases() == ledger.cases()
    assert "138****0007" in ledger.to_csv() and "13800000007" not in ledger.to_csv()
    assert "13800000007" in ledger.to_csv(unmasked=True)
    assert {r["point"] for r in ledger.records()} == {"F1-1", "F1-2", "F1-3"}


def test_illegal_steps_are_ledger_errors(plan: openday.Plan) -> None:
    ledger = openday.Ledger(plan)
    ledger.apply(form("F1", ["sewage"]))
    ledger.apply(ev(DAY, action="filed", point="F1-1"))
    with pytest.raises(openday.LedgerError) as info:
        ledger.apply(ev(DAY, action="resolved", point="F1-1", result="x"))
    assert info.value.code == "illegal_transition" and info.value.point == "F1-1"
    assert "is assigned: it cannot be resolved" in str(info.value)
    assert info.value.message_zh == "台账操作未被接受：F1-1 当前为“已交办”，不能办结"
    with pytest.raises(ValueError, match="invalid ledger event"):
        ledger.apply(ev(DAY, action="teleported", point="F1-1"))
    with pytest.raises(TypeError, match="aware datetime"):
        ledger.apply({"at": datetime.datetime(2025, 9, 25), "actor": "x", "action": {"action": "started", "point": "F1-1"}})


ROOT = __import__("pathlib").Path(__file__).resolve().parents[2] / "testdata"


def test_shared_calendar_table() -> None:
    import json

    table = json.loads((ROOT / "calendar" / "cn-working-days.json").read_text(encoding="utf-8"))
    cal = openday.WorkCalendar.china()
    for c in table["add"]:
        start = datetime.date.fromisoformat(c["start"])
        assert cal.add_working_days(start, c["n"]).isoformat() == c["expect"], c
    for c in table["working"]:
        assert cal.is_working_day(datetime.date.fromisoformat(c["date"])) is c["expect"], c


def test_shared_ledger_scenario(plan: openday.Plan) -> None:
    import json

    scenario = json.loads((ROOT / "ledger" / "scenario.json").read_text(encoding="utf-8"))
    ledger = openday.Ledger.replay(plan, scenario["events"])
    expect = scenario["expect"]
    assert {c["id"]: c["status"] for c in ledger.cases()} == expect["status"]
    assert {c["id"]: c["due"] for c in ledger.cases() if c["due"]} == expect["due"]
    report = ledger.report(datetime.datetime.fromisoformat(scenario["as_of"]))
    assert [[o["point"], o["late_working_days"]] for o in report["overdue"]] == expect["overdue"]
    assert [r["point"] for r in report["replies"]] == expect["replies"]
