//! What a table's shape tells whoever reads the results: rows that are not
//! registrations (title lines, blank rows of a sheet), and columns the plan
//! requires that the table does not have.

use crate::Problem;
use crate::intake::ColumnUse;
use crate::plan::ProblemCode;
use crate::plan::registration::{FieldRequirement, RegistrationField};

/// The warning that accounts for title lines above a CSV table's header
/// (skipped, as in a workbook), `None` when there were none.
pub(super) fn title_warning(lines: &[u64]) -> Option<crate::Problem> {
    lines_warning(lines, "line", |titles| Skipped {
        titles,
        ..Skipped::default()
    })
}

/// The warning that accounts for a form's sign-off lines ending a CSV
/// table (`填表人：…`, `审核人：…`, and blank lines among them), `None` when
/// there were none.
pub(super) fn footer_warning(lines: &[u64]) -> Option<crate::Problem> {
    lines_warning(lines, "line", footers)
}

/// [`footer_warning`] for rows given as records (numbered from 1).
pub(super) fn footer_rows_warning(rows: &[u64]) -> Option<crate::Problem> {
    lines_warning(rows, "row", footers)
}

fn footers(footers: u64) -> Skipped {
    Skipped {
        footers,
        ..Skipped::default()
    }
}

/// The `skipped_rows` warning for `lines` (each a `unit`: line or row);
/// `skipped` turns their number into what was skipped.
fn lines_warning(
    lines: &[u64],
    unit: &str,
    skipped: impl FnOnce(u64) -> Skipped,
) -> Option<crate::Problem> {
    let (place, place_zh) = lines_place(lines, unit)?;
    skipped_rows_warning(&place, &place_zh, skipped(lines.len() as u64))
}

/// `line 4` or `lines 1–3` (`unit`: line or row), in English and
/// Chinese.
fn lines_place(lines: &[u64], unit: &str) -> Option<(String, String)> {
    let (first, last) = (lines.first()?, lines.last()?);
    Some(if first == last {
        (format!("{unit} {first}"), format!("第 {first} 行"))
    } else {
        (
            format!("{unit}s {first}–{last}"),
            format!("第 {first}–{last} 行"),
        )
    })
}

/// Rows of a table that are not registrations, by kind.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Skipped {
    /// Title rows above the header.
    pub(crate) titles: u64,
    /// Blank rows (of a sheet).
    pub(crate) blanks: u64,
    /// A form's sign-off rows ending the table (`填表人：…`), with the
    /// blank rows among them.
    pub(crate) footers: u64,
}

/// The one `skipped_rows` warning, for a CSV file's title and sign-off
/// lines and for a workbook sheet's title, blank and sign-off rows alike:
/// `place` says where (`line 1`, `sheet 报名表`), in English and Chinese.
/// `None` when nothing was skipped.
pub(crate) fn skipped_rows_warning(
    place: &str,
    place_zh: &str,
    skipped: Skipped,
) -> Option<crate::Problem> {
    let Skipped {
        titles,
        blanks,
        footers,
    } = skipped;
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    if titles > 0 {
        en.push(format!("{titles} title row(s) above the header"));
        zh.push(format!("表头上方标题行 {titles} 行"));
    }
    if blanks > 0 {
        en.push(format!("{blanks} blank row(s)"));
        zh.push(format!("空行 {blanks} 行"));
    }
    if footers > 0 {
        en.push(format!(
            "{footers} row(s) of the form's sign-off below the table (填表人：…, 审核人：…, 日期：…, a 合计 totals row, and blank rows among them)"
        ));
        zh.push(format!(
            "表格下方落款行 {footers} 行（填表人、审核人、日期、合计行等及其间空行）"
        ));
    }
    if en.is_empty() {
        return None;
    }
    Some(crate::Problem::warning(
        place.to_owned(),
        crate::plan::ProblemCode::SkippedRows,
        format!("not read as registrations: {} ({place})", en.join(" and ")),
        format!("未作为报名记录读取：{}（{place_zh}）", zh.join("，")),
    ))
}

/// The `unread_cells` warning for a sheet's rows with filled cells to the
/// right of the header's last column (`rows`: each row's spreadsheet
/// number and its rightmost such cell's column), `None` when there are
/// none. Up to five rows are named.
#[cfg(feature = "xlsx")]
pub(crate) fn unread_cells_warning(
    place: &str,
    place_zh: &str,
    rows: &[(u32, String)],
) -> Option<Problem> {
    if rows.is_empty() {
        return None;
    }
    let cells: Vec<String> = rows
        .iter()
        .map(|(row, column)| format!("{column}{row}"))
        .collect();
    let cells = named_list(cells.iter().map(String::as_str));
    let n = rows.len();
    Some(Problem::warning(
        place.to_owned(),
        crate::plan::ProblemCode::UnreadCells,
        format!(
            "{n} row(s) have cells filled to the right of the header's last column, which no header names, so they were not read ({place}: {cells}); if they hold registration details, give their column a header and screen the sheet again"
        ),
        format!(
            "{n} 行在表头最后一列右侧有内容，因无列名未读取（{place_zh}：{cells}）；如为报名信息，请为该列加上列名后重新筛查"
        ),
    ))
}

