//! Deflate streams made of segments compressed apart, so that a part several zip entries share
//! is compressed once.
//!
//! A [`Segment`] is raw deflate (RFC 1951) from a fresh compressor at the packages' level, ended
//! by a sync flush: it stops on a byte boundary, holds no final block and refers to no byte
//! before it. Segments one after another, then [`FINAL_BLOCK`], are one valid deflate stream of
//! their contents one after another ([`Stream`]), whose CRC-32 is combined from theirs. The page
//! of a language is the same in every format but for its tracking plan: its frame is compressed
//! once and each format adds its own plan (see `render::PageFrame`).
//!
//! A segment's bytes depend on its contents only, never on what it is joined with, so an entry
//! is the same whether its segments were shared or not. A segment made to follow given bytes
//! ([`SegmentWriter::following`]) may also refer to the last 32 KiB of them, as pigz's blocks
//! do: it compresses as well as one stream would, and must be placed after those bytes.

use crc32fast::Hasher;
use flate2::{Compress, Compression, FlushCompress};
use std::io::{self, Read, Write};
use std::sync::Arc;

/// The compression level of every deflated zip entry (`zip -6`'s and zlib's default).
pub const LEVEL: u32 = 6;

/// An empty final block with fixed codes (BFINAL 1, BTYPE 01, end of block), on a byte boundary:
/// what ends a stream of segments.
pub const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

/// How far back deflate refers: the bytes a segment may be primed with.
pub const WINDOW: usize = 32 * 1024;

/// One segment of a deflate stream and what a zip entry needs to know of its contents.
pub struct Segment {
    bytes: Vec<u8>,
    crc: Hasher,
    len: u64,
}

impl Segment {
    /// `data` as one segment.
    pub fn of(data: &[u8]) -> io::Result<Segment> {
        let mut writer = SegmentWriter::new();
        writer.write_all(data)?;
        writer.finish()
    }

    /// The compressed bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The number of bytes it holds uncompressed.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Segment({} → {} bytes)", self.len, self.bytes.len())
    }
}

/// Compresses what is written to it into a [`Segment`].
pub struct SegmentWriter {
    compress: Compress,
    out: Vec<u8>,
    crc: Hasher,
    len: u64,
}

impl Default for SegmentWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl SegmentWriter {
    pub fn new() -> SegmentWriter {
        SegmentWriter {
            compress: Compress::new(Compression::new(LEVEL), false),
            out: Vec::new(),
            crc: Hasher::new(),
            len: 0,
        }
    }

    /// A writer whose segment goes right after `preceding` in its stream, and may refer to its
    /// last [`WINDOW`] bytes (deflate's preset dictionary).
    pub fn following(preceding: &[u8]) -> io::Result<SegmentWriter> {
        let mut writer = SegmentWriter::new();
        let window = &preceding[preceding.len().saturating_sub(WINDOW)..];
        if !window.is_empty() {
            writer
                .compress
                .set_dictionary(window)
                .map_err(io::Error::other)?;
        }
        Ok(writer)
    }

    /// The segment: what was written, compressed and flushed to a byte boundary.
    pub fn finish(mut self) -> io::Result<Segment> {
        self.deflate(&[], FlushCompress::Sync)?;
        self.out.shrink_to_fit();
        Ok(Segment {
            bytes: self.out,
            crc: self.crc,
            len: self.len,
        })
    }

    fn deflate(&mut self, mut input: &[u8], flush: FlushCompress) -> io::Result<()> {
        loop {
            if self.out.capacity() - self.out.len() < OUTPUT_ROOM {
                self.out.reserve(OUTPUT_ROOM.max(self.out.len() / 2));
            }
            let before = self.compress.total_in();
            self.compress
                .compress_vec(input, &mut self.out, flush)
                .map_err(io::Error::other)?;
            let consumed =
                usize::try_from(self.compress.total_in() - before).map_err(io::Error::other)?;
            input = &input[consumed..];
            // A flush is complete when the compressor stopped with room left to write.
            let flushed = flush == FlushCompress::None || self.out.len() < self.out.capacity();
            if input.is_empty() && flushed {
                return Ok(());
            }
        }
    }
}

/// Room kept free in the output before each call of the compressor.
const OUTPUT_ROOM: usize = 32 * 1024;

impl Write for SegmentWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.crc.update(buf);
        self.len += buf.len() as u64;
        self.deflate(buf, FlushCompress::None)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Segments that make one deflate stream, in order.
pub struct Stream {
    pub segments: Vec<Arc<Segment>>,
}

impl Stream {
    /// The CRC-32 of the contents.
    pub fn crc32(&self) -> u32 {
        let mut crc = Hasher::new();
        for segment in &self.segments {
            crc.combine(&segment.crc);
        }
        crc.finalize()
    }

