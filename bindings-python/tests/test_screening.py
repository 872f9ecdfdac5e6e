"""Screening registrations through the Python binding."""

from __future__ import annotations

import datetime
import json
import math
import pathlib
import zoneinfo

import pytest

import openday

ROOT = pathlib.Path(__file__).resolve().parents[2]
REGISTRATIONS = ROOT / "core" / "data" / "examples" / "guyuan-2025" / "registrations.csv"
HEADER = "姓名,身份证号,联系电话,工作学习单位,单位所在区县,住址,所在区县,职业,民事行为能力,报名方式,报名时间"


@pytest.fixture(scope="module")
def plan() -> openday.Plan:
    return openday.load_plan(openday.example_plan_json())


def resident_id(birth: str, seq: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    first = f"640402{birth}{seq}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, weights)) % 11]


def row(name: str, birth: str, phone: str, time: str) -> str:
    return f"{name},{resident_id(birth, phone[-3:])},{phone},固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,完全,电话,{time}"


def test_shared_vector_matches_rust(plan: openday.Plan) -> None:
    report = openday.screen_csv(plan, REGISTRATIONS)
    expected = json.loads((ROOT / "testdata" / "screening" / "guyuan-2025.expected.json").read_text(encoding="utf-8"))
    assert report.counts == expected["counts"]
    assert [list(r) for r in report.reasons()] == expected["reasons"]
    assert report.records() == expected["records"]


def test_counts_add_up_and_rows_explain_themselves(plan: openday.Plan) -> None:
    report = openday.screen_csv(plan, REGISTRATIONS.read_bytes())
    c = report.counts
    assert c["eligible"] + c["ineligible"] + c["invalid"] + c["duplicate"] == c["rows"] == len(report) == 500
    records = report.records()
    young = next(r for r in records if "under_minimum_age" in r["reasons"])
    why = report.explain(young["row"])
    assert why["bucket"] == "ineligible"
    failure = next(f for f in why["failures"] if f["code"] == "under_minimum_age")
    assert failure["facts"]["on"] == "2025-09-24" and "years" in failure["facts"]["age"]
    dup = next(r for r in records if r["bucket"] == "duplicate")
    assert report.explain(dup["row"]) == {"bucket": "duplicate", "of_row": dup["duplicate_of"], "reason": report.explain(dup["row"])["reason"]}
    with pytest.raises(ValueError, match="no row 501"):
        report.explain(501)
    assert "every row accounted for" in report.summary()


def test_masked_by_default_unmasked_on_request(plan: openday.Plan) -> None:
    report = openday.screen_csv(plan, REGISTRATIONS)
    masked, plain = report.records()[0], report.records(unmasked=True)[0]
    assert masked["name"] != plain["name"] and "*" in masked["name"]
    assert plain["phone"] is not None and masked["phone"] == plain["phone"][:3] + "****" + plain["phone"][-4:]
    text = REGISTRATIONS.read_text(encoding="utf-8").splitlines()[1].split(",")
    for secret in (text[1], text[3], text[5]):
        assert secret not in report.to_csv() and secret not in repr(report) and secret not in report.summary()
    assert text[1] in report.to_csv(unmasked=True)


def test_gbk_bytes_and_tab_separated_give_the_same_records(plan: openday.Plan) -> None:
    text = HEADER + "\n" + row("张三", "19800101", "13800000001", "2025-09-10 10:00:00") + "\n"
    ref = openday.screen_csv(plan, text.encode("utf-8")).records(unmasked=True)
    gbk = openday.screen_csv(plan, text.encode("gbk"))
    assert gbk.encoding == "GB18030" and gbk.records(unmasked=True) == ref
    tabs = openday.screen_csv(plan, text.replace(",", "\t").encode("utf-8-sig"))
    assert tabs.records(unmasked=True) == ref
    utf16 = openday.screen_csv(plan, text.encode("utf-16"))
    assert utf16.records(unmasked=True) == ref
    with pytest.raises(openday.RegistrationsError) as info:
        openday.screen_csv(plan, text.encode("gbk"), encoding="utf8")
    assert info.value.code == "decode"


def test_records_from_dicts_with_python_values(plan: openday.Plan) -> None:
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    people: list[dict[str, object]] = [
        {"name": "王五", "birth_date": datetime.date(1990, 5, 1), "phone": 13800000001, "address": "原州区文化路1号",
         "civil_capacity": "完全", "channel": "电话", "submitted_at": datetime.datetime(2025, 9, 17, 18, 30, tzinfo=tz)},
        {"name": "赵六", "birth_date": "2010-01-01", "phone": "138 0000 0002", "address": "原州区",
         "civil_capacity": "完全", "channel": "online", "submitted_at": datetime.datetime(2025, 9, 17, 18, 30, 1, tzinfo=tz)},
        {"name": "孙七", "birth_date": None, "phone": math.nan, "address": "原州区", "channel": "电话",
         "submitted_at": "2025-09-01 09:00"},
    ]
    report = openday.screen_records(plan, people)
    buckets = [r["bucket"] for r in report.records()]
    assert buckets == ["eligible", "ineligible", "ineligible"]
    # The seed plan takes phone and on-site registrations: online ones are refused.
    assert report.records()[1]["reasons"] == "channel_not_accepted;under_minimum_age;after_deadline"
    assert report.records()[2]["reasons"] == "age_unknown;civil_capacity_unknown;missing_required_field"
    assert dict(report.columns)["phone"] == "field:phone"


def test_check_registrant_for_a_self_check_page(plan: openday.Plan) -> None:
    ok = openday.check_registrant(plan, {"姓名": "张三", "出生日期": "1990-01-01", "联系电话": "13800000001",
                                         "住址": "原州区文化路1号", "报名方式": "电话",
                                         "报名时间": "2025-09-01 10:00"})
    # No capacity stated: an adult is presumed to have full civil capacity.
    assert ok == {"bucket": "eligible", "eligible": True, "citizen": []}
    online = openday.check_registrant(plan, {"姓名": "张三", "出生日期": "1990-01-01", "联系电话": "13800000001",
                                             "住址": "原州区文化路1号", "报名方式": "网上",
                                             "报名时间": "2025-09-01 10:00"})
    assert [f["code"] for f in online["failures"]] == ["channel_not_accepted"]
    bad = openday.check_registrant(plan, {"姓名": "李四", "联系电话": "12345"})
    assert bad["eligible"] is False and bad["bucket"] == "invalid"
    assert bad["errors"][0]["code"] == "phone_format" and bad["errors"][0]["column"] == "联系电话"
    # The same reasons worded for the citizen: one per reason, no staff instructions.
    assert [c["code"] for c in bad["citizen"]] == [e["code"] for e in bad["errors"]]
    assert "联系电话似乎有误" in bad["citizen"][0]["zh"] and "registrant" not in bad["citizen"][0]["en"]


def test_duplicates_and_history_options(plan: openday.Plan) -> None:
    a = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00")
    b = a.replace("2025-09-10 10:00:00", "2025-09-01 09:00:00")
    data = (HEADER + "\n" + a + "\n" + b + "\n").encode()
    assert [r["bucket"] for r in openday.screen_csv(plan, data).records()] == ["duplicate", "eligible"]
    assert [r["bucket"] for r in openday.screen_csv(plan, data, duplicates="keep_latest").records()] == ["eligible", "duplicate"]
    assert openday.screen_csv(plan, data, duplicates="reject_all").counts["duplicate"] == 2
    with pytest.raises(ValueError, match="invalid screening option"):
        openday.screen_csv(plan, data, duplicates="keep_some")  # type: ignore[arg-type]
    doc = json.loads(plan.to_json())
    doc["eligibility"]["rules"].append({"rule": "not_recently_attended", "open_days": 2})
    strict = openday.Plan.from_json(json.dumps(doc))
    history = [{"open_day": "2024", "date": datetime.date(2024, 9, 20), "id_number": resident_id("19800101", "001")}]
    got = openday.screen_csv(strict, (HEADER + "\n" + a + "\n").encode(), history=history).records()
    assert got[0]["reasons"] == "recently_attended"


def test_table_errors_name_the_source(plan: openday.Plan, tmp_path: pathlib.Path) -> None:
    with pytest.raises(openday.RegistrationsError) as info:
        openday.screen_csv(plan, "电话\n1\n".encode())
    assert info.value.code == "no_name_column" and "no name column" in str(info.value)
    with pytest.raises(openday.RegistrationsFileError) as missing:
        openday.screen_csv(plan, tmp_path / "nope.csv")
    assert isinstance(missing.value, OSError) and str(tmp_path / "nope.csv") in str(missing.value)
    with pytest.raises(openday.RegistrationsError) as info:
        openday.screen_csv(plan, (HEADER + "\n").encode(), columns={"phone": "手机"})
    assert info.value.code == "unknown_column"
    with pytest.raises(TypeError):
        openday.screen_csv(plan, 42)  # type: ignore[arg-type]


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_every_line_end_counts_its_lines_and_reads_the_same_rows(plan: openday.Plan, line_end: str) -> None:
    # Excel for Mac's "CSV (Macintosh)" ends lines with CR alone: the
    # summary must not claim that fewer lines made more rows.
    text = REGISTRATIONS.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    report = openday.screen_csv(plan, line_end.join(lines).encode("utf-8"))
    reference = openday.screen_csv(plan, REGISTRATIONS)
    assert report.counts == reference.counts
    assert report.counts["rows"] == len(lines) - 1
    assert report.records(unmasked=True) == reference.records(unmasked=True)
    assert "data lines made" not in report.summary()
