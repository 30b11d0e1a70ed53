//! A deterministic, streaming zip writer.
//!
//! Entries are sorted by path, every entry gets the same timestamp (from `SOURCE_DATE_EPOCH`
//! when set) and the same permissions, and file contents are copied through a small buffer, so
//! memory does not grow with media size. The archive is written to a temporary file beside the
//! target and renamed into place only when complete: a failed build leaves no partial zip.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Where an entry's bytes come from.
pub enum EntrySource<'a> {
    Bytes(Vec<u8>),
    /// Opened only when the entry is written.
    Reader(Box<dyn FnOnce() -> io::Result<Box<dyn Read + 'a>> + 'a>),
    /// Produced only when the entry is written, straight into the archive (a rendered page).
    Writer(WriteEntry<'a>),
}

/// What writes an entry's bytes into the archive.
pub type WriteEntry<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'a>;

impl EntrySource<'_> {
    /// The entry's bytes, in memory.
    pub fn read_all(self) -> io::Result<Vec<u8>> {
        match self {
            EntrySource::Bytes(bytes) => Ok(bytes),
            EntrySource::Reader(open) => {
                let mut bytes = Vec::new();
                open()?.read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            EntrySource::Writer(write) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                Ok(bytes)
            }
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
        .compression_level(Some(6));
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
        zip.start_file(entry.path.as_str(), options)
            .map_err(|e| at(e.into()))?;
        match entry.source {
            EntrySource::Bytes(bytes) => zip.write_all(&bytes).map_err(at)?,
            EntrySource::Reader(open) => {
                let mut reader = open().map_err(at)?;
                io::copy(&mut reader, &mut zip).map_err(at)?;
            }
            EntrySource::Writer(write) => {
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
