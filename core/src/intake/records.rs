//! Splitting CSV text into records, and the line each record starts on.
//!
//! Most records of a registration export hold no quote at all: for those,
//! one SIMD scan finds the record's end (a line end) and another its
//! separators, and the cells are slices of the input, not copied. A record
//! with a quote before its line end goes through csv-core's parser, the
//! one the `csv` crate uses, so quoted cells, doubled quotes and line breaks
//! inside cells are read exactly as before. A differential property test
//! holds the whole reader to the `csv` crate on any text, read in pieces of
//! any size.
//!
//! The semantics kept (csv-core's, with `\r`, `\n` and `\r\n` as the
//! terminator): a record ends at the first `\r` or `\n` outside quotes, line
//! ends ahead of a record are skipped (so blank lines give no record), a
//! quote opens a quoted cell only as a cell's first byte, and a UTF-8 BOM is
//! dropped only at the very start.
//!
//! Lines are counted as a person counts them in an editor: a line ends at
//! CRLF, LF or a lone CR, blank lines count, and a line break inside a
//! quoted cell counts too. A record's line is the line of its first byte.

use std::io::{self, Read};

/// How much is read at a time (the buffer grows for a longer record).
const CHUNK: usize = 1 << 16;

/// Where the current record's bytes are.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// `buf[start..end]`, cells separated by single separator bytes.
    Input { start: usize, end: usize },
    /// `out[..len]`, the unquoted cells one after another.
    Parsed { len: usize },
}

/// CSV records read from a byte stream, one at a time.
pub(crate) struct Records<R> {
    inner: R,
    buf: Vec<u8>,
    /// The next byte not yet consumed.
    pos: usize,
    /// The end of the bytes read into `buf`.
    len: usize,
    eof: bool,
    started: bool,
    delimiter: u8,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The current record's cells, as ranges of [`Records::bytes`].
    bounds: Vec<(usize, usize)>,
    place: Place,
    /// The lines of the bytes consumed so far.
    lines: Lines,
    line: u64,
}

