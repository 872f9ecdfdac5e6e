#!/usr/bin/env python3
"""Write testdata/intake/guyuan-2025-office.xlsx: the example registrations
as an office's Excel export looks, written by openpyxl (not by openday's own
writer, so the reader is tested on a file it did not make).

What makes it an office's file: a merged title row above the header, phone
numbers and 序号 stored as numbers, 报名时间 and 出生日期 as Excel date
cells with a display format, an empty row and a notes sheet after the data.
The committed file is what the tests read; this script is how it was made
(`pip install openpyxl==3.1.5`, then run it from the repository root).
"""
import csv
import datetime
import pathlib

import openpyxl
from openpyxl.styles import Alignment, Font

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "core/data/examples/guyuan-2025/registrations.csv"
OUT = ROOT / "testdata/intake/guyuan-2025-office.xlsx"

with SRC.open(encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, data = rows[0], rows[1:]

book = openpyxl.Workbook()
ws = book.active
ws.title = "报名登记"
ws.append(["2025年政府开放日活动报名登记表"])
ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
ws["A1"].font = Font(bold=True, size=14)
ws["A1"].alignment = Alignment(horizontal="center")
ws.append(header)
for row in data:
    cells: list[object] = []
    for name, cell in zip(header, row):
        if name in ("序号", "联系电话") and cell.isdigit():
            cells.append(int(cell))
        elif name == "报名时间" and cell:
            try:
                cells.append(datetime.datetime.strptime(cell, "%Y-%m-%d %H:%M:%S"))
            except ValueError:
                cells.append(cell)
        elif name == "出生日期" and cell:
            try:
                cells.append(datetime.datetime.strptime(cell, "%Y-%m-%d").date())
            except ValueError:
                cells.append(cell)
        else:
            cells.append(cell if cell else None)
    ws.append(cells)
for col, name in enumerate(header, start=1):
    if name in ("报名时间", "出生日期"):
        fmt = "yyyy-mm-dd hh:mm:ss" if name == "报名时间" else "yyyy-mm-dd"
        for r in range(3, ws.max_row + 1):
            ws.cell(row=r, column=col).number_format = fmt
ws.append([])
notes = book.create_sheet("填表说明")
notes.append(["报名时间以受理时间为准。"])
book.properties.creator = "区政务服务中心"
book.properties.created = datetime.datetime(2025, 9, 30, 9, 0, 0)
book.properties.modified = datetime.datetime(2025, 9, 30, 9, 0, 0)
book.save(OUT)
print(OUT, OUT.stat().st_size, "bytes,", len(data), "rows")
