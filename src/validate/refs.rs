//! `validate --deep`: the files a package's pages and style sheets refer to ([`crate::refs`]),
//! and which of them the package lacks — a broken image, a style sheet that never loads, a
//! script the course needs. Any package, ours or another tool's.

use crate::diag::{nth_line, Diagnostic, LineIndex, Location};
use crate::refs::{css_references, kind_of, page_references, resolve, FileKind};
use std::collections::BTreeSet;

/// Pages and style sheets larger than this are not scanned (a warning says so).
pub const MAX_SCANNED_BYTES: u64 = 16 * 1024 * 1024;

/// Checks the references of one page or style sheet (`name`, its `bytes`) against the package's
/// `files`: a warning for each that names a missing file or climbs out, at its line.
pub fn check_file(name: &str, bytes: &[u8], files: &BTreeSet<String>) -> Vec<Diagnostic> {
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
            Ok(path) if files.contains(&path) || files.iter().any(|f| is_inside(f, &path)) => {
                continue
            }
            Ok(path) => {
                let same_but_case = files.iter().find(|f| f.eq_ignore_ascii_case(&path));
                let hint = match same_but_case {
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

/// Whether `path` is a folder that holds `file` (`href="media/"` to a folder is not a file
/// reference, but a folder the package has is not missing either).
fn is_inside(file: &str, path: &str) -> bool {
    file.strip_prefix(path)
        .is_some_and(|rest| rest.starts_with('/'))
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
        let found = check_file("index.html", page.as_bytes(), &all);
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
        let found = check_file("assets/site.css", css.as_bytes(), &all);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`img/none.png`"));
    }
}
