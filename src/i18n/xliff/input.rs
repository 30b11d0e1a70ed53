//! An XLIFF document on its way to the XML reader: the byte order mark dropped, UTF-8 checked
//! a chunk at a time as it is read, and lines counted as the XML reader moves on, so that the
//! reader can say where each event starts without the document being in memory. Only the bytes
//! since the last [`Input::mark`] and one chunk ahead are kept: one event's worth between units;
//! inside a unit, where the reader marks only the unit's start, the whole unit, so that the
//! position of any of its elements can still be counted when a diagnostic asks.

use std::io::{self, BufRead, Read};

const BOM: &[u8] = "\u{feff}".as_bytes();

/// How many bytes are read at a time.
const CHUNK: usize = 64 * 1024;

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
        if bytes.len() <= 64 {
            // Most calls are for one event's few bytes: one pass, no setup.
            for &b in bytes {
                if b == b'\n' {
                    self.line += 1;
                    self.column = 1;
                } else if b & 0xC0 != 0x80 {
                    self.column += 1;
                }
            }
            return self;
        }
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
    /// The bytes read and kept: those from the last mark on, then those not handed out yet.
    buf: Vec<u8>,
    /// The offset of `buf[0]`.
    base: u64,
    /// The index of the last mark, and its position.
    mark: usize,
    mark_pos: Pos,
    /// The index of the next byte to hand out, and the end of the bytes read.
    next: usize,
    end: usize,
    /// The bytes before this index are checked UTF-8; those after it (up to three, at `end`)
    /// start a character whose last bytes are not read yet.
    checked: usize,
    /// The offset of the first byte sequence that is not UTF-8, once read.
    invalid: Option<u64>,
    /// Whether a carriage return has been read: until one is, no line end needs normalizing.
    carriage_return: bool,
    started: bool,
}

impl<R: Read> Input<R> {
    pub(super) fn new(inner: R) -> Self {
        Input {
            inner,
            buf: Vec::new(),
            base: 0,
            mark: 0,
            mark_pos: Pos::START,
            next: 0,
            end: 0,
            checked: 0,
            invalid: None,
            carriage_return: false,
            started: false,
        }
    }

    /// The position of `offset`, where the next event starts; earlier positions are not asked
    /// for any more, so the bytes before it may be dropped.
    pub(super) fn mark(&mut self, offset: u64) -> Pos {
        let at = self.index(offset);
        self.mark_pos = self.mark_pos.after(&self.buf[self.mark..at]);
        self.mark = at;
        self.mark_pos
    }

    /// The position of an offset at or after the last mark (an earlier one counts as the mark).
    pub(super) fn position(&self, offset: u64) -> Pos {
        self.mark_pos
            .after(&self.buf[self.mark..self.index(offset)])
    }

    /// The offset of the first byte sequence handed out so far that is not UTF-8.
    pub(super) fn invalid_utf8(&self) -> Option<u64> {
        self.invalid.filter(|&at| at < self.base + self.next as u64)
    }

    /// Whether the bytes read so far (those handed out, and perhaps a chunk more) hold a
    /// carriage return: if not, their line ends are XML's already.
    pub(super) fn has_carriage_returns(&self) -> bool {
        self.carriage_return
    }

    /// The index in `buf` of an offset at or after the last mark.
    fn index(&self, offset: u64) -> usize {
        let after_base = usize::try_from(offset.saturating_sub(self.base)).unwrap_or(usize::MAX);
        after_base.clamp(self.mark, self.end)
    }

    /// Reads the next chunk after the bytes kept (unchecked); returns how many bytes came.
    fn read_more(&mut self) -> io::Result<usize> {
        // The bytes before the mark are not needed any more (nor checked ones: a mark may fall
        // inside a character that is not whole yet).
        let drop = self.mark.min(self.checked);
        if drop > 0 {
            self.buf.copy_within(drop..self.end, 0);
            self.base += drop as u64;
            self.mark -= drop;
            self.next -= drop;
            self.checked -= drop;
            self.end -= drop;
        }
        if self.buf.len() < self.end + CHUNK {
            self.buf.resize(self.end + CHUNK, 0);
        }
        let n = loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                read => break read?,
            }
        };
        self.carriage_return |= memchr::memchr(b'\r', &self.buf[self.end..self.end + n]).is_some();
        self.end += n;
        Ok(n)
    }

    /// Checks the bytes read since the last check; at the end of the document, a character
    /// left unfinished is not UTF-8.
    fn check_utf8(&mut self, at_end: bool) {
        if self.invalid.is_some() {
            return;
        }
        let bytes = &self.buf[self.checked..self.end];
        match std::str::from_utf8(bytes) {
            Ok(_) => self.checked = self.end,
            Err(e) => {
                let valid = self.checked + e.valid_up_to();
                if e.error_len().is_some() || at_end {
                    self.invalid = Some(self.base + valid as u64);
                } else {
                    self.checked = valid;
                }
            }
        }
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.next < self.end {
            return Ok(&self.buf[self.next..self.end]);
        }
        let mut read = self.read_more()?;
        if !self.started {
            self.started = true;
            // Enough bytes to see a byte order mark, unless the document is shorter.
            while read > 0 && self.end < BOM.len() {
                read = self.read_more()?;
            }
            if self.buf[..self.end].starts_with(BOM) {
                // Offsets count from after it.
                self.buf.copy_within(BOM.len()..self.end, 0);
                self.end -= BOM.len();
            }
        }
        self.check_utf8(read == 0);
        Ok(&self.buf[self.next..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.next = (self.next + amount).min(self.end);
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives at most 2 bytes at a time, so that characters and the byte order
    /// mark arrive cut.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(out.len()).min(2);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Reads everything 2 bytes at a time; returns the positions of `offsets` (each asked right
    /// after it passed) and where the first byte that is not UTF-8 is.
    fn pass(bytes: &[u8], offsets: &[u64]) -> (Vec<Pos>, Option<Pos>) {
        let mut input = Input::new(Trickle(bytes));
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
    fn a_mark_may_fall_anywhere_even_inside_a_character() {
        let text = "é€\n\u{1d11e}x<a/>".repeat(40);
        let bytes = text.as_bytes();
        let offsets: Vec<u64> = (0..bytes.len() as u64).collect();
        let (got, invalid) = pass(bytes, &offsets);
        assert_eq!(invalid, None);
        let expected: Vec<Pos> = offsets
            .iter()
            .map(|&o| Pos::START.after(&bytes[..o as usize]))
            .collect();
        assert_eq!(got, expected);
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
