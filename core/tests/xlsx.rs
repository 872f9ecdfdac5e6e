#![cfg(feature = "xlsx")]
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Excel in and out: a workbook made the way an office makes one (a title
//! row, Chinese headers, dates as Excel dates, phones as numbers, optional
//! columns missing) screens exactly like the same table saved as CSV.

use openday::Plan;
use openday::mask::Masking;
use openday::screening::{ScreeningOptions, screen_csv};
use openday::xlsx::{read_workbook, screen_xlsx, write_xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn guyuan() -> Plan {
    Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

/// The example registrations as a workbook: a merged title row, then the
/// CSV's header and cells, with 出生日期 and 报名时间 as real Excel dates
/// and 联系电话 as numbers where the cell is all digits.
fn office_workbook(csv: &str) -> Vec<u8> {
    workbook(csv, false)
}

/// `office_workbook`, or with `form` the way a government form is filled
/// in: "附件1" above the title, a line "填报单位：… 填报日期：…" in two
/// cells between the title and the header, and a note typed to the right
/// of the table (column past the header's last, one left empty between) on
/// the first two data rows.
fn workbook(csv: &str, form: bool) -> Vec<u8> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("报名登记").unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let top = if form { 2 } else { 0 };
    if form {
        ws.write_string(0, 0, "附件1").unwrap();
        ws.write_string(2, 0, "填报单位：原州区政务服务中心")
            .unwrap();
        ws.write_string(2, 8, "填报日期：2025年9月12日").unwrap();
    }
    let title_row = u32::from(form);
    ws.merge_range(
        title_row,
        0,
        title_row,
        5,
        "2025年政府开放日报名登记表",
        &Format::new(),
    )
    .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(top + 1, u16::try_from(c).unwrap(), h)
            .unwrap();
    }
    let note = u16::try_from(header.len() + 1).unwrap();
    for (i, rec) in r.records().enumerate() {
        let row = u32::try_from(i).unwrap() + top + 2;
        if form && i < 2 {
            ws.write_string(row, note, "已电话确认").unwrap();
        }
        for (c, cell) in rec.unwrap().iter().enumerate() {
            let col = u16::try_from(c).unwrap();
            let name = header[c].as_str();
            if cell.is_empty() {
                continue;
            }
            let format = match name {
                "出生日期" => Some(&date),
                "报名时间" => Some(&stamp),
                _ => None,
            };
            if let (Some(format), Ok(d)) = (format, ExcelDateTime::parse_from_str(cell)) {
                ws.write_datetime_with_format(row, col, d, format).unwrap();
                continue;
            }
            if name == "联系电话" && cell.len() <= 15 && cell.bytes().all(|b| b.is_ascii_digit())
            {
                ws.write_number(row, col, cell.parse::<f64>().unwrap())
                    .unwrap();
                continue;
            }
            ws.write_string(row, col, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_office_workbook_screens_like_the_same_csv() {
    let plan = guyuan();
    let csv = openday::examples::GUYUAN_2025_REGISTRATIONS;
    let book = office_workbook(csv);
    let opts = ScreeningOptions::default();
    let from_csv = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let from_xlsx = screen_xlsx(&plan, &book, "r.xlsx", None, &opts).unwrap();
    assert_eq!(from_xlsx.counts(), from_csv.counts());
    assert_eq!(
        from_xlsx.records(Masking::Unmasked),
        from_csv.records(Masking::Unmasked)
    );
    assert_eq!(from_xlsx.encoding, "xlsx (sheet 报名登记)");
    // screen_csv takes a workbook too (its first sheet).
    let sniffed = screen_csv(&plan, &book, "r.xlsx", &opts).unwrap();
    assert_eq!(sniffed.counts(), from_csv.counts());
    // The title row is skipped, data rows keep their sheet row numbers.
    let table = read_workbook(&book, "r.xlsx", None).unwrap();
    assert_eq!(table.title_rows, 1);
    assert_eq!(table.row_numbers[0], 3);
}

#[test]
fn a_government_form_screens_like_the_csv_past_its_form_lines_and_notes() {
    let plan = guyuan();
    let csv = openday::examples::GUYUAN_2025_REGISTRATIONS;
    let book = workbook(csv, true);
    let opts = ScreeningOptions::default();
    let from_csv = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let from_xlsx = screen_xlsx(&plan, &book, "form.xlsx", None, &opts).unwrap();
    assert_eq!(
        from_xlsx.records(Masking::Unmasked),
        from_csv.records(Masking::Unmasked)
    );
    let warning = |code| {
        from_xlsx
            .warnings
            .iter()
            .find(|w| w.code == code)
            .unwrap_or_else(|| panic!("{code:?} in {:?}", from_xlsx.warnings))
    };
    // 附件1, the title and the form's line are accounted for as titles.
    let skipped = warning(openday::ProblemCode::SkippedRows);
    assert!(skipped.message_en.contains("3 title row(s)"), "{skipped:?}");
    // The notes beside the table are said, by cell (header on row 4, the
    // first data rows 5 and 6), not dropped in silence.
    let width = csv.lines().next().unwrap().split(',').count();
    let column = char::from(b'A' + u8::try_from(width + 1).unwrap());
    let unread = warning(openday::ProblemCode::UnreadCells);
    assert!(unread.message_en.starts_with("2 row(s)"), "{unread:?}");
    assert!(
        unread
            .message_en
            .contains(&format!("{column}5, {column}6)")),
        "{unread:?}"
    );
    // Reading the sheet alone takes the first row of two cells as the
    // header, as before.
    let table = read_workbook(&book, "form.xlsx", None).unwrap();
    assert_eq!(table.title_rows, 2);
    assert!(table.header[0].starts_with("填报单位"));
}

/// The example registrations sorted by district, as an office lists them,
/// with 所在区县 merged over each run of one district (its value in the run's
/// first cell only, as a merge keeps it).
#[test]
fn a_district_merged_over_its_people_is_read_on_each_of_their_rows() {
    let plan = guyuan();
    let mut r = csv::Reader::from_reader(openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let district = header.iter().position(|h| h == "所在区县").unwrap();
    rows.sort_by(|a, b| a[district].cmp(&b[district]));
    let mut sorted = csv::Writer::from_writer(Vec::new());
    sorted.write_record(&header).unwrap();
    for row in &rows {
        sorted.write_record(row).unwrap();
    }
    let sorted = sorted.into_inner().unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), h).unwrap();
    }
    let col = u16::try_from(district).unwrap();
    let mut merges = 0;
    let mut start = 0;
    while start < rows.len() {
        let end = (start..rows.len())
            .take_while(|&i| rows[i][district] == rows[start][district])
            .last()
            .unwrap();
        let (top, bottom) = (
            u32::try_from(start + 1).unwrap(),
            u32::try_from(end + 1).unwrap(),
        );
        if end > start && !rows[start][district].is_empty() {
            ws.merge_range(
                top,
                col,
                bottom,
                col,
                &rows[start][district],
                &Format::new(),
            )
            .unwrap();
            merges += 1;
        }
        for (i, row) in rows.iter().enumerate().take(end + 1).skip(start) {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() && (c != district || end == start) {
                    let at = u32::try_from(i + 1).unwrap();
                    ws.write_string(at, u16::try_from(c).unwrap(), cell)
                        .unwrap();
                }
            }
        }
        start = end + 1;
    }
    assert!(merges >= 2, "the example has runs of one district");
    let book = book.save_to_buffer().unwrap();
    let opts = ScreeningOptions::default();
    let from_csv = screen_csv(&plan, &sorted, "r.csv", &opts).unwrap();
    let from_xlsx = screen_xlsx(&plan, &book, "r.xlsx", None, &opts).unwrap();
    assert_eq!(
        from_xlsx.records(Masking::Unmasked),
        from_csv.records(Masking::Unmasked)
    );
    let said = from_xlsx
        .warnings
        .iter()
        .find(|w| w.code == openday::ProblemCode::MergedCells)
        .unwrap_or_else(|| panic!("{:?}", from_xlsx.warnings));
    assert!(
        said.message_en
            .starts_with(&format!("{merges} merged area(s)")),
        "{said:?}"
    );
    // Reading the sheet alone keeps the merged cells' values too.
    let table = read_workbook(&book, "r.xlsx", None).unwrap();
    assert_eq!(table.merged.len(), merges);
    assert!(table.rows.iter().all(|row| !row[district].is_empty()));
}

#[test]
fn an_area_merged_over_several_columns_gives_its_value_to_its_first_column_only() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["姓名", "联系电话", "所在区县", "报名方式"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for row in [1, 2] {
        ws.write_string(row, 0, format!("甲{row}")).unwrap();
        ws.write_string(row, 1, format!("1380000000{row}")).unwrap();
    }
    // 原州区 shown over C2:D3: the district of both rows, not their channel.
    ws.merge_range(1, 2, 2, 3, "原州区", &Format::new())
        .unwrap();
    let table = read_workbook(&book.save_to_buffer().unwrap(), "r.xlsx", None).unwrap();
    assert_eq!(table.merged, ["C2:C3"]);
    assert_eq!(table.rows[0][2..], ["原州区", ""]);
    assert_eq!(table.rows[1][2..], ["原州区", ""]);
}

/// A form's header over two rows: 联系方式 over 联系电话 and 电子邮箱, the
/// other headers merged down over both rows; and the same with the name
/// under a group (报名人信息 over 姓名 and 身份证号), where only the two
/// rows together name a name column.
#[test]
fn a_header_over_two_rows_is_read_as_one() {
    let plan = guyuan();
    let csv = "姓名,身份证号,联系电话,电子邮箱,住址,所在区县,报名方式,报名时间\n\
               甲,640402198001010017,13800000001,a@example.cn,文化路1号,原州区,电话,2025-09-10 10:00:00\n\
               乙,640402198502020037,13800000002,,新华路2号,西吉县,现场报名,2025-09-11 09:00:00\n";
    let opts = ScreeningOptions::default();
    let from_csv = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    for grouped_name in [false, true] {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        let merge = Format::new();
        ws.merge_range(0, 0, 0, 7, "2025年政府开放日报名表", &merge)
            .unwrap();
        if grouped_name {
            ws.merge_range(1, 0, 1, 1, "报名人信息", &merge).unwrap();
            ws.write_string(2, 0, "姓名").unwrap();
            ws.write_string(2, 1, "身份证号").unwrap();
        } else {
            ws.merge_range(1, 0, 2, 0, "姓名", &merge).unwrap();
            ws.merge_range(1, 1, 2, 1, "身份证号", &merge).unwrap();
        }
        ws.merge_range(1, 2, 1, 3, "联系方式", &merge).unwrap();
        ws.write_string(2, 2, "联系电话").unwrap();
        ws.write_string(2, 3, "电子邮箱").unwrap();
        for (c, h) in [
            (4, "住址"),
            (5, "所在区县"),
            (6, "报名方式"),
            (7, "报名时间"),
        ] {
            ws.merge_range(1, c, 2, c, h, &merge).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(
                        u32::try_from(r).unwrap() + 3,
                        u16::try_from(c).unwrap(),
                        *cell,
                    )
                    .unwrap();
                }
            }
        }
        let book = book.save_to_buffer().unwrap();
        let from_xlsx = screen_xlsx(&plan, &book, "r.xlsx", None, &opts).unwrap();
        assert_eq!(
            from_xlsx.records(Masking::Unmasked),
            from_csv.records(Masking::Unmasked),
            "grouped name: {grouped_name}"
        );
        assert!(
            from_xlsx
                .warnings
                .iter()
                .all(|w| w.code != openday::ProblemCode::MissingColumn),
            "{:?}",
            from_xlsx.warnings
        );
        let table = read_workbook(&book, "r.xlsx", None).unwrap();
        assert_eq!((table.title_rows, table.header_rows), (1, 2));
        assert_eq!(table.row_numbers, [4, 5]);
    }
}

