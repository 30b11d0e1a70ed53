//! The validate stage: checks any SCORM 1.2 or Tin Can package, ours or another tool's.
//!
//! [`validate_path`] opens a zip or folder safely ([`archive`]), detects the kind of package,
//! validates the manifest against the official schemas ([`xsd`]) and applies the package rules
//! the schemas cannot express ([`scorm12`], [`tincan`], [`href`]); with `--deep`, it also reads
//! every entry and checks what pages and style sheets refer to ([`refs`]). [`report`] renders the result
//! for people, for JSON consumers and as JUnit XML.

pub mod archive;
pub mod dom;
pub mod encoding;
pub mod href;
pub mod refs;
pub mod report;
pub mod scorm12;
pub mod tincan;
pub mod xsd;
pub mod zipdir;

use crate::diag::{Diagnostic, Diagnostics, LineIndex, Location};
use archive::{Package, Unreadable, MAX_MANIFEST_BYTES};
use std::collections::BTreeSet;
use std::path::Path;

/// What kind of package a path holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Scorm12,
    Tincan,
    Scorm2004,
    Cmi5,
    Unknown,
}

impl Kind {
    /// A short machine name (`scorm12`, `tincan`, …).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Scorm12 => "scorm12",
            Kind::Tincan => "tincan",
            Kind::Scorm2004 => "scorm2004",
            Kind::Cmi5 => "cmi5",
            Kind::Unknown => "unknown",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Scorm12 => "SCORM 1.2",
            Kind::Tincan => "Tin Can (xAPI)",
            Kind::Scorm2004 => "SCORM 2004",
            Kind::Cmi5 => "cmi5",
            Kind::Unknown => "unknown",
        }
    }
}

/// How to validate.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Also read every entry of a zip and check its CRC.
    pub deep: bool,
    /// The path is a manifest file; check it against the schemas only.
    pub schema_only: bool,
}

/// The verdict on one path.
#[derive(Debug, serde::Serialize)]
pub struct PackageReport {
    pub path: String,
    pub kind: Kind,
    pub diagnostics: Diagnostics,
}

impl PackageReport {
    /// Valid when nothing is an error (or, with `strict`, when there is nothing at all).
    pub fn is_valid(&self, strict: bool) -> bool {
        if strict {
            self.diagnostics.is_empty()
        } else {
            !self.diagnostics.has_errors()
        }
    }
}

/// Diagnostics about one manifest, with its text for source lines.
pub struct Findings<'a> {
    file: &'a str,
    lines: LineIndex<'a>,
    pub diags: Diagnostics,
}

impl<'a> Findings<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Findings {
            file,
            lines: LineIndex::new(text),
            diags: Diagnostics::new(),
        }
    }

    fn located(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        let d = d.at(Location::new(self.file, line, column));
        match self.lines.line(line) {
            Some(src) => d.with_source_line(src),
            None => d,
        }
    }

    pub fn error_at(&mut self, el: &dom::Element, message: String, hint: &str) {
        let d = self.located(Diagnostic::error(message).hint(hint), el.line, el.column);
        self.diags.push(d);
    }

    pub fn warning_at(&mut self, el: &dom::Element, message: String, hint: &str) {
        let d = self.located(Diagnostic::warning(message).hint(hint), el.line, el.column);
        self.diags.push(d);
    }

    pub fn error_at_position(
        &mut self,
        line: usize,
        column: usize,
        message: String,
        hint: Option<&str>,
    ) {
        let mut d = Diagnostic::error(message);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        let d = self.located(d, line, column);
        self.diags.push(d);
    }

    pub fn error(&mut self, message: String, hint: &str) {
        self.diags.push(Diagnostic::error(message).hint(hint));
    }

    pub fn warning(&mut self, message: String, hint: &str) {
        self.diags.push(Diagnostic::warning(message).hint(hint));
    }
}

