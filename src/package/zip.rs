//! A deterministic, streaming zip writer.
//!
//! Entries are sorted by path, every entry gets the same timestamp (from `SOURCE_DATE_EPOCH`
//! when set) and the same permissions, and file contents are copied through a small buffer, so
//! memory does not grow with media size. The archive is written to a temporary file beside the
//! target and renamed into place only when complete: a failed build leaves no partial zip.

use crate::deflate::{self, Stream};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Where an entry's bytes come from.
pub enum EntrySource<'a> {
    Bytes(Vec<u8>),
    /// Opened only when the entry is written.
    Reader(OpenEntry<'a>),
    /// Produced only when the entry is written, straight into the archive (a rendered page).
    Writer(WriteEntry<'a>),
    /// Compressed already, in segments some of which other packages share (a page's frame):
    /// made only when the entry is written, and copied into the archive as they are.
    Deflated(DeflatedEntry<'a>),
}

/// What opens a [`EntrySource::Reader`] entry's file: the reader and the file's size (an entry
/// of 4 GiB or more takes the zip's 64-bit extension, decided before it is written).
pub type OpenEntry<'a> = Box<dyn FnOnce() -> io::Result<(Box<dyn Read + 'a>, u64)> + 'a>;

/// What makes a [`EntrySource::Deflated`] entry's stream.
pub type DeflatedEntry<'a> = Box<dyn FnOnce() -> io::Result<Stream> + 'a>;

/// What writes an entry's bytes into the archive.
pub type WriteEntry<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'a>;

impl EntrySource<'_> {
    /// The entry's bytes, in memory.
    pub fn read_all(self) -> io::Result<Vec<u8>> {
        match self {
            EntrySource::Bytes(bytes) => Ok(bytes),
            EntrySource::Reader(open) => {
                let mut bytes = Vec::new();
                open()?.0.read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            EntrySource::Writer(write) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                Ok(bytes)
            }
            EntrySource::Deflated(make) => make()?.inflate(),
        }
    }
}

/// One file of the archive.
pub struct Entry<'a> {
    pub path: String,
    pub source: EntrySource<'a>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub size: u64,
    pub sha256: String,
}

/// Why the archive could not be written.
#[derive(Debug)]
pub struct ZipError {
    pub entry: Option<String>,
    pub error: io::Error,
}

impl std::fmt::Display for ZipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.entry {
            Some(e) => write!(f, "cannot add `{e}` to the package: {}", self.error),
            None => write!(f, "cannot write the package: {}", self.error),
        }
    }
}

impl std::error::Error for ZipError {}

impl ZipError {
    /// The render error an entry's writer failed with (a page's template), when that is what
    /// stopped the archive.
    pub fn into_render_error(self) -> Result<crate::render::RenderError, ZipError> {
        let ZipError { entry, error } = self;
        if !error
            .get_ref()
            .is_some_and(|inner| inner.is::<crate::render::RenderError>())
        {
            return Err(ZipError { entry, error });
        }
        let kind = error.kind();
        match error
            .into_inner()
            .map(|inner| inner.downcast::<crate::render::RenderError>())
        {
            Some(Ok(render)) => Ok(*render),
            Some(Err(other)) => Err(ZipError {
                entry,
                error: io::Error::new(kind, other),
            }),
            None => Err(ZipError {
                entry,
                error: io::Error::from(kind),
            }),
        }
    }
}

/// The timestamp of every entry: `SOURCE_DATE_EPOCH` when set and representable in a zip
/// (1980–2107), else 1980-01-01 00:00:00.
pub fn entry_time() -> DateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .and_then(|t| DateTime::try_from(t).ok())
        .unwrap_or_default()
}

/// Writes `entries` (in path order) to `target` atomically and returns its size and sha256.
pub fn write_zip(target: &Path, mut entries: Vec<Entry<'_>>) -> Result<Written, ZipError> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = write_to(&tmp, entries);
    let result = result.and_then(|()| {
        std::fs::rename(&tmp, target).map_err(|error| ZipError { entry: None, error })
    });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    hash_file(target).map_err(|error| ZipError { entry: None, error })
}

