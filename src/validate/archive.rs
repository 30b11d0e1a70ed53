//! Reading a package to validate — a zip or an unpacked folder — safely.
//!
//! A zip is judged from its central directory alone: entry names, declared sizes, compression
//! ratios and file types. Nothing is ever extracted to disk. Only the manifest is read, through a
//! size limit; `--deep` reads every entry to check its CRC, also through limits.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest manifest read (a real one is well under 1 MiB).
pub const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;
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
    /// Index in the zip, for reading it later.
    index: usize,
    pub size: u64,
}

/// A package opened for validation.
pub enum Package {
    Zip {
        path: PathBuf,
        archive: Box<zip::ZipArchive<File>>,
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
        let file = File::open(path).map_err(|e| Unreadable {
            message: format!("cannot read `{}`: {e}", path.display()),
        })?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| Unreadable {
            message: format!("`{}` is not a readable zip file: {e}", path.display()),
        })?;
        if archive.len() > MAX_ENTRIES {
            return Err(Unreadable {
                message: format!(
                    "`{}` declares {} entries, more than the {MAX_ENTRIES} a package may hold",
                    path.display(),
                    archive.len()
                ),
            });
        }
        let mut entries = BTreeMap::new();
        let mut refused = Vec::new();
        let mut total: u64 = 0;
        for index in 0..archive.len() {
            let Ok(entry) = archive.by_index_raw(index) else {
                problems.push(Diagnostic::error(format!(
                    "zip entry {index} cannot be read"
                )));
                continue;
            };
            let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            if let Some(problem) = unsafe_name(&raw_name) {
                problems.push(
                    Diagnostic::error(format!("zip entry `{raw_name}` {problem}; it is not extracted"))
                        .hint("a package holds relative paths inside itself only (no `..`, no leading `/`, no drive letter)"),
                );
                continue;
            }
            let is_symlink = entry.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000);
            if is_symlink {
                problems.push(
                    Diagnostic::error(format!(
                        "zip entry `{raw_name}` is a symbolic link; it is not followed"
                    ))
                    .hint("store the file itself in the package"),
                );
                continue;
            }
            if entry.is_dir() {
                continue;
            }
            let size = entry.size();
            let packed = entry.compressed_size();
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
            let name = raw_name.trim_start_matches("./").to_string();
            if entries
                .insert(name.clone(), EntryInfo { index, size })
                .is_some()
            {
                problems.push(Diagnostic::warning(format!(
                    "zip entry `{name}` appears twice"
                )));
            }
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
            archive: Box::new(archive),
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

    /// Reads one file, refusing more than `limit` bytes.
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
        match self {
            Package::Zip { archive, .. } => {
                let file = archive.by_index(info.index).map_err(io::Error::other)?;
                file.take(limit + 1).read_to_end(&mut out)?;
            }
            Package::Folder { root, .. } => {
                File::open(root.join(name))?
                    .take(limit + 1)
                    .read_to_end(&mut out)?;
            }
        }
        if out.len() as u64 > limit {
            return Err(io::Error::other(format!(
                "`{name}` holds more than the {limit} bytes its header declares"
            )));
        }
        Ok(out)
    }

    /// Reads every entry to the end, checking its CRC (zip) and that it holds no more than it
    /// declares; returns the problems found.
    pub fn check_contents(&mut self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let Package::Zip {
            archive, entries, ..
        } = self
        else {
            return problems;
        };
        let mut sink = vec![0u8; 64 * 1024];
        for (name, info) in entries.iter() {
            let result = archive
                .by_index(info.index)
                .map_err(io::Error::other)
                .and_then(|file| {
                    let mut limited = file.take(info.size + 1);
                    let mut read: u64 = 0;
                    loop {
                        let n = limited.read(&mut sink)?;
                        if n == 0 {
                            break;
                        }
                        read += n as u64;
                    }
                    if read > info.size {
                        return Err(io::Error::other("it holds more bytes than it declares"));
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
            entries.insert(rel, EntryInfo { index: 0, size });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unsafe_name;

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