/// The `merged_cells` warning for a sheet's areas merged below the header
/// (`areas`: `G5:G9`), each of whose cells was given the area's value,
/// `None` when there are none. Up to five areas are named.
#[cfg(feature = "xlsx")]
pub(crate) fn merged_cells_warning(
    place: &str,
    place_zh: &str,
    areas: &[String],
) -> Option<Problem> {
    if areas.is_empty() {
        return None;
    }
    let n = areas.len();
    let named = named_list(areas.iter().map(String::as_str));
    Some(Problem::warning(
        place.to_owned(),
        crate::plan::ProblemCode::MergedCells,
        format!(
            "{n} merged area(s) below the header were read as their value on every row they span ({place}: {named}); check that the value belongs to each of those rows"
        ),
        format!(
            "表头下方 {n} 处合并单元格按其值计入所跨的每一行（{place_zh}：{named}）；请核对该值是否适用于每一行"
        ),
    ))
}

/// A `merged_cells` warning where a sheet's merged areas could not be read
/// (`why`): an area's value is then in its first cell only, and the rows
/// below it may be refused for lacking it.
#[cfg(feature = "xlsx")]
pub(crate) fn merges_unread_warning(
    place: &str,
    place_zh: &str,
    why: Option<&str>,
) -> Option<Problem> {
    let why = why?;
    Some(Problem::warning(
        place.to_owned(),
        crate::plan::ProblemCode::MergedCells,
        format!(
            "the merged areas of {place} could not be read ({why}), so each area's value was read in its first cell only and rows below it may be refused for lacking it; unmerge the areas and fill every cell (or save the sheet again from Excel), then screen it again"
        ),
        format!(
            "{place_zh}的合并单元格无法读取（{why}），合并区域的值只计入其第一个单元格，其下各行可能因缺少该值而不符合条件；请取消合并并逐格填写（或用 Excel 重新保存），然后重新筛查"
        ),
    ))
}

/// Up to five items joined with commas, "…" after them if there are more.
#[cfg(feature = "xlsx")]
fn named_list<'a>(items: impl ExactSizeIterator<Item = &'a str>) -> String {
    const NAMED: usize = 5;
    let more = items.len() > NAMED;
    let mut list: Vec<&str> = items.take(NAMED).collect();
    if more {
        list.push("…");
    }
    list.join(", ")
}

/// A `missing_column` warning for each of the plan's required fields (or
/// groups of fields) that no column of the table gives, naming the columns
/// that were not recognised: no row can give such a field, so each row is
/// refused for it where the plan's rules include `required_fields`
/// (`enforced`). None for rows given as records.
pub(super) fn missing_columns(
    columns: &[ColumnUse],
    required: &[FieldRequirement],
    enforced: bool,
) -> Vec<Problem> {
    if columns.is_empty() {
        return Vec::new();
    }
    let has = |f: RegistrationField| {
        let used = |c: &ColumnUse| c.used_as.strip_prefix("field:") == Some(f.code());
        match f {
            // Every row has a channel (the default or `other`).
            RegistrationField::Channel => true,
            // An ID number gives the birth date.
            RegistrationField::BirthDate => columns
                .iter()
                .any(|c| used(c) || c.used_as == "field:id_number"),
            RegistrationField::CivilCapacity => columns
                .iter()
                .any(|c| used(c) || c.used_as == "capacity_verified"),
            _ => columns.iter().any(used),
        }
    };
    let unknown: Vec<&str> = columns
        .iter()
        .filter(|c| c.used_as.starts_with("attribute:"))
        .map(|c| c.header.as_str())
        .collect();
    let (others, others_zh) = if unknown.is_empty() {
        (
            "every column was recognised".to_owned(),
            "各列均已识别".to_owned(),
        )
    } else {
        let list = unknown
            .iter()
            .map(|h| format!("\"{}\"", h.replace(['\r', '\n'], " ")))
            .collect::<Vec<_>>()
            .join(", ");
        (
            format!("columns not recognised: {list}"),
            format!("未识别的列：{list}"),
        )
    };
    let (outcome, outcome_zh) = if enforced {
        (
            "every row will be refused for lacking it",
            "每一行都将因此不合格",
        )
    } else {
        ("no row gives it", "没有任何一行提供该信息")
    };
    let mut warnings = Vec::new();
    for (i, req) in required.iter().enumerate() {
        let (fields, path) = match req {
            FieldRequirement::One(f) => (
                std::slice::from_ref(f),
                format!("registration.required_fields[{i}]"),
            ),
            FieldRequirement::AnyOf { any_of } => (
                any_of.as_slice(),
                format!("registration.required_fields[{i}].any_of"),
            ),
        };
        let Some(first) = fields.first() else {
            continue;
        };
        if fields.iter().any(|f| has(*f)) {
            continue;
        }
        let codes: Vec<&str> = fields.iter().map(|f| f.code()).collect();
        let labels: Vec<&str> = fields.iter().map(|f| f.label_zh()).collect();
        let (codes, labels, first) = (codes.join(" or "), labels.join("或"), first.code());
        warnings.push(Problem::warning(
            path,
            ProblemCode::MissingColumn,
            format!("the table has no column for {codes} (a field the plan requires), so {outcome}; {others}. Name the column that holds it (columns.{first}, or the main job's --column {first}=HEADER), or add the column"),
            format!("报名表中没有{labels}列（方案要求的必填信息），{outcome_zh}；{others_zh}。请指定存放该信息的列（columns.{first}，或主程序 --column {first}=列名），或补充该列"),
        ));
    }
    warnings
}
