"""What a data office does: Excel in and out, pandas in and out, the
``openday`` command, and a progress bar with a total."""

from __future__ import annotations

import datetime
import io
import json
import os
import pathlib
import subprocess
import sys
import zipfile
import zoneinfo
from typing import Any, Dict, List

import pytest

import openday

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLAN_PATH = ROOT / "core/data/examples/guyuan-2025/plan.openday.json"
REGS_PATH = ROOT / "core/data/examples/guyuan-2025/registrations.csv"

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def plan() -> openday.Plan:
    return openday.load_plan(PLAN_PATH)


def test_a_dataframe_with_gaps_screens_like_the_csv(plan: openday.Plan) -> None:
    df = pd.read_csv(REGS_PATH, dtype={"身份证号": str})
    # What pandas does to an office table: a phone column with a gap reads
    # as floats (13638821928.0), dates become Timestamps (with NaT), missing
    # cells NaN.
    df["联系电话"] = df["联系电话"].map(lambda v: float(v) if isinstance(v, str) and v.isdigit() else v)
    assert any(isinstance(v, float) and v == v for v in df["联系电话"])
    df["出生日期"] = pd.to_datetime(df["出生日期"], errors="coerce")
    assert df["出生日期"].isna().any()
    from_frame = openday.screen_records(plan, df)
    from_csv = openday.screen_csv(plan, REGS_PATH)
    assert from_frame.counts == from_csv.counts
    assert from_frame.records(unmasked=True) == from_csv.records(unmasked=True)


def test_a_forms_sign_off_under_a_dataframe_is_skipped_and_named(plan: openday.Plan) -> None:
    # A form read with pandas keeps its sign-off under the table: the
    # people who filled it in and checked it, a blank row, the date.
    df = pd.read_csv(REGS_PATH, dtype=str)
    first = df.columns[0]
    signoff = pd.DataFrame(
        [
            {first: "填表人：王五", df.columns[3]: "审核人：赵六"},
            {},
            {first: "填报日期：2025年9月12日"},
        ],
        columns=df.columns,
    )
    form = pd.concat([df, signoff], ignore_index=True)
    report = openday.screen_records(plan, form)
    plain = openday.screen_records(plan, df)
    assert report.counts == plain.counts
    assert report.counts["rows"] == len(df)
    skipped = [w for w in report.warnings if w.code == "skipped_rows"]
    assert [w.path for w in skipped] == [f"rows {len(df) + 1}–{len(df) + 3}"]
    assert "3 row(s) of the form's sign-off" in skipped[0].message_en
    # The staff named in it are not repeated anywhere.
    assert not any("王五" in w.message_en + w.message_zh for w in report.warnings)
    # A sign-off line with a registration after it is a row (refused),
    # not a footer: nothing is skipped, every row is accounted for.
    middle = pd.concat([df, signoff.iloc[:1], df.iloc[:1]], ignore_index=True)
    report = openday.screen_records(plan, middle)
    assert report.counts["rows"] == len(df) + 2
    assert not [w for w in report.warnings if w.code == "skipped_rows"]


def test_a_sign_off_in_german_under_another_plans_records() -> None:
    plan = openday.load_plan(ROOT / "core/data/examples/altona-2026/plan.openday.json")
    text = openday.synthetic_registrations_csv(plan, 30, 5)
    df = pd.read_csv(io.StringIO(text), dtype=str, sep=None, engine="python")
    records: List[Dict[str, Any]] = df.to_dict("records")
    first = str(df.columns[0])
    records += [{first: "Erstellt von: A. Schmidt"}, {first: "Datum: 12.09.2026"}]
    report = openday.screen_records(plan, records)
    assert report.counts["rows"] == 30
    skipped = [w for w in report.warnings if w.code == "skipped_rows"]
    assert [w.path for w in skipped] == ["rows 31–32"]


def test_id_numbers_pandas_read_as_floats_are_refused_with_the_fix(plan: openday.Plan) -> None:
    # Read without dtype=str, an ID column with a gap is float64: its last
    # digits are gone, and each such row says so rather than failing a check
    # digit or being taken as another number.
    df = pd.read_csv(REGS_PATH)
    df.loc[0, "身份证号"] = None
    df["身份证号"] = pd.to_numeric(df["身份证号"], errors="coerce")
    assert df["身份证号"].dtype == "float64"
    report = openday.screen_records(plan, df)
    assert report.counts["rows"] == len(df)
    refused = [r for r in report.records() if "excel_scientific" in r["reasons"]]
    assert len(refused) == int(df["身份证号"].notna().sum())
    assert "dtype=str" in refused[0]["messages_en"]


def test_to_pandas_gives_typed_columns(plan: openday.Plan) -> None:
    report = openday.screen_csv(plan, REGS_PATH)
    df = report.to_pandas()
    assert len(df) == report.counts["rows"]
    assert str(df["duplicate_of"].dtype) == "Int64"
    assert df["duplicate_of"].notna().sum() == report.counts["duplicate"]
    stamps = df["submitted_at"].dropna()
    assert str(stamps.dt.tz) in ("UTC+08:00", "+08:00")
    assert stamps.iloc[0].utcoffset() == datetime.timedelta(hours=8)
    # Masked unless asked.
    assert df["name"].str.contains("*", regex=False).all()
    unmasked = report.to_pandas(unmasked=True)
    assert isinstance(unmasked["birth_date"].dropna().iloc[0], datetime.date)


