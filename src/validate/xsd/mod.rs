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
//! - `content` — content models compiled to automata and run over children.
//! - `instance` — the streaming instance validator.
//!
//! Architecture invariants: validation never panics and never stops at the first problem
//! (except a well-formedness error, after which nothing can be assessed); nothing is allocated
//! in proportion to a size the document declares; entities other than XML's five are never
//! expanded.

mod builtins;
mod content;
mod dom;
mod instance;
mod loader;
mod model;
mod reader;
mod simple;
mod uri;

pub use builtins::ncname_problem;
pub(crate) use instance::{Listener, Outcome};
pub use reader::DOCTYPE_REFUSED;
pub(crate) use reader::{ExpName, Start};

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

/// The Tin Can schema, byte-exact from `schemas/tincan/`.
const TINCAN: [(&str, &[u8]); 1] = [(
    "tincan.xsd",
    include_bytes!("../../../schemas/tincan/tincan.xsd"),
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

    /// The bundled Tin Can set (`tincan.xsd`), compiled once.
    pub fn tincan() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| bundled(&TINCAN))
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

/// Reads decoded text once, reporting every event to `listener`, and validates it against the
/// schema set `choose` picks from the root element's namespace and local name (`None`: the
/// document is only checked to be well-formed).
pub(crate) fn read<'s>(
    text: &str,
    lines: &LineIndex<'_>,
    choose: impl FnOnce(&str, &str) -> Option<&'s SchemaSet>,
    listener: &mut dyn Listener,
) -> Outcome {
    let mut choose = Some(choose);
    let mut broken = None;
    let mut pick = |name: &ExpName| {
        let set = choose.take()?(&name.ns, &name.local)?;
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
