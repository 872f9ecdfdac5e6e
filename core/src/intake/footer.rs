//! A form's sign-off lines under its table: `填表人：王五`, `审核人：…`,
//! `联系电话：…`, `填报日期：…`, `注：…`. A government form saved as CSV or
//! kept as a workbook ends with them; they are not registrations, and are
//! accounted for as skipped lines when they end the table (a line of this
//! shape with a registration after it is screened as a row, as before).

use crate::normalize;

/// The most lines a table's footer takes: a form's sign-off takes a few,
/// and a streamed CSV holds them until it knows what they are. Of a longer
/// run of sign-off lines, the last ones are the footer and the lines
/// before them rows, read from a stream or from rows in memory alike.
pub(crate) const MAX_FOOTER: usize = 20;

/// Labels of a form's sign-off lines, whitespace taken out (`填 表 人`) and
/// lower-cased: Chinese, English and German.
const LABELS: &[&str] = &[
    "注",
    "备注",
    "说明",
    "填表说明",
    "日期",
    "电话",
    "盖章",
    "签字",
    "签名",
    "preparedby",
    "checkedby",
    "approvedby",
    "reviewedby",
    "signature",
    "date",
    "note",
    "notes",
    "erstelltvon",
    "geprüftvon",
    "bearbeitetvon",
    "bearbeiter",
    "bearbeiterin",
    "datum",
    "ort,datum",
    "unterschrift",
    "stand",
    "hinweis",
    "anmerkung",
];

/// Endings of such labels: a person's role (`填表人`, `审核人`, `经办人`,
/// `单位负责人`), a date or a phone (`填报日期`, `联系电话`), a seal.
const ENDINGS: &[&str] = &["人", "日期", "时间", "电话", "盖章", "签字", "签名", "领导"];

/// Labels of a totals row under a table (`合计`, `共计：45人`), whitespace
/// taken out and lower-cased: Chinese, English and German.
const TOTALS: &[&str] = &[
    "合计",
    "总计",
    "共计",
    "小计",
    "总数",
    "总人数",
    "合计人数",
    "total",
    "totals",
    "summe",
    "gesamt",
    "insgesamt",
];

/// Longest label read as a footer's by its ending, in characters
/// (`单位分管负责人`).
const LONGEST: usize = 8;

/// What a row is, as far as a footer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// Every cell empty or space.
    Blank,
    /// A form's sign-off line: at least one cell filled, and every filled
    /// cell a label and a colon (`填表人：王五`, `审核人:`), the label one of
    /// a form's (see [`LABELS`], [`ENDINGS`]); or its totals row, whose
    /// first filled cell is a total's label (`合计`, `共计：45人`, see
    /// [`TOTALS`]) and whose other filled cells are counts (`45`, `45人`)
    /// or sign-off cells.
    Signoff,
    /// Anything else (a cell that is not text among them).
    Other,
}

/// What a row of `cells` is (`None` for a cell that is not text). Stops
/// at the first filled cell that is not a sign-off, so a registration
/// costs the look at its first filled cell.
pub(crate) fn line<'a>(cells: impl IntoIterator<Item = Option<&'a str>>) -> Line {
    let (mut any, mut totals) = (false, false);
    for cell in cells {
        let Some(cell) = cell else {
            return Line::Other;
        };
        let cell = normalize::trim(cell);
        if cell.is_empty() {
            continue;
        }
        if !any && is_totals(cell) {
            totals = true;
        } else if !(is_signoff(cell) || (totals && is_count(cell))) {
            return Line::Other;
        }
        any = true;
    }
    if any { Line::Signoff } else { Line::Blank }
}

/// Whether a cell is a totals row's label: `合计`, `合计：5人`, `共计45人`,
/// `Total:` (see [`TOTALS`]), alone or followed by a colon and anything,
/// or by a count.
fn is_totals(cell: &str) -> bool {
    let cell: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    TOTALS.iter().any(|label| {
        cell.strip_prefix(label)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '：']) || is_count(rest))
    })
}

/// Whether the first cell of a record may start a totals row (its bytes
/// begin like a label of [`TOTALS`], spaces before it skipped): the quick
/// look a streamed record gets before [`line()`] is asked. A Chinese label
/// is told by its first character, a Latin one by its letters.
pub(crate) fn may_be_totals(first: &[u8]) -> bool {
    /// The UTF-8 of 合, 总, 共 and 小: how the Chinese labels start.
    const FIRST: [[u8; 3]; 4] = [
        [0xE5, 0x90, 0x88],
        [0xE6, 0x80, 0xBB],
        [0xE5, 0x85, 0xB1],
        [0xE5, 0xB0, 0x8F],
    ];
    let first = first.trim_ascii_start();
    match first {
        [] => false,
        [b, ..] if *b >= 0x80 => first
            .get(..3)
            .is_some_and(|c| FIRST.iter().any(|f| f.as_slice() == c)),
        _ => TOTALS.iter().any(|label| {
            label.is_ascii()
                && first
                    .get(..label.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(label.as_bytes()))
        }),
    }
}

