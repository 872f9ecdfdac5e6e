"""Notices through Python: the same text as Rust (shared vector), names in a
published list masked whatever they are given as."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Dict

import pytest

import openday

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS: Dict[str, Any] = json.loads((ROOT / "testdata/notices/vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["plan"].split("/")[-2])
def test_shared_notices(case: Dict[str, Any]) -> None:
    plan = openday.load_plan(ROOT / case["plan"])
    n = openday.registration_notice(plan)
    assert {"markdown_zh": n["markdown_zh"], "markdown_en": n["markdown_en"]} == case["registration"]
    assert n["html"].startswith("<!doctype html>")
    by = datetime.datetime.fromisoformat(case["confirm_by"])
    assert openday.text_messages(plan, by) == case["text_messages"]


def test_a_published_list_masks_names_and_a_postponement_gives_both_dates() -> None:
    plan = openday.load_plan(openday.example_plan_json())
    n = openday.selected_list(plan, [{"name": "张三丰", "district": "原州区"}, {"name": "李四", "district": None}], "s", "c" * 64)
    assert "张三丰" not in n["markdown_zh"] + n["html"] and "张*丰" in n["markdown_zh"]
    tz = plan.time_zone
    moved = plan.postpone(datetime.date(2025, 9, 26), announced_at=datetime.datetime(2025, 9, 22, 17, tzinfo=tz))
    p = openday.postponement_notice(plan, moved)
    assert "2025年9月26日（星期五）14:20" in p["markdown_zh"]


def test_the_reply_to_a_citizen_is_masked_unless_asked() -> None:
    plan = openday.load_plan(openday.example_plan_json())
    scenario = json.loads((ROOT / "testdata/ledger/scenario.json").read_text(encoding="utf-8"))
    ledger = openday.Ledger.replay(plan, scenario["events"], openday.WorkCalendar.china())
    reply = ledger.reply("F1")
    assert reply is not None and "尊敬的张*丰" in reply["markdown_zh"] and "张三丰" not in reply["html"]
    unmasked = ledger.reply("F1", unmasked=True)
    assert unmasked is not None and "张三丰" in unmasked["markdown_zh"]
    assert ledger.reply("A") is None


def test_the_shared_registration_guide_vectors() -> None:
    """The citizen's guide: the same object as Rust and JavaScript."""
    vectors = json.loads((ROOT / "testdata/guide/vectors.json").read_text(encoding="utf-8"))
    for case in vectors["cases"]:
        plan = openday.load_plan(ROOT / case["plan"])
        at = datetime.datetime.fromisoformat(case["at"].replace("Z", "+00:00"))
        assert openday.registration_guide(plan, at) == case["expect"], case["plan"]
    plan = openday.load_plan(ROOT / vectors["cases"][0]["plan"])
    with pytest.raises(TypeError, match="aware"):
        openday.registration_guide(plan, datetime.datetime(2025, 9, 1, 10, 0))
