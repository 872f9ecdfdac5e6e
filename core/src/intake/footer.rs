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
    /// a form's (see [`LABELS`], [`ENDINGS`]).
    Signoff,
    /// Anything else (a cell that is not text among them).
    Other,
}

/// What a row of `cells` is (`None` for a cell that is not text). Stops
/// at the first filled cell that is not a sign-off, so a registration
/// costs the look at its first filled cell.
pub(crate) fn line<'a>(cells: impl IntoIterator<Item = Option<&'a str>>) -> Line {
    let mut any = false;
    for cell in cells {
        let Some(cell) = cell else {
            return Line::Other;
        };
        let cell = normalize::trim(cell);
        if cell.is_empty() {
            continue;
        }
        if !is_signoff(cell) {
            return Line::Other;
        }
        any = true;
    }
    if any { Line::Signoff } else { Line::Blank }
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
        ] {
            assert!(is_footer(line.iter().copied()), "{line:?}");
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