/// Whether a cell is a count: digits (with thousands commas), then
/// optionally 人, 名, 人次 or 个.
fn is_count(cell: &str) -> bool {
    let cell = cell.trim();
    let digits = ["人次", "人", "名", "个"]
        .iter()
        .find_map(|unit| cell.strip_suffix(unit))
        .unwrap_or(cell)
        .trim_end();
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == ',')
}

/// Whether a row's cells are a form's sign-off line ([`Line::Signoff`]).
#[cfg(test)]
fn is_footer<'a>(cells: impl IntoIterator<Item = &'a str>) -> bool {
    line(cells.into_iter().map(Some)) == Line::Signoff
}

/// Whether a filled cell is a sign-off label followed by a colon; the
/// label starts with no digit.
fn is_signoff(cell: &str) -> bool {
    let Some(at) = cell.find([':', '：']) else {
        return false;
    };
    let Some(label) = cell.get(..at) else {
        return false;
    };
    // 单位（盖章）, 填 表 人, Prepared by: brackets and spaces taken out.
    let label: String = label
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
        .flat_map(char::to_lowercase)
        .collect();
    let chars = label.chars().count();
    // A label starts with no digit (a row's 序号 does).
    !label.starts_with(|c: char| c.is_ascii_digit())
        && (LABELS.contains(&label.as_str())
            || (chars <= LONGEST && ENDINGS.iter().any(|e| label.ends_with(e))))
}

/// Where the sign-off lines ending `rows` start: the first of the trailing
/// rows that are footer lines or blank, counted from the first footer line
/// among them (blank rows before it stay rows); `rows.len()` when the
/// table does not end with one. At most [`MAX_FOOTER`] rows are taken.
pub(crate) fn footer_start(rows: &[Vec<String>]) -> usize {
    let mut start = rows.len();
    for (i, row) in rows.iter().enumerate().rev().take(MAX_FOOTER) {
        match line(row.iter().map(|c| Some(c.as_str()))) {
            Line::Signoff => start = i,
            Line::Blank => {}
            Line::Other => break,
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forms_signoff_is_a_footer_and_a_registration_is_not() {
        for line in [
            vec!["填表人：王五", "", "审核人：赵六", "联系电话：0954-2021234"],
            vec!["填 表 人：", "", "填报日期：2025年9月12日"],
            vec!["单位（盖章）：", "单位负责人：李四"],
            vec!["注：身份证号请填写18位"],
            vec!["Prepared by: A. Schmidt", "Date: 12.09.2025"],
            vec!["Erstellt von: A. Schmidt", "", "Datum: 12.09.2026"],
            vec!["Ort, Datum:", "Unterschrift:"],
            // A totals row, with its counts, or a sign-off cell beside it.
            vec!["合计", "45人", "", "1,204"],
            vec!["", "合计：45人"],
            vec!["共 计", "", "45 名", "填表人：王五"],
            vec!["合计45人"],
            vec!["Total:", "45"],
            vec!["Insgesamt", "45"],
        ] {
            assert!(is_footer(line.iter().copied()), "{line:?}");
        }
        // What a streamed record's first cell is looked at for: every
        // label, in any case, after spaces.
        for label in TOTALS {
            for first in [label.to_string(), format!("  {}：45", label.to_uppercase())] {
                assert!(may_be_totals(first.as_bytes()), "{first}");
            }
        }
        for first in ["王五", "1", "", "Tom", "Sarah", "李小明"] {
            assert!(!may_be_totals(first.as_bytes()), "{first}");
        }
        for line in [
            // A registration, however it is written.
            vec!["王五", "13800000001", "原州区"],
            // A label with a person's cell beside it.
            vec!["填表人：王五", "13800000001"],
            // No colon, or a colon far into a text.
            vec!["填表人 王五"],
            vec!["原州区文化路1号：3单元"],
            vec!["报名人的工作单位名称很长：某某"],
            // Nothing filled.
            vec!["", " "],
            // A totals label with a person's cells after it, or a name
            // that starts like one.
            vec!["合计", "王五", "13800000001"],
            vec!["小计划", "13800000001"],
            vec!["小明", "13800000001"],
            vec!["Sabine", "Total: 3"],
            vec!["合计人员"],
            // A count alone is not a total.
            vec!["45人"],
        ] {
            assert!(!is_footer(line.iter().copied()), "{line:?}");
        }
    }

    #[test]
    fn only_sign_off_lines_that_end_the_table_are_its_footer() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let person = row(&["王五", "13800000001"]);
        let signoff = row(&["填表人：赵六", ""]);
        let blank = row(&["", ""]);
        // Sign-off lines and the blank rows among and after them.
        let rows = vec![
            person.clone(),
            blank.clone(),
            signoff.clone(),
            blank.clone(),
            signoff.clone(),
            blank.clone(),
        ];
        assert_eq!(footer_start(&rows), 2);
        // A registration after a sign-off line: no footer.
        let rows = vec![person.clone(), signoff.clone(), person.clone()];
        assert_eq!(footer_start(&rows), 3);
        // Blank rows alone are not a footer.
        assert_eq!(footer_start(&[person.clone(), blank.clone()]), 2);
        // Held lines are bounded.
        let mut rows = vec![person];
        rows.extend(std::iter::repeat_n(signoff, MAX_FOOTER + 5));
        assert_eq!(footer_start(&rows), 5 + 1);
    }
}
