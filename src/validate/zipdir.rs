//! A zip's central directory and local file headers, read directly (PKWARE's APPNOTE 6.3):
//! every entry as it is stored — duplicates included, the name's raw bytes, flags and the
//! compression method's number — and each local header compared with its central record,
//! without decompressing anything. (The zip crate merges duplicate names and decodes names for
//! us; a validator needs to see what other tools will see.)

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

const EOCD: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_EOCD: u32 = 0x0606_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;

/// General-purpose flag bits.
pub const FLAG_ENCRYPTED: u16 = 1;
pub const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;
pub const FLAG_UTF8: u16 = 1 << 11;

/// One central-directory record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The name's bytes as stored.
    pub raw_name: Vec<u8>,
    pub flags: u16,
    pub method: u16,
    pub crc: u32,
    pub compressed: u64,
    pub size: u64,
    /// Where the local header is, in the file (any bytes prepended to the zip accounted for).
    pub local_offset: u64,
    /// The system that made the entry (3: Unix) and its external attributes.
    pub made_by: u8,
    pub external: u32,
}

impl Record {
    pub fn is_dir(&self) -> bool {
        self.raw_name.last() == Some(&b'/')
    }

    /// The Unix file type and permissions, when a Unix tool made the entry.
    pub fn unix_mode(&self) -> Option<u32> {
        (self.made_by == 3 && self.external >> 16 != 0).then_some(self.external >> 16)
    }

    pub fn is_symlink(&self) -> bool {
        self.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000)
    }
}

/// The compression method a number stands for, when it has a name.
pub fn method_name(method: u16) -> &'static str {
    match method {
        0 => "stored",
        1 => "shrink",
        2..=5 => "reduce",
        6 => "implode",
        8 => "deflate",
        9 => "deflate64",
        10 => "PKWARE DCL implode",
        12 => "bzip2",
        14 => "LZMA",
        16 => "IBM z/OS CMPSC",
        18 => "IBM TERSE",
        19 => "IBM LZ77",
        20 | 93 => "Zstandard",
        94 => "MP3",
        95 => "XZ",
        96 => "JPEG",
        97 => "WavPack",
        98 => "PPMd",
        99 => "AES encryption",
        _ => "unknown",
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn read_at(file: &mut File, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0; len];
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(&mut buf)?;
    Ok(buf)
}

/// The zip64 extended-information extra field: the 64-bit values of the fields saturated in
/// the fixed header, in APPNOTE's order (size, compressed size, local header offset).
fn zip64_values(extra: &[u8], wanted: usize) -> Vec<u64> {
    let mut at = 0;
    while let (Some(tag), Some(len)) = (u16_at(extra, at), u16_at(extra, at + 2)) {
        let body = extra
            .get(at + 4..at + 4 + usize::from(len))
            .unwrap_or_default();
        if tag == 1 {
            return (0..wanted.min(body.len() / 8))
                .filter_map(|i| u64_at(body, i * 8))
                .collect();
        }
        at += 4 + usize::from(len);
    }
    Vec::new()
}

