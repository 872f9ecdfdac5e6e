//! Screening a file as it is read, so that a large export is never held in
//! memory whole: the UTF-8 text is parsed in 64 KiB pieces and each row is
//! judged and stored compactly as it arrives.
//!
//! Anything that needs the whole file (a workbook, UTF-16 or GB18030 text,
//! UTF-8 with damaged bytes, a blank start) is read whole and screened by
//! [`screen_csv`], so both give the same report for the same bytes.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

use super::{Screener, ScreeningOptions, ScreeningReport, screen_csv};
use crate::Plan;
use crate::intake::{CsvTable, InputEncoding, IntakeError, SEPARATORS};

/// Screen a registrations table read from `input` (a file, say), without
/// holding it in memory: the same report as [`screen_csv`] on its bytes.
///
/// UTF-8 text (the common case) is screened as it is read; any other
/// input is read whole first. An input that cannot be read is reported as
/// an [`IntakeError::Csv`] with the reader's message.
///
/// ```
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let csv = "姓名,出生日期,联系电话,住址,报名方式,报名时间\n张三,1990-01-01,13800000001,原州区文化路1号,电话,2025-09-01 10:00\n";
/// let opts = Default::default();
/// let streamed = openday::screening::screen_reader(&plan, std::io::Cursor::new(csv), "regs.csv", &opts).unwrap();
/// let whole = openday::screening::screen_csv(&plan, csv.as_bytes(), "regs.csv", &opts).unwrap();
/// assert_eq!(streamed, whole);
/// ```
pub fn screen_reader<R: Read + Seek>(
    plan: &Plan,
    mut input: R,
    source_name: &str,
    opts: &ScreeningOptions,
) -> Result<ScreeningReport, IntakeError> {
    let io = |e: &std::io::Error| IntakeError::Csv {
        source_name: source_name.to_owned(),
        line: 0,
        message: format!("cannot read ({e})"),
    };
    let start = input.stream_position().map_err(|e| io(&e))?;
    if matches!(
        opts.intake.encoding,
        InputEncoding::Auto | InputEncoding::Utf8
    ) {
        let mut reader = BufReader::with_capacity(1 << 16, &mut input);
        let mut first = Vec::new();
        first_line(&mut reader, &mut first).map_err(|e| io(&e))?;
        // The rest is read straight from the input after what the buffer
        // holds already: through the buffer, every byte would be copied
        // once more.
        let held = std::io::Cursor::new(reader.buffer().to_vec());
        let rest = held.chain(reader.into_inner());
        if let Some(report) = streamed(plan, first, rest, source_name, opts)? {
            return Ok(report);
        }
    }
    input.seek(SeekFrom::Start(start)).map_err(|e| io(&e))?;
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| io(&e))?;
    screen_csv(plan, &bytes, source_name, opts)
}

