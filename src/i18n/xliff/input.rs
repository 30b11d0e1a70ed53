//! An XLIFF document on its way to the XML reader: the byte order mark dropped, UTF-8 checked
//! and lines counted as the bytes pass, so that the reader can say where each event starts
//! without the document being in memory. Only the bytes since the last [`Input::mark`] (one
//! event's worth) are kept.

use std::io::{self, BufRead, Read};

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    const START: Pos = Pos { line: 1, column: 1 };

    /// The position after `bytes` (UTF-8; a byte that continues a character is not a column).
    fn after(mut self, bytes: &[u8]) -> Pos {
        let last_line = match memchr::memrchr(b'\n', bytes) {
            Some(end) => {
                self.line += memchr::memchr_iter(b'\n', bytes).count();
                self.column = 1;
                &bytes[end + 1..]
            }
            None => bytes,
        };
        // Counted apart from the line ends so that the loop vectorizes.
        self.column += last_line.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        self
    }
}

/// A reader of the document for the XML reader (offsets count from after the byte order mark,
/// as the XML reader's do).
pub(super) struct Input<R> {
    inner: R,
    /// Whether the start (and a byte order mark there) has been seen.
    started: bool,
    /// The offset of `kept[start]` and its position.
    base: u64,
    base_pos: Pos,
    /// The bytes passed on since `base`, from index `start` (those before it are dropped).
    kept: Vec<u8>,
    start: usize,
    /// The first bytes of a character whose last ones have not passed yet, and their offset.
    partial: Vec<u8>,
    partial_at: u64,
    /// The offset of the first byte sequence that is not UTF-8.
    invalid: Option<u64>,
}

impl<R: BufRead> Input<R> {
    pub(super) fn new(inner: R) -> Self {
        Input {
            inner,
            started: false,
            base: 0,
            base_pos: Pos::START,
            kept: Vec::new(),
            start: 0,
            partial: Vec::new(),
            partial_at: 0,
            invalid: None,
        }
    }

    /// The position of `offset`, where the next event starts; earlier positions are not asked
    /// for any more, so the bytes before it are dropped.
    pub(super) fn mark(&mut self, offset: u64) -> Pos {
        let mut keep_from = offset.max(self.base);
        if !self.partial.is_empty() {
            // A character split across reads: its start is where a UTF-8 error would be.
            keep_from = keep_from.min(self.partial_at.max(self.base));
        }
        let drop = self.index(keep_from);
        self.base_pos = self.base_pos.after(&self.kept[self.start..drop]);
        self.base += (drop - self.start) as u64;
        self.start = drop;
        // The kept bytes move to the front only once the dropped ones are many: an event is
        // usually a few bytes.
        if self.start > 4096 && self.start * 2 > self.kept.len() {
            self.kept.drain(..self.start);
            self.start = 0;
        }
        self.position(offset)
    }

    /// The position of an offset at or after the last mark (an earlier one counts as the mark).
    pub(super) fn position(&self, offset: u64) -> Pos {
        self.base_pos
            .after(&self.kept[self.start..self.index(offset)])
    }

    /// The offset of the first byte sequence read so far that is not UTF-8.
    pub(super) fn invalid_utf8(&self) -> Option<u64> {
        self.invalid
    }

    /// The index in `kept` of an offset at or after `base`.
    fn index(&self, offset: u64) -> usize {
        let after_base = usize::try_from(offset.saturating_sub(self.base)).unwrap_or(usize::MAX);
        self.start.saturating_add(after_base).min(self.kept.len())
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.started {
            self.started = true;
            if self.inner.fill_buf()?.starts_with(BOM) {
                self.inner.consume(BOM.len());
            }
        }
        let buf = self.inner.fill_buf()?;
        if buf.is_empty() && !self.partial.is_empty() && self.invalid.is_none() {
            // The document ends in the middle of a character.
            self.invalid = Some(self.partial_at);
        }
        Ok(buf)
    }