/// A workbook written by another program (openpyxl, see
/// `scripts/make_office_workbook.py`): a merged title row, 序号 and phones
/// as numbers, dates as Excel date cells, a notes sheet after the data.
#[test]
fn a_workbook_written_by_openpyxl_screens_like_the_csv_and_accounts_for_its_title_row() {
    let plan = guyuan();
    let csv = openday::examples::GUYUAN_2025_REGISTRATIONS;
    let book = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/intake/guyuan-2025-office.xlsx"
    ))
    .unwrap();
    let opts = ScreeningOptions::default();
    let from_csv = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let from_xlsx = screen_csv(&plan, &book, "office.xlsx", &opts).unwrap();
    assert_eq!(from_xlsx.counts(), from_csv.counts());
    assert_eq!(
        from_xlsx.records(Masking::Unmasked),
        from_csv.records(Masking::Unmasked)
    );
    let skipped: Vec<_> = from_xlsx
        .warnings
        .iter()
        .filter(|w| w.code == openday::ProblemCode::SkippedRows)
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", from_xlsx.warnings);
    assert!(skipped[0].message_en.contains("1 title row(s)"));
    // The CSV has no rows to skip, so no such warning.
    assert!(
        from_csv
            .warnings
            .iter()
            .all(|w| w.code != openday::ProblemCode::SkippedRows)
    );
}

