//! A CSV table read row by row: records split from the reader, each
//! checked as UTF-8 once and read into a registrant in place.

use chrono_tz::Tz;

use super::columns::{
    Column, describe_columns, names_a_field, resolve_columns, sniff_delimiter, two_row_header_cell,
};
use super::fields::{blank_row_error, build_into, is_blank};
use super::footer::{self, Line, MAX_FOOTER};
use super::records;
use super::{ColumnUse, FieldError, IntakeError, IntakeOptions, IntakeRow};
use crate::registrant::Registrant;
use crate::registration::ChannelKind;

/// A CSV table being read row by row, so that a caller can keep what it
/// needs of each row rather than every row at once.
pub(crate) struct CsvTable<'t, R: std::io::Read> {
    records: records::Records<R>,
    headers: csv::StringRecord,
    columns: Vec<Column>,
    delimiter: u8,
    source_name: &'t str,
    opts: &'t IntakeOptions,
    tz: Tz,
    row: u64,
    /// Lines of the title rows skipped above the header.
    title_lines: Vec<u64>,
    /// Lines holding anything that the titles and the header took (more
    /// than one each where a quoted header cell holds a line break).
    head_lines: u64,
    /// What the reader's current record is waiting for, if anything.
    waiting: Waiting,
    /// Whether the text was decoded with replacement (U+FFFD marks bytes
    /// that were not text); only then are cells searched for it.
    lossy: bool,
    /// Set when a row is not UTF-8 (a streamed file that is not).
    not_utf8: bool,
    /// The registrant each row is read into, in place (its buffers are
    /// reused from row to row).
    current: Registrant,
    /// Records held while they look like a form's sign-off lines (and the
    /// blank ones among them): the table's footer if nothing else
    /// follows, else given out as rows.
    held: std::collections::VecDeque<Held>,
    /// Held records no longer held, to be given out as rows first.
    released: std::collections::VecDeque<Held>,
    /// The held record being given out.
    replay: Option<Held>,
    /// Lines of the sign-off lines that ended the table.
    footer_lines: Vec<u64>,
    /// Lines holding anything that the footer took.
    footer_filled: u64,
}

/// A record kept aside: its bytes, its cells' bounds and its line.
struct Held {
    bytes: Vec<u8>,
    bounds: Vec<(usize, usize)>,
    line: u64,
    /// Whether the record is blank (else a sign-off line).
    blank: bool,
    /// The lines holding anything before it (see
    /// [`records::Records::filled_lines`]).
    filled_before: u64,
}

/// What the reader's current record is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waiting {
    /// Nothing: the next record is to be read.
    Nothing,
    /// To be looked at: the first data row, read while looking for a
    /// header's second row.
    Unread,
    /// To be given out as a row after the released ones (the record that
    /// ended a holding).
    Row,
}

/// Where the next row's record is.
enum Source {
    /// The reader's current record.
    Current,
    /// A held record, given out as a row.
    Held(Held),
    /// No more rows.
    End,
}

impl<'t> CsvTable<'t, &'t [u8]> {
    /// Read the header of decoded `text` and map its columns.
    pub(crate) fn open(
        text: &'t str,
        source_name: &'t str,
        opts: &'t IntakeOptions,
        tz: Tz,
    ) -> Result<Self, IntakeError> {
        let lossy = text.contains('\u{FFFD}');
        CsvTable::from_reader(text.as_bytes(), text, source_name, opts, tz, lossy)
    }
}

impl<'t, R: std::io::Read> CsvTable<'t, R> {
    /// Read the header from `reader` (UTF-8 text; `first_line` is its first
    /// line, to guess the delimiter from) and map its columns.
    pub(crate) fn from_reader(
        reader: R,
        first_line: &str,
        source_name: &'t str,
        opts: &'t IntakeOptions,
        tz: Tz,
        lossy: bool,
    ) -> Result<Self, IntakeError> {
        let delimiter = opts
            .delimiter
            .and_then(|c| u8::try_from(c).ok())
            .unwrap_or_else(|| sniff_delimiter(first_line));
        let mut records = records::Records::new(reader, delimiter);
        let (headers, columns, title_lines) = read_headers(&mut records, source_name, opts)?;
        let mut head_lines = records.filled_lines();
        // A header over two rows, as a sheet with merged header cells is
        // saved: the record after the header names fields in cells under
        // a group (联系方式 over 联系电话 and 电子邮箱) and holds nothing
        // else. Any other record is the first data row, kept for
        // `next_row`.
        let (headers, columns, waiting) = match records.next_record() {
            Ok(true) => match sub_header(&records, &headers, opts)
                .and_then(|h| Some((resolve_columns(&h, opts, source_name).ok()?, h)))
            {
                Some((columns, combined)) => {
                    head_lines = records.filled_lines();
                    (combined, columns, Waiting::Nothing)
                }
                None => (headers, columns, Waiting::Unread),
            },
            Ok(false) => (headers, columns, Waiting::Nothing),
            Err(e) => return Err(io_error(source_name, records.reached(), &e)),
        };
        Ok(Self {
            records,
            headers,
            title_lines,
            head_lines,
            waiting,
            columns,
            delimiter,
            source_name,
            opts,
            tz,
            row: 0,
            lossy,
            not_utf8: false,
            current: Registrant::new(String::new(), ChannelKind::Other),
            held: std::collections::VecDeque::new(),
            released: std::collections::VecDeque::new(),
            replay: None,
            footer_lines: Vec::new(),
            footer_filled: 0,
        })
    }

