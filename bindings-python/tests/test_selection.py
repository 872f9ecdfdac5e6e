"""Balanced selection through the Python binding, checked against the shared
vectors that Rust and the browser also run."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import threading
from typing import Any, Dict, List, Tuple

import pytest

import openday

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "testdata" / "selection" / "vectors.json"
CASES: List[Dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]


ROOT = pathlib.Path(__file__).resolve().parents[2]


def generated(case: Dict[str, Any]) -> Tuple[openday.Pool, openday.Targets, Dict[str, int]]:
    plan = openday.load_plan(ROOT / case["plan_file"])
    csv = openday.synthetic_registrations_csv(plan, case["generated"]["rows"], case["generated"]["seed"])
    report = openday.screen_csv(plan, csv.encode("utf-8"), pseudonym_key=openday.demo_pseudonym_key())
    targets = openday.Targets.from_plan(plan)
    return openday.Pool.from_screening(report, plan, targets), targets, dict(report.counts)


def inputs(case: Dict[str, Any]) -> Tuple[openday.Pool, openday.Targets]:
    if "plan_file" in case:
        pool, targets, counts = generated(case)
        assert counts == case["expect"]["counts"]
        return pool, targets
    if "synthetic" in case:
        return openday.synthetic_instance(case["synthetic"])
    if case.get("guyuan"):
        plan = openday.load_plan(openday.example_plan_json())
        report = openday.screen_csv(plan, openday.example_registrations_csv().encode("utf-8"), pseudonym_key=openday.demo_pseudonym_key())
        targets = openday.Targets.from_plan(plan)
        return openday.Pool.from_screening(report, plan, targets), targets
    t = case["targets"]
    targets = openday.Targets(t["seats"], t["policy"])
    return openday.Pool(case["pool"]["features"], case["pool"]["candidates"]), targets


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_vectors(case: Dict[str, Any]) -> None:
    pool, targets = inputs(case)
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(openday.InfeasibleQuotasError) as info:
            openday.draw(pool, targets, case["seed"])
        assert info.value.code == expect["error"]
        assert info.value.relaxation == expect["relaxation"]
        return
    drawn = openday.draw(pool, targets, case["seed"], max_rounds=case.get("max_rounds"))
    record = drawn.record()
    if "max_rounds" in case:
        stats = drawn.stats()
        assert stats["complete"] is False
        assert record["stopped_after_rounds"] == expect["stopped_after_rounds"]
        assert abs(stats["min_probability_bound"] - expect["min_probability_bound"]) < 1e-6
        assert openday.verify(record, pool, targets).panel == drawn.panel
    else:
        assert "stopped_after_rounds" not in record and drawn.stats()["complete"] is True
    assert drawn.panel == expect["panel"]
    assert drawn.reserves == expect["reserves"]
    assert abs(drawn.stats()["min_probability"] - expect["min_probability"]) < 1e-6
    assert record["commitment"] == expect["commitment"] == openday.seed_commitment(case["seed"])
    assert record["pool_digest"] == expect["pool_digest"] == pool.digest()
    assert record["targets_digest"] == expect["targets_digest"] == targets.digest()


def small() -> Tuple[openday.Pool, openday.Targets]:
    return openday.synthetic_instance(
        {"pool": 120, "seats": 12, "features": 3, "households": 0.2, "tolerance": 0.05, "seed": 9}
    )


def test_draw_meets_quotas_and_verifies() -> None:
    pool, targets = small()
    drawn = openday.draw(pool, targets, "seed")
    assert len(drawn.panel) == 12 and openday.quota_gaps(pool, targets, drawn.panel) == []
    assert abs(sum(drawn.probabilities.values()) - 12) < 1e-6
    rows = drawn.quotas()
    assert {"feature", "value", "min", "max", "pool", "panel", "expected"} <= set(rows[0])
    assert all(r["min"] <= r["panel"] <= r["max"] for r in rows)
    again = openday.verify(json.dumps(drawn.record()), pool, targets)
    assert again.panel == drawn.panel
    tampered = dict(drawn.record(), seed="another seed")
    with pytest.raises(openday.DrawVerificationError) as info:
        openday.verify(tampered, pool, targets)
    assert info.value.code == "commitment"


def test_replacement_keeps_quotas() -> None:
    pool, targets = small()
    drawn = openday.draw(pool, targets, "seed")
    leaving = drawn.panel[0]
    found = openday.replacement(pool, targets, drawn.panel, leaving, drawn.reserves)
    assert found is not None and found["id"] in drawn.reserves
    if found["keeps_quotas"]:
        after = [p for p in drawn.panel if p != leaving] + [found["id"]]
        assert openday.quota_gaps(pool, targets, after) == []


def test_progress_is_called_and_can_cancel() -> None:
    pool, targets = small()
    seen: List[Dict[str, int]] = []

    def record(p: Dict[str, int]) -> None:
        seen.append(p)

    openday.draw(pool, targets, "seed", progress=record)
    assert seen and seen[-1]["fixed"] == seen[-1]["classes"]
    with pytest.raises(openday.DrawCancelled):
        openday.draw(pool, targets, "seed", progress=lambda p: False)

    def boom(p: Dict[str, int]) -> None:
        raise KeyError("from the callback")

    with pytest.raises(KeyError):
        openday.draw(pool, targets, "seed", progress=boom)


def test_a_budget_stops_with_the_best_so_far() -> None:
    pool, targets = openday.synthetic_instance(
        {"pool": 400, "seats": 20, "features": 4, "households": 0.1, "tolerance": 0.05, "seed": 11}
    )
    full = openday.draw(pool, targets, "seed")
    cut = openday.draw(pool, targets, "seed", max_rounds=3)
    stats = cut.stats()
    assert stats["complete"] is False and stats["rounds"] >= 3
    # Certified: the finished draw's minimum is within the stopped draw's bound.
    assert full.stats()["min_probability"] <= stats["min_probability_bound"] + 1e-7
    assert stats["min_probability"] <= stats["min_probability_bound"] + 1e-7
    assert openday.quota_gaps(pool, targets, cut.panel) == []
    assert cut.record()["stopped_after_rounds"] == 3
    assert openday.verify(cut.record(), pool, targets).panel == cut.panel
    # With a budget, a stop from the callback gives the best so far too.
    stopped = openday.draw(pool, targets, "seed", max_seconds=3600, progress=lambda p: p["panels"] < 40)
    assert stopped.stats()["complete"] is False
    zero = openday.draw(pool, targets, "seed", max_seconds=0)
    assert zero.stats()["complete"] is False and zero.record()["stopped_after_rounds"] == 1
    with pytest.raises(openday.OpenDayError) as info:
        openday.draw(pool, targets, "seed", max_seconds=float("nan"))
    assert info.value.code == "bad_budget" and "max_seconds" in str(info.value)


def test_draw_releases_the_gil() -> None:
    # Without the GIL released, the counting thread cannot run at all while
    # the solve is in Rust (no bytecode runs there to hand it over).
    pool, targets = openday.synthetic_instance(
        {"pool": 600, "seats": 30, "features": 4, "households": 0.0, "tolerance": 0.05, "seed": 1}
    )
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        before = ticks
        openday.draw(pool, targets, "seed")
        during = ticks - before
    finally:
        done.set()
        t.join()
    assert during > 10_000, during


def test_bad_pool_and_infeasible_quotas_are_clear() -> None:
    with pytest.raises(openday.PoolError) as info:
        openday.Pool(["district"], [{"id": "a", "values": ["x"]}, {"id": "a", "values": ["y"]}])
    assert info.value.code == "duplicate_candidate"
    with pytest.raises(openday.PoolError) as info2:
        openday.Pool(["district", "gender"], [{"id": "a", "values": ["x"]}])
    assert "candidate 0 (a)" in str(info2.value)
    people = [{"id": f"p{i}", "values": ["彭阳县" if i < 2 else "原州区"]} for i in range(20)]
    policy = {"features": [{"name": "district", "from": {"attribute": "district"}, "quotas": {"彭阳县": {"min": 4}}}]}
    with pytest.raises(openday.InfeasibleQuotasError) as info3:
        openday.draw(openday.Pool(["district"], people), openday.Targets(10, policy), "s")
    assert "district 彭阳县 needs ≥ 4 but only 2 eligible registrants" in str(info3.value)
    assert info3.value.relaxation == [{"feature": "district", "value": "彭阳县", "bound": "min", "from": 4, "to": 2}]


def test_pool_from_screening_holds_no_personal_data() -> None:
    plan = openday.load_plan(openday.example_plan_json())
    report = openday.screen_csv(plan, openday.example_registrations_csv().encode("utf-8"), pseudonym_key=openday.demo_pseudonym_key())
    pool = openday.Pool.from_screening(report, plan, openday.Targets.from_plan(plan))
    text = json.dumps(pool.candidates(), ensure_ascii=False)
    rows = list(csv.DictReader(io.StringIO(openday.example_registrations_csv())))
    for row in rows:
        for column in ("姓名", "联系电话", "身份证号", "住址"):
            if row[column]:
                assert row[column] not in text, column
    first = pool.candidates()[0]["id"]
    origin = pool.origin(first)
    assert origin is not None and "*" in origin["name"]


def test_a_pool_needs_the_organisers_pseudonym_key() -> None:
    plan = openday.load_plan(openday.example_plan_json())
    targets = openday.Targets.from_plan(plan)
    csv = openday.example_registrations_csv().encode("utf-8")
    with pytest.raises(openday.SelectionError) as info:
        openday.Pool.from_screening(openday.screen_csv(plan, csv), plan, targets)
    assert info.value.code == "no_pseudonym_key"
    one = openday.Pool.from_screening(openday.screen_csv(plan, csv, pseudonym_key="one"), plan, targets)
    two = openday.Pool.from_screening(openday.screen_csv(plan, csv, pseudonym_key=b"two"), plan, targets)
    assert {c["id"] for c in one.candidates()}.isdisjoint({c["id"] for c in two.candidates()})


def test_outlook_tells_the_classes_before_the_draw() -> None:
    pool, targets = small()
    o = openday.outlook(pool, targets)
    assert set(o) == {"drawable", "classes", "household_classes", "types", "slow", "features"}
    assert o["classes"] == openday.draw(pool, targets, "seed").stats()["classes"]
    assert 0 < o["types"] <= o["classes"]
    assert o["slow"] is False
    assert len(o["features"]) == 3
    for f in o["features"]:
        assert set(f) == {"feature", "values", "binding", "alone", "free_text"}
        assert f["free_text"] is False
