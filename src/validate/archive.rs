//! Reading a package to validate — a zip or an unpacked folder — safely.
//!
//! A zip is judged from its central directory and local headers ([`zipdir`]), read directly
//! without decompressing anything: entry names (as PHP and Moodle will extract them), duplicates,
//! declared sizes and compression ratios, methods, flags, file types, and local headers that
//! disagree with the central directory. Nothing is ever extracted to disk. Only the manifest is
//! read (inflated with flate2), through a size limit; `--deep` reads every entry to check its
//! size and CRC, also through limits.

use super::zipdir::{self, LocalProblem, Record};
use crate::diag::Diagnostic;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The largest manifest read. A real one is well under 1 MiB; 100,000 items with their
/// resources take about 22 MiB, and validation is linear in the size (`benches/validate_scale.sh`).
pub const MAX_MANIFEST_BYTES: u64 = 32 * 1024 * 1024;
/// The largest declared size accepted for one entry.
pub const MAX_ENTRY_BYTES: u64 = 8 * 1024 * 1024 * 1024;
/// The largest declared size accepted for the whole package.
pub const MAX_TOTAL_BYTES: u64 = 32 * 1024 * 1024 * 1024;
/// The highest compression ratio accepted for an entry larger than [`RATIO_MIN_SIZE`].
pub const MAX_RATIO: u64 = 200;
pub const RATIO_MIN_SIZE: u64 = 1024 * 1024;
/// The most entries accepted.
pub const MAX_ENTRIES: usize = 200_000;

/// What is known of one file of a package without reading it.
#[derive(Clone, Debug)]
pub struct EntryInfo {
    pub size: u64,
    /// The zip entry's index in the central directory.
    record: usize,
    /// Where a zip entry's data is and how it is stored (none for a folder's files).
    stored: Option<Stored>,
}

/// A zip entry's data, as its central record and local header describe it.
#[derive(Clone, Debug)]
struct Stored {
    /// Where the data starts; `None` when the local header is missing or disagrees.
    data: Option<u64>,
    compressed: u64,
    method: u16,
    crc: u32,
    encrypted: bool,
}

/// A package opened for validation.
pub enum Package {
    Zip {
        path: PathBuf,
        file: File,
        entries: BTreeMap<String, EntryInfo>,
        /// Entries left out as unsafe.
        refused: Vec<String>,
    },
    Folder {
        root: PathBuf,
        entries: BTreeMap<String, EntryInfo>,
    },
}