impl<R: Read> Records<R> {
    pub(crate) fn new(inner: R, delimiter: u8) -> Self {
        let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // The parser drops a BOM at the start of the first input it is
        // given, which may be the middle of the text here: give it a line
        // end first (skipped, leaving it at a record's start), and drop the
        // BOM at the very start below, as the `csv` crate does.
        let _ = core.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        Self {
            inner,
            buf: Vec::new(),
            pos: 0,
            len: 0,
            eof: false,
            started: false,
            delimiter,
            core,
            out: vec![0; 1024],
            ends: vec![0; 64],
            bounds: Vec::new(),
            place: Place::Parsed { len: 0 },
            lines: Lines::default(),
            line: 0,
        }
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The current record's bytes (its cells and, for a record without
    /// quotes, the separators between them).
    pub(crate) fn bytes(&self) -> &[u8] {
        let range = match self.place {
            Place::Input { start, end } => self.buf.get(start..end),
            Place::Parsed { len } => self.out.get(..len),
        };
        range.unwrap_or_default()
    }

    /// The current record's cells, as ranges of [`Records::bytes`].
    pub(crate) fn bounds(&self) -> &[(usize, usize)] {
        &self.bounds
    }

    /// The 1-based line the current record starts on.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The 1-based line of the first byte not yet consumed: where reading
    /// stopped when a read fails.
    pub(crate) fn reached(&self) -> u64 {
        self.lines.breaks.saturating_add(1)
    }

    /// The lines consumed so far that hold anything (the one being read
    /// among them), counted as [`crate::intake::data_lines`] counts them:
    /// after a record, the lines it and the records before it took.
    pub(crate) fn filled_lines(&self) -> u64 {
        self.lines
            .filled
            .saturating_add(u64::from(self.lines.filling))
    }

    /// Read more into `buf`, first moving what is not consumed to its
    /// start (growing it when that fills it).
    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.len -= self.pos;
            self.pos = 0;
        }
        if self.len == self.buf.len() {
            let more = self.buf.len().max(CHUNK);
            self.buf.resize(self.buf.len().saturating_add(more), 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.len += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Consume `n` bytes, counting the line breaks among them.
    fn consume(&mut self, n: usize) {
        let end = self.pos.saturating_add(n).min(self.len);
        self.lines.count(&self.buf[self.pos..end]);
        self.pos = end;
    }

    /// Read the next record; `false` after the last.
    pub(crate) fn next_record(&mut self) -> io::Result<bool> {
        if !self.started {
            self.started = true;
            while self.len < 3 && !self.eof {
                self.fill()?;
            }
            if self.buf[..self.len].starts_with(b"\xEF\xBB\xBF") {
                self.pos = 3;
            }
        }
        // Skip the line ends ahead of the record, as the parser does.
        loop {
            let skip = self.buf[self.pos..self.len]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            self.consume(skip);
            if self.pos < self.len {
                break;
            }
            if self.eof {
                return Ok(false);
            }
            self.fill()?;
        }
        self.line = self.lines.breaks.saturating_add(1);
        // A separator that is itself a quote or a line end: the parser.
        if matches!(self.delimiter, b'"' | b'\r' | b'\n') {
            return self.parse();
        }
        // The record's end, unless a quote comes first.
        let mut scanned = 0;
        let end = loop {
            let from = self.pos + scanned;
            match memchr::memchr3(b'\r', b'\n', b'"', &self.buf[from..self.len]) {
                Some(i) if self.buf[from + i] == b'"' => return self.parse(),
                Some(i) => break from + i,
                None if self.eof => break self.len,
                None => {
                    scanned = self.len - self.pos;
                    self.fill()?;
                }
            }
        };
        let start = self.pos;
        split(&self.buf[start..end], self.delimiter, &mut self.bounds);
        self.place = Place::Input { start, end };
        // No line end inside: the last byte consumed is not `\r`, and the
        // line holds the record.
        self.pos = end;
        self.lines.after_cr = false;
        self.lines.filling = true;
        Ok(true)
    }

    /// Read the record at `pos` with the parser (it holds a quote).
    fn parse(&mut self) -> io::Result<bool> {
        use csv_core::ReadRecordResult as Read;
        let (mut nout, mut nend) = (0, 0);
        loop {
            let (result, nin, o, e) = self.core.read_record(
                &self.buf[self.pos..self.len],
                &mut self.out[nout..],
                &mut self.ends[nend..],
            );
            self.consume(nin);
            nout += o;
            nend += e;
            match result {
                Read::InputEmpty if self.pos < self.len => {}
                Read::InputEmpty => {
                    if !self.eof {
                        self.fill()?;
                    }
                }
                Read::OutputFull => {
                    let more = self.out.len();
                    self.out.resize(self.out.len().saturating_add(more), 0);
                }
                Read::OutputEndsFull => {
                    let more = self.ends.len();
                    self.ends.resize(self.ends.len().saturating_add(more), 0);
                }
                Read::Record => {
                    self.bounds.clear();
                    let mut cell = 0;
                    for &end in &self.ends[..nend] {
                        self.bounds.push((cell, end));
                        cell = end;
                    }
                    self.place = Place::Parsed { len: nout };
                    return Ok(true);
                }
                Read::End => return Ok(false),
            }
        }
    }
}

/// Lines counted in the bytes consumed, as a person counts them in an
/// editor (CRLF, LF or a lone CR ends one).
#[derive(Debug, Default)]
struct Lines {
    /// Line breaks.
    breaks: u64,
    /// Whether the last byte was `\r` (a `\n` next ends no line).
    after_cr: bool,
    /// Lines that held anything, ended ones only.
    filled: u64,
    /// Whether the line not yet ended holds anything.
    filling: bool,
}

impl Lines {
    /// Count the line breaks of `bytes`, which follow those counted so far.
    fn count(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while let Some(k) = memchr::memchr2(b'\r', b'\n', &bytes[i..]) {
            let j = i + k;
            if j > i {
                self.after_cr = false;
                self.filling = true;
            }
            if bytes[j] == b'\r' || !self.after_cr {
                self.breaks = self.breaks.saturating_add(1);
                self.filled = self.filled.saturating_add(u64::from(self.filling));
                self.filling = false;
            }
            self.after_cr = bytes[j] == b'\r';
            i = j + 1;
        }
        if i < bytes.len() {
            self.after_cr = false;
            self.filling = true;
        }
    }
}

/// The cells of `line` (a record without quotes or line ends) as ranges:
/// every separator is found eight bytes at a time, in one pass (a call to
/// `memchr` per cell costs more than the cell's bytes at a record's width).
fn split(line: &[u8], delimiter: u8, bounds: &mut Vec<(usize, usize)>) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let pattern = 0x0101_0101_0101_0101 * u64::from(delimiter);
    bounds.clear();
    let mut cell = 0;
    let (words, rest) = line.as_chunks::<8>();
    let mut base = 0;
    for &word in words {
        let x = u64::from_le_bytes(word) ^ pattern;
        // The high bit of each byte of `x` that is zero, exactly (no carry
        // crosses a byte).
        let mut found = !(((x & LOW7) + LOW7) | x | LOW7);
        while found != 0 {
            let at = base + (found.trailing_zeros() / 8) as usize;
            bounds.push((cell, at));
            cell = at + 1;
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in rest.iter().enumerate() {
        if b == delimiter {
            bounds.push((cell, base + i));
            cell = base + i + 1;
        }
    }
    bounds.push((cell, line.len()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that gives at most `piece` bytes at a time.
    struct Pieces<'a> {
        text: &'a [u8],
        piece: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.piece.min(buf.len()).min(self.text.len());
            buf[..n].copy_from_slice(&self.text[..n]);
            self.text = &self.text[n..];
            Ok(n)
        }
    }

    /// Every record as cells, with its line.
    fn read_all(text: &[u8], delimiter: u8, piece: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut records = Records::new(Pieces { text, piece }, delimiter);
        let mut all = Vec::new();
        while records.next_record().unwrap() {
            let bytes = records.bytes();
            let cells = records
                .bounds()
                .iter()
                .map(|&(a, b)| bytes[a..b].to_vec())
                .collect();
            all.push((records.line(), cells));
        }
        all
    }

    /// The `csv` crate's records of the same text.
    fn by_csv(text: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut all = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            all.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        all
    }

    /// The line of the first byte at or after `at` that is not a line end,
    /// by counting the text itself.
    fn line_at(text: &[u8], at: usize) -> u64 {
        let mut start = at;
        while text.get(start).is_some_and(|&b| b == b'\r' || b == b'\n') {
            start += 1;
        }
        let mut breaks = 0;
        for (i, &b) in text[..start].iter().enumerate() {
            if b == b'\r' || (b == b'\n' && (i == 0 || text[i - 1] != b'\r')) {
                breaks += 1;
            }
        }
        breaks + 1
    }

    fn bytes_from(alphabet: Vec<&'static [u8]>) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(prop::sample::select(alphabet), 0..60)
            .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any text, read in pieces of any size: the same records and cells
        /// as the `csv` crate.
        #[test]
        fn records_are_the_csv_crates(
            text in bytes_from(vec![b"a", b"\xE5\xBC\xA0", b",", b";", b"\"", b"\"\"", b"\r", b"\n", b"\r\n", b" ", b"\xEF\xBB\xBF", b"\xFF"]),
            delimiter in prop::sample::select(vec![b',', b';', b'\t', b'"', b'\n', b'a']),
            piece in 1usize..9,
        ) {
            let ours: Vec<_> = read_all(&text, delimiter, piece).into_iter().map(|(_, cells)| cells).collect();
            prop_assert_eq!(ours, by_csv(&text, delimiter));
        }

        /// The word-at-a-time split finds the separators a byte-by-byte
        /// one finds, whatever the separator and the bytes around it.
        #[test]
        fn split_is_a_split_on_the_separator(
            line in proptest::collection::vec(prop::sample::select(vec![b',', b';', b'a', 0x00, 0x2B, 0x2D, 0x7F, 0x80, 0xAC, 0xFF]), 0..40),
            delimiter in prop::sample::select(vec![b',', b';', 0x00, 0x7F, 0xFF]),
        ) {
            let mut bounds = Vec::new();
            split(&line, delimiter, &mut bounds);
            let cells: Vec<&[u8]> = bounds.iter().map(|&(a, b)| &line[a..b]).collect();
            let want: Vec<&[u8]> = line.split(|&b| b == delimiter).collect();
            prop_assert_eq!(cells, want);
        }

        /// Without quotes, each record starts on the line that counting
        /// the text gives (blank lines and every kind of line end).
        #[test]
        fn lines_agree_with_counting(
            text in bytes_from(vec![b"a", b",", b"\r", b"\n", b"\r\n"]),
            piece in 1usize..9,
        ) {
            let mut starts = Vec::new();
            let mut at = 0;
            // Record starts: the first byte after line ends, then after the
            // next line end.
            loop {
                while text.get(at).is_some_and(|&b| b == b'\r' || b == b'\n') { at += 1; }
                if at >= text.len() { break; }
                starts.push(line_at(&text, at));
                while text.get(at).is_some_and(|&b| b != b'\r' && b != b'\n') { at += 1; }
            }
            prop_assert_eq!(lines_of(&text, piece), starts);
        }
    }

    /// The line of each record.
    fn lines_of(text: &[u8], piece: usize) -> Vec<u64> {
        read_all(text, b',', piece)
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    }

    #[test]
    fn a_quoted_break_counts_as_a_line() {
        assert_eq!(
            lines_of(b"h1,h2\r\n\"a\r\nb\",c\r\n\r\nd,e\r\n", 3),
            [1, 2, 5]
        );
        assert_eq!(lines_of(b"h\r\"x\ny\"\rz", 1), [1, 2, 4]);
    }

    #[test]
    fn a_long_record_grows_the_buffer() {
        let cell = "x".repeat(3 * CHUNK);
        let text = format!("{cell},\"{cell}\"\n{cell}");
        let all = read_all(text.as_bytes(), b',', CHUNK);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].1, [cell.as_bytes(), cell.as_bytes()]);
        assert_eq!((all[1].0, all[1].1.len()), (2, 1));
    }
}
