//! What a media file really is, read from its first bytes, and its length when the container
//! says it in its header: MP4 and M4A (ISO base media, the `mvhd` box) and WebM (the EBML
//! Segment's Info). MP3 and Ogg are recognised without a length (it would take reading the whole
//! stream). Only headers are read: boxes and elements in between are skipped with `seek`, so a
//! large video costs a few reads, never its size.

use std::io::{self, Read, Seek, SeekFrom};

/// A container format coursepack accepts, as recognised from a file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// ISO base media (`ftyp` first): `.mp4` video, `.m4a` audio.
    Mp4,
    WebM,
    /// Matroska that is not WebM: browsers do not play it.
    Matroska,
    Mp3,
    Ogg,
}

impl Container {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Container::Mp4 => "MP4",
            Container::WebM => "WebM",
            Container::Matroska => "Matroska",
            Container::Mp3 => "MP3",
            Container::Ogg => "Ogg",
        }
    }
}

/// What [`probe`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaFile {
    pub container: Container,
    /// The length in milliseconds, when the header gives it.
    pub length_ms: Option<u64>,
}

/// How many boxes or elements a header walk reads at most: a real file needs a handful; this
/// bounds the work on a damaged one.
const MAX_STEPS: usize = 10_000;

/// Recognises the container of `file` and reads its length; `None` when the bytes are none of
/// the formats coursepack accepts. Errors are those of reading.
pub fn probe(file: &mut (impl Read + Seek)) -> io::Result<Option<MediaFile>> {
    let mut head = [0u8; 12];
    let n = read_up_to(file, &mut head)?;
    let head = &head[..n];
    file.seek(SeekFrom::Start(0))?;
    let found = if head.get(4..8) == Some(b"ftyp") {
        MediaFile {
            container: Container::Mp4,
            length_ms: mp4_length(file).unwrap_or(None),
        }
    } else if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        let (container, length_ms) = ebml(file).unwrap_or((Container::Matroska, None));
        MediaFile {
            container,
            length_ms,
        }
    } else if head.starts_with(b"OggS") {
        MediaFile {
            container: Container::Ogg,
            length_ms: None,
        }
    } else if head.starts_with(b"ID3") || (n >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        MediaFile {
            container: Container::Mp3,
            length_ms: None,
        }
    } else {
        return Ok(None);
    };
    Ok(Some(found))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn read_array<const N: usize>(r: &mut impl Read) -> io::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b)?;
    Ok(b)
}

/// The length of an ISO base media file: `moov`/`mvhd` duration over its timescale.
fn mp4_length(f: &mut (impl Read + Seek)) -> io::Result<Option<u64>> {
    let end = f.seek(SeekFrom::End(0))?;
    f.seek(SeekFrom::Start(0))?;
    let Some((start, size)) = find_box(f, 0, end, b"moov")? else {
        return Ok(None);
    };
    let Some((mvhd, _)) = find_box(f, start, start + size, b"mvhd")? else {
        return Ok(None);
    };
    f.seek(SeekFrom::Start(mvhd))?;
    let [version, ..] = read_array::<4>(f)?;
    let (timescale, duration) = if version == 1 {
        f.seek(SeekFrom::Current(16))?;
        let ts = u32::from_be_bytes(read_array(f)?);
        let d = u64::from_be_bytes(read_array(f)?);
        (ts, (d != u64::MAX).then_some(d))
    } else {
        f.seek(SeekFrom::Current(8))?;
        let ts = u32::from_be_bytes(read_array(f)?);
        let d = u32::from_be_bytes(read_array(f)?);
        (ts, (d != u32::MAX).then_some(u64::from(d)))
    };
    // A fragmented file may say 0: its length is in the fragments, unknown here.
    Ok(duration
        .filter(|d| *d > 0 && timescale > 0)
        .map(|d| (u128::from(d) * 1000 / u128::from(timescale)) as u64))
}

/// Finds the box `kind` among the boxes from `from` to `to`: the offset of its content and the
/// content's size.
fn find_box(
    f: &mut (impl Read + Seek),
    from: u64,
    to: u64,
    kind: &[u8; 4],
) -> io::Result<Option<(u64, u64)>> {
    let mut at = from;
    for _ in 0..MAX_STEPS {
        if at + 8 > to {
            return Ok(None);
        }
        f.seek(SeekFrom::Start(at))?;
        let header: [u8; 8] = read_array(f)?;
        let size32 = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let (size, header_len) = match size32 {
            0 => (to - at, 8),
            1 => (u64::from_be_bytes(read_array(f)?), 16),
            n => (u64::from(n), 8),
        };
        if size < header_len || at.saturating_add(size) > to {
            return Ok(None);
        }
        if &header[4..8] == kind {
            return Ok(Some((at + header_len, size - header_len)));
        }
        at += size;
    }
    Ok(None)
}