    /// How each column was understood.
    pub(crate) fn column_use(&self) -> Vec<ColumnUse> {
        describe_columns(&self.headers, &self.columns)
    }

    /// The lines of the title rows above the header, which are not
    /// registrations (what a sheet saved as CSV keeps of a title over the
    /// table).
    pub(crate) fn title_lines(&self) -> &[u64] {
        &self.title_lines
    }

    /// The data lines below the header, given `after_first`: the lines
    /// holding anything after the first one, as
    /// [`crate::intake::data_lines`] counts them (title lines and a header
    /// over several lines among them).
    pub(crate) fn data_lines(&self, after_first: u64) -> u64 {
        after_first
            .saturating_add(1)
            .saturating_sub(self.head_lines)
            .saturating_sub(self.footer_filled)
    }

    /// The lines of the form's sign-off lines that ended the table
    /// (`填表人：…`, `审核人：…`, and blank lines among them), which are not
    /// registrations; known once every row is read.
    pub(crate) fn footer_lines(&self) -> &[u64] {
        &self.footer_lines
    }

    /// Whether reading stopped at a row that is not UTF-8.
    pub(crate) fn not_utf8(&self) -> bool {
        self.not_utf8
    }

    /// The reader the table is read from.
    pub(crate) fn get_ref(&self) -> &R {
        self.records.get_ref()
    }

    /// The next data row, `None` after the last.
    pub(crate) fn next_row(&mut self) -> Result<Option<IntakeRow>, IntakeError> {
        let Some(row) = self.next_row_in_place()? else {
            return Ok(None);
        };
        let (number, line, read) = (row.row, row.line, row.result.map(|_| ()));
        let result = match read {
            Ok(()) => Ok(std::mem::replace(
                &mut self.current,
                Registrant::new(String::new(), ChannelKind::Other),
            )),
            Err(errors) => Err(errors),
        };
        Ok(Some(IntakeRow {
            row: number,
            line,
            result,
        }))
    }

    /// The next data row, its registrant read into the table's own (valid
    /// until the next call), `None` after the last.
    pub(crate) fn next_row_in_place(&mut self) -> Result<Option<RowRef<'_>>, IntakeError> {
        let (bytes, bounds, line) = match self.advance()? {
            Source::End => return Ok(None),
            Source::Current => (
                self.records.bytes(),
                self.records.bounds(),
                self.records.line(),
            ),
            Source::Held(h) => {
                let h = self.replay.insert(h);
                (h.bytes.as_slice(), h.bounds.as_slice(), h.line)
            }
        };
        let Some(record) = Cells::new(bytes, bounds) else {
            self.not_utf8 = true;
            return Err(IntakeError::Csv {
                source_name: self.source_name.to_owned(),
                line,
                message: format!(
                    "line {line} is not valid UTF-8; save the file as UTF-8, or name its encoding"
                ),
            });
        };
        self.row += 1;
        let headers = &self.headers;
        let damaged = || record.iter().position(|c| c.contains('\u{FFFD}'));
        let result = if let Some(e) = swallowed(&record, headers, self.delimiter, line) {
            Err(vec![e])
        } else if let Some(i) = self.lossy.then(damaged).flatten() {
            Err(vec![FieldError {
                field: None,
                column: headers.get(i).map(str::to_owned),
                code: "encoding",
                message_en: format!(
                    "line {line} has bytes that are not UTF-8 (the rest of the file is); retype the damaged text or save the file again as UTF-8"
                ),
                message_zh: format!(
                    "第 {line} 行含有非 UTF-8 字节（文件其余部分为 UTF-8），请重新输入受损内容或将文件另存为 UTF-8"
                ),
            }])
        } else if record.len() == headers.len() {
            build_into(
                &record,
                headers,
                &self.columns,
                self.opts,
                self.tz,
                &mut self.current,
            )
        } else if is_blank(&record) {
            Err(vec![blank_row_error()])
        } else {
            Err(vec![row_length_error(record.iter(), headers)])
        };
        Ok(Some(RowRef {
            row: self.row,
            line,
            result: result.map(|()| &self.current),
        }))
    }
}