/// Reads the central directory of a zip of `len` bytes; at most `max_entries` records.
pub fn read_directory(
    file: &mut File,
    len: u64,
    max_entries: usize,
) -> Result<Vec<Record>, String> {
    const EOCD_LEN: u64 = 22;
    let tail_len = len.min(EOCD_LEN + 65_535);
    let tail = read_at(file, len - tail_len, tail_len as usize).map_err(|e| e.to_string())?;
    let eocd = (0..tail.len().saturating_sub(EOCD_LEN as usize - 1))
        .rev()
        .find(|&i| u32_at(&tail, i) == Some(EOCD))
        .ok_or("no end-of-central-directory record (is it a zip file?)")?;
    let eocd_pos = len - tail_len + eocd as u64;
    let field = |at: usize| u16_at(&tail, eocd + at).unwrap_or(0);
    let mut count = u64::from(field(10));
    let mut cd_size = u64::from(u32_at(&tail, eocd + 12).unwrap_or(0));
    let mut cd_offset = u64::from(u32_at(&tail, eocd + 16).unwrap_or(0));
    let mut cd_end = eocd_pos;
    if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        let locator = eocd_pos
            .checked_sub(20)
            .map(|at| read_at(file, at, 20))
            .transpose()
            .map_err(|e| e.to_string())?
            .filter(|b| u32_at(b, 0) == Some(ZIP64_LOCATOR))
            .ok_or("the zip64 end-of-central-directory locator is missing")?;
        let at = u64_at(&locator, 8).unwrap_or(u64::MAX);
        let record = (at < len)
            .then(|| read_at(file, at, 56).ok())
            .flatten()
            .filter(|b| u32_at(b, 0) == Some(ZIP64_EOCD))
            .ok_or("the zip64 end-of-central-directory record is missing")?;
        count = u64_at(&record, 32).unwrap_or(0);
        cd_size = u64_at(&record, 40).unwrap_or(0);
        cd_offset = u64_at(&record, 48).unwrap_or(0);
        cd_end = at;
    }
    if count > max_entries as u64 {
        return Err(format!(
            "it declares {count} entries, more than the {max_entries} a package may hold"
        ));
    }
    // Bytes prepended to the zip (a self-extracting stub) shift every offset.
    let shift = cd_end
        .checked_sub(cd_offset.saturating_add(cd_size))
        .ok_or("the central directory lies outside the file")?;
    let cd_start = cd_offset.saturating_add(shift);
    if cd_start.saturating_add(cd_size) > len {
        return Err("the central directory lies outside the file".to_owned());
    }
    let cd = read_at(file, cd_start, cd_size as usize).map_err(|e| e.to_string())?;
    let mut records = Vec::with_capacity(count as usize);
    let mut at = 0;
    for index in 0..count {
        let damaged = || format!("central directory record {index} is damaged");
        if u32_at(&cd, at) != Some(CENTRAL) {
            return Err(damaged());
        }
        let name_len = usize::from(u16_at(&cd, at + 28).ok_or_else(damaged)?);
        let extra_len = usize::from(u16_at(&cd, at + 30).ok_or_else(damaged)?);
        let comment_len = usize::from(u16_at(&cd, at + 32).ok_or_else(damaged)?);
        let name_at = at + 46;
        let raw_name = cd
            .get(name_at..name_at + name_len)
            .ok_or_else(damaged)?
            .to_vec();
        let extra = cd
            .get(name_at + name_len..name_at + name_len + extra_len)
            .ok_or_else(damaged)?;
        let mut size = u64::from(u32_at(&cd, at + 24).ok_or_else(damaged)?);
        let mut compressed = u64::from(u32_at(&cd, at + 20).ok_or_else(damaged)?);
        let mut offset = u64::from(u32_at(&cd, at + 42).ok_or_else(damaged)?);
        let saturated = [size, compressed, offset]
            .iter()
            .filter(|&&v| v == 0xFFFF_FFFF)
            .count();
        let mut wide = zip64_values(extra, saturated).into_iter();
        for value in [&mut size, &mut compressed, &mut offset] {
            if *value == 0xFFFF_FFFF {
                *value = wide.next().ok_or_else(damaged)?;
            }
        }
        records.push(Record {
            raw_name,
            flags: u16_at(&cd, at + 8).ok_or_else(damaged)?,
            method: u16_at(&cd, at + 10).ok_or_else(damaged)?,
            crc: u32_at(&cd, at + 16).ok_or_else(damaged)?,
            compressed,
            size,
            local_offset: offset.saturating_add(shift),
            made_by: cd.get(at + 5).copied().ok_or_else(damaged)?,
            external: u32_at(&cd, at + 38).ok_or_else(damaged)?,
        });
        at = name_at + name_len + extra_len + comment_len;
    }
    Ok(records)
}

/// Reads local headers in order of their offsets through one window, so that the headers of
/// many small entries cost one read.
pub struct LocalHeaders<'f> {
    file: &'f mut File,
    len: u64,
    window: Vec<u8>,
    window_at: u64,
}

/// How far a local header disagrees with its central record, or that it is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalProblem {
    Missing,
    /// A field that differs: its name, the local value and the central one.
    Differs(&'static str, String, String),
    /// The data runs past the end of the file.
    Truncated,
}

impl<'f> LocalHeaders<'f> {
    pub fn new(file: &'f mut File, len: u64) -> Self {
        LocalHeaders {
            file,
            len,
            window: Vec::new(),
            window_at: 0,
        }
    }

    /// `len` bytes at `at`, through the window.
    fn bytes(&mut self, at: u64, len: usize) -> Option<&[u8]> {
        let end = at.checked_add(len as u64)?;
        if end > self.len {
            return None;
        }
        let inside = at >= self.window_at && end <= self.window_at + self.window.len() as u64;
        if !inside {
            let want = (len as u64).max(64 * 1024).min(self.len - at);
            self.window = read_at(self.file, at, want as usize).ok()?;
            self.window_at = at;
        }
        let from = (at - self.window_at) as usize;
        self.window.get(from..from + len)
    }

