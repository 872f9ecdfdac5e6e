"""Re-planning, postponement and exports through the Python binding."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import pytest

import openday

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(h: int, m: int, day: int = 24) -> datetime.datetime:
    return datetime.datetime(2025, 9, day, h, m, tzinfo=TZ)


@pytest.fixture(scope="module")
def plan() -> openday.Plan:
    return openday.load_plan(openday.example_plan_json())


def test_slack_and_transport(plan: openday.Plan) -> None:
    assert [s.slack_minutes for s in plan.timetable()] == [0] * 6
    need = plan.transport()
    assert need is not None and need["vehicle_count"] == 1 and need["group"] == 36 and need["fits"]


def test_replan_after_a_fifteen_minute_overrun(plan: openday.Plan) -> None:
    r = plan.replan([
        {"segment": "check-in", "ended_at": at(14, 40)},
        {"segment": "site-1", "ended_at": at(15, 20)},
        {"segment": "site-2", "ended_at": at(16, 15)},
    ])
    rows = [(s.id, s.starts_at.strftime("%H:%M"), s.ends_at.strftime("%H:%M"), s.actual) for s in r.timetable()]
    assert rows[3:] == [("site-3", "16:15", "16:35", False), ("site-4", "16:35", "17:00", False), ("discussion", "17:00", "18:00", False)]
    assert all(actual for *_, actual in rows[:3])
    assert r.window_holds and r.overrun_minutes == 0 and r.new_end == at(18, 0)
    assert [(c["segment"], c["shift_minutes"], c["shortened_minutes"]) for c in r.changes] == [("site-3", 15, 10), ("site-4", 5, 5)]
    with pytest.raises(openday.ReplanError) as info:
        plan.replan([{"segment": "site-1", "ended_at": at(15, 20)}])
    assert info.value.code == "out_of_order" and info.value.segment == "site-1"


def test_postpone_and_notice(plan: openday.Plan) -> None:
    moved = plan.postpone(datetime.date(2025, 9, 26), announced_at=at(14, 20, day=23))
    assert moved.new_start == at(14, 20, day=26)
    assert moved.plan.starts_at == at(14, 20, day=26)
    assert moved.changes[0] == {"field": "day.date", "from": "2025-09-24", "to": "2025-09-26"}
    assert {"audience": "reserves"} in moved.notify
    assert {"audience": "unit", "id": "gardens", "name": "园林管理所"} in moved.notify
    with pytest.raises(openday.PostponeError) as info:
        plan.postpone(datetime.date(2025, 9, 26), announced_at=at(15, 0, day=23))
    assert info.value.code == "notice_too_short" and "24 h" in str(info.value)
    back = moved.plan.postpone(datetime.date(2025, 9, 24), announced_at=at(9, 0, day=20))
    assert back.plan == plan


def test_ical_parses_with_an_independent_parser_and_keeps_times(plan: openday.Plan) -> None:
    stamp = datetime.datetime(2025, 9, 1, tzinfo=datetime.timezone.utc)
    cal = icalendar.Calendar.from_ical(plan.to_ical(stamp))
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    timetable = plan.timetable()
    assert len(events) == len(timetable)
    for event, segment in zip(events, timetable):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == segment.starts_at and end == segment.ends_at
        assert start.utcoffset() == datetime.timedelta(hours=8)
        assert str(event["SUMMARY"]) == segment.title
        assert event.decoded("DTSTAMP") == stamp
    assert [c for c in cal.walk() if c.name == "VTIMEZONE"][0]["TZID"] == "Asia/Shanghai"
    assert "城管大楼门前, 固原市原州区文化路7号" == str(events[0]["LOCATION"])


def test_ical_for_a_daylight_saving_zone_round_trips() -> None:
    doc = openday.load_plan(openday.example_plan_json()).to_json()
    doc = doc.replace('"Asia/Shanghai"', '"Europe/Berlin"').replace("+08:00", "+02:00").replace('"2025-09-24"', '"2025-10-26"')
    berlin = openday.Plan.from_json(doc)
    events = [c for c in icalendar.Calendar.from_ical(berlin.to_ical()).walk() if c.name == "VEVENT"]
    assert [e.decoded("DTSTART") for e in events] == [s.starts_at for s in berlin.timetable()]
    # 26 October 2025 is the day Berlin leaves summer time: the day is in CET.
    assert events[0].decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)


def test_run_sheets_and_svg(plan: openday.Plan) -> None:
    sheets = {s["unit"]: s for s in plan.run_sheets()}
    assert "office" in sheets and "gardens" in sheets
    assert "观摩点一：大原广场" in sheets["gardens"]["markdown"]
    r = plan.replan([{"segment": "check-in", "ended_at": at(14, 45)}])
    svg = plan.timeline_svg(r)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = root.findall("s:g[@class='segment']", ns)
    assert [g.get("data-id") for g in groups] == [s.id for s in plan.timetable()]
    planned = [g.find("s:rect[@class='planned']", ns) for g in groups]
    assert [p.get("data-start") for p in planned if p is not None] == [s.starts_at.isoformat() for s in plan.timetable()]
    assert len(root.findall(".//s:rect[@class='actual']", ns)) == 1
    assert len(root.findall(".//s:rect[@class='replanned']", ns)) == 5
