//! `validate --deep`: the files a package's pages and style sheets refer to ([`crate::refs`]),
//! and which of them the package lacks — a broken image, a style sheet that never loads, a
//! script the course needs. Any package, ours or another tool's.

use crate::diag::{nth_line, Diagnostic, LineIndex, Location};
use crate::refs::{css_references, kind_of, page_references, resolve, FileKind};
use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;

/// Pages and style sheets larger than this are not scanned (a warning says so).
pub const MAX_SCANNED_BYTES: u64 = 16 * 1024 * 1024;

/// The files of a package, by name and by ASCII-lower-case name (for the hint about a file whose
/// name differs only in case): built once per package, looked up per reference.
pub struct PackageFiles<'a> {
    names: &'a BTreeSet<String>,
    folded: HashMap<String, &'a str>,
}

impl<'a> PackageFiles<'a> {
    pub fn new(names: &'a BTreeSet<String>) -> Self {
        PackageFiles {
            names,
            folded: folded(names),
        }
    }

    /// Whether `path` is a file of the package, or a folder that holds one (`href="media/"` to
    /// a folder is not a file reference, but a folder the package has is not missing either).
    fn has(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        self.names.contains(path)
            || self
                .names
                .range::<str, _>((Bound::Included(folder.as_str()), Bound::Unbounded))
                .next()
                .is_some_and(|f| f.starts_with(&folder))
    }
}

/// Each name of `files` by its ASCII-lower-case form; of names that differ only in case, the
/// first in name order.
pub fn folded(files: &BTreeSet<String>) -> HashMap<String, &str> {
    let mut folded = HashMap::with_capacity(files.len());
    for f in files.iter().rev() {
        folded.insert(f.to_ascii_lowercase(), f.as_str());
    }
    folded
}

/// Checks the references of one page or style sheet (`name`, its `bytes`) against the package's
/// `files`: a warning for each that names a missing file or climbs out, at its line.
pub fn check_file(name: &str, bytes: &[u8], files: &PackageFiles<'_>) -> Vec<Diagnostic> {
    let Some(kind) = kind_of(name) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(bytes);
    let (refs, base) = match kind {
        FileKind::Page => page_references(&text),
        FileKind::StyleSheet => (css_references(&text), None),
    };
    let lines = LineIndex::new(&text);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in refs {
        let Some(resolved) = resolve(name, base.as_deref(), &r.target) else {
            continue;
        };
        let (line, column) = lines.line_col(r.offset);
        let problem = match resolved {
            Ok(path) if files.has(&path) => continue,
            Ok(path) => {
                let hint = match files.folded.get(&path.to_ascii_lowercase()) {
                    Some(f) => {
                        format!("the package has `{f}`: names are case-sensitive on LMS servers")
                    }
                    None => "add the file to the package or fix the reference".to_string(),
                };
                let message = if path == r.target.trim() {
                    format!("`{path}` is not in the package")
                } else {
                    format!("`{}` names `{path}`, which is not in the package", r.target)
                };
                (message, hint)
            }
            Err(why) => (
                format!("`{}` {why}", r.target),
                "refer to files inside the package".to_string(),
            ),
        };
        if !seen.insert((problem.0.clone(), line)) {
            continue;
        }
        let mut d = Diagnostic::warning(problem.0)
            .hint(problem.1)
            .at(Location::new(name, line, column));
        if let Some(src) = nth_line(&text, line) {
            d = d.with_source_line(src);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn missing_files_are_warned_at_their_line() {
        let page = "<html>\n<body>\n<img src=\"media/missing.png\" alt=\"\">\n<img src=\"media/Photo.png\" alt=\"\">\n<img src=\"media/ok.png\" alt=\"\"></body></html>";
        let all = files(&["index.html", "media/ok.png", "media/photo.png"]);
        let found = check_file("index.html", page.as_bytes(), &PackageFiles::new(&all));
        let short: Vec<String> = found.iter().map(|d| d.short()).collect();
        assert_eq!(
            short,
            [
                "index.html:3:6: warning: `media/missing.png` is not in the package",
                "index.html:4:6: warning: `media/Photo.png` is not in the package",
            ]
        );
        assert!(found[1]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("media/photo.png")));
        let css = "a{background:url(../img/none.png)}";
        let found = check_file("assets/site.css", css.as_bytes(), &PackageFiles::new(&all));
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`img/none.png`"));
    }

    #[test]
    fn folders_the_package_has_are_not_missing() {
        // `media-x/a` sorts between `media` and `media/…`: the folder is still found.
        let all = files(&["media", "media-x/a", "media/clip.mp4", "medias/b"]);
        let package = PackageFiles::new(&all);
        assert!(package.has("media"));
        assert!(package.has("media/clip.mp4"));
        assert!(package.has("medias"));
        assert!(!package.has("medi"));
        assert!(!package.has("media/clip"));
        let none = files(&["media-x/a"]);
        assert!(!PackageFiles::new(&none).has("media"));
    }
}
