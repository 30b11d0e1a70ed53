//! What kind of package a path holds, decided here and nowhere else: from the files at the
//! root of the package, then, for an `imsmanifest.xml`, from what the manifest says.
//!
//! SCORM 1.2, SCORM 2004, Tin Can and cmi5 are validated. AICC is recognised and reported as
//! unsupported (exit code 3) so that CI can tell it from broken packages; a validator for it
//! plugs in at [`Kind::is_supported`] and at the dispatch in `validate_path`.

use super::dom::Element;
use super::{is_junk, tincan};
use std::collections::BTreeSet;

/// What kind of package a path holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Scorm12,
    Tincan,
    Scorm2004,
    Cmi5,
    Aicc,
    Unknown,
}

impl Kind {
    /// A short machine name (`scorm12`, `tincan`, …), as JSON and JUnit carry it.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Scorm12 => "scorm12",
            Kind::Tincan => "tincan",
            Kind::Scorm2004 => "scorm2004",
            Kind::Cmi5 => "cmi5",
            Kind::Aicc => "aicc",
            Kind::Unknown => "unknown",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Scorm12 => "SCORM 1.2",
            Kind::Tincan => "Tin Can (xAPI)",
            Kind::Scorm2004 => "SCORM 2004",
            Kind::Cmi5 => "cmi5",
            Kind::Aicc => "AICC",
            Kind::Unknown => "unknown",
        }
    }

    /// The name with its article: "a SCORM 1.2", "an AICC".
    pub fn with_article(self) -> String {
        let name = self.describe();
        let article = if matches!(self, Kind::Aicc | Kind::Unknown) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// Whether coursepack validates packages of this kind.
    pub fn is_supported(self) -> bool {
        matches!(
            self,
            Kind::Scorm12 | Kind::Scorm2004 | Kind::Tincan | Kind::Cmi5
        )
    }

    /// The manifest file at the root of a package of this kind, when it has one.
    pub fn manifest(self) -> Option<&'static str> {
        match self {
            Kind::Scorm12 | Kind::Scorm2004 => Some("imsmanifest.xml"),
            Kind::Tincan => Some("tincan.xml"),
            Kind::Cmi5 => Some("cmi5.xml"),
            Kind::Aicc | Kind::Unknown => None,
        }
    }
}

/// The kind of a package from the files at its root. An `imsmanifest.xml` is taken for SCORM
/// 1.2 until [`refine`] has read it.
pub fn from_files(files: &BTreeSet<String>) -> Kind {
    if files.contains("imsmanifest.xml") {
        Kind::Scorm12
    } else if files.contains("tincan.xml") {
        Kind::Tincan
    } else if files.contains("cmi5.xml") {
        Kind::Cmi5
    } else if !aicc_files(files).is_empty() {
        Kind::Aicc
    } else {
        Kind::Unknown
    }
}

/// The AICC course structure files of a package (`.crs` course description, `.cst` course
/// structure; an AICC package also has `.au` and `.des` files, but `.au` is also a sound format).
/// Moodle takes a package with a `.cst` file anywhere for AICC (`scorm_validate_package`).
pub fn aicc_files(files: &BTreeSet<String>) -> Vec<&String> {
    files
        .iter()
        .filter(|f| !is_junk(f))
        .filter(|f| {
            let lower = f.to_ascii_lowercase();
            lower.ends_with(".crs") || lower.ends_with(".cst")
        })
        .collect()
}

/// The kind of a package whose manifest is `root`: an `imsmanifest.xml` in the IMS CP 1.1
/// namespace, or whose schemaversion is one Moodle reads as SCORM 2004 (`1.3`, `CAM 1.3`,
/// `2004 3rd Edition`…), is SCORM 2004.
pub fn refine(kind: Kind, root: &Element) -> Kind {
    if kind == Kind::Scorm12 && is_scorm2004(root) {
        Kind::Scorm2004
    } else {
        kind
    }
}

/// The kind of a lone manifest file, from its root element (or its name, when it is not XML).
pub fn from_manifest(name: &str, root: Option<&Element>) -> Kind {
    let by_name = match name.to_ascii_lowercase().as_str() {
        "tincan.xml" => Some(Kind::Tincan),
        "cmi5.xml" => Some(Kind::Cmi5),
        "imsmanifest.xml" => Some(Kind::Scorm12),
        _ => None,
    };
    let by_root = root.map(|r| match (r.ns.as_deref(), r.local.as_str()) {
        (Some(tincan::TINCAN), _) | (_, "tincan") => Kind::Tincan,
        (Some(CMI5), _) | (_, "courseStructure") => Kind::Cmi5,
        _ => refine(Kind::Scorm12, r),
    });
    by_root.or(by_name).unwrap_or(Kind::Scorm12)
}

/// Which schemas `--schema-only` checks a lone manifest against: Tin Can's for a `tincan`
/// root, cmi5's for a root in the cmi5 namespace, SCORM 2004's for a root in the IMS CP 1.1 namespace, SCORM 1.2's for anything else
/// (the choice [`schemas_by_root`] makes while the document is read).
pub fn schema_of(root: Option<&Element>) -> Kind {
    match root {
        Some(r) => schemas_by_root(r.ns.as_deref().unwrap_or_default(), &r.local),
        None => Kind::Scorm12,
    }
}

/// The schemas a document is validated against, from its root element: Tin Can's for a
/// `tincan` root, cmi5's for a root in the cmi5 namespace, SCORM 2004's for a root in the IMS CP 1.1 namespace, SCORM 1.2's for
/// anything else.
pub fn schemas_by_root(ns: &str, local: &str) -> Kind {
    if ns == tincan::TINCAN || local == "tincan" {
        Kind::Tincan
    } else if ns == CMI5 {
        Kind::Cmi5
    } else if ns == IMSCP_V1P1 {
        Kind::Scorm2004
    } else {
        Kind::Scorm12
    }
}

/// The IMS Content Packaging 1.1 namespace of SCORM 2004 manifests.
pub const IMSCP_V1P1: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";

/// The namespace of a cmi5 course structure.
pub const CMI5: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// Why the package is taken for what it is (for the note on an unsupported kind).
pub fn evidence(kind: Kind, files: Option<&BTreeSet<String>>, root: Option<&Element>) -> String {
    match kind {
        Kind::Scorm2004 => {
            let version = root.and_then(schemaversion);
            match version {
                Some(v) if !v.is_empty() => {
                    format!("imsmanifest.xml says schemaversion `{v}`")
                }
                _ => "imsmanifest.xml is in the IMS CP 1.1 namespace of SCORM 2004".into(),
            }
        }
        Kind::Cmi5 => "cmi5.xml course structure".into(),
        Kind::Aicc => {
            let found = files.map(aicc_files).unwrap_or_default();
            let mut names: Vec<String> = found.iter().take(3).map(|f| format!("`{f}`")).collect();
            if found.len() > 3 {
                names.push(format!("and {} more", found.len() - 3));
            }
            format!("AICC course files {}", names.join(", "))
        }
        Kind::Scorm12 | Kind::Tincan | Kind::Unknown => String::new(),
    }
}

fn schemaversion(root: &Element) -> Option<&str> {
    let meta = root.children.iter().find(|c| c.local == "metadata")?;
    meta.children
        .iter()
        .find(|c| c.local == "schemaversion")
        .map(|v| v.text.as_str())
}

fn is_scorm2004(root: &Element) -> bool {
    let version = schemaversion(root).unwrap_or_default().trim();
    root.ns.as_deref() == Some(IMSCP_V1P1)
        || version.contains("2004")
        || version == "1.3"
        || version.contains("CAM 1.3")
}