    /// The size of the contents.
    pub fn len(&self) -> u64 {
        self.segments.iter().map(|s| s.len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The size of the deflate stream.
    pub fn compressed_len(&self) -> u64 {
        let segments: u64 = self.segments.iter().map(|s| s.bytes.len() as u64).sum();
        segments + FINAL_BLOCK.len() as u64
    }

    /// Writes the deflate stream.
    pub fn write_compressed(&self, out: &mut dyn Write) -> io::Result<()> {
        for segment in &self.segments {
            out.write_all(&segment.bytes)?;
        }
        out.write_all(&FINAL_BLOCK)
    }

    /// The deflate stream, read from the segments where they are.
    pub fn compressed(&self) -> impl Read + '_ {
        let segments = self.segments.iter().map(|s| s.bytes.as_slice());
        segments
            .chain(std::iter::once(FINAL_BLOCK.as_slice()))
            .fold(Box::new(io::empty()) as Box<dyn Read + '_>, |all, bytes| {
                Box::new(all.chain(bytes))
            })
    }

    /// The contents, inflated.
    pub fn inflate(&self) -> io::Result<Vec<u8>> {
        let mut contents = Vec::with_capacity(usize::try_from(self.len()).unwrap_or(0));
        flate2::read::DeflateDecoder::new(self.compressed()).read_to_end(&mut contents)?;
        Ok(contents)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A segment of `data` that claims to hold `len` bytes: how a test stands for a page too
    /// large to make.
    pub(crate) fn claiming(data: &[u8], len: u64) -> Segment {
        Segment {
            len,
            ..Segment::of(data).expect("in memory")
        }
    }

    /// A stream of one segment per part.
    pub(crate) fn stream(parts: &[&[u8]]) -> Stream {
        Stream {
            segments: parts
                .iter()
                .map(|p| Arc::new(Segment::of(p).expect("in memory")))
                .collect(),
        }
    }

    fn text(seed: u64, len: usize) -> Vec<u8> {
        // Words from a small vocabulary, so that the compressor finds matches.
        const WORDS: &[&str] = &[
            "<p>", "lesson ", "tab ", "é ", "\n", "</p>", "日本 ", "quiz ",
        ];
        let mut state = seed;
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.extend_from_slice(WORDS[(state >> 60) as usize % WORDS.len()].as_bytes());
        }
        out
    }

    #[test]
    fn segments_make_one_stream_of_their_contents() {
        let a = text(1, 300_000);
        let b = text(2, 10);
        let c = text(3, 70_000);
        for parts in [
            vec![a.as_slice(), b.as_slice(), c.as_slice()],
            vec![b"".as_slice(), a.as_slice(), b"".as_slice()],
            vec![b"".as_slice()],
            vec![],
        ] {
            let stream = stream(&parts);
            let whole = parts.concat();
            assert_eq!(stream.inflate().expect("valid deflate"), whole);
            assert_eq!(stream.crc32(), crc32fast::hash(&whole));
            assert_eq!(stream.len(), whole.len() as u64);
            let mut compressed = Vec::new();
            stream.write_compressed(&mut compressed).expect("in memory");
            assert_eq!(compressed.len() as u64, stream.compressed_len());
            // A decoder that checks the end of the stream (zlib's, through flate2) reads it whole.
            let mut inflated = Vec::new();
            flate2::read::DeflateDecoder::new(compressed.as_slice())
                .read_to_end(&mut inflated)
                .expect("valid deflate");
            assert_eq!(inflated, whole);
        }
    }

    #[test]
    fn a_segment_may_refer_to_the_bytes_it_follows() {
        let before = text(5, 100_000);
        // The same words again: a segment primed with what precedes it finds them there.
        let again = before[before.len() - 20_000..].to_vec();
        let mut primed = SegmentWriter::following(&before).expect("a dictionary");
        primed.write_all(&again).expect("in memory");
        let primed = primed.finish().expect("in memory");
        let alone = Segment::of(&again).expect("in memory");
        assert!(
            primed.bytes().len() * 5 < alone.bytes().len(),
            "{primed:?} against {alone:?}"
        );
        let stream = Stream {
            segments: vec![
                Arc::new(Segment::of(&before).expect("in memory")),
                Arc::new(primed),
                Arc::new(Segment::of(b"end").expect("in memory")),
            ],
        };
        let whole = [before.as_slice(), &again, b"end"].concat();
        assert_eq!(stream.inflate().expect("valid deflate"), whole);
        assert_eq!(stream.crc32(), crc32fast::hash(&whole));
    }

    #[test]
    fn a_segment_written_in_small_pieces_holds_them_all() {
        let data = text(4, 200_000);
        let whole = Segment::of(&data).expect("in memory");
        let mut writer = SegmentWriter::new();
        for piece in data.chunks(7) {
            writer.write_all(piece).expect("in memory");
        }
        let pieces = writer.finish().expect("in memory");
        assert_eq!(
            Stream {
                segments: vec![Arc::new(pieces)]
            }
            .inflate()
            .expect("valid"),
            data
        );
        assert!(whole.bytes().len() < data.len() / 3, "{whole:?}");
        assert_eq!(whole.len(), data.len() as u64);
    }
}