fn write_to(tmp: &Path, entries: Vec<Entry<'_>>) -> Result<(), ZipError> {
    let whole = |error: io::Error| ZipError { entry: None, error };
    let file = File::create(tmp).map_err(whole)?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let base = SimpleFileOptions::default()
        .last_modified_time(entry_time())
        .unix_permissions(0o644);
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(i64::from(deflate::LEVEL)));
    let stored = base.compression_method(CompressionMethod::Stored);
    for entry in entries {
        let at = |error: io::Error| ZipError {
            entry: Some(entry.path.clone()),
            error,
        };
        let options = if is_compressed_format(&entry.path) {
            stored
        } else {
            deflated
        };
        let write = match entry.source {
            EntrySource::Deflated(make) => {
                let stream = make().map_err(at)?;
                add_deflated(&mut zip, &entry.path, &stream, deflated).map_err(at)?;
                continue;
            }
            EntrySource::Bytes(bytes) => EntryWrite::Bytes(bytes),
            EntrySource::Reader(open) => {
                let (reader, size) = open().map_err(at)?;
                EntryWrite::Reader(reader, size)
            }
            EntrySource::Writer(write) => EntryWrite::Writer(write),
        };
        let options = match write {
            EntryWrite::Reader(_, size) if needs_zip64(size) => options.large_file(true),
            _ => options,
        };
        zip.start_file(entry.path.as_str(), options)
            .map_err(|e| at(e.into()))?;
        match write {
            EntryWrite::Bytes(bytes) => zip.write_all(&bytes).map_err(at)?,
            EntryWrite::Reader(mut reader, _) => {
                io::copy(&mut reader, &mut zip).map_err(at)?;
            }
            EntryWrite::Writer(write) => {
                // A page comes in many small writes; the compressor works best on large ones.
                let mut buffered = BufWriter::with_capacity(WRITE_BUFFER, &mut zip);
                write(&mut buffered).map_err(at)?;
                buffered.flush().map_err(at)?;
            }
        }
    }
    let mut out = zip.finish().map_err(|e| whole(e.into()))?;
    out.flush().map_err(whole)?;
    out.into_inner()
        .map_err(|e| whole(e.into_error()))?
        .sync_all()
        .map_err(whole)
}

