//! All file access of the source stage goes through [`SourceFs`]: a real folder for the CLI, an
//! in-memory map for tests. Paths given to it are [`RelPath`]s, already checked to stay inside the
//! course folder.

use crate::inline::percent_decode;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A normalised path relative to the course folder: `/`-separated, no `.` or `..` components,
/// no leading `/`. Only [`RelPath::resolve`] makes one, so holding one proves it stays inside.
///
/// Cheap to clone: every text of a lesson names its file, and a build holds a course in several
/// languages at once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelPath(Arc<str>);

impl serde::Serialize for RelPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Why a reference cannot be turned into a [`RelPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathProblem {
    Empty,
    Remote,
    Absolute,
    Escapes,
    Backslash,
}

impl PathProblem {
    pub fn message(&self, reference: &str) -> String {
        match self {
            PathProblem::Empty => "empty path".to_string(),
            PathProblem::Remote => {
                format!("`{reference}` is a remote address; a package must hold every file it uses")
            }
            PathProblem::Absolute => format!("`{reference}` is an absolute path"),
            PathProblem::Escapes => format!("`{reference}` leaves the course folder"),
            PathProblem::Backslash => format!("`{reference}` uses backslashes"),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            PathProblem::Empty => "give the path of a file inside the course folder",
            PathProblem::Remote => {
                "download the file into the course folder and refer to it by a relative path"
            }
            PathProblem::Absolute | PathProblem::Escapes => {
                "copy the file into the course folder and refer to it by a path relative to the lesson"
            }
            PathProblem::Backslash => "write paths with forward slashes (`images/a.svg`)",
        }
    }
}

impl RelPath {
    /// Resolves `reference` (as written in a source file, possibly percent-encoded) relative to
    /// the folder `base` (itself relative to the course root).
    pub fn resolve(base: &str, reference: &str) -> Result<RelPath, PathProblem> {
        let reference = reference.trim();
        if reference.is_empty() {
            return Err(PathProblem::Empty);
        }
        if has_scheme(reference) || reference.starts_with("//") {
            return Err(PathProblem::Remote);
        }
        if reference.contains('\\') {
            return Err(PathProblem::Backslash);
        }
        if reference.starts_with('/') {
            return Err(PathProblem::Absolute);
        }
        let decoded = percent_decode(reference);
        let decoded = decoded.split(['?', '#']).next().unwrap_or("");
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in decoded.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(PathProblem::Escapes);
                    }
                }
                p => parts.push(p),
            }
        }
        if parts.is_empty() {
            return Err(PathProblem::Empty);
        }
        Ok(RelPath(parts.join("/").into()))
    }

    /// A path the program itself names (e.g. `course.toml`), trusted to be normalised.
    pub fn from_trusted(path: &str) -> RelPath {
        RelPath(path.trim_matches('/').into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder holding this file, relative to the course root (`""` for the root).
    pub fn parent(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// The file name without its last extension.
    pub fn stem(&self) -> &str {
        let name = self.0.rsplit('/').next().unwrap_or(&self.0);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn has_scheme(s: &str) -> bool {
    // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":". A Windows drive letter
    // (`C:`) is caught here too, which is what we want: it is not a relative path.
    match s.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A text without the UTF-8 byte order mark some editors (Notepad, Excel) put at its start: it
/// is not part of the text, and left in it would hide a lesson's `#` title or a TOML key.
fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// `bytes` as text: UTF-8, without its byte order mark. The error says what the author must
/// change: that the file is UTF-16 (what some editors call "Unicode"), or where a byte is not
/// UTF-8.
fn text_of(bytes: Vec<u8>) -> io::Result<String> {
    let e = match String::from_utf8(bytes) {
        Ok(text) => return Ok(without_bom(text)),
        Err(e) => e,
    };
    let bytes = e.as_bytes();
    let why = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "it is UTF-16 text (what some editors call \"Unicode\"), not UTF-8".to_owned()
    } else {
        let valid = String::from_utf8_lossy(&bytes[..e.utf8_error().valid_up_to()]);
        let (line, column) = crate::diag::line_col(&valid, valid.len());
        format!("it is not UTF-8 text (line {line}, column {column}: a byte that is not UTF-8)")
    };
    Err(io::Error::new(io::ErrorKind::InvalidData, why))
}

