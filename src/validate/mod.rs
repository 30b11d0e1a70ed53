//! The validate stage: checks any SCORM 1.2, SCORM 2004, Tin Can or cmi5 package, ours or
//! another tool's.
//!
//! [`validate_path`] takes a zip, a folder or a lone manifest file. It opens a package safely
//! ([`archive`]), tells its [`kind`], validates the manifest against the official schemas
//! ([`xsd`]) and applies the package rules the schemas cannot express ([`scorm12`],
//! [`scorm2004`], [`sequencing`], [`resources`], [`tincan`], [`cmi5`], [`href`]), each judged
//! by its consequence in Moodle ([`moodle`]) or, for cmi5, in a cmi5 LMS ([`cmi5_reading`])
//! under the chosen [`Profile`]; with `--deep`, it also reads every entry and checks what pages
//! and style sheets refer to ([`refs`]). [`report`] renders the result for people, for JSON
//! consumers and as JUnit XML.

pub mod archive;
pub mod cmi5;
pub mod cmi5_reading;
pub mod dom;
pub mod encoding;
pub mod findings;
pub mod href;
pub mod kind;
pub mod moodle;
pub mod refs;
pub mod report;
pub mod resources;
pub mod scorm12;
pub mod scorm2004;
pub mod sequencing;
pub mod tincan;
pub mod values;
pub mod xsd;
pub mod zipdir;

use crate::diag::{Diagnostic, Diagnostics, LineIndex, Location};
use archive::{Package, Unreadable, MAX_MANIFEST_BYTES};
pub use findings::{Findings, Profile};
pub use kind::Kind;
use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;

/// How to validate.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Also read every entry of a zip and check its CRC.
    pub deep: bool,
    /// Check the manifest against the schemas only (no package rules).
    pub schema_only: bool,
    /// Which verdict to give: what LMSs do (default) or the letter of the specification.
    pub profile: Profile,
    /// Also say what Moodle will make of the package.
    pub explain: bool,
}

/// The verdict on one path.
#[derive(Debug, serde::Serialize)]
pub struct PackageReport {
    pub path: String,
    pub kind: Kind,
    pub profile: Profile,
    pub diagnostics: Diagnostics,
    /// What was not checked and why (a lone manifest's files, an unsupported kind).
    pub notes: Vec<String>,
    /// What the LMS will make of the package (`--explain`).
    pub explain: Option<Explanation>,
}

/// What `--explain` says: Moodle's reading of a SCORM package, or a cmi5 LMS's of a course
/// structure.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub enum Explanation {
    Moodle(moodle::Reading),
    Cmi5(cmi5_reading::Reading),
}

/// What a report concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid,
    /// A kind coursepack recognises but does not validate (AICC).
    Unsupported,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid => "invalid",
            Verdict::Unsupported => "unsupported",
        }
    }
}

impl PackageReport {
    /// Invalid when something is an error (or, with `warnings_count`, when anything was found);
    /// unsupported when nothing is wrong with a package of a kind coursepack does not validate.
    pub fn verdict(&self, warnings_count: bool) -> Verdict {
        let failing = if warnings_count {
            !self.diagnostics.is_empty()
        } else {
            self.diagnostics.has_errors()
        };
        if failing {
            Verdict::Invalid
        } else if !self.kind.is_supported() {
            Verdict::Unsupported
        } else {
            Verdict::Valid
        }
    }

    /// Valid when nothing is an error (or, with `strict`, when there is nothing at all).
    pub fn is_valid(&self, strict: bool) -> bool {
        self.verdict(strict) == Verdict::Valid
    }
}

/// Files an operating system leaves behind that have no place in a package.
pub fn is_junk(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/")
        || path.contains("/__MACOSX/")
        || matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini")
}

/// Whether a path names a lone manifest (an `.xml` file) rather than a zip or a folder.
fn is_manifest_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