    /// Compares the local header of `r` with it; returns where its data starts.
    pub fn check(&mut self, r: &Record) -> Result<u64, LocalProblem> {
        let at = r.local_offset;
        let head = self.bytes(at, 30).ok_or(LocalProblem::Missing)?.to_vec();
        if u32_at(&head, 0) != Some(LOCAL) {
            return Err(LocalProblem::Missing);
        }
        let flags = u16_at(&head, 6).unwrap_or(0);
        let method = u16_at(&head, 8).unwrap_or(0);
        let mut crc = u32_at(&head, 14).unwrap_or(0);
        let mut compressed = u64::from(u32_at(&head, 18).unwrap_or(0));
        let mut size = u64::from(u32_at(&head, 22).unwrap_or(0));
        let name_len = usize::from(u16_at(&head, 26).unwrap_or(0));
        let extra_len = usize::from(u16_at(&head, 28).unwrap_or(0));
        let rest = self
            .bytes(at + 30, name_len + extra_len)
            .ok_or(LocalProblem::Truncated)?;
        let (name, extra) = rest.split_at(name_len);
        if name != r.raw_name.as_slice() {
            return Err(LocalProblem::Differs(
                "name",
                format!("`{}`", String::from_utf8_lossy(name)),
                format!("`{}`", String::from_utf8_lossy(&r.raw_name)),
            ));
        }
        if size == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF {
            let wide = zip64_values(extra, 2);
            size = wide.first().copied().unwrap_or(size);
            compressed = wide.get(1).copied().unwrap_or(compressed);
        }
        if method != r.method {
            return Err(LocalProblem::Differs(
                "compression method",
                method.to_string(),
                r.method.to_string(),
            ));
        }
        let significant = FLAG_ENCRYPTED | FLAG_UTF8;
        if flags & significant != r.flags & significant {
            return Err(LocalProblem::Differs(
                "flags",
                format!("{:#06x}", flags),
                format!("{:#06x}", r.flags),
            ));
        }
        // With a data descriptor the local header may leave CRC and sizes at zero.
        let deferred = flags & FLAG_DATA_DESCRIPTOR != 0;
        if deferred && crc == 0 {
            crc = r.crc;
        }
        if deferred && compressed == 0 && size == 0 {
            (compressed, size) = (r.compressed, r.size);
        }
        for (what, local, central) in [
            ("compressed size", compressed, r.compressed),
            ("size", size, r.size),
            ("CRC", u64::from(crc), u64::from(r.crc)),
        ] {
            if local != central {
                let show = |v: u64| {
                    if what == "CRC" {
                        format!("{v:08x}")
                    } else {
                        format!("{v} bytes")
                    }
                };
                return Err(LocalProblem::Differs(what, show(local), show(central)));
            }
        }
        let data = at + 30 + (name_len + extra_len) as u64;
        if data.saturating_add(r.compressed) > self.len {
            return Err(LocalProblem::Truncated);
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            for (name, data) in entries {
                zip.start_file(*name, zip::write::SimpleFileOptions::default())
                    .expect("start");
                zip.write_all(data).expect("write");
            }
            zip.finish().expect("finish");
        }
        out.into_inner()
    }

    /// The records of a zip and what comparing their local headers gave.
    type Read = (Vec<Record>, Vec<Result<u64, LocalProblem>>);

    fn directory(bytes: &[u8]) -> Result<Read, String> {
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(bytes).expect("write");
        let len = bytes.len() as u64;
        let records = read_directory(&mut file, len, 1000)?;
        let mut headers = LocalHeaders::new(&mut file, len);
        let locals = records.iter().map(|r| headers.check(r)).collect();
        Ok((records, locals))
    }

    #[test]
    fn reads_what_the_zip_crate_writes() {
        let bytes = zip_of(&[("a.txt", b"hello"), ("dir/b.txt", b"")]);
        let (records, locals) = directory(&bytes).expect("readable");
        let names: Vec<&[u8]> = records.iter().map(|r| r.raw_name.as_slice()).collect();
        assert_eq!(names, [&b"a.txt"[..], b"dir/b.txt"]);
        assert_eq!(records[0].size, 5);
        assert!(locals.iter().all(Result::is_ok), "{locals:?}");
        // Bytes prepended to the zip (a self-extracting stub) shift every offset.
        let shifted = [b"#!/bin/sh\nexit 0\n".as_slice(), &bytes].concat();
        let (_, locals) = directory(&shifted).expect("readable");
        assert!(locals.iter().all(Result::is_ok), "{locals:?}");
    }

    #[test]
    fn hostile_directories_are_refused_without_allocating_what_they_declare() {
        assert!(directory(b"not a zip at all").is_err());
        let mut bytes = zip_of(&[("a.txt", b"hello")]);
        let eocd = bytes.len() - 22;
        // A central directory of 4 GiB.
        bytes[eocd + 12..eocd + 16].copy_from_slice(&u32::MAX.to_le_bytes());
        let e = directory(&bytes).expect_err("outside the file");
        assert!(e.contains("zip64") || e.contains("outside"), "{e}");
        let mut bytes = zip_of(&[("a.txt", b"hello")]);
        bytes[eocd + 10..eocd + 12].copy_from_slice(&2u16.to_le_bytes());
        assert!(directory(&bytes).is_err_and(|e| e.contains("record 1 is damaged")));
    }

    #[test]
    fn no_mutation_of_a_zip_panics() {
        let bytes = zip_of(&[
            ("imsmanifest.xml", b"<manifest/>"),
            ("a/b.html", b"<p>x</p>"),
        ]);
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut m = bytes.clone();
            for _ in 0..3 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let at = (state >> 33) as usize % m.len();
                m[at] = (state >> 17) as u8;
            }
            let _ = directory(&m);
        }
    }

    #[test]
    fn methods_have_names() {
        assert_eq!(method_name(12), "bzip2");
        assert_eq!(method_name(93), "Zstandard");
        assert_eq!(method_name(14), "LZMA");
        assert_eq!(method_name(77), "unknown");
    }
}
