//! References from a manifest to files, resolved as RFC 3986 says: against the `xml:base` in
//! scope (on `<manifest>`, `<resources>`, `<resource>` and `<file>`, each resolved against the
//! one around it), then checked: no leading `/`, no backslash, no `..` that climbs out of the
//! package, well-formed escapes, and only the web's schemes (`http:`, `https:`).
//!
//! A base that is an absolute URL makes what it holds remote, not missing. Remote bases are
//! resolved with oxiri; references inside the package are merged and their dot segments removed
//! here, to tell a `..` that climbs out of the package from one that stays inside.

use super::dom::Element;
use super::findings::Findings;
use oxiri::Iri;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Where a reference leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the package, by its path from the root (percent-decoded).
    Package(String),
    /// A URL on another site.
    Remote(String),
}

/// What is wrong with a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Empty,
    /// It resolves to a folder (a path ending in `/`), not a file.
    Folder,
    Absolute,
    Backslash,
    ClimbsOut,
    BadEscape,
    /// A Windows path such as `C:\course\index.html` or `C:/…`.
    DrivePath,
    /// A scheme other than `http` and `https` (`file`, `javascript`, `ftp`…).
    Scheme(String),
    /// Not a URI reference at all.
    Invalid(String),
}

impl Problem {
    /// What the reference does wrong (after "href `…`"), and what to do instead.
    pub fn describe(&self) -> (String, &'static str) {
        match self {
            Problem::Empty => ("is empty".into(), "name a file of the package"),
            Problem::Folder => (
                "names a folder, not a file".into(),
                "name the file itself, such as `content/index.html`",
            ),
            Problem::Absolute => (
                "starts with `/`".into(),
                "write paths relative to the package root, without a leading `/`",
            ),
            Problem::Backslash => (
                "uses backslashes".into(),
                "write paths with forward slashes",
            ),
            Problem::ClimbsOut => (
                "climbs out of the package with `..`".into(),
                "write paths from the package root; a package cannot refer above its root",
            ),
            Problem::BadEscape => (
                "has a malformed %-escape".into(),
                "escape characters as % followed by two hex digits (a space is %20)",
            ),
            Problem::DrivePath => (
                "is a Windows drive path".into(),
                "write a path relative to the package root, such as `content/index.html`",
            ),
            Problem::Scheme(s) if s.eq_ignore_ascii_case("file") => (
                "uses the `file:` scheme: it names a file on the learner's own computer".into(),
                "refer to a file of the package by its path from the root, such as `index.html`",
            ),
            Problem::Scheme(s) => (
                format!("uses the `{s}:` scheme"),
                "a package refers to its own files, by path, or to http(s) URLs",
            ),
            Problem::Invalid(why) => (
                format!("is not a valid URI reference ({why})"),
                "escape spaces and special characters with %, such as %20",
            ),
        }
    }
}

/// A base URI in scope, as `xml:base` sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// A place in the package: the base's path from the root, percent-decoded (`""` for the
    /// root, `content/` for a folder, `content` for a document named `content`).
    Package(String),
    /// An absolute URL: what is resolved against it is remote.
    Remote(Iri<String>),
}

impl Base {
    /// The package root.
    pub fn root() -> Base {
        Base::Package(String::new())
    }

    /// The base set by an `xml:base` value in the scope of this one.
    pub fn join(&self, xml_base: &str) -> Result<Base, Problem> {
        let value = xml_base.trim();
        if value.is_empty() {
            return Ok(self.clone());
        }
        match self.reference(value)? {
            Resolved::Package(path) => Ok(Base::Package(path)),
            Resolved::Remote(iri) => Ok(Base::Remote(iri)),
        }
    }

    /// Resolves a reference to a file.
    pub fn resolve(&self, href: &str) -> Result<Target, Problem> {
        let value = href.trim();
        if value.is_empty() {
            return Err(Problem::Empty);
        }
        match self.reference(value)? {
            Resolved::Remote(iri) => Ok(Target::Remote(iri.into_inner())),
            Resolved::Package(path) if path.is_empty() => Err(Problem::Empty),
            Resolved::Package(path) if path.ends_with('/') => Err(Problem::Folder),
            Resolved::Package(path) => Ok(Target::Package(path)),
        }
    }

