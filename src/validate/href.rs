//! References from a manifest to files of its package: syntax (no leading `/`, no backslash, no
//! `..`, well-formed escapes) and existence, case-sensitively, with a hint on a case mismatch.

use super::dom::Element;
use super::Findings;
use std::collections::BTreeSet;

/// What is wrong with a reference.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// A URL with a scheme: not a file of the package.
    External,
    Empty,
    Absolute,
    Backslash,
    DotDot,
    BadEscape,
}

/// Resolves `href` (a URI reference, relative to `base`) to a package path.
pub fn resolve(base: &str, href: &str) -> Result<String, Problem> {
    let href = href.trim();
    if href.is_empty() {
        return Err(Problem::Empty);
    }
    if let Some((scheme, _)) = href.split_once(':') {
        if !scheme.contains('/')
            && scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return Err(Problem::External);
        }
    }
    if href.contains('\\') {
        return Err(Problem::Backslash);
    }
    if href.starts_with('/') {
        return Err(Problem::Absolute);
    }
    let path = href.split(['?', '#']).next().unwrap_or("");
    let joined = format!("{base}{path}");
    let decoded = decode(&joined).ok_or(Problem::BadEscape)?;
    if decoded.starts_with('/') {
        return Err(Problem::Absolute);
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            ".." => return Err(Problem::DotDot),
            "" | "." => {}
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(Problem::Empty);
    }
    Ok(parts.join("/"))
}

/// Percent-decodes; `None` on a malformed escape or bytes that are not UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Checks the reference in attribute `attr` of `el`; returns its package path when it names one.
pub fn check(
    el: &Element,
    attr: &str,
    base: &str,
    href: &str,
    files: &BTreeSet<String>,
    out: &mut Findings<'_>,
) -> Option<String> {
    let path = match resolve(base, href) {
        Ok(p) => p,
        Err(Problem::External) => return None,
        Err(problem) => {
            let (what, hint) = match problem {
                Problem::Empty => ("is empty", "name a file of the package"),
                Problem::Absolute => (
                    "starts with `/`",
                    "write paths relative to the package root, without a leading `/`",
                ),
                Problem::Backslash => ("uses backslashes", "write paths with forward slashes"),
                Problem::DotDot => (
                    "uses `..`",
                    "write paths from the package root without `..`",
                ),
                Problem::BadEscape => (
                    "has a malformed %-escape",
                    "escape characters as % followed by two hex digits (a space is %20)",
                ),
                Problem::External => ("", ""),
            };
            out.error_at(el, format!("{attr} `{href}` {what}"), hint);
            return None;
        }
    };
    if !files.contains(&path) {
        let same_but_case = files.iter().find(|f| f.eq_ignore_ascii_case(&path));
        let hint = match same_but_case {
            Some(f) => format!("the package has `{f}`: names are case-sensitive on LMS servers"),
            None => "add the file to the package or fix the path".to_string(),
        };
        let message = if path == href.trim() {
            format!("{attr} `{href}` is not in the package")
        } else {
            format!("{attr} `{href}` names `{path}`, which is not in the package")
        };
        out.error_at(el, message, &hint);
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolving() {
        assert_eq!(resolve("", "index.html?x=1#top"), Ok("index.html".into()));
        assert_eq!(
            resolve("content/", "a%20b.html"),
            Ok("content/a b.html".into())
        );
        assert_eq!(resolve("", "./a/./b.html"), Ok("a/b.html".into()));
        assert_eq!(resolve("", "https://x.example/a"), Err(Problem::External));
        assert_eq!(resolve("", "/index.html"), Err(Problem::Absolute));
        assert_eq!(resolve("", "a\\b.html"), Err(Problem::Backslash));
        assert_eq!(resolve("", "../a.html"), Err(Problem::DotDot));
        assert_eq!(resolve("", "a/../b.html"), Err(Problem::DotDot));
        assert_eq!(resolve("", "a%2.html"), Err(Problem::BadEscape));
        assert_eq!(resolve("", "a%zz.html"), Err(Problem::BadEscape));
        assert_eq!(resolve("", "%2e%2e/x"), Err(Problem::DotDot));
        assert_eq!(resolve("", ""), Err(Problem::Empty));
    }
}
