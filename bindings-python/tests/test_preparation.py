"""Preparation duties and readiness through Python: the shared scenario
(testdata/preparation/scenario.json) gives the same readiness as in Rust
and JavaScript, refused steps are PreparationErrors that change nothing."""

from __future__ import annotations

import datetime
import json
import pathlib
import zoneinfo
from typing import Any, Dict, List, Mapping

import pytest

import openday

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO: Dict[str, Any] = json.loads((ROOT / "testdata/preparation/scenario.json").read_text(encoding="utf-8"))


def scenario_plan() -> openday.Plan:
    doc = json.loads((ROOT / SCENARIO["plan"]).read_text(encoding="utf-8"))
    doc["preparation"] = {"duties": SCENARIO["duties"]}
    return openday.Plan.from_json(json.dumps(doc))


def summary(r: Mapping[str, Any]) -> Dict[str, Any]:
    ids = lambda key: [d["id"] for d in r[key]]  # noqa: E731
    return {
        "ready": r["ready"],
        "blocking": ids("blocking"),
        "overdue": ids("overdue"),
        "due_soon": ids("due_soon"),
        "unverified": ids("unverified"),
        "by_unit": r["by_unit"],
        "by_person": r["by_person"],
    }


def test_the_shared_scenario() -> None:
    prep = openday.Preparation.replay(scenario_plan(), SCENARIO["events"], openday.WorkCalendar.china())
    as_of = datetime.datetime.fromisoformat(SCENARIO["as_of"])
    report = prep.readiness(as_of, SCENARIO["horizon_days"])
    assert summary(report) == SCENARIO["expect"]
    assert "NOT READY" in prep.readiness_text(as_of, SCENARIO["horizon_days"])
    before = prep.duties()
    for refused in SCENARIO["refused"]:
        with pytest.raises(openday.PreparationError) as info:
            prep.apply(refused["event"])
        assert info.value.code == refused["code"]
    assert prep.duties() == before
    sheets = prep.task_sheets()
    assert {s["unit"] for s in sheets} >= {"office", "gardens", "sewage"}


def test_defaults_and_due_dates_are_aware() -> None:
    prep = openday.Preparation(openday.load_plan(openday.example_plan_json()))
    duties = prep.duties()
    assert len(prep) == len(duties) == 11
    safety = next(d for d in duties if d["duty"]["id"] == "safety-site-1")
    assert safety["due"] == "2025-09-17T18:00:00+08:00"
    with pytest.raises(openday.PreparationError) as info:
        prep.apply({
            "at": datetime.datetime(2025, 9, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")),
            "actor": "园林管理所",
            "action": {"action": "done", "duty": "safety-site-1", "evidence": {}},
        })
    assert info.value.code == "evidence" and info.value.duty == "safety-site-1"
