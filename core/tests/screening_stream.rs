//! A file screened as it is read gives the same report as its bytes
//! screened whole, whatever the pieces the reader hands out, the encoding,
//! the line ends or the damage.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Seek, SeekFrom};

use openday::Plan;
use openday::mask::Masking;
use openday::screening::{Outcome, ScreeningOptions, ScreeningReport, screen_csv, screen_reader};
use openday::synthetic::{SyntheticOptions, write_registrations_csv};
use proptest::prelude::*;

fn guyuan() -> Plan {
    Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

/// A reader that hands out at most `piece` bytes at a time.
struct Pieces {
    inner: Cursor<Vec<u8>>,
    piece: usize,
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.piece);
        self.inner.read(&mut buf[..n])
    }
}

impl Seek for Pieces {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Screen `bytes` whole and streamed in pieces of each size; both agree.
fn same(plan: &Plan, bytes: &[u8], opts: &ScreeningOptions, pieces: &[usize]) {
    let whole = screen_csv(plan, bytes, "r.csv", opts);
    for &piece in pieces {
        let reader = Pieces {
            inner: Cursor::new(bytes.to_vec()),
            piece,
        };
        let streamed = screen_reader(plan, reader, "r.csv", opts);
        match (&whole, &streamed) {
            (Ok(w), Ok(s)) => assert!(w == s, "pieces of {piece}: reports differ"),
            (Err(w), Err(s)) => assert_eq!(w.to_string(), s.to_string(), "pieces of {piece}"),
            _ => panic!(
                "pieces of {piece}: whole {:?}, streamed {:?}",
                whole.as_ref().map(ScreeningReport::len),
                streamed.as_ref().map(ScreeningReport::len)
            ),
        }
    }
}

fn generated(plan: &Plan, rows: usize, seed: u64) -> Vec<u8> {
    let opts = SyntheticOptions::for_plan(plan, rows, seed);
    let mut csv = Vec::new();
    write_registrations_csv(&opts, &mut csv).unwrap();
    csv
}

#[test]
fn a_generated_export_streams_to_the_same_report() {
    let plan = guyuan();
    let csv = generated(&plan, 3000, 7);
    let opts = ScreeningOptions::default();
    same(&plan, &csv, &opts, &[1, 3, 1000, 1 << 20]);
    let streamed = screen_reader(&plan, Cursor::new(&csv), "r.csv", &opts).unwrap();
    assert_eq!(streamed.encoding, "UTF-8");
    assert_eq!(streamed.len(), 3000);
}

#[test]
fn bom_crlf_and_blank_lines_stream_the_same() {
    let plan = guyuan();
    let text = String::from_utf8(generated(&plan, 400, 3)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Blank lines of every kind, including ideographic spaces and one cut
    // by a piece's end, and a quoted cell over several lines.
    lines.insert(5, String::new());
    lines.insert(9, "   \t ".into());
    lines.insert(13, "\u{3000}\u{3000}".into());
    lines.insert(17, "\u{3000}".repeat(40));
    lines.insert(21, format!("{}x", "\u{3000}".repeat(40)));
    lines.insert(25, "\u{00A0}\u{2003}".into());
    let joined = lines.join("\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(joined.as_bytes());
    let opts = ScreeningOptions::default();
    same(&plan, &bytes, &opts, &[1, 2, 5, 64, 4096]);
    // The empty line gives no row; the four lines of spaces are blank rows
    // and the line of spaces ending in "x" a row too (not miscounted as
    // rows over several lines).
    let r = screen_csv(&plan, &bytes, "r.csv", &opts).unwrap();
    assert_eq!((r.counts().rows, r.data_lines), (405, 405));
    let blank = (0..r.len())
        .filter(|&i| matches!(r.outcome(i), Some(Outcome::Invalid { errors }) if errors[0].code == "blank_row"))
        .count();
    assert_eq!(blank, 4);
    let mut quoted = joined.clone();
    quoted.push_str(
        "\r\n9999,\"张\n三\",男,,1990-01-01,13800000001,,,,,,完全,电话,2025-09-01 10:00:00,是\r\n",
    );
    same(&plan, quoted.as_bytes(), &opts, &[1, 7, 4096]);
    // One row over two lines: the one case where lines outnumber rows.
    let r = screen_csv(&plan, quoted.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!((r.counts().rows, r.data_lines), (406, 407));
}

#[test]
fn a_title_above_the_header_is_skipped_and_accounted_for() {
    let plan = guyuan();
    let text = String::from_utf8(generated(&plan, 50, 9)).unwrap();
    let opts = ScreeningOptions::default();
    let untitled = screen_csv(&plan, text.as_bytes(), "r.csv", &opts).unwrap();
    // What a sheet with a title over its table gives when saved as CSV:
    // the title in the first cell, the rest of its line empty; and a
    // title line with no separator at all over a tab-separated table.
    let titled = format!("2025年政府开放日报名登记表,,,,,\r\n,,,,,\r\n{text}");
    let bare = format!("报名登记表\n{}", text.replace(',', "\t"));
    // A government form: its annex number, the title, and a line of two
    // cells to fill in above the header.
    let form = format!(
        "附件1,,,,,\r\n2025年政府开放日报名登记表,,,,,\r\n填报单位：原州区政务服务中心,,,,填报日期：2025年9月12日,\r\n{text}"
    );
    for bytes in [titled.into_bytes(), bare.into_bytes(), form.into_bytes()] {
        same(&plan, &bytes, &opts, &[5, 4096]);
        let (gb, _, _) = encoding_rs::GB18030.encode(std::str::from_utf8(&bytes).unwrap());
        same(&plan, &gb, &opts, &[4096]);
        let r = screen_csv(&plan, &bytes, "r.csv", &opts).unwrap();
        assert_eq!(r.counts(), untitled.counts());
        assert_eq!(r.data_lines, 50);
        let w: Vec<_> = r
            .warnings
            .iter()
            .filter(|w| w.code == openday::plan::ProblemCode::SkippedRows)
            .collect();
        assert_eq!(w.len(), 1, "{:?}", r.warnings);
        assert!(
            w[0].message_en.contains("title row(s) above the header"),
            "{}",
            w[0].message_en
        );
        assert!(!r.to_string().contains("NOTE"), "{r}");
    }
    // A line of one cell that is not a title but the only header: refused
    // naming it, as before.
    let e = screen_csv(&plan, "手机\n13800000001\n".as_bytes(), "r.csv", &opts).unwrap_err();
    assert!(e.to_string().contains("(found: 手机)"), "{e}");
    // Under a form's line, a header without a name column is the one the
    // refusal names (it has the most cells), not the form's line.
    let nameless = "填报单位：某单位,,填报日期：9月12日,\n手机,住址,所在区县,报名方式\n13800000001,文化路1号,原州区,电话\n";
    let e = screen_csv(&plan, nameless.as_bytes(), "r.csv", &opts).unwrap_err();
    assert_eq!(e.code(), "no_name_column");
    assert!(
        e.to_string()
            .contains("(found: 手机,住址,所在区县,报名方式)"),
        "{e}"
    );
}

#[test]
fn a_header_over_two_rows_saved_as_csv_is_read_as_one() {
    let plan = guyuan();
    let text = String::from_utf8(generated(&plan, 50, 13)).unwrap();
    let opts = ScreeningOptions::default();
    let one_row = screen_csv(&plan, text.as_bytes(), "r.csv", &opts).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let cells: Vec<&str> = header.trim_end_matches('\r').split(',').collect();
    // A sheet whose header cells are merged down over two rows, with a
    // group 联系方式 over the phone and the next column, saved as CSV: the
    // group's text in its first column, the merged cells' text in the
    // upper row only.
    let phone = cells.iter().position(|c| *c == "联系电话").unwrap();
    let upper: Vec<&str> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| match i {
            _ if i == phone => "联系方式",
            _ if i == phone + 1 => "",
            _ => c,
        })
        .collect();
    let lower: Vec<&str> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| if i == phone || i == phone + 1 { *c } else { "" })
        .collect();
    let two = format!("{}\r\n{}\r\n{body}", upper.join(","), lower.join(","));
    same(&plan, two.as_bytes(), &opts, &[3, 64, 4096]);
    let r = screen_csv(&plan, two.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(r.counts(), one_row.counts());
    assert_eq!(
        r.records(Masking::Unmasked),
        one_row.records(Masking::Unmasked)
    );
    assert_eq!((r.counts().rows, r.data_lines), (50, 50));
    assert_eq!(r.columns, one_row.columns);
    // A first row whose one filled cell reads as a header (电话 as its
    // channel, under 报名方式) is a row, not the header's second row.
    let channel = cells.iter().position(|c| *c == "报名方式").unwrap();
    let lone: Vec<&str> = (0..cells.len())
        .map(|i| if i == channel { "电话" } else { "" })
        .collect();
    let with_lone = format!("{header}\n{}\n{body}", lone.join(","));
    let r = screen_csv(&plan, with_lone.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(r.counts().rows, 51);
    assert_eq!(r.columns, one_row.columns);
}

#[test]
fn headers_as_offices_type_them_are_recognised_and_a_header_over_lines_is_no_row() {
    let plan = guyuan();
    let text = String::from_utf8(generated(&plan, 50, 11)).unwrap();
    let opts = ScreeningOptions::default();
    let untyped = screen_csv(&plan, text.as_bytes(), "r.csv", &opts).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let header = header.trim_end_matches('\r');
    let cells: Vec<&str> = header.split(',').collect();
    // Each header the way a form or a sheet has it: a line break typed in
    // the cell (Alt+Enter), spaces aligning two characters, a required
    // mark, a note in brackets.
    let typed: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let first = h.chars().next().unwrap().len_utf8();
            match i % 4 {
                0 => format!("\"{}\r\n{}\"", &h[..first], &h[first..]),
                1 => format!("{}  {}", &h[..first], &h[first..]),
                2 => format!("*{h}"),
                _ => format!("{h}（必填）"),
            }
        })
        .collect();
    let retyped = format!("{}\n{body}", typed.join(","));
    same(&plan, retyped.as_bytes(), &opts, &[3, 64, 4096]);
    let r = screen_csv(&plan, retyped.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(r.counts(), untyped.counts());
    let used = |r: &openday::screening::ScreeningReport| {
        r.columns
            .iter()
            .map(|c| c.used_as.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(used(&r), used(&untyped));
    // The header's extra lines are not data lines: no note of rows over
    // several lines.
    assert_eq!((r.counts().rows, r.data_lines), (50, 50));
    assert!(!r.to_string().contains("NOTE"), "{r}");
}

/// A line that holds anything other than line ends.
fn filled_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_owned()),
        Just("\t\t".to_owned()),
        Just("\u{3000}\u{3000}".to_owned()),
        Just(",,,,".to_owned()),
        Just("\t,\t".to_owned()),
        Just("\u{00A0}".to_owned()),
        Just("张三,13800000001".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Rows and data lines agree on any export without quotes: empty lines
    /// (before the header too) give no row, a line of spaces or of
    /// separators is one row, in UTF-8 (streamed) and UTF-16 (read whole),
    /// whatever the line ends and the separator.
    #[test]
    fn rows_and_data_lines_agree_without_quotes(
        inserted in prop::collection::vec((0usize..30, prop::option::of(filled_line())), 0..12),
        leading in 0usize..3,
        ending in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        tabs: bool,
        bom: bool,
        utf16: bool,
    ) {
        let plan = guyuan();
        let text = String::from_utf8(generated(&plan, 30, 5)).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut filled = 0;
        for (at, line) in inserted {
            filled += usize::from(line.is_some());
            lines.insert(1 + at.min(lines.len() - 1), line.unwrap_or_default());
        }
        let mut joined = ending.repeat(leading);
        joined.push_str(&lines.join(ending));
        if tabs {
            joined = joined.replace(',', "\t");
        }
        let bytes = if utf16 {
            let mut b = vec![0xFF, 0xFE];
            b.extend(joined.encode_utf16().flat_map(u16::to_le_bytes));
            b
        } else if bom {
            [&b"\xEF\xBB\xBF"[..], joined.as_bytes()].concat()
        } else {
            joined.into_bytes()
        };
        let opts = ScreeningOptions::default();
        same(&plan, &bytes, &opts, &[7, 4096]);
        let r = screen_csv(&plan, &bytes, "r.csv", &opts).unwrap();
        prop_assert_eq!(r.counts().rows, 30 + filled as u64);
        prop_assert_eq!(r.data_lines, r.counts().rows);
        prop_assert!(!r.to_string().contains("NOTE"), "{}", r);
    }
}

#[test]
fn text_that_is_not_clean_utf8_is_read_whole_and_agrees() {
    let plan = guyuan();
    let csv = generated(&plan, 2000, 11);
    let opts = ScreeningOptions::default();
    // A stray byte far into the file, after streaming has begun.
    let mut damaged = csv.clone();
    let at = damaged.len() - 200;
    damaged.insert(at, 0xFF);
    same(&plan, &damaged, &opts, &[3, 4096]);
    // A U+FFFD typed into a late row (valid UTF-8), cut at every offset.
    let mut replaced = csv.clone();
    let at = replaced.len() - 300;
    let at = (at..replaced.len()).find(|&i| replaced[i] == b',').unwrap() + 1;
    replaced.splice(at..at, "\u{FFFD}".bytes());
    same(&plan, &replaced, &opts, &[1, 2, 4, 4096]);
    // GB18030 and UTF-16 exports.
    let text = String::from_utf8(csv).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    same(&plan, &gb, &opts, &[4096]);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    same(&plan, &utf16, &opts, &[4096]);
}

#[test]
fn empty_headers_only_and_broken_inputs_give_the_same_errors() {
    let plan = guyuan();
    let opts = ScreeningOptions::default();
    for input in [
        &b""[..],
        b"\n\n  \n",
        b"\xEF\xBB\xBF",
        "姓名,联系电话".as_bytes(),
        "姓名,联系电话\n".as_bytes(),
        "手机,地址\n1,2\n".as_bytes(),
        b"PK\x03\x04not really a workbook",
        b"\xFF\xFE",
    ] {
        same(&plan, input, &opts, &[1, 4096]);
    }
}

#[test]
fn a_reader_that_fails_is_an_error_naming_the_source() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk gone"))
        }
    }
    impl Seek for Failing {
        fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
            Ok(0)
        }
    }
    let e = screen_reader(&guyuan(), Failing, "gone.csv", &ScreeningOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("gone.csv") && e.contains("disk gone"), "{e}");
}

