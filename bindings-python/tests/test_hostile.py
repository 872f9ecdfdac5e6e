"""The shared hostile vectors (``testdata/hostile/vectors.json``) through Python:
inputs that once crashed, lost rows or leaked personal data reach the same
outcomes as in Rust and JavaScript, as openday exceptions, never a panic."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Dict, List

import pytest

import openday
import openday.errors

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS: Dict[str, Any] = json.loads((ROOT / "testdata/hostile/vectors.json").read_text(encoding="utf-8"))


def names(section: str) -> List[Dict[str, Any]]:
    cases: List[Dict[str, Any]] = VECTORS[section]
    return cases


def patched(case: Dict[str, Any]) -> str:
    doc = json.loads((ROOT / case["base"]).read_text(encoding="utf-8"))
    for pointer, value in case["set"]:
        *parents, key = pointer.strip("/").split("/")
        node = doc
        for part in parents:
            node = node[part]
        node[key] = value
    return json.dumps(doc)


def has_problems(found: List[openday.Problem], expected: List[Dict[str, str]]) -> None:
    pairs = {(p.path, p.code) for p in found}
    for want in expected:
        assert (want["path"], want["code"]) in pairs, (want, pairs)


def plan_at(path: str) -> openday.Plan:
    return openday.load_plan(ROOT / path)


@pytest.mark.parametrize("case", names("plans"), ids=lambda c: c["name"])
def test_hostile_plans(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    text = patched(case)
    if "error" in expect:
        with pytest.raises(openday.errors.OpenDayError) as info:
            openday.load_plan(text)
        err: Any = info.value
        assert type(err).__name__ == expect["error"]
        assert err.code == expect["code"]
        has_problems(err.problems, expect.get("problems", []))
        for code, n in expect.get("count", {}).items():
            assert sum(p.code == code for p in err.problems) == n
        return
    plan = openday.load_plan(text)
    has_problems(plan.problems, expect["problems"])
    if "roster_error" in expect:
        targets = openday.Targets.from_plan(plan)
        features = [f["name"] for f in json.loads(plan.to_json())["selection"]["features"]]
        pool = openday.Pool(features, [])
        with pytest.raises(openday.errors.OpenDayError) as roster_info:
            openday.Roster(plan, pool, targets)
        assert type(roster_info.value).__name__ == expect["roster_error"]


def codes(report: openday.ScreeningReport) -> List[List[str]]:
    return [[c for c in r["reasons"].split(";") if c] for r in report.records()]


@pytest.mark.parametrize("case", names("screenings"), ids=lambda c: c["name"])
def test_hostile_screenings(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    plan = plan_at(case["plan"])
    data = case["csv"].encode("utf-8") if "csv" in case else bytes.fromhex(case["csv_hex"])
    never = expect.get("never_shown", [])
    if "error" in expect:
        with pytest.raises(openday.errors.OpenDayError) as info:
            openday.screen_csv(plan, data)
        err: Any = info.value
        assert type(err).__name__ == expect["error"]
        assert err.code == expect["code"]
        shown = f"{err} {err!r} {err.args}"
        for secret in never:
            assert secret not in shown
        return
    report = openday.screen_csv(plan, data)
    if "codes" in expect:
        assert codes(report) == expect["codes"]
    if "encoding" in expect:
        assert report.encoding == expect["encoding"]
    has_problems(report.warnings, expect.get("problems", []))
    summary = report.summary()
    for s in expect.get("summary_contains", []):
        assert s in summary
    for s in expect.get("summary_lacks", []):
        assert s not in summary
    masked = report.to_csv()
    records = json.dumps(report.records(), ensure_ascii=False)
    for secret in never:
        for shown in (summary, masked, records, repr(report)):
            assert secret not in shown
    messages = " ".join(r["messages_en"] for r in report.records(unmasked=True))
    for s in expect.get("messages_contain", []):
        assert s in messages
    unmasked = report.to_csv(unmasked=True)
    for s in expect.get("unmasked_csv_contains", []):
        assert s in unmasked
    for s in expect.get("unmasked_csv_lacks", []):
        assert s not in unmasked


@pytest.mark.parametrize("case", names("calendars"), ids=lambda c: c["name"])
def test_hostile_calendars(case: Dict[str, Any]) -> None:
    if case["expect"]["loads"]:
        openday.WorkCalendar.from_json(case["json"])
    else:
        with pytest.raises(openday.CalendarError):
            openday.WorkCalendar.from_json(case["json"])


@pytest.mark.parametrize("case", names("draws"), ids=lambda c: c["name"])
def test_hostile_draws(case: Dict[str, Any]) -> None:
    plan = plan_at(case["plan"])
    policy = json.loads(plan.to_json())["selection"]
    pool = openday.Pool([f["name"] for f in policy["features"]], [])
    targets = openday.Targets(case["seats"], policy)
    with pytest.raises(openday.errors.OpenDayError) as info:
        openday.draw(pool, targets, "hostile")
    assert type(info.value).__name__ == case["expect"]["error"]


@pytest.mark.parametrize("case", names("ledgers"), ids=lambda c: c["name"])
def test_hostile_ledgers(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    ledger = openday.Ledger.replay(plan_at(case["plan"]), case["events"], openday.WorkCalendar.china())
    masked, unmasked = ledger.to_csv(), ledger.to_csv(unmasked=True)
    for s in expect.get("masked_csv_contains", []):
        assert s in masked
    for s in expect.get("masked_csv_lacks", []):
        assert s not in masked
        assert s not in json.dumps(ledger.records(), ensure_ascii=False)
    for s in expect.get("unmasked_csv_contains", []):
        assert s in unmasked


@pytest.mark.parametrize("case", names("rosters"), ids=lambda c: c["name"])
def test_hostile_rosters(case: Dict[str, Any]) -> None:
    plan = plan_at(case["plan"])
    data = (ROOT / case["registrations"]).read_bytes()
    report = openday.screen_csv(plan, data, pseudonym_key=openday.demo_pseudonym_key())
    targets = openday.Targets.from_plan(plan)
    pool = openday.Pool.from_screening(report, plan, targets)
    drawn = openday.draw(pool, targets, case["seed"])
    roster = openday.Roster(plan, pool, targets)
    roster.drawn(plan.starts_at - datetime.timedelta(days=5), "hostile", drawn.record())
    entries = roster.entries()
    record = next(e for e in entries if e["event"]["type"] == "drawn")["event"]["record"]
    taken = set(record["panel"]) | set(record["reserves"])
    record["panel"][0] = next(c["id"] for c in pool.candidates() if c["id"] not in taken)
    with pytest.raises(openday.errors.OpenDayError) as info:
        openday.Roster.replay(plan, pool, targets, entries)
    assert type(info.value).__name__ == case["expect"]["error"]
    assert case["expect"]["contains"] in str(info.value)
