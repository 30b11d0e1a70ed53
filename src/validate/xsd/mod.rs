//! A schema-driven XML Schema 1.0 validator in pure Rust, on top of quick-xml.
//!
//! It reads the official XSD files as they are (never edited) and validates instance documents
//! against them with the verdicts of libxml2's `xmllint --schema`, the oracle of our tests.
//!
//! - `reader` — safe pull reader over decoded text (`super::encoding` decodes): well-formedness,
//!   namespaces, depth limit, no DOCTYPE.
//! - `dom` — the element tree of a schema document with namespace scopes.
//! - `loader` — XSD documents to components: imports, named and anonymous types, groups.
//! - `model` — the compiled components (declarations, types, wildcards, content models).
//! - `builtins` — built-in simple types: derivation, whitespace, lexical spaces.
//! - `uri` — `xs:anyURI` as libxml2 parses it.
//! - `simple` — simple types and facets; checking a value.
//! - `regex` — the regular expressions of the `pattern` facet.
//! - `temporal` — `xs:duration` and `xs:dateTime` as libxml2 reads them.
//! - `content` — content models compiled to automata and run over children.
//! - `identity` — identity constraints (`xs:unique`, `xs:key`) and their XPath subset.
//! - `instance` — the streaming instance validator.
//!
//! Architecture invariants: validation never panics and never stops at the first problem
//! (except a well-formedness error, after which nothing can be assessed); nothing is allocated
//! in proportion to a size the document declares; entities other than XML's five are never
//! expanded.

mod builtins;
mod content;
mod dom;
mod identity;
mod instance;
mod loader;
mod model;
mod reader;
mod regex;
mod simple;
mod temporal;
mod uri;

pub use builtins::ncname_problem;
pub(crate) use instance::{Listener, Outcome};
pub(crate) use reader::Start;
pub use reader::DOCTYPE_REFUSED;

#[cfg(test)]
mod tests;

use crate::diag::LineIndex;
use std::fmt;
use std::sync::OnceLock;

/// A compiled set of schemas, keyed by target namespace.
#[derive(Debug)]
pub struct SchemaSet {
    components: model::Components,
    /// Set when a bundled set failed to compile (a build defect, caught by the tests): every
    /// validation then reports it rather than passing silently.
    broken: Option<SchemaError>,
}

/// A schema document that cannot be compiled, with where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SchemaError {}

/// One way an instance document breaks its schemas (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XsdViolation {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for XsdViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The SCORM 1.2 control schemas, byte-exact from `schemas/scorm12/`.
const SCORM12: [(&str, &[u8]); 4] = [
    (
        "imscp_rootv1p1p2.xsd",
        include_bytes!("../../../schemas/scorm12/imscp_rootv1p1p2.xsd"),
    ),
    (
        "adlcp_rootv1p2.xsd",
        include_bytes!("../../../schemas/scorm12/adlcp_rootv1p2.xsd"),
    ),
    (
        "imsmd_rootv1p2p1.xsd",
        include_bytes!("../../../schemas/scorm12/imsmd_rootv1p2p1.xsd"),
    ),
    (
        "ims_xml.xsd",
        include_bytes!("../../../schemas/scorm12/ims_xml.xsd"),
    ),
];

/// A file of `schemas/scorm2004-4th/`, by its path there.
macro_rules! scorm2004 {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!("../../../schemas/scorm2004-4th/", $path)) as &[u8],
        )
    };
}

/// The SCORM 2004 4th Edition control schemas (IMS CP 1.1.4, ADL CP, sequencing and
/// navigation, IMS Simple Sequencing with its includes, the W3C `xml.xsd`), byte-exact from
/// `schemas/scorm2004-4th/`.
const SCORM2004: [(&str, &[u8]); 15] = [
    scorm2004!("xml.xsd"),
    scorm2004!("imscp_v1p1.xsd"),
    scorm2004!("adlcp_v1p3.xsd"),
    scorm2004!("adlseq_v1p3.xsd"),
    scorm2004!("adlnav_v1p3.xsd"),
    scorm2004!("imsss_v1p0.xsd"),
    scorm2004!("imsss_v1p0auxresource.xsd"),
    scorm2004!("imsss_v1p0control.xsd"),
    scorm2004!("imsss_v1p0delivery.xsd"),
    scorm2004!("imsss_v1p0limit.xsd"),
    scorm2004!("imsss_v1p0objective.xsd"),
    scorm2004!("imsss_v1p0random.xsd"),
    scorm2004!("imsss_v1p0rollup.xsd"),
    scorm2004!("imsss_v1p0seqrule.xsd"),
    scorm2004!("imsss_v1p0util.xsd"),
];