#[test]
fn a_read_that_fails_midway_names_the_line_it_stopped_at() {
    struct FailsAt {
        text: Vec<u8>,
        at: usize,
        cut: usize,
    }
    impl Read for FailsAt {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.at >= self.cut {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.cut - self.at).min(4096);
            buf[..n].copy_from_slice(&self.text[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }
    impl Seek for FailsAt {
        fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
            Ok(0)
        }
    }
    // Enough rows that the reader is asked again after the first chunks.
    let mut text = Vec::new();
    write_registrations_csv(&SyntheticOptions::for_plan(&guyuan(), 3000, 7), &mut text).unwrap();
    let cut = text.len() / 2;
    let reader = FailsAt {
        text: text.clone(),
        at: 0,
        cut,
    };
    let e = screen_reader(&guyuan(), reader, "half.csv", &ScreeningOptions::default())
        .unwrap_err()
        .to_string();
    // The line the cut falls in (the synthetic file ends lines with LF).
    let line = text[..cut].split(|&b| b == b'\n').count();
    assert!(
        e.contains(&format!("could not be read beyond line {line} (disk gone)")),
        "{e}"
    );
    assert!(e.contains("half.csv"), "{e}");
}

fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b",".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\"".to_vec()),
        Just(b" ".to_vec()),
        Just("\u{3000}".as_bytes().to_vec()),
        Just("\u{FFFD}".as_bytes().to_vec()),
        Just(vec![0xFF]),
        Just(vec![0xE4, 0xB8]),
        Just("张三".as_bytes().to_vec()),
        Just(b"13800000001".to_vec()),
        Just(b"1990-01-01".to_vec()),
        Just("电话".as_bytes().to_vec()),
        Just(b"2025-09-01 10:00".to_vec()),
        Just("填表人：".as_bytes().to_vec()),
        Just(b"Date:".to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_bytes_stream_like_they_read_whole(
        body in prop::collection::vec(fragment(), 0..80),
        piece in 1usize..40,
    ) {
        let mut bytes = "姓名,出生日期,联系电话,住址,报名方式,报名时间\n".as_bytes().to_vec();
        bytes.extend(body.concat());
        same(&guyuan(), &bytes, &ScreeningOptions::default(), &[piece]);
    }
}