/// EBML element ids.
const DOC_TYPE: u64 = 0x4282;
const SEGMENT: u64 = 0x1853_8067;
const INFO: u64 = 0x1549_A966;
const TIMECODE_SCALE: u64 = 0x2A_D7B1;
const DURATION: u64 = 0x4489;
const CLUSTER: u64 = 0x1F43_B675;

/// A WebM or Matroska file: its doctype and the Segment Info's duration.
fn ebml(f: &mut (impl Read + Seek)) -> io::Result<(Container, Option<u64>)> {
    // The EBML header: its DocType says webm or matroska.
    let (_, header_size) = element_header(f)?;
    let header_size = header_size.ok_or_else(bad)?;
    let header_end = f.stream_position()? + header_size;
    let mut container = Container::Matroska;
    while f.stream_position()? < header_end {
        let (id, size) = element_header(f)?;
        let size = size.ok_or_else(bad)?;
        if id == DOC_TYPE && size <= 32 {
            let mut text = vec![0u8; size as usize];
            f.read_exact(&mut text)?;
            if text.split(|b| *b == 0).next() == Some(b"webm") {
                container = Container::WebM;
            }
        } else {
            f.seek(SeekFrom::Current(size as i64))?;
        }
    }
    f.seek(SeekFrom::Start(header_end))?;
    let (id, _) = element_header(f)?;
    if id != SEGMENT {
        return Ok((container, None));
    }
    // The Segment's children, up to Info (a Cluster first means there is no usable Info).
    for _ in 0..MAX_STEPS {
        let (id, size) = element_header(f)?;
        match (id, size) {
            (INFO, Some(size)) => return Ok((container, info_length(f, size)?)),
            (CLUSTER, _) | (_, None) => break,
            (_, Some(size)) => {
                f.seek(SeekFrom::Current(i64::try_from(size).map_err(|_| bad())?))?;
            }
        }
    }
    Ok((container, None))
}

/// The duration in the Info element (`size` bytes from here), in milliseconds.
fn info_length(f: &mut (impl Read + Seek), size: u64) -> io::Result<Option<u64>> {
    let end = f.stream_position()? + size;
    let mut scale_ns = 1_000_000f64;
    let mut duration = None;
    while f.stream_position()? < end {
        let (id, size) = element_header(f)?;
        let size = size.ok_or_else(bad)?;
        match (id, size) {
            (TIMECODE_SCALE, 1..=8) => {
                let mut v = 0u64;
                for b in read_n(f, size)? {
                    v = (v << 8) | u64::from(b);
                }
                scale_ns = v as f64;
            }
            (DURATION, 4) => duration = Some(f64::from(f32::from_be_bytes(read_array(f)?))),
            (DURATION, 8) => duration = Some(f64::from_be_bytes(read_array(f)?)),
            _ => {
                f.seek(SeekFrom::Current(i64::try_from(size).map_err(|_| bad())?))?;
            }
        }
    }
    Ok(duration
        .map(|d| d * scale_ns / 1_000_000.0)
        .filter(|ms| ms.is_finite() && *ms > 0.0 && *ms < 1e15)
        .map(|ms| ms.round() as u64))
}

fn read_n(f: &mut impl Read, n: u64) -> io::Result<Vec<u8>> {
    let mut v = vec![0u8; n as usize];
    f.read_exact(&mut v)?;
    Ok(v)
}

/// An element's id (with its length marker, as ids are written in the spec) and its data size
/// (`None` for "unknown size").
fn element_header(f: &mut impl Read) -> io::Result<(u64, Option<u64>)> {
    let (id, _) = vint(f, 4)?;
    let (size, len) = vint(f, 8)?;
    let marker = 1u64 << (7 * len);
    let value = size & (marker - 1);
    let unknown = value == marker - 1;
    Ok((id, (!unknown).then_some(value)))
}

/// An EBML variable-length integer as written (marker bit included) and its length in bytes.
fn vint(f: &mut impl Read, max_len: u32) -> io::Result<(u64, u32)> {
    let [first] = read_array::<1>(f)?;
    let len = first.leading_zeros() + 1;
    if first == 0 || len > max_len {
        return Err(bad());
    }
    let mut v = u64::from(first);
    for _ in 1..len {
        let [b] = read_array::<1>(f)?;
        v = (v << 8) | u64::from(b);
    }
    Ok((v, len))
}