impl<R: std::io::Read> CsvTable<'_, R> {
    /// Move to the next row's record: a held one given out as a row, the
    /// row that ended a holding, or the reader's next record (the first
    /// data row, read while looking for a header's second row, first).
    ///
    /// From a line that looks like a form's sign-off line, it and the
    /// sign-off or blank lines after it are held, at most [`MAX_FOOTER`]:
    /// at the end of the input they are the table's footer; a line of
    /// anything else after them makes them rows, given out first; past the
    /// bound the first held goes out as a row (with the blank lines after
    /// it), so the footer is taken from the last lines, as
    /// [`footer::footer_start`] takes it from rows in memory.
    fn advance(&mut self) -> Result<Source, IntakeError> {
        loop {
            if let Some(h) = self.released.pop_front() {
                return Ok(Source::Held(h));
            }
            let before = match std::mem::replace(&mut self.waiting, Waiting::Nothing) {
                Waiting::Row => return Ok(Source::Current),
                Waiting::Unread => self.head_lines,
                Waiting::Nothing => {
                    let before = self.records.filled_lines();
                    if !self.next_record()? {
                        if let Some(first) = self.held.front() {
                            self.footer_filled = self
                                .records
                                .filled_lines()
                                .saturating_sub(first.filled_before);
                            self.footer_lines = self.held.drain(..).map(|h| h.line).collect();
                        }
                        return Ok(Source::End);
                    }
                    before
                }
            };
            let kind = self.current_line();
            if kind == Line::Other || (kind == Line::Blank && self.held.is_empty()) {
                if self.held.is_empty() {
                    return Ok(Source::Current);
                }
                // A row after held lines: they are rows too, given out first.
                self.waiting = Waiting::Row;
                self.released.append(&mut self.held);
                continue;
            }
            self.held.push_back(Held {
                bytes: self.records.bytes().to_vec(),
                bounds: self.records.bounds().to_vec(),
                line: self.records.line(),
                blank: kind == Line::Blank,
                filled_before: before,
            });
            if self.held.len() > MAX_FOOTER {
                // Past the bound: the first held line is a row, and so are
                // the blank lines after it, so the held lines start with a
                // sign-off line again.
                let rows = 1 + self.held.iter().skip(1).take_while(|h| h.blank).count();
                self.released.extend(self.held.drain(..rows));
            }
        }
    }

    /// The reader's next record; `false` at the end.
    fn next_record(&mut self) -> Result<bool, IntakeError> {
        self.records
            .next_record()
            .map_err(|e| io_error(self.source_name, self.records.reached(), &e))
    }

    /// What the current record is, as far as a footer goes. Each cell is
    /// checked as text on its own, and only up to the first that is not a
    /// sign-off (a registration's first).
    fn current_line(&self) -> Line {
        let bytes = self.records.bytes();
        // The common case first: a record whose first cell starts with a
        // digit (a 序号) or holds a letter, a digit or a Chinese character
        // but no colon (`:`, or `：`, whose UTF-8 starts with 0xEF) and
        // does not start like a total (`合计`) is a row's, neither blank
        // nor a sign-off.
        if let Some(&(a, b)) = self.records.bounds().first()
            && let Some(first) = bytes.get(a..b)
            && (first.first().is_some_and(u8::is_ascii_digit)
                || (quick_row(first) && !footer::may_be_totals(first)))
        {
            return Line::Other;
        }
        footer::line(
            self.records
                .bounds()
                .iter()
                .map(|&(a, b)| bytes.get(a..b).and_then(|c| std::str::from_utf8(c).ok())),
        )
    }
}

/// Whether a record's first cell says at a glance that the record is
/// neither blank nor a form's sign-off line: it holds a letter, a digit or
/// a Chinese character (a lead byte 0xE4–0xE9; no space is among them)
/// and no colon.
#[inline]
fn quick_row(first: &[u8]) -> bool {
    let mut filled = false;
    for &b in first {
        match b {
            b':' | 0xEF => return false,
            b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' | 0xE4..=0xE9 => filled = true,
            _ => {}
        }
    }
    filled
}

