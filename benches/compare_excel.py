#!/usr/bin/env python3
"""Registrations from Excel: openday against what a data office would use
instead (pandas.read_excel with openpyxl), on the same workbook.

The workbook is made here: N synthetic registrations for the example plan
(``openday.synthetic_registrations_csv``, seed 42) written as ``.xlsx`` by
``openday.write_xlsx`` (every cell text, as a registration form's export
is). Timed, best of ``--repeat``:

- ``pandas.read_excel`` (openpyxl): reading the sheet into a DataFrame only;
- ``openday.screen_csv`` on the workbook: reading it and screening every row;
- ``openday.screen_records`` on the DataFrame pandas read: screening only.

    .venv/bin/python benches/compare_excel.py --rows 100000

Needs pandas and openpyxl (``pip install pandas openpyxl``).
"""

from __future__ import annotations

import argparse
import csv
import io
import pathlib
import tempfile
import time

import openday


def best(repeat: int, f):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import pandas as pd

    plan = openday.load_plan(openday.example_plan_json())
    text = openday.synthetic_registrations_csv(plan, args.rows, 42)
    rows = list(csv.DictReader(io.StringIO(text)))
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "registrations.xlsx"
        openday.write_xlsx(rows, path, sheet="报名")
        size = path.stat().st_size
        t_pandas, frame = best(args.repeat, lambda: pd.read_excel(path, dtype=str, engine="openpyxl"))
        t_openday, report = best(args.repeat, lambda: openday.screen_csv(plan, path))
        t_frame, from_frame = best(args.repeat, lambda: openday.screen_records(plan, frame))
        t_csv, from_csv = best(args.repeat, lambda: openday.screen_csv(plan, text.encode()))
    assert report.counts == from_csv.counts == from_frame.counts, (report.counts, from_csv.counts, from_frame.counts)
    n = args.rows
    print(f"{n:,} rows, workbook {size / 1e6:.1f} MB, best of {args.repeat}")
    print(f"{'what':58} {'seconds':>8} {'rows/s':>10}")
    for what, t in [
        ("pandas.read_excel (openpyxl): read only", t_pandas),
        ("openday.screen_csv(workbook): read + screen", t_openday),
        ("openday.screen_records(DataFrame): screen only", t_frame),
        ("openday.screen_csv(same rows as CSV): read + screen", t_csv),
    ]:
        print(f"{what:58} {t:8.2f} {n / t:10,.0f}")


if __name__ == "__main__":
    main()