/// Validates a zip, a folder, or a lone manifest file (`imsmanifest.xml`, `tincan.xml`).
pub fn validate_path(path: &Path, options: Options) -> Result<PackageReport, Unreadable> {
    if is_manifest_file(path) {
        return lone_manifest(path, options);
    }
    let mut problems = Vec::new();
    let mut package = Package::open(path, &mut problems)?;
    let mut diags = Diagnostics::new();
    for p in problems {
        diags.push(p);
    }
    let files: BTreeSet<String> = package.entries().keys().cloned().collect();
    let mut report = PackageReport {
        path: package.display_path(),
        kind: kind::from_files(&files),
        profile: options.profile,
        diagnostics: Diagnostics::new(),
        notes: Vec::new(),
        explain: None,
    };
    let refused = ["imsmanifest.xml", "tincan.xml", "cmi5.xml"]
        .iter()
        .any(|m| package.was_refused(m));
    match report.kind.manifest() {
        // The refusal already says why there is nothing to read.
        _ if refused => {}
        Some(name) if report.kind.is_supported() => {
            diags.extend(package_manifest(
                &mut package,
                name,
                &files,
                options,
                &mut report,
            ));
        }
        _ if !report.kind.is_supported() && report.kind != Kind::Unknown => {
            unsupported(&mut report, Some(&files), None)
        }
        _ => diags.extend(not_a_package(&files)),
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
    if options.schema_only {
        report
            .notes
            .push("--schema-only: the manifest was checked against the schemas only".into());
    }
    report.diagnostics = diags.sorted();
    Ok(report)
}

/// The manifest of a package: read, its kind refined (SCORM 1.2 or 2004), then checked.
fn package_manifest(
    package: &mut Package,
    name: &str,
    files: &BTreeSet<String>,
    options: Options,
    report: &mut PackageReport,
) -> Diagnostics {
    let bytes = match package.read(name, MAX_MANIFEST_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            let mut diags = Diagnostics::new();
            diags.push(Diagnostic::error(format!("cannot read `{name}`: {e}")));
            return diags;
        }
    };
    // The manifest a package names is of the kind its name says (a `tincan.xml` is Tin Can's,
    // whatever its root).
    let schemas = Some(report.kind).filter(|k| matches!(k, Kind::Tincan | Kind::Cmi5));
    let manifest = Manifest::parse(name, &bytes, schemas);
    if let Ok(root) = &manifest.tree {
        report.kind = kind::refine(report.kind, root);
    }
    if report.kind.is_supported() {
        let files = (!options.schema_only).then_some(files);
        manifest.check(report.kind, files, options, report)
    } else {
        unsupported(report, Some(files), manifest.tree.as_ref().ok());
        Diagnostics::new()
    }
}