    fn reference(&self, value: &str) -> Result<Resolved, Problem> {
        if value.contains('\\') {
            return Err(Problem::Backslash);
        }
        if let Some(scheme) = scheme(value) {
            if scheme.len() == 1 {
                return Err(Problem::DrivePath);
            }
            if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
                return Err(Problem::Scheme(scheme.to_string()));
            }
            return Iri::parse(escape_spaces(value))
                .map(Resolved::Remote)
                .map_err(|e| Problem::Invalid(e.to_string()));
        }
        match self {
            Base::Remote(base) => base
                .resolve(&escape_spaces(value))
                .map(Resolved::Remote)
                .map_err(|e| Problem::Invalid(e.to_string())),
            Base::Package(_) if value.starts_with("//") => {
                // A network-path reference: another host, on the LMS's own scheme.
                Iri::parse(format!("https:{}", escape_spaces(value)))
                    .map(Resolved::Remote)
                    .map_err(|e| Problem::Invalid(e.to_string()))
            }
            Base::Package(_) if value.starts_with('/') => Err(Problem::Absolute),
            Base::Package(base) => {
                let path = value.split(['?', '#']).next().unwrap_or("");
                let decoded = if path.contains('%') {
                    Cow::Owned(crate::refs::percent_decode(path).ok_or(Problem::BadEscape)?)
                } else {
                    Cow::Borrowed(path)
                };
                if decoded.starts_with('/') {
                    return Err(Problem::Absolute);
                }
                if path.is_empty() {
                    // `?x` or `#top`: the base document itself.
                    return Ok(Resolved::Package(base.clone()));
                }
                let folder = base.rfind('/').map_or("", |i| &base[..=i]);
                merge(folder, &decoded).map(Resolved::Package)
            }
        }
    }
}

enum Resolved {
    Package(String),
    Remote(Iri<String>),
}

/// The scheme of an absolute URI (`http` in `http://…`), if the reference has one.
fn scheme(value: &str) -> Option<&str> {
    let (scheme, _) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let starts = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))).then_some(scheme)
}

/// Escapes the spaces browsers and LMSs accept in links but URI syntax does not.
fn escape_spaces(value: &str) -> String {
    value.replace(' ', "%20")
}

/// RFC 3986 5.2.3 and 5.2.4: `path` (relative, decoded) merged with the base's folder, dot
/// segments removed; `..` above the root is an error rather than dropped.
fn merge(folder: &str, path: &str) -> Result<String, Problem> {
    let joined = format!("{folder}{path}");
    // Most references have nothing to remove.
    if !joined.split('/').any(|s| matches!(s, "" | "." | "..")) {
        return Ok(joined);
    }
    let segments: Vec<&str> = joined.split('/').collect();
    let last = segments.len() - 1;
    let mut out: Vec<&str> = Vec::new();
    let mut folder_at_end = false;
    for (i, segment) in segments.into_iter().enumerate() {
        match segment {
            "." | "" => folder_at_end = i == last,
            ".." => {
                if out.pop().is_none() {
                    return Err(Problem::ClimbsOut);
                }
                folder_at_end = i == last;
            }
            s => {
                out.push(s);
                folder_at_end = false;
            }
        }
    }
    let mut path = out.join("/");
    if folder_at_end && !path.is_empty() {
        path.push('/');
    }
    Ok(path)
}