fn bad() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "malformed EBML")
}

/// Minimal media files for tests: the header bytes [`probe`] reads, nothing playable.
#[cfg(test)]
pub(crate) mod samples {
    /// An MP4 whose `mvhd` says `length_ms` (timescale 1000), with a `mdat` before the `moov`
    /// as ffmpeg writes it by default.
    pub fn mp4(length_ms: u32) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(boxed(b"ftyp", b"isom\0\0\x02\0isomiso2mp41"));
        out.extend(boxed(b"free", &[]));
        out.extend(boxed(b"mdat", &[0u8; 64]));
        let mut mvhd = vec![0u8; 4 + 8];
        mvhd.extend(1000u32.to_be_bytes());
        mvhd.extend(length_ms.to_be_bytes());
        mvhd.extend([0u8; 80]);
        out.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
        out
    }

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(body);
        out
    }

    /// A WebM file whose Info says `length_ms` (default timecode scale, a float64 duration),
    /// after a SeekHead.
    pub fn webm(length_ms: f64) -> Vec<u8> {
        let mut out = vec![0x1A, 0x45, 0xDF, 0xA3, 0x80 | 7, 0x42, 0x82, 0x84];
        out.extend(b"webm");
        let seek_head = [0x11, 0x4D, 0x9B, 0x74, 0x82, 0xEC, 0x80];
        let mut info = vec![0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40, 0x44, 0x89, 0x88];
        info.extend(length_ms.to_be_bytes());
        let mut segment = seek_head.to_vec();
        segment.extend([0x15, 0x49, 0xA9, 0x66, 0x80 | info.len() as u8]);
        segment.extend(info);
        segment.extend([
            0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        out.extend([
            0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        out.extend(segment);
        out
    }

    /// An MP3 with an ID3 tag (no length).
    pub fn mp3() -> Vec<u8> {
        let mut out = b"ID3\x04\0\0\0\0\0\0".to_vec();
        out.extend([0xFF, 0xFB, 0x90, 0x64]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;
    use std::io::Cursor;

    fn probed(bytes: Vec<u8>) -> Option<MediaFile> {
        probe(&mut Cursor::new(bytes)).expect("read")
    }

    #[test]
    fn containers_and_lengths() {
        let found = |c, ms| {
            Some(MediaFile {
                container: c,
                length_ms: ms,
            })
        };
        assert_eq!(probed(mp4(4000)), found(Container::Mp4, Some(4000)));
        assert_eq!(probed(webm(3500.0)), found(Container::WebM, Some(3500)));
        assert_eq!(probed(mp3()), found(Container::Mp3, None));
        assert_eq!(
            probed(b"OggS\0\x02rest".to_vec()),
            found(Container::Ogg, None)
        );
        assert_eq!(probed(vec![0xFF, 0xF3, 0, 0]), found(Container::Mp3, None));
        let mut matroska = webm(1000.0);
        matroska[8..12].copy_from_slice(b"mkv\0");
        assert_eq!(
            probed(matroska).map(|m| m.container),
            Some(Container::Matroska)
        );
        assert_eq!(probed(b"<svg xmlns=\"\"/>".to_vec()), None);
        assert_eq!(probed(Vec::new()), None);
    }

    #[test]
    fn a_64_bit_mvhd_and_unknown_lengths() {
        let mut v1 = mp4(0);
        let at = v1.windows(4).position(|w| w == b"mvhd").expect("mvhd") + 4;
        // Version 1: 8-byte times, timescale 600, duration 1500 (2.5 s).
        let mut body = vec![1, 0, 0, 0];
        body.extend([0u8; 16]);
        body.extend(600u32.to_be_bytes());
        body.extend(1500u64.to_be_bytes());
        v1[at..at + body.len()].copy_from_slice(&body);
        assert_eq!(probed(v1).and_then(|m| m.length_ms), Some(2500));
        // Fragmented files say 0: unknown.
        assert_eq!(probed(mp4(0)).and_then(|m| m.length_ms), None);
    }

    #[test]
    fn damaged_headers_never_panic() {
        let whole = mp4(4000);
        for cut in 0..whole.len() {
            let _ = probe(&mut Cursor::new(whole[..cut].to_vec()));
        }
        let whole = webm(4000.0);
        for cut in 0..whole.len() {
            let _ = probe(&mut Cursor::new(whole[..cut].to_vec()));
        }
        let mut huge = mp4(4000);
        huge[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        let _ = probe(&mut Cursor::new(huge));
    }
}
