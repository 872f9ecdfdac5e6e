"""Confirmation, replacements, check-in and the journal through Python."""

from __future__ import annotations

import datetime
import pathlib
import zoneinfo
from typing import Any, Tuple

import pytest

import openday

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 9, day, hour, minute, tzinfo=TZ)


@pytest.fixture(scope="module")
def setup() -> Tuple[openday.Plan, openday.ScreeningReport, openday.Pool, openday.Targets, Any]:
    plan = openday.load_plan(openday.example_plan_json())
    report = openday.screen_csv(plan, openday.example_registrations_csv().encode("utf-8"), pseudonym_key=openday.demo_pseudonym_key())
    targets = openday.Targets.from_plan(plan)
    pool = openday.Pool.from_screening(report, plan, targets)
    drawn = openday.draw(pool, targets, "confirmation tests")
    return plan, report, pool, targets, drawn


def test_lifecycle_deadline_replacement_and_check_in(setup: Any, tmp_path: pathlib.Path) -> None:
    plan, report, pool, targets, drawn = setup
    path = tmp_path / "journal.jsonl"
    roster = openday.Roster(plan, pool, targets, journal=path)
    roster.drawn(at(18, 9), "报名组", drawn.record())
    panel = drawn.panel
    with pytest.raises(openday.RosterError) as info:
        roster.check_in(at(24, 14, 25), "签到", panel[0])
    assert info.value.code == "illegal_step" and "selected" in str(info.value)

    roster.call(at(18, 10), "话务1", panel[0], "confirmed")
    new = roster.call(at(18, 10), "话务1", panel[1], {"outcome": "declined", "reason": "出差"})
    kinds = [e["event"]["type"] for e in new]
    assert kinds == ["called", "released", "offered"] or kinds == ["called", "released", "left_empty"]
    if kinds[-1] == "offered":
        seated = [p["id"] for p in roster.people() if p["seat"] is not None]
        assert new[-1]["event"]["keeps_quotas"] is True
        assert openday.quota_gaps(pool, targets, seated) == []

    sheet = roster.call_sheet(at(18, 12), report)
    assert sheet and all("*" in row["phone"] for row in sheet if row["phone"])
    assert any("*" not in row["phone"] for row in roster.call_sheet(at(18, 12), report, unmasked=True) if row["phone"])

    with pytest.raises(openday.RosterError) as early:
        roster.release_due(at(20, 9), "办公室")
    assert early.value.code == "deadline"
    roster.release_due(roster.deadline, "办公室")
    assert all(p["status"] == "confirmed" for p in roster.people() if p["seat"] is not None)

    roster.check_in(at(24, 14, 45), "签到", panel[0])
    assert roster.people()[[p["id"] for p in roster.people()].index(panel[0])]["late"] is True
    roster.walk_in(at(24, 14, 46), "签到", "王*")
    roster.close_check_in(at(24, 15, 10), "签到")
    a = roster.attendance()
    assert (a["came"], a["late"], a["walk_ins_refused"]) == (1, 1, 1)

    # The file journal reopens to the same state; a torn last line is cut.
    entries = roster.entries()
    del roster
    text = path.read_bytes()
    path.write_bytes(text[:-7])
    again = openday.Roster(plan, pool, targets, journal=path)
    assert again.recovered_bytes == len(text.splitlines(keepends=True)[-1]) - 7
    assert again.entries() == entries[:-1]
    replayed = openday.Roster.replay(plan, pool, targets, entries)
    assert len(replayed) == len(entries)


def test_a_second_writer_is_refused(setup: Any, tmp_path: pathlib.Path) -> None:
    plan, _, pool, targets, _ = setup
    path = tmp_path / "j.jsonl"
    first = openday.Roster(plan, pool, targets, journal=path)
    with pytest.raises(openday.JournalError) as info:
        openday.Roster(plan, pool, targets, journal=path)
    assert info.value.code == "locked"
    del first


def test_newer_journal_is_refused(setup: Any, tmp_path: pathlib.Path) -> None:
    plan, _, pool, targets, _ = setup
    path = tmp_path / "j.jsonl"
    path.write_text('{"openday_journal":9}\n')
    with pytest.raises(openday.JournalError) as info:
        openday.Roster(plan, pool, targets, journal=path)
    assert info.value.code == "newer_format" and isinstance(info.value, OSError)


def written_journal(setup: Any, path: pathlib.Path) -> bytes:
    plan, report, pool, targets, drawn = setup
    roster = openday.Roster(plan, pool, targets, journal=path)
    roster.screened(at(17, 19), "报名组", report)
    roster.drawn(at(18, 9), "报名组", drawn.record())
    roster.call(at(18, 10), "话务1", drawn.panel[0], "confirmed")
    del roster
    return path.read_bytes()


def test_a_flipped_byte_in_a_complete_record_is_damage_and_nothing_is_deleted(
    setup: Any, tmp_path: pathlib.Path
) -> None:
    plan, _, pool, targets, _ = setup
    path = tmp_path / "j.jsonl"
    good = written_journal(setup, path)
    lines = good.split(b"\n")
    # Every tenth byte of the first record (line 2), one bit flipped.
    start = len(lines[0]) + 1
    for offset in range(0, len(lines[1]), 10):
        bad = bytearray(good)
        bad[start + offset] ^= 0x04
        path.write_bytes(bytes(bad))
        with pytest.raises(openday.JournalError) as info:
            openday.Roster(plan, pool, targets, journal=path)
        assert info.value.code == "damaged" and info.value.line == 2, info.value
        assert path.read_bytes() == bytes(bad), "a damaged journal is never rewritten"


def test_a_torn_tail_is_cut_and_every_complete_record_kept(setup: Any, tmp_path: pathlib.Path) -> None:
    plan, _, pool, targets, _ = setup
    path = tmp_path / "j.jsonl"
    good = written_journal(setup, path)
    last_start = good.rstrip(b"\n").rfind(b"\n") + 1
    for cut in range(last_start + 1, len(good) - 1, 7):
        path.write_bytes(good[:cut])
        roster = openday.Roster(plan, pool, targets, journal=path)
        assert len(roster) == 2 and roster.recovered_bytes == cut - last_start
        del roster
        assert path.read_bytes() == good[:last_start]


def test_unknown_outcome_name_is_a_value_error(setup: Any) -> None:
    plan, _, pool, targets, drawn = setup
    roster = openday.Roster(plan, pool, targets)
    roster.drawn(at(18, 9), "报名组", drawn.record())
    with pytest.raises(ValueError, match="unknown call outcome"):
        roster.call(at(18, 10), "话务1", drawn.panel[0], "maybe")
    assert len(roster) == 1
