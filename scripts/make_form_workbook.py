#!/usr/bin/env python3
"""Print the hex of the workbook in testdata/hostile/vectors.json's screening
"a workbook written by hand (inline strings): …": a minimal .xlsx written
with zipfile alone (no spreadsheet library, so the reader is tested on XML
that neither openday nor a common writer made), holding a government form's
annex number and title (merged over A2:F2), its line to fill in, the header,
three registrations with their district merged over them (G5:G7; rows 6 and
7 have no district of their own, and addresses and units outside the plan's
areas, so without the merge they would be refused), and a note typed right
of the table (M5). With `--two-row-header`, the workbook of the screening
"… a header over two rows …": the same with 联系方式 over 联系电话 and every
other header merged down over both rows (data from row 6). With
`--bad-merge`, the workbook of the screening "… whose list of merged areas
is damaged …": the first with a merge reference lacking its row (A2:F), so
no merge can be read.

    python3 scripts/make_form_workbook.py [--two-row-header] [--bad-merge]
"""

import io
import sys
import zipfile
from xml.sax.saxutils import escape

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

HEADER = "姓名,身份证号,联系电话,工作学习单位,单位所在区县,住址,所在区县,职业,民事行为能力,报名方式,报名时间".split(",")
TWO_ROWS = "--two-row-header" in sys.argv
rows = {
    1: {0: "附件1"},
    2: {0: "2025年政府开放日报名表"},
    3: {0: "填报单位：原州区政务服务中心", 8: "填报日期：2025年9月12日"},
}
BAD_MERGE = "--bad-merge" in sys.argv
merges = ["A2:F2"]
if TWO_ROWS:
    # 联系方式 over 联系电话, every other header merged down over both rows.
    rows[4] = {j: ("联系方式" if j == 2 else h) for j, h in enumerate(HEADER)}
    rows[5] = {2: "联系电话"}
    merges += [f"{col(j)}4:{col(j)}5" for j in range(len(HEADER)) if j != 2]
else:
    rows[4] = dict(enumerate(HEADER))
first = max(rows) + 1
people = [
    "甲,640402198001010017,13800000001,固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,完全,电话,2025-09-10 10:00:00",
    "乙,640402198502020037,13800000002,宁夏大学,兴庆区,文化路2号,,教师,完全,电话,2025-09-10 11:00:00",
    "丙,640402199003030016,13800000003,银川市图书馆,金凤区,文化路3号,,馆员,完全,现场报名,2025-09-11 09:00:00",
]
for i, p in enumerate(people):
    rows[first + i] = {j: v for j, v in enumerate(p.split(",")) if v}
rows[first][12] = "已电话确认"
merges.append(f"G{first}:G{first + len(people) - 1}")
if BAD_MERGE:
    # A merge whose reference a tool wrote wrong: the sheet's merges
    # cannot be read, so the district is in G5 only.
    merges.insert(0, "A2:F")

def cell(r, c, v):
    return f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'

sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
for r in sorted(rows):
    sheet.append(f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in sorted(rows[r].items())) + "</row>")
sheet.append('</sheetData><mergeCells count="%d">' % len(merges) + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells></worksheet>")
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="报名表" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": "".join(sheet),
}
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        info = zipfile.ZipInfo(name, date_time=(2025, 9, 12, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
print(buf.getvalue().hex())