/// Why a path could not be opened as a package at all.
#[derive(Debug)]
pub struct Unreadable {
    pub message: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Package {
    /// Opens a zip or a folder. Unsafe entries are reported in `problems` and left out.
    pub fn open(path: &Path, problems: &mut Vec<Diagnostic>) -> Result<Package, Unreadable> {
        let meta = std::fs::metadata(path).map_err(|e| Unreadable {
            message: format!("cannot read `{}`: {e}", path.display()),
        })?;
        if meta.is_dir() {
            let mut entries = BTreeMap::new();
            walk(path, path, &mut entries, problems);
            return Ok(Package::Folder {
                root: path.to_path_buf(),
                entries,
            });
        }
        let mut file = File::open(path).map_err(|e| Unreadable {
            message: format!("cannot read `{}`: {e}", path.display()),
        })?;
        let records =
            zipdir::read_directory(&mut file, meta.len(), MAX_ENTRIES).map_err(|e| Unreadable {
                message: format!("`{}` is not a readable zip file: {e}", path.display()),
            })?;
        // Local headers, in the order they lie in the file.
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.sort_by_key(|&i| records[i].local_offset);
        let mut data = vec![None; records.len()];
        let mut local_problems = vec![None; records.len()];
        let mut headers = zipdir::LocalHeaders::new(&mut file, meta.len());
        for i in order {
            match headers.check(&records[i]) {
                Ok(at) => data[i] = Some(at),
                Err(p) => local_problems[i] = Some(p),
            }
        }
        let mut entries = BTreeMap::new();
        let mut refused = Vec::new();
        // Names stored more than once: the indexes of their copies.
        let mut copies: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut total: u64 = 0;
        // Names written with `\` between folders, as Moodle reads them (with `/`).
        let mut backslashed: Vec<String> = Vec::new();
        for (index, r) in records.iter().enumerate() {
            let raw_name = entry_name(r, problems);
            if let Some(problem) = unsafe_name(&raw_name) {
                problems.push(
                    Diagnostic::error(format!("zip entry `{raw_name}` {problem}; it is not extracted"))
                        .hint("a package holds relative paths inside itself only (no `..`, no leading `/`, no drive letter)"),
                );
                continue;
            }
            if r.is_symlink() {
                problems.push(
                    Diagnostic::error(format!(
                        "zip entry `{raw_name}` is a symbolic link; it is not followed"
                    ))
                    .hint("store the file itself in the package"),
                );
                continue;
            }
            if let Some(p) = &local_problems[index] {
                problems.push(local_problem(&raw_name, p));
            }
            if r.is_dir() {
                continue;
            }
            if let Some(d) = unsupported(&raw_name, r) {
                problems.push(d);
            }
            let size = r.size;
            let packed = r.compressed;
            total = total.saturating_add(size);
            if size > MAX_ENTRY_BYTES || (size > RATIO_MIN_SIZE && size / packed.max(1) > MAX_RATIO)
            {
                refused.push(raw_name.clone());
            }
            if size > MAX_ENTRY_BYTES {
                problems.push(Diagnostic::error(format!(
                    "zip entry `{raw_name}` declares {size} bytes uncompressed, more than the {MAX_ENTRY_BYTES} accepted"
                )).hint("this looks like a zip bomb or a corrupt archive; it is not read"));
                continue;
            }
            if size > RATIO_MIN_SIZE && size / packed.max(1) > MAX_RATIO {
                problems.push(Diagnostic::error(format!(
                    "zip entry `{raw_name}` expands {}-fold ({packed} bytes to {size}), more than {MAX_RATIO}-fold",
                    size / packed.max(1)
                )).hint("this looks like a zip bomb; it is not read"));
                continue;
            }
            let name = match raw_name.strip_prefix("./") {
                Some(_) => raw_name.trim_start_matches("./").to_owned(),
                None => raw_name,
            };
            // Moodle extracts `\` as a folder separator (zip_archive's name lookup: "no MS \
            // separators"): read so here, and said once below.
            let name = if name.contains('\\') {
                backslashed.push(name.clone());
                name.replace('\\', "/")
            } else {
                name
            };
            // Extracting every entry in order, as LMSs do, leaves the last copy of a name.
            let stored = Stored {
                data: data[index],
                compressed: packed,
                method: r.method,
                crc: r.crc,
                encrypted: r.flags & zipdir::FLAG_ENCRYPTED != 0,
            };
            let info = EntryInfo {
                size,
                record: index,
                stored: Some(stored),
            };
            match entries.entry(name) {
                Entry::Vacant(v) => {
                    v.insert(info);
                }
                Entry::Occupied(mut o) => {
                    let earlier = std::mem::replace(o.get_mut(), info);
                    copies
                        .entry(o.key().clone())
                        .or_insert_with(|| vec![earlier.record])
                        .push(index);
                }
            }
        }
        for (name, indexes) in &copies {
            let copies: Vec<&Record> = indexes.iter().filter_map(|&i| records.get(i)).collect();
            problems.push(duplicate(name, &copies));
        }
        if let Some(first) = backslashed.first() {
            problems.push(backslash_names(first, backslashed.len()));
        }
        if total > MAX_TOTAL_BYTES {
            problems.push(
                Diagnostic::error(format!(
                    "the package declares {total} bytes uncompressed, more than the {MAX_TOTAL_BYTES} accepted"
                ))
                .hint("this looks like a zip bomb or a corrupt archive"),
            );
        }
        Ok(Package::Zip {
            path: path.to_path_buf(),
            file,
            entries,
            refused,
        })
    }

    /// Every file of the package, by path.
    pub fn entries(&self) -> &BTreeMap<String, EntryInfo> {
        match self {
            Package::Zip { entries, .. } | Package::Folder { entries, .. } => entries,
        }
    }

    /// Whether an entry named `name` exists but was refused as unsafe.
    pub fn was_refused(&self, name: &str) -> bool {
        matches!(self, Package::Zip { refused, .. } if refused.iter().any(|r| r == name))
    }

    /// Reads one file, refusing more than `limit` bytes (and, in a zip, checking its CRC).
    pub fn read(&mut self, name: &str, limit: u64) -> io::Result<Vec<u8>> {
        let info = self
            .entries()
            .get(name)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no `{name}`")))?;
        if info.size > limit {
            return Err(io::Error::other(format!(
                "`{name}` is {} bytes, more than the {limit} read",
                info.size
            )));
        }
        let mut out = Vec::new();
        match (self, &info.stored) {
            (Package::Zip { file, .. }, Some(stored)) => {
                let mut reader = entry_reader(file, stored)?;
                (&mut reader).take(limit + 1).read_to_end(&mut out)?;
                if out.len() as u64 <= limit {
                    check_whole(&out, info.size, stored.crc)?;
                }
            }
            (Package::Folder { root, .. }, _) => {
                File::open(root.join(name))?
                    .take(limit + 1)
                    .read_to_end(&mut out)?;
            }
            (Package::Zip { .. }, None) => return Err(io::Error::other("no data")),
        }
        if out.len() as u64 > limit {
            return Err(io::Error::other(format!(
                "`{name}` holds more than the {limit} bytes its header declares"
            )));
        }
        Ok(out)
    }

    /// Reads every entry to the end, checking its CRC (zip) and that it holds what it
    /// declares; returns the problems found.
    pub fn check_contents(&mut self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let Package::Zip { file, entries, .. } = self else {
            return problems;
        };
        let mut sink = vec![0u8; 64 * 1024];
        for (name, info) in entries.iter() {
            let Some(stored) = &info.stored else { continue };
            let result = entry_reader(file, stored).and_then(|reader| {
                let mut limited = reader.take(info.size + 1);
                let mut read: u64 = 0;
                let mut crc = crc32fast::Hasher::new();
                loop {
                    let n = limited.read(&mut sink)?;
                    if n == 0 {
                        break;
                    }
                    crc.update(sink.get(..n).unwrap_or_default());
                    read += n as u64;
                }
                if read > info.size {
                    return Err(io::Error::other("it holds more bytes than it declares"));
                }
                if read < info.size {
                    return Err(io::Error::other(format!(
                        "it holds {read} bytes, fewer than the {} it declares",
                        info.size
                    )));
                }
                if crc.finalize() != stored.crc {
                    return Err(io::Error::other("its CRC does not match its contents"));
                }
                Ok(())
            });
            if let Err(e) = result {
                problems.push(
                    Diagnostic::error(format!("zip entry `{name}` is damaged: {e}"))
                        .hint("rebuild or re-zip the package"),
                );
            }
        }
        problems
    }

    /// The path shown in reports.
    pub fn display_path(&self) -> String {
        match self {
            Package::Zip { path, .. } => path.display().to_string(),
            Package::Folder { root, .. } => root.display().to_string(),
        }
    }
}

/// A reader of an entry's uncompressed data.
fn entry_reader<'f>(file: &'f mut File, stored: &Stored) -> io::Result<Box<dyn Read + 'f>> {
    if stored.encrypted {
        return Err(io::Error::other("it is encrypted"));
    }
    let at = stored
        .data
        .ok_or_else(|| io::Error::other("its local header does not match the central directory"))?;
    file.seek(SeekFrom::Start(at))?;
    let raw = file.take(stored.compressed);
    match stored.method {
        0 => Ok(Box::new(raw)),
        8 => Ok(Box::new(flate2::read::DeflateDecoder::new(raw))),
        m => Err(io::Error::other(format!(
            "it is compressed with {} (method {m}), which coursepack cannot read",
            zipdir::method_name(m)
        ))),
    }
}