/// What a reference is for, which says how bad a missing file is.
#[derive(Clone, Copy, Debug)]
pub enum Role<'a> {
    /// The file an LMS opens: missing, it breaks the launch; remote, it gets a warning with
    /// this hint.
    Launch(&'a str),
    /// A file the package lists or describes: missing, it is tolerated by Moodle, which does
    /// what the text says instead (`it never reads the <file> lists`).
    Listed(&'a str),
}

/// Checks the reference `value` in attribute (or element) `attr` of `el`, resolved against
/// `base`; with the package's `files`, checks that the file is there (a file is reported
/// missing once). Returns where it leads, when it leads somewhere.
pub fn check(
    el: &Element,
    attr: &str,
    base: &Base,
    value: &str,
    files: Option<&BTreeSet<String>>,
    role: Role<'_>,
    out: &mut Findings<'_>,
) -> Option<Target> {
    let target = match base.resolve(value) {
        Ok(t) => t,
        Err(problem) => {
            let (what, hint) = problem.describe();
            let message = format!("{attr} `{value}` {what}");
            match (role, &problem) {
                // A scheme is never harmless: `file:` names the learner's own disk.
                (Role::Listed(moodle), p)
                    if !matches!(p, Problem::Scheme(_) | Problem::DrivePath) =>
                {
                    out.tolerated_at(el, message, moodle, hint)
                }
                _ => out.error_at(el, message, hint),
            }
            return None;
        }
    };
    match (&target, role) {
        (Target::Remote(url), Role::Launch(hint)) => {
            let message = if url == value.trim() {
                format!("{attr} `{value}` is a remote launch file")
            } else {
                format!("{attr} `{value}` launches a remote file, `{url}`")
            };
            out.warning_at(el, message, hint);
        }
        (Target::Remote(_), Role::Listed(_)) => {}
        (Target::Package(path), role) => {
            let Some(files) = files else {
                return Some(target);
            };
            if files.contains(path) || !out.first_report_of_missing(path) {
                return Some(target);
            }
            let hint = match out.same_but_case(files, path) {
                Some(f) => {
                    format!("the package has `{f}`: names are case-sensitive on LMS servers")
                }
                None => "add the file to the package or fix the path".to_string(),
            };
            let message = if path == value.trim() {
                format!("{attr} `{value}` is not in the package")
            } else {
                format!("{attr} `{value}` names `{path}`, which is not in the package")
            };
            match role {
                Role::Launch(_) => out.error_at(el, message, &hint),
                Role::Listed(moodle) => out.tolerated_at(el, message, moodle, &hint),
            }
        }
    }
    Some(target)
}

/// The base an element sets with `xml:base` inside `outer`; a base that cannot be used is
/// reported, and `None` returned (what it holds is not checked further).
pub fn scoped<'b>(
    el: &Element,
    outer: Option<&'b Base>,
    out: &mut Findings<'_>,
) -> Option<Cow<'b, Base>> {
    let outer = outer?;
    let Some(value) = el.attr_ns(XML_NS, "base") else {
        return Some(Cow::Borrowed(outer));
    };
    match outer.join(value) {
        Ok(base) => Some(Cow::Owned(base)),
        Err(problem) => {
            let (what, hint) = problem.describe();
            out.error_at(el, format!("xml:base `{value}` {what}"), hint);
            None
        }
    }
}

/// Why a remote SCO is worth a warning.
pub const REMOTE_SCO: &str = "the LMS opens it from another site, and browsers keep a page of another site from reaching the LMS's SCORM API: tracking fails unless the LMS is set up for it; put the file in the package";