/// A manifest file given on its own: the schemas and the rules that need no other file.
fn lone_manifest(path: &Path, options: Options) -> Result<PackageReport, Unreadable> {
    let unreadable = |e: std::io::Error| Unreadable {
        message: format!("cannot read `{}`: {e}", path.display()),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(Unreadable {
            message: format!(
                "`{}` is larger than the {MAX_MANIFEST_BYTES} bytes a manifest may have",
                path.display()
            ),
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let manifest = Manifest::parse(&name, &bytes, None);
    let mut report = PackageReport {
        path: path.display().to_string(),
        kind: if options.schema_only {
            kind::schema_of(manifest.tree.as_ref().ok())
        } else {
            kind::from_manifest(&name, manifest.tree.as_ref().ok())
        },
        profile: options.profile,
        diagnostics: Diagnostics::new(),
        notes: Vec::new(),
        explain: None,
    };
    if report.kind.is_supported() {
        let diags = manifest.check(report.kind, None, options, &mut report);
        report.diagnostics = diags.sorted();
        let note = if options.schema_only {
            "--schema-only: the manifest was checked against the schemas only"
        } else {
            "a lone manifest: the checks of the files it names were skipped (validate the zip or the folder for them)"
        };
        report.notes.push(note.into());
    } else {
        unsupported(&mut report, None, manifest.tree.as_ref().ok());
    }
    Ok(report)
}

/// Notes why a package of a recognised kind is not validated.
fn unsupported(
    report: &mut PackageReport,
    files: Option<&BTreeSet<String>>,
    root: Option<&dom::Element>,
) {
    let evidence = kind::evidence(report.kind, files, root);
    report.notes.push(format!(
        "this is {} package ({evidence}); coursepack validates SCORM 1.2, SCORM 2004, Tin Can and cmi5 packages only, for now",
        report.kind.with_article()
    ));
}

/// A manifest read from a package or a file: decoded once ([`encoding`]), then read once into
/// its element tree and its schema violations ([`dom::parse_and_validate`]).
struct Manifest<'a> {
    name: &'a str,
    text: String,
    tree: Result<dom::Element, dom::ParseError>,
    violations: Vec<xsd::XsdViolation>,
    /// Why the bytes could not be read as text, if they could not.
    unreadable: Option<encoding::EncodingError>,
}

impl<'a> Manifest<'a> {
    /// Reads `bytes`, validating them against the schemas of `kind` (`None`: those the root
    /// element names, [`kind::schemas_by_root`]).
    fn parse(name: &'a str, bytes: &[u8], kind: Option<Kind>) -> Self {
        let text = match encoding::decode(bytes) {
            Ok(text) => text.into_owned(),
            Err(e) => {
                return Manifest {
                    name,
                    text: String::new(),
                    tree: Err(dom::ParseError {
                        line: e.line,
                        column: e.column,
                        message: e.message.clone(),
                    }),
                    violations: Vec::new(),
                    unreadable: Some(e),
                }
            }
        };
        let (tree, violations) = dom::parse_and_validate(&text, |root| {
            let by_root = kind::schemas_by_root(root.ns, root.local);
            let lom = xsd::LomVariant::named(root.schema_location);
            Some(schemas_for(kind.unwrap_or(by_root), lom))
        });
        Manifest {
            name,
            text,
            tree,
            violations,
            unreadable: None,
        }
    }

    /// Schema validation, then (unless `--schema-only`) the package rules; `files` are the
    /// package's, when known. Fills in the report's explanation.
    fn check(
        &self,
        kind: Kind,
        files: Option<&BTreeSet<String>>,
        options: Options,
        report: &mut PackageReport,
    ) -> Diagnostics {
        let lines = LineIndex::new(&self.text);
        let mut findings = Findings::new(self.name, &lines, options.profile);
        if let Some(e) = &self.unreadable {
            findings.diags.push(
                Diagnostic::error(format!("`{}` cannot be read: {}", self.name, e.message))
                    .at(Location::new(self.name, e.line, e.column))
                    .hint(e.hint),
            );
            return findings.diags;
        }
        let schema_silent = self.violations.is_empty();
        match &self.tree {
            Ok(_) if options.schema_only => {}
            Ok(root) => match kind {
                Kind::Tincan => tincan::check(root, files, &mut findings),
                Kind::Cmi5 => {
                    let reading = cmi5::check(root, files, &mut findings);
                    if files.is_none()
                        && reading
                            .as_ref()
                            .is_some_and(cmi5_reading::Reading::has_relative_url)
                    {
                        report.notes.push("a cmi5.xml imported on its own, without its zip, needs fully qualified AU urls (cmi5 §14.2)".into());
                    }
                    if options.explain {
                        report.explain = reading.map(Explanation::Cmi5);
                    }
                }
                Kind::Scorm2004 => {
                    let flagged: HashSet<(usize, usize)> =
                        self.violations.iter().map(|v| (v.line, v.column)).collect();
                    let reading = scorm2004::check(root, files, &flagged, &mut findings);
                    if options.explain {
                        report.explain = reading.map(|mut r| {
                            r.unread = scorm2004::unread(root);
                            Explanation::Moodle(r)
                        });
                    }
                }
                _ => {
                    let reading = scorm12::check(root, files, &mut findings);
                    if options.explain {
                        report.explain = reading.map(Explanation::Moodle);
                    }
                }
            },
            // The schema pass reports a document it cannot read; say it here if it did not.
            Err(e) if schema_silent => {
                findings.error_at_position(e.line, e.column, e.message.clone(), None)
            }
            Err(_) => {}
        }
        if options.explain && kind == Kind::Tincan {
            report.notes.push("--explain: Moodle's SCORM activity does not import Tin Can packages; the LMS launches the one <launch> of tincan.xml".into());
        }
        let mut schema = Findings::new(self.name, &lines, options.profile);
        for v in &self.violations {
            // A rule that reports the same value at the same place says it better (with a hint,
            // and with the verdict of the profile).
            if !findings.covers(v.line, v.column, &v.message) {
                schema.error_at_position(v.line, v.column, v.message.clone(), None);
            }
        }
        let mut diags = schema.diags;
        diags.extend(findings.diags);
        diags
    }
}

/// `--deep`: every page and style sheet of the package, scanned for references to files the
/// package lacks ([`refs`]).
fn check_references(package: &mut Package, files: &BTreeSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let package_files = refs::PackageFiles::new(files);
    for name in files.iter().filter(|f| crate::refs::kind_of(f).is_some()) {
        match package.read(name, refs::MAX_SCANNED_BYTES) {
            Ok(bytes) => {
                for d in refs::check_file(name, &bytes, &package_files) {
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

/// Explains why a path holds no package coursepack can check. Moodle refuses both cases on
/// upload (`scorm_validate_package`: "badimsmanifestlocation", "nomanifest").
fn not_a_package(files: &BTreeSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let nested = files.iter().find(|f| {
        !is_junk(f)
            && ["/imsmanifest.xml", "/tincan.xml", "/cmi5.xml"]
                .iter()
                .any(|m| f.ends_with(m))
    });
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
            Diagnostic::error("no imsmanifest.xml (SCORM), tincan.xml (Tin Can), cmi5.xml or AICC course files at the root: this is not an e-learning package")
                .hint("a SCORM package has imsmanifest.xml at the root of the zip; a Tin Can package has tincan.xml; a cmi5 package has cmi5.xml"),
        ),
    }
    diags
}

/// The schemas a manifest of `kind` is validated against (with the LOM composite `lom` for
/// SCORM 2004).
fn schemas_for(kind: Kind, lom: xsd::LomVariant) -> &'static xsd::SchemaSet {
    match kind {
        Kind::Tincan => xsd::SchemaSet::tincan(),
        Kind::Cmi5 => xsd::SchemaSet::cmi5(),
        Kind::Scorm2004 => xsd::SchemaSet::scorm2004(lom),
        _ => xsd::SchemaSet::scorm12(),
    }
}