/// A whole entry read: as long as declared, with the declared CRC.
fn check_whole(data: &[u8], size: u64, crc: u32) -> io::Result<()> {
    if data.len() as u64 != size {
        return Err(io::Error::other(format!(
            "it holds {} bytes, not the {size} it declares",
            data.len()
        )));
    }
    if crc32fast::hash(data) != crc {
        return Err(io::Error::other("its CRC does not match its contents"));
    }
    Ok(())
}

/// The name an entry is extracted under. A name that is valid UTF-8 is read as UTF-8 (libzip,
/// behind PHP and Moodle, guesses so even without the UTF-8 flag); any other is read as CP437,
/// as libzip and unzip read it, and reported.
fn entry_name(r: &Record, problems: &mut Vec<Diagnostic>) -> String {
    if let Ok(name) = std::str::from_utf8(&r.raw_name) {
        return name.to_owned();
    }
    let bytes: Vec<String> = r
        .raw_name
        .iter()
        .filter(|b| !b.is_ascii())
        .map(|b| format!("0x{b:02X}"))
        .collect();
    if r.flags & zipdir::FLAG_UTF8 != 0 {
        let lossy = String::from_utf8_lossy(&r.raw_name).into_owned();
        problems.push(
            Diagnostic::error(format!(
                "zip entry `{lossy}` is flagged as having a UTF-8 name, but its name is not UTF-8 (bytes {})",
                bytes.join(" ")
            ))
            .hint("re-zip the package with a current zip tool"),
        );
        return lossy;
    }
    let cp437 = oem_cp::decode_string_complete_table(
        &r.raw_name,
        &oem_cp::code_table::DECODING_TABLE_CP437,
    );
    problems.push(
        Diagnostic::warning(format!(
            "zip entry name `{cp437}` is not UTF-8 and not flagged as UTF-8: PHP (Moodle) and unzip read its bytes ({}) as CP437 and extract `{cp437}`; other tools may read them otherwise",
            bytes.join(" ")
        ))
        .hint("name files with ASCII characters, or zip with a tool that writes UTF-8 names (7-Zip, Info-ZIP zip 3, coursepack)"),
    );
    cp437
}