/// A row read by [`CsvTable::next_row_in_place`]: an [`IntakeRow`] whose
/// registrant is borrowed.
pub(crate) struct RowRef<'t> {
    pub(crate) row: u64,
    pub(crate) line: u64,
    pub(crate) result: Result<&'t Registrant, Vec<FieldError>>,
}

/// The cells of one record as text: the record's bytes are checked to be
/// UTF-8 once, as a whole (with SIMD where the machine has it), and each
/// cell is a slice of them.
pub(super) struct Cells<'r> {
    text: &'r str,
    bounds: &'r [(usize, usize)],
}

impl<'r> Cells<'r> {
    /// `None` when the record is not UTF-8.
    pub(super) fn new(bytes: &'r [u8], bounds: &'r [(usize, usize)]) -> Option<Self> {
        let text = simdutf8::basic::from_utf8(bytes).ok()?;
        Some(Self { text, bounds })
    }

    pub(super) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Every cell; cells end at separators and quotes (ASCII), so each
    /// range falls on character boundaries.
    pub(super) fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        self.bounds
            .iter()
            .map(|&(a, b)| self.text.get(a..b).unwrap_or_default())
    }
}

/// The header `headers` completed by the reader's current record where
/// that record is its second row: as long as the header, every filled cell
/// naming a field (see [`names_a_field`]), one of them under an empty
/// header cell; each column is then named by its lower cell where it has
/// one. `None` for any other record.
fn sub_header<R: std::io::Read>(
    records: &records::Records<R>,
    headers: &csv::StringRecord,
    opts: &IntakeOptions,
) -> Option<csv::StringRecord> {
    let cells = Cells::new(records.bytes(), records.bounds())?;
    if cells.len() != headers.len() {
        return None;
    }
    // At least one lower cell stands under an empty one: a group's upper
    // cell is saved in its first column only, the rest of it empty. A
    // first data row whose one filled cell happens to read as a header
    // (电话 as its channel) stands under the header's own cells.
    let mut under_group = false;
    for (upper, cell) in headers.iter().zip(cells.iter()) {
        if !cell.trim().is_empty() {
            if !names_a_field(cell, opts) {
                return None;
            }
            under_group |= upper.trim().is_empty();
        }
    }
    under_group.then(|| {
        headers
            .iter()
            .zip(cells.iter())
            .map(|(upper, lower)| two_row_header_cell(upper, lower))
            .collect()
    })
}

/// The first record, as the header (empty for a file without records).
fn read_headers<R: std::io::Read>(
    records: &mut records::Records<R>,
    source_name: &str,
    opts: &IntakeOptions,
) -> Result<(csv::StringRecord, Vec<Column>, Vec<u64>), IntakeError> {
    // Title rows: a sheet saved as CSV keeps the title above its table as
    // a line of one cell (and empty ones), and a form's lines such as
    // "填报单位：…,,填报日期：…". As in a workbook, the header is the first
    // record whose columns resolve (it names the name column); the records
    // before it are titles. When none of the first few resolves, the one
    // of two cells or more with the most filled is refused as the header.
    let mut titles = Vec::new();
    let mut first = None;
    // The refusal of the record of two cells or more with the most cells
    // filled (the first of those), kept while the next few are tried: a
    // form's line such as "填报单位：…,,填报日期：…" above the header has two
    // cells filled and names no column, and if no record resolves, the one
    // to name is the likeliest header, not that line.
    let mut refused: Option<(usize, IntakeError)> = None;
    loop {
        if !records
            .next_record()
            .map_err(|e| io_error(source_name, records.reached(), &e))?
        {
            if let Some((_, e)) = refused {
                return Err(e);
            }
            // No header after what looked like titles: the first record is
            // the header after all (and refused as one, naming it).
            let header = first.unwrap_or_default();
            let columns = resolve_columns(&header, opts, source_name)?;
            return Ok((header, columns, Vec::new()));
        }
        let line = records.line();
        let cells = Cells::new(records.bytes(), records.bounds()).ok_or_else(|| IntakeError::Csv {
            source_name: source_name.to_owned(),
            line,
            message: format!(
                "the header (line {line}) is not valid UTF-8; save the file as UTF-8, or name its encoding"
            ),
        })?;
        let header: csv::StringRecord = cells.iter().collect();
        let filled = header.iter().filter(|c| !c.trim().is_empty()).count();
        // Each candidate's columns are resolved once: kept if it is the
        // header, dropped if it is a title.
        match resolve_columns(&header, opts, source_name) {
            Ok(columns) => return Ok((header, columns, titles)),
            Err(e) if titles.len() >= super::MAX_TITLES => {
                return Err(refused.map_or(e, |(_, e)| e));
            }
            Err(e) if filled >= 2 && refused.as_ref().is_none_or(|(most, _)| filled > *most) => {
                refused = Some((filled, e));
            }
            Err(_) => {}
        }
        titles.push(line);
        first.get_or_insert(header);
    }
}