    fn consume(&mut self, amount: usize) {
        // The bytes being consumed are still in the inner reader's buffer: no I/O happens here.
        if let Ok(buf) = self.inner.fill_buf() {
            let passed = &buf[..amount.min(buf.len())];
            let at = self.base + (self.kept.len() - self.start) as u64;
            if self.invalid.is_none() {
                self.invalid = check_utf8(&mut self.partial, &mut self.partial_at, passed, at);
            }
            self.kept.extend_from_slice(passed);
        }
        self.inner.consume(amount);
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// Checks the next bytes of a UTF-8 stream (`bytes`, starting at offset `at`), where `partial`
/// holds the first bytes of a character cut by the previous read (starting at `partial_at`).
/// Returns the offset of a sequence that is not UTF-8.
fn check_utf8(
    partial: &mut Vec<u8>,
    partial_at: &mut u64,
    mut bytes: &[u8],
    mut at: u64,
) -> Option<u64> {
    while !partial.is_empty() {
        let (&b, rest) = bytes.split_first()?;
        partial.push(b);
        bytes = rest;
        at += 1;
        match std::str::from_utf8(partial) {
            Ok(_) => partial.clear(),
            Err(e) if e.error_len().is_some() => return Some(*partial_at),
            Err(_) => {}
        }
    }
    let e = std::str::from_utf8(bytes).err()?;
    let valid = e.valid_up_to();
    if e.error_len().is_some() {
        return Some(at + valid as u64);
    }
    partial.extend_from_slice(&bytes[valid..]);
    *partial_at = at + valid as u64;
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads everything through a 7-byte buffer; returns the positions of `offsets` (each asked
    /// right after it passed) and where the first byte that is not UTF-8 is.
    fn pass(bytes: &[u8], offsets: &[u64]) -> (Vec<Pos>, Option<Pos>) {
        let mut input = Input::new(io::BufReader::with_capacity(7, bytes));
        let mut out = Vec::new();
        let mut offsets = offsets.iter().copied().peekable();
        let mut passed = 0u64;
        let mut invalid = None;
        loop {
            let n = input.fill_buf().expect("read").len().min(3);
            if invalid.is_none() {
                invalid = input.invalid_utf8().map(|o| input.position(o));
            }
            if n == 0 {
                break;
            }
            input.consume(n);
            passed += n as u64;
            if invalid.is_none() {
                invalid = input.invalid_utf8().map(|o| input.position(o));
            }
            while let Some(o) = offsets.next_if(|o| *o <= passed) {
                out.push(input.mark(o));
            }
        }
        (out, invalid)
    }

    #[test]
    fn counts_lines_and_characters_across_reads() {
        let pos = |line, column| Pos { line, column };
        // "é" and "€" are two and three bytes; the byte order mark is not a column.
        let text = "\u{feff}ab\néé€x\r\n\nz";
        let (got, invalid) = pass(text.as_bytes(), &[0, 2, 3, 5, 7, 10, 11, 13, 14]);
        assert_eq!(
            got,
            [
                pos(1, 1),
                pos(1, 3),
                pos(2, 1),
                pos(2, 2),
                pos(2, 3),
                pos(2, 4),
                pos(2, 5),
                pos(3, 1),
                pos(4, 1)
            ]
        );
        assert_eq!(invalid, None);
    }

    #[test]
    fn finds_the_first_byte_that_is_not_utf8() {
        let pos = |line, column| Some(Pos { line, column });
        assert_eq!(pass(b"ab\ncd\xffe", &[]).1, pos(2, 3));
        // A character cut by the end of the document, or by a byte that cannot continue it.
        assert_eq!(pass(b"a\nbcdef\xe2\x82", &[]).1, pos(2, 6));
        assert_eq!(pass(b"abcde\xe2\x82<x>", &[]).1, pos(1, 6));
        assert_eq!(pass("\u{feff}ok €".as_bytes(), &[]).1, None);
    }
}