/// Entry names with `\` between folders (`first`, and `count` in all), as some Windows tools
/// write them: read with `/`, as Moodle reads them, and reported.
fn backslash_names(first: &str, count: usize) -> Diagnostic {
    let read = first.replace('\\', "/");
    let which = if count == 1 {
        format!("zip entry `{first}` separates its folders with `\\`")
    } else {
        format!("{count} zip entries separate their folders with `\\` (`{first}` and others)")
    };
    Diagnostic::warning(format!(
        "{which}: Moodle reads `{read}` (it turns `\\` into `/`), and so does this check, but other LMSs and unzip tools may extract a file named `{first}`, and the pages that load `{read}` then break"
    ))
    .hint("zip the package with a tool that writes `/` (7-Zip, `zip -r -X`, PowerShell 7's Compress-Archive); some Windows tools, among them Windows PowerShell 5.1's Compress-Archive, write `\\`")
}

/// A compression method or an encryption LMSs cannot unpack.
fn unsupported(name: &str, r: &Record) -> Option<Diagnostic> {
    if r.flags & zipdir::FLAG_ENCRYPTED != 0 {
        return Some(
            Diagnostic::error(format!(
                "zip entry `{name}` is encrypted; an LMS cannot unpack it"
            ))
            .hint("zip the package without a password"),
        );
    }
    if matches!(r.method, 0 | 8) {
        return None;
    }
    Some(
        Diagnostic::error(format!(
            "zip entry `{name}` is compressed with {} (method {}); LMSs unpack only stored and deflated entries",
            zipdir::method_name(r.method),
            r.method
        ))
        .hint("re-zip the package with the standard deflate method (`zip -r -X`, or your system's \"compress\")"),
    )
}