#[test]
fn an_id_number_typed_as_a_number_is_refused_on_its_row() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "联系电话", "所在区县", "报名方式"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "张三").unwrap();
    // 18 digits as a number: Excel keeps 15 significant digits.
    ws.write_number(1, 1, 640_402_198_001_010_011_f64).unwrap();
    ws.write_number(1, 2, 13_800_000_001_f64).unwrap();
    ws.write_string(1, 3, "原州区").unwrap();
    ws.write_string(1, 4, "电话").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let r = screen_xlsx(
        &guyuan(),
        &bytes,
        "r.xlsx",
        None,
        &ScreeningOptions::default(),
    )
    .unwrap();
    let rec = &r.records(Masking::Masked)[0];
    assert_eq!(rec.bucket, "invalid");
    // Named for what happened (its digits are lost), not as a wrong check
    // character, and how to keep the column as text; the phone (11 digits,
    // exact as a number) is read.
    assert_eq!(rec.reasons, "excel_scientific");
    assert!(
        rec.messages_en.contains("format the column as Text"),
        "{}",
        rec.messages_en
    );
    assert!(
        !rec.messages_en.contains("640402198001010"),
        "{}",
        rec.messages_en
    );
}

#[test]
fn a_missing_sheet_or_a_broken_workbook_is_a_clear_error() {
    let book = office_workbook(openday::examples::GUYUAN_2025_REGISTRATIONS);
    let err = screen_xlsx(
        &guyuan(),
        &book,
        "r.xlsx",
        Some("Sheet2"),
        &ScreeningOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "no_sheet");
    assert!(err.to_string().contains("报名登记"), "{err}");
    let mut broken = book.clone();
    broken.truncate(book.len() / 2);
    let err = screen_csv(&guyuan(), &broken, "r.xlsx", &ScreeningOptions::default()).unwrap_err();
    assert_eq!(err.code(), "workbook");
    assert!(err.to_string().starts_with("r.xlsx: "), "{err}");
}