def test_excel_in_and_out(plan: openday.Plan, tmp_path: pathlib.Path) -> None:
    report = openday.screen_csv(plan, REGS_PATH)
    # Every list as .xlsx: bytes, or a file.
    book = report.to_xlsx(unmasked=True)
    assert book is not None and book[:2] == b"PK"
    assert report.to_xlsx(tmp_path / "out.xlsx") is None
    assert (tmp_path / "out.xlsx").stat().st_size > 1000
    # A registrations workbook (written from the CSV rows with our own
    # writer, as an office's export would carry them) screens like the CSV.
    rows = pd.read_csv(REGS_PATH, dtype=str, keep_default_na=False).to_dict("records")
    regs = tmp_path / "报名.xlsx"
    assert openday.write_xlsx(rows, regs, sheet="报名") is None
    from_xlsx = openday.screen_csv(plan, regs)
    assert from_xlsx.counts == report.counts
    assert from_xlsx.encoding == "xlsx (sheet 报名)"
    assert openday.screen_csv(plan, regs, sheet="报名").counts == report.counts
    with pytest.raises(openday.RegistrationsError) as info:
        openday.screen_csv(plan, regs, sheet="Sheet9")
    assert info.value.code == "no_sheet" and "报名" in str(info.value)
    # Formula cells are neutralised in every workbook, and no cell is a formula.
    evil = openday.write_xlsx([{"姓名": "=HYPERLINK(\"http://x\")", "备注": "@SUM(A1)"}])
    assert evil is not None
    with zipfile.ZipFile(io.BytesIO(evil)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet
    assert "'=HYPERLINK" in strings.replace("&apos;", "'") and "'@SUM(A1)" in strings.replace("&apos;", "'")


def test_records_to_csv_through_the_one_writer(tmp_path: pathlib.Path) -> None:
    rows = [{"姓名": "张三", "备注": "=1+2"}, {"姓名": "-李四", "分钟": -15}]
    text = openday.write_csv(rows)
    assert text is not None
    # BOM, header in order of first appearance, a missing key an empty cell,
    # formula-like text neutralised, a negative number left alone.
    assert text == "\ufeff姓名,备注,分钟\n张三,'=1+2,\n'-李四,,-15\n"
    assert openday.write_csv(pd.DataFrame(rows), tmp_path / "x.csv") is None
    back = pd.read_csv(tmp_path / "x.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(back.columns) == ["姓名", "备注", "分钟"]
    assert back["备注"].tolist() == ["'=1+2", ""]


def test_the_ledger_and_roster_to_pandas_and_excel(plan: openday.Plan) -> None:
    scenario = json.loads((ROOT / "testdata/ledger/scenario.json").read_text(encoding="utf-8"))
    ledger = openday.Ledger.replay(plan, scenario["events"], openday.WorkCalendar.china())
    df = ledger.to_pandas()
    assert len(df) == len(ledger)
    assert str(df["due"].dropna().dt.tz) in ("UTC+08:00", "+08:00")
    assert ledger.to_xlsx() is not None
    report = openday.screen_csv(plan, REGS_PATH, pseudonym_key=openday.demo_pseudonym_key())
    targets = openday.Targets.from_plan(plan)
    pool = openday.Pool.from_screening(report, plan, targets)
    roster = openday.Roster(plan, pool, targets)
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    roster.drawn(datetime.datetime(2025, 9, 18, 9, tzinfo=tz), "报名组", openday.draw(pool, targets, "p").record())
    people = roster.to_pandas()
    assert str(people["seat"].dtype) == "Int64"
    assert people["seat"].notna().sum() == targets.seats


def test_progress_has_a_total_and_a_fraction(plan: openday.Plan) -> None:
    report = openday.screen_csv(plan, REGS_PATH, pseudonym_key="k")
    targets = openday.Targets.from_plan(plan)
    pool = openday.Pool.from_screening(report, plan, targets)
    seen: List[Dict[str, Any]] = []
    openday.draw(pool, targets, "s", progress=seen.append)
    assert seen and all(0.0 <= p["fraction"] <= 1.0 and p["total"] == p["classes"] for p in seen)
    assert seen[-1]["fraction"] == pytest.approx(seen[-1]["fixed"] / seen[-1]["total"])


def run(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LANG="en_US.UTF-8")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_command_as_python_m_and_as_a_function(tmp_path: pathlib.Path) -> None:
    (tmp_path / "key").write_text("secret")
    out = run(sys.executable, "-m", "openday", "--json", "screen", str(PLAN_PATH), str(REGS_PATH), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["counts"]["rows"] == 500
    out = run(
        sys.executable, "-m", "openday", "draw", str(PLAN_PATH), str(REGS_PATH),
        "--seed", "s", "--key-file", "key", "--record", "rec.json", "-q", cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    out = run(sys.executable, "-m", "openday", "verify", "rec.json", str(PLAN_PATH), str(REGS_PATH), "--key-file", "key", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    (tmp_path / "key").write_text("wrong")
    out = run(sys.executable, "-m", "openday", "verify", "rec.json", str(PLAN_PATH), str(REGS_PATH), "--key-file", "key", cwd=tmp_path)
    assert out.returncode == 4
    assert run(sys.executable, "-m", "openday", "check", cwd=tmp_path).returncode == 2
    assert openday._openday.cli_main(["openday", "check", str(PLAN_PATH), "--json"]) == 0
    # The console script, where the package was installed with its scripts.
    script = pathlib.Path(sys.executable).with_name("openday")
    if script.exists():
        assert run(str(script), "--help", cwd=tmp_path).returncode == 0