/// The sources the archive's compressor reads.
enum EntryWrite<'a> {
    Bytes(Vec<u8>),
    /// An opened file and its size.
    Reader(Box<dyn Read + 'a>, u64),
    Writer(WriteEntry<'a>),
}

/// Whether an entry of `size` bytes needs the zip's 64-bit extension: its size, or its
/// compressed size (a stored or incompressible entry's is about the same), reaches 4 GiB.
fn needs_zip64(size: u64) -> bool {
    size >= u64::from(u32::MAX) - 64 * 1024
}

/// Adds `stream` to the archive as the entry `path`, its compressed bytes as they are.
fn add_deflated<W: Write + io::Seek>(
    zip: &mut ZipWriter<W>,
    path: &str,
    stream: &Stream,
    options: SimpleFileOptions,
) -> io::Result<()> {
    let Some(archive) = one_entry_archive(path, stream) else {
        // Beyond what a zip without its 64-bit extension holds (a 4 GiB page): inflated and
        // compressed again, with the extension.
        zip.start_file(path, options.large_file(true))?;
        io::copy(
            &mut flate2::read::DeflateDecoder::new(stream.compressed()),
            zip,
        )?;
        return Ok(());
    };
    let mut archive = ZipArchive::new(io::Cursor::new(archive))?;
    let file = archive.by_index_raw(0)?;
    zip.raw_copy_file_touch(file, entry_time(), Some(0o644))?;
    Ok(())
}

/// `stream` as the one entry `name` of a zip in memory, or `None` when its sizes need zip64.
///
/// The zip crate adds compressed data as it is only by copying an entry of another archive
/// (`raw_copy_file_touch`); this is that archive: a local header, the data, a central directory
/// of one entry and its end record (APPNOTE 4.3.7, 4.3.12, 4.3.16), which the crate parses and
/// checks before copying.
fn one_entry_archive(name: &str, stream: &Stream) -> Option<Vec<u8>> {
    let crc = stream.crc32();
    let size = u32::try_from(stream.len()).ok().filter(|s| *s < u32::MAX)?;
    let compressed = u32::try_from(stream.compressed_len())
        .ok()
        .filter(|s| *s < u32::MAX)?;
    let name_len = u16::try_from(name.len()).ok()?;
    let time = entry_time();
    let (dos_time, dos_date) = (time.timepart(), time.datepart());
    // Bit 11: the name is UTF-8.
    let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
    let mut out = Vec::with_capacity(compressed as usize + 2 * name.len() + 128);
    let common = |out: &mut Vec<u8>| {
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0 (deflate)
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&8u16.to_le_bytes()); // method: deflate
        out.extend_from_slice(&dos_time.to_le_bytes());
        out.extend_from_slice(&dos_date.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&compressed.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
    };
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common(&mut out);
    out.extend_from_slice(name.as_bytes());
    stream.write_compressed(&mut out).ok()?;
    let directory = u32::try_from(out.len()).ok()?;
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    out.extend_from_slice(&((3u16 << 8) | 20).to_le_bytes()); // made by: Unix, 2.0
    common(&mut out);
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out.extend_from_slice(&0u16.to_le_bytes()); // disk
    out.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
    out.extend_from_slice(&((0o100_644u32) << 16).to_le_bytes()); // a regular file, 0644
    out.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    out.extend_from_slice(name.as_bytes());
    let directory_len = u32::try_from(out.len()).ok()? - directory;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // the directory's disk
    out.extend_from_slice(&1u16.to_le_bytes()); // entries on this disk
    out.extend_from_slice(&1u16.to_le_bytes()); // entries
    out.extend_from_slice(&directory_len.to_le_bytes());
    out.extend_from_slice(&directory.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Some(out)
}

/// How many bytes of a written entry reach the compressor at a time.
const WRITE_BUFFER: usize = 64 * 1024;

/// Formats that are compressed already: deflating them again costs time and saves nothing.
const COMPRESSED_EXTENSIONS: &[&str] = &[
    "7z", "aac", "avif", "br", "gif", "gz", "heic", "jpeg", "jpg", "m4a", "m4v", "mov", "mp3",
    "mp4", "oga", "ogg", "ogv", "opus", "png", "webm", "webp", "woff", "woff2", "xz", "zip", "zst",
];

/// Whether an entry is stored as it is rather than deflated.
pub fn is_compressed_format(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSED_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Size and sha256 of a file, read in chunks.
pub fn hash_file(path: &Path) -> io::Result<Written> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Written {
        path: path.to_path_buf(),
        size,
        sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deflate::tests::stream as stream_of;

    /// The IDs of the extra fields of the local header at `at` in the zip `bytes`.
    fn local_extra_ids(bytes: &[u8], at: u64) -> Vec<u16> {
        let at = usize::try_from(at).expect("in memory");
        let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        assert!(bytes[at..].starts_with(b"PK\x03\x04"), "a local header");
        let (name_len, extra_len) = (usize::from(u16_at(at + 26)), usize::from(u16_at(at + 28)));
        let (mut field, end) = (at + 30 + name_len, at + 30 + name_len + extra_len);
        let mut ids = Vec::new();
        while field + 4 <= end {
            ids.push(u16_at(field));
            field += 4 + usize::from(u16_at(field + 2));
        }
        ids
    }

    #[test]
    fn entries_of_4_gib_or_more_take_the_64_bit_extension() {
        const ZIP64: u16 = 0x0001;
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("p.zip");
        let five_gib = 5 << 30;
        let page = crate::deflate::tests::claiming(b"<p>huge</p>", five_gib);
        let entries = vec![
            Entry {
                path: "a.mp4".to_string(),
                source: EntrySource::Reader(Box::new(move || {
                    Ok((Box::new(&b"small"[..]) as Box<dyn Read>, 5))
                })),
            },
            // A page claiming 5 GiB: its segments cannot be copied into a zip without the
            // extension, so it is inflated and written again, with it.
            Entry {
                path: "index.html".to_string(),
                source: EntrySource::Deflated(Box::new(move || {
                    Ok(Stream {
                        segments: vec![std::sync::Arc::new(page)],
                    })
                })),
            },
            // A file that says it holds 5 GiB (a long video).
            Entry {
                path: "media/v.mp4".to_string(),
                source: EntrySource::Reader(Box::new(move || {
                    Ok((Box::new(&b"frames"[..]) as Box<dyn Read>, five_gib))
                })),
            },
        ];
        write_zip(&target, entries).expect("writes");
        let bytes = std::fs::read(&target).expect("zip");
        let mut archive = ZipArchive::new(io::Cursor::new(bytes.clone())).expect("a zip");
        for (name, contents, zip64) in [
            ("a.mp4", &b"small"[..], false),
            ("index.html", b"<p>huge</p>", true),
            ("media/v.mp4", b"frames", true),
        ] {
            let mut read = Vec::new();
            let mut file = archive.by_name(name).expect(name);
            file.read_to_end(&mut read).expect("reads");
            assert_eq!(read, contents, "{name}");
            let ids = local_extra_ids(&bytes, file.header_start());
            assert_eq!(ids.contains(&ZIP64), zip64, "{name}: {ids:?}");
        }
        assert!(needs_zip64(five_gib) && needs_zip64(u64::from(u32::MAX)));
        assert!(!needs_zip64(1 << 31));
    }

    #[test]
    fn a_deflated_entry_goes_in_as_it_is_and_reads_back_like_the_others() {
        let tmp = tempfile::tempdir().expect("tmp");
        let target = tmp.path().join("p.zip");
        let page = "<p>é</p>\n".repeat(20_000);
        let parts: [&[u8]; 3] = [b"<html>", page.as_bytes(), b"</html>"];
        let whole = parts.concat();
        let entries = vec![
            Entry {
                path: "lessons/leçon.html".to_string(),
                source: EntrySource::Deflated(Box::new(move || Ok(stream_of(&parts)))),
            },
            Entry {
                path: "empty.html".to_string(),
                source: EntrySource::Deflated(Box::new(|| Ok(stream_of(&[])))),
            },
            Entry {
                path: "a.txt".to_string(),
                source: EntrySource::Bytes(b"plain".to_vec()),
            },
        ];
        write_zip(&target, entries).expect("writes");
        let mut archive = ZipArchive::new(File::open(&target).expect("zip")).expect("a zip");
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(names.len(), 3);
        let expected: [(&str, &[u8]); 3] = [
            ("a.txt", b"plain"),
            ("empty.html", b""),
            ("lessons/leçon.html", &whole),
        ];
        for (i, (name, contents)) in expected.into_iter().enumerate() {
            let mut file = archive.by_index(i).expect("entry");
            // In path order, with the timestamp and mode of every entry.
            assert_eq!(file.name(), name);
            assert_eq!(file.unix_mode(), Some(0o100_644), "{name}");
            assert_eq!(file.last_modified(), Some(entry_time()), "{name}");
            if name.ends_with(".html") {
                assert_eq!(file.compression(), CompressionMethod::Deflated);
            }
            let mut read = Vec::new();
            file.read_to_end(&mut read).expect("inflates, CRC checked");
            assert_eq!(read, contents, "{name}");
        }
        // The validator's own reading agrees: local headers match the directory, sizes and
        // CRCs match the contents.
        let mut problems = Vec::new();
        let mut package =
            crate::validate::archive::Package::open(&target, &mut problems).expect("opens");
        problems.extend(package.check_contents());
        assert!(problems.is_empty(), "{problems:?}");
    }
}