/// The namespace of `xml:base`.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Moodle's test for a launch URL that is not in the package (`scorm_external_link` in
/// `mod/scorm/locallib.php`): it starts with `http://`, `https://` or `www.`.
pub fn moodle_external(launch: &str) -> bool {
    let lower = launch.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(p: &str) -> Result<Target, Problem> {
        Ok(Target::Package(p.into()))
    }

    #[test]
    fn resolving_in_the_package() {
        let root = Base::root();
        assert_eq!(root.resolve("index.html?x=1#top"), package("index.html"));
        assert_eq!(root.resolve("./a/./b.html"), package("a/b.html"));
        assert_eq!(root.resolve("a/../b.html"), package("b.html"));
        assert_eq!(root.resolve("a b.html"), package("a b.html"));
        assert_eq!(root.resolve("a%20b.html"), package("a b.html"));
        assert_eq!(root.resolve("/index.html"), Err(Problem::Absolute));
        assert_eq!(root.resolve("a\\b.html"), Err(Problem::Backslash));
        assert_eq!(root.resolve("../a.html"), Err(Problem::ClimbsOut));
        assert_eq!(root.resolve("a/../../b.html"), Err(Problem::ClimbsOut));
        assert_eq!(root.resolve("%2e%2e/x"), Err(Problem::ClimbsOut));
        assert_eq!(root.resolve("a%2.html"), Err(Problem::BadEscape));
        assert_eq!(root.resolve("a%zz.html"), Err(Problem::BadEscape));
        assert_eq!(root.resolve(""), Err(Problem::Empty));
        assert_eq!(root.resolve("content/"), Err(Problem::Folder));
        assert_eq!(root.resolve("./"), Err(Problem::Empty));
    }

    #[test]
    fn schemes() {
        let root = Base::root();
        assert_eq!(
            root.resolve("https://x.example/a b.html"),
            Ok(Target::Remote("https://x.example/a%20b.html".into()))
        );
        assert_eq!(
            root.resolve("HTTP://x.example/a"),
            Ok(Target::Remote("HTTP://x.example/a".into()))
        );
        assert_eq!(
            root.resolve("//cdn.example.com/a.js"),
            Ok(Target::Remote("https://cdn.example.com/a.js".into()))
        );
        assert_eq!(
            root.resolve("file:///etc/passwd"),
            Err(Problem::Scheme("file".into()))
        );
        assert_eq!(
            root.resolve("javascript:alert(1)"),
            Err(Problem::Scheme("javascript".into()))
        );
        assert_eq!(root.resolve("C:/course/a.html"), Err(Problem::DrivePath));
        assert!(matches!(
            root.resolve("http://[bad/"),
            Err(Problem::Invalid(_))
        ));
    }

    #[test]
    fn xml_base_is_joined_as_a_uri() {
        let root = Base::root();
        let content = root.join("content/").expect("base");
        assert_eq!(content.resolve("index.html"), package("content/index.html"));
        // A base without a final slash names a document: its last segment is replaced.
        let doc = root.join("content").expect("base");
        assert_eq!(doc.resolve("index.html"), package("index.html"));
        let nested = content.join("sco1/").expect("base");
        assert_eq!(nested.resolve("a.html"), package("content/sco1/a.html"));
        assert_eq!(
            nested.resolve("../shared/a.js"),
            package("content/shared/a.js")
        );
        assert_eq!(nested.join("../../..").err(), Some(Problem::ClimbsOut));
        assert_eq!(root.join("/content/").err(), Some(Problem::Absolute));
        // An absolute base makes what it holds remote, joined as a URI (not as text).
        let cdn = root.join("http://cdn.example.com/course/").expect("base");
        assert_eq!(
            cdn.resolve("index.html"),
            Ok(Target::Remote(
                "http://cdn.example.com/course/index.html".into()
            ))
        );
        let deeper = cdn.join("sco1/").expect("base");
        assert_eq!(
            deeper.resolve("../a b.html"),
            Ok(Target::Remote(
                "http://cdn.example.com/course/a%20b.html".into()
            ))
        );
        // A base inside an absolute one that is itself absolute replaces it.
        let other = cdn.join("https://other.example/").expect("base");
        assert_eq!(
            other.resolve("x.html"),
            Ok(Target::Remote("https://other.example/x.html".into()))
        );
        assert_eq!(
            root.join("file:///c/").err(),
            Some(Problem::Scheme("file".into()))
        );
    }

    #[test]
    fn moodle_external_links() {
        assert!(moodle_external("http://x/a.html"));
        assert!(moodle_external("HTTPS://x/a.html"));
        assert!(moodle_external("www.example.com/a.html"));
        assert!(!moodle_external("content/index.html"));
    }
}
