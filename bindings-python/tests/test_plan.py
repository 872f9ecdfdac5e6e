"""Plan loading, validation and the timetable through the Python binding."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import time
import zoneinfo

import jsonschema
import pytest

import openday

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "testdata" / "plans"
GUYUAN = ROOT / "core" / "data" / "examples" / "guyuan-2025" / "plan.openday.json"


def vectors() -> list[dict]:
    return json.loads((PLANS / "vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", vectors(), ids=lambda c: c["name"])
def test_shared_vectors(case: dict) -> None:
    path = PLANS / case["plan"]
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(openday.PlanError) as info:
            openday.load_plan(path)
        err = info.value
        want = expect["error"]
        assert err.code == want["code"], str(err)
        assert err.file == str(path)
        assert str(path) in str(err)
        if "problems" in want:
            assert [{"path": p.path, "code": p.code} for p in err.problems] == want["problems"]
        if "line" in want:
            assert err.line == want["line"]
            assert isinstance(err.column, int) and err.column >= 1
        if "path" in want:
            assert err.path == want["path"]
        return
    plan = openday.load_plan(path)
    got = [
        {"id": s.id, "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat()}
        for s in plan.timetable()
    ]
    assert got == expect["timetable"]
    if "warnings" in expect:
        assert [{"path": w.path, "code": w.code} for w in plan.warnings] == expect["warnings"]
        assert all(w.severity == "warning" for w in plan.warnings)
    segments = {s.id: s for s in plan.timetable()}
    for seg_id, want in expect.get("turns", {}).items():
        turns = [
            {"group": t["group"], "size": t["size"], "starts_at": t["starts_at"].isoformat(),
             "ends_at": t["ends_at"].isoformat()}
            for t in segments[seg_id].turns
        ]
        assert turns == want
    if "summary" in expect:
        assert plan.summary() == (PLANS / expect["summary"]).read_text(encoding="utf-8")


def test_error_classes_per_variant() -> None:
    minimal = openday.example_plan_json()
    with pytest.raises(openday.PlanSyntaxError) as syntax:
        openday.Plan.from_json(minimal[:-3])
    assert syntax.value.line is not None and syntax.value.file is None
    with pytest.raises(openday.PlanStructureError) as structure:
        openday.Plan.from_json(minimal.replace('"seats": 30', '"seats": -1'))
    assert structure.value.path == "seats"
    with pytest.raises(openday.PlanFormatError):
        openday.Plan.from_json(minimal.replace('"format": 2', '"format": 9'))
    with pytest.raises(openday.PlanFileError) as io:
        openday.load_plan(ROOT / "no-such.openday.json")
    assert isinstance(io.value, OSError) and isinstance(io.value, ValueError)
    assert io.value.code == "io"
    for cls in (openday.PlanSyntaxError, openday.PlanValidationError, openday.PlanFileError):
        assert issubclass(cls, openday.PlanError)
        assert issubclass(cls, openday.OpenDayError)


def test_five_mistakes_come_with_both_languages() -> None:
    with pytest.raises(openday.PlanValidationError) as info:
        openday.load_plan(PLANS / "five-mistakes.openday.json")
    problems = info.value.problems
    assert len(problems) == 5
    for p in problems:
        assert p.path in str(info.value)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message_zh)
        assert str(p).startswith(f"{p.path}: {p.severity} [{p.code}]")
    # validate_plan lists the same problems without raising.
    text = (PLANS / "five-mistakes.openday.json").read_text(encoding="utf-8")
    assert openday.validate_plan(text) == problems
    assert openday.validate_plan(openday.example_plan_json()) == []


def test_times_are_aware_in_the_event_zone() -> None:
    plan = openday.load_plan(GUYUAN)
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    assert plan.time_zone == tz
    assert plan.starts_at == datetime.datetime(2025, 9, 24, 14, 20, tzinfo=tz)
    assert plan.starts_at.tzinfo == tz
    assert plan.ends_at - plan.starts_at == datetime.timedelta(hours=3, minutes=40)
    assert plan.registration_deadline == datetime.datetime(2025, 9, 17, 18, 30, tzinfo=tz)
    assert plan.registration_opens_at is not None
    assert plan.postponement_notice_deadline == plan.starts_at - datetime.timedelta(hours=24)
    utc = plan.starts_at.astimezone(datetime.timezone.utc)
    assert (utc.hour, utc.minute) == (6, 20)


def test_host_time_zone_does_not_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = openday.load_plan(GUYUAN).summary()
    for zone in ("America/Los_Angeles", "Pacific/Kiritimati", "UTC"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        plan = openday.load_plan(GUYUAN)
        assert plan.summary() == expected
        assert plan.starts_at.isoformat() == "2025-09-24T14:20:00+08:00"
    monkeypatch.delenv("TZ")
    time.tzset()


def test_load_plan_accepts_paths_text_and_refuses_other_types() -> None:
    a = openday.load_plan(GUYUAN)
    b = openday.load_plan(str(GUYUAN))
    c = openday.load_plan(GUYUAN.read_text(encoding="utf-8"))
    d = openday.Plan.from_path(os.fspath(GUYUAN))
    assert a == b == c == d
    with pytest.raises(TypeError, match="load_plan takes a path"):
        openday.load_plan(42)  # type: ignore[arg-type]


def test_timetable_records_are_ready_for_a_dataframe() -> None:
    records = openday.load_plan(GUYUAN).timetable_records()
    assert [r["id"] for r in records] == ["check-in", "site-1", "site-2", "site-3", "site-4", "discussion"]
    assert set(records[0]) == {
        "index", "id", "kind", "title", "venue", "starts_at", "ends_at",
        "approximate", "fixed_start", "units", "gap_before_minutes", "slack_minutes", "derived", "actual",
        "mode", "after_window", "turns",
    }
    assert records[1]["approximate"] is True and records[0]["fixed_start"] is True
    assert records[5]["units"] == ["各科室单位"]


def test_to_json_round_trips() -> None:
    plan = openday.load_plan(GUYUAN)
    again = openday.Plan.from_json(plan.to_json())
    assert again == plan
    assert json.loads(plan.to_json())["id"] == "guyuan-cgj-2025"


def test_schema_is_the_committed_one_and_validates_the_examples() -> None:
    schema = json.loads(openday.plan_schema())
    committed = json.loads((ROOT / "core" / "schema" / "openday-plan.schema.json").read_text(encoding="utf-8"))
    assert schema == committed
    validator = jsonschema.Draft202012Validator(schema)
    for path in [GUYUAN, ROOT / "core" / "data" / "examples" / "minimal.openday.json", PLANS / "five-mistakes.openday.json"]:
        validator.validate(json.loads(path.read_text(encoding="utf-8")))
    bad = json.loads((PLANS / "unknown-field.openday.json").read_text(encoding="utf-8"))
    errors = list(validator.iter_errors(bad))
    assert errors, "the schema must reject an unknown field too"


def test_weather_stage_errors_and_screening_warnings() -> None:
    doc = json.loads(openday.load_plan(GUYUAN).to_json())
    doc["postponement"]["weather"] = [
        {"warning": "沙尘暴", "min_level": "yellow", "postpones": True},
        {"warning": "暴雨", "postpones": False},
    ]
    doc["eligibility"]["rules"].append({"rule": "not_recently_attended", "open_days": 2})
    doc["selection"]["features"][1]["quotas"]["female"]["share"] = 1.5
    plan = openday.Plan.from_json(json.dumps(doc))
    assert plan.weather("沙尘暴预警", "橙色")["decision"] == "postpones"
    assert plan.weather("暴雨", "red")["decision"] == "does_not_postpone"
    assert plan.weather("高温", "red")["decision"] == "not_covered"
    with pytest.raises(ValueError):
        plan.weather("暴雨", "purple")
    # The broken quota blocks the draw only: the plan loads, screening runs.
    assert [(p.path, p.severity, p.stage) for p in plan.problems if p.severity == "error"] == [
        ("selection.features[1].quotas.female", "error", "draw")
    ]
    report = openday.screen_csv(plan, openday.example_registrations_csv().encode("utf-8"))
    assert {w.code for w in report.warnings} >= {"bad_quota", "history_missing"}
    with pytest.raises(openday.PlanValidationError) as info:
        openday.Targets.from_plan(plan)
    assert info.value.code == "plan_blocked" and info.value.problems[0].stage == "draw"
