//! The line each CSV record starts on, as a person counts lines in an
//! editor: a line ends at CRLF, LF or a lone CR, blank lines count, and a
//! line break inside a quoted cell counts too.
//!
//! The `csv` crate's positions count LF bytes only, and a record's position
//! is taken before the blank lines ahead of it are skipped (and, in a CRLF
//! file, before the LF of the previous line's end), so they are one line
//! early in every Excel export and after each blank line. [`Lines`] wraps
//! the reader the CSV parser reads from, logs every run of line-end bytes
//! as it passes, and answers, for the byte offset where the parser began a
//! record, the line of its first character.

use std::collections::VecDeque;
use std::io::Read;

/// A maximal run of `\r` and `\n` bytes.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Offset of its first byte.
    start: u64,
    /// Offset just past its last byte (grows while the run is open).
    end: u64,
    /// Line breaks before the end of the run, counted from the start.
    breaks: u64,
}

/// A reader that logs the line ends of what passes through it.
#[derive(Debug)]
pub(crate) struct Lines<R> {
    inner: R,
    /// Bytes passed so far.
    offset: u64,
    /// Line breaks so far.
    breaks: u64,
    /// Whether the last byte was `\r` (a `\n` next is the same break).
    after_cr: bool,
    /// Runs not yet behind every query; the last may still be open.
    runs: VecDeque<Run>,
}

impl<R> Lines<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            breaks: 0,
            after_cr: false,
            runs: VecDeque::new(),
        }
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The 1-based line of the first character of a record whose parse
    /// began at byte `at` (the parser skips the line ends there first).
    /// Queries must come in increasing order of `at`, and only for bytes
    /// that have passed.
    pub(crate) fn line_of_record_at(&mut self, at: u64) -> u64 {
        // The last run that starts at or before `at` gives the breaks: a
        // record begun inside it starts after it (the parser skips line
        // ends), one begun after it starts where it was begun.
        while self.runs.get(1).is_some_and(|r| r.start <= at) {
            self.runs.pop_front();
        }
        let breaks = self
            .runs
            .front()
            .filter(|r| r.start <= at)
            .map_or(0, |r| r.breaks);
        breaks.saturating_add(1)
    }

    fn log(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while let Some(found) = memchr::memchr2(b'\r', b'\n', &bytes[i..]) {
            let start = i + found;
            // Extend the open run if it ends right here, else open one.
            let at = self.offset.saturating_add(start as u64);
            let open = self.runs.back().is_some_and(|r| r.end == at);
            if !open {
                self.after_cr = false;
                self.runs.push_back(Run {
                    start: at,
                    end: at,
                    breaks: self.breaks,
                });
            }
            let mut j = start;
            while let Some(&b) = bytes.get(j) {
                match b {
                    b'\r' => self.breaks = self.breaks.saturating_add(1),
                    b'\n' if !self.after_cr => self.breaks = self.breaks.saturating_add(1),
                    b'\n' => {}
                    _ => break,
                }
                self.after_cr = b == b'\r';
                j += 1;
            }
            if let Some(run) = self.runs.back_mut() {
                run.end = self.offset.saturating_add(j as u64);
                run.breaks = self.breaks;
            }
            i = j;
        }
        self.offset = self.offset.saturating_add(bytes.len() as u64);
        if bytes.last().is_some_and(|&b| b != b'\r' && b != b'\n') {
            self.after_cr = false;
        }
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.log(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The line of the first character at or after `at` that is not a
    /// line end, by counting the text itself.
    fn by_counting(text: &[u8], at: usize) -> u64 {
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

    proptest! {
        /// Read in pieces of any size, queried at increasing offsets: the
        /// same line as counting the text.
        #[test]
        fn lines_agree_with_counting(
            text in proptest::collection::vec(prop::sample::select(vec![b'a', b'\r', b'\n', b',']), 0..80),
            piece in 1usize..9,
            mut at in proptest::collection::vec(0usize..80, 0..8),
        ) {
            at.retain(|&a| a <= text.len());
            at.sort_unstable();
            let mut lines = Lines::new(&text[..]);
            let mut sink = Vec::new();
            let mut buf = vec![0; piece];
            loop {
                let n = lines.read(&mut buf).unwrap();
                if n == 0 { break; }
                sink.extend_from_slice(&buf[..n]);
            }
            prop_assert_eq!(&sink, &text);
            for a in at {
                prop_assert_eq!(lines.line_of_record_at(a as u64), by_counting(&text, a), "at {}", a);
            }
        }
    }
}