/// A local header that is missing or disagrees with the central directory.
fn local_problem(name: &str, p: &LocalProblem) -> Diagnostic {
    let message = match p {
        LocalProblem::Missing => {
            format!("zip entry `{name}` has no local header where the central directory says")
        }
        LocalProblem::Truncated => {
            format!("zip entry `{name}` runs past the end of the zip file")
        }
        LocalProblem::Differs(what, local, central) => format!(
            "zip entry `{name}`: its local header gives {what} {local}, the central directory {central}"
        ),
    };
    Diagnostic::error(message).hint(
        "the zip is damaged or was altered: tools that read local headers and tools that read the central directory (LMSs) would extract different files; rebuild the zip",
    )
}

/// A name stored more than once.
fn duplicate(name: &str, copies: &[&Record]) -> Diagnostic {
    let same = copies
        .iter()
        .all(|c| (c.crc, c.size) == (copies[0].crc, copies[0].size));
    if same {
        Diagnostic::warning(format!(
            "zip entry `{name}` is stored {} times (identical copies)",
            copies.len()
        ))
        .hint("zip the package again from its folder so that each file is stored once")
    } else {
        let sizes: Vec<String> = copies.iter().map(|c| format!("{} bytes", c.size)).collect();
        Diagnostic::error(format!(
            "zip entry `{name}` is stored {} times with different contents ({}); which one a learner gets depends on the LMS's unzip tool",
            copies.len(),
            sizes.join(", ")
        ))
        .hint("keep one copy of the file and zip the package again")
    }
}

/// Why an entry name is unsafe to extract, if it is.
pub fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("has an empty name");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("is an absolute path");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return Some("starts with a drive letter");
    }
    if name.split(['/', '\\']).any(|part| part == "..") {
        return Some("climbs out of the package with `..`");
    }
    if name.contains('\0') {
        return Some("contains a NUL character");
    }
    None
}

fn walk(
    root: &Path,
    dir: &Path,
    entries: &mut BTreeMap<String, EntryInfo>,
    problems: &mut Vec<Diagnostic>,
) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<_> = read.flatten().collect();
    children.sort_by_key(|e| e.file_name());
    for child in children {
        let path = child.path();
        let rel = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let Ok(kind) = child.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            problems.push(
                Diagnostic::error(format!("`{rel}` is a symbolic link; it is not followed"))
                    .hint("store the file itself in the package"),
            );
        } else if kind.is_dir() {
            walk(root, &path, entries, problems);
        } else if kind.is_file() {
            let size = child.metadata().map(|m| m.len()).unwrap_or(0);
            entries.insert(
                rel,
                EntryInfo {
                    size,
                    record: 0,
                    stored: None,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{unsafe_name, Package};
    use std::io::Write;

    #[test]
    fn no_mutation_of_a_zip_panics_when_opened_and_read() {
        let mut cursor = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut cursor);
            for (name, data) in [
                ("imsmanifest.xml", &b"<manifest>x</manifest>"[..]),
                ("a.html", b"<p>hello hello hello</p>"),
            ] {
                zip.start_file(name, zip::write::SimpleFileOptions::default())
                    .expect("start");
                zip.write_all(data).expect("write");
            }
            zip.finish().expect("finish");
        }
        let bytes = cursor.into_inner();
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("m.zip");
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..1500 {
            let mut m = bytes.clone();
            for _ in 0..2 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1442695040888963407);
                let at = (state >> 33) as usize % m.len();
                m[at] = (state >> 13) as u8;
            }
            std::fs::write(&path, &m).expect("write");
            let mut problems = Vec::new();
            if let Ok(mut package) = Package::open(&path, &mut problems) {
                let names: Vec<String> = package.entries().keys().cloned().collect();
                for name in names {
                    let _ = package.read(&name, 1024);
                }
                let _ = package.check_contents();
            }
        }
    }

    #[test]
    fn unsafe_names() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "\\x",
            "C:/x",
            "c:x",
            "a\\..\\b",
            "",
            "a\0b",
        ] {
            assert!(unsafe_name(bad).is_some(), "{bad:?}");
        }
        for good in ["index.html", "a/b/c.txt", "a..b/x", "...", "x/.hidden"] {
            assert!(unsafe_name(good).is_none(), "{good:?}");
        }
    }
}