/// The IEEE LOM component schemas every variant shares.
const LOM_COMMON: [(&str, &[u8]); 8] = [
    scorm2004!("common/anyElement.xsd"),
    scorm2004!("common/dataTypes.xsd"),
    scorm2004!("common/elementNames.xsd"),
    scorm2004!("common/elementTypes.xsd"),
    scorm2004!("common/rootElement.xsd"),
    scorm2004!("common/vocabTypes.xsd"),
    scorm2004!("common/vocabValues.xsd"),
    scorm2004!("unique/strict.xsd"),
];

/// `lom.xsd` (the same composite as `lomStrict.xsd`): LOM v1.0 vocabularies only, no extension
/// elements.
const LOM_STRICT: [(&str, &[u8]); 3] = [
    scorm2004!("lom.xsd"),
    scorm2004!("vocab/strict.xsd"),
    scorm2004!("extend/strict.xsd"),
];

/// `lomLoose.xsd`: vocabulary values unchecked, extension elements allowed.
const LOM_LOOSE: [(&str, &[u8]); 3] = [
    scorm2004!("lomLoose.xsd"),
    scorm2004!("vocab/loose.xsd"),
    scorm2004!("extend/custom.xsd"),
];

/// Which composite of the LOM schemas validates a SCORM 2004 manifest's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LomVariant {
    /// `lom.xsd` and `lomStrict.xsd`: the LOM v1.0 vocabularies only, no extension elements.
    Strict,
    /// `lomLoose.xsd` (and `lomCustom.xsd`, see [`LomVariant::named`]): vocabulary values
    /// unchecked, extension elements allowed.
    Loose,
}

impl LomVariant {
    /// The variant a manifest names for the LOM namespace in `xsi:schemaLocation` (the last
    /// path segment of its location, letter case aside); `lom.xsd` when it names none.
    ///
    /// `lomCustom.xsd` is the loose composite with a custom vocabulary that each package
    /// defines: ADL publishes it as a template whose vocabulary file has empty enumerations
    /// (`vocab/adlmd_vocabv1p0.xsd`), which libxml2 refuses to compile. A manifest that names
    /// it is validated against the loose composite (its vocabulary values are not checked).
    pub fn named(schema_location: Option<&str>) -> LomVariant {
        let tokens: Vec<&str> = schema_location
            .unwrap_or_default()
            .split([' ', '\t', '\n', '\r'])
            .filter(|t| !t.is_empty())
            .collect();
        let location = tokens
            .chunks(2)
            .find(|pair| pair.first() == Some(&LOM_NS))
            .and_then(|pair| pair.get(1));
        let file = location
            .map(|l| {
                l.rsplit(['/', '\\'])
                    .next()
                    .unwrap_or(l)
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match file.as_str() {
            "lomloose.xsd" | "lomcustom.xsd" => LomVariant::Loose,
            _ => LomVariant::Strict,
        }
    }

    /// The schema file the variant is named by.
    pub fn file(self) -> &'static str {
        match self {
            LomVariant::Strict => "lom.xsd",
            LomVariant::Loose => "lomLoose.xsd",
        }
    }
}

/// The IEEE LOM namespace.
pub const LOM_NS: &str = "http://ltsc.ieee.org/xsd/LOM";

/// The Tin Can schema, byte-exact from `schemas/tincan/`.
const TINCAN: [(&str, &[u8]); 1] = [(
    "tincan.xsd",
    include_bytes!("../../../schemas/tincan/tincan.xsd"),
)];

/// The cmi5 course structure schema, byte-exact from `schemas/cmi5/`.
const CMI5: [(&str, &[u8]); 1] = [(
    "CourseStructure.xsd",
    include_bytes!("../../../schemas/cmi5/CourseStructure.xsd"),
)];

impl SchemaSet {
    /// Compiles XSD documents given as (file name, bytes); imports are resolved by file name
    /// among the given documents (schemaLocation's last path segment) or by namespace.
    pub fn compile(docs: &[(&str, &[u8])]) -> Result<SchemaSet, SchemaError> {
        Ok(SchemaSet {
            components: loader::compile(docs)?,
            broken: None,
        })
    }