/// Files an operating system leaves behind that have no place in a package.
pub fn is_junk(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/")
        || path.contains("/__MACOSX/")
        || matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

/// Validates a zip, a folder, or (with `schema_only`) a manifest file.
pub fn validate_path(path: &Path, options: Options) -> Result<PackageReport, Unreadable> {
    if options.schema_only {
        return schema_only(path);
    }
    let mut problems = Vec::new();
    let mut package = Package::open(path, &mut problems)?;
    let mut diags = Diagnostics::new();
    for p in problems {
        diags.push(p);
    }
    let files: BTreeSet<String> = package.entries().keys().cloned().collect();
    let kind = detect(&files);
    let manifest_name = match kind {
        Kind::Scorm12 | Kind::Scorm2004 => Some("imsmanifest.xml"),
        Kind::Tincan => Some("tincan.xml"),
        Kind::Cmi5 | Kind::Unknown => None,
    };
    let mut kind = kind;
    let manifest_refused =
        package.was_refused("imsmanifest.xml") || package.was_refused("tincan.xml");
    match manifest_name {
        // The refusal already says why there is nothing to read.
        None if manifest_refused => {}
        None => diags.extend(not_a_package(kind, &files)),
        Some(name) => match package.read(name, MAX_MANIFEST_BYTES) {
            Err(e) => diags.push(Diagnostic::error(format!("cannot read `{name}`: {e}"))),
            Ok(bytes) => match encoding::decode(&bytes) {
                Err(e) => diags.push(unreadable_encoding(name, e)),
                Ok(text) => {
                    let schemas = schemas_for(kind);
                    let (tree, violations) = dom::parse_and_validate(&text, |_, _| Some(schemas));
                    if kind == Kind::Scorm12 && tree.as_ref().is_ok_and(is_scorm2004) {
                        kind = Kind::Scorm2004;
                    }
                    if kind == Kind::Scorm2004 {
                        diags.push(
                            Diagnostic::error("this is a SCORM 2004 package; coursepack validates SCORM 1.2 and Tin Can packages only, for now")
                                .at(Location::new(name, 1, 1)),
                        );
                    } else {
                        diags.extend(check_manifest(
                            kind,
                            name,
                            &text,
                            &tree,
                            violations,
                            Some(&files),
                        ));
                    }
                }
            },
        },
    }
    for junk in files.iter().filter(|f| is_junk(f)) {
        diags.push(
            Diagnostic::warning(format!("`{junk}` is operating-system clutter"))
                .hint("remove it from the package (zip with `zip -r -X`, or delete __MACOSX and .DS_Store first)"),
        );
    }
    if options.deep {
        for d in package.check_contents() {
            diags.push(d);
        }
        diags.extend(check_references(&mut package, &files));
    }
    Ok(PackageReport {
        path: package.display_path(),
        kind,
        diagnostics: diags.sorted(),
    })
}

/// `--deep`: every page and style sheet of the package, scanned for references to files the
/// package lacks ([`refs`]).
fn check_references(package: &mut Package, files: &BTreeSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for name in files.iter().filter(|f| refs::kind_of(f).is_some()) {
        match package.read(name, refs::MAX_SCANNED_BYTES) {
            Ok(bytes) => {
                for d in refs::check_file(name, &bytes, files) {
                    diags.push(d);
                }
            }
            Err(e) => diags.push(
                Diagnostic::warning(format!("`{name}` was not scanned for references: {e}"))
                    .at(Location::new(name.as_str(), 1, 1)),
            ),
        }
    }
    diags
}

/// Validates a lone manifest file against the schemas of its kind.
fn schema_only(path: &Path) -> Result<PackageReport, Unreadable> {
    let bytes = std::fs::read(path).map_err(|e| Unreadable {
        message: format!("cannot read `{}`: {e}", path.display()),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut kind = Kind::Scorm12;
    let diags = match encoding::decode(&bytes) {
        Err(e) => {
            let mut diags = Diagnostics::new();
            diags.push(unreadable_encoding(&name, e));
            diags
        }
        Ok(text) => {
            let (tree, violations) = dom::parse_and_validate(&text, |ns, local| {
                if ns == tincan::TINCAN || local == "tincan" {
                    kind = Kind::Tincan;
                }
                Some(schemas_for(kind))
            });
            check_manifest(kind, &name, &text, &tree, violations, None)
        }
    };
    Ok(PackageReport {
        path: path.display().to_string(),
        kind,
        diagnostics: diags.sorted(),
    })
}

/// The schemas a manifest of `kind` is validated against.
fn schemas_for(kind: Kind) -> &'static xsd::SchemaSet {
    match kind {
        Kind::Tincan => xsd::SchemaSet::tincan(),
        _ => xsd::SchemaSet::scorm12(),
    }
}

/// A manifest whose bytes cannot be read as text ([`encoding`]).
fn unreadable_encoding(name: &str, e: encoding::EncodingError) -> Diagnostic {
    Diagnostic::error(format!("`{name}` cannot be read: {}", e.message))
        .at(Location::new(name, e.line, e.column))
        .hint(e.hint)
}

/// The schema `violations` of a manifest (its decoded `text`, read into `tree` in the same
/// pass), then, given the files of its package, the package rules.
fn check_manifest(
    kind: Kind,
    name: &str,
    text: &str,
    tree: &Result<dom::Element, dom::ParseError>,
    violations: Vec<xsd::XsdViolation>,
    files: Option<&BTreeSet<String>>,
) -> Diagnostics {
    let mut findings = Findings::new(name, text);
    let schema_silent = violations.is_empty();
    match (tree, files) {
        (Ok(root), Some(files)) => match kind {
            Kind::Tincan => tincan::check(root, files, &mut findings),
            _ => scorm12::check(root, files, &mut findings),
        },
        (Ok(_), None) => {}
        // The schema pass reports a document it cannot read; say it here if it did not.
        (Err(e), _) if schema_silent => {
            findings.error_at_position(e.line, e.column, e.message.clone(), None)
        }
        (Err(_), _) => {}
    }
    // The values each rule diagnostic quotes, by place.
    let rules = std::mem::take(&mut findings.diags);
    let mut rule_values: std::collections::HashMap<(usize, usize), Vec<&str>> =
        std::collections::HashMap::new();
    for d in rules.iter() {
        if let Some(l) = d.location.as_ref() {
            rule_values
                .entry((l.line, l.column))
                .or_default()
                .extend(quoted(&d.message));
        }
    }
    for v in violations {
        // A rule that reports the same value at the same place says it better (with a hint).
        let said = rule_values
            .get(&(v.line, v.column))
            .is_some_and(|values| quoted(&v.message).iter().any(|q| values.contains(q)));
        if !said {
            findings.error_at_position(v.line, v.column, v.message, None);
        }
    }
    let mut diags = findings.diags;
    diags.extend(rules);
    diags
}

/// The `backticked` values of a message.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// The kind of package from its root files.
fn detect(files: &BTreeSet<String>) -> Kind {
    if files.contains("imsmanifest.xml") {
        Kind::Scorm12
    } else if files.contains("tincan.xml") {
        Kind::Tincan
    } else if files.contains("cmi5.xml") {
        Kind::Cmi5
    } else {
        Kind::Unknown
    }
}

fn is_scorm2004(root: &dom::Element) -> bool {
    let version = root
        .descendants()
        .into_iter()
        .find(|e| e.local == "schemaversion")
        .map(|e| e.text.clone())
        .unwrap_or_default();
    root.ns.as_deref() == Some("http://www.imsglobal.org/xsd/imscp_v1p1")
        || version.contains("2004")
        || version.contains("CAM 1.3")
}

/// Explains why a path holds no package coursepack can check.
fn not_a_package(kind: Kind, files: &BTreeSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if kind == Kind::Cmi5 {
        diags.push(Diagnostic::error(
            "this is a cmi5 package (cmi5.xml); coursepack validates SCORM 1.2 and Tin Can packages only, for now",
        ));
        return diags;
    }
    let nested = files
        .iter()
        .find(|f| !is_junk(f) && (f.ends_with("/imsmanifest.xml") || f.ends_with("/tincan.xml")));
    match nested {
        Some(f) => {
            let folder = f.rsplit_once('/').map_or("", |(d, _)| d);
            diags.push(
                Diagnostic::error(format!(
                    "the manifest is in a subfolder (`{f}`), not at the root of the package; LMSs such as Moodle will not find it"
                ))
                .hint(format!(
                    "zip the contents of the folder, not the folder: `cd {folder} && zip -r -X ../package.zip .`"
                )),
            );
        }
        None => diags.push(
            Diagnostic::error("no imsmanifest.xml (SCORM) or tincan.xml (Tin Can) at the root: this is not an e-learning package")
                .hint("a SCORM package has imsmanifest.xml at the root of the zip; a Tin Can package has tincan.xml"),
        ),
    }
    diags
}