/// Read access to a course folder.
pub trait SourceFs {
    /// Reads a text file (UTF-8, without its byte order mark if it has one).
    fn read_to_string(&self, path: &RelPath) -> io::Result<String>;
    /// Whether `path` is a readable regular file that really lies inside the course folder
    /// (a symbolic link pointing outside does not count).
    fn file_status(&self, path: &RelPath) -> FileStatus;
    /// Every file in the course folder, recursively, skipping hidden entries and the folders
    /// that hold build output or template overrides.
    fn list_files(&self) -> Vec<RelPath>;
    /// The path of a file on disk; `None` in memory.
    fn disk_path(&self, path: &RelPath) -> Option<PathBuf>;
    /// Opens a file for streaming (a package copies media without loading them whole).
    fn open(&self, path: &RelPath) -> io::Result<Box<dyn io::Read + '_>>;
    /// Opens a file for reading parts of it (a media file's header, wherever it lies).
    fn open_seekable(&self, path: &RelPath) -> io::Result<Box<dyn ReadSeek + '_>>;
}

/// A file that can be read from any position.
pub trait ReadSeek: io::Read + io::Seek {}

impl<T: io::Read + io::Seek> ReadSeek for T {}

/// What [`SourceFs::file_status`] found at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStatus {
    File,
    Missing,
    NotAFile,
    OutsideCourse,
}

/// Folders of a course that are not course content.
const SKIPPED_DIRS: &[&str] = &["dist", "templates", "node_modules", "target"];