/// Reads the input's first line into `line`, through its end: LF, or a
/// CR (alone, as Excel for Mac's "CSV (Macintosh)" ends lines, or before
/// an LF, which is left to the rest), or the input's end. Reading up to
/// an LF only took a whole file of lone CRs as its first line, holding it
/// twice.
fn first_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<()> {
    loop {
        let piece = match reader.fill_buf() {
            Ok(piece) => piece,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if piece.is_empty() {
            return Ok(());
        }
        let (taken, ended) = match memchr::memchr2(b'\r', b'\n', piece) {
            Some(i) => (i + 1, true),
            None => (piece.len(), false),
        };
        line.extend_from_slice(&piece[..taken]);
        reader.consume(taken);
        if ended {
            return Ok(());
        }
    }
}

/// The report of UTF-8 text screened as it is read, or `None` when it must
/// be read whole instead.
fn streamed(
    plan: &Plan,
    mut first: Vec<u8>,
    rest: impl Read,
    source_name: &str,
    opts: &ScreeningOptions,
) -> Result<Option<ScreeningReport>, IntakeError> {
    if let Some(body) = first.strip_prefix(b"\xEF\xBB\xBF") {
        first = body.to_vec();
    } else if crate::intake::is_workbook(&first)
        || first.starts_with(b"\xFF\xFE")
        || first.starts_with(b"\xFE\xFF")
    {
        return Ok(None);
    }
    let Ok(line) = std::str::from_utf8(&first) else {
        return Ok(None);
    };
    let line = line.split(['\r', '\n']).next().unwrap_or("").to_owned();
    // The separator is sniffed from the first line that holds one: a first
    // line without one (a title) sends the text to be read whole.
    if line.trim().is_empty() || line.contains('\u{FFFD}') || !line.contains(SEPARATORS) {
        return Ok(None);
    }
    let counted = LineCount::new(std::io::Cursor::new(first).chain(rest));
    let mut table = CsvTable::from_reader(
        counted,
        &line,
        source_name,
        &opts.intake,
        plan.time_zone(),
        false,
    )?;
    let columns = table.column_use();
    let mut screener = Screener::new(plan, &columns, opts, 0);
    loop {
        match table.next_row_in_place() {
            Ok(Some(row)) => screener.push(row.line, row.result),
            Ok(None) => break,
            Err(e) => return if table.not_utf8() { Ok(None) } else { Err(e) },
        }
    }
    let counted = table.get_ref();
    if counted.replaced {
        return Ok(None);
    }
    let titles = table.title_lines().to_vec();
    let lines = table.data_lines(counted.data_lines());
    let mut report = screener.finish(source_name, "UTF-8".into(), columns, lines);
    report.warnings.extend(super::title_warning(&titles));
    report
        .warnings
        .extend(super::footer_warning(table.footer_lines()));
    Ok(Some(report))
}

/// A reader that counts the lines after the header that hold anything, as
/// they pass, as [`crate::intake::data_lines`] counts them in decoded text
/// (the header being the first line that holds anything; the stream's BOM
/// is already taken off).
struct LineCount<R> {
    inner: R,
    /// Lines that held anything, ended so far (the header among them).
    held: u64,
    /// Whether the current line holds anything yet.
    seen: bool,
    /// Whether a U+FFFD passed (the text may have been damaged before).
    replaced: bool,
    /// The last two bytes read.
    tail: [u8; 2],
}

/// U+FFFD in UTF-8.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

impl<R: Read> LineCount<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            held: 0,
            seen: false,
            replaced: false,
            tail: [0; 2],
        }
    }

    /// Lines after the header that hold anything, the last (unterminated)
    /// one included.
    fn data_lines(&self) -> u64 {
        self.held
            .saturating_add(u64::from(self.seen))
            .saturating_sub(1)
    }

    fn scan(&mut self, mut bytes: &[u8]) {
        // Lines end at CRLF, LF or a lone CR: each CR and LF ends one here,
        // and the empty line inside a CRLF holds nothing.
        while !bytes.is_empty() {
            let end = memchr::memchr2(b'\n', b'\r', bytes);
            self.seen |= end != Some(0);
            match end {
                Some(i) => {
                    if self.seen {
                        self.held = self.held.saturating_add(1);
                    }
                    self.seen = false;
                    bytes = &bytes[i + 1..];
                }
                None => break,
            }
        }
    }
}

impl<R: Read> Read for LineCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let piece = &buf[..n];
        // U+FFFD, whole or cut by the end of the previous piece.
        let mut joined = self.tail.to_vec();
        joined.extend_from_slice(&piece[..n.min(2)]);
        if memchr::memmem::find(piece, REPLACEMENT).is_some()
            || memchr::memmem::find(&joined, REPLACEMENT).is_some()
        {
            self.replaced = true;
        }
        if n >= 2 {
            self.tail = [piece[n - 2], piece[n - 1]];
        } else if n == 1 {
            self.tail = [self.tail[1], piece[0]];
        }
        self.scan(piece);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read};

    use super::first_line;

    /// The first line ends at its first line end, whichever it is: a file
    /// of lone CRs is not taken whole as its first line (it was, and was
    /// then read whole a second time), and what follows stays to be read.
    #[test]
    fn the_first_line_ends_at_a_lone_cr_an_lf_or_the_end() {
        for (text, line, rest) in [
            ("a,b\rc,d\re,f", "a,b\r", "c,d\re,f"),
            ("a,b\r\nc,d\r\n", "a,b\r", "\nc,d\r\n"),
            ("a,b\nc,d\n", "a,b\n", "c,d\n"),
            ("a,b", "a,b", ""),
            ("", "", ""),
        ] {
            // A buffer of 2 bytes: the line spans several fills.
            let mut reader = BufReader::with_capacity(2, text.as_bytes());
            let mut first = Vec::new();
            first_line(&mut reader, &mut first).unwrap();
            assert_eq!(String::from_utf8(first).unwrap(), line, "{text:?}");
            let mut after = String::new();
            let held = reader.buffer().to_vec();
            after.push_str(std::str::from_utf8(&held).unwrap());
            reader.consume(held.len());
            reader.read_to_string(&mut after).unwrap();
            assert_eq!(after, rest, "{text:?}");
        }
    }
}
