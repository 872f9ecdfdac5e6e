"""Registrations tables and synthetic data through the Python binding."""

from __future__ import annotations

import csv
import io

import pytest

import openday


def test_synthetic_data_is_identical_to_rust_for_the_same_seed() -> None:
    plan = openday.load_plan(openday.example_plan_json())
    # The embedded file was written by the Rust example with rows=500, seed=2025.
    assert openday.synthetic_registrations_csv(plan, 500, 2025) == openday.example_registrations_csv()
    assert openday.synthetic_registrations_csv(plan, 50, 1) != openday.synthetic_registrations_csv(plan, 50, 2)


def test_synthetic_rows_have_the_chinese_headers() -> None:
    plan = openday.load_plan(openday.example_plan_json())
    rows = list(csv.DictReader(io.StringIO(openday.synthetic_registrations_csv(plan, 30, 9))))
    assert len(rows) == 30
    assert {"姓名", "联系电话", "身份证号", "报名方式", "报名时间"} <= set(rows[0])
    assert {r["报名方式"] for r in rows} <= {"电话报名", "现场报名"}


def test_tally_counts_every_row_once() -> None:
    tally = openday.tally_channels(openday.example_registrations_csv())
    assert tally["rows"] == 500
    assert sum(tally["by_channel"].values()) + len(tally["unrecognised_rows"]) == 500
    text = "姓名,报名方式\n甲,电话\n乙,传真\n丙,现场\n"
    assert openday.tally_channels(text) == openday.tally_channels(text.encode("utf-8"))
    assert openday.tally_channels(text)["unrecognised_rows"] == [2]


def test_tally_errors_name_the_source_and_row() -> None:
    with pytest.raises(openday.RegistrationsError) as info:
        openday.tally_channels("姓名,报名方式\n甲,电话\n乙,现场,多余\n", "regs.csv")
    assert info.value.code == "csv" and info.value.row == 2
    assert str(info.value).startswith("regs.csv: row 2:")
    with pytest.raises(openday.RegistrationsError) as info:
        openday.tally_channels("a,b\n1,2\n")
    assert info.value.code == "no_channel_column"
    with pytest.raises(TypeError):
        openday.tally_channels(3)  # type: ignore[arg-type]