#[test]
fn every_export_as_xlsx_has_the_csv_cells_and_no_formula() {
    let plan = guyuan();
    let csv = "姓名,联系电话,职业,所在区县,报名方式\n=HYPERLINK(\"http://x\"),13800000001,@SUM(A1),原州区,电话\n";
    let r = screen_csv(&plan, csv.as_bytes(), "r.csv", &ScreeningOptions::default()).unwrap();
    let records = r.records(Masking::Unmasked);
    let book = write_xlsx(&records, "筛选结果").unwrap();
    let back = read_workbook(&book, "out.xlsx", None).unwrap();
    let table = openday::export::Table::of(&records).unwrap();
    assert_eq!(back.sheet, "筛选结果");
    assert_eq!(back.header, table.header);
    let name = back.header.iter().position(|h| h == "name").unwrap();
    assert_eq!(back.rows[0][name], "'=HYPERLINK(\"http://x\")");
    let occupation = back.header.iter().position(|h| h == "occupation").unwrap();
    assert_eq!(back.rows[0][occupation], "'@SUM(A1)");
    // Masked by default where the caller masks: the masked records hide the phone.
    let masked = write_xlsx(r.records(Masking::Masked), "x").unwrap();
    let back = read_workbook(&masked, "m.xlsx", None).unwrap();
    let phone = back.header.iter().position(|h| h == "phone").unwrap();
    assert!(back.rows[0][phone].contains('*'), "{:?}", back.rows[0]);
}