/// A course folder on disk.
pub struct DiskFs {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl DiskFs {
    pub fn new(root: &Path) -> io::Result<DiskFs> {
        let canonical_root = root.canonicalize()?;
        if !canonical_root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` is not a folder", root.display()),
            ));
        }
        Ok(DiskFs {
            root: root.to_path_buf(),
            canonical_root,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn walk(&self, dir: &Path, rel: &str, out: &mut Vec<RelPath>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if rel.is_empty() && SKIPPED_DIRS.contains(&name.as_str()) {
                    continue;
                }
                self.walk(&entry.path(), &child_rel, out);
            } else if kind.is_file() {
                out.push(RelPath(child_rel.into()));
            }
        }
    }
}

impl SourceFs for DiskFs {
    fn read_to_string(&self, path: &RelPath) -> io::Result<String> {
        text_of(std::fs::read(self.root.join(path.as_str()))?)
    }

    fn file_status(&self, path: &RelPath) -> FileStatus {
        let full = self.root.join(path.as_str());
        match full.canonicalize() {
            Err(_) => FileStatus::Missing,
            Ok(real) if !real.starts_with(&self.canonical_root) => FileStatus::OutsideCourse,
            Ok(real) if !real.is_file() => FileStatus::NotAFile,
            Ok(real) => match std::fs::File::open(real) {
                Ok(_) => FileStatus::File,
                Err(_) => FileStatus::NotAFile,
            },
        }
    }

    fn list_files(&self) -> Vec<RelPath> {
        let mut out = Vec::new();
        self.walk(&self.root, "", &mut out);
        out
    }

    fn disk_path(&self, path: &RelPath) -> Option<PathBuf> {
        Some(self.root.join(path.as_str()))
    }

    fn open(&self, path: &RelPath) -> io::Result<Box<dyn io::Read + '_>> {
        Ok(Box::new(std::fs::File::open(
            self.root.join(path.as_str()),
        )?))
    }

    fn open_seekable(&self, path: &RelPath) -> io::Result<Box<dyn ReadSeek + '_>> {
        Ok(Box::new(std::fs::File::open(
            self.root.join(path.as_str()),
        )?))
    }
}

/// A course held in memory, for tests.
#[derive(Default)]
pub struct MemFs {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemFs {
    pub fn new() -> Self {
        MemFs::default()
    }

    pub fn with(mut self, path: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.files.insert(path.to_string(), contents.into());
        self
    }
}

impl SourceFs for MemFs {
    fn read_to_string(&self, path: &RelPath) -> io::Result<String> {
        let bytes = self
            .files
            .get(path.as_str())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))?;
        text_of(bytes.clone())
    }

    fn file_status(&self, path: &RelPath) -> FileStatus {
        if self.files.contains_key(path.as_str()) {
            FileStatus::File
        } else if self
            .files
            .keys()
            .any(|k| k.starts_with(&format!("{}/", path.as_str())))
        {
            FileStatus::NotAFile
        } else {
            FileStatus::Missing
        }
    }

    fn list_files(&self) -> Vec<RelPath> {
        self.files
            .keys()
            .filter(|k| !SKIPPED_DIRS.iter().any(|d| k.starts_with(&format!("{d}/"))))
            .map(|k| RelPath(k.as_str().into()))
            .collect()
    }

    fn disk_path(&self, _path: &RelPath) -> Option<PathBuf> {
        None
    }

    fn open(&self, path: &RelPath) -> io::Result<Box<dyn io::Read + '_>> {
        let bytes = self
            .files
            .get(path.as_str())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))?;
        Ok(Box::new(io::Cursor::new(bytes.as_slice())))
    }

    fn open_seekable(&self, path: &RelPath) -> io::Result<Box<dyn ReadSeek + '_>> {
        let bytes = self
            .files
            .get(path.as_str())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))?;
        Ok(Box::new(io::Cursor::new(bytes.as_slice())))
    }
}

impl MemFs {
    /// The bytes of a file, for packaging from memory in tests.
    pub fn bytes(&self, path: &RelPath) -> Option<&[u8]> {
        self.files.get(path.as_str()).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(base: &str, reference: &str, expect: Result<&str, PathProblem>) {
        let got = RelPath::resolve(base, reference);
        assert_eq!(
            got.as_ref().map(RelPath::as_str),
            expect.as_ref().map(|s| *s),
            "{reference}"
        );
    }

    #[test]
    fn resolves_references() {
        check("lessons", "../images/a.svg", Ok("images/a.svg"));
        check("lessons", "./b.svg", Ok("lessons/b.svg"));
        check("", "images/x%20y.svg", Ok("images/x y.svg"));
        check("", "a.svg?v=1#frag", Ok("a.svg"));
        check("lessons", "../../etc/passwd", Err(PathProblem::Escapes));
        check("", "../x", Err(PathProblem::Escapes));
        check("", "/etc/passwd", Err(PathProblem::Absolute));
        check("", "https://cdn.example/x.png", Err(PathProblem::Remote));
        check("", "//cdn.example/x.png", Err(PathProblem::Remote));
        check("", "data:image/png;base64,AAA", Err(PathProblem::Remote));
        check("", "C:/x.png", Err(PathProblem::Remote));
        check("", "images\\a.svg", Err(PathProblem::Backslash));
        check("", "", Err(PathProblem::Empty));
        check("", "a/..", Err(PathProblem::Empty));
        check("", "a%2", Ok("a%2"));
    }

    #[test]
    fn stem_and_parent() {
        let p = RelPath::from_trusted("lessons/01-intro.md");
        assert_eq!(p.stem(), "01-intro");
        assert_eq!(p.parent(), "lessons");
        assert_eq!(RelPath::from_trusted("x.md").parent(), "");
    }

    /// A text file is UTF-8 without its byte order mark; the error for any other says what to
    /// change: UTF-16 as such, another encoding by the line and column of its first odd byte.
    #[test]
    fn text_files_are_utf8_and_the_error_says_what_else_they_are() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("# Titre".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let fs = MemFs::new()
            .with("bom.md", "\u{feff}# Title")
            .with("utf16.md", utf16)
            .with("latin1.md", b"# T\n\nd\xe9j\xe0 vu".to_vec());
        let read = |name: &str| fs.read_to_string(&RelPath::from_trusted(name));
        assert_eq!(read("bom.md").ok().as_deref(), Some("# Title"));
        let message = |name: &str| read(name).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message("utf16.md").starts_with("it is UTF-16 text"),
            "{}",
            message("utf16.md")
        );
        assert_eq!(
            message("latin1.md"),
            "it is not UTF-8 text (line 3, column 2: a byte that is not UTF-8)"
        );
    }
}