    /// The bundled SCORM 1.2 set (imscp + adlcp + imsmd + ims_xml), compiled once. Any global
    /// element of the three namespaces may be the root, as with a driver schema that imports
    /// them all.
    pub fn scorm12() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| bundled(&SCORM12))
    }

    /// The bundled SCORM 2004 4th Edition set with the LOM composite `lom`, compiled once
    /// (each variant when first needed). Any global element of its namespaces may be the root,
    /// as with the driver schemas of `tests/oracle/`.
    pub fn scorm2004(lom: LomVariant) -> &'static SchemaSet {
        static STRICT: OnceLock<SchemaSet> = OnceLock::new();
        static LOOSE: OnceLock<SchemaSet> = OnceLock::new();
        let (cell, variant) = match lom {
            LomVariant::Strict => (&STRICT, &LOM_STRICT),
            LomVariant::Loose => (&LOOSE, &LOM_LOOSE),
        };
        cell.get_or_init(|| {
            let docs: Vec<(&str, &[u8])> = SCORM2004
                .iter()
                .chain(LOM_COMMON.iter())
                .chain(variant.iter())
                .copied()
                .collect();
            bundled(&docs)
        })
    }

    /// The bundled Tin Can set (`tincan.xsd`), compiled once.
    pub fn tincan() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| bundled(&TINCAN))
    }

    /// The bundled cmi5 set (`CourseStructure.xsd`), compiled once.
    pub fn cmi5() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| bundled(&CMI5))
    }

    /// Validates a whole instance document. Never panics, whatever the bytes.
    pub fn validate(&self, xml: &[u8]) -> Vec<XsdViolation> {
        match &self.broken {
            Some(e) => vec![broken_set(e)],
            None => instance::validate(&self.components, xml),
        }
    }

    /// Validates an instance document already decoded to text.
    pub fn validate_text(&self, text: &str) -> Vec<XsdViolation> {
        match &self.broken {
            Some(e) => vec![broken_set(e)],
            None => instance::validate_text(&self.components, text),
        }
    }
}

fn broken_set(e: &SchemaError) -> XsdViolation {
    XsdViolation {
        line: 1,
        column: 1,
        message: format!("the bundled schemas cannot be compiled: {e}"),
    }
}

/// What a document's root element says about the schemas to validate it against.
pub struct Root<'a> {
    pub ns: &'a str,
    pub local: &'a str,
    /// Its `xsi:schemaLocation` hint (which validation never follows, as xmllint `--schema`
    /// does not; SCORM 2004 manifests name their LOM variant there).
    pub schema_location: Option<&'a str>,
}

/// Reads decoded text once, reporting every event to `listener`, and validates it against the
/// schema set `choose` picks from the root element (`None`: the document is only checked to be
/// well-formed).
pub(crate) fn read<'s>(
    text: &str,
    lines: &LineIndex<'_>,
    choose: impl FnOnce(&Root<'_>) -> Option<&'s SchemaSet>,
    listener: &mut dyn Listener,
) -> Outcome {
    let mut choose = Some(choose);
    let mut broken = None;
    let mut pick = |start: &Start| {
        let root = Root {
            ns: &start.name.ns,
            local: &start.name.local,
            schema_location: start
                .attrs
                .iter()
                .find(|a| &*a.name.ns == model::XSI_NS && a.name.local == "schemaLocation")
                .map(|a| a.value.as_str()),
        };
        let set = choose.take()?(&root)?;
        match &set.broken {
            Some(e) => {
                broken = Some(broken_set(e));
                None
            }
            None => Some(&set.components),
        }
    };
    let mut outcome = instance::run(text, lines, &mut pick, listener);
    if let Some(b) = broken {
        outcome.violations.insert(0, b);
    }
    outcome
}

fn bundled(docs: &[(&str, &[u8])]) -> SchemaSet {
    match SchemaSet::compile(docs) {
        Ok(set) => set,
        Err(e) => SchemaSet {
            components: model::Components::default(),
            broken: Some(e),
        },
    }
}