#[test]
fn a_forms_sign_off_ending_the_table_is_skipped_and_accounted_for() {
    let plan = guyuan();
    let text = String::from_utf8(generated(&plan, 50, 17)).unwrap();
    let opts = ScreeningOptions::default();
    let unsigned = screen_csv(&plan, text.as_bytes(), "r.csv", &opts).unwrap();
    let body = text.trim_end_matches(['\r', '\n']);
    let lines = u64::try_from(body.lines().count()).unwrap();
    // A government form's sign-off under its table: the people who filled
    // it in and checked it, a phone, the date, a note over two lines in a
    // quoted cell, and a blank line among them.
    let signoff = "\r\n填表人：王五,,,审核人：赵六,,联系电话：0954-2021234\r\n,,,,,\r\n\"注：1. 身份证号请填写18位；\n2. 报名方式填电话或现场\",,,,,\r\n填报日期：2025年9月12日,,,,,\r\n";
    let form = format!("{body}{signoff}");
    let (gb, _, _) = encoding_rs::GB18030.encode(&form);
    for bytes in [form.as_bytes(), &gb[..]] {
        same(&plan, bytes, &opts, &[5, 4096]);
        let r = screen_csv(&plan, bytes, "r.csv", &opts).unwrap();
        assert_eq!(r.counts(), unsigned.counts());
        assert_eq!(r.data_lines, 50);
        let skipped: Vec<_> = r
            .warnings
            .iter()
            .filter(|w| w.code == openday::plan::ProblemCode::SkippedRows)
            .collect();
        assert_eq!(skipped.len(), 1, "{:?}", r.warnings);
        // Four records over five lines (the note takes two).
        let (first, last) = (lines + 1, lines + 5);
        assert_eq!(skipped[0].path, format!("lines {first}–{last}"));
        assert!(
            skipped[0]
                .message_en
                .contains("4 row(s) of the form's sign-off")
        );
        // Nobody's name from the sign-off is repeated.
        assert!(!r.to_string().contains("王五"), "{r}");
    }
    // A line of the same shape with a registration after it is a row, and
    // so is a blank line between them: nothing is skipped.
    let person = body.lines().nth(1).unwrap();
    let middle = format!("{body}\r\n填表人：王五,,,,,\r\n,,,,,\r\n{person}\r\n");
    same(&plan, middle.as_bytes(), &opts, &[5, 4096]);
    let r = screen_csv(&plan, middle.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(r.counts().rows, 53);
    assert_eq!(r.data_lines, 53);
    assert!(
        !r.warnings
            .iter()
            .any(|w| w.code == openday::plan::ProblemCode::SkippedRows),
        "{:?}",
        r.warnings
    );
    let rows: Vec<_> = r.rows().collect();
    assert_eq!(rows[50].line, lines + 1);
    assert!(matches!(rows[50].outcome, Outcome::Invalid { .. }));
    assert_eq!(rows[51].line, lines + 2);
    assert_eq!(rows[52].line, lines + 3);
    assert_eq!(rows[52].row, 53);
    assert!(matches!(
        rows[52].outcome,
        Outcome::Duplicate { of_row: 1, .. }
    ));
    // Blank lines alone at the end stay rows (refused as blank), as before.
    let blanks = format!("{body}\r\n,,,,,\r\n");
    let r = screen_csv(&plan, blanks.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(r.counts().rows, 51);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever sign-off, totals, blank and registration lines follow a table's
    /// header and first rows (none, or a few), every line is accounted
    /// for: the sign-off lines that end it (from the first after its last
    /// registration, blank lines among them, at most the last
    /// `MAX_FOOTER` = 20 lines) are skipped, and every other line is a
    /// row; streamed, whole and given as records alike.
    #[test]
    fn lines_after_a_table_are_rows_or_its_sign_off(
        people in 0usize..3,
        lines in prop::collection::vec(0u8..4, 0..8),
        run in prop::collection::vec(prop_oneof![Just(0u8), Just(1), Just(3)], 0..30),
        piece in 1usize..64,
        crlf: bool,
    ) {
        // Any lines, then a run of sign-off and blank lines (to make runs
        // longer than the footer's bound).
        let tail: Vec<u8> = lines.into_iter().chain(run).collect();
        let plan = guyuan();
        let text = String::from_utf8(generated(&plan, 5, 3)).unwrap();
        let table: Vec<&str> = text.lines().collect();
        let person = table[1];
        let end = if crlf { "\r\n" } else { "\n" };
        let mut form = table[..=people].join(end);
        for kind in &tail {
            form.push_str(end);
            form.push_str(match kind {
                0 => "填表人：王五,,审核人：赵六",
                1 => ",,,,",
                3 => "合计,5人",
                _ => person,
            });
        }
        form.push_str(end);
        same(&plan, form.as_bytes(), &ScreeningOptions::default(), &[piece, 4096]);
        // The footer: from the first sign-off line among the last 20 lines
        // after the last registration.
        let after_last_person = tail.iter().rposition(|&k| k == 2).map_or(0, |i| i + 1);
        let window = after_last_person.max(tail.len().saturating_sub(20));
        let start = tail[window..]
            .iter()
            .position(|&k| k == 0 || k == 3)
            .map_or(tail.len(), |i| window + i);
        let rows = (people + start) as u64;
        let r = screen_csv(&plan, form.as_bytes(), "r.csv", &ScreeningOptions::default()).unwrap();
        prop_assert_eq!(r.counts().rows, rows);
        prop_assert_eq!(r.data_lines, rows);
        let skipped = |r: &ScreeningReport| {
            r.warnings
                .iter()
                .find(|w| w.code == openday::plan::ProblemCode::SkippedRows)
                .map(|w| w.path.clone())
        };
        let footer = skipped(&r);
        prop_assert_eq!(footer.is_some(), start < tail.len());
        // The same rows given as records: the same rows screened, and the
        // same lines skipped (a record's row is its line less the header's).
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(form.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let t = openday::screening::screen_table(&plan, &header, &records, &ScreeningOptions::default())
            .unwrap();
        prop_assert_eq!(t.counts(), r.counts());
        let as_lines = |path: String| {
            path.trim_start_matches(|c: char| !c.is_ascii_digit())
                .split('–')
                .map(|n| n.parse::<u64>().unwrap())
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(
            footer.map(as_lines),
            skipped(&t).map(|p| as_lines(p).into_iter().map(|n| n + 1).collect())
        );
    }
}