/// The example registrations as a sheet ending with a form's sign-off: the
/// people who filled it in and checked it (one typed right of the table),
/// a blank row, the date. They are skipped and counted, not screened.
#[test]
fn a_forms_sign_off_under_the_sheet_is_skipped_and_counted() {
    let plan = guyuan();
    let csv = openday::examples::GUYUAN_2025_REGISTRATIONS;
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (i, row) in std::iter::once(&header).chain(&rows).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (i, c) = (u32::try_from(i).unwrap(), u16::try_from(c).unwrap());
            ws.write_string(i, c, cell).unwrap();
        }
    }
    let below = u32::try_from(rows.len() + 1).unwrap();
    let beyond = u16::try_from(header.len() + 2).unwrap();
    ws.write_string(below, 0, "填表人：王五").unwrap();
    ws.write_string(below, 3, "审核人：赵六").unwrap();
    ws.write_string(below, beyond, "联系电话：0954-2021234")
        .unwrap();
    ws.write_string(below + 2, 0, "填报日期：2025年9月12日")
        .unwrap();
    let book = book.save_to_buffer().unwrap();
    let opts = ScreeningOptions::default();
    let from_csv = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let from_xlsx = screen_xlsx(&plan, &book, "r.xlsx", None, &opts).unwrap();
    assert_eq!(
        from_xlsx.records(Masking::Unmasked),
        from_csv.records(Masking::Unmasked)
    );
    let table = read_workbook(&book, "r.xlsx", None).unwrap();
    assert_eq!((table.footer_rows, table.blank_rows), (2, 1));
    assert!(table.unread_cells.is_empty(), "{:?}", table.unread_cells);
    let codes: Vec<_> = from_xlsx.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [openday::ProblemCode::SkippedRows], "{codes:?}");
    assert!(
        from_xlsx.warnings[0]
            .message_en
            .contains("1 blank row(s) and 2 row(s) of the form's sign-off"),
        "{}",
        from_xlsx.warnings[0].message_en
    );
    // Rows given as records end the same way: skipped, named by row.
    let mut records = rows.clone();
    let signoff = |first: &str| {
        let mut row = vec![String::new(); header.len()];
        row[0] = first.to_owned();
        row
    };
    records.push(signoff("填表人：王五"));
    records.push(signoff("填报日期：2025年9月12日"));
    let table = openday::screening::screen_table(&plan, &header, &records, &opts).unwrap();
    assert_eq!(table.counts(), from_csv.counts());
    let n = rows.len();
    let skipped = table
        .warnings
        .iter()
        .find(|w| w.code == openday::ProblemCode::SkippedRows)
        .unwrap_or_else(|| panic!("{:?}", table.warnings));
    assert_eq!(skipped.path, format!("rows {}–{}", n + 1, n + 2));
}

/// A sheet whose sign-off runs longer than the footer's bound (20 rows):
/// the last 20 rows are its sign-off, the rows before them are screened
/// (and refused), and every row is accounted for once — as rows given as
/// records and as a CSV take them.
#[test]
fn a_sign_off_longer_than_the_bound_is_taken_once_from_the_last_rows() {
    let plan = guyuan();
    let header = ["姓名", "联系电话", "所在区县", "报名方式"];
    let person = ["王五", "13800000001", "原州区", "电话"];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in [header, person].iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            ws.write_string(r, c, *cell).unwrap();
        }
    }
    for i in 0..25 {
        ws.write_string(2 + i, 0, format!("注：第{i}条说明"))
            .unwrap();
    }
    let book = book.save_to_buffer().unwrap();
    let opts = ScreeningOptions::default();
    let table = read_workbook(&book, "r.xlsx", None).unwrap();
    assert_eq!((table.rows.len(), table.footer_rows), (6, 20));
    let r = screen_xlsx(&plan, &book, "r.xlsx", None, &opts).unwrap();
    assert_eq!(r.counts().rows, 6);
    assert_eq!(r.data_lines, 6);
    assert_eq!(r.counts().invalid, 5, "{:?}", r.counts());
    let skipped: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == openday::ProblemCode::SkippedRows)
        .map(|w| w.message_en.as_str())
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].contains("20 row(s) of the form's sign-off"),
        "{skipped:?}"
    );
    // The same rows as a CSV: the same rows screened.
    let mut lines = vec![header.join(","), person.join(",")];
    lines.extend((0..25).map(|i| format!("注：第{i}条说明,,,")));
    let csv = lines.join("\n") + "\n";
    let from_csv = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(from_csv.counts(), r.counts());
}