/// A read that failed at `line` (the file could not be read further).
fn io_error(source_name: &str, line: u64, e: &std::io::Error) -> IntakeError {
    IntakeError::Csv {
        source_name: source_name.to_owned(),
        line,
        message: format!(
            "the file could not be read beyond line {line} ({e}); the rows before that line were read, but a table is screened whole: read it again once the file can be read"
        ),
    }
}

/// A row whose quoted cell ran over line breaks into what look like rows
/// of their own (a stray `"` at the start of a cell): the lines it
/// swallowed are named, so no registration disappears into one cell.
pub(super) fn swallowed(
    record: &Cells<'_>,
    headers: &csv::StringRecord,
    delimiter: u8,
    line: u64,
) -> Option<FieldError> {
    // Most rows hold no newline at all: one scan of the whole record.
    memchr::memchr(b'\n', record.text.as_bytes())?;
    let (i, cell) = record
        .iter()
        .enumerate()
        .find(|(_, c)| c.lines().skip(1).any(|l| l.as_bytes().contains(&delimiter)))?;
    let extra = u64::try_from(cell.lines().count().saturating_sub(1)).unwrap_or(u64::MAX);
    let last = line.saturating_add(extra);
    Some(FieldError {
        field: None,
        column: headers.get(i).map(str::to_owned),
        code: "swallowed_lines",
        message_en: format!(
            "this cell opens a quote (\") that runs over {extra} line break(s), taking in lines {} to {last}, which look like rows of their own; remove the stray quote (or close it) so each registration is its own row",
            line.saturating_add(1)
        ),
        message_zh: format!(
            "该单元格以引号（\"）开头，跨越 {extra} 个换行，吞并了第 {} 至 {last} 行（这些行看起来是独立的报名记录）；请删除多余的引号（或补全），使每条报名单独成行",
            line.saturating_add(1)
        ),
    })
}

pub(super) fn row_length_error<'c>(
    cells: impl Iterator<Item = &'c str>,
    headers: &csv::StringRecord,
) -> FieldError {
    let cells: Vec<&str> = cells.collect();
    let (n, h) = (cells.len(), headers.len());
    let (en, zh) = if n < h {
        // A tool that leaves out the empty cells at a row's end, or two
        // cells that lost the separator between them.
        let missing = n.abs_diff(h);
        let mut names: Vec<&str> = headers.iter().skip(n).take(3).collect();
        if missing > 3 {
            names.push("…");
        }
        let names = names.join(", ");
        (
            format!(
                "the row has {n} cells but the header has {h}: {missing} missing at the end ({names}); if they are empty, end the row with {missing} more separator(s), otherwise add the separator two cells lost between them"
            ),
            format!(
                "该行有 {n} 个单元格，表头有 {h} 个：缺少最后 {missing} 个（{names}）；若这些单元格为空，请在行尾补 {missing} 个分隔符，否则请补回两个单元格之间遗漏的分隔符"
            ),
        )
    } else if cells.iter().skip(h).all(|c| c.trim().is_empty()) {
        let extra = n.abs_diff(h);
        (
            format!(
                "the row has {n} cells but the header has {h}, {extra} extra at the end, all empty: delete the separators at the end of the row (or, if a cell holds a separator, put that cell in double quotes)"
            ),
            format!(
                "该行有 {n} 个单元格，表头有 {h} 个，多出的最后 {extra} 个为空：请删除行尾多余的分隔符（若有单元格含分隔符，请用双引号括起该单元格）"
            ),
        )
    } else {
        (
            format!(
                "the row has {n} cells but the header has {h}; a cell probably holds an unquoted separator, put it in double quotes"
            ),
            format!(
                "该行有 {n} 个单元格，表头有 {h} 个；可能有单元格含未加引号的分隔符，请用双引号括起"
            ),
        )
    };
    FieldError {
        field: None,
        column: None,
        code: "row_length",
        message_en: en,
        message_zh: zh,
    }
}
