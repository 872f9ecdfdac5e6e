"""The post-event summary through Python: the same figures as Rust and
JavaScript for the same inputs (testdata/review/vector.json)."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Dict

import pytest

import openday

ROOT = pathlib.Path(__file__).resolve().parents[2]
V: Dict[str, Any] = json.loads((ROOT / "testdata/review/vector.json").read_text(encoding="utf-8"))


def test_the_shared_review_vector() -> None:
    plan = openday.load_plan(ROOT / V["plan"])
    report = openday.screen_csv(plan, ROOT / V["registrations"], pseudonym_key=openday.demo_pseudonym_key())
    targets = openday.Targets.from_plan(plan)
    pool = openday.Pool.from_screening(report, plan, targets)
    drawn = openday.draw(pool, targets, V["seed"])
    roster = openday.Roster(plan, pool, targets)
    at = lambda k: datetime.datetime.fromisoformat(V[k])  # noqa: E731
    roster.drawn(at("drawn_at"), "office", drawn.record())
    for person in drawn.panel[: V["confirm"]]:
        roster.call(at("call_at"), "caller", person, "confirmed")
    for person in drawn.panel[: V["check_in"]]:
        roster.check_in(at("check_in_at"), "desk", person)
    assert roster.day() is None
    for seg in V["segments_ended"]:
        started = seg.get("started_at")
        roster.segment_ended(
            seg["segment"],
            datetime.datetime.fromisoformat(seg["ended_at"]),
            "desk",
            started_at=datetime.datetime.fromisoformat(started) if started else None,
        )
    day = roster.day()
    assert day is not None and day.window_holds == V["expect"]["day"]["window_holds"]
    scenario = json.loads((ROOT / V["ledger"]).read_text(encoding="utf-8"))
    ledger = openday.Ledger.replay(plan, scenario["events"], openday.WorkCalendar.china())
    review = openday.review(plan, report, drawn, ledger, at("as_of"), roster=roster)
    assert review["attendance"] is not None
    r: Dict[str, Any] = dict(review)  # compared key by key with the vector
    expect = V["expect"]
    for key in ["registrations", "by_channel", "seats", "quotas", "opinions_by_category", "ledger_counts", "replies_owed", "satisfaction", "day"]:
        assert r[key] == expect[key], key
    assert [list(x) for x in r["top_reasons"]] == expect["top_reasons"]
    assert {"confirmed": r["attendance"]["confirmed"], "came": r["attendance"]["came"]} == expect["attendance"]
    assert r["min_probability"] == pytest.approx(expect["min_probability"], abs=1e-9)
    assert r["html"].count("<svg") == 5 and "活动总结" in r["markdown"]


def test_segments_end_in_order_once() -> None:
    plan = openday.load_plan(ROOT / V["plan"])
    report = openday.screen_csv(plan, ROOT / V["registrations"], pseudonym_key=openday.demo_pseudonym_key())
    targets = openday.Targets.from_plan(plan)
    pool = openday.Pool.from_screening(report, plan, targets)
    roster = openday.Roster(plan, pool, targets)
    first = V["segments_ended"][0]
    end = datetime.datetime.fromisoformat(first["ended_at"])
    with pytest.raises(openday.ReplanError) as e:
        roster.segment_ended("nowhere", end, "desk")
    assert e.value.code == "unknown_segment"
    roster.segment_ended(first["segment"], end, "desk")
    with pytest.raises(openday.ReplanError) as e:
        roster.segment_ended(first["segment"], end, "desk")
    assert e.value.code == "repeated"
    assert len(roster) == 1
    with pytest.raises(TypeError, match="aware"):
        roster.segment_ended("site-1", datetime.datetime(2025, 9, 24, 15, 0), "desk")
